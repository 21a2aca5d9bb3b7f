//! The comparison of each of the spec's columns with the one of previousSpec's table it
//! continues (the same name, once renamed): what adding it does to the rows there, and what
//! each change of a kept column does both ways — its numbering, its NULLs, its type.

use super::column_type;
use super::compare::Compared;
use super::nulls_filled::timestamp_filled;
use super::one_value::{added_with_one_value, unique_alone};
use super::type_change::{
    char_back_suggestion, char_padding, mysql_narrowed_back, narrowed_back, narrowed_numbering,
    postgres_narrowed_back, refused_by_rules, rounded_out_query, text_of, widens,
};
use crate::conversion::Said;
use crate::report::{Code, Issue, Report};
use crate::spec::*;

/// Files the issues of the spec's columns, in the spec's order (but those of a refused rename,
/// see [`Compared::skipped`]): of a new column, what the rows there get; of a column
/// previousSpec has, what its change does. Returns whether a type change's new type may refuse
/// a value the rows hold, as its `TYPE_NARROWING` says: where the change runs on MySQL
/// (`crate::commit_order`).
pub(super) fn column_changes(cx: &Compared, report: &mut Report) -> bool {
    let mut types_refuse = false;
    for new in (cx.table.columns.iter()).filter(|c| !cx.skipped.contains(c.name.as_str())) {
        match cx.previous.column(&new.name) {
            None => added_column(cx, new, report),
            Some(old) => types_refuse |= changed_column(cx, old, new, report),
        }
    }
    types_refuse
}

/// A column of previousSpec's (`old`, renamed as the spec renames it) and the spec's column of
/// the same name (`new`), with their types as the database writes them.
#[derive(Clone, Copy)]
struct Pair<'c> {
    old: &'c Column,
    new: &'c Column,
    /// `old`'s type.
    was: &'c str,
    /// `new`'s type, on the table as the migration leaves it.
    is: &'c str,
    /// Whether the type changes (one spelled otherwise, as PostgreSQL's DECIMAL and NUMERIC, is
    /// no change).
    retyped: bool,
}

/// Whether `t` holds characters: the type whose limited length a value's text may not fit.
fn is_text(t: ColumnType) -> bool {
    matches!(t, ColumnType::Text | ColumnType::Varchar | ColumnType::Char)
}

/// Files what adding the column `new` does to the rows already there: a NOT NULL column
/// without a default cannot be added, and a timestamp or a single-valued UNIQUE filled in.
fn added_column(cx: &Compared, new: &Column, report: &mut Report) {
    let Compared { d, table, .. } = *cx;
    // A new auto-increment column is the new primary key (the spec allows it nowhere
    // else): added with it, once the old one is dropped, the database numbers the rows
    // there.
    if new.auto_timestamp {
        report.push(timestamp_filled(&table.name, &new.name));
    }
    if !new.auto_increment && !new.nullable && new.default.is_none() {
        report.push(
            cx.at(Issue::error(
                Code::NotNullWithoutDefault,
                format!("the new column '{}' is NOT NULL without a default, so existing rows cannot get a value", new.name),
            ))
            .column(&new.name)
            .suggest("give it a default, or make it nullable and fill it before making it NOT NULL in a later migration"),
        );
    } else if let Some(issue) = added_with_one_value(d, table, new) {
        report.push(issue);
    }
}

/// Files what the change of the column `old` into `new` does, both ways, in this order: its
/// numbering, a type change the database cannot make (which stops there), its NULLs, MySQL's
/// ON UPDATE, the type change back and the one up. Returns whether that type change may refuse
/// a value the rows hold.
fn changed_column(cx: &Compared, old: &Column, new: &Column, report: &mut Report) -> bool {
    let Compared {
        d,
        previous,
        kept_view,
        ..
    } = *cx;
    let (was, is) = (
        column_type(d, previous, old),
        column_type(d, kept_view, new),
    );
    // A type spelled otherwise (PostgreSQL's DECIMAL and NUMERIC) is no change.
    let retyped = !d.same_stored_type(&was, &is);
    let c = Pair {
        old,
        new,
        was: &was,
        is: &is,
        retyped,
    };
    if numbering_refused(cx, c, report) {
        return false;
    }
    numbering_lost(cx, c, report);
    if retype_refused(cx, c, report) {
        return false;
    }
    made_not_null(cx, c, report);
    on_update_dropped(cx, c, report);
    made_nullable(cx, c, report);
    // The down migration changes the column back over the values written since (and those
    // the up migration converted): said whenever that change can round or refuse a value,
    // not only after a widening (a user trial's DECIMAL(6,2) made DECIMAL(8,1) turned
    // 9999.99 into 10000.0, on which the down migration failed, told nothing).
    let up_widens = widens(d, (previous, old), (kept_view, new));
    changed_back(cx, c, up_widens, report);
    back_into_short_text(cx, c, report);
    let refuses = narrowed(cx, c, report);
    kept_but_read_otherwise(cx, c, up_widens, report);
    // Made a JSON document (PostgreSQL's JSONB, MySQL's JSON): its text is the database's.
    if let Some(issue) = (c.retyped)
        .then(|| {
            crate::text_given_back::json_text_not_given_back(d, previous, (old, new), (&was, &is))
        })
        .flatten()
    {
        report.push(cx.at(issue));
    }
    refuses
}

/// Refuses a column that gains or loses its numbering while it or its table is renamed (the
/// sequence's name comes from both), saying so; returns whether it did.
fn numbering_refused(cx: &Compared, c: Pair, report: &mut Report) -> bool {
    let Compared {
        original,
        table,
        renames,
        ..
    } = *cx;
    let Pair { old, new, .. } = c;
    // An auto-increment column may change its integer type (INTEGER to BIGINT, the usual
    // widening of a key that runs out of numbers), with its sequence on PostgreSQL; a
    // key may gain or lose its numbering, but not while it or its table is renamed (the
    // sequence's name comes from both).
    let column_renamed = renames.iter().any(|(_, n)| *n == new.name);
    if old.auto_increment != new.auto_increment && (column_renamed || original.name != table.name) {
        report.push(
            cx.at(Issue::error(
                Code::UnsupportedFeature,
                format!("the column '{}' {} while {} renamed; a migration from previousSpec does not do both at once", new.name, if new.auto_increment { "becomes auto-increment" } else { "is no longer auto-increment" }, if column_renamed { "it is" } else { "its table is" }),
            ))
            .column(&new.name)
            .suggest("rename in one migration (generate it with autoIncrement as previousSpec has it), then change autoIncrement in the next"),
        );
        return true;
    }
    false
}

/// Warns that a column no longer auto-increment leaves new rows without their key, and that
/// its counter is lost.
fn numbering_lost(cx: &Compared, c: Pair, report: &mut Report) {
    let Compared { d, table, .. } = *cx;
    let Pair { old, new, .. } = c;
    if old.auto_increment && !new.auto_increment && new.default.is_none() {
        // The database no longer gives new rows their key (a user trial was told nothing).
        report.push(
            cx.at(Issue::warning(
                Code::NotNullWithoutDefault,
                format!("the {} '{}' is no longer auto-increment: the database no longer numbers new rows, so every insert that leaves it out fails (the generated insert type requires it)", if table.primary_key.contains(&new.name) { "key" } else { "column" }, new.name),
            ))
            .column(&new.name)
            .suggest("give each new row its key, or keep autoIncrement"),
        );
    }
    if old.auto_increment && !new.auto_increment {
        if let Some(issue) = crate::diff::numbering_counter_lost(d, &table.name, &new.name) {
            report.push(cx.at(issue));
        }
    }
}

/// Refuses a type change the database has no conversion for that keeps the values' meaning;
/// returns whether it did.
fn retype_refused(cx: &Compared, c: Pair, report: &mut Report) -> bool {
    let d = cx.d;
    let Pair {
        old,
        new,
        was,
        is,
        retyped,
    } = c;
    if retyped && d.retype_refused(old.ty, new.ty) {
        report.push(
            cx.at(Issue::error(
                Code::UnsupportedFeature,
                format!("the column '{}' changes from {was} to {is} (and back in the down migration): the database has no conversion between them that keeps the values' meaning, so a migration from previousSpec does not write that change", new.name),
            ))
            .column(&new.name)
            .suggest(format!("keep the type as it was; or, by hand in a migration of your own, add a new column of type {is}, fill it with an UPDATE that converts each value as it should be, then drop '{}' and rename the new column to its name", new.name)),
        );
        return true;
    }
    false
}

/// Warns of a column made NOT NULL: without a default, a row holding NULL refuses it; with
/// one, the default goes into those rows (said with how a single-column key takes it).
fn made_not_null(cx: &Compared, c: Pair, report: &mut Report) {
    let Compared {
        d,
        table,
        kept_view,
        ..
    } = *cx;
    let Pair { old, new, .. } = c;
    if old.nullable && !new.nullable && new.default.is_none() {
        report.push(
            cx.at(Issue::warning(
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
}

/// Warns that MySQL's automatic `updated_at` replaced by a listed one stops following updates.
fn on_update_dropped(cx: &Compared, c: Pair, report: &mut Report) {
    let d = cx.d;
    let Pair { old, new, .. } = c;
    if !d.column_suffix(old).is_empty() && d.column_suffix(new).is_empty() {
        // MySQL's automatic `updated_at` (ON UPDATE CURRENT_TIMESTAMP) replaced by a listed
        // one, which never has it: the MODIFY drops it (a MySQL 9.7 user trial gave it a
        // precision that way, and its rows stopped following updates, without a word).
        report.push(
            cx.at(Issue::warning(
                Code::LossyTypeMapping,
                format!("'{}' no longer follows updates: the automatic column has ON UPDATE CURRENT_TIMESTAMP, which this change drops, as a column the spec lists never has it (the down migration puts it back)", new.name),
            ))
            .column(&new.name)
            .suggest("leave it out of the columns to keep the automatic one (whole seconds), or set it in the application on every update"),
        );
    }
}

/// Warns of a column made nullable: the down migration makes it NOT NULL again, over the
/// NULLs written since.
fn made_nullable(cx: &Compared, c: Pair, report: &mut Report) {
    let d = cx.d;
    let Pair { old, new, .. } = c;
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
            cx.at(Issue::warning(
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
}

/// Warns of the down migration's type change back, over the values written since (and those
/// the up migration converted), whenever it can round or refuse a value; `up_widens`: whether
/// the change up widens the type.
fn changed_back(cx: &Compared, c: Pair, up_widens: bool, report: &mut Report) {
    let Compared {
        d,
        previous,
        table,
        kept_view,
        ..
    } = *cx;
    let Pair {
        old,
        new,
        was,
        is,
        retyped,
    } = c;
    // (Text made another type is said below, after a narrowing: only a value whose text
    // is longer than the old length fails.)
    if retyped
        && (up_widens || !is_text(old.ty) || is_text(new.ty))
        && !widens(d, (kept_view, new), (previous, old))
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
            narrowed_back(d, (previous, old), (kept_view, new), (was, is))
        };
        let back_into_char = char_back_suggestion(d, (previous, old), (kept_view, new), (was, is));
        let mut suggestion = if let Some(suggestion) = back_into_char {
            suggestion
        } else if up_widens {
            "before running the down migration, make the values fit the old type, or keep the wider one".to_string()
        } else {
            format!("before running the down migration, make the values fit {was}")
        };
        if new.auto_increment {
            let (more, fix) = narrowed_numbering(d, &table.name, &new.name, was);
            message.push_str(&more);
            suggestion.push_str(&fix);
        }
        report.push(
            cx.at(Issue::warning(Code::DownDataLoss, message))
                .column(&new.name)
                .suggest(suggestion),
        );
    }
}

/// Warns of a type changed back into characters of a limited length, from a type whose
/// values' text can be longer.
fn back_into_short_text(cx: &Compared, c: Pair, report: &mut Report) {
    let Compared { d, previous, .. } = *cx;
    let Pair {
        old,
        new,
        was,
        retyped,
        ..
    } = c;
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
            cx.at(Issue::warning(
                Code::DownDataLoss,
                format!("the down migration changes '{}' back to {was}: a value whose text is longer than {limit} characters (a boolean's 'false', a date's 10, a timestamp's 19 or more) makes it fail, even one the up migration converted from text", new.name),
            ))
            .column(&new.name)
            .suggest("before running the down migration, make sure the values' text fits, or make the old column longer first"),
        );
    }
}

/// Warns of a type change up that does not widen the type (JSON made JSONB included): what
/// it does to the values, and what the down migration does not give back. Returns whether it
/// may refuse a value the rows hold.
fn narrowed(cx: &Compared, c: Pair, report: &mut Report) -> bool {
    let Compared {
        d,
        previous,
        kept_view,
        allow_data_loss,
        ..
    } = *cx;
    let Pair {
        old,
        new,
        was,
        is,
        retyped,
    } = c;
    if retyped && (old.ty, new.ty) == (ColumnType::Json, ColumnType::Jsonb) {
        // The usual upgrade: every value is kept as the same JSON, written again, but a
        // string holding \u0000 is refused.
        report.push(
            cx.at(Issue::warning(
                Code::TypeNarrowing,
                format!("changing '{}' from JSON to JSONB keeps each value's meaning but not its text: whitespace and key order are not kept, of a key given twice the last value stays, and a string holding \\u0000 (which JSONB cannot hold) refuses the migration", new.name),
            ))
            .column(&new.name)
            .suggest("nothing to do if the values are read as JSON; otherwise keep JSON"),
        );
        return true;
    }
    if !retyped || widens(d, (previous, old), (kept_view, new)) {
        return false;
    }
    let said = narrowing_said(cx, c);
    let refuses = said.refuses;
    let mut issue = crate::diff::type_narrowing(said.words, allow_data_loss);
    // A MySQL TEXT column made VARCHAR(255) only by a new key: why, and what to do.
    let (prev_col, new_col) = ((previous, old), (kept_view, new));
    let key_text_explained =
        crate::mysql_key_text::explain(d, prev_col, new_col, allow_data_loss, &mut issue);
    let rounded_out = rounded_out_query(d, previous, old, new);
    // A value that does not fit is refused, not converted: said per dialect, with the query
    // (unless the MySQL key-text explanation above already said so, with its own query).
    if allow_data_loss && refuses && rounded_out.is_none() && !key_text_explained {
        if let Some(s) =
            super::narrowed_refusal::refused_suggestion(d, (previous, old), (kept_view, new))
        {
            issue.suggestion = Some(s);
        }
    }
    if let Some(query) = rounded_out {
        // The rows whose values the rounding takes out of the new range, with those
        // out of it already: each refuses the migration.
        issue.suggestion = issue
            .suggestion
            .map(|s| format!("{s}; before running it, find the rows that refuse it with: {query}"));
    }
    if new.auto_increment {
        // Run before the migration, on the table as previousSpec has it.
        let (more, fix) = narrowed_numbering(d, &previous.name, &old.name, is);
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
    report.push(cx.at(issue).column(&new.name));
    if let Some(issue) =
        crate::text_given_back::text_not_given_back(d, previous, (old, new), (was, is))
    {
        report.push(cx.at(issue));
    }
    if crate::conversion::boolean_conversion(d.database_type(), old.ty, new.ty).is_some() {
        report.push(
            cx.at(Issue::warning(
                Code::DownDataLoss,
                format!("the down migration changes '{}' back from {is} to {was}: every true comes back as 1 and every false as 0, so a number other than 0 and 1 that the up migration made true (2, −1, 0.5) is not given back", new.name),
            ))
            .column(&new.name)
            .suggest(format!("before running the up migration, keep the values other than 0 and 1 elsewhere if they matter (SELECT * FROM {} WHERE {} NOT IN (0, 1)): the down migration cannot give them back", d.identifier(&previous.name), d.identifier(&old.name))),
        );
    }
    refuses
}

/// What a type change up that does not widen the type does to the values (rounded, cut,
/// refused), and whether it may refuse one.
fn narrowing_said(cx: &Compared, c: Pair) -> Said {
    let Compared {
        d,
        previous,
        kept_view,
        ..
    } = *cx;
    let Pair {
        old, new, was, is, ..
    } = c;
    if old.ty.takes_fractional_seconds() && new.ty.takes_fractional_seconds() {
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
        let said = crate::conversion::numeric_conversion(d.database_type(), old, new, is)
            .or_else(|| {
                crate::conversion::text_conversion(
                    d.database_type(),
                    text_of(d, previous, old),
                    text_of(d, kept_view, new),
                )
            })
            .or_else(|| crate::conversion::uuid_conversion(d.database_type(), old.ty, new.ty))
            .or_else(|| crate::conversion::boolean_conversion(d.database_type(), old.ty, new.ty))
            .or_else(|| {
                // Into text too short for the longest value's text.
                let (_, chars) = text_of(d, kept_view, new);
                (is_text(new.ty) && !is_text(old.ty))
                    .then_some(chars)
                    .flatten()
                    .and_then(|n| crate::conversion::text_too_short(d.database_type(), old, n, is))
            });
        let to_date = old.ty.takes_fractional_seconds() && new.ty == ColumnType::Date;
        match said {
            Some(said) => {
                let said = refused_by_rules(d, kept_view, (old, new), said);
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
    }
}

/// Warns of a type change that keeps every value but has them read otherwise from the up
/// migration on: made text, or PostgreSQL's CHAR made a longer CHAR, read with other padding.
fn kept_but_read_otherwise(cx: &Compared, c: Pair, up_widens: bool, report: &mut Report) {
    let Compared { d, kept_view, .. } = *cx;
    let Pair {
        old,
        new,
        was,
        is,
        retyped,
    } = c;
    // Every value kept, but read otherwise from the up migration on: made text (a BOOLEAN's
    // text differs between the databases), or PostgreSQL's CHAR made a longer CHAR, read
    // with other padding (a user trial was told it only in the down migration's warning,
    // with 'US' made CHAR(6) read as 'US ').
    let kept_but = if !(retyped && up_widens) {
        None
    } else if !is_text(old.ty) && is_text(new.ty) {
        let (_, chars) = text_of(d, kept_view, new);
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
            cx.at(Issue::warning(
                Code::TypeNarrowing,
                format!("changing '{}' from {was} to {is} keeps every value and refuses none, but {but}", new.name),
            ))
            .column(&new.name)
            .suggest(suggestion),
        );
    }
}
