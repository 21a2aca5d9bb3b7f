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
mod foreign_keys;
mod indexes;
mod kept;
mod left_out;
mod moved;
mod nulls_filled;
mod one_value;
mod order;
mod previous_tables;
mod put_back;
mod statements;
#[cfg(test)]
mod test_support;
mod type_change;

use self::column_back::{back_at_the_end, column_back};
use self::foreign_keys::foreign_key_changes;
use self::kept::{kept_foreign_keys, kept_part, kept_refused, replaced_on_kept, with_kept};
use self::statements::core_statements;
use self::type_change::{
    char_back_suggestion, char_padding, mysql_narrowed_back, narrowed_back, narrowed_numbering,
    postgres_narrowed_back, refused_by_rules, rounded_out_query, text_of, widens,
};
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
pub use statements::drop_tables;

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
}
