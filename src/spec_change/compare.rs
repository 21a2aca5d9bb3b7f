//! The comparison of one table of `previousSpec` with the spec's: columns added, dropped or
//! kept, renamed and retyped, with what each change does to the rows, and the table's
//! statements both ways.

use super::column_back::{back_at_the_end, column_back};
use super::foreign_keys::foreign_key_changes;
use super::generated_names::generated_renames;
use super::kept::{kept_foreign_keys, kept_part, kept_refused, replaced_on_kept, with_kept};
use super::moved::Moved;
use super::nulls_filled::timestamp_filled;
use super::one_value::{
    added_together_with_one_value, added_with_one_value, dropped_together_with_one_value,
    keeps_apart, unique_alone,
};
use super::order::{MovedNames, TableChange};
use super::put_back::{put_back, Around};
use super::renames::{rename_table, renames_and_refused, with_renamed};
use super::statements::core_statements;
use super::type_change::{
    char_back_suggestion, char_padding, mysql_narrowed_back, narrowed_back, narrowed_numbering,
    postgres_narrowed_back, refused_by_rules, rounded_out_query, text_of, widens,
};
use super::{as_created, column_type};
use crate::conversion::Said;
use crate::dialect::{column_list, Dialect, GeneratedName};
use crate::report::{Code, Issue, Report};
use crate::spec::*;
use crate::steps::AlterStep;
use std::borrow::Cow;
use std::collections::HashSet;

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
            // A MySQL TEXT column made VARCHAR(255) only by a new key: why, and what to do.
            let (prev_col, new_col) = ((previous, old), (&*kept_view, new));
            crate::mysql_key_text::explain(d, prev_col, new_col, allow_data_loss, &mut issue);
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
        keeps_key_targets: [
            super::order::keeps_key_targets(original, table),
            super::order::keeps_key_targets(table, original),
        ],
    }
}

/// The `ROWS_REFUSE_CHANGE` warnings of the rules (a UNIQUE, a foreign key, a CHECK) that
/// `table` gets and previousSpec's `original` (`renamed`: with the columns the spec renames
/// renamed) lacks: the engine checks each against every row already there (see
/// [`crate::rows_refuse_hints::warnings`]). Not of a foreign key to a table in a refused rename:
/// the rename is refused, and what rows it finds is not known.
pub(super) fn rows_refuse_warnings(
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

#[cfg(test)]
mod tests {
    use super::*;
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
}
