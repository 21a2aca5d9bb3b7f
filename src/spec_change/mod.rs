//! The change from the spec a PostgreSQL or MySQL database was last migrated to
//! (`previousSpec`) to this one, table by table: the `ALTER TABLE` statements that take each
//! table from its previous definition to its new one, and those that take it back.
//!
//! A table's change goes in three places of the migration: its foreign keys that go or change
//! are dropped first (so that no key or column they need is in the way), then its columns,
//! UNIQUE and CHECK constraints and indexes change, and its new foreign keys are added once
//! every table exists. The down migration is the same comparison the other way round.
//!
//! Nothing is dropped without `allowDataLoss`: a column the spec no longer lists is kept (with
//! a warning), a type that does not hold every value of the old one is refused. What this does
//! not write — a type change with no conversion, numbering added to an existing column while
//! it is renamed — is an error that says so.

use crate::conversion::Said;
use crate::dialect::{column_list, Dialect, GeneratedName};
use crate::report::{Code, Issue, Report};
use crate::spec::*;
use crate::steps::AlterStep;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// What a MySQL down migration that fails at a statement leaves, for a `DOWN_DATA_LOSS`
/// warning to say (after "leaving"): MySQL commits each statement, so those before it stay
/// done; the failing one fails whole, and with it every change of the table it holds (a run of
/// a table's changes is one `ALTER TABLE`, see `dialect::mysql_merge`), as a trial on MariaDB
/// 10.11 showed (a column renamed by an earlier statement stayed renamed; a CHECK added in the
/// same `ALTER TABLE` as the refused `MODIFY` was not added).
macro_rules! mysql_down_stopped {
    () => {
        "the down migration's statements before the failing one done, as MySQL commits each statement (the failing one fails whole, with every change of the table it holds)"
    };
}

mod column_back;
mod kept;
mod left_out;
mod moved;
mod nulls_filled;
mod one_value;
mod order;
mod previous_tables;
mod put_back;
#[cfg(test)]
mod test_support;

use self::column_back::{back_at_the_end, column_back};
use self::kept::{kept_foreign_keys, kept_part, kept_refused, replaced_on_kept, with_kept};
pub use left_out::{
    counter_restarts, described_beyond_marked, left_out_issue, renamed_hint, LeftOut,
    MARKED_EXISTING_DROPPED,
};
pub use moved::Moved;
pub use nulls_filled::{is_timestamp_filled, timestamp_filled, FILLED_CLAUSE};
pub use one_value::{
    added_together_with_one_value, added_with_one_value, down_refuses_together,
    dropped_together_with_one_value, keeps_apart, one_value_for_every_row, unique_alone,
    unique_over_kept,
};
pub use order::{blocks, MovedNames, TableChange};
pub use previous_tables::PreviousTables;
pub use put_back::{put_back, Around, NamedNow};

/// [`mysql_down_stopped!`] as a constant, for the modules that say it too.
pub const MYSQL_DOWN_STOPPED: &str = mysql_down_stopped!();

/// The words of an expression (its identifiers, keywords and numbers), as written.
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
        .filter(|w| !w.is_empty())
}

/// `table` as the database holds it once created: where `CREATE TABLE` merges keys that are
/// the same (PostgreSQL: a column's UNIQUE into a UNIQUE constraint on that column alone, which
/// names it; a second UNIQUE constraint on the same columns into the first; one on the primary
/// key's columns into the primary key), the merged ones are left out.
fn as_created<'t>(d: &dyn Dialect, table: &'t Table) -> Cow<'t, Table> {
    if !d.unique_on_the_key_is_the_key() {
        return Cow::Borrowed(table);
    }
    let column_merged = |c: &Column| {
        c.unique
            && table
                .unique_constraints
                .iter()
                .any(|u| u.columns.len() == 1 && u.columns[0] == c.name)
    };
    let mut seen: Vec<&[String]> = vec![&table.primary_key];
    let merged_constraints: Vec<bool> = table
        .unique_constraints
        .iter()
        .map(|u| {
            let merged = seen.contains(&u.columns.as_slice());
            seen.push(&u.columns);
            merged
        })
        .collect();
    if !table.columns.iter().any(column_merged) && !merged_constraints.contains(&true) {
        return Cow::Borrowed(table);
    }
    let mut out = table.clone();
    for c in &mut out.columns {
        if column_merged(c) {
            c.unique = false;
        }
    }
    let mut keep = merged_constraints.iter().map(|m| !m);
    out.unique_constraints
        .retain(|_| keep.next().unwrap_or(true));
    Cow::Owned(out)
}

/// The type a column is written with.
fn column_type(d: &dyn Dialect, table: &Table, column: &Column) -> String {
    table.declared_type(column).map_or_else(
        || d.column_type(column, table.is_key_column(&column.name)),
        str::to_string,
    )
}

/// Compares `previous` with `table` (the same table, effective: timestamps added), filing what
/// cannot be done (or is only done with `allow_data_loss`) in `report`.
pub fn compare(
    d: &dyn Dialect,
    previous: &Table,
    table: &Table,
    moved: &Moved,
    allow_data_loss: bool,
    report: &mut Report,
) -> TableChange {
    let at = |issue: Issue| issue.table(&table.name);
    let before = report.errors.len();
    let warnings_before = report.warnings.len();
    // Whether a type change's new type may refuse a value the rows hold, as its
    // `TYPE_NARROWING` says: where the change runs on MySQL (`crate::commit_order`).
    let mut types_refuse = false;
    // Compared with the columns it renames renamed; its statements are written from the table
    // as the database has it (`original`).
    let (renames, refused) = renames_and_refused(previous, table, report);
    // The columns of a refused rename (the error is filed) are not compared: as an add and a
    // drop, they would only add errors about those (a NOT NULL column without a default, a
    // column kept, a key that changes). The rest of the table is, for what else it says wrong.
    let skipped: HashSet<&str> = refused
        .iter()
        .flat_map(|(old, new)| [old.as_str(), new.as_str()])
        .collect();
    let original = previous;
    let renamed = with_renamed(d, previous, &table.name, &renames);
    let previous = &*renamed;
    // The table as the migration leaves it, with what it keeps on the columns the spec leaves
    // out: its columns' types are written from it (a TEXT column in a kept UNIQUE is MySQL's
    // VARCHAR(255)), and it is held to what the dialect asks of a table.
    let kept_view = with_kept(d, previous, table, allow_data_loss);
    if let Cow::Owned(kept) = &kept_view {
        kept_refused(d, (previous, table), kept, report);
    }
    let key = |t: &Table| -> Vec<String> {
        t.primary_key
            .iter()
            .filter(|c| !skipped.contains(c.as_str()))
            .cloned()
            .collect()
    };
    // A changed primary key is dropped and made again (see `core_statements`); the foreign
    // keys to its columns, before and after, go and come around it (see `Moved`).
    let rekeyed = key(previous) != key(table);
    if d.unique_on_the_key_is_the_key() {
        // Only a constraint on the key of its own spec is merged (a UNIQUE on the old key's
        // columns that this spec adds is a constraint of its own, as the old key goes).
        let old_key = previous.unique_constraints.iter().filter(|u| {
            u.columns == previous.primary_key && (rekeyed || !table.unique_constraints.contains(u))
        });
        let new_key = table.unique_constraints.iter().filter(|u| {
            u.columns == table.primary_key && (rekeyed || !previous.unique_constraints.contains(u))
        });
        let mut seen: HashSet<&str> = HashSet::new();
        for (u, in_previous) in old_key
            .map(|u| (u, true))
            .chain(new_key.map(|u| (u, false)))
            .filter(|(u, _)| seen.insert(&u.name))
        {
            let (message, suggestion) = match (rekeyed, in_previous) {
                (true, true) => (
                    format!("the UNIQUE constraint '{}' of previousSpec is on its primary key's columns, which PostgreSQL made the primary key itself, under that name: the key changes, and a migration from previousSpec does not drop a key by a name it cannot be sure of", u.name),
                    format!("change the key by hand (ALTER TABLE {} DROP CONSTRAINT {}, ADD PRIMARY KEY (…)), and generate the next migrations from a previousSpec without the constraint", d.identifier(&table.name), d.identifier(&u.name)),
                ),
                (true, false) => (
                    format!("the UNIQUE constraint '{}' is on the new primary key's columns, which PostgreSQL would make the primary key itself, under that name", u.name),
                    format!("leave '{}' out of the spec: the primary key is unique already (a constraint previousSpec has is then dropped)", u.name),
                ),
                _ => (
                    format!("the UNIQUE constraint '{}' is on the primary key's columns, which PostgreSQL makes the primary key itself (under that name): adding, changing or dropping it changes the primary key, which a migration from previousSpec does not do", u.name),
                    "leave the constraint as previousSpec has it (it adds nothing to the primary key)".to_string(),
                ),
            };
            report.push(
                at(Issue::error(Code::UnsupportedFeature, message))
                    .constraint(&u.name)
                    .suggest(suggestion),
            );
        }
    }
    // The down migration makes the old key again, over the rows written since; not said when
    // the table keeps its rows apart there (a UNIQUE on the old key's columns, beside a new
    // surrogate key: a MySQL trial's noise).
    if rekeyed && !keeps_apart(table, &previous.primary_key) {
        let mysql = if d.database_type() == DatabaseType::Mysql {
            concat!(
                ", leaving ",
                mysql_down_stopped!(),
                ", so the key stays the one the up migration made"
            )
        } else {
            ""
        };
        report.push(
            at(Issue::warning(
                Code::DownDataLoss,
                format!(
                    "the down migration makes ({}) the primary key of '{}' again: rows written since that share values there make it fail{mysql}",
                    column_list(&previous.primary_key),
                    table.name
                ),
            ))
            .suggest("before running the down migration, remove or mend the rows whose values repeat there"),
        );
    }
    // The down migration converts the columns back under the keys the table keeps: where that
    // can make values apart one (`conversion::merges` the other way round, as the up
    // migration's `ROWS_REFUSE_CHANGE` reads it), rows written since that then repeat make it
    // fail on the key (a DECIMAL(5,1) made DECIMAL(6,2) takes 1.01 and 1.02, both 1.0 again).
    for key in crate::rows_refuse_hints::keys_through(d, &kept_view, previous) {
        // (Said only of a key the table had: one it puts back is said as such.)
        if key.made_one.is_empty() {
            continue;
        }
        let mysql = if d.database_type() == DatabaseType::Mysql {
            concat!(", leaving ", mysql_down_stopped!())
        } else {
            ""
        };
        let mut issue = at(Issue::warning(
            Code::DownDataLoss,
            format!(
                "the down migration keeps {} on '{}' through the type change back of {}: values written since that are apart become one there, and rows that then repeat make it fail{mysql}",
                key.what(),
                table.name,
                key.made_one.join(", ")
            ),
        ))
        .suggest("before running the down migration, remove or mend the rows whose values become one there, or keep the wider type");
        issue = match key.constraint {
            Some(c) => issue.constraint(c),
            None => issue.column(&key.columns[0]),
        };
        report.push(issue);
    }
    let around = Around {
        left_out: &|t| moved.left_out.contains(t),
        now: &|t, columns| moved.named_now(t, columns),
        renamed_from: (original.name != table.name).then_some(original.name.as_str()),
    };
    for issue in put_back(d, previous, table, &renames, &around) {
        report.push(issue);
    }
    for new in table
        .columns
        .iter()
        .filter(|c| !skipped.contains(c.name.as_str()))
    {
        let Some(old) = previous.column(&new.name) else {
            // A new auto-increment column is the new primary key (the spec allows it nowhere
            // else): added with it, once the old one is dropped, the database numbers the rows
            // there.
            if new.auto_timestamp {
                report.push(timestamp_filled(&table.name, &new.name));
            }
            if !new.auto_increment && !new.nullable && new.default.is_none() {
                report.push(
                    at(Issue::error(
                        Code::NotNullWithoutDefault,
                        format!("the new column '{}' is NOT NULL without a default, so existing rows cannot get a value", new.name),
                    ))
                    .column(&new.name)
                    .suggest("give it a default, or make it nullable and fill it before making it NOT NULL in a later migration"),
                );
            } else if let Some(issue) = added_with_one_value(d, table, new) {
                report.push(issue);
            }
            continue;
        };
        let (was, is) = (
            column_type(d, previous, old),
            column_type(d, &kept_view, new),
        );
        // A type spelled otherwise (PostgreSQL's DECIMAL and NUMERIC) is no change.
        let retyped = !d.same_stored_type(&was, &is);
        // An auto-increment column may change its integer type (INTEGER to BIGINT, the usual
        // widening of a key that runs out of numbers), with its sequence on PostgreSQL; a
        // key may gain or lose its numbering, but not while it or its table is renamed (the
        // sequence's name comes from both).
        let column_renamed = renames.iter().any(|(_, n)| *n == new.name);
        if old.auto_increment != new.auto_increment
            && (column_renamed || original.name != table.name)
        {
            report.push(
                at(Issue::error(
                    Code::UnsupportedFeature,
                    format!("the column '{}' {} while {} renamed; a migration from previousSpec does not do both at once", new.name, if new.auto_increment { "becomes auto-increment" } else { "is no longer auto-increment" }, if column_renamed { "it is" } else { "its table is" }),
                ))
                .column(&new.name)
                .suggest("rename in one migration (generate it with autoIncrement as previousSpec has it), then change autoIncrement in the next"),
            );
            continue;
        }
        if old.auto_increment && !new.auto_increment && new.default.is_none() {
            // The database no longer gives new rows their key (a user trial was told nothing).
            report.push(
                at(Issue::warning(
                    Code::NotNullWithoutDefault,
                    format!("the {} '{}' is no longer auto-increment: the database no longer numbers new rows, so every insert that leaves it out fails (the generated insert type requires it)", if table.primary_key.contains(&new.name) { "key" } else { "column" }, new.name),
                ))
                .column(&new.name)
                .suggest("give each new row its key, or keep autoIncrement"),
            );
        }
        if old.auto_increment && !new.auto_increment {
            if let Some(issue) = crate::diff::numbering_counter_lost(d, &table.name, &new.name) {
                report.push(at(issue));
            }
        }
        if retyped && d.retype_refused(old.ty, new.ty) {
            report.push(
                at(Issue::error(
                    Code::UnsupportedFeature,
                    format!("the column '{}' changes from {was} to {is} (and back in the down migration): the database has no conversion between them that keeps the values' meaning, so a migration from previousSpec does not write that change", new.name),
                ))
                .column(&new.name)
                .suggest(format!("keep the type as it was; or, by hand in a migration of your own, add a new column of type {is}, fill it with an UPDATE that converts each value as it should be, then drop '{}' and rename the new column to its name", new.name)),
            );
            continue;
        }
        if old.nullable && !new.nullable && new.default.is_none() {
            report.push(
                at(Issue::warning(
                    Code::NotNullWithoutDefault,
                    format!("the column '{}' becomes NOT NULL without a default: a row holding NULL there makes the migration fail", new.name),
                ))
                .column(&new.name)
                .suggest("fill those rows first, or give the column a default: the migration then writes it into the rows holding NULL before making the column NOT NULL"),
            );
        }
        if old.nullable && !new.nullable && !new.auto_increment {
            // Its default goes into the rows holding NULL (how many, previousSpec cannot say),
            // which the down migration cannot undo.
            if let Some(value) = d.default_value(new, kept_view.is_key_column(&new.name)) {
                // A string as the spec writes it, not as the SQL does (MySQL's TEXT and JSON
                // defaults are hex: `CONVERT(X'6127…' USING utf8mb4)`, a user trial).
                let value = match &new.default {
                    Some(DefaultValue::Str(s)) => format!("'{}'", crate::report::clip(s)),
                    _ => value,
                };
                let mut issue = crate::rows_trial::nulls_filled(&table.name, &new.name, &value);
                let single_unique =
                    unique_alone(table, &new.name) || table.primary_key == [new.name.as_str()];
                if single_unique {
                    let what = if table.primary_key == [new.name.as_str()] {
                        "the primary key"
                    } else {
                        "UNIQUE"
                    };
                    issue.message.push_str(&format!("; the column is {what}, so a row that already holds {value}, or two rows holding NULL, make the migration fail"));
                }
                report.push(issue);
            }
        }
        if !d.column_suffix(old).is_empty() && d.column_suffix(new).is_empty() {
            // MySQL's automatic `updated_at` (ON UPDATE CURRENT_TIMESTAMP) replaced by a listed
            // one, which never has it: the MODIFY drops it (a MySQL 9.7 user trial gave it a
            // precision that way, and its rows stopped following updates, without a word).
            report.push(
                at(Issue::warning(
                    Code::LossyTypeMapping,
                    format!("'{}' no longer follows updates: the automatic column has ON UPDATE CURRENT_TIMESTAMP, which this change drops, as a column the spec lists never has it (the down migration puts it back)", new.name),
                ))
                .column(&new.name)
                .suggest("leave it out of the columns to keep the automatic one (whole seconds), or set it in the application on every update"),
            );
        }
        if !old.nullable && new.nullable {
            // The down migration makes it NOT NULL again, as the up migration makes a column
            // NOT NULL: its old default written into the rows holding NULL first, if it had one.
            let (what, suggestion) = if old.default.is_some() {
                ("writes its old default into the rows that hold NULL by then: a NULL written since is replaced", "before running the down migration, give those rows the value they should have, if not the default")
            } else if d.database_type() == DatabaseType::Mysql {
                (
                    concat!(
                        "fails while a row holds NULL there (it has no default to write), leaving ",
                        mysql_down_stopped!()
                    ),
                    "before running the down migration, give those rows a value, or delete them",
                )
            } else {
                (
                    "fails while a row holds NULL there (it has no default to write)",
                    "before running the down migration, give those rows a value, or delete them",
                )
            };
            report.push(
                at(Issue::warning(
                    Code::DownDataLoss,
                    format!(
                        "the down migration makes '{}' NOT NULL again, and {what}",
                        new.name
                    ),
                ))
                .column(&new.name)
                .suggest(suggestion),
            );
        }
        // Back to characters of a limited length, from a type that is not text: said below.
        let is_text =
            |t: ColumnType| matches!(t, ColumnType::Text | ColumnType::Varchar | ColumnType::Char);
        // The down migration changes the column back over the values written since (and those
        // the up migration converted): said whenever that change can round or refuse a value,
        // not only after a widening (a user trial's DECIMAL(6,2) made DECIMAL(8,1) turned
        // 9999.99 into 10000.0, on which the down migration failed, told nothing).
        let up_widens = widens(d, (previous, old), (&kept_view, new));
        // (Text made another type is said below, after a narrowing: only a value whose text
        // is longer than the old length fails.)
        if retyped
            && (up_widens || !is_text(old.ty) || is_text(new.ty))
            && !widens(d, (&kept_view, new), (previous, old))
            && !crate::conversion::keeps_every_number(d.database_type(), new, old)
        {
            // MySQL's CHAR made text: back into the CHAR, a value written since loses the spaces at
            // its end ('A  ' comes back as 'A'), which the words of a refusal left out (a user
            // trial's CHAR(3) made VARCHAR(3), where no value is too long).
            let char_back = d.database_type() == DatabaseType::Mysql
                && old.ty == ColumnType::Char
                && matches!(new.ty, ColumnType::Varchar | ColumnType::Text);
            let mut message = if up_widens && !char_back {
                let mut message = format!("the down migration changes '{}' back to {was}: a value written since that {was} cannot hold {}", new.name, if old.ty.takes_fractional_seconds() && new.ty.takes_fractional_seconds() { if d.database_type() == DatabaseType::Mysql { "is rounded to the digits of a second the old type keeps (MariaDB cuts them off)" } else { "is rounded to the digits of a second the old type keeps" } } else if (old.ty, new.ty) == (ColumnType::Jsonb, ColumnType::Json) { "is refused (a string holding \\u0000), and each value is written as JSONB again (whitespace, key order and a key given twice not kept)" } else if d.database_type() == DatabaseType::Postgresql { postgres_narrowed_back(new.ty, old.ty) } else { mysql_narrowed_back(new.ty, old.ty) });
                if d.database_type() == DatabaseType::Mysql
                    && !(old.ty.takes_fractional_seconds() && new.ty.takes_fractional_seconds())
                    && (old.ty, new.ty) != (ColumnType::Jsonb, ColumnType::Json)
                {
                    message.push_str(concat!("; a refusal leaves ", mysql_down_stopped!()));
                }
                message
            } else {
                narrowed_back(d, (previous, old), (&kept_view, new), (&was, &is))
            };
            let back_into_char =
                char_back_suggestion(d, (previous, old), (&kept_view, new), (&was, &is));
            let mut suggestion = if let Some(suggestion) = back_into_char {
                suggestion
            } else if up_widens {
                "before running the down migration, make the values fit the old type, or keep the wider one".to_string()
            } else {
                format!("before running the down migration, make the values fit {was}")
            };
            if new.auto_increment {
                let (more, fix) = narrowed_numbering(d, &table.name, &new.name, &was);
                message.push_str(&more);
                suggestion.push_str(&fix);
            }
            report.push(
                at(Issue::warning(Code::DownDataLoss, message))
                    .column(&new.name)
                    .suggest(suggestion),
            );
        }
        // Back to characters of a limited length, from a type whose values' text can be longer
        // (`false`, a date's 10, a timestamp's 19, a UUID's 36): the down migration refuses
        // them, even those the up migration converted itself (`yes` became `true`).
        // A type whose text is never that long (an INT's 11 characters in a VARCHAR(20)) says
        // nothing.
        if let (true, false, Some(limit)) = (
            retyped && is_text(old.ty),
            is_text(new.ty),
            d.max_text_chars(old, previous.is_key_column(&old.name))
                .filter(|&limit| {
                    crate::conversion::text_chars(d.database_type(), new).is_none_or(|n| n > limit)
                }),
        ) {
            report.push(
                at(Issue::warning(
                    Code::DownDataLoss,
                    format!("the down migration changes '{}' back to {was}: a value whose text is longer than {limit} characters (a boolean's 'false', a date's 10, a timestamp's 19 or more) makes it fail, even one the up migration converted from text", new.name),
                ))
                .column(&new.name)
                .suggest("before running the down migration, make sure the values' text fits, or make the old column longer first"),
            );
        }
        if retyped && (old.ty, new.ty) == (ColumnType::Json, ColumnType::Jsonb) {
            // The usual upgrade: every value is kept as the same JSON, written again, but a
            // string holding \u0000 is refused.
            types_refuse = true;
            report.push(
                at(Issue::warning(
                    Code::TypeNarrowing,
                    format!("changing '{}' from JSON to JSONB keeps each value's meaning but not its text: whitespace and key order are not kept, of a key given twice the last value stays, and a string holding \\u0000 (which JSONB cannot hold) refuses the migration", new.name),
                ))
                .column(&new.name)
                .suggest("nothing to do if the values are read as JSON; otherwise keep JSON"),
            );
        } else if retyped && !widens(d, (previous, old), (&kept_view, new)) {
            let said = if old.ty.takes_fractional_seconds() && new.ty.takes_fractional_seconds() {
                Said::new(format!(
                    "changing '{}' from {was} to {is} rounds each value to the digits of a second {is} keeps{}",
                    new.name,
                    if d.database_type() == DatabaseType::Mysql { " (MariaDB cuts them off)" } else { "" }
                ), false)
            } else {
                // MySQL rounds a time with a fraction of a second into the date: 23:59:59.999
                // became the next day on MySQL 9.7, where PostgreSQL and MariaDB drop the time
                // (a user trial).
                let next_day = d.database_type() == DatabaseType::Mysql
                    && old.ty.takes_fractional_seconds()
                    && new.ty == ColumnType::Date
                    && old.precision.is_some_and(|p| p > 0);
                // What a number, or text made a number, becomes: rounded, without a word,
                // where the old words said values were lost or refused (a user trial).
                // (SQLite's migrations from previousSpec are planned by `diff`, which says so.)
                let said = crate::conversion::numeric_conversion(d.database_type(), old, new, &is)
                    .or_else(|| {
                        crate::conversion::text_conversion(
                            d.database_type(),
                            text_of(d, previous, old),
                            text_of(d, &kept_view, new),
                        )
                    })
                    .or_else(|| {
                        crate::conversion::uuid_conversion(d.database_type(), old.ty, new.ty)
                    })
                    .or_else(|| {
                        crate::conversion::boolean_conversion(d.database_type(), old.ty, new.ty)
                    })
                    .or_else(|| {
                        // Into text too short for the longest value's text.
                        let (_, chars) = text_of(d, &kept_view, new);
                        (is_text(new.ty) && !is_text(old.ty))
                            .then_some(chars)
                            .flatten()
                            .and_then(|n| {
                                crate::conversion::text_too_short(d.database_type(), old, n, &is)
                            })
                    });
                let to_date = old.ty.takes_fractional_seconds() && new.ty == ColumnType::Date;
                match said {
                    Some(said) => {
                        let said = refused_by_rules(d, &kept_view, (old, new), said);
                        Said::new(
                            format!("changing '{}' from {was} to {is} {}", new.name, said.words),
                            said.refuses,
                        )
                    }
                    // Every value loses its time of day (a user trial read "can lose values that
                    // do not convert" as a few odd values).
                    None if to_date => Said::new(format!(
                        "changing '{}' from {was} to {is} drops the time of day of every value: 2024-02-29 23:59:59 becomes 2024-02-29{}, and the down migration gives it back as 2024-02-29 00:00:00{}",
                        new.name,
                        if next_day { " on MariaDB (MySQL rounds the time into the date: 23:59:59.5 or later becomes the next day)" } else { "" },
                        if d.database_type() == DatabaseType::Mysql && crate::conversion::may_become_a_zero_date(old.ty, new.ty) { crate::conversion::ZERO_DATE_CONVERSION } else { "" }
                    ), false),
                    // Any other change: said to refuse, as it may.
                    None => Said::new(format!(
                        "changing '{}' from {was} to {is} can lose values that do not convert, or refuse the migration{}{}",
                        new.name,
                        if next_day { " (MySQL rounds the time into the date: 23:59:59.5 or later becomes the next day; MariaDB drops the time)" } else { "" },
                        if d.database_type() == DatabaseType::Mysql && crate::conversion::may_become_a_zero_date(old.ty, new.ty) { crate::conversion::ZERO_DATE_CONVERSION } else { "" }
                    ), true),
                }
            };
            let refuses = said.refuses;
            types_refuse |= refuses;
            let mut issue = crate::diff::type_narrowing(said.words, allow_data_loss);
            if let Some(query) = rounded_out_query(d, previous, old, new) {
                // The rows whose values the rounding takes out of the new range, with those
                // out of it already: each refuses the migration.
                issue.suggestion = issue.suggestion.map(|s| {
                    format!("{s}; before running it, find the rows that refuse it with: {query}")
                });
            }
            if new.auto_increment {
                // Run before the migration, on the table as previousSpec has it.
                let (more, fix) = narrowed_numbering(d, &previous.name, &old.name, &is);
                issue.message.push_str(&more);
                issue.suggestion = issue.suggestion.map(|s| s + &fix);
            }
            // MySQL commits each statement: a refusal leaves the database part-migrated, said
            // with what to do (the changes the rows may refuse run first, and those that lose
            // values last: see `core_order`).
            if refuses && d.database_type() == DatabaseType::Mysql {
                issue.message = format!(
                    "{} ({})",
                    issue.message,
                    crate::commit_order::MYSQL_REFUSAL_LEAVES
                );
            }
            report.push(at(issue).column(&new.name));
            if let Some(issue) =
                crate::text_given_back::text_not_given_back(d, previous, (old, new), (&was, &is))
            {
                report.push(at(issue));
            }
            if crate::conversion::boolean_conversion(d.database_type(), old.ty, new.ty).is_some() {
                report.push(
                    at(Issue::warning(
                        Code::DownDataLoss,
                        format!("the down migration changes '{}' back from {is} to {was}: every true comes back as 1 and every false as 0, so a number other than 0 and 1 that the up migration made true (2, −1, 0.5) is not given back", new.name),
                    ))
                    .column(&new.name)
                    .suggest(format!("before running the up migration, keep the values other than 0 and 1 elsewhere if they matter (SELECT * FROM {} WHERE {} NOT IN (0, 1)): the down migration cannot give them back", d.identifier(&previous.name), d.identifier(&old.name))),
                );
            }
        }
        // Every value kept, but read otherwise from the up migration on: made text (a BOOLEAN's
        // text differs between the databases), or PostgreSQL's CHAR made a longer CHAR, read
        // with other padding (a user trial was told it only in the down migration's warning,
        // with 'US' made CHAR(6) read as 'US ').
        let kept_but = if !(retyped && up_widens) {
            None
        } else if !is_text(old.ty) && is_text(new.ty) {
            let (_, chars) = text_of(d, &kept_view, new);
            crate::conversion::text_made(d.database_type(), old, new, chars).map(|made| {
                (made, "nothing to do if the values are read as that text; otherwise convert them with an UPDATE after the migration, or keep the type")
            })
        } else if d.database_type() == DatabaseType::Postgresql {
            char_padding(old, new).map(|padding| {
                (
                    padding,
                    "nothing to do if the values are read so; otherwise keep the type",
                )
            })
        } else {
            None
        };
        if let Some((but, suggestion)) = kept_but {
            report.push(
                at(Issue::warning(
                    Code::TypeNarrowing,
                    format!("changing '{}' from {was} to {is} keeps every value and refuses none, but {but}", new.name),
                ))
                .column(&new.name)
                .suggest(suggestion),
            );
        }
    }
    // Columns the spec no longer lists: dropped with allowDataLoss, otherwise kept. One that
    // goes while one of its type comes may be a rename, which this tool does not write.
    let removed: Vec<&Column> = previous
        .columns
        .iter()
        .filter(|c| table.column(&c.name).is_none() && !skipped.contains(c.name.as_str()))
        .collect();
    let added: Vec<&Column> = table
        .columns
        .iter()
        .filter(|c| previous.column(&c.name).is_none())
        .collect();
    let mut kept: Vec<&str> = Vec::new();
    for old in &removed {
        let rename = crate::diff::rename_candidate(old, &removed, &added).map(|new| {
            format!(
                "if '{new}' is '{old}' renamed, give the column '{new}' \"renamedFrom\": \"{old}\" (the migration then renames it, with its values); as it is, this migration {effect} and adds '{new}' empty",
                new = new.name,
                old = old.name,
                effect = if allow_data_loss { format!("drops '{}' with its values", old.name) } else { format!("keeps '{}'", old.name) },
            )
        });
        if old.auto_increment && !allow_data_loss {
            // Kept, it would stay numbered outside the primary key (which MySQL refuses, and no
            // spec describes).
            report.push(
                at(Issue::error(
                    Code::UnsupportedFeature,
                    format!("the auto-increment key '{}' of previousSpec is not in the spec, which would keep it, numbered, outside the new primary key ({})", old.name, column_list(&table.primary_key)),
                ))
                .column(&old.name)
                .suggest(format!("list '{}' without autoIncrement to keep it, or set allowDataLoss: true to drop it with its values", old.name)),
            );
            continue;
        }
        if allow_data_loss {
            report.push(
                at(Issue::warning(
                    Code::DataLoss,
                    format!("the column '{}' is dropped with every value in it (allowDataLoss)", old.name),
                ))
                .column(&old.name)
                .suggest(match rename {
                    Some(hint) => format!("{hint}. Otherwise back up the data first; the down migration restores the column but not its values"),
                    None => "back up the data first; the down migration restores the column but not its values".to_string(),
                }),
            );
            if let Some(issue) = column_back(d, previous, table, old) {
                report.push(at(issue));
            }
            if let Some(issue) = back_at_the_end(d, (&original.name, previous), table, old) {
                report.push(at(issue));
            }
        } else {
            kept.push(&old.name);
            report.push(
                at(Issue::warning(
                    Code::ColumnNotInSpec,
                    format!(
                        "the column '{}' is in previousSpec but not in the spec; it is kept{}",
                        old.name,
                        crate::diff::kept_column_inserts(old)
                    ),
                ))
                .column(&old.name)
                .suggest(crate::diff::kept_column_suggestion(
                    crate::diff::Described::PreviousSpec,
                    old.auto_timestamp,
                    rename,
                    d.database_type(),
                )),
            );
        }
    }
    if !allow_data_loss {
        for issue in replaced_on_kept(d, original, table) {
            report.push(issue);
        }
    }
    // A UNIQUE of several columns that come or go together, each with one value in every row.
    let is_added = |name: &str| added.iter().any(|c| c.name == name);
    for issue in added_together_with_one_value(d, table, is_added) {
        report.push(issue);
    }
    if allow_data_loss {
        let is_removed = |name: &str| removed.iter().any(|c| c.name == name);
        for issue in dropped_together_with_one_value(d, previous, is_removed) {
            report.push(at(issue));
        }
    }
    let back: Vec<(String, String)> = renames
        .iter()
        .map(|(o, n)| (n.clone(), o.clone()))
        .collect();
    // The names the database made for the table, renamed straight to their final ones (the
    // down migration's are the same, reversed: one goes round a cycle when the other does).
    let generated = (
        generated_renames(d, original, table, &renames),
        generated_renames(d, table, original, &back),
    );
    let generated = match generated {
        // A key that changes is dropped under its old name and made under its new one.
        (Ok(mut up), Ok(mut down)) if rekeyed => {
            up.retain(|(what, _, _)| *what != GeneratedName::PrimaryKey);
            down.retain(|(what, _, _)| *what != GeneratedName::PrimaryKey);
            (up, down)
        }
        (Ok(up), Ok(down)) => (up, down),
        (Err(cycle), _) | (_, Err(cycle)) => {
            report.push(
                at(Issue::error(
                    Code::UnsupportedFeature,
                    format!("renaming '{}' and its columns gives the names the database made for it ({}) to one another, each the name of another until it is renamed: a migration does not go round such a cycle", table.name, cycle.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", ")),
                ))
                .suggest("rename the table in one migration and its columns in the next"),
            );
            return TableChange::default();
        }
    };
    // PostgreSQL's indexes and UNIQUE constraints are relations, as tables are: a table renamed
    // onto the name of one of its own that this migration drops (or, for the down migration,
    // back onto one it adds) is renamed while that one still has it.
    if d.database_type() == DatabaseType::Postgresql && original.name != table.name {
        for (holder, name, when) in [
            (
                original,
                &table.name,
                "the up migration renames the table before dropping it",
            ),
            (
                table,
                &original.name,
                "the down migration renames the table back before dropping it",
            ),
        ] {
            if d.database_wide_names(holder).iter().any(|n| n == name) {
                report.push(
                    at(Issue::error(
                        Code::DuplicateName,
                        format!("the table '{}' is renamed from '{}', and '{name}' is also the name of one of the table's own objects (an index, a constraint or a sequence), which PostgreSQL keeps in the same namespace as tables: {when}", table.name, original.name),
                    ))
                    .constraint(name)
                    .suggest("rename the table to another name; or, for an index or UNIQUE constraint of the spec's, give it another name in one migration and rename the table in the next"),
                );
            }
        }
    }
    if report.errors.len() > before {
        return TableChange::default();
    }
    for new in table
        .columns
        .iter()
        .filter(|c| previous.column(&c.name).is_none())
    {
        report.push(crate::down::drops_column(&table.name, &new.name));
    }
    // What existing rows can refuse of the rules the table gets (a UNIQUE, a foreign key, a
    // CHECK): the engine checks them against every row, with nothing said before.
    for issue in rows_refuse_warnings(d, (original, previous), table, moved) {
        report.push(issue);
    }
    // A foreign key on a renamed column is named and written after it: dropped and added again.
    let renames_of_tables = (
        rename_table(d, original, &table.name),
        rename_table(d, table, &original.name),
    );
    // MySQL refuses to rename a column that a CHECK uses ("Check constraint … uses column"):
    // the spec's own CHECK is dropped and added again around the rename, a kept one cannot be.
    if d.database_type() == DatabaseType::Mysql && !allow_data_loss && !renames.is_empty() {
        let checks = kept_part(d, original, table)
            .map(|p| p.check_constraints)
            .unwrap_or_default();
        for check in checks {
            let names =
                crate::expr::check_expression(d.parser(), &check.expression).unwrap_or_default();
            let Some((old, new)) = renames
                .iter()
                .find(|(old, _)| names.iter().any(|n| n.eq_ignore_ascii_case(old)))
            else {
                continue;
            };
            report.push(
                at(Issue::error(
                    Code::UnsupportedFeature,
                    format!("the CHECK '{}' is kept with a column the spec leaves out, and it names '{old}', which this migration renames to '{new}': MySQL refuses to rename a column a CHECK uses", check.name),
                ))
                .column(new)
                .constraint(&check.name)
                .suggest("list the columns it names in the spec, with the CHECK written with the new name (it is then dropped and added again around the rename), or drop the CHECK in a migration before this one"),
            );
        }
        if report.errors.len() > before {
            return TableChange::default();
        }
    }
    let kept_keys: Vec<String> = if allow_data_loss {
        Vec::new()
    } else {
        kept_foreign_keys(original, table)
            .iter()
            .map(|fk| fk.name(&original.name))
            .collect()
    };
    let effects = crate::commit_order::RowEffects::of(
        d,
        previous,
        &kept_view,
        &report.warnings[warnings_before..],
        types_refuse,
    );
    let table = &*kept_view;
    let (previous, table) = (&*as_created(d, original), &*as_created(d, table));
    // The kept foreign keys are no change, whatever changes under them (held to that when the
    // previous tables are compared).
    let without_kept;
    let previous_keys = if kept_keys.is_empty() {
        previous
    } else {
        without_kept = Table {
            foreign_keys: previous
                .foreign_keys
                .iter()
                .filter(|fk| !kept_keys.contains(&fk.name(&previous.name)))
                .cloned()
                .collect(),
            ..previous.clone()
        };
        &without_kept
    };
    // Whether a column changes type, named as the spec names it (up) or as previousSpec does
    // (down): its CHECKs and partial indexes are made again both ways.
    let retyped_up = |c: &str| moved.retyped.contains(&(table.name.clone(), c.to_string()));
    let retyped_down = |c: &str| {
        let spec_name = back
            .iter()
            .find(|(_, old)| old == c)
            .map_or(c, |(new, _)| new);
        retyped_up(spec_name)
    };
    let up_names = |t: &str| {
        moved
            .renamed_to
            .get(t)
            .map_or(t, String::as_str)
            .to_string()
    };
    let down_names = |t: &str| {
        (moved.renamed_to.iter())
            .find(|(_, new)| *new == t)
            .map_or(t, |(old, _)| old.as_str())
            .to_string()
    };
    // What the table renames in place, up and down.
    let keys_up = (moved.key_renames.get(&table.name))
        .cloned()
        .unwrap_or_default();
    let keys_down = keys_up.reversed();
    let foreign_keys_up = foreign_key_changes(d, previous_keys, table, moved, &up_names, &keys_up);
    let foreign_keys_down =
        foreign_key_changes(d, table, previous_keys, moved, &down_names, &keys_down);
    TableChange {
        drop_foreign_keys: AlterStep::new(foreign_keys_up.drops, foreign_keys_down.adds),
        // A renamed table is renamed first, so that every statement after names it as it is
        // then (what the database named after it is renamed by `core_statements`), and its
        // foreign keys named after it with it.
        core: AlterStep::new(
            [
                renames_of_tables.0,
                foreign_keys_up.renames,
                d.table_change_statements(
                    &table.name,
                    core_statements(
                        d,
                        (previous, table, false),
                        &kept,
                        &retyped_up,
                        &renames,
                        &generated.0,
                        &keys_up,
                    ),
                ),
            ]
            .concat(),
            [
                renames_of_tables.1,
                foreign_keys_down.renames,
                d.table_change_statements(
                    &previous.name,
                    core_statements(
                        d,
                        (table, previous, true),
                        &kept,
                        &retyped_down,
                        &back,
                        &generated.1,
                        &keys_down,
                    ),
                ),
            ]
            .concat(),
        ),
        add_foreign_keys: AlterStep::new(foreign_keys_up.adds, foreign_keys_down.drops),
        names: MovedNames::of(d, previous, table),
        effects,
        references: (previous.foreign_keys.iter().chain(&table.foreign_keys))
            .map(|fk| fk.referenced_table.clone())
            .collect(),
    }
}

/// An expression in one spelling, to compare ([`crate::expr::canonical`]).
fn canonical(d: &dyn Dialect, text: &str) -> String {
    crate::expr::canonical(d.parser(), text)
}

/// Whether every value of `old`'s type is a value of `new`'s, unchanged.
fn widens(
    d: &dyn Dialect,
    (before, old): (&Table, &Column),
    (after, new): (&Table, &Column),
) -> bool {
    use ColumnType::*;
    let rank = |t: ColumnType| match t {
        Tinyint => Some(1),
        Int | Integer => Some(2),
        Bigint => Some(3),
        _ => None,
    };
    // The most characters each holds as written (MySQL writes a TEXT column in a key as
    // VARCHAR(255)); none for no limit.
    let chars = |t: &Table, c: &Column| d.max_text_chars(c, t.is_key_column(&c.name));
    match (old.ty, new.ty) {
        (a, b) if rank(a).is_some() && rank(b).is_some() => rank(a) <= rank(b),
        // MySQL's BOOLEAN is TINYINT(1), which holds what a TINYINT holds (a user trial was
        // told it narrows, both ways).
        (Boolean, b) if d.database_type() == DatabaseType::Mysql && rank(b).is_some() => true,
        (Tinyint, Boolean) => d.database_type() == DatabaseType::Mysql,
        // A double holds every integer of 32 bits exactly.
        (Tinyint | Int | Integer, Real) => true,
        // PostgreSQL's CHAR(n) reads padded to n, its VARCHAR and TEXT as stored: the values'
        // text changes (the padding dropped, checked on PostgreSQL 15: `octet_length` 3 then
        // 1). MySQL reads a CHAR without its trailing spaces, which the VARCHAR then stores as
        // read: nothing a reader sees changes (a user trial was told it narrows).
        (Varchar | Char | Text, Varchar | Text)
            if old.ty != Char || d.database_type() == DatabaseType::Mysql =>
        {
            match (chars(before, old), chars(after, new)) {
                (Some(a), Some(b)) => a <= b,
                (_, None) => true,
                (None, Some(_)) => false,
            }
        }
        // A longer CHAR keeps each value (a user trial was refused CHAR(2) to CHAR(3) as a
        // narrowing): MySQL reads it without its trailing spaces, as before; PostgreSQL reads
        // it padded to the new length ('US' as 'US '), which the down migration's shorter
        // CHAR takes back (the padding is cut without a word).
        (Char, Char) => match (chars(before, old), chars(after, new)) {
            (Some(a), Some(b)) => a <= b,
            _ => false,
        },
        // MySQL's UUID is CHAR(36), whose 36 characters a VARCHAR(36) takes as read (above).
        (Uuid, Varchar | Text) if d.database_type() == DatabaseType::Mysql => {
            chars(after, new).is_none_or(|n| n >= 36)
        }
        (Numeric | Decimal, Numeric | Decimal) => match (
            (old.precision, old.scale.unwrap_or(0)),
            (new.precision, new.scale.unwrap_or(0)),
        ) {
            ((Some(p), s), (Some(q), t)) => t >= s && q - t >= p.saturating_sub(s),
            (_, (None, _)) => d.database_type() == DatabaseType::Postgresql,
            _ => false,
        },
        (Date, Timestamp | Datetime) => true,
        // MySQL writes an integer as its decimal digits, every one of which a TEXT column
        // holds: MODIFY … TEXT kept -2147483648, 2147483647 and BIGINT's extremes as they were
        // (checked on MariaDB 10.11; a user trial was told INT to TEXT narrows). PostgreSQL's
        // is [`postgres_widens`]'.
        (Tinyint | Int | Integer | Bigint, Text) if d.database_type() == DatabaseType::Mysql => {
            chars(after, new).is_none_or(|n| n >= 20)
        }
        // JSONB's text is JSON.
        (Jsonb, Json) => true,
        // Digits of a second kept: without a precision, PostgreSQL's 6 and MySQL's 0.
        (Timestamp | Datetime, Timestamp | Datetime) => {
            let kept = |c: &Column| {
                c.precision.unwrap_or(match d.database_type() {
                    DatabaseType::Mysql => 0,
                    _ => crate::spec::MAX_FRACTIONAL_SECONDS,
                })
            };
            kept(old) <= kept(new)
        }
        // Text that holds every value's text (INTEGER into VARCHAR(20), a user trial was refused
        // as a narrowing): nothing is refused or cut.
        (a, Text | Varchar | Char)
            if !a.is_text()
                && crate::conversion::text_holds(d.database_type(), old, chars(after, new)) =>
        {
            true
        }
        (a, b) if d.database_type() == DatabaseType::Postgresql => {
            postgres_widens(a, b, (new.precision, new.scale), chars(after, new))
        }
        _ => false,
    }
}

/// What PostgreSQL reads, after a widening of the text column `old` into `new`, where the
/// padding a CHAR is read with changes: a CHAR made longer is read padded to its new length
/// ('US' in a CHAR(2) made CHAR(6) is read as 'US    ', checked on PostgreSQL 15). `None` for
/// any other change (a CHAR made TEXT or VARCHAR is no widening there: its TYPE_NARROWING
/// says the padding is dropped).
fn char_padding(old: &Column, new: &Column) -> Option<String> {
    let (n, m) = (old.length.unwrap_or(1), new.length.unwrap_or(1));
    match (old.ty, new.ty) {
        (ColumnType::Char, ColumnType::Char) if m > n => {
            let value = if n >= 2 { "US" } else { "a" };
            let padded = |k: u32| format!("{value}{}", " ".repeat(k as usize - value.len()));
            Some(format!(
                "PostgreSQL reads each one padded with spaces to {m} characters, not {n} ('{value}' is read as '{}', where it was read as '{}'; compared without them)",
                padded(m),
                padded(n)
            ))
        }
        _ => None,
    }
}

/// The query that finds the rows of `previous` (the table before the migration) whose value
/// of `old` the change into `new` refuses, where its rounding carries a value in `new`'s range
/// out of it ([`crate::conversion::rounds_out_of`]: 9999999.995 made DECIMAL(9,2) is
/// 10000000.00): those rounded out, and those out of the range already. `None` where nothing
/// rounds out of it.
fn rounded_out_query(
    d: &dyn Dialect,
    previous: &Table,
    old: &Column,
    new: &Column,
) -> Option<String> {
    let db = d.database_type();
    crate::conversion::rounds_out_of(db, old, new)?;
    let range = crate::conversion::numeric_range(db, new)?;
    if old.ty.is_text() {
        return text_rounded_out_query(d, previous, old, range);
    }
    let fits = crate::rows_refuse_hints::numeric_fits(
        d,
        old,
        range,
        d.identifier(&old.name).into_owned(),
    )?;
    Some(format!(
        "SELECT * FROM {} WHERE NOT ({fits})",
        d.identifier(&previous.name)
    ))
}

/// A number's text as PostgreSQL's and MariaDB's conversion into a DECIMAL takes it, spaces
/// around it included (' 12.5 ', '+5', '.5', '5.', '1e3'; checked on PostgreSQL 15 and MariaDB
/// 10.11, which refuse 'abc', '', '0x1A' and '1,5'), as a pattern both read (POSIX classes: no
/// backslash, which MySQL's string literals would take).
const NUMBER_TEXT: &str =
    "^[[:space:]]*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?[[:space:]]*$";

/// [`rounded_out_query`] of the text column `old` made a DECIMAL of `range`: the rows whose text
/// is a number that rounds out of the range (or is out of it already), and those whose text is
/// no number, which refuse the change as well (PostgreSQL takes 'NaN' too; the number is read
/// only where the pattern says it is one, so that the query does not fail on the others).
fn text_rounded_out_query(
    d: &dyn Dialect,
    previous: &Table,
    old: &Column,
    range: crate::conversion::NumericRange,
) -> Option<String> {
    let crate::conversion::NumericRange::Decimal(whole, scale) = range else {
        return None;
    };
    let name = d.identifier(&old.name);
    let limit = format!("1{}", "0".repeat(whole as usize));
    // (A CASE, whose THEN is read only where its WHEN holds: PostgreSQL's AND reads its two
    // sides in any order.)
    let (number, fits, other) = match d.database_type() {
        DatabaseType::Postgresql => (
            format!("{name} ~ '{NUMBER_TEXT}'"),
            format!("abs(round(CAST({name} AS NUMERIC), {scale})) < {limit}"),
            format!("{name} ~* '^[[:space:]]*nan[[:space:]]*$'"),
        ),
        _ => (
            format!("{name} REGEXP '{NUMBER_TEXT}'"),
            format!("ABS(ROUND(CAST({name} AS DECIMAL(65,30)), {scale})) < {limit}"),
            "FALSE".to_string(),
        ),
    };
    Some(format!(
        "SELECT * FROM {} WHERE {name} IS NOT NULL AND NOT (CASE WHEN {number} THEN {fits} ELSE {other} END)",
        d.identifier(&previous.name)
    ))
}

/// What else stops an auto-increment column `column` of `table` going back to the integer type
/// `to`, to add to a warning's message, and the statement that mends it, to add to its
/// suggestion: the numbering goes on past `to`'s limit even when the rows that took those
/// numbers are gone (PostgreSQL's sequence refuses `ALTER SEQUENCE … AS`; MySQL keeps its
/// counter, and every insert fails).
fn narrowed_numbering(d: &dyn Dialect, table: &str, column: &str, to: &str) -> (String, String) {
    let (t, c) = (d.identifier(table), d.identifier(column));
    if d.database_type() == DatabaseType::Postgresql {
        let sequence = crate::dialect::postgres_object_name(table, Some(column), "seq");
        (
            format!("; the sequence {sequence} refuses it too once it has given a number beyond {to}'s, even to a row deleted since"),
            // Back to the largest key, or to 1 as a fresh sequence when there is none (setval
            // ignores NULL).
            format!(" (and set the sequence back: SELECT setval(pg_get_serial_sequence('{}', '{}'), COALESCE(max({c}), 1), max({c}) IS NOT NULL) FROM {t})", t.replace('\'', "''"), column.replace('\'', "''")),
        )
    } else {
        (
            format!("; and once the table's AUTO_INCREMENT counter has passed {to}'s limit, even for a row deleted since, the change keeps it there and every insert after it fails (MariaDB: Out of range value; MySQL: Failed to read auto-increment value from storage engine)"),
            format!(" (and set the counter back: ALTER TABLE {t} AUTO_INCREMENT = 1, which MySQL raises to the largest key + 1)"),
        )
    }
}

/// The `DOWN_DATA_LOSS` message of a column `new` that the down migration changes back to
/// `old`'s type (`was`, from `is`) where the up migration was no widening either: what that
/// change does to the values, those written since as the others, and, where the up
/// migration's rounding carries a value past what `old` holds ([`crate::conversion::rounded_past`]),
/// that the down migration fails on rows the up migration converted, with none written since.
fn narrowed_back(
    d: &dyn Dialect,
    (before, old): (&Table, &Column),
    (after, new): (&Table, &Column),
    (was, is): (&str, &str),
) -> String {
    let db = d.database_type();
    let said = crate::conversion::numeric_conversion(db, new, old, was).or_else(|| {
        crate::conversion::text_conversion(db, text_of(d, after, new), text_of(d, before, old))
    });
    // Whether the change back can fail: a refusal said, or the general words.
    let fails = said.as_ref().is_none_or(|said| said.refuses);
    let mut message = match said {
        Some(said) => format!(
            "the down migration changes '{}' back from {is} to {was}, which, for the values written since as for the others, {}",
            new.name,
            said.words.replace("refuses the migration", "makes the down migration fail")
        ),
        None => format!(
            "the down migration changes '{}' back from {is} to {was}: a value written since that {was} cannot hold {}",
            new.name,
            if db == DatabaseType::Postgresql {
                postgres_narrowed_back(new.ty, old.ty)
            } else {
                mysql_narrowed_back(new.ty, old.ty)
            }
        ),
    };
    if let Some((made, from)) = crate::conversion::rounded_past(db, old, new) {
        message.push_str(&format!("; so does {made}, which the up migration made of each value of {from} or more (and −{made} of −{from} or less), rounding it: the down migration then fails on rows the up migration converted, with no row written since"));
    }
    if db == DatabaseType::Mysql && fails {
        message.push_str(concat!("; a failure leaves ", mysql_down_stopped!()));
    }
    message
}

/// `said`, what a type change does to the values (after "changing 'c' from A to B "), where
/// a UNIQUE, primary key or CHECK of `table` reads the column and the conversion changes
/// values (see [`crate::conversion::merges`], and for a CHECK
/// [`crate::conversion::changes_values`]): "nothing is refused" is true of the type only,
/// as the rule, checked against the converted values, may refuse them (a user trial:
/// DECIMAL(10,2) made (10,1) under `CHECK (amount > 0)` refused 0.04, made 0.0; PostgreSQL's
/// VARCHAR(6) made CHAR(6) under a UNIQUE, 'ab' and 'ab ' made one). The rows are said by
/// `ROWS_REFUSE_CHANGE`.
fn refused_by_rules(
    d: &dyn Dialect,
    table: &Table,
    (old, new): (&Column, &Column),
    said: Said,
) -> Said {
    let name = new.name.as_str();
    let has = |columns: &[String]| columns.iter().any(|c| c == name);
    let keyed = has(&table.primary_key)
        || new.unique
        || table.unique_constraints.iter().any(|u| has(&u.columns))
        || (table.indexes.iter()).any(|i| i.unique && has(&i.columns));
    let checked = table.check_constraints.iter().any(|c| {
        (crate::expr::check_expression(d.parser(), &c.expression).unwrap_or_default())
            .iter()
            .any(|n| n.eq_ignore_ascii_case(name))
    });
    let rule = match (keyed, checked) {
        (true, true) => "a UNIQUE or CHECK",
        (true, false) => "a UNIQUE",
        (false, true) => "a CHECK",
        (false, false) => return said,
    };
    // Values changed but none made one (PostgreSQL's CHAR made VARCHAR): a UNIQUE holds.
    let db = d.database_type();
    let rule = if crate::conversion::merges(db, old, new).is_some() {
        rule
    } else if (table.check_constraints.iter())
        .any(|c| crate::conversion::changes_check(d, &c.expression, old, new).is_some())
    {
        "a CHECK"
    } else {
        return said;
    };
    if said.refuses {
        return said;
    }
    // The words of a change the type refuses nothing of say "nothing is refused".
    Said::new(
        said.words.replace(
            "nothing is refused",
            &format!("the type refuses nothing, but {rule} over '{name}' is checked against the converted values and may refuse the migration (see ROWS_REFUSE_CHANGE)"),
        ),
        true,
    )
}

/// `column`'s type as text for [`crate::conversion::text_conversion`], with the most
/// characters it holds as written in `table`: MySQL's UUID is CHAR(36) there.
fn text_of(d: &dyn Dialect, table: &Table, column: &Column) -> (ColumnType, Option<u32>) {
    match column.ty {
        ColumnType::Uuid if d.database_type() == DatabaseType::Mysql => {
            (ColumnType::Char, Some(36))
        }
        ty => (
            ty,
            d.max_text_chars(column, table.is_key_column(&column.name)),
        ),
    }
}

/// The suggestion of a down migration that changes a column (`new`, of `after`) back from
/// VARCHAR or TEXT into the CHAR it was (`old`, of `before`), `None` for another change. A CHAR
/// cannot keep the spaces at the end of a value (MySQL reads it without them; PostgreSQL pads
/// it and compares it without them), whatever is done before: a user trial's CHAR(3) made
/// VARCHAR(3), which no value is too long to go back into, was told to "make the values fit the
/// old type, or keep the wider one". Making the values fit is said only where a value can be
/// too long for the CHAR.
fn char_back_suggestion(
    d: &dyn Dialect,
    (before, old): (&Table, &Column),
    (after, new): (&Table, &Column),
    (was, is): (&str, &str),
) -> Option<String> {
    let ((from, from_chars), (to, to_chars)) = (text_of(d, after, new), text_of(d, before, old));
    let spaces = match d.database_type() {
        DatabaseType::Mysql => format!("a CHAR on MySQL cannot keep the spaces at the end of a value (it reads a CHAR without them): keep {is} if they matter"),
        DatabaseType::Postgresql => format!("a CHAR on PostgreSQL pads each value with spaces to its length and compares it without them ('ab' and 'ab ' read alike): keep {is} if the spaces at the end of a value matter"),
        DatabaseType::Sqlite => return None,
    };
    if to != ColumnType::Char || !matches!(from, ColumnType::Varchar | ColumnType::Text) {
        return None;
    }
    let too_long = to_chars.is_some_and(|n| from_chars.is_none_or(|m| m > n));
    Some(if too_long {
        format!("before running the down migration, make the values fit {was}; {spaces}")
    } else {
        spaces
    })
}

/// What PostgreSQL's conversion from `from` back to `to` (a down migration undoing a widening)
/// does with a value written since that `to` cannot hold as it is.
fn postgres_narrowed_back(from: ColumnType, to: ColumnType) -> &'static str {
    use ColumnType::*;
    match (from, to) {
        (Blob, _) => "is refused (bytes that are not UTF-8)",
        (_, Text | Varchar | Char) => "is refused (PostgreSQL refuses a value longer than the column)",
        (Json | Jsonb, Boolean) => "is refused (JSON that is not a boolean)",
        (Text | Varchar | Char, _) => "is refused (text that does not read as the old type)",
        (_, Boolean) => "is converted (a number other than 0 becomes true)",
        (Json | Jsonb, _) => "is refused (JSON that is not a number, or a number out of range) or rounded to the type",
        (a, b) if a.is_integer() && b.is_integer() => "is refused (out of range)",
        (a, b) if a.is_numeric() && b.is_numeric() => "is refused (PostgreSQL refuses a number out of the old type's range) or rounded (to the decimals the old type keeps)",
        (Timestamp | Datetime, Date) => "loses its time of day (PostgreSQL keeps the date: 2024-02-29 23:59:59 becomes 2024-02-29)",
        _ => "is refused, or converted to the old type",
    }
}

/// What MySQL's `MODIFY COLUMN` from `from` back to `to` (a down migration undoing a change)
/// does, in the strict mode the generated file sets, with a value written since that `to`
/// cannot hold as it is.
fn mysql_narrowed_back(from: ColumnType, to: ColumnType) -> &'static str {
    use ColumnType::*;
    match (from, to) {
        (a, b) if a.is_numeric() && b.is_numeric() => "is refused (MySQL in strict mode, which the generated file sets, refuses a number out of the old type's range) or rounded (to the decimals the old type keeps)",
        (Timestamp | Datetime, Date) => "loses its time of day (MySQL keeps the date: 2024-02-29 23:59:59 becomes 2024-02-29)",
        (_, Text | Varchar | Char) => "is refused (MySQL in strict mode, which the generated file sets, refuses a value too long)",
        _ => "is refused or converted (MySQL in strict mode, which the generated file sets, refuses a value out of range or too long)",
    }
}

/// The conversions PostgreSQL's `ALTER COLUMN … TYPE` makes (see `postgres::retype`) that keep
/// every value of `old`, whatever the session's settings: a boolean as 1 or 0, an integer or a
/// boolean as its JSON value, a value of a type whose text is exact as that text in a column of
/// unlimited length (`new_chars` none), text as its UTF-8 bytes. `new_digits` is the new
/// type's precision and scale, for a DECIMAL.
fn postgres_widens(
    old: ColumnType,
    new: ColumnType,
    new_digits: (Option<u32>, Option<u32>),
    new_chars: Option<u32>,
) -> bool {
    use ColumnType::*;
    let number = |t: ColumnType| {
        matches!(
            t,
            Tinyint | Int | Integer | Bigint | Real | Numeric | Decimal
        )
    };
    // Not: a REAL or DECIMAL to JSON or text (NaN and ±Infinity become JSON strings, which do
    // not convert back; a REAL's text depends on `extra_float_digits`), a date or timestamp to
    // text (its text depends on the session's `DateStyle`: `06/05/2024` read back as June).
    let exact_text = |t: ColumnType| !matches!(t, Real | Date | Timestamp | Datetime);
    match (old, new) {
        (Boolean, Numeric | Decimal) => match new_digits {
            (Some(p), s) => p.saturating_sub(s.unwrap_or(0)) >= 1,
            (None, _) => true,
        },
        (Boolean, b) if number(b) => true,
        (a, Json | Jsonb) => matches!(a, Tinyint | Int | Integer | Bigint | Boolean),
        (Blob, Text | Varchar | Char) | (Char, Varchar | Text) => false,
        (a, Text | Varchar) => new_chars.is_none() && exact_text(a),
        (Text | Varchar, Blob) => true,
        _ => false,
    }
}

/// Foreign keys of `to` that differ from `from`'s, as (drops of `from`'s, additions of `to`'s).
/// A key on or to a column whose type changes counts as changed. `keys` are the indexes and
/// UNIQUE constraints the change renames in place (this way), which a key keeps.
fn foreign_key_changes(
    d: &dyn Dialect,
    from: &Table,
    to: &Table,
    moved: &Moved,
    referenced_now: &dyn Fn(&str) -> String,
    keys: &crate::index_renames::KeyRenames,
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
    // key served by one keeps it (MariaDB 10.11: RENAME INDEX leaves the key on it).
    let from_now = Table {
        foreign_keys: from.foreign_keys.iter().map(followed).collect(),
        ..keys.apply(from)
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
            && serving_index_list(d, from, &old.columns)
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
struct ForeignKeyChanges {
    drops: Vec<String>,
    adds: Vec<String>,
    renames: Vec<String>,
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

/// The names `table` gives its constraints and indexes (and the database gives its key,
/// sequences and UNIQUE columns), which a foreign key renamed in place must neither take nor
/// free while they are in use.
fn constraint_names(d: &dyn Dialect, table: &Table) -> HashSet<String> {
    (table.foreign_keys.iter())
        .map(|fk| fk.name(&table.name))
        .chain(table.unique_constraints.iter().map(|u| u.name.clone()))
        .chain(table.check_constraints.iter().map(|c| c.name.clone()))
        .chain(table.indexes.iter().map(|i| i.name.clone()))
        .chain(d.generated_names(table).into_iter().map(|(_, name)| name))
        .collect()
}

/// The indexes the database made for `table`'s foreign keys (MySQL, for a key that neither a
/// key, an index nor such an index made before serves; the keys are added in their order), as
/// (columns, name): named after the key, and after the newest key on the same columns when
/// several share it (MariaDB makes it again under that name).
fn indexes_made_for_keys(d: &dyn Dialect, table: &Table) -> Vec<(Vec<String>, String)> {
    let mut made: Vec<(Vec<String>, String)> = Vec::new();
    if !d.foreign_keys_need_an_index() {
        return made;
    }
    for fk in &table.foreign_keys {
        if !serving_indexes(d, table, &fk.columns).is_empty() {
            continue;
        }
        let name = fk.name(&table.name);
        match made.iter_mut().find(|(c, _)| c.starts_with(&fk.columns)) {
            Some((c, n)) if *c == fk.columns => *n = name,
            Some(_) => {}
            None => {
                // An index made before on the first of these columns serves no key the new
                // one does not: the database drops it.
                made.retain(|(c, _)| !fk.columns.starts_with(c));
                made.push((fk.columns.clone(), name));
            }
        }
    }
    made
}

/// The keys and indexes of `table` whose first columns are `columns` (which a database can use
/// for a foreign key on them), written out; empty when there are none.
fn serving_indexes(d: &dyn Dialect, table: &Table, columns: &[String]) -> String {
    serving_index_list(d, table, columns).concat()
}

/// [`serving_indexes`], one entry for each key or index (` [primary key (a, b)]`, ` [unique
/// a]`, ` [uq_name(a, b)]`, ` [CREATE INDEX …]`): an entry alike in two tables is one the
/// migration between them leaves as it is.
fn serving_index_list(d: &dyn Dialect, table: &Table, columns: &[String]) -> Vec<String> {
    let serves = |key: &[String]| key.len() >= columns.len() && key[..columns.len()] == *columns;
    let mut out = Vec::new();
    if serves(&table.primary_key) {
        // With its columns: a key that changes and still serves is dropped all the same.
        out.push(format!(
            " [primary key {}]",
            column_list(&table.primary_key)
        ));
    }
    for c in &table.columns {
        if c.unique && serves(std::slice::from_ref(&c.name)) {
            out.push(format!(" [unique {}]", c.name));
        }
    }
    for u in table
        .unique_constraints
        .iter()
        .filter(|u| serves(&u.columns))
    {
        out.push(format!(" [{}{}]", u.name, column_list(&u.columns)));
    }
    for i in table.indexes.iter().filter(|i| serves(&i.columns)) {
        out.push(format!(" [{}]", d.create_index(table, i)));
    }
    out
}

/// Whether the index `i` of `a` is `j` of `b` as the database holds them. A partial index on or
/// over a column whose type changes (`retyped`) is made again: the database would rebuild it
/// from its own rewriting of the expression (PostgreSQL: `ARRAY[0, 1]` compared with a BIGINT
/// column becomes `ARRAY[(0)::bigint, …]`), unlike the same one created on that type. A plain
/// index it rebuilds as it was. A predicate written otherwise (`n>0`, `(n > 0)`) is the same
/// index, as a CHECK is.
fn same_index(
    d: &dyn Dialect,
    retyped: &dyn Fn(&str) -> bool,
    (a, i): (&Table, &Index),
    (b, j): (&Table, &Index),
) -> bool {
    let over_retyped = |text: &str| words(text).any(|w| retyped(&w.to_ascii_lowercase()));
    let spelled_alike = |i: &Index| Index {
        predicate: i.predicate.as_deref().map(|p| canonical(d, p)),
        ..i.clone()
    };
    d.create_index(a, &spelled_alike(i)) == d.create_index(b, &spelled_alike(j))
        && !i
            .predicate
            .as_deref()
            .is_some_and(|p| over_retyped(p) || i.columns.iter().any(|c| retyped(c)))
}

/// The indexes of `from` that go (or change) and those of `to` that come (or change).
fn index_changes<'t>(
    d: &dyn Dialect,
    from: &'t Table,
    to: &'t Table,
    retyped: &dyn Fn(&str) -> bool,
) -> (Vec<&'t Index>, Vec<&'t Index>) {
    let gone = (from.indexes.iter())
        .filter(|old| {
            !(to.indexes.iter())
                .find(|i| i.name == old.name)
                .is_some_and(|i| same_index(d, retyped, (to, i), (from, old)))
        })
        .collect();
    let coming = (to.indexes.iter())
        .filter(|new| {
            !(from.indexes.iter())
                .find(|i| i.name == new.name)
                .is_some_and(|i| same_index(d, retyped, (from, i), (to, new)))
        })
        .collect();
    (gone, coming)
}

/// The indexes and named UNIQUE constraints that a change from `original` (`from` once its
/// columns are renamed) to `to` renames in place where the dialect can (`index_renames`): one
/// that comes back as it went under another name. The rename runs last in the table's change
/// (see [`core_statements`]), its old name kept till then by no other object of the table, nor
/// its new name one the table had (as the database names it before its rename too); both ways
/// are held to that, as the down migration renames it back. `retyped` says whether a column
/// (as `to` names it) changes type.
fn key_renames(
    d: &dyn Dialect,
    original: &Table,
    from: &Table,
    to: &Table,
    retyped: &dyn Fn(&str) -> bool,
) -> crate::index_renames::KeyRenames {
    let name = &to.name;
    // The names a rename may take and leave: none the table had (before or after its columns'
    // renames), nor one it gets.
    let had: HashSet<String> = constraint_names(d, original)
        .union(&constraint_names(d, from))
        .cloned()
        .collect();
    let gets = constraint_names(d, to);
    let free = |old: &str, new: &str| !gets.contains(old) && !had.contains(new);
    let names = |pairs: Vec<(&String, &String)>| -> Vec<(String, String)> {
        (pairs.into_iter())
            .map(|(a, b)| (a.clone(), b.clone()))
            .collect()
    };
    let mut out = crate::index_renames::KeyRenames::default();
    if d.rename_index(name, "a", "b").is_some() {
        let (gone, coming) = index_changes(d, from, to, retyped);
        let alike = |old: &Index, new: &Index| {
            same_index(
                d,
                retyped,
                (from, &crate::index_renames::named(old, &new.name)),
                (to, new),
            )
        };
        out.indexes = names(
            crate::index_renames::renamed(&gone, &coming, &alike, &free)
                .into_iter()
                .map(|(a, b)| (&a.name, &b.name))
                .collect(),
        );
    }
    // A named UNIQUE constraint likewise, by its columns (those of `from` renamed already).
    if d.rename_unique_constraint(name, "a", "b").is_some() {
        let gone: Vec<&UniqueConstraint> = (from.unique_constraints.iter())
            .filter(|old| !to.unique_constraints.contains(old))
            .collect();
        let coming: Vec<&UniqueConstraint> = (to.unique_constraints.iter())
            .filter(|new| !from.unique_constraints.contains(new))
            .collect();
        out.uniques = names(
            crate::index_renames::renamed(
                &gone,
                &coming,
                &|old, new| old.columns == new.columns,
                &free,
            )
            .into_iter()
            .map(|(a, b)| (&a.name, &b.name))
            .collect(),
        );
    }
    out
}

/// The statements that take `original`'s columns, UNIQUE and CHECK constraints and indexes to
/// `to`'s (foreign keys aside), once the table has `to`'s name. The columns in `kept` are in
/// the database but in neither table's list that counts: never dropped, never added. What the
/// database named after the table and its columns has `original`'s names until `generated`
/// renames it (see [`generated_renames`]), after the drops and the columns' renames. `retyped`
/// says whether a column (as `to` names it) changes type; `keys` are the indexes and UNIQUE
/// constraints renamed in place (last). `down` says they are the down migration's, which gives
/// the rows a value of a NOT NULL column without a default that it adds back where the
/// database has none to give ([`crate::pg_fill_back`]).
fn core_statements(
    d: &dyn Dialect,
    (original, to, down): (&Table, &Table, bool),
    kept: &[&str],
    retyped: &dyn Fn(&str) -> bool,
    renames: &[(String, String)],
    generated: &[(GeneratedName, String, String)],
    keys: &crate::index_renames::KeyRenames,
) -> Vec<String> {
    let name = &to.name;
    let mut out = Vec::new();
    // What is dropped is named as the database has it (`original`); the rest is compared with
    // the renamed columns' new names, which they have once renamed (after the drops).
    let renamed = with_renamed(d, original, &to.name, renames);
    let from = &*renamed;
    let old_name = |column: &str| -> String {
        renames
            .iter()
            .find(|(_, new)| new == column)
            .map_or(column, |(old, _)| old.as_str())
            .to_string()
    };
    let over_retyped = |text: &str| words(text).any(|w| retyped(&w.to_ascii_lowercase()));
    // A CHECK written otherwise (`n>0`, `(n > 0)`) is the same rule: the database keeps its
    // own spelling of it either way (it was dropped and added again, every row checked anew:
    // the PostgreSQL user trial).
    let same_check = |a: &CheckConstraint, b: &CheckConstraint| {
        a.name == b.name
            && (a.expression == b.expression
                || canonical(d, &a.expression) == canonical(d, &b.expression))
            && !over_retyped(&a.expression)
    };
    let (gone, coming) = index_changes(d, from, to, retyped);
    // What is renamed in place (`key_renames`, decided once for both ways, see `Moved`) is
    // renamed last: after what the change drops and renames, whose names it may take.
    let renamed_away = |i: &Index| keys.renames(false, &i.name, true);
    let renamed_to = |i: &Index| keys.renames(false, &i.name, false);
    // What goes or changes is dropped first: its name is then free, and nothing it covers is
    // in the way of a column's change.
    for old in gone.iter().filter(|i| !renamed_away(i)) {
        out.push(d.drop_known_index(name, &old.name));
    }
    for old in &from.unique_constraints {
        let renamed = keys.renames(true, &old.name, true);
        if !to.unique_constraints.iter().any(|u| u == old) && !renamed {
            out.push(d.drop_constraint(name, &old.name, true));
        }
    }
    for old in &from.check_constraints {
        if !to.check_constraints.iter().any(|c| same_check(c, old)) {
            out.push(d.drop_constraint(name, &old.name, false));
        }
    }
    for old in &from.columns {
        let unique_goes = unique_column(from, old)
            && to
                .column(&old.name)
                .is_some_and(|new| !unique_column(to, new));
        if unique_goes {
            let unique = d.column_unique_name(&original.name, &old_name(&old.name));
            out.push(d.drop_constraint(name, &unique, true));
        }
    }
    // A key that changes goes and comes in one statement, once the columns of the new one are
    // there as it needs them (NOT NULL, of a type a key takes): MySQL, which commits each
    // statement, then never leaves the table without a key (rows that refuse the new key leave
    // the old one), and rebuilds it once. The columns that leave the key change, or are dropped,
    // after it (PostgreSQL refuses `DROP NOT NULL` on a key's column, MySQL a nullable or TEXT
    // one, and MySQL takes a dropped column out of the key, keeping the rest). Where numbering
    // needs a key (MySQL), numbering that goes goes first; a new auto-increment key comes with
    // its column (`ADD COLUMN id SERIAL PRIMARY KEY`), once the old key has gone.
    let rekeyed = from.primary_key != to.primary_key;
    let leaves_key = |c: &str| {
        rekeyed && from.primary_key.iter().any(|k| k == c) && !to.primary_key.iter().any(|k| k == c)
    };
    let came_with_its_column = match &to.primary_key[..] {
        [k] => {
            rekeyed && from.column(k).is_none() && to.column(k).is_some_and(|c| c.auto_increment)
        }
        _ => false,
    };
    let mut unnumbered = Cow::Borrowed(from);
    if rekeyed && d.numbering_needs_a_key() {
        for old in &from.columns {
            if old.auto_increment && !to.column(&old.name).is_some_and(|c| c.auto_increment) {
                let plain = Column {
                    auto_increment: false,
                    ..old.clone()
                };
                out.extend(d.alter_column(from, old, from, &plain).unwrap_or_default());
                if let Some(c) = unnumbered
                    .to_mut()
                    .columns
                    .iter_mut()
                    .find(|c| c.name == old.name)
                {
                    c.auto_increment = false;
                }
            }
        }
    }
    let key_goes_first = came_with_its_column && !from.primary_key.is_empty();
    if key_goes_first {
        out.push(d.alter_primary_key(name, Some(&original.name), None));
    }
    let from = &*unnumbered;
    for (old, new) in renames {
        let (Some(before), Some(column)) = (from.column(new), to.column(new)) else {
            continue;
        };
        out.extend(d.rename_column(from, old, before));
        let listed = |t: &Table| {
            d.generated_names(t)
                .iter()
                .any(|(what, _)| *what == GeneratedName::Unique(new.clone()))
        };
        if unique_column(from, before) && unique_column(to, column) && !listed(to) {
            let (was, is) = (
                d.column_unique_name(&original.name, old),
                d.column_unique_name(name, new),
            );
            if was != is {
                out.extend(d.rename_unique(to, new, &was, &is));
            }
        }
    }
    let dropped = |c: &Column| to.column(&c.name).is_none() && !kept.contains(&c.name.as_str());
    for old in from.columns.iter().filter(|c| !leaves_key(&c.name)) {
        if dropped(old) {
            out.push(d.drop_column(name, &old.name));
        }
    }
    // After the drops, which free names, before anything is made under a name these free.
    for (what, old, new) in generated {
        out.push(d.rename_generated(name, what, old, new));
    }
    // Numbering that comes where it needs a key (MySQL) comes once the new key is there.
    let mut numbered_after_key: Vec<(Column, &Column)> = Vec::new();
    let mut after_key: Vec<String> = Vec::new();
    for new in &to.columns {
        match from.column(&new.name) {
            None if !kept.contains(&new.name.as_str()) => {
                // A new key of that column alone comes with the others' change, below (but for
                // an auto-increment one, which MySQL numbers only as a key).
                let alone_in_new_key = rekeyed && to.primary_key == [new.name.as_str()];
                let key_clauses = new.auto_increment || !alone_in_new_key;
                match down.then(|| crate::pg_fill_back::add_column(d, to, new, key_clauses)) {
                    Some(Some(filled)) => out.extend(filled),
                    _ => out.push(d.add_column(to, new, key_clauses)),
                }
            }
            None => {}
            Some(old) => {
                let out = if leaves_key(&new.name) {
                    &mut after_key
                } else {
                    &mut out
                };
                let plain;
                let new = if rekeyed
                    && d.numbering_needs_a_key()
                    && new.auto_increment
                    && !old.auto_increment
                {
                    plain = Column {
                        auto_increment: false,
                        ..new.clone()
                    };
                    numbered_after_key.push((plain.clone(), new));
                    &plain
                } else {
                    new
                };
                // Rows holding NULL in a column that becomes NOT NULL get its default first, as
                // a fresh insert would: after any change of type or default (the value is the
                // new type's), before NOT NULL.
                let fill = old.nullable && !new.nullable && !new.auto_increment;
                match (fill, d.default_value(new, to.is_key_column(&new.name))) {
                    (true, Some(value)) => {
                        let mut relaxed = new.clone();
                        relaxed.nullable = true;
                        out.extend(d.alter_column(from, old, to, &relaxed).unwrap_or_default());
                        let column = d.identifier(&new.name);
                        // A column that follows updates (MySQL's `ON UPDATE`) keeps its value.
                        // (One there before this change: one added after this UPDATE is not
                        // there yet.)
                        let following: String = to
                            .columns
                            .iter()
                            .filter(|c| !d.column_suffix(c).is_empty())
                            .filter(|c| from.column(&c.name).is_some())
                            .map(|c| {
                                let c = d.identifier(&c.name);
                                format!(", {c} = {c}")
                            })
                            .collect();
                        out.push(format!(
                            "UPDATE {} SET {column} = {value}{following} WHERE {column} IS NULL;",
                            d.identifier(name)
                        ));
                        out.extend(d.alter_column(to, &relaxed, to, new).unwrap_or_default());
                    }
                    _ => out.extend(d.alter_column(from, old, to, new).unwrap_or_default()),
                }
                if unique_column(to, new) && !unique_column(from, old) {
                    let constraint = d.column_unique_name(name, &new.name);
                    out.push(d.add_table_line(
                        name,
                        &d.unique_line(to, &constraint, std::slice::from_ref(&new.name)),
                    ));
                }
            }
        }
    }
    if rekeyed {
        let goes = (!from.primary_key.is_empty() && !key_goes_first).then_some(&*original.name);
        let comes =
            (!to.primary_key.is_empty() && !came_with_its_column).then_some(&*to.primary_key);
        if goes.is_some() || comes.is_some() {
            out.push(d.alter_primary_key(name, goes, comes));
        }
    }
    out.extend(after_key);
    for old in from.columns.iter().filter(|c| leaves_key(&c.name)) {
        if dropped(old) {
            out.push(d.drop_column(name, &old.name));
        }
    }
    for (plain, new) in &numbered_after_key {
        out.extend(d.alter_column(to, plain, to, new).unwrap_or_default());
    }
    for new in &to.unique_constraints {
        let renamed = keys.renames(true, &new.name, false);
        if !from.unique_constraints.iter().any(|u| u == new) && !renamed {
            out.push(d.add_table_line(name, &d.unique_line(to, &new.name, &new.columns)));
        }
    }
    for new in &to.check_constraints {
        if !from.check_constraints.iter().any(|c| same_check(c, new)) {
            out.push(d.add_table_line(name, &d.check_line(&new.name, &new.expression)));
        }
    }
    for new in coming.iter().filter(|i| !renamed_to(i)) {
        // Plain CREATE INDEX: a name an object outside previousSpec has fails the migration
        // (see `steps::Creating::Absent`).
        let if_not_exists = crate::diff::Described::PreviousSpec.index_if_not_exists();
        out.push(d.create_index_text(to, new, if_not_exists));
    }
    // (On MySQL a statement of its own after the table's merged `ALTER TABLE`: see
    // `MySql::rename_index`.)
    out.extend((keys.indexes.iter()).filter_map(|(old, new)| d.rename_index(name, old, new)));
    out.extend(
        (keys.uniques.iter()).filter_map(|(old, new)| d.rename_unique_constraint(name, old, new)),
    );
    out
}

/// What a `renamedFrom` of a column or table (`what`) says, from `old` to `new`, where `holder`
/// ("previousSpec", or "previousSpec's table 'users'") has names by `had`: `Ok(true)` to
/// rename, `Ok(false)` when the holder has the new name only (the spec still says `renamedFrom`
/// once the rename is made: nothing to do), and the error otherwise — a name the holder does
/// not have, one it has beside the new name, one the spec still lists (`listed`), one another
/// rename takes (`taken`), or `refused` for another reason. `source` is where the old names
/// are ("previousSpec", "the database").
pub(crate) struct Rename<'a> {
    pub(crate) what: &'static str,
    pub(crate) holder: &'a str,
    pub(crate) source: &'a str,
    pub(crate) old: &'a str,
    pub(crate) new: &'a str,
}

impl Rename<'_> {
    /// The decision; see [`Rename`].
    pub(crate) fn decide(
        &self,
        had: impl Fn(&str) -> bool,
        listed: bool,
        taken: bool,
        refused: Option<&str>,
    ) -> Result<bool, Box<Issue>> {
        let (what, holder, source, new) = (self.what, self.holder, self.source, self.new);
        let said = crate::report::clip(self.old);
        if self.old == new {
            return Ok(false);
        }
        let created = if what == "table" { "created" } else { "added" };
        let mut suggestion = format!("give renamedFrom the {what}'s name in {source}, or leave renamedFrom out (the {what} is then {created}, and the old one kept or dropped); to swap two names, go through a third in two migrations");
        let why = if had(new) {
            if !had(self.old) {
                return Ok(false);
            }
            format!("{holder} has both '{said}' and '{new}': a {what} is not renamed onto another one (nor two swapped) in one migration")
        } else if !had(self.old) {
            format!("{holder} has neither '{said}' nor '{new}'")
        } else if let Some(why) = refused {
            if why.contains("existing: true") {
                let table = if what == "table" {
                    "the table"
                } else {
                    "its table"
                };
                suggestion = format!("list {table} without \"existing\": true to rename the {what}, or leave renamedFrom out");
            }
            why.to_string()
        } else if listed {
            suggestion = format!("rename '{said}' in this migration and give its name to the other {what} in the next one, or leave renamedFrom out");
            format!("the spec still lists a {what} '{said}' too: a name is not given up and taken again in one migration (a chain of renames, or a new {what} under the old name)")
        } else if taken {
            format!("another {what} is renamed from '{said}' too")
        } else {
            return Ok(true);
        };
        Err(Box::new(
            Issue::error(
                Code::InvalidSpec,
                format!("the {what} '{new}' has renamedFrom '{said}', but {why}"),
            )
            .suggest(suggestion),
        ))
    }
}

/// The tables the spec renames (`renamedFrom`), as new name → name in `previousSpec` (its
/// tables by name), and those whose rename is refused (an error filed); see [`Rename`].
fn table_renames(
    previous: &HashMap<String, usize>,
    tables: &[Table],
    report: &mut Report,
) -> (HashMap<String, String>, HashMap<String, String>) {
    let mut out: HashMap<String, String> = HashMap::new();
    let mut refused = HashMap::new();
    for t in tables {
        let Some(old) = &t.renamed_from else {
            continue;
        };
        let rename = Rename {
            what: "table",
            holder: "previousSpec",
            source: "previousSpec",
            old,
            new: &t.name,
        };
        let decided = rename.decide(
            |name| previous.contains_key(name),
            tables.iter().any(|o| &o.name == old),
            out.values().any(|o| o == old),
            t.existing.then_some(
                "the table is marked existing: true, which this migration leaves as it is",
            ),
        );
        match decided {
            Ok(true) => {
                out.insert(t.name.clone(), old.clone());
            }
            Ok(false) => {}
            Err(issue) => {
                refused.insert(t.name.clone(), old.clone());
                report.push((*issue).table(&t.name));
            }
        }
    }
    (out, refused)
}

/// The columns of `table` renamed from a column of `previous` (`renamedFrom`), as (old, new);
/// see [`Rename`].
fn renames(previous: &Table, table: &Table, report: &mut Report) -> Vec<(String, String)> {
    renames_and_refused(previous, table, report).0
}

/// Column renames, as (old name, new name).
type ColumnRenames = Vec<(String, String)>;

/// [`renames`], and the renames refused, whose errors are filed.
fn renames_and_refused(
    previous: &Table,
    table: &Table,
    report: &mut Report,
) -> (ColumnRenames, ColumnRenames) {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut refused = Vec::new();
    let holder = format!("previousSpec's table '{}'", table.name);
    for (old, new) in &table.renamed_columns {
        let rename = Rename {
            what: "column",
            holder: &holder,
            source: "previousSpec",
            old,
            new,
        };
        let decided = rename.decide(
            |name| previous.column(name).is_some(),
            table.column(old).is_some(),
            out.iter().any(|(o, _)| o == old),
            table
                .column(old)
                .filter(|c| c.auto_timestamp)
                .map(|_| "the table's timestamps add a column of that name"),
        );
        match decided {
            Ok(true) => out.push((old.clone(), new.clone())),
            Ok(false) => {}
            Err(issue) => {
                refused.push((old.clone(), new.clone()));
                report.push((*issue).table(&table.name).column(new));
            }
        }
    }
    (out, refused)
}

/// The `ROWS_REFUSE_CHANGE` warnings of the rules (a UNIQUE, a foreign key, a CHECK) that
/// `table` gets and previousSpec's `original` (`renamed`: with the columns the spec renames
/// renamed) lacks: the engine checks each against every row already there (see
/// [`crate::rows_refuse_hints::warnings`]). Not of a foreign key to a table in a refused rename:
/// the rename is refused, and what rows it finds is not known.
fn rows_refuse_warnings(
    d: &dyn Dialect,
    (original, renamed): (&Table, &Table),
    table: &Table,
    moved: &Moved,
) -> Vec<Issue> {
    let renamed_names = crate::rows_refuse_hints::Renamed {
        tables: &moved.renamed_to,
        columns: &moved.column_renames,
    };
    // What the migration does to the tables its new foreign keys reference.
    let parent = |name: &str| -> Option<crate::rows_refuse_hints::Parent> {
        if let Some((before, now)) = moved.before_and_now.get(name) {
            return Some(crate::rows_refuse_hints::Parent::Changed { before, now });
        }
        moved
            .created
            .contains(name)
            .then_some(crate::rows_refuse_hints::Parent::Created)
    };
    let mut out = crate::rows_refuse_hints::warnings(
        d,
        renamed,
        &original.name,
        &renamed_names,
        table,
        &parent,
    );
    out.retain(|issue| {
        !(table.foreign_keys.iter()).any(|fk| {
            moved.undecided.contains(&fk.referenced_table)
                && issue.constraint.as_deref() == Some(fk.name(&original.name).as_str())
        })
    });
    out
}

/// `table` named `name` (its foreign keys to itself too), with the columns of `renames` (old,
/// new) renamed, in its primary key, UNIQUE constraints, indexes (a partial one's predicate
/// included, read by `d`) and foreign keys too (not in CHECKs: one that names such a column is
/// written again after the rename).
fn with_renamed<'t>(
    d: &dyn Dialect,
    table: &'t Table,
    name: &str,
    renames: &[(String, String)],
) -> Cow<'t, Table> {
    if renames.is_empty() && table.name == name {
        return Cow::Borrowed(table);
    }
    let rename = |c: &mut String| {
        if let Some((_, new)) = renames.iter().find(|(old, _)| old == c) {
            *c = new.clone();
        }
    };
    let mut t = table.clone();
    t.columns.iter_mut().for_each(|c| rename(&mut c.name));
    t.primary_key.iter_mut().for_each(rename);
    for u in &mut t.unique_constraints {
        u.columns.iter_mut().for_each(rename);
    }
    // A partial index's predicate reads the columns anew, as the database rewrites it on
    // RENAME COLUMN (PostgreSQL's `WHERE active` reads `WHERE is_active` after it; SQLite's
    // too): the same index, kept, and no new rule for the rows (a trial: `idx_users_email …
    // WHERE active` dropped and created again, with a warning that rows could refuse it).
    // As written where it cannot be read.
    let new_name = |i: &sqlparser::ast::Ident| {
        let (_, new) = renames
            .iter()
            .find(|(old, _)| crate::expr::names_column(i, old))?;
        Some(crate::expr::renamed_ident(i, new))
    };
    for i in &mut t.indexes {
        i.columns.iter_mut().for_each(rename);
        if let Some(p) = &i.predicate {
            if let Some(anew) = crate::expr::replace_columns(d.parser(), p, &new_name) {
                i.predicate = Some(anew);
            }
        }
    }
    for fk in &mut t.foreign_keys {
        fk.columns.iter_mut().for_each(rename);
        if fk.referenced_table == t.name {
            fk.referenced_columns.iter_mut().for_each(rename);
            fk.referenced_table = name.to_string();
        }
    }
    t.name = name.to_string();
    Cow::Owned(t)
}

/// Renames `table` to `name`, if that is another name.
fn rename_table(d: &dyn Dialect, table: &Table, name: &str) -> Vec<String> {
    if table.name == name {
        return Vec::new();
    }
    d.rename_table(table, name)
}

/// What the database named for itself after `from` (the table as the database has it, see
/// [`Dialect::generated_names`]) that `to` (the same table, its columns renamed by `renames`
/// (old, new)) would be given another name for, as (what, name now, name then): each renamed
/// straight to its final name. What `to` no longer has (a UNIQUE that goes, a dropped column)
/// is dropped under its name now instead. In an order in which none takes a name another still
/// has (`t` renamed `t_x` with its column `x_y` renamed `w` and a UNIQUE column `y`: `t_x_y_key`
/// goes from `x_y` to `y`); `Err` with the names when they go round a cycle (each the next
/// one's, as a swap).
fn generated_renames(
    d: &dyn Dialect,
    from: &Table,
    to: &Table,
    renames: &[(String, String)],
) -> Result<Vec<(GeneratedName, String, String)>, Vec<String>> {
    let then = d.generated_names(to);
    let renamed = |c: String| -> String {
        renames
            .iter()
            .find(|(old, _)| *old == c)
            .map_or(c, |(_, new)| new.clone())
    };
    let mut pending: Vec<(GeneratedName, String, String)> = d
        .generated_names(from)
        .into_iter()
        .filter_map(|(what, old)| {
            let what = match what {
                GeneratedName::PrimaryKey => GeneratedName::PrimaryKey,
                GeneratedName::Unique(c) => GeneratedName::Unique(renamed(c)),
                GeneratedName::Sequence(c) => GeneratedName::Sequence(renamed(c)),
            };
            let new = &then.iter().find(|(w, _)| *w == what)?.1;
            (*new != old).then(|| (what, old, new.clone()))
        })
        .collect();
    let mut out = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let free = pending
            .iter()
            .position(|(_, _, new)| !pending.iter().any(|(_, old, _)| old == new));
        match free {
            Some(i) => out.push(pending.remove(i)),
            None => return Err(pending.into_iter().map(|(_, old, _)| old).collect()),
        }
    }
    Ok(out)
}

/// Whether `c` has a UNIQUE constraint of its own: declared `unique`, and not the table's
/// one-column primary key (which is unique already).
fn unique_column(t: &Table, c: &Column) -> bool {
    c.unique && !(t.primary_key.len() == 1 && t.primary_key[0] == c.name)
}

/// PostgreSQL names a table's primary key `{table}_pkey`, its SERIAL sequences
/// `{table}_{column}_seq` and its UNIQUE columns' constraints `{table}_{column}_key`, but numbers
/// one (`…_key1`) when another name of the database is that already: another table's (`t1.x_y`
/// and `t1_x.y`), or the same table's (two long column names that shorten to the same 63
/// bytes); which of the two got the number depends on which was created first (a column added
/// later comes second, wherever the spec lists it). Such a name that a change makes (a UNIQUE
/// added, a column or table renamed) while another object of the new spec has it, or drops (or
/// renames away) while another object of `previousSpec` had it, is refused
/// (`UNSUPPORTED_FEATURE`), not guessed. The names are counted, not collected: a table with two
/// columns of one such name makes or drops it once more or less.
fn refuse_shared_generated_names(
    d: &dyn Dialect,
    before: &[Table],
    tables: &[Table],
    originals: &[(&Table, &Table)],
    report: &mut Report,
) {
    // The names the database makes for a table (not the table's, its indexes', its UNIQUE and
    // CHECK constraints' and its foreign keys', which the spec gives), each with how many of
    // its objects the table would give it.
    let generated = |t: &Table| -> HashMap<String, usize> {
        let given = |n: &String| {
            *n == t.name
                || t.indexes.iter().any(|i| &i.name == n)
                || t.unique_constraints.iter().any(|u| &u.name == n)
                || t.check_constraints.iter().any(|c| &c.name == n)
        };
        let without_keys = Table {
            foreign_keys: Vec::new(),
            ..t.clone()
        };
        let mut counts: HashMap<String, usize> = HashMap::new();
        for n in d.database_wide_names(&without_keys) {
            if !given(&n) {
                *counts.entry(n).or_insert(0) += 1;
            }
        }
        counts
    };
    let count = |ts: &[Table]| {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for t in ts {
            for n in d.database_wide_names(&as_created(d, t)) {
                *counts.entry(n).or_insert(0) += 1;
            }
        }
        counts
    };
    let (mut in_previous, mut in_spec) = (None, None);
    for (original, table) in originals {
        let (was, is) = (
            generated(&as_created(d, original)),
            generated(&as_created(d, table)),
        );
        let more = |a: &HashMap<String, usize>, b: &HashMap<String, usize>| -> Vec<String> {
            let mut names: Vec<String> = a
                .iter()
                .filter(|&(n, &k)| k > b.get(n).copied().unwrap_or(0))
                .map(|(n, _)| n.clone())
                .collect();
            names.sort_unstable();
            names
        };
        let made = more(&is, &was).into_iter().map(|n| (n, true));
        let dropped = more(&was, &is).into_iter().map(|n| (n, false));
        for (name, is_made) in made.chain(dropped) {
            let name = &name;
            let counts = if is_made {
                in_spec.get_or_insert_with(|| count(tables))
            } else {
                in_previous.get_or_insert_with(|| count(before))
            };
            if counts.get(name).copied().unwrap_or(0) < 2 {
                continue;
            }
            let (owner, other) = if is_made {
                (*table, *original)
            } else {
                (*original, *table)
            };
            // The column whose UNIQUE gets or loses the name (renamed, or its `unique` added or
            // removed), else the first that has it.
            let named = |t: &Table, c: &Column| {
                unique_column(t, c) && d.column_unique_name(&t.name, &c.name) == *name
            };
            let counterpart = |c: &Column| -> Option<&Column> {
                let renamed = table.renamed_columns.iter().find_map(|(old, new)| {
                    let (from, to) = if is_made { (new, old) } else { (old, new) };
                    (*from == c.name).then_some(to)
                });
                other.column(renamed.unwrap_or(&c.name))
            };
            let having: Vec<&Column> = owner.columns.iter().filter(|c| named(owner, c)).collect();
            let column = having
                .iter()
                .find(|c| !counterpart(c).is_some_and(|o| named(other, o)))
                .or(having.first());
            let label = name.rsplit('_').next().unwrap_or_default();
            // A UNIQUE column's name may be shared within the table too; a primary key's or a
            // sequence's only with another table's.
            let (whose, suggestion) = if column.is_some() {
                ("another table's, or another column's of the same table once shortened to 63 bytes", "declare a UNIQUE as a uniqueConstraints entry with a name of its own instead of \"unique\": true, or choose a table or column name whose generated names no other object has")
            } else {
                (
                    "another table's",
                    "choose a table or column name whose generated names no other object has",
                )
            };
            let mut issue = Issue::error(
                Code::UnsupportedFeature,
                format!("this change {} the name '{name}', which the database {} for '{}' itself and also gives another object {} ({whose}): it numbers the one created second ('…_{label}1'), and which that was a migration from previousSpec cannot know", if is_made { "makes" } else { "drops" }, if is_made { "would make" } else { "made" }, owner.name, if is_made { "of this spec" } else { "of previousSpec" }),
            )
            .table(&table.name)
            .suggest(suggestion);
            if let Some(c) = column {
                issue = issue.column(&c.name);
            }
            report.push(issue);
        }
        // An auto-increment column whose type changes changes its sequence too, by name
        // (`ALTER SEQUENCE … AS`): a name shared, before or after, could be the other's.
        for (what, name) in d.generated_names(&as_created(d, table)) {
            let GeneratedName::Sequence(column) = &what else {
                continue;
            };
            let old_name = table
                .renamed_columns
                .iter()
                .find_map(|(old, new)| (new == column).then_some(old))
                .unwrap_or(column);
            let (Some(new), Some(old)) = (table.column(column), original.column(old_name)) else {
                continue;
            };
            if !old.auto_increment
                || d.same_stored_type(&column_type(d, original, old), &column_type(d, table, new))
            {
                continue;
            }
            let was = d
                .generated_names(&as_created(d, original))
                .into_iter()
                .find_map(|(what, n)| {
                    (what == GeneratedName::Sequence(old_name.clone())).then_some(n)
                });
            let shared_now = in_spec
                .get_or_insert_with(|| count(tables))
                .get(&name)
                .copied()
                .unwrap_or(0)
                > 1;
            let shared_before = was.is_some_and(|was| {
                in_previous
                    .get_or_insert_with(|| count(before))
                    .get(&was)
                    .copied()
                    .unwrap_or(0)
                    > 1
            });
            if shared_now || shared_before {
                report.push(
                    Issue::error(
                        Code::UnsupportedFeature,
                        format!("the type of the auto-increment column '{column}' changes, and with it its sequence '{name}', a name the database also gives another object (another table's, made of another table and column name, or the same once shortened to 63 bytes): it numbers the one created second ('…_seq1'), and which that was a migration from previousSpec cannot know"),
                    )
                    .table(&table.name)
                    .column(column)
                    .suggest(format!("keep the column's type, or change it by hand: ALTER SEQUENCE on the name that SELECT pg_get_serial_sequence('{}', '{column}') gives", d.identifier(&table.name).replace('\'', "''"))),
                );
            }
        }
        // A primary key that changes is dropped by its name, and made under the new one: a
        // name shared, before or after, could be the other's.
        let renamed = |c: &String| {
            table
                .renamed_columns
                .iter()
                .find_map(|(old, new)| (old == c).then(|| new.clone()))
                .unwrap_or_else(|| c.clone())
        };
        let key_was: Vec<String> = original.primary_key.iter().map(renamed).collect();
        if key_was != table.primary_key {
            let shared = |name: Option<String>, counts: &HashMap<String, usize>| {
                name.filter(|n| counts.get(n).copied().unwrap_or(0) > 1)
            };
            let shared = shared(
                d.primary_key_name(&original.name),
                in_previous.get_or_insert_with(|| count(before)),
            )
            .or_else(|| {
                shared(
                    d.primary_key_name(&table.name),
                    in_spec.get_or_insert_with(|| count(tables)),
                )
            });
            if let Some(name) = shared {
                report.push(
                    Issue::error(
                        Code::UnsupportedFeature,
                        format!("the primary key of '{}' changes, so its constraint is dropped and made again by its name, '{name}', a name the database also gives another object (another table's key, the same once shortened to 63 bytes): it numbers the one created second ('…_pkey1'), and which that was a migration from previousSpec cannot know", table.name),
                    )
                    .table(&table.name)
                    .suggest(format!("keep the key, or change it by hand: DROP CONSTRAINT on the name that SELECT conname FROM pg_constraint WHERE conrelid = '{}'::regclass AND contype = 'p' gives", d.identifier(&original.name).replace('\'', "''"))),
                );
            }
        }
    }
}

/// Dropping `tables` (their foreign keys first, so that they may reference each other), and
/// creating them again with their indexes and foreign keys as the undoing.
pub fn drop_tables(d: &dyn Dialect, tables: &[&Table]) -> AlterStep {
    let mut up = Vec::new();
    let mut down = Vec::new();
    for t in tables {
        for fk in &t.foreign_keys {
            up.push(
                d.drop_known_foreign_key(&d.identifier(&t.name), &d.identifier(&fk.name(&t.name))),
            );
        }
    }
    for t in tables {
        up.push(d.drop_table(&d.identifier(&t.name)));
        down.push(d.create_table(t));
        down.extend(t.indexes.iter().map(|i| d.create_index(t, i)));
    }
    for t in tables {
        down.extend(t.foreign_keys.iter().map(|fk| d.add_foreign_key(t, fk)));
    }
    AlterStep::new(up, down)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Code;
    use crate::spec_change::test_support::*;

    #[test]
    fn a_table_renamed_onto_the_name_of_its_own_index_is_refused_on_postgresql() {
        let table = |name: &str, extra: &str| {
            format!(
                r#"{{"name":"{name}","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"z","type":"INTEGER","nullable":true}}],"primaryKey":["id"]{extra}}}"#
            )
        };
        let errors = |spec: String| -> Vec<String> {
            crate::generate_str(&spec)
                .validation
                .errors
                .iter()
                .map(|e| format!("{} {}", e.code.as_str(), e.message))
                .collect()
        };
        // Up: the index 'people' goes as the table takes its name.
        let up = errors(postgres_change(
            &[table("people", r#","renamedFrom":"users""#)],
            &[table(
                "users",
                r#","indexes":[{"name":"people","columns":["z"]}]"#,
            )],
        ));
        assert_eq!(up.len(), 1, "{up:?}");
        assert!(
            up[0].starts_with(
                "DUPLICATE_NAME the table 'people' is renamed from 'users', and 'people' is also"
            ) && up[0].ends_with("the up migration renames the table before dropping it"),
            "{up:?}"
        );
        // Down: the index 'users' comes as the table takes its old name back.
        let down = errors(postgres_change(
            &[table(
                "people",
                r#","renamedFrom":"users","uniqueConstraints":[{"name":"users","columns":["z"]}]"#,
            )],
            &[table("users", "")],
        ));
        assert_eq!(down.len(), 1, "{down:?}");
        assert!(
            down[0].contains("the down migration renames the table back"),
            "{down:?}"
        );
        // MySQL keeps index names per table: nothing to refuse.
        let mysql = postgres_change(
            &[table("people", r#","renamedFrom":"users""#)],
            &[table(
                "users",
                r#","indexes":[{"name":"people","columns":["z"]}]"#,
            )],
        )
        .replace("postgresql", "mysql");
        assert_eq!(errors(mysql), Vec::<String>::new());
    }

    #[test]
    fn a_refused_column_rename_stops_a_migration_that_changes_the_primary_key_too() {
        let previous = r#"{"name":"t","columns":[{"name":"id","type":"INTEGER","nullable":false},{"name":"kk","type":"INTEGER","nullable":false},{"name":"j","type":"INTEGER","nullable":false}],"primaryKey":["id"]}"#;
        let table = r#"{"name":"t","columns":[{"name":"id","type":"INTEGER","nullable":false},{"name":"k","type":"INTEGER","nullable":false,"renamedFrom":"kx"},{"name":"j","type":"INTEGER","nullable":false}],"primaryKey":["k","j"]}"#;
        let result = crate::generate_str(&postgres_change(
            &[table.to_string()],
            &[previous.to_string()],
        ));
        let codes: Vec<Code> = result.validation.errors.iter().map(|e| e.code).collect();
        assert_eq!(codes, [Code::InvalidSpec], "{:?}", result.validation.errors);
        assert!(result.up_migration.is_empty());
    }

    #[test]
    fn mysql_automatic_updated_at_replaced_by_a_listed_one_is_said_to_stop_following_updates() {
        let listed = table(
            r#",{"name":"updated_at","type":"TIMESTAMP","nullable":false,"default":"CURRENT_TIMESTAMP"}"#,
            "",
        );
        let said = |db: &str| {
            warnings_of(
                &spec_change_of(db, &listed, &table("", ""), r#","timestamps":true"#),
                Code::LossyTypeMapping,
            )
        };
        assert_eq!(said("mysql"), ["'updated_at' no longer follows updates: the automatic column has ON UPDATE CURRENT_TIMESTAMP, which this change drops, as a column the spec lists never has it (the down migration puts it back)"]);
        // Nothing follows updates there to begin with.
        assert!(said("postgresql").is_empty());
        // Left automatic, it keeps following them.
        assert!(warnings_of(
            &spec_change_of(
                "mysql",
                &table("", ""),
                &table("", ""),
                r#","timestamps":true"#
            ),
            Code::LossyTypeMapping
        )
        .is_empty());
    }

    #[test]
    fn a_decimal_made_an_integer_says_what_becomes_of_fractions() {
        let with = |ty: &str| {
            table(
                &format!(r#",{{"name":"price","type":{ty},"nullable":true}}"#),
                "",
            )
        };
        let said = |db: &str, from: &str| {
            let spec = spec_change_of(db, &with(r#""INTEGER""#), &with(from), "");
            let spec = spec.replacen(r#""tables""#, r#""allowDataLoss":true,"tables""#, 1);
            warnings_of(&spec, Code::TypeNarrowing)
        };
        let decimal = r#""DECIMAL","precision":10,"scale":2"#;
        for db in ["postgresql", "mysql"] {
            let w = said(db, decimal);
            assert!(w[0].ends_with("rounds every fraction to the nearest integer, halves away from zero (10.5 becomes 11, −2.5 becomes −3), and nothing is refused"), "{w:?}");
            // A REAL's halves go to even (PostgreSQL 15, MariaDB 10.11, MySQL 9.7).
            let w = said(db, r#""REAL""#);
            let int = if db == "mysql" { "INT" } else { "INTEGER" };
            // MySQL commits each statement: what a refusal leaves is said there.
            let leaves = if db == "mysql" {
                format!(" ({})", crate::commit_order::MYSQL_REFUSAL_LEAVES)
            } else {
                String::new()
            };
            assert!(w[0].ends_with(&format!("rounds every fraction to the nearest integer, halves to even (2.5 becomes 2, 3.5 becomes 4, −2.5 becomes −2), and a value out of {int}'s range refuses the migration{leaves}")), "{w:?}");
        }
    }

    #[test]
    fn a_default_changed_alone_is_set_and_one_that_goes_or_meets_a_new_type_is_dropped_first() {
        let table = |default: &str, ty: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"n","type":"{ty}","nullable":true{default}}}],"primaryKey":["id"]}}"#
            )
        };
        let up = |from: String, to: String| {
            let result = crate::generate_str(&postgres_change(&[to], &[from]));
            assert!(result.validation.valid, "{:?}", result.validation.errors);
            result.up_migration.trim_end().to_string()
        };
        assert_eq!(
            up(
                table(r#","default":1"#, "INTEGER"),
                table(r#","default":2"#, "INTEGER")
            ),
            "ALTER TABLE t ALTER COLUMN n SET DEFAULT 2;"
        );
        assert_eq!(
            up(table(r#","default":1"#, "INTEGER"), table("", "INTEGER")),
            "ALTER TABLE t ALTER COLUMN n DROP DEFAULT;"
        );
        assert_eq!(
            up(table(r#","default":1"#, "INTEGER"), table(r#","default":1"#, "BIGINT")),
            "ALTER TABLE t ALTER COLUMN n DROP DEFAULT;\nALTER TABLE t ALTER COLUMN n TYPE BIGINT USING n::BIGINT;\nALTER TABLE t ALTER COLUMN n SET DEFAULT 1;"
        );
    }

    /// A CHECK written otherwise is no change: nothing is dropped and added again.
    #[test]
    fn a_check_written_otherwise_is_no_change() {
        let t = |e: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"n","type":"INTEGER","nullable":true}}],"primaryKey":["id"],"checkConstraints":[{{"name":"chk_t_n","expression":"{e}"}}]}}"#
            )
        };
        written_otherwise_is_no_change(
            &t,
            &["postgresql", "mysql", "sqlite"],
            &[
                ("n > 0", "n>0"),
                ("n > 0", "(n > 0)"),
                ("n BETWEEN 1 AND 9", "n between 1 and 9"),
            ],
        );
    }

    /// A partial index whose predicate is written otherwise is no change: it is not made again.
    #[test]
    fn a_partial_index_written_otherwise_is_no_change() {
        let t = |w: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"n","type":"INTEGER","nullable":true}}],"primaryKey":["id"],"indexes":[{{"name":"ix_t_n","columns":["n"],"where":"{w}"}}]}}"#
            )
        };
        written_otherwise_is_no_change(
            &t,
            &["postgresql", "sqlite"],
            &[("n > 0", "n>0"), ("n IS NOT NULL", "(n is not null)")],
        );
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
    fn an_unchanged_table_has_no_statements() {
        let (c, report) = change(DatabaseType::Postgresql, &users(), &users(), false);
        assert!(c.is_empty());
        assert!(report.errors.is_empty() && report.warnings.is_empty());
    }

    #[test]
    fn an_added_column_is_dropped_by_the_down_migration() {
        let mut next = users();
        next.columns.push(column("phone", ColumnType::Text));
        let (c, report) = change(DatabaseType::Postgresql, &users(), &next, false);
        assert!(report.errors.is_empty());
        assert_eq!(c.core.up, ["ALTER TABLE users ADD COLUMN phone TEXT;"]);
        assert_eq!(c.core.down, ["ALTER TABLE users DROP COLUMN phone;"]);
        let (c, _) = change(DatabaseType::Mysql, &users(), &next, false);
        assert_eq!(
            c.core.up,
            ["ALTER TABLE users ADD COLUMN phone LONGTEXT AFTER email;"]
        );
    }

    #[test]
    fn a_wider_varchar_is_altered_and_a_narrower_one_needs_allow_data_loss() {
        let mut next = users();
        next.columns[1].length = Some(200);
        let (c, report) = change(DatabaseType::Postgresql, &users(), &next, false);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(
            c.core.up,
            ["ALTER TABLE users ALTER COLUMN email TYPE VARCHAR(200);"]
        );
        assert_eq!(
            c.core.down,
            ["ALTER TABLE users ALTER COLUMN email TYPE VARCHAR(100);"]
        );
        let (_, report) = change(DatabaseType::Postgresql, &next, &users(), false);
        assert_eq!(report.errors[0].code, Code::TypeNarrowing);
        let (c, report) = change(DatabaseType::Mysql, &next, &users(), true);
        assert!(report.errors.is_empty());
        assert_eq!(report.warnings[0].code, Code::TypeNarrowing);
        assert_eq!(
            c.core.up,
            ["ALTER TABLE users MODIFY COLUMN email VARCHAR(100);"]
        );
    }

    /// An integer to TEXT on MySQL keeps every value as its digits (MariaDB 10.11, extremes
    /// and negatives included): a widening, as on PostgreSQL, with DOWN_DATA_LOSS for the way
    /// back; TEXT to INT still narrows.
    #[test]
    fn an_integer_to_text_on_mysql_widens() {
        let of = |ty: ColumnType| {
            let mut t = users();
            t.columns[1] = Column::new("email", ty, true);
            t
        };
        for from in [
            ColumnType::Int,
            ColumnType::Integer,
            ColumnType::Bigint,
            ColumnType::Tinyint,
        ] {
            let (c, report) = change(DatabaseType::Mysql, &of(from), &of(ColumnType::Text), false);
            assert!(report.errors.is_empty(), "{from:?}: {:?}", report.errors);
            let warnings: Vec<Code> = report.warnings.iter().map(|e| e.code).collect();
            assert_eq!(warnings, [Code::DownDataLoss], "{from:?}");
            assert!(
                report.warnings[0].message.contains("back to"),
                "{:?}",
                report.warnings
            );
            assert_eq!(
                c.core.up,
                ["ALTER TABLE users MODIFY COLUMN email LONGTEXT;"]
            );
        }
        let (_, report) = change(
            DatabaseType::Mysql,
            &of(ColumnType::Text),
            &of(ColumnType::Int),
            false,
        );
        assert_eq!(report.errors[0].code, Code::TypeNarrowing);
    }

    /// A TIMESTAMP's precision up keeps every value (a DOWN_DATA_LOSS warning for the way
    /// back); down rounds them, a TYPE_NARROWING error without allowDataLoss. None is 6 digits on
    /// PostgreSQL, 0 on MySQL: PostgreSQL's TIMESTAMP to TIMESTAMP(3) narrows, MySQL's DATETIME
    /// to DATETIME(3) widens, and DATETIME(0) is no change there.
    #[test]
    fn timestamp_precision_up_widens_and_down_narrows() {
        let at = |p: Option<u32>| {
            let mut t = users();
            t.columns[1] = Column::new("email", ColumnType::Timestamp, true);
            t.columns[1].precision = p;
            t
        };
        for (db, from, to, narrows) in [
            (DatabaseType::Postgresql, Some(3), Some(6), false),
            (DatabaseType::Postgresql, Some(3), None, false),
            (DatabaseType::Postgresql, None, Some(3), true),
            (DatabaseType::Postgresql, Some(6), Some(0), true),
            (DatabaseType::Mysql, None, Some(3), false),
            (DatabaseType::Mysql, Some(3), Some(6), false),
            (DatabaseType::Mysql, Some(3), None, true),
        ] {
            let (c, report) = change(db, &at(from), &at(to), false);
            let errors: Vec<Code> = report.errors.iter().map(|e| e.code).collect();
            let warnings: Vec<Code> = report.warnings.iter().map(|e| e.code).collect();
            if narrows {
                assert_eq!(errors, [Code::TypeNarrowing], "{db:?} {from:?} to {to:?}");
                assert!(report.errors[0].message.contains("digits of a second"));
            } else {
                assert!(errors.is_empty(), "{db:?} {from:?} to {to:?}: {errors:?}");
                assert_eq!(warnings, [Code::DownDataLoss], "{db:?} {from:?} to {to:?}");
                assert!(report.warnings[0].message.contains("digits of a second"));
                assert_eq!(c.core.up.len(), 1, "{:?}", c.core.up);
            }
        }
        let (c, report) = change(DatabaseType::Mysql, &at(None), &at(Some(0)), false);
        assert!(report.errors.is_empty() && report.warnings.is_empty());
        assert!(c.core.up.is_empty(), "{:?}", c.core.up);
        // To DATE, MySQL rounds a fraction of a second into the day.
        let mut day = at(None);
        day.columns[1].ty = ColumnType::Date;
        let (_, report) = change(DatabaseType::Mysql, &at(Some(3)), &day, false);
        assert!(report.errors[0].message.contains("becomes the next day"));
        let (_, report) = change(DatabaseType::Mysql, &at(None), &day, false);
        assert!(!report.errors[0].message.contains("next day"));
    }

    /// MySQL's BOOLEAN is TINYINT(1): to TINYINT and back loses nothing, to a wider integer
    /// widens; a CHAR(n) to VARCHAR(n) too, as MySQL reads a CHAR without its trailing spaces
    /// (from a user trial of MySQL chains).
    #[test]
    fn mysql_boolean_is_a_tinyint_and_char_becomes_varchar() {
        let typed = |ty: ColumnType| {
            let mut t = users();
            t.columns[1] = Column::new("email", ty, true);
            t.columns[1].length = Some(10);
            t
        };
        for (from, to, narrows) in [
            (ColumnType::Boolean, ColumnType::Tinyint, false),
            (ColumnType::Tinyint, ColumnType::Boolean, false),
            (ColumnType::Boolean, ColumnType::Int, false),
            (ColumnType::Int, ColumnType::Boolean, true),
            (ColumnType::Char, ColumnType::Varchar, false),
            (ColumnType::Varchar, ColumnType::Char, true),
        ] {
            let (c, report) = change(DatabaseType::Mysql, &typed(from), &typed(to), false);
            let codes: Vec<Code> = report.errors.iter().map(|e| e.code).collect();
            let expected: &[Code] = if narrows { &[Code::TypeNarrowing] } else { &[] };
            assert_eq!(codes, expected, "{from:?} to {to:?}");
            if !narrows {
                assert_eq!(c.core.up.len(), 1, "{from:?} to {to:?}: {:?}", c.core.up);
            }
        }
        // PostgreSQL reads CHAR(n) padded: to VARCHAR(n) the values' text changes.
        let (_, report) = change(
            DatabaseType::Postgresql,
            &typed(ColumnType::Char),
            &typed(ColumnType::Varchar),
            false,
        );
        let codes: Vec<Code> = report.errors.iter().map(|e| e.code).collect();
        assert_eq!(codes, [Code::TypeNarrowing]);
    }

    #[test]
    fn a_dropped_column_is_kept_without_allow_data_loss() {
        let mut next = users();
        next.columns.pop();
        let (c, report) = change(DatabaseType::Postgresql, &users(), &next, false);
        assert!(c.is_empty());
        assert_eq!(report.warnings[0].code, Code::ColumnNotInSpec);
        let (c, report) = change(DatabaseType::Postgresql, &users(), &next, true);
        assert_eq!(report.warnings[0].code, Code::DataLoss);
        assert_eq!(c.core.up, ["ALTER TABLE users DROP COLUMN email;"]);
        assert_eq!(
            c.core.down,
            ["ALTER TABLE users ADD COLUMN email VARCHAR(100);"]
        );
    }

    #[test]
    fn a_changed_primary_key_is_dropped_and_made_again_around_its_columns_changes() {
        let mut next = users();
        next.primary_key = vec!["email".into()];
        next.columns[0].auto_increment = false;
        next.columns[1].nullable = false;
        // MySQL: AUTO_INCREMENT needs a key, so the numbering goes before the old key and comes
        // back (the down migration) after it; the key goes and comes in one statement, once the
        // new key's column is NOT NULL, and a column that leaves it changes after; all in one
        // ALTER TABLE, which fails whole (MySQL commits each statement), the numbering's
        // sql_mode settings around it.
        let (c, report) = change(DatabaseType::Mysql, &users(), &next, false);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(
            c.core.up,
            ["ALTER TABLE users\n  MODIFY COLUMN id INT NOT NULL,\n  MODIFY COLUMN email VARCHAR(100) NOT NULL,\n  DROP PRIMARY KEY, ADD PRIMARY KEY (email);"]
        );
        assert_eq!(
            c.core.down,
            [
                "SET @mg_sql_mode = @@SESSION.sql_mode;",
                "SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'NO_AUTO_VALUE_ON_ZERO');",
                "ALTER TABLE users\n  DROP PRIMARY KEY, ADD PRIMARY KEY (id),\n  MODIFY COLUMN email VARCHAR(100),\n  MODIFY COLUMN id INT NOT NULL AUTO_INCREMENT;",
                "SET SESSION sql_mode = @mg_sql_mode;",
            ]
        );
        let said: Vec<(Code, Option<&str>)> = report
            .warnings
            .iter()
            .map(|w| (w.code, w.column.as_deref()))
            .collect();
        assert_eq!(
            said,
            [
                (Code::DownDataLoss, None),
                (Code::NotNullWithoutDefault, Some("id")),
                // Its AUTO_INCREMENT counter goes: the down migration counts from the largest id.
                (Code::DownDataLoss, Some("id")),
                (Code::NotNullWithoutDefault, Some("email")),
                // The new key: rows that repeat an email refuse it.
                (Code::RowsRefuseChange, Some("email")),
            ]
        );
        assert!(report.warnings[0]
            .message
            .starts_with("the down migration makes (id) the primary key of 'users' again"));
        assert_eq!(
            report.warnings[4].message,
            "adding the primary key (email) to 'users': existing rows that repeat values there make this migration fail (MySQL commits each statement: those before it stay done)"
        );
        assert!(report.warnings[1].message.starts_with("the column 'id'"));
        // PostgreSQL: the key by its name, in one statement; the numbering of the column that
        // leaves it after.
        let (c, report) = change(DatabaseType::Postgresql, &users(), &next, false);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(
            c.core.up,
            [
                "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
                "ALTER TABLE users DROP CONSTRAINT users_pkey, ADD CONSTRAINT users_pkey PRIMARY KEY (email);",
                "ALTER TABLE users ALTER COLUMN id DROP DEFAULT;",
                "DROP SEQUENCE users_id_seq;",
            ]
        );
        assert_eq!(
            c.core.down,
            [
                "CREATE SEQUENCE users_id_seq AS INTEGER OWNED BY users.id;",
                "ALTER TABLE users ALTER COLUMN id SET DEFAULT nextval('users_id_seq'::regclass);",
                "SELECT setval('users_id_seq', max(id)) FROM users HAVING max(id) >= 1;",
                "ALTER TABLE users DROP CONSTRAINT users_pkey, ADD CONSTRAINT users_pkey PRIMARY KEY (id);",
                "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;",
            ]
        );
    }

    #[test]
    fn a_dropped_auto_increment_key_comes_back_with_its_key_in_the_down_migration() {
        let mut next = users();
        next.name = "people".into();
        next.renamed_from = Some("users".into());
        next.columns.remove(0);
        next.columns[0].nullable = false;
        next.primary_key = vec!["email".into()];
        let (c, report) = change(DatabaseType::Postgresql, &users(), &next, true);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        // The old key by the name it has (the table's old one); the new one under the new.
        assert_eq!(
            c.core.up,
            [
                "ALTER TABLE users RENAME TO people;",
                "ALTER TABLE people ALTER COLUMN email SET NOT NULL;",
                "ALTER TABLE people DROP CONSTRAINT users_pkey, ADD CONSTRAINT people_pkey PRIMARY KEY (email);",
                "ALTER TABLE people DROP COLUMN id;",
            ]
        );
        assert_eq!(
            c.core.down,
            [
                "ALTER TABLE people RENAME TO users;",
                "ALTER TABLE users DROP CONSTRAINT people_pkey;",
                "ALTER TABLE users ADD COLUMN id SERIAL PRIMARY KEY;",
                "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;",
            ]
        );
        let (c, _) = change(DatabaseType::Mysql, &users(), &next, true);
        assert_eq!(
            c.core.down,
            [
                "ALTER TABLE people RENAME TO users;",
                "ALTER TABLE users\n  DROP PRIMARY KEY,\n  ADD COLUMN id INT NOT NULL AUTO_INCREMENT PRIMARY KEY FIRST,\n  MODIFY COLUMN email VARCHAR(100);",
            ]
        );
    }

    #[test]
    fn a_new_auto_increment_column_comes_with_the_key_it_is() {
        let mut previous = Table {
            name: "seats".into(),
            columns: vec![
                column("room", ColumnType::Integer),
                column("num", ColumnType::Integer),
            ],
            primary_key: vec!["room".into(), "num".into()],
            ..Default::default()
        };
        previous.columns.iter_mut().for_each(|c| c.nullable = false);
        let mut next = previous.clone();
        let mut id = column("id", ColumnType::Integer);
        id.nullable = false;
        id.auto_increment = true;
        next.columns.insert(0, id);
        next.primary_key = vec!["id".into()];
        let (c, report) = change(DatabaseType::Postgresql, &previous, &next, false);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(
            c.core.up,
            [
                "ALTER TABLE seats DROP CONSTRAINT seats_pkey;",
                "ALTER TABLE seats ADD COLUMN id SERIAL PRIMARY KEY;",
            ]
        );
        assert_eq!(
            c.core.down,
            [
                "ALTER TABLE seats DROP CONSTRAINT seats_pkey, ADD CONSTRAINT seats_pkey PRIMARY KEY (room, num);",
                "ALTER TABLE seats DROP COLUMN id;",
            ]
        );
        let (c, report) = change(DatabaseType::Mysql, &previous, &next, false);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(
            c.core.up,
            ["ALTER TABLE seats\n  DROP PRIMARY KEY,\n  ADD COLUMN id INT NOT NULL AUTO_INCREMENT PRIMARY KEY FIRST;"]
        );
        assert_eq!(
            c.core.down,
            [
                "ALTER TABLE seats\n  MODIFY COLUMN id INT NOT NULL,\n  DROP PRIMARY KEY, ADD PRIMARY KEY (room, num);",
                "ALTER TABLE seats DROP COLUMN id;",
            ]
        );
    }

    #[test]
    fn what_a_changed_key_cannot_do_is_refused_and_what_its_down_migration_cannot_give_back_is_said(
    ) {
        let errors = |tables: &[String], previous: &[String]| -> Vec<(Code, String)> {
            let result = crate::generate_str(&postgres_change(tables, previous));
            // Errors and no migration, or a migration and no errors.
            assert!(
                result.validation.errors.is_empty() != result.up_migration.is_empty(),
                "{result:?}"
            );
            result
                .validation
                .errors
                .iter()
                .map(|e| (e.code, e.message.clone()))
                .collect()
        };
        // A key reordered is another index: a table left as it is cannot keep its foreign key.
        let cells = |key: &str| {
            format!(
                r#"{{"name":"cells","columns":[{{"name":"x","type":"INTEGER","nullable":false}},{{"name":"y","type":"INTEGER","nullable":false}}],"primaryKey":{key}}}"#
            )
        };
        let marks = |existing: bool| {
            format!(
                r#"{{"name":"marks","existing":{existing},"columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"cx","type":"INTEGER","nullable":true}},{{"name":"cy","type":"INTEGER","nullable":true}}],"primaryKey":["id"],"foreignKeys":[{{"columns":["cx","cy"],"referencedTable":"cells","referencedColumns":["x","y"]}}]}}"#
            )
        };
        let found = errors(
            &[cells(r#"["y","x"]"#), marks(true)],
            &[cells(r#"["x","y"]"#), marks(false)],
        );
        assert_eq!(
            found.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
            [Code::DependentObjects],
            "{found:?}"
        );
        // Two long names that shorten to the same `_pkey`: the second is `…_pkey1`.
        let long = |end: &str, key: &str| {
            format!(
                r#"{{"name":"t{}_{end}","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"k","type":"INTEGER","nullable":false}}],"primaryKey":["{key}"]}}"#,
                "x".repeat(58)
            )
        };
        let found = errors(
            &[long("a", "id"), long("b", "k")],
            &[long("a", "id"), long("b", "id")],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Code::UnsupportedFeature);
        assert!(
            found[0].1.contains("'_pkey1'") || found[0].1.contains("…_pkey1"),
            "{found:?}"
        );
        // A UNIQUE on the new key's columns: left out, the migration drops it.
        let t = |key: &str, unique: bool| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"a","type":"INTEGER","nullable":false}}],"primaryKey":["{key}"]{}}}"#,
                if unique {
                    r#","uniqueConstraints":[{"name":"uq_a","columns":["a"]}]"#
                } else {
                    ""
                }
            )
        };
        let found = errors(&[t("a", true)], &[t("id", true)]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].1.contains("new primary key's columns"),
            "{found:?}"
        );
        assert!(errors(&[t("a", false)], &[t("id", true)]).is_empty());
        // Dropped (allowDataLoss): an auto-increment key comes back numbered anew; a column of
        // the key comes back with one value in every row.
        let mut id = column("id", ColumnType::Integer);
        id.nullable = false;
        id.auto_increment = true;
        let mut code = column("code", ColumnType::Varchar);
        code.length = Some(10);
        code.nullable = false;
        let previous = Table {
            name: "t".into(),
            columns: vec![id.clone(), code.clone()],
            primary_key: vec!["id".into()],
            ..Default::default()
        };
        let mut next = previous.clone();
        next.columns.remove(0);
        next.primary_key = vec!["code".into()];
        let (_, report) = change(DatabaseType::Postgresql, &previous, &next, true);
        let back: Vec<&str> = report
            .warnings
            .iter()
            .filter(|w| w.code == Code::DownDataLoss && w.column.as_deref() == Some("id"))
            .filter(|w| !about_column_order(&w.message))
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(back.len(), 1, "{:?}", report.warnings);
        assert!(back[0].contains("numbered anew"), "{back:?}");
        let mut plain = id.clone();
        plain.auto_increment = false;
        let keyed_by_code = Table {
            columns: vec![plain.clone(), code.clone()],
            primary_key: vec!["code".into()],
            ..previous.clone()
        };
        let keyed_by_id = Table {
            columns: vec![plain],
            primary_key: vec!["id".into()],
            ..previous.clone()
        };
        let (_, report) = change(DatabaseType::Mysql, &keyed_by_code, &keyed_by_id, true);
        let back: Vec<&str> = report
            .warnings
            .iter()
            .filter(|w| w.code == Code::DownDataLoss && w.column.as_deref() == Some("code"))
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(back.len(), 1, "{:?}", report.warnings);
        assert!(
            back[0].contains("back to the primary key (code)"),
            "{back:?}"
        );
        assert!(
            back[0].contains("with two rows or more the key (code) fails"),
            "{back:?}"
        );
        // A column dropped from a key of two: the rest of it tells the rows apart.
        let two = Table {
            primary_key: vec!["id".into(), "code".into()],
            ..keyed_by_code.clone()
        };
        let said = |db| {
            let (_, report) = change(db, &two, &keyed_by_id, true);
            report
                .warnings
                .iter()
                .find(|w| w.code == Code::DownDataLoss && w.column.as_deref() == Some("code"))
                .map(|w| w.message.clone())
                .unwrap_or_default()
        };
        assert!(said(DatabaseType::Mysql).ends_with("every row gets the type's empty value ('') there, which the key (id, code) takes, as the rest of it tells the rows apart"));
        assert!(said(DatabaseType::Postgresql).ends_with(
            "every row gets '' there, which the key (id, code) takes, as the rest of it tells the rows apart"
        ));
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
    fn a_unique_added_over_a_foreign_keys_column_on_mysql_leaves_the_key_alone() {
        let table = |unique: Option<&str>| -> Table {
            let mut org = column("org_id", ColumnType::Integer);
            org.nullable = false;
            let mut name = column("name", ColumnType::Integer);
            name.nullable = false;
            Table {
                name: "workspaces".into(),
                columns: vec![org, name],
                foreign_keys: vec![ForeignKey {
                    columns: vec!["org_id".into()],
                    referenced_table: "orgs".into(),
                    referenced_columns: vec!["id".into()],
                    on_delete: None,
                    on_update: None,
                    name: None,
                }],
                unique_constraints: unique
                    .map(|n| UniqueConstraint {
                        name: n.into(),
                        columns: vec!["org_id".into(), "name".into()],
                    })
                    .into_iter()
                    .collect(),
                ..Default::default()
            }
        };
        // Up: the UNIQUE alone (InnoDB drops the index it made for the key); dropping the key
        // around it left the table without it when duplicate rows refused the UNIQUE.
        let (c, report) = change(
            DatabaseType::Mysql,
            &table(None),
            &table(Some("uq_workspaces_org_name")),
            false,
        );
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert!(
            c.drop_foreign_keys.up.is_empty(),
            "{:?}",
            c.drop_foreign_keys.up
        );
        assert!(
            c.add_foreign_keys.up.is_empty(),
            "{:?}",
            c.add_foreign_keys.up
        );
        assert_eq!(
            c.core.up,
            ["ALTER TABLE workspaces ADD CONSTRAINT uq_workspaces_org_name UNIQUE (org_id, name);"]
        );
        // Down: the UNIQUE cannot go while the key needs it; the key goes and comes around it
        // (each step's down is the other step's statements, run in reverse order).
        assert_eq!(
            c.add_foreign_keys.down,
            ["ALTER TABLE workspaces DROP FOREIGN KEY fk_workspaces_org_id;"]
        );
        assert_eq!(c.drop_foreign_keys.down.len(), 1);
        // A new index under the name of the one made for the key: the key goes first.
        let (c, _) = change(
            DatabaseType::Mysql,
            &table(None),
            &table(Some("fk_workspaces_org_id")),
            false,
        );
        assert_eq!(
            c.drop_foreign_keys.up.len(),
            2,
            "{:?}",
            c.drop_foreign_keys.up
        );
    }

    #[test]
    fn an_auto_increment_key_changes_its_integer_type_with_its_numbering() {
        let mut next = users();
        next.columns[0].ty = ColumnType::Bigint;
        let (c, report) = change(DatabaseType::Postgresql, &users(), &next, false);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(
            c.core.up,
            [
                "ALTER TABLE users ALTER COLUMN id TYPE BIGINT USING id::BIGINT;",
                "ALTER SEQUENCE users_id_seq AS BIGINT;"
            ]
        );
        assert_eq!(
            c.core.down,
            [
                "ALTER TABLE users ALTER COLUMN id TYPE INTEGER USING id::INTEGER;",
                "ALTER SEQUENCE users_id_seq AS INTEGER;"
            ]
        );
        let warning = &report.warnings[0];
        assert_eq!(
            (warning.code, warning.column.as_deref()),
            (Code::DownDataLoss, Some("id"))
        );
        assert!(warning.message.ends_with("; the sequence users_id_seq refuses it too once it has given a number beyond INTEGER's, even to a row deleted since"), "{}", warning.message);
        assert!(warning.suggestion.as_deref().unwrap_or_default().ends_with(" (and set the sequence back: SELECT setval(pg_get_serial_sequence('users', 'id'), COALESCE(max(id), 1), max(id) IS NOT NULL) FROM users)"));
        // MySQL keeps AUTO_INCREMENT (a MODIFY without it would drop the numbering), not the
        // key, which stays.
        let (c, report) = change(DatabaseType::Mysql, &users(), &next, false);
        assert_eq!(
            c.core.up,
            ["ALTER TABLE users MODIFY COLUMN id BIGINT NOT NULL AUTO_INCREMENT;"]
        );
        assert_eq!(
            c.core.down,
            ["ALTER TABLE users MODIFY COLUMN id INT NOT NULL AUTO_INCREMENT;"]
        );
        assert!(report.warnings[0]
            .suggestion
            .as_deref()
            .unwrap_or_default()
            .contains("ALTER TABLE users AUTO_INCREMENT = 1"));
        // Narrowed, it is TYPE_NARROWING as any column, which says what else stops it, and how
        // to mend that before the migration (found by a review).
        let (_, report) = change(DatabaseType::Postgresql, &next, &users(), false);
        assert_eq!(report.errors[0].code, Code::TypeNarrowing);
        let (_, report) = change(DatabaseType::Postgresql, &next, &users(), true);
        let warning = &report.warnings[0];
        assert_eq!(warning.code, Code::TypeNarrowing);
        assert!(warning.message.ends_with("; the sequence users_id_seq refuses it too once it has given a number beyond INTEGER's, even to a row deleted since"), "{}", warning.message);
        assert!(warning.suggestion.as_deref().unwrap_or_default().ends_with("(and set the sequence back: SELECT setval(pg_get_serial_sequence('users', 'id'), COALESCE(max(id), 1), max(id) IS NOT NULL) FROM users)"));
        let (_, report) = change(DatabaseType::Mysql, &next, &users(), true);
        assert!(report.warnings[0]
            .message
            .contains("the change keeps it there and every insert after it fails"));
    }

    #[test]
    fn a_retyped_key_whose_sequence_name_another_table_shares_is_refused() {
        // `t1.x_y` and `t1_x.y` both make `t1_x_y_seq`: PostgreSQL calls the second
        // `t1_x_y_seq1`, so `ALTER SEQUENCE t1_x_y_seq` could retype the other table's (found
        // by a review).
        let t = |ty: &str| {
            [
                r#"{"name":"t1","columns":[{"name":"x_y","type":"INTEGER","nullable":false,"autoIncrement":true}]}"#.to_string(),
                format!(r#"{{"name":"t1_x","columns":[{{"name":"y","type":"{ty}","nullable":false,"autoIncrement":true}}]}}"#),
            ]
        };
        let result = crate::generate_str(&postgres_change(&t("BIGINT"), &t("INTEGER")));
        let errors: Vec<_> = result
            .validation
            .errors
            .iter()
            .map(|e| (e.code, e.table.as_deref(), e.column.as_deref()))
            .collect();
        assert_eq!(
            errors,
            [(Code::UnsupportedFeature, Some("t1_x"), Some("y"))]
        );
        assert!(result.up_migration.is_empty());
        // Alone, the same change is made.
        let alone = |ty: &str| [t(ty)[1].clone()];
        let result = crate::generate_str(&postgres_change(&alone("BIGINT"), &alone("INTEGER")));
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        assert!(result
            .up_migration
            .contains("ALTER SEQUENCE t1_x_y_seq AS BIGINT;"));
    }

    #[test]
    fn a_widened_key_passes_the_self_check_beside_a_regular_expression() {
        // sqlparser's tokenizer, which such a block goes through, keeps whitespace (a review
        // found GENERATED_SQL_REJECTED).
        let t = |ty: &str, check: &str| {
            [format!(
                r#"{{"name":"users","columns":[{{"name":"id","type":"{ty}","nullable":false,"autoIncrement":true}},{{"name":"v","type":"TEXT","nullable":true}}]{check}}}"#
            )]
        };
        let check = r#","checkConstraints":[{"name":"ck_v","expression":"v ~ '^[a-z]+$' AND length(v) < 1e5"}]"#;
        for (now, before) in [
            (t("BIGINT", check), t("INTEGER", "")),
            (t("BIGINT", ""), t("INTEGER", check)),
        ] {
            let result = crate::generate_str(&postgres_change(&now, &before));
            assert!(result.validation.valid, "{:?}", result.validation.errors);
            assert!(result
                .up_migration
                .contains("ALTER SEQUENCE users_id_seq AS BIGINT;"));
        }
    }

    #[test]
    fn a_key_gains_or_loses_its_numbering() {
        let mut plain = users();
        plain.columns[0].auto_increment = false;
        let numbering = [
            "CREATE SEQUENCE users_id_seq AS INTEGER OWNED BY users.id;",
            "ALTER TABLE users ALTER COLUMN id SET DEFAULT nextval('users_id_seq'::regclass);",
            "SELECT setval('users_id_seq', max(id)) FROM users HAVING max(id) >= 1;",
        ];
        let unnumbering = [
            "ALTER TABLE users ALTER COLUMN id DROP DEFAULT;",
            "DROP SEQUENCE users_id_seq;",
        ];
        let (c, report) = change(DatabaseType::Postgresql, &plain, &users(), false);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(c.core.up, numbering);
        assert_eq!(c.core.down, unnumbering);
        let (c, report) = change(DatabaseType::Postgresql, &users(), &plain, false);
        assert_eq!(c.core.up, unnumbering);
        // Every insert must now give the key, which a warning says; and the sequence goes, so
        // the down migration's new one counts from the largest key (another warning).
        assert_eq!(
            report
                .warnings
                .iter()
                .map(|w| (w.code, w.column.as_deref()))
                .collect::<Vec<_>>(),
            [
                (Code::NotNullWithoutDefault, Some("id")),
                (Code::DownDataLoss, Some("id"))
            ]
        );
        assert_eq!(c.core.down, numbering);
        // A CHECK over the key reads as before: left alone (found by a review).
        let check = CheckConstraint {
            name: "ck_id".into(),
            expression: "id > -10".into(),
        };
        let (mut checked_plain, mut checked) = (plain.clone(), users());
        checked_plain.check_constraints.push(check.clone());
        checked.check_constraints.push(check);
        let (c, _) = change(DatabaseType::Postgresql, &checked_plain, &checked, false);
        assert_eq!(c.core.up, numbering);
        // Widened at once: the sequence is made in the new type.
        let mut wide = users();
        wide.columns[0].ty = ColumnType::Bigint;
        let (c, _) = change(DatabaseType::Postgresql, &plain, &wide, false);
        assert_eq!(
            c.core.up[..2],
            [
                "ALTER TABLE users ALTER COLUMN id TYPE BIGINT USING id::BIGINT;",
                "CREATE SEQUENCE users_id_seq AS BIGINT OWNED BY users.id;"
            ]
        );
        // MySQL: AUTO_INCREMENT in the definition; made so with NO_AUTO_VALUE_ON_ZERO for the
        // statement, so that a row holding 0 keeps it.
        let (c, _) = change(DatabaseType::Mysql, &plain, &users(), false);
        assert_eq!(
            c.core.up,
            [
                "SET @mg_sql_mode = @@SESSION.sql_mode;",
                "SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'NO_AUTO_VALUE_ON_ZERO');",
                "ALTER TABLE users MODIFY COLUMN id INT NOT NULL AUTO_INCREMENT;",
                "SET SESSION sql_mode = @mg_sql_mode;"
            ]
        );
        assert_eq!(
            c.core.down,
            ["ALTER TABLE users MODIFY COLUMN id INT NOT NULL;"]
        );
        // Not while the column or the table is renamed.
        let mut renamed = users();
        renamed.name = "people".into();
        renamed.renamed_from = Some("users".into());
        for db in [DatabaseType::Postgresql, DatabaseType::Mysql] {
            let (_, report) = change(db, &plain, &renamed, true);
            assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
            assert_eq!(report.errors[0].code, Code::UnsupportedFeature);
            assert!(report.errors[0]
                .message
                .contains("while its table is renamed"));
        }
    }

    #[test]
    fn a_column_made_unique_gets_the_name_the_database_would_give_it() {
        let mut next = users();
        next.columns[1].unique = true;
        let (c, _) = change(DatabaseType::Postgresql, &users(), &next, false);
        assert_eq!(
            c.core.up,
            ["ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);"]
        );
        assert_eq!(
            c.core.down,
            ["ALTER TABLE users DROP CONSTRAINT users_email_key;"]
        );
        let (c, _) = change(DatabaseType::Mysql, &users(), &next, false);
        assert_eq!(c.core.down, ["ALTER TABLE users DROP INDEX email;"]);
    }

    #[test]
    fn postgres_cuts_generated_names_as_postgres_does() {
        let long = "a".repeat(60);
        assert_eq!(
            crate::dialect::postgres_object_name(&long, Some("email"), "key"),
            format!("{}_email_key", "a".repeat(53))
        );
        assert_eq!(
            crate::dialect::postgres_object_name("t", Some("c"), "key"),
            "t_c_key"
        );
    }

    #[test]
    fn a_column_unique_whose_generated_name_another_object_shares_is_refused() {
        let table = |name: &str, column: &str, unique: bool| {
            format!(
                r#"{{"name":"{name}","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"{column}","type":"INTEGER","nullable":true,"unique":{unique}}}],"primaryKey":["id"]}}"#
            )
        };
        let spec = |tables: [String; 2], previous: [String; 2]| postgres_change(&tables, &previous);
        // t1.x_y and t1_x.y both make t1_x_y_key: the second one created is t1_x_y_key1.
        let result = crate::generate_str(&spec(
            [table("t1", "x_y", true), table("t1_x", "y", true)],
            [table("t1", "x_y", true), table("t1_x", "y", false)],
        ));
        let errors: Vec<(Code, Option<&str>)> = result
            .validation
            .errors
            .iter()
            .map(|e| (e.code, e.column.as_deref()))
            .collect();
        assert_eq!(
            errors,
            [(Code::UnsupportedFeature, Some("y"))],
            "{:?}",
            result.validation.errors
        );
        assert!(result.validation.errors[0].message.contains("'t1_x_y_key'"));
        // Alone with its name, it is added under it.
        let result = crate::generate_str(&spec(
            [table("t1", "x_y", false), table("t1_x", "y", true)],
            [table("t1", "x_y", false), table("t1_x", "y", false)],
        ));
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        assert!(
            result
                .up_migration
                .contains("ADD CONSTRAINT t1_x_y_key UNIQUE (y)"),
            "{}",
            result.up_migration
        );
        // MySQL names it after the column, in its table: nothing is shared.
        let result = crate::generate_str(
            &spec(
                [table("t1", "x_y", true), table("t1_x", "y", true)],
                [table("t1", "x_y", true), table("t1_x", "y", false)],
            )
            .replace("postgresql", "mysql"),
        );
        assert!(result.validation.valid, "{:?}", result.validation.errors);
    }

    /// Checked on PostgreSQL 15: two UNIQUE columns of one table whose `{table}_{column}_key`
    /// shortens to the same 63 bytes are `…_key` and `…_key1`, the second by when it was made;
    /// dropping the first name dropped the other column's UNIQUE (its column no longer unique),
    /// and adding a UNIQUE under it failed ("relation already exists").
    #[test]
    fn unique_columns_of_one_table_whose_generated_names_shorten_alike_are_refused() {
        let long = |prefix: &str, end: &str| format!("{prefix}_{}{end}", "x".repeat(56));
        let (t, a, b) = (long("tab", ""), long("col", "a"), long("col", "b"));
        let shared = crate::dialect::postgres_object_name(&t, Some(&a), "key");
        assert_eq!(
            shared,
            crate::dialect::postgres_object_name(&t, Some(&b), "key")
        );
        // The table `name` (renamed from `from`), with `a` and the column `b` (renamed from
        // `b_from`), each unique or not.
        let table = |name: &str,
                     from: Option<&str>,
                     a_unique: bool,
                     b: &str,
                     b_from: Option<&str>,
                     b_unique: bool| {
            let renamed = |from: Option<&str>| {
                from.map(|f| format!(r#","renamedFrom":"{f}""#))
                    .unwrap_or_default()
            };
            format!(
                r#"{{"name":"{name}"{},"columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"{a}","type":"INTEGER","nullable":true,"unique":{a_unique}}},{{"name":"{b}","type":"INTEGER","nullable":true,"unique":{b_unique}{}}},{{"name":"z","type":"INTEGER","nullable":true}}],"primaryKey":["id"]}}"#,
                renamed(from),
                renamed(b_from)
            )
        };
        let refused = |tables: String, previous: String| -> Vec<(Code, Option<String>, bool)> {
            let result = crate::generate_str(&postgres_change(&[tables], &[previous]));
            result
                .validation
                .errors
                .iter()
                .map(|e| {
                    (
                        e.code,
                        e.column.clone(),
                        e.message.contains(&format!("'{shared}'")),
                    )
                })
                .collect()
        };
        let one = |column: &str| vec![(Code::UnsupportedFeature, Some(column.to_string()), true)];
        // `unique` added to b: its name is a's.
        assert_eq!(
            refused(
                table(&t, None, true, &b, None, true),
                table(&t, None, true, &b, None, false)
            ),
            one(&b)
        );
        // `unique` removed from b (or from a): which of the two has the name is not known.
        assert_eq!(
            refused(
                table(&t, None, true, &b, None, false),
                table(&t, None, true, &b, None, true)
            ),
            one(&b)
        );
        assert_eq!(
            refused(
                table(&t, None, false, &b, None, true),
                table(&t, None, true, &b, None, true)
            ),
            one(&a)
        );
        // b renamed away from the shared name, or onto it.
        assert_eq!(
            refused(
                table(&t, None, true, "short_b", Some(&b), true),
                table(&t, None, true, &b, None, true)
            ),
            one(&b)
        );
        assert_eq!(
            refused(
                table(&t, None, true, &b, Some("short_b"), true),
                table(&t, None, true, "short_b", None, true)
            ),
            one(&b)
        );
        // The table renamed: both names renamed.
        let errors = refused(
            table("short_t", Some(&t), true, &b, None, true),
            table(&t, None, true, &b, None, true),
        );
        assert_eq!(
            errors.iter().map(|e| e.0).collect::<Vec<_>>(),
            [Code::UnsupportedFeature, Code::UnsupportedFeature],
            "{errors:?}"
        );
        // Any other change leaves both names as they are.
        let result = crate::generate_str(&postgres_change(
            &[table(&t, None, true, &b, None, true).replace(
                r#""name":"z","type":"INTEGER""#,
                r#""name":"z","type":"BIGINT""#,
            )],
            &[table(&t, None, true, &b, None, true)],
        ));
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        assert_eq!(
            result.up_migration.matches("ALTER TABLE").count(),
            1,
            "{}",
            result.up_migration
        );
        // Short names are each their own: b's UNIQUE comes and goes under its name.
        let result = crate::generate_str(&postgres_change(
            &[table("t", None, true, "b", None, true).replace(&a, "a")],
            &[table("t", None, true, "b", None, false).replace(&a, "a")],
        ));
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        assert!(
            result
                .up_migration
                .contains("ADD CONSTRAINT t_b_key UNIQUE (b)"),
            "{}",
            result.up_migration
        );
    }

    /// Checked on PostgreSQL 15: with `users.email` renamed `people.mail` in one migration, the
    /// UNIQUE went `users_email_key` → `people_email_key` → `people_mail_key` and the sequence
    /// `users_id_seq` → `people_id_seq` → `people_uid_seq`; another table's index named
    /// `people_email_key` or `people_id_seq` (or, for the down migration, `users_mail_key` or
    /// `users_uid_seq`) made the migration fail.
    #[test]
    fn a_table_and_its_columns_renamed_at_once_rename_generated_names_straight_to_their_final_ones()
    {
        let other = r#"{"name":"other","columns":[{"name":"id","type":"INTEGER","nullable":false},{"name":"z","type":"INTEGER","nullable":true}],"primaryKey":["id"],"indexes":[{"name":"people_email_key","columns":["z"]},{"name":"people_id_seq","columns":["id","z"]},{"name":"users_mail_key","columns":["z","id"]},{"name":"users_uid_seq","columns":["id"]}]}"#;
        let users = r#"{"name":"users","columns":[{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},{"name":"email","type":"VARCHAR","length":100,"nullable":true,"unique":true}],"primaryKey":["id"]}"#;
        let people = r#"{"name":"people","renamedFrom":"users","columns":[{"name":"uid","renamedFrom":"id","type":"INTEGER","nullable":false,"autoIncrement":true},{"name":"mail","renamedFrom":"email","type":"VARCHAR","length":100,"nullable":true,"unique":true}],"primaryKey":["uid"]}"#;
        let result = crate::generate_str(&postgres_change(
            &[people.to_string(), other.to_string()],
            &[users.to_string(), other.to_string()],
        ));
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        let statements = |sql: &str| -> Vec<String> {
            sql.lines()
                .filter(|l| l.starts_with("ALTER TABLE"))
                .map(str::to_string)
                .collect()
        };
        assert_eq!(
            statements(&result.up_migration),
            [
                "ALTER TABLE users RENAME TO people;",
                "ALTER TABLE people RENAME COLUMN id TO uid;",
                "ALTER TABLE people RENAME COLUMN email TO mail;",
                "ALTER TABLE people RENAME CONSTRAINT users_pkey TO people_pkey;",
                "ALTER TABLE users_id_seq RENAME TO people_uid_seq;",
                "ALTER TABLE people RENAME CONSTRAINT users_email_key TO people_mail_key;",
            ],
            "{}",
            result.up_migration
        );
        assert_eq!(
            statements(&result.down_migration),
            [
                "ALTER TABLE people RENAME TO users;",
                "ALTER TABLE users RENAME COLUMN uid TO id;",
                "ALTER TABLE users RENAME COLUMN mail TO email;",
                "ALTER TABLE users RENAME CONSTRAINT people_pkey TO users_pkey;",
                "ALTER TABLE people_uid_seq RENAME TO users_id_seq;",
                "ALTER TABLE users RENAME CONSTRAINT people_mail_key TO users_email_key;",
            ],
            "{}",
            result.down_migration
        );
        // A UNIQUE that goes from a renamed column of a renamed table goes under its name.
        let unkeyed = people.replace(r#","unique":true"#, "");
        let result = crate::generate_str(&postgres_change(
            &[unkeyed, other.to_string()],
            &[users.to_string(), other.to_string()],
        ));
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        assert!(
            result
                .up_migration
                .contains("ALTER TABLE people DROP CONSTRAINT users_email_key;"),
            "{}",
            result.up_migration
        );
        assert!(
            result
                .down_migration
                .contains("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);"),
            "{}",
            result.down_migration
        );
    }

    /// A generated name that another one of the table has until it is renamed waits for it;
    /// names that go round a cycle are refused.
    #[test]
    fn generated_names_are_renamed_in_an_order_in_which_none_is_taken() {
        let table = |name: &str, extra: &str, columns: &[(&str, &str)]| {
            let columns: Vec<String> = columns
                .iter()
                .map(|(c, from)| {
                    let from = if from.is_empty() {
                        String::new()
                    } else {
                        format!(r#","renamedFrom":"{from}""#)
                    };
                    format!(
                        r#"{{"name":"{c}","type":"INTEGER","nullable":true,"unique":true{from}}}"#
                    )
                })
                .collect();
            format!(
                r#"{{"name":"{name}"{extra},"columns":[{{"name":"id","type":"INTEGER","nullable":false}},{}],"primaryKey":["id"]}}"#,
                columns.join(",")
            )
        };
        // t renamed t_x, x_y renamed w, y listed first: y's new name t_x_y_key is x_y's until
        // x_y's is renamed.
        let result = crate::generate_str(&postgres_change(
            &[table(
                "t_x",
                r#","renamedFrom":"t""#,
                &[("y", ""), ("w", "x_y")],
            )],
            &[table("t", "", &[("y", ""), ("x_y", "")])],
        ));
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        let at = |sql: &str, statement: &str| {
            sql.find(statement)
                .unwrap_or_else(|| panic!("{statement} not in {sql}"))
        };
        let up = &result.up_migration;
        assert!(
            at(up, "RENAME CONSTRAINT t_x_y_key TO t_x_w_key;")
                < at(up, "RENAME CONSTRAINT t_y_key TO t_x_y_key;"),
            "{up}"
        );
        let down = &result.down_migration;
        assert!(
            at(down, "RENAME CONSTRAINT t_x_y_key TO t_y_key;")
                < at(down, "RENAME CONSTRAINT t_x_w_key TO t_x_y_key;"),
            "{down}"
        );
        // p renamed p_q, q_n renamed m and q_m renamed n: p_q_n_key becomes m's name p_q_m_key,
        // which q_m's is until it becomes p_q_n_key.
        let result = crate::generate_str(&postgres_change(
            &[table(
                "p_q",
                r#","renamedFrom":"p""#,
                &[("m", "q_n"), ("n", "q_m")],
            )],
            &[table("p", "", &[("q_n", ""), ("q_m", "")])],
        ));
        let errors: Vec<(Code, Option<&str>)> = result
            .validation
            .errors
            .iter()
            .map(|e| (e.code, e.table.as_deref()))
            .collect();
        assert_eq!(
            errors,
            [(Code::UnsupportedFeature, Some("p_q"))],
            "{:?}",
            result.validation.errors
        );
        assert!(
            result.validation.errors[0].message.contains("'p_q_n_key'"),
            "{}",
            result.validation.errors[0].message
        );
    }

    #[test]
    fn a_table_renamed_is_altered_and_what_renamed_from_says_wrong_is_an_error() {
        let table = |name: &str, extra: &str| {
            format!(
                r#"{{"name":"{name}","columns":[{{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}}]{extra}}}"#
            )
        };
        let spec = postgres_change;
        let orders = |to: &str, existing: bool| {
            format!(
                r#"{{"name":"orders","existing":{existing},"columns":[{{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}},{{"name":"user_id","type":"INTEGER","nullable":true}}],"foreignKeys":[{{"columns":["user_id"],"referencedTable":"{to}","referencedColumns":["id"]}}]}}"#
            )
        };
        let (orders, previous_orders) = (orders("people", true), orders("users", false));
        let result = crate::generate_str(&spec(
            &[table("people", r#","renamedFrom":"users""#), orders.clone()],
            &[table("users", ""), previous_orders.clone()],
        ));
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        assert_eq!(
            result.up_migration.trim_end(),
            "ALTER TABLE users RENAME TO people;\nALTER TABLE people RENAME CONSTRAINT users_pkey TO people_pkey;\nALTER TABLE users_id_seq RENAME TO people_id_seq;"
        );
        use crate::output::Operation;
        assert_eq!(result.metadata.operations[0].operation, Operation::Alter);
        let refused = |tables: &[String], previous: &[String]| -> Vec<String> {
            let result = crate::generate_str(&spec(tables, previous));
            result
                .validation
                .errors
                .iter()
                .map(|e| e.message.clone())
                .collect()
        };
        let neither = refused(
            &[table("people", r#","renamedFrom":"usr""#)],
            &[table("users", "")],
        );
        assert!(
            neither[0].contains("has neither 'usr' nor 'people'"),
            "{neither:?}"
        );
        let still = refused(
            &[
                table("people", r#","renamedFrom":"users""#),
                table("users", ""),
            ],
            &[table("users", "")],
        );
        assert!(
            still[0].contains("still lists a table 'users'"),
            "{still:?}"
        );
        let both = refused(
            &[table("people", r#","renamedFrom":"users""#)],
            &[table("users", ""), table("people", "")],
        );
        assert!(
            both[0].contains("has both 'users' and 'people'"),
            "{both:?}"
        );
        // Two tables swapped, with columns of their own renamed: the two refusals only, not
        // what comparing each with the other's previous table would say of its columns.
        let with_column = |name: &str, extra: &str| {
            format!(
                r#"{{"name":"{name}","columns":[{{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}},{{"name":"y","type":"TEXT","nullable":false,"renamedFrom":"x"}}]{extra}}}"#
            )
        };
        let swapped = refused(
            &[
                with_column("people", r#","renamedFrom":"users""#),
                table("users", r#","renamedFrom":"people""#),
            ],
            &[
                with_column("users", "").replace(
                    r#""name":"y","type":"TEXT","nullable":false,"renamedFrom":"x""#,
                    r#""name":"x","type":"TEXT","nullable":false"#,
                ),
                table("people", ""),
            ],
        );
        assert_eq!(swapped.len(), 2, "{swapped:?}");
        assert!(
            swapped.iter().all(|m| m.contains("(nor two swapped)")),
            "{swapped:?}"
        );
        // Once made, the rename is in previousSpec: nothing is renamed again.
        let done = crate::generate_str(&spec(
            &[table("people", r#","renamedFrom":"users""#)],
            &[table("people", "")],
        ));
        assert_eq!(done.metadata.operations[0].operation, Operation::Skip);
    }

    #[test]
    fn renames_onto_a_generated_name_another_object_has_are_refused_and_others_say_what_is_wrong() {
        let table = |name: &str, column: &str, extra: &str| {
            format!(
                r#"{{"name":"{name}","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"{column}","type":"INTEGER","nullable":true,"unique":true{extra}}}],"primaryKey":["id"]}}"#
            )
        };
        let codes = |tables: &[String], previous: &[String]| -> Vec<(Code, Option<String>)> {
            let result = crate::generate_str(&postgres_change(tables, previous));
            result
                .validation
                .errors
                .iter()
                .map(|e| (e.code, e.table.clone()))
                .collect()
        };
        // t9 renamed to t1_x: its y's UNIQUE becomes t1_x_y_key, which t1.x_y's has.
        let renamed_table = format!(
            r#"{},"renamedFrom":"t9"}}"#,
            table("t1_x", "y", "").trim_end_matches('}')
        );
        assert_eq!(
            codes(
                &[table("t1", "x_y", ""), renamed_table],
                &[table("t1", "x_y", ""), table("t9", "y", "")]
            ),
            [(Code::UnsupportedFeature, Some("t1_x".to_string()))]
        );
        // t1_x.z renamed to y: the same name.
        assert_eq!(
            codes(
                &[
                    table("t1", "x_y", ""),
                    table("t1_x", "y", r#","renamedFrom":"z""#)
                ],
                &[table("t1", "x_y", ""), table("t1_x", "z", "")]
            ),
            [(Code::UnsupportedFeature, Some("t1_x".to_string()))]
        );
        // A table renamed to a long name whose `{table}_pkey` (the table's name cut to 58
        // bytes) another table's has: no UNIQUE column to declare otherwise.
        let long = |end: &str| format!("{}{end}", "p".repeat(58));
        let keyed = |name: &str| {
            format!(
                r#"{{"name":"{name}","columns":[{{"name":"id","type":"INTEGER","nullable":false}}],"primaryKey":["id"]}}"#
            )
        };
        let result = crate::generate_str(&postgres_change(
            &[
                keyed(&long("aaa")),
                format!(
                    r#"{},"renamedFrom":"d"}}"#,
                    keyed(&long("bbb")).trim_end_matches('}')
                ),
            ],
            &[keyed(&long("aaa")), keyed("d")],
        ));
        let errors = &result.validation.errors;
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0]
                .message
                .contains(&format!("the name '{}_pkey'", "p".repeat(58)))
                && errors[0].message.contains("(another table's)")
                && errors[0].column.is_none(),
            "{errors:?}"
        );
        assert_eq!(
            errors[0].suggestion.as_deref(),
            Some("choose a table or column name whose generated names no other object has")
        );
        // renamedFrom its own name renames nothing.
        assert!(codes(
            &[table("t1", "x_y", r#","renamedFrom":"x_y""#)],
            &[table("t1", "x_y", "")]
        )
        .is_empty());
        // A column of a table marked existing is not renamed.
        let existing = table("t1", "x_z", r#","renamedFrom":"x_y""#).replacen(
            r#""name":"t1","#,
            r#""name":"t1","existing":true,"#,
            1,
        );
        assert_eq!(
            codes(&[existing], &[table("t1", "x_y", "")]),
            [(Code::InvalidSpec, Some("t1".to_string()))]
        );
    }

    #[test]
    fn json_to_jsonb_is_a_warning_and_jsonb_to_json_a_widening() {
        let table = |ty: &str| {
            format!(
                r#"{{"name":"docs","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"body","type":"{ty}","nullable":true}}],"primaryKey":["id"]}}"#
            )
        };
        let result = crate::generate_str(&postgres_change(&[table("JSONB")], &[table("JSON")]));
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        let codes: Vec<Code> = result.validation.warnings.iter().map(|w| w.code).collect();
        assert_eq!(codes, [Code::TypeNarrowing]);
        assert!(
            result
                .up_migration
                .contains("ALTER COLUMN body TYPE JSONB USING body::JSONB"),
            "{}",
            result.up_migration
        );
        let back = crate::generate_str(&postgres_change(&[table("JSON")], &[table("JSONB")]));
        assert!(back.validation.valid, "{:?}", back.validation.errors);
        // The down migration writes the values as JSONB again.
        let codes: Vec<Code> = back.validation.warnings.iter().map(|w| w.code).collect();
        assert_eq!(codes, [Code::DownDataLoss]);
        assert!(back.validation.warnings[0]
            .message
            .contains("written as JSONB again"));
    }

    /// On PostgreSQL a type change whose values have no meaning in the new type (or back, for
    /// the down migration) is `UNSUPPORTED_FEATURE` on the table and column, with allowDataLoss
    /// too, and nothing is written for the table; MySQL converts it. One that has a meaning
    /// converts both ways with its `USING`.
    #[test]
    fn a_type_change_postgresql_cannot_convert_is_refused_and_others_convert_both_ways() {
        let table = |ty: ColumnType| {
            let mut t = users();
            t.columns.push(column("flag", ty));
            t
        };
        for (from, to) in [
            (ColumnType::Boolean, ColumnType::Timestamp),
            (ColumnType::Timestamp, ColumnType::Bigint),
            (ColumnType::Uuid, ColumnType::Integer),
            (ColumnType::Blob, ColumnType::Jsonb),
        ] {
            let (c, report) = change(DatabaseType::Postgresql, &table(from), &table(to), true);
            assert!(c.is_empty(), "{from:?} to {to:?}");
            assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
            let e = &report.errors[0];
            assert_eq!(
                (e.code, e.table.as_deref(), e.column.as_deref()),
                (Code::UnsupportedFeature, Some("users"), Some("flag"))
            );
            assert!(e.suggestion.as_deref().unwrap().contains("UPDATE"));
            assert!(report.warnings.is_empty(), "{:?}", report.warnings);
            let (_, mysql) = change(DatabaseType::Mysql, &table(from), &table(to), true);
            assert!(mysql.errors.is_empty(), "{:?}", mysql.errors);
        }
        let (c, report) = change(
            DatabaseType::Postgresql,
            &table(ColumnType::Boolean),
            &table(ColumnType::Tinyint),
            true,
        );
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(
            c.core.up,
            ["ALTER TABLE users ALTER COLUMN flag TYPE SMALLINT USING flag::INTEGER;"]
        );
        assert_eq!(
            c.core.down,
            ["ALTER TABLE users ALTER COLUMN flag TYPE BOOLEAN USING flag <> 0;"]
        );
    }

    /// What a user trial of MySQL changes found said wrong: a UUID (CHAR(36) there) made
    /// VARCHAR(36) was a narrowing; VARCHAR(20) made INT warned that the down migration refuses
    /// text longer than 20 characters, which no INT has; a TEXT or JSON default filling NULLs
    /// was shown as MySQL's hex.
    #[test]
    fn mysql_uuid_to_varchar_int_text_back_and_filled_strings_are_said_as_they_are() {
        let column = |c: &str| {
            format!(
                r#"{{"name":"t","timestamps":false,"columns":[{{"name":"id","type":"INT","nullable":false}},{c}],"primaryKey":["id"]}}"#
            )
        };
        let said = |db: &str, was: &str, is: &str| -> Vec<(Code, String)> {
            let r = crate::generate_str(&spec_change_of(
                db,
                &column(is),
                &column(was),
                r#","allowDataLoss":true"#,
            ));
            (r.validation.errors.iter().chain(&r.validation.warnings))
                .map(|i| (i.code, i.message.clone()))
                .collect()
        };
        let uuid = r#"{"name":"n","type":"UUID","nullable":true}"#;
        let varchar =
            |n: u32| format!(r#"{{"name":"n","type":"VARCHAR","length":{n},"nullable":true}}"#);
        let codes = |v: Vec<(Code, String)>| v.into_iter().map(|(c, _)| c).collect::<Vec<_>>();
        assert_eq!(
            codes(said("mysql", uuid, &varchar(36))),
            [Code::DownDataLoss]
        );
        // The down migration takes a VARCHAR(35) back into MySQL's CHAR(36) whole, but for the
        // spaces at a value's end; PostgreSQL's UUID, its own type, refuses text that is no UUID.
        assert_eq!(
            said("mysql", uuid, &varchar(35)),
            [
                (Code::DownDataLoss, "the down migration changes 'n' back from VARCHAR(35) to CHAR(36), which, for the values written since as for the others, loses the spaces at the end of each value (MySQL reads a CHAR without them), and nothing is refused".to_string()),
                (Code::TypeNarrowing, "changing 'n' from CHAR(36) to VARCHAR(35) keeps every value of at most 35 characters, and a value longer than 35 characters, spaces at its end included, refuses the migration (strict mode, which the generated file sets: Data truncated, or Data too long); nothing is cut".to_string() + " (" + crate::commit_order::MYSQL_REFUSAL_LEAVES + ")"),
            ]
        );
        // Every UUID's text has 36 characters: no narrowing (a user trial was refused it).
        assert_eq!(
            said("postgresql", uuid, &varchar(36)),
            [
                (Code::DownDataLoss, "the down migration changes 'n' back to UUID: a value written since that UUID cannot hold is refused (text that does not read as the old type)".to_string()),
            ]
        );
        for db in ["mysql", "postgresql"] {
            let int = r#"{"name":"n","type":"INT","nullable":true}"#;
            assert_eq!(
                codes(said(db, &varchar(20), int)),
                // (And the text the down migration does not give back: '007' as '7'.)
                [Code::TypeNarrowing, Code::DownDataLoss],
                "{db}"
            );
            // -2147483648: 11 characters.
            assert_eq!(
                codes(said(db, &varchar(10), int)),
                [Code::DownDataLoss, Code::TypeNarrowing, Code::DownDataLoss],
                "{db}"
            );
            let decimal =
                r#"{"name":"n","type":"DECIMAL","precision":6,"scale":2,"nullable":true}"#;
            assert_eq!(
                codes(said(db, &varchar(8), decimal)),
                [Code::TypeNarrowing, Code::DownDataLoss],
                "{db}"
            );
            assert_eq!(
                codes(said(db, &varchar(7), decimal)),
                [Code::DownDataLoss, Code::TypeNarrowing, Code::DownDataLoss],
                "{db}"
            );
        }
        let text = |nullable: bool| {
            format!(r#"{{"name":"n","type":"TEXT","nullable":{nullable},"default":"a'b\\c 😀"}}"#)
        };
        let filled = said("mysql", &text(true), &text(false));
        assert_eq!(filled.len(), 1);
        assert!(filled[0].1.starts_with("'n' becomes NOT NULL with the default 'a'b\\c 😀': the up migration writes 'a'b\\c 😀' into"), "{}", filled[0].1);
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
