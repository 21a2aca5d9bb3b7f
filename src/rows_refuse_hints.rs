//! What the rows of a database can refuse in a migration from `previousSpec`, which has no rows
//! to try (SQLite's `existingDbPath` tries them, see `rows_trial`; SQLite's `previousSpec` is
//! said here too, see `sqlite_previous`): a UNIQUE (constraint, column or unique index), a foreign key or a CHECK that
//! an existing table gets is checked by the engine against every row there, and the migration
//! fails on the first row it refuses. One `ROWS_REFUSE_CHANGE` warning per such rule, with a
//! query that finds those rows, as Prisma says it ("adding UNIQUE (tenant_id, name) to tasks:
//! existing duplicate rows make this migration fail"); a user trial met each of them fail with
//! no word beforehand.

use crate::check_implies::{Held, Judged};
use crate::conversion::NumericRange;
use crate::dialect::Dialect;
use crate::report::{Code, Issue};
use crate::spec::{Column, DatabaseType, Table};
use std::collections::HashMap;

/// How the failing migration ends, by database: PostgreSQL's is one transaction; so is
/// SQLite's (`sqlite_atomic`: `BEGIN … COMMIT` where it turns foreign keys off, a SAVEPOINT
/// otherwise, which nests in a runner's transaction); MySQL commits each statement.
pub(crate) fn how_it_fails(d: &dyn Dialect) -> &'static str {
    match d.database_type() {
        DatabaseType::Mysql => "MySQL commits each statement: those before it stay done",
        DatabaseType::Sqlite => {
            "SQLite rolls the whole migration back: none of its changes stays done"
        }
        DatabaseType::Postgresql => "rolled back",
    }
}

/// What the migration renames: the tables (previousSpec's name → the spec's) and each table's
/// columns ((previousSpec's name, the spec's), by the table's name in the spec).
pub struct Renamed<'a> {
    /// previousSpec's name of a table → the spec's.
    pub tables: &'a HashMap<String, String>,
    /// The columns a table renames, by the table's name in the spec.
    pub columns: &'a HashMap<String, Vec<(String, String)>>,
}

impl Renamed<'_> {
    /// The name the database has before the migration for the table the spec names `table`.
    fn table_before<'t>(&'t self, table: &'t str) -> &'t str {
        (self.tables.iter())
            .find(|(_, new)| *new == table)
            .map_or(table, |(old, _)| old.as_str())
    }

    /// The name before the migration of the column the spec names `column` in `table` (the
    /// spec's name of the table).
    fn column_before<'t>(&'t self, table: &str, column: &'t str) -> &'t str {
        (self.columns.get(table).into_iter().flatten())
            .find(|(_, new)| new == column)
            .map_or(column, |(old, _)| old.as_str())
    }

    /// The name in the spec of the column previousSpec names `column` in `table` (the spec's
    /// name of the table).
    fn column_now<'t>(&'t self, table: &str, column: &'t str) -> &'t str {
        (self.columns.get(table).into_iter().flatten())
            .find(|(old, _)| old == column)
            .map_or(column, |(_, new)| new.as_str())
    }
}

/// A name no spec column has, standing for a column in the conversion [`Dialect::retype_clause`]
/// writes, to put the column's place in the query there.
const COLUMN_PLACE: &str = "mg_rows_refuse_column_place";

/// The value of the column `old`, read as `name` (`t.code`), once the migration makes it `new`:
/// as PostgreSQL's `ALTER COLUMN … TYPE … USING` converts it (`(t.code::INTEGER)`), or its
/// assignment cast (`CAST(t.code AS VARCHAR(5))`; PostgreSQL compares no text with an integer);
/// as MySQL's `MODIFY COLUMN` converts it by assignment (`CAST(t.code AS SIGNED)`: DECIMAL
/// 1.20 and 1.40 both become the INTEGER 1, VARCHAR '05' becomes 5, which the column read as
/// it stands does not repeat).
pub(crate) fn converted(d: &dyn Dialect, old: &Column, new: &Column, name: String) -> String {
    match d.database_type() {
        DatabaseType::Postgresql => postgres_converted(d, old, new, name),
        // Into a CHAR (a UUID is CHAR(36) there), without the spaces at its end, as MySQL reads
        // a CHAR (a NO PAD collation, MySQL 8's default, compares 'ab' and 'ab ' apart as they
        // stand).
        DatabaseType::Mysql if is_text(old) && mysql_char(new) => match mysql_char(old) {
            true => name,
            false => format!("RTRIM({name})"),
        },
        // Text made text keeps its value (strict mode refuses one too long, which the
        // narrowing warnings say): read as it stands, in the column's own character set and
        // collation (a CAST compares in the connection's: a latin1 client read 'Ω' as '?' and
        // missed a duplicate, a reviewer).
        DatabaseType::Mysql if is_text(old) && is_text(new) => name,
        DatabaseType::Mysql => match mysql_cast_type(new) {
            Some(ty) if is_text(new) => format!("CAST({name} AS {ty} CHARACTER SET utf8mb4)"),
            Some(ty) => format!("CAST({name} AS {ty})"),
            None => name,
        },
        // A rebuild's copy converts with CAST what it narrows (allowed with allowDataLoss:
        // '10' becomes 10, 'x' 0); a wider affinity takes the values as they are.
        DatabaseType::Sqlite => {
            let affinity = |c: &Column| crate::diff::affinity(&d.column_type(c, false));
            let (from, to) = (affinity(old), affinity(new));
            if crate::diff::narrows(from, to) {
                format!("CAST({name} AS {to})")
            } else {
                name
            }
        }
    }
}

/// Whether MySQL stores the column as a CHAR (a CHAR, or a UUID: CHAR(36)).
fn mysql_char(c: &Column) -> bool {
    use crate::spec::ColumnType::*;
    matches!(c.ty, Char | Uuid)
}

/// Whether the column holds text (VARCHAR, CHAR, TEXT, UUID).
fn is_text(c: &Column) -> bool {
    use crate::spec::ColumnType::*;
    matches!(c.ty, Varchar | Char | Text | Uuid)
}

/// The condition that the value of the column `old`, read as `name`, fits the text column `new`
/// it becomes (in `table`, previousSpec's `before`): `None` where every value fits (`new` holds
/// text of no length, or no less than `old` held). A longer value refuses the migration itself
/// (strict mode's "Data too long", PostgreSQL's "value too long for type …"), except spaces past
/// the length, which PostgreSQL cuts, and MySQL for a CHAR. Read as text whole: the query's
/// `CAST(… AS CHAR(3))`/`VARCHAR(3)` cuts what the migration refuses. SQLite holds any value in
/// any column: every value fits.
fn fits(
    d: &dyn Dialect,
    (before, old): (&Table, &Column),
    (table, new): (&Table, &Column),
    name: String,
) -> Option<String> {
    if d.database_type() == DatabaseType::Sqlite {
        return None;
    }
    if let Some(range) = numeric_range(d, new) {
        return numeric_fits(d, old, range, name);
    }
    let most = d.max_text_chars(new, table.is_key_column(&new.name))?;
    let held = d.max_text_chars(old, before.is_key_column(&old.name));
    if is_text(old) && held.is_some_and(|h| h <= most) {
        return None;
    }
    let whole = if is_text(old) {
        name
    } else {
        let mut text = new.clone();
        (text.ty, text.length) = (crate::spec::ColumnType::Text, None);
        converted(d, old, &text, name)
    };
    Some(match d.database_type() {
        DatabaseType::Mysql if new.ty == crate::spec::ColumnType::Char => {
            format!("CHAR_LENGTH(RTRIM({whole})) <= {most}")
        }
        DatabaseType::Mysql => format!("CHAR_LENGTH({whole}) <= {most}"),
        _ => format!("char_length(rtrim({whole})) <= {most}"),
    })
}

/// What a column of `c`'s type holds on `d`, where it is a number of bounded range (see
/// [`crate::conversion::numeric_range`], which the conversions' words read too).
fn numeric_range(d: &dyn Dialect, c: &Column) -> Option<NumericRange> {
    crate::conversion::numeric_range(d.database_type(), c)
}

/// The condition that the value of the column `old`, read as `name`, fits the numeric type of
/// `range` the migration makes it (rounded to its scale first, as the conversion rounds it:
/// DECIMAL(4,1) takes 999.94, and refuses 999.95, which rounds to 1000.0); `None` where every
/// value of `old`'s type fits, or `old` holds no number of bounded range. A value out of range
/// refuses the migration itself (MySQL's 1264 "Out of range", PostgreSQL's "numeric field
/// overflow", "integer out of range"), where the query's CAST clamps it (MySQL's 999.9) or
/// fails (PostgreSQL): only the values that fit are counted.
pub(crate) fn numeric_fits(
    d: &dyn Dialect,
    old: &Column,
    range: NumericRange,
    name: String,
) -> Option<String> {
    let held = numeric_range(d, old);
    if let Some(held) = held {
        // Whether every value of `held` fits `range`.
        let digits = |n: i64| n.unsigned_abs().to_string().len() as u32;
        let holds_all = match (held, range) {
            (NumericRange::Integer(lo, hi), NumericRange::Integer(l, h)) => l <= lo && hi <= h,
            (NumericRange::Integer(lo, hi), NumericRange::Decimal(whole, _)) => {
                digits(lo).max(digits(hi)) <= whole
            }
            (NumericRange::Decimal(w, f), NumericRange::Decimal(whole, scale)) => {
                w < whole || (w == whole && f <= scale)
            }
            // (10^w - 1, rounded up to 10^w where it has a fraction.)
            (NumericRange::Decimal(w, _), NumericRange::Integer(l, h)) => 10_i64
                .checked_pow(w)
                .is_some_and(|top| top <= h && -top >= l),
        };
        if holds_all {
            return None;
        }
    } else if !matches!(
        old.ty,
        crate::spec::ColumnType::Real
            | crate::spec::ColumnType::Numeric
            | crate::spec::ColumnType::Decimal
    ) {
        return None;
    }
    let postgres = d.database_type() == DatabaseType::Postgresql;
    // (An integer holds no NaN, nor compares with the text 'NaN'.)
    let held_integer = matches!(held, Some(NumericRange::Integer(..)));
    let number = if postgres {
        format!("CAST({name} AS NUMERIC)")
    } else {
        name.clone()
    };
    let (round, abs) = if postgres {
        ("round", "abs")
    } else {
        ("ROUND", "ABS")
    };
    Some(match range {
        NumericRange::Integer(lo, hi) => format!("{round}({number}) BETWEEN {lo} AND {hi}"),
        // PostgreSQL's NUMERIC(p, s) holds NaN too (from a NUMERIC's or a double's), which
        // the comparison leaves out (NaN is above every number), and NaN repeats as any value
        // (a reviewer's two NaN refused the migration, and the query found none).
        NumericRange::Decimal(whole, scale) if postgres && !held_integer => format!(
            "({abs}({round}({number}, {scale})) < 1{} OR {name} = 'NaN')",
            "0".repeat(whole as usize)
        ),
        NumericRange::Decimal(whole, scale) => format!(
            "{abs}({round}({number}, {scale})) < 1{}",
            "0".repeat(whole as usize)
        ),
    })
}

/// [`converted`] on PostgreSQL: the migration's own `USING`, or the assignment cast.
fn postgres_converted(d: &dyn Dialect, old: &Column, new: &Column, name: String) -> String {
    let new_type = d.column_type(new, false);
    let clause = d.retype_clause(COLUMN_PLACE, old, new, &new_type);
    match clause.split_once(" USING ") {
        Some((_, using)) => format!("({})", using.replace(COLUMN_PLACE, &name)),
        None => format!("CAST({name} AS {new_type})"),
    }
}

/// The type MySQL's `CAST` gives for the values a column of `new`'s type holds, as `MODIFY
/// COLUMN` converts into it; `None` for JSON (MariaDB has no `CAST … AS JSON`, and its JSON is
/// text: read as it stands).
fn mysql_cast_type(new: &Column) -> Option<String> {
    use crate::spec::ColumnType::*;
    Some(match new.ty {
        Integer | Int | Bigint | Tinyint | Boolean => "SIGNED".into(),
        Numeric | Decimal => format!(
            "DECIMAL({},{})",
            new.precision.unwrap_or(10),
            new.scale.unwrap_or(0)
        ),
        Varchar => format!("CHAR({})", new.length.unwrap_or(255)),
        Char => format!("CHAR({})", new.length.unwrap_or(1)),
        Uuid => "CHAR(36)".into(),
        Text => "CHAR".into(),
        Real => "DOUBLE".into(),
        Date => "DATE".into(),
        Timestamp | Datetime => match new.precision {
            Some(p) if p > 0 => format!("DATETIME({p})"),
            _ => "DATETIME".into(),
        },
        Blob => "BINARY".into(),
        Json | Jsonb => return None,
    })
}

/// The query that finds the rows of `from` (the child, before the migration) whose key
/// columns of `fk`, not NULL (`not_null`) and read by `value`, match no row of its parent; the
/// parent's columns named as the database has them before and, where `parent` says their type
/// changes, read converted (PostgreSQL compares no `character varying` with an `integer`).
fn referenced_query(
    d: &dyn Dialect,
    renamed: &Renamed,
    fk: &crate::spec::ForeignKey,
    parent: &Option<Parent>,
    from: &str,
    not_null: &[String],
    value: &dyn Fn(&str, &str) -> String,
) -> String {
    let target = d.identifier(renamed.table_before(&fk.referenced_table));
    let parent_value = |r: &str| {
        let name = format!(
            "r.{}",
            d.identifier(renamed.column_before(&fk.referenced_table, r))
        );
        match parent {
            Some(Parent::Changed { before, now }) => match (before.column(r), now.column(r)) {
                (Some(old), Some(new)) if !crate::check_implies::same_type(d, old, new) => {
                    converted(d, old, new, name)
                }
                // Added with a constant default: that value in every row.
                (None, Some(new)) => match holds(d, new) {
                    Added::Constant(value) => value,
                    _ => name,
                },
                _ => name,
            },
            _ => name,
        }
    };
    let matched: Vec<String> = (fk.columns.iter())
        .zip(&fk.referenced_columns)
        .map(|(c, r)| format!("{} = {}", parent_value(r), value(c, "t.")))
        .collect();
    // (No condition before it where every column of the key is one the migration adds.)
    let mut conditions = not_null.to_vec();
    conditions.push(format!(
        "NOT EXISTS (SELECT 1 FROM {target} r WHERE {})",
        matched.join(" AND ")
    ));
    format!(
        "SELECT t.* FROM {from} t WHERE {}",
        conditions.join(" AND ")
    )
}

/// What a column the migration adds to a table that has rows holds in each of them.
enum Added {
    /// NULL: it has no default.
    Null,
    /// Its constant default (a string, a number, a boolean), as the dialect writes it.
    Constant(String),
    /// Values the migration gives each row (a number, a default computed then, such as
    /// `CURRENT_TIMESTAMP` or an expression), which cannot be read before it.
    Given,
}

/// What the column `new`, which the migration adds, holds in the rows its table has.
fn holds(d: &dyn Dialect, new: &Column) -> Added {
    use crate::spec::DefaultValue::*;
    match &new.default {
        _ if new.auto_increment => Added::Given,
        None | Some(Null) => Added::Null,
        Some(Str(_) | Number(_) | Bool(_)) => d
            .default_value(new, true)
            .map_or(Added::Null, Added::Constant),
        Some(Now(_) | Expression(_)) => Added::Given,
    }
}

/// What the migration does to a table a new foreign key references (its parent), as
/// [`warnings`] is told it.
pub enum Parent<'a> {
    /// The migration creates it: the database has no such table before, and every row whose
    /// key columns are not NULL refuses the key.
    Created,
    /// It is there before: as previousSpec has it (its columns named as the spec names them)
    /// and as the spec has it. A referenced column the migration adds holds, in each row, NULL
    /// (as no row of [`Parent::Created`], it matches nothing) or its default (see [`Added`]); one
    /// whose type it changes is read converted.
    Changed {
        /// previousSpec's table, its columns renamed as the spec names them.
        before: &'a Table,
        /// The spec's table.
        now: &'a Table,
    },
}

/// A UNIQUE rule of a table (its primary key, a UNIQUE column or constraint, a unique index),
/// as a change of the table's columns leaves it (see [`keys_through`]).
pub(crate) struct KeyThrough<'t> {
    /// Its columns.
    pub columns: Vec<String>,
    /// Its constraint's or index's name; `None` for the primary key or a UNIQUE column.
    pub constraint: Option<&'t str>,
    /// A partial unique index's predicate.
    pub predicate: Option<&'t str>,
    /// Whether it is the primary key.
    pub primary: bool,
    /// Whether the table kept its rows apart there before the change: a key it had within
    /// these columns (without a predicate, or this one's over the same columns).
    pub had: bool,
    /// Where it `had`, how the type changes of its columns can make values that were apart one
    /// (`'c' (A to B: how)`, one per such column, see [`crate::conversion::merges`]), unless a
    /// key the table had within its columns, over none of those, holds them apart still; empty
    /// otherwise.
    pub made_one: Vec<String>,
    /// Whether it is SQLite's rowid key (`INTEGER PRIMARY KEY`) made of a text column: the
    /// rebuild's key check lets through only text that is a whole number (see
    /// [`rowid_from_text`]), and two of one number repeat.
    pub rowid_from_text: bool,
}

impl KeyThrough<'_> {
    /// How the warnings name it: `the primary key (a, b)`, `UNIQUE (a)`, `UNIQUE (a) WHERE …`.
    pub(crate) fn what(&self) -> String {
        let listed = self.columns.join(", ");
        match self.predicate {
            _ if self.primary => format!("the primary key ({listed})"),
            Some(p) => format!("UNIQUE ({listed}) WHERE {}", crate::report::clip(p)),
            None => format!("UNIQUE ({listed})"),
        }
    }
}

/// The UNIQUE rules of `after` through the change from `before`, the same table with its
/// columns named alike: previousSpec's table (renamed as the spec names it) and the spec's for
/// the up migration, or the other way round for the down migration, which converts each column
/// back. Each says whether `before` kept the rows apart there, and how the conversion from
/// `before`'s types to `after`'s can make values that were apart one.
pub(crate) fn keys_through<'t>(
    d: &dyn Dialect,
    before: &Table,
    after: &'t Table,
) -> Vec<KeyThrough<'t>> {
    // The sets of columns the table kept unique before (a rule over more columns than one of
    // them is kept by it).
    let sorted = |c: &[String]| {
        let mut c = c.to_vec();
        c.sort();
        c
    };
    let mut held: Vec<Vec<String>> = vec![sorted(&before.primary_key)];
    held.extend(
        before
            .columns
            .iter()
            .filter(|c| c.unique)
            .map(|c| vec![c.name.clone()]),
    );
    held.extend(before.unique_constraints.iter().map(|u| sorted(&u.columns)));
    held.extend(
        before
            .indexes
            .iter()
            .filter(|i| i.unique && i.predicate.is_none())
            .map(|i| sorted(&i.columns)),
    );
    let kept = |columns: &[String]| {
        held.iter()
            .any(|h| !h.is_empty() && h.iter().all(|c| columns.contains(c)))
    };
    let partial_before = |columns: &[String], predicate: &str| {
        before.indexes.iter().any(|i| {
            i.unique
                && sorted(&i.columns) == sorted(columns)
                && i.predicate
                    .as_deref()
                    .map(|p| crate::expr::canonical(d.parser(), p))
                    == Some(crate::expr::canonical(d.parser(), predicate))
        })
    };
    // The columns whose conversion can make values that were distinct one (PostgreSQL's cut
    // spaces, a CHAR, rounding, text read as a number; see `conversion::merges`), with how.
    let merged: Vec<(&str, String)> = (after.columns.iter())
        .filter_map(|new| {
            let effect =
                |old: &Column, new: &Column| crate::conversion::merges(d.database_type(), old, new);
            let said = conversion_said(d, before, new, &effect)?;
            Some((new.name.as_str(), said))
        })
        .collect();
    let merges = |c: &String| merged.iter().any(|(m, _)| m == c);
    let mut uniques: Vec<KeyThrough> = Vec::new();
    let mut rule = |columns: Vec<String>,
                    constraint: Option<&'t str>,
                    predicate: Option<&'t str>,
                    primary: bool| {
        uniques.push(KeyThrough {
            columns,
            constraint,
            predicate,
            primary,
            had: false,
            made_one: Vec::new(),
            rowid_from_text: false,
        })
    };
    if !after.primary_key.is_empty() {
        rule(after.primary_key.clone(), None, None, true);
    }
    for c in after.columns.iter().filter(|c| c.unique) {
        rule(vec![c.name.clone()], None, None, false);
    }
    for u in &after.unique_constraints {
        rule(u.columns.clone(), Some(u.name.as_str()), None, false);
    }
    for i in after.indexes.iter().filter(|i| i.unique) {
        rule(
            i.columns.clone(),
            Some(i.name.as_str()),
            i.predicate.as_deref(),
            false,
        );
    }
    for key in &mut uniques {
        let columns = &key.columns;
        key.had = match key.predicate {
            None => kept(columns),
            Some(p) => kept(columns) || partial_before(columns, p),
        };
        // A UNIQUE the table keeps whose values the conversion can make one: each key the
        // table had within its columns reads such a column. (SQLite's rowid key made of a
        // number: the rebuild's key check refuses a value that is no whole number, see
        // `diff::rebuild::rebuild_sql`, and whole numbers stay apart; made of text, see
        // `rowid_from_text`.)
        let rowid = key.primary
            && d.database_type() == DatabaseType::Sqlite
            && crate::diff::rowid_column(after).is_some();
        if rowid && key.had {
            if let Some(how) = rowid_from_text(d, before, after) {
                key.rowid_from_text = true;
                key.made_one = vec![how];
                continue;
            }
        }
        let made_one = key.had
            && !rowid
            && columns.iter().any(merges)
            && !held.iter().any(|h| {
                !h.is_empty() && h.iter().all(|c| columns.contains(c)) && !h.iter().any(merges)
            });
        if made_one {
            key.made_one = (merged.iter())
                .filter(|(c, _)| columns.iter().any(|k| k == c))
                .map(|(_, how)| how.clone())
                .collect();
        }
    }
    uniques
}

/// How the migration's conversion of the column `new` (the spec's) from `before`'s column of
/// its name changes values, as the warnings say it: `'c' (A to B: how)`, `how` being what
/// `effect` says of the conversion from the old column to the new one
/// ([`crate::conversion::merges`] for a UNIQUE kept, [`crate::conversion::changes_check`] for a
/// CHECK kept). `None` where `before` lacks the column, its type stays, or `effect` says
/// nothing.
fn conversion_said(
    d: &dyn Dialect,
    before: &Table,
    new: &Column,
    effect: &dyn Fn(&Column, &Column) -> Option<String>,
) -> Option<String> {
    let old = before.column(&new.name)?;
    if crate::check_implies::same_type(d, old, new) {
        return None;
    }
    let how = effect(old, new)?;
    let (was, is) = (d.column_type(old, false), d.column_type(new, false));
    Some(format!("'{}' ({was} to {is}: {how})", new.name))
}

/// How SQLite's rowid key of `after` (`INTEGER PRIMARY KEY`) made of `before`'s text column
/// (TEXT affinity) makes values that were apart one, as `'c' (was to is: how)`: the rebuild's
/// key check lets through text that is a whole number ('1', '01', ' 1 ', '1.0'), which the copy
/// makes that number, so that two texts of one number repeat the key and the copy fails
/// (UNIQUE constraint failed, rolled back; checked on the bundled SQLite). `None` for another
/// key, or a column that was a number.
fn rowid_from_text(d: &dyn Dialect, before: &Table, after: &Table) -> Option<String> {
    let key = crate::diff::rowid_column(after)?;
    let (old, new) = (before.column(key)?, after.column(key)?);
    let (was, is) = (d.column_type(old, false), d.column_type(new, false));
    (crate::diff::affinity(&was) == "TEXT").then(|| {
        format!("'{key}' ({was} to {is}, the rowid, which takes text that is a whole number as that number: '1', '01' and ' 1 ' become 1)")
    })
}

/// The `ROWS_REFUSE_CHANGE` warnings of the rules `table` (as the spec has it) gets that
/// `before` (previousSpec's table, its columns renamed as the spec names them) lacks. The
/// queries are for the database before the migration: they name the table, its columns and the
/// tables and columns its foreign keys reference as it has them then (`original_name`, and
/// `renamed`), and read a column whose type the migration changes as the migration converts it
/// (PostgreSQL's `USING`, MySQL's `MODIFY COLUMN`: see [`converted`]); a foreign key to a table or columns renamed is the same key. A rule
/// over a column the migration adds holds NULL or its default in every row: a UNIQUE over such
/// columns only is said elsewhere (`spec_change::added_with_one_value`), one over old columns
/// too here, its query over the old ones (`rows_refuse_new_key`), a foreign key or CHECK over
/// it by `added_columns_refused`.
///
/// `parent` (given the spec's name of a table) says what the migration does to the tables new
/// foreign keys reference (`None`: as it stands, unconverted). A key of `table` to itself reads
/// `before` and `table`.
pub fn warnings<'p>(
    d: &dyn Dialect,
    before: &Table,
    original_name: &str,
    renamed: &Renamed,
    table: &Table,
    parent: &dyn Fn(&str) -> Option<Parent<'p>>,
) -> Vec<Issue> {
    let q = |name: &str| d.identifier(name).into_owned();
    let no_renames = Vec::new();
    let renames = renamed.columns.get(&table.name).unwrap_or(&no_renames);
    let was = |column: &str| renamed.column_before(&table.name, column).to_string();
    // A column of the table (named as the spec names it) as the query reads it, after `prefix`
    // (`t.`): under its name before the migration, converted where the migration converts it.
    let value = |column: &str, prefix: &str| -> String {
        let name = format!("{prefix}{}", q(&was(column)));
        match (before.column(column), table.column(column)) {
            (Some(old), Some(new)) if !crate::check_implies::same_type(d, old, new) => {
                converted(d, old, new, name)
            }
            _ => name,
        }
    };
    // An expression over the table's columns as the spec names them, read as `value` reads
    // them; `None` where it cannot be read.
    let before_migration = |text: &str| -> Option<String> {
        let column = |i: &sqlparser::ast::Ident| {
            let c = (table.columns.iter()).find(|c| crate::expr::names_column(i, &c.name))?;
            Some(value(&c.name, ""))
        };
        crate::expr::replace_columns(d.parser(), text, &column)
    };
    let added = |columns: &[String]| columns.iter().any(|c| before.column(c).is_none());
    let from = q(original_name);
    let fails = how_it_fails(d);
    let name = &table.name;
    let mut out = Vec::new();

    // UNIQUE: each the table gets, and each it keeps through a type change that can make
    // values that were apart one. A new primary key is said as a new UNIQUE is: the rows that
    // repeat values in its columns refuse it (PostgreSQL and MySQL: duplicate key; SQLite's
    // rebuild: UNIQUE constraint failed); not where a key the table had within its columns
    // kept them apart (the old key among the new one's columns).
    for key in keys_through(d, before, table) {
        // (One over columns the migration adds too is said where they hold one constant in
        // every row there, or a value computed then: see `rows_refuse_new_key`.)
        let new_in_key =
            crate::rows_refuse_new_key::new_columns_in_key(d, before, table, &key.columns);
        if (added(&key.columns) && new_in_key.is_none()) || (key.had && key.made_one.is_empty()) {
            continue;
        }
        let what = key.what();
        let KeyThrough {
            mut columns,
            constraint,
            predicate,
            made_one,
            rowid_from_text: key_rowid_from_text,
            ..
        } = key;
        // The query reads the columns the table had: the added ones are alike in every row.
        columns.retain(|c| before.column(c).is_some());
        // A column the migration makes NOT NULL with a constant default holds it, written
        // before the key is made, in the rows that hold NULL (two such rows repeat, as does
        // one and a row holding the default): read so, NULL included.
        let filled = |c: &String| -> Option<String> {
            let (old, new) = (before.column(c)?, table.column(c)?);
            match holds(d, new) {
                Added::Constant(v) if old.nullable && !new.nullable && !new.auto_increment => {
                    Some(v)
                }
                _ => None,
            }
        };
        let values: Vec<String> = (columns.iter())
            .map(|c| match filled(c) {
                Some(v) => format!("COALESCE({}, {v})", value(c, "")),
                None => value(c, ""),
            })
            .collect();
        let mut filter: Vec<String> = (columns.iter())
            .filter(|c| filled(c).is_none())
            .map(|c| format!("{} IS NOT NULL", q(&was(c))))
            .collect();
        // Under a column the migration narrows, only the values that fit can repeat.
        let mut numeric = false;
        let narrowed: Vec<String> = (columns.iter())
            .filter_map(|c| {
                let (old, new) = (before.column(c)?, table.column(c)?);
                let fit = fits(d, (before, old), (table, new), q(&was(c)))?;
                numeric |= numeric_range(d, new).is_some();
                // (A NULL the default fills fits.)
                Some(match filled(c) {
                    Some(_) => format!("({} IS NULL OR {fit})", q(&was(c))),
                    None => fit,
                })
            })
            .collect();
        let short = !narrowed.is_empty();
        filter.extend(narrowed);
        // Only the keys the rebuild's key check lets through can repeat (others refuse the
        // migration there, as the type change's warning says).
        if key_rowid_from_text {
            let k = q(&was(&columns[0]));
            filter.push(format!("{k} = CAST({k} AS INTEGER)"));
        }
        // The predicate as the migration writes it, over the columns as they are before it.
        // (A predicate over an added column is not read: it has no value before the migration.)
        let unread = match predicate.map(|p| before_migration(&d.expression(p))) {
            Some(_) if new_in_key.is_some() => true,
            Some(Some(p)) => {
                filter.push(format!("({p})"));
                false
            }
            Some(None) => true,
            None => false,
        };
        let filter = match &filter[..] {
            [] => String::new(),
            some => format!(" WHERE {}", some.join(" AND ")),
        };
        let query = format!(
            "SELECT {cols}, COUNT(*) FROM {from}{filter} GROUP BY {cols} HAVING COUNT(*) > 1",
            cols = values.join(", ")
        );
        let message = if !made_one.is_empty() {
            format!("keeping {what} on '{name}' through the type change of {}: values that were apart become one there, and existing rows that then repeat make this migration fail ({fails})", made_one.join(", "))
        } else if let Some(new) = &new_in_key {
            format!("adding {what} to '{name}': {} existing rows that repeat values in ({}) make this migration fail ({fails})", new.said(), columns.join(", "))
        } else {
            format!("adding {what} to '{name}': existing rows that repeat values there make this migration fail ({fails})")
        };
        let mut issue = Issue::warning(Code::RowsRefuseChange, message)
        .table(name)
        .suggest(if unread {
            "before running it, find and mend the rows whose values repeat there".to_string()
        } else if short && numeric {
            format!("before running it, find the values that repeat there among those the new type holds (one out of its range refuses the migration itself) with: {query}")
        } else if short {
            format!("before running it, find the values that repeat there among those short enough for the new type (a longer one refuses the migration itself, as the type change's warning says) with: {query}")
        } else if let Some(crate::rows_refuse_new_key::NewInKey::Unknown(_)) = &new_in_key {
            format!("before running it, find the rows whose values repeat in the old columns with: {query}, and see what the new columns' defaults give them")
        } else {
            format!("before running it, find the rows whose values repeat with: {query}")
        });
        if let Some(c) = constraint {
            issue = issue.constraint(c);
        } else {
            issue = issue.column(&columns[0]);
        }
        out.push(issue);
    }

    // Foreign keys: one of the same columns, table and columns before is no new rule.
    for fk in &table.foreign_keys {
        let same = before.foreign_keys.iter().any(|b| {
            // (`before` names its own columns, and itself when it references itself, anew.)
            let parent = if b.referenced_table == table.name {
                table.name.as_str()
            } else {
                renamed
                    .tables
                    .get(&b.referenced_table)
                    .unwrap_or(&b.referenced_table)
            };
            let parent_columns: Vec<&str> = (b.referenced_columns.iter())
                .map(|c| {
                    if b.referenced_table == table.name {
                        c.as_str()
                    } else {
                        renamed.column_now(parent, c)
                    }
                })
                .collect();
            b.columns == fk.columns
                && parent == fk.referenced_table
                && parent_columns == fk.referenced_columns
        });
        if same || added(&fk.columns) {
            continue;
        }
        let fk_name = fk.name(name);
        let not_null: Vec<String> = (fk.columns.iter())
            .map(|c| format!("t.{} IS NOT NULL", q(&was(c))))
            .collect();
        let parent = if fk.referenced_table == table.name {
            Some(Parent::Changed { before, now: table })
        } else {
            parent(&fk.referenced_table)
        };
        // What the referenced columns the migration adds hold in the parent's rows: NULL, which
        // matches nothing (every keyed row refuses the key); a constant default, which matches
        // the keys equal to it (not every keyed row refuses it); or values the migration gives
        // then (a reviewer's `ADD COLUMN id SERIAL` numbered the parent rows 1 and 2, and the key
        // held), which cannot be read before it: not said.
        let adds: Vec<(&String, Added)> = match &parent {
            Some(Parent::Changed { before, now }) => (fk.referenced_columns.iter())
                .filter(|r| before.column(r).is_none())
                .filter_map(|r| now.column(r).map(|c| (r, holds(d, c))))
                .collect(),
            _ => Vec::new(),
        };
        // The referenced columns the migration adds that hold NULL, named.
        let null_columns: Vec<String> = (adds.iter())
            .filter(|(_, a)| matches!(a, Added::Null))
            .map(|(r, _)| format!("'{r}'"))
            .collect();
        let holds_null = !null_columns.is_empty();
        if !holds_null && adds.iter().any(|(_, a)| matches!(a, Added::Given)) {
            continue;
        }
        let missing = match &parent {
            Some(Parent::Created) => {
                Some("the migration creates it: no row of it is there before".to_string())
            }
            _ if holds_null => Some(format!(
                "the migration adds the referenced {} {}, NULL in every row of '{}'",
                if null_columns.len() > 1 {
                    "columns"
                } else {
                    "column"
                },
                null_columns.join(", "),
                fk.referenced_table
            )),
            _ => None,
        };
        let query = match missing {
            Some(_) => format!(
                "SELECT t.* FROM {from} AS t WHERE {}",
                not_null.join(" AND ")
            ),
            None => referenced_query(d, renamed, fk, &parent, &from, &not_null, &value),
        };
        let whose = match missing {
            Some(why) => format!("are not NULL ({why})"),
            None if adds.is_empty() => format!("match no row of '{}'", fk.referenced_table),
            None => format!(
                "match no row of '{}' with the defaults the migration adds its referenced columns with",
                fk.referenced_table
            ),
        };
        out.push(
            Issue::warning(
                Code::RowsRefuseChange,
                format!("adding the foreign key '{fk_name}' ({}) REFERENCES {}({}) to '{name}': existing rows whose ({}) {whose} make this migration fail ({fails})", fk.columns.join(", "), fk.referenced_table, fk.referenced_columns.join(", "), fk.columns.join(", ")),
            )
            .table(name)
            .constraint(&fk_name)
            .suggest(format!("before running it, find those rows with: {query}")),
        );
    }

    // CHECK: one whose expression is new (a CHECK made stricter under its old name included).
    // previousSpec's CHECKs read with their columns named anew (not the text of a string
    // literal); as written where that cannot be done.
    let canonical = |e: &str| crate::expr::canonical(d.parser(), e);
    let named_anew = |text: &str| -> Option<String> {
        let new_name = |i: &sqlparser::ast::Ident| {
            let (_, new) = renames
                .iter()
                .find(|(old, _)| crate::expr::names_column(i, old))?;
            Some(crate::expr::renamed_ident(i, new))
        };
        crate::expr::replace_columns(d.parser(), text, &new_name)
    };
    let had_anew: Vec<Option<String>> = (before.check_constraints.iter())
        .map(|c| named_anew(&c.expression))
        .collect();
    let had: Vec<String> = (before.check_constraints.iter())
        .zip(&had_anew)
        .map(|(c, anew)| canonical(anew.as_deref().unwrap_or(&c.expression)))
        .collect();
    // Existing rows passed the CHECKs the table had: a new one those imply (made looser,
    // `status IN ('a', 'b')` given 'c') refuses none of them. Read where each of them could be
    // named anew, over columns whose type stays (check_implies compares constants as the type
    // reads them).
    let had_texts: Vec<&str> = had_anew.iter().flatten().map(String::as_str).collect();
    let unchanged = |column: &Column| {
        (before.column(&column.name)).is_some_and(|p| crate::check_implies::same_type(d, p, column))
    };
    let at = crate::check_implies::Tables {
        database: d.database_type(),
        table,
        unchanged: &unchanged,
    };
    let readable = had_anew.iter().all(Option::is_some);
    // Whether an expression reads a column that the migration renames, and one whose type it
    // changes.
    let rewrites = |text: &str| {
        let names = crate::expr::check_expression(d.parser(), text).unwrap_or_default();
        let retyped = names.iter().any(|n| {
            (table.columns.iter())
                .find(|col| col.name.eq_ignore_ascii_case(n))
                .and_then(|now| Some((now, before.column(&now.name)?)))
                .is_some_and(|(now, old)| !crate::check_implies::same_type(d, old, now))
        });
        let renamed = names
            .iter()
            .any(|n| (renames.iter()).any(|(old, new)| new.eq_ignore_ascii_case(n) && old != new));
        (renamed, retyped)
    };
    let reads_rewritten = |text: &str| rewrites(text) != (false, false);
    // How many of the columns an expression reads the migration renames or retypes.
    let rewritten_count = |text: &str| {
        let names = crate::expr::check_expression(d.parser(), text).unwrap_or_default();
        (table.columns.iter())
            .filter(|col| names.iter().any(|n| col.name.eq_ignore_ascii_case(n)))
            .filter(|now| {
                let retyped = (before.column(&now.name))
                    .is_some_and(|old| !crate::check_implies::same_type(d, old, now));
                let renamed = (renames.iter()).any(|(old, new)| *new == now.name && old != new);
                retyped || renamed
            })
            .count()
    };
    for c in &table.check_constraints {
        // The same CHECK the table had passed its rows, unless it is added anew (another name)
        // and its value changes with the time (`due >= CURRENT_DATE`): rows it let in then it
        // may refuse now.
        // Under its name it is dropped and added again where a column it reads changes type
        // or is renamed: added anew then too.
        let timed = crate::expr::text_changes_with_time(d.parser(), &c.expression);
        let expression = canonical(&c.expression);
        let kept = (before.check_constraints.iter().zip(&had)).any(|(b, h)| {
            *h == expression && (!timed || (b.name == c.name && !reads_rewritten(&c.expression)))
        });
        if kept {
            let query = before_migration(&d.expression(&c.expression))
                .map(|e| format!("SELECT * FROM {from} WHERE NOT ({e})"));
            out.extend(kept_check_converted(d, (before, table), c, query, fails));
            continue;
        }
        if readable
            && !had_texts.is_empty()
            && matches!(
                crate::check_implies::implies(d.parser(), &at, &had_texts, &c.expression),
                crate::check_implies::Verdict::Implied
            )
        {
            continue;
        }
        let names = crate::expr::check_expression(d.parser(), &c.expression).unwrap_or_default();
        let named = |n: &String| {
            table
                .columns
                .iter()
                .find(|col| col.name.eq_ignore_ascii_case(n))
        };
        if names
            .iter()
            .filter_map(named)
            .any(|col| before.column(&col.name).is_none())
        {
            continue;
        }
        let renamed = names.iter().any(|n| {
            renames
                .iter()
                .any(|(old, new)| new.eq_ignore_ascii_case(n) && old != new)
        });
        // As the migration writes it (MySQL's `length(` is `CHAR_LENGTH(`: a reviewer's query
        // found no row where the migration failed on 'é'), over the columns as they are before
        // it.
        let written = d.expression(&c.expression);
        let query =
            before_migration(&written).map(|e| format!("SELECT * FROM {from} WHERE NOT ({e})"));
        let changed = before.check_constraints.iter().any(|b| b.name == c.name);
        // The same CHECK under its name (its value changes with the time, a column it reads
        // rewritten): dropped and added again as it was, no change of it.
        let again = (before.check_constraints.iter().zip(&had))
            .any(|(b, h)| b.name == c.name && *h == expression);
        let clipped = crate::report::clip(&written);
        let message = match rewrites(&c.expression) {
            (renamed_read, retyped_read) if again => format!(
                "the CHECK '{}' ({clipped}) of '{name}' is dropped and added again as it was, around the {} of {}, so it is checked against every row again then; its value changes with the time, so rows it let in when they were written may be refused then, and existing rows it refuses then make this migration fail ({fails})",
                c.name,
                match (renamed_read, retyped_read) {
                    (true, true) => "rename and type change",
                    (true, false) => "rename",
                    _ => "type change",
                },
                if rewritten_count(&c.expression) > 1 { "columns it reads" } else { "a column it reads" },
            ),
            _ if changed => format!("changing the CHECK '{}' ({clipped}) of '{name}': existing rows it refuses make this migration fail ({fails})", c.name),
            _ => format!("adding the CHECK '{}' ({clipped}) to '{name}': existing rows it refuses make this migration fail ({fails})", c.name),
        };
        let now = if again { " now" } else { "" };
        out.push(
            Issue::warning(Code::RowsRefuseChange, message)
                .table(name)
                .constraint(&c.name)
                .suggest(match query {
                    Some(query) if renamed => format!("before running it, find the rows it refuses{now} (with the columns' names as they are before the migration): {query}"),
                    Some(query) => format!("before running it, find the rows it refuses{now} with: {query}"),
                    None => format!("before running it, find and mend the rows it refuses{now}"),
                }),
        );
    }
    out.extend(added_columns_refused(
        d,
        (before, &from),
        renamed,
        table,
        parent,
        &value,
        &before_migration,
    ));
    out
}

/// The `ROWS_REFUSE_CHANGE` warning of a CHECK `table` keeps (`c`, the same as `before`'s)
/// over columns whose type change converts values (rounded, cut, its time of day dropped, the
/// spaces padding a CHAR dropped: see [`crate::conversion::changes_values`]): the database
/// checks it again against the converted values, so a row it let in may be refused then (a
/// user trial: `ends_at > starts_at` over two TIMESTAMPs made DATE refused 09:00 and 09:30 of
/// one day, PostgreSQL's "check constraint … is violated by some row", MariaDB's 4025;
/// DECIMAL(10,2) made (10,1) under `amount > 0` refused 0.04, made 0.0, with nothing said;
/// PostgreSQL's CHAR(3) made VARCHAR(3) under `octet_length(code) = 3` refused 'ab').
/// `query` finds those rows (the CHECK over the columns as the migration converts them);
/// `None` where the expression cannot be read so.
fn kept_check_converted(
    d: &dyn Dialect,
    (before, table): (&Table, &Table),
    c: &crate::spec::CheckConstraint,
    query: Option<String>,
    fails: &str,
) -> Option<Issue> {
    let names = crate::expr::check_expression(d.parser(), &c.expression).unwrap_or_default();
    let how: Vec<String> = (table.columns.iter())
        .filter(|col| names.iter().any(|n| col.name.eq_ignore_ascii_case(n)))
        .filter_map(|new| {
            let effect = |old: &Column, new: &Column| {
                crate::conversion::changes_check(d, &c.expression, old, new)
            };
            conversion_said(d, before, new, &effect)
        })
        .collect();
    if how.is_empty() {
        return None;
    }
    let message = format!(
        "keeping the CHECK '{}' ({}) on '{}' through the type change of {}: the database checks it again against the converted values, and existing rows it then refuses make this migration fail ({fails})",
        c.name,
        crate::report::clip(&d.expression(&c.expression)),
        table.name,
        how.join(", ")
    );
    let suggestion = match query {
        Some(query) => {
            format!("before running it, find the rows it refuses once converted with: {query}")
        }
        None => "before running it, find and mend the rows whose converted values it refuses"
            .to_string(),
    };
    Some(
        Issue::warning(Code::RowsRefuseChange, message)
            .table(&table.name)
            .constraint(&c.name)
            .suggest(suggestion),
    )
}

/// The `ROWS_REFUSE_CHANGE` warnings of the new rules of `table` over columns the migration
/// adds to it (which [`warnings`] leaves out), where each row already there gets one constant in
/// such a column (its default, see [`holds`]): a foreign key the table gets over it refuses the
/// migration once the table has rows, unless the referenced table has a row of that key (a
/// user trial's `org_id INTEGER NOT NULL DEFAULT 0` with a foreign key to `orgs`: PostgreSQL's
/// "violates foreign key constraint", MariaDB's 1452, SQLite's rebuild guard; the same change
/// on a database file was said); a CHECK that reads it refuses the rows it is false for with
/// that value, where it reads a column the table had too (one that is false for it whatever
/// the row holds is `INVALID_DEFAULT`, see `defaults`). A column that holds NULL (a key with NULL in it is not checked) or values the
/// migration gives each row (a number, `CURRENT_TIMESTAMP`) is not said. `before` is
/// previousSpec's table (its columns renamed as the spec names them) with its name in the
/// database before the migration; `value` and `before_migration` read a column of the table,
/// and an expression, as the database has them then.
fn added_columns_refused<'p>(
    d: &dyn Dialect,
    (before, from): (&Table, &str),
    renamed: &Renamed,
    table: &Table,
    parent: &dyn Fn(&str) -> Option<Parent<'p>>,
    value: &dyn Fn(&str, &str) -> String,
    before_migration: &dyn Fn(&str) -> Option<String>,
) -> Vec<Issue> {
    let fails = how_it_fails(d);
    let name = &table.name;
    let q = |c: &str| d.identifier(renamed.column_before(name, c)).into_owned();
    // What a column the migration adds holds in the rows there (`None`: not added).
    let added = |c: &str| -> Option<Added> {
        if before.column(c).is_some() {
            return None;
        }
        table.column(c).map(|new| holds(d, new))
    };
    let mut out = Vec::new();
    for fk in &table.foreign_keys {
        let held: Vec<(&String, Added)> = (fk.columns.iter())
            .filter_map(|c| Some((c, added(c)?)))
            .collect();
        // (The key over columns the table had is `warnings`'s.)
        let constants: Vec<(&String, String)> = (held.iter())
            .filter_map(|(c, a)| match a {
                Added::Constant(v) => Some((*c, v.clone())),
                _ => None,
            })
            .collect();
        if held.is_empty() || constants.len() < held.len() {
            continue;
        }
        let parent = if fk.referenced_table == *name {
            Some(Parent::Changed { before, now: table })
        } else {
            parent(&fk.referenced_table)
        };
        // The parent's referenced columns the migration adds: NULL there matches no key, values
        // it gives then are not known before it.
        let parent_adds: Vec<Added> = match &parent {
            Some(Parent::Changed { before, now }) => (fk.referenced_columns.iter())
                .filter(|r| before.column(r).is_none())
                .filter_map(|r| now.column(r).map(|c| holds(d, c)))
                .collect(),
            _ => Vec::new(),
        };
        if parent_adds.iter().any(|a| matches!(a, Added::Given)) {
            continue;
        }
        let no_parent_row = matches!(parent, Some(Parent::Created))
            || parent_adds.iter().any(|a| matches!(a, Added::Null));
        let not_null: Vec<String> = (fk.columns.iter())
            .filter(|c| added(c).is_none())
            .map(|c| format!("t.{} IS NOT NULL", q(c)))
            .collect();
        let query = if no_parent_row {
            let mut query = format!("SELECT t.* FROM {from} t");
            if !not_null.is_empty() {
                query = format!("{query} WHERE {}", not_null.join(" AND "));
            }
            query
        } else {
            let read = |c: &str, prefix: &str| match constants.iter().find(|(a, _)| *a == c) {
                Some((_, v)) => v.clone(),
                None => value(c, prefix),
            };
            referenced_query(d, renamed, fk, &parent, from, &not_null, &read)
        };
        let fk_name = fk.name(name);
        let gets: Vec<String> = (constants.iter())
            .map(|(c, v)| format!("'{c}' gets {v}"))
            .collect();
        let key: Vec<String> = (fk.referenced_columns.iter())
            .zip(&fk.columns)
            .map(|(r, c)| match constants.iter().find(|(a, _)| *a == c) {
                Some((_, v)) => format!("'{r}' = {v}"),
                None => format!("'{r}' = the row's '{c}'"),
            })
            .collect();
        let unless = if no_parent_row {
            format!(
                "which '{}' has no row for before the migration ({})",
                fk.referenced_table,
                if matches!(parent, Some(Parent::Created)) {
                    "the migration creates it"
                } else {
                    "the migration adds its referenced columns NULL"
                }
            )
        } else {
            format!(
                "which it refuses unless '{}' has a row where {}",
                fk.referenced_table,
                key.join(" and ")
            )
        };
        out.push(
            Issue::warning(
                Code::RowsRefuseChange,
                format!(
                    "adding the foreign key '{fk_name}' ({}) REFERENCES {}({}) to '{name}' with its new {}: every row already there gets the same value ({}), {unless}; on a database where '{name}' has rows, the migration then fails ({fails})",
                    fk.columns.join(", "),
                    fk.referenced_table,
                    fk.referenced_columns.join(", "),
                    if held.len() > 1 { "columns" } else { "column" },
                    gets.join(", "),
                ),
            )
            .table(name)
            .column(constants[0].0)
            .constraint(&fk_name)
            .suggest(format!(
                "before running it, find the rows it refuses (none where '{name}' has no rows or '{}' has that row) with: {query}; or add the column nullable without the default, set the values the rows should reference, then make it NOT NULL in a later migration",
                fk.referenced_table
            )),
        );
    }

    // CHECKs that read a column the migration adds, not had before under the same expression.
    let canonical = |e: &str| crate::expr::canonical(d.parser(), e);
    let had: Vec<String> = (before.check_constraints.iter())
        .map(|c| canonical(&c.expression))
        .collect();
    for c in &table.check_constraints {
        if had.contains(&canonical(&c.expression)) {
            continue;
        }
        let names = crate::expr::check_expression(d.parser(), &c.expression).unwrap_or_default();
        let read: Vec<(&Column, Added)> = (table.columns.iter())
            .filter(|col| names.iter().any(|n| col.name.eq_ignore_ascii_case(n)))
            .filter_map(|col| Some((col, added(&col.name)?)))
            .collect();
        // Said where the values the migration writes are known (its default, or NULL), and the
        // CHECK reads a column the table had too: rows differ there. Over added columns alone
        // it is the same for every row: refused by the default whatever the row holds is
        // validation's (`INVALID_DEFAULT`); refused by NULL, every row refuses it.
        if read.is_empty() || read.iter().any(|(_, a)| matches!(a, Added::Given)) {
            continue;
        }
        let reads_rows = (table.columns.iter())
            .filter(|col| names.iter().any(|n| col.name.eq_ignore_ascii_case(n)))
            .any(|col| before.column(&col.name).is_some());
        let verdicts: Vec<Judged> = (read.iter())
            .map(|(col, a)| added_verdict(d, table, (col, a), &c.expression))
            .collect();
        if verdicts.contains(&Judged::Taken) {
            continue;
        }
        let null_refused = (read.iter().zip(&verdicts))
            .find(|((_, a), v)| **v == Judged::Refused && matches!(a, Added::Null));
        if let Some(((col, _), _)) = null_refused {
            out.push(null_refused_warning(d, (name, from), col, c));
            continue;
        }
        if verdicts.contains(&Judged::Refused) || !reads_rows {
            continue;
        }
        let written = d.expression(&c.expression);
        let with_values = |i: &sqlparser::ast::Ident| -> Option<String> {
            let (col, a) = read
                .iter()
                .find(|(col, _)| crate::expr::names_column(i, &col.name))?;
            Some(match a {
                Added::Constant(v) => v.clone(),
                _ if d.database_type() == DatabaseType::Postgresql => {
                    format!("CAST(NULL AS {})", d.column_type(col, false))
                }
                _ => "NULL".to_string(),
            })
        };
        let Some(written) = crate::expr::replace_columns(d.parser(), &written, &with_values) else {
            continue;
        };
        let query =
            before_migration(&written).map(|e| format!("SELECT * FROM {from} WHERE NOT ({e})"));
        let gets: Vec<String> = (read.iter())
            .map(|(col, a)| match a {
                Added::Constant(v) => format!("'{}' gets {v}", col.name),
                _ => format!("'{}' gets NULL", col.name),
            })
            .collect();
        out.push(
            Issue::warning(
                Code::RowsRefuseChange,
                format!(
                    "adding the CHECK '{}' ({}) to '{name}' with its new {}: every row already there gets the same value ({}), and existing rows it refuses with it make this migration fail ({fails})",
                    c.name,
                    crate::report::clip(&d.expression(&c.expression)),
                    if read.len() > 1 { "columns" } else { "column" },
                    gets.join(", "),
                ),
            )
            .table(name)
            .column(&read[0].0.name)
            .constraint(&c.name)
            .suggest(match query {
                Some(query) => format!("before running it, find the rows it refuses with: {query}"),
                None => "before running it, find and mend the rows it refuses".to_string(),
            }),
        );
    }
    out
}

/// What the CHECK `expression` of `table` says of the rows there once the migration adds the
/// column `col` to them holding `added` (its default, or NULL; see
/// [`crate::check_implies::judge`]).
fn added_verdict(
    d: &dyn Dialect,
    table: &Table,
    (col, added): (&Column, &Added),
    expression: &str,
) -> Judged {
    match added {
        Added::Null => {
            let asked = crate::check_implies::Asked {
                database: d.database_type(),
                table,
                column: col,
                own_collation: true,
            };
            crate::check_implies::judge(d.parser(), &asked, expression, Held::Null)
        }
        _ => crate::check_implies::default_verdict(d, (table, true), col, expression),
    }
}

/// What the [`null_refused_warning`] says, which `rows_trial::count_rows_referencing` finds it by.
pub(crate) const NULL_REFUSED: &str =
    "every row already there gets NULL in it, which the CHECK refuses";

/// The `ROWS_REFUSE_CHANGE` warning of a column `col` that the migration adds to `table` (named
/// `name`; `from`: as the database names it before) holding NULL in every row already there
/// (no default, or NULL), under a CHECK of `table` that refuses NULL whatever the row holds
/// (`x IS NOT NULL`): see [`null_refused_warning`]. For a database file, whose rows are tried,
/// this says it for the other copies the migration file is run on
/// (`rows_trial::count_rows_referencing` says what the file holds).
pub(crate) fn added_null_refused(
    d: &dyn Dialect,
    (name, from): (&str, &str),
    table: &Table,
    col: &Column,
) -> Option<Issue> {
    use crate::spec::DefaultValue;
    if col.auto_increment || !matches!(col.default, None | Some(DefaultValue::Null)) {
        return None;
    }
    let check = (table.check_constraints.iter())
        .find(|c| added_verdict(d, table, (col, &Added::Null), &c.expression) == Judged::Refused)?;
    Some(null_refused_warning(d, (name, from), col, check))
}

/// The `ROWS_REFUSE_CHANGE` warning of the CHECK `check` that the migration adds to `name`
/// (`from`: as the database names it before) with the column `col`, which every row already
/// there gets NULL in and which the CHECK refuses whatever the row holds (`x IS NOT NULL`): on
/// a database where the table has rows the migration fails; the query lists them.
fn null_refused_warning(
    d: &dyn Dialect,
    (name, from): (&str, &str),
    col: &Column,
    check: &crate::spec::CheckConstraint,
) -> Issue {
    Issue::warning(
        Code::RowsRefuseChange,
        format!(
            "adding the CHECK '{}' ({}) to '{name}' with its new column '{}': {NULL_REFUSED}, so on a database where '{name}' has rows this migration fails ({})",
            check.name,
            crate::report::clip(&d.expression(&check.expression)),
            col.name,
            how_it_fails(d),
        ),
    )
    .table(name)
    .column(&col.name)
    .constraint(&check.name)
    .suggest(format!(
        "before running it, find the rows it refuses (every row) with: SELECT * FROM {from}; or give '{}' a default the CHECK allows, or add it without the CHECK, fill it, and add the CHECK in a later migration",
        col.name
    ))
}

#[cfg(test)]
mod tests {
    use crate::report::Code;

    /// `tasks` renamed `jobs`, its columns renamed (`owner` → `owner_id`, made an integer,
    /// `prio` → `priority`, `title` → `name`) and `code` made an integer, with a new foreign key
    /// to `owners` renamed `people` (`oid` → `person_id`), a UNIQUE, a partial unique index and
    /// CHECKs over them (one with the name of a column in a literal).
    fn renamed_spec(db: &str) -> String {
        let where_ = if db == "mysql" {
            ""
        } else {
            r#","where":"priority > 0""#
        };
        format!(
            r#"{{"description":"b","databaseType":"{db}","timestamps":false,"allowDataLoss":true,"tables":[
  {{"name":"people","renamedFrom":"owners","columns":[{{"name":"person_id","type":"INTEGER","nullable":false,"renamedFrom":"oid"}},{{"name":"nm","type":"VARCHAR","length":20,"nullable":true}}],"primaryKey":["person_id"]}},
  {{"name":"jobs","renamedFrom":"tasks","columns":[{{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}},{{"name":"owner_id","type":"INTEGER","nullable":true,"renamedFrom":"owner"}},{{"name":"priority","type":"INTEGER","nullable":true,"renamedFrom":"prio"}},{{"name":"name","type":"VARCHAR","length":20,"nullable":true,"renamedFrom":"title"}},{{"name":"code","type":"INTEGER","nullable":true}}],
   "foreignKeys":[{{"columns":["owner_id"],"referencedTable":"people","referencedColumns":["person_id"]}}],
   "uniqueConstraints":[{{"name":"uq_jobs_name","columns":["name","priority"]}}],
   "indexes":[{{"name":"ux_jobs_code","columns":["code"],"unique":true{where_}}}],
   "checkConstraints":[{{"name":"chk_jobs_priority","expression":"priority BETWEEN 1 AND 5 AND name <> 'priority'"}},{{"name":"chk_jobs_code","expression":"code > 5"}}]}}],
 "previousSpec":{{"description":"a","databaseType":"{db}","timestamps":false,"tables":[
  {{"name":"owners","columns":[{{"name":"oid","type":"INTEGER","nullable":false}},{{"name":"nm","type":"VARCHAR","length":20,"nullable":true}}],"primaryKey":["oid"]}},
  {{"name":"tasks","columns":[{{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}},{{"name":"owner","type":"VARCHAR","length":10,"nullable":true}},{{"name":"prio","type":"INTEGER","nullable":true}},{{"name":"title","type":"VARCHAR","length":20,"nullable":true}},{{"name":"code","type":"VARCHAR","length":10,"nullable":true}}]}}]}}}}"#
        )
    }

    /// The queries of the `ROWS_REFUSE_CHANGE` warnings of `spec`, by constraint (but the
    /// one that says a MySQL migration looks for the rows first, which holds no query).
    fn queries(spec: &str) -> Vec<(String, String)> {
        let result = crate::generate_str(spec);
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        (result.validation.warnings.iter())
            .filter(|w| {
                w.code == Code::RowsRefuseChange
                    && !w
                        .message
                        .starts_with("the migration first looks for existing rows")
            })
            .map(|w| {
                let s = w.suggestion.clone().unwrap_or_default();
                let query = s.find("SELECT ").map_or(s.clone(), |i| s[i..].to_string());
                (w.constraint.clone().unwrap_or_default(), query)
            })
            .collect()
    }

    /// The query of each rule is for the database before the migration: the table, the
    /// columns and the referenced table and columns under their names then, a column the
    /// migration converts read as PostgreSQL converts it (a reviewer's queries named the
    /// referenced table and the CHECK's columns as the migration leaves them: "relation
    /// people does not exist").
    #[test]
    fn queries_name_what_the_database_has_before_the_migration() {
        let pg = queries(&renamed_spec("postgresql"));
        let expected_pg = [
            ("uq_jobs_name", "SELECT title, prio, COUNT(*) FROM tasks WHERE title IS NOT NULL AND prio IS NOT NULL GROUP BY title, prio HAVING COUNT(*) > 1"),
            ("ux_jobs_code", "SELECT (code::INTEGER), COUNT(*) FROM tasks WHERE code IS NOT NULL AND (prio > 0) GROUP BY (code::INTEGER) HAVING COUNT(*) > 1"),
            ("fk_jobs_owner_id", "SELECT t.* FROM tasks t WHERE t.owner IS NOT NULL AND NOT EXISTS (SELECT 1 FROM owners r WHERE r.oid = (t.owner::INTEGER))"),
            ("chk_jobs_priority", "SELECT * FROM tasks WHERE NOT (prio BETWEEN 1 AND 5 AND title <> 'priority')"),
            ("chk_jobs_code", "SELECT * FROM tasks WHERE NOT ((code::INTEGER) > 5)"),
        ];
        let as_owned = |e: &[(&str, &str)]| -> Vec<(String, String)> {
            e.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        assert_eq!(pg, as_owned(&expected_pg));
        let my = queries(&renamed_spec("mysql"));
        let expected_my = [
            ("uq_jobs_name", "SELECT title, prio, COUNT(*) FROM tasks WHERE title IS NOT NULL AND prio IS NOT NULL GROUP BY title, prio HAVING COUNT(*) > 1"),
            ("ux_jobs_code", "SELECT CAST(code AS SIGNED), COUNT(*) FROM tasks WHERE code IS NOT NULL GROUP BY CAST(code AS SIGNED) HAVING COUNT(*) > 1"),
            ("fk_jobs_owner_id", "SELECT t.* FROM tasks t WHERE t.owner IS NOT NULL AND NOT EXISTS (SELECT 1 FROM owners r WHERE r.oid = CAST(t.owner AS SIGNED))"),
            ("chk_jobs_priority", "SELECT * FROM tasks WHERE NOT (prio BETWEEN 1 AND 5 AND title <> 'priority')"),
            ("chk_jobs_code", "SELECT * FROM tasks WHERE NOT (CAST(code AS SIGNED) > 5)"),
        ];
        assert_eq!(my, as_owned(&expected_my));
    }

    /// A foreign key kept, its referenced table and columns renamed, is no new rule.
    #[test]
    fn a_foreign_key_kept_through_renames_of_its_parent_is_not_said() {
        let spec = renamed_spec("postgresql")
            .replace(
                r#""nullable":true}]}]}}"#,
                r#""nullable":true}],"foreignKeys":[{"columns":["owner"],"referencedTable":"owners","referencedColumns":["oid"]}]}]}}"#,
            )
            .replace(
                r#"{"name":"owner","type":"VARCHAR","length":10,"#,
                r#"{"name":"owner","type":"INTEGER","#,
            );
        let said = queries(&spec);
        assert!(
            !said.iter().any(|(c, _)| c == "fk_jobs_owner_id"),
            "{said:?}"
        );
    }

    /// A new CHECK whose value changes with the time is said though the table had it: under
    /// another name it is added anew and checks every row today, and one made of it and more
    /// is not implied by it (rows let in yesterday may be refused today). Under its own name,
    /// unchanged, it is not added: nothing to say.
    #[test]
    fn a_check_that_changes_with_the_time_is_said_though_the_table_had_it() {
        let spec = |before: (&str, &str), now: (&str, &str)| {
            let table = |(name, e): (&str, &str)| {
                format!(
                    r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"due","type":"DATE","nullable":true}},{{"name":"qty","type":"INTEGER","nullable":true}}],"primaryKey":["id"],"checkConstraints":[{{"name":"{name}","expression":"{e}"}}]}}"#
                )
            };
            format!(
                r#"{{"description":"b","databaseType":"postgresql","timestamps":false,"tables":[{}],"previousSpec":{{"description":"a","databaseType":"postgresql","timestamps":false,"tables":[{}]}}}}"#,
                table(now),
                table(before)
            )
        };
        let said = |before, now| -> Vec<String> {
            queries(&spec(before, now))
                .into_iter()
                .map(|(c, _)| c)
                .collect()
        };
        let timed = "due >= CURRENT_DATE";
        assert_eq!(said(("chk_a", timed), ("chk_b", timed)), ["chk_b"]);
        assert_eq!(
            said(("chk_a", timed), ("chk_a", timed)),
            Vec::<String>::new()
        );
        let more = "due >= CURRENT_DATE AND qty > 0";
        assert_eq!(said(("chk_a", more), ("chk_a", timed)), ["chk_a"]);
        // A constant date is read as before.
        let fixed = "due >= '2024-01-01'";
        assert_eq!(
            said(("chk_a", fixed), ("chk_b", fixed)),
            Vec::<String>::new()
        );
        let fixed_more = "due >= '2024-01-01' AND qty > 0";
        assert_eq!(
            said(("chk_a", fixed_more), ("chk_a", fixed)),
            Vec::<String>::new()
        );
    }

    /// A column PostgreSQL converts to text by the assignment cast (no `USING`) is read cast
    /// in the query: `length(n)` of the INTEGER it is before the migration does not run
    /// ("function length(integer) does not exist").
    #[test]
    fn a_column_made_text_is_read_cast_on_postgresql() {
        let table = |ty: &str, extra: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"n","type":{ty},"nullable":true}}],"primaryKey":["id"]{extra}}}"#
            )
        };
        let spec = format!(
            r#"{{"description":"b","databaseType":"postgresql","timestamps":false,"allowDataLoss":true,"tables":[{}],"previousSpec":{{"description":"a","databaseType":"postgresql","timestamps":false,"tables":[{}]}}}}"#,
            table(
                r#""VARCHAR","length":5"#,
                r#","checkConstraints":[{"name":"chk_t_n","expression":"length(n) > 1"}]"#
            ),
            table(r#""INTEGER""#, "")
        );
        assert_eq!(
            queries(&spec),
            [(
                "chk_t_n".to_string(),
                "SELECT * FROM t WHERE NOT (length(CAST(n AS VARCHAR(5))) > 1)".to_string()
            )]
        );
    }

    /// previousSpec's `t (id, code {before})` and the spec's `t (id, code {now})` with `extra`
    /// (its UNIQUE or CHECKs), on `db`.
    fn retyped_code(db: &str, before: &str, now: &str, extra: &str) -> String {
        let table = |ty: &str, extra: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"code","nullable":true,{ty}}}],"primaryKey":["id"]{extra}}}"#
            )
        };
        format!(
            r#"{{"description":"b","databaseType":"{db}","timestamps":false,"allowDataLoss":true,"tables":[{}],"previousSpec":{{"description":"a","databaseType":"{db}","timestamps":false,"tables":[{}]}}}}"#,
            table(now, extra),
            table(before, "")
        )
    }

    /// MySQL's `MODIFY COLUMN` converts a column whose type changes by assignment (DECIMAL 1.20
    /// and 1.40 both become the INTEGER 1, VARCHAR '05' becomes 5): the queries read it so
    /// converted (a reviewer's GROUP BY found no repeat where the migration failed on
    /// "Duplicate entry '1'").
    #[test]
    fn a_retyped_column_is_read_as_mysql_converts_it() {
        let decimal = r#""type":"DECIMAL","precision":6,"scale":2"#;
        let int = r#""type":"INTEGER""#;
        let unique = r#","indexes":[{"name":"ux_t_code","columns":["code"],"unique":true}]"#;
        let check = r#","checkConstraints":[{"name":"chk_t_code","expression":"code <> 1"}]"#;
        let pair = |c: &str, q: &str| vec![(c.to_string(), q.to_string())];
        assert_eq!(
            queries(&retyped_code("mysql", decimal, int, unique)),
            pair("ux_t_code", "SELECT CAST(code AS SIGNED), COUNT(*) FROM t WHERE code IS NOT NULL GROUP BY CAST(code AS SIGNED) HAVING COUNT(*) > 1")
        );
        assert_eq!(
            queries(&retyped_code("mysql", decimal, int, check)),
            pair(
                "chk_t_code",
                "SELECT * FROM t WHERE NOT (CAST(code AS SIGNED) <> 1)"
            )
        );
        let varchar = r#""type":"VARCHAR","length":3"#;
        assert_eq!(
            queries(&retyped_code("mysql", int, varchar, unique)),
            // (Only the values that fit VARCHAR(3) can repeat: 12345 refuses the migration.)
            pair("ux_t_code", "SELECT CAST(code AS CHAR(3) CHARACTER SET utf8mb4), COUNT(*) FROM t WHERE code IS NOT NULL AND CHAR_LENGTH(CAST(code AS CHAR CHARACTER SET utf8mb4)) <= 3 GROUP BY CAST(code AS CHAR(3) CHARACTER SET utf8mb4) HAVING COUNT(*) > 1")
        );
        // Text made text keeps its value: read as it stands, in the column's own character set
        // and collation (a CAST compares in the connection's, a reviewer's latin1 client).
        let wider = r#""type":"VARCHAR","length":20"#;
        let narrow = r#""type":"VARCHAR","length":10"#;
        assert_eq!(
            queries(&retyped_code("mysql", narrow, wider, unique)),
            pair("ux_t_code", "SELECT code, COUNT(*) FROM t WHERE code IS NOT NULL GROUP BY code HAVING COUNT(*) > 1")
        );
        let money = r#""type":"DECIMAL","precision":8,"scale":1"#;
        assert_eq!(
            queries(&retyped_code("mysql", decimal, money, unique)),
            pair("ux_t_code", "SELECT CAST(code AS DECIMAL(8,1)), COUNT(*) FROM t WHERE code IS NOT NULL GROUP BY CAST(code AS DECIMAL(8,1)) HAVING COUNT(*) > 1")
        );
    }

    /// A new UNIQUE over a column the migration narrows: a value too long for the new type
    /// refuses the migration itself ("Data too long", "value too long for type …", which the
    /// type change's warning says), so only the values that fit can repeat under the key: the
    /// query counts those (a reviewer's 'abcd' twice was counted as a repeat on MySQL, and
    /// PostgreSQL's `CAST(code AS VARCHAR(3))` cut 'abcd' and 'abce' to one 'abc').
    #[test]
    fn a_unique_over_a_narrowed_column_counts_only_the_values_that_fit() {
        let unique = r#","indexes":[{"name":"ux_t_code","columns":["code"],"unique":true}]"#;
        let (wide, narrow) = (
            r#""type":"VARCHAR","length":10"#,
            r#""type":"VARCHAR","length":3"#,
        );
        let (int, char3) = (r#""type":"INTEGER""#, r#""type":"CHAR","length":3"#);
        let pair = |q: &str| vec![("ux_t_code".to_string(), q.to_string())];
        assert_eq!(
            queries(&retyped_code("mysql", wide, narrow, unique)),
            pair("SELECT code, COUNT(*) FROM t WHERE code IS NOT NULL AND CHAR_LENGTH(code) <= 3 GROUP BY code HAVING COUNT(*) > 1")
        );
        // MySQL cuts the spaces past a CHAR's length, as PostgreSQL does for both.
        assert_eq!(
            queries(&retyped_code("mysql", wide, char3, unique)),
            pair("SELECT RTRIM(code), COUNT(*) FROM t WHERE code IS NOT NULL AND CHAR_LENGTH(RTRIM(code)) <= 3 GROUP BY RTRIM(code) HAVING COUNT(*) > 1")
        );
        assert_eq!(
            queries(&retyped_code("mysql", int, narrow, unique)),
            pair("SELECT CAST(code AS CHAR(3) CHARACTER SET utf8mb4), COUNT(*) FROM t WHERE code IS NOT NULL AND CHAR_LENGTH(CAST(code AS CHAR CHARACTER SET utf8mb4)) <= 3 GROUP BY CAST(code AS CHAR(3) CHARACTER SET utf8mb4) HAVING COUNT(*) > 1")
        );
        assert_eq!(
            queries(&retyped_code("postgresql", wide, narrow, unique)),
            pair("SELECT CAST(code AS VARCHAR(3)), COUNT(*) FROM t WHERE code IS NOT NULL AND char_length(rtrim(code)) <= 3 GROUP BY CAST(code AS VARCHAR(3)) HAVING COUNT(*) > 1")
        );
        assert_eq!(
            queries(&retyped_code("postgresql", int, narrow, unique)),
            pair("SELECT CAST(code AS VARCHAR(3)), COUNT(*) FROM t WHERE code IS NOT NULL AND char_length(rtrim(CAST(code AS TEXT))) <= 3 GROUP BY CAST(code AS VARCHAR(3)) HAVING COUNT(*) > 1")
        );
        // Numbers: only those the new type holds, rounded to its scale first (DECIMAL(4,1)
        // refuses 999.95, which rounds to 1000.0; the query's CAST clamps it to 999.9 on MySQL,
        // and BIGINT's 2147483648 made INTEGER fails PostgreSQL's own CAST).
        let (dec10, dec4, bigint) = (
            r#""type":"DECIMAL","precision":10,"scale":2"#,
            r#""type":"DECIMAL","precision":4,"scale":1"#,
            r#""type":"BIGINT""#,
        );
        assert_eq!(
            queries(&retyped_code("mysql", dec10, dec4, unique)),
            pair("SELECT CAST(code AS DECIMAL(4,1)), COUNT(*) FROM t WHERE code IS NOT NULL AND ABS(ROUND(code, 1)) < 1000 GROUP BY CAST(code AS DECIMAL(4,1)) HAVING COUNT(*) > 1")
        );
        assert_eq!(
            queries(&retyped_code("postgresql", bigint, int, unique)),
            pair("SELECT (code::INTEGER), COUNT(*) FROM t WHERE code IS NOT NULL AND round(CAST(code AS NUMERIC)) BETWEEN -2147483648 AND 2147483647 GROUP BY (code::INTEGER) HAVING COUNT(*) > 1")
        );
        assert_eq!(
            queries(&retyped_code("mysql", bigint, int, unique)),
            pair("SELECT CAST(code AS SIGNED), COUNT(*) FROM t WHERE code IS NOT NULL AND ROUND(code) BETWEEN -2147483648 AND 2147483647 GROUP BY CAST(code AS SIGNED) HAVING COUNT(*) > 1")
        );
        // Made no narrower (INTEGER into BIGINT, DECIMAL(10,2) into DECIMAL(12,2) or a wider
        // scale): nothing more to read.
        for (before, now) in [
            (int, bigint),
            (dec10, r#""type":"DECIMAL","precision":12,"scale":2"#),
            (dec10, r#""type":"DECIMAL","precision":11,"scale":3"#),
        ] {
            let said = queries(&retyped_code("postgresql", before, now, unique));
            assert!(!said[0].1.contains("round("), "{said:?}");
        }
        // Made no narrower: every value fits, nothing more to read.
        assert_eq!(
            queries(&retyped_code("mysql", narrow, wide, unique)),
            pair("SELECT code, COUNT(*) FROM t WHERE code IS NOT NULL GROUP BY code HAVING COUNT(*) > 1")
        );
        // The suggestion says what the query finds.
        let r = crate::generate_str(&retyped_code("mysql", wide, narrow, unique));
        let said = (r.validation.warnings.iter())
            .find(|w| w.code == Code::RowsRefuseChange)
            .and_then(|w| w.suggestion.clone())
            .unwrap_or_default();
        assert!(said.starts_with("before running it, find the values that repeat there among those short enough for the new type (a longer one refuses the migration itself, as the type change's warning says) with: SELECT "), "{said}");
    }

    /// A UNIQUE the table keeps over a column narrowed where the conversion cuts the spaces
    /// past the new length (PostgreSQL; MySQL into a CHAR): 'abc' and 'abc  ' both become 'abc'
    /// under VARCHAR(3), and the migration fails on the key it kept, which said nothing (the
    /// UNIQUE counted as unchanged). Said, with the query of a new one; not where another key
    /// the table keeps (the primary key) holds the values apart, nor where MySQL refuses the
    /// longer value itself (into a VARCHAR: strict mode's "Data truncated").
    #[test]
    fn a_kept_unique_over_a_column_whose_cut_spaces_make_values_one_is_said() {
        let kept = |db: &str, ty: &str, unique: &str| {
            let table = |len: &str| {
                format!(
                    r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"code","nullable":true,"type":"{ty}","length":{len}}}],"primaryKey":["id"]{unique}}}"#
                )
            };
            format!(
                r#"{{"description":"b","databaseType":"{db}","timestamps":false,"allowDataLoss":true,"tables":[{}],"previousSpec":{{"description":"a","databaseType":"{db}","timestamps":false,"tables":[{}]}}}}"#,
                table("3"),
                table("10")
            )
        };
        let constraint = r#","uniqueConstraints":[{"name":"uq_t_code","columns":["code"]}]"#;
        let index = r#","indexes":[{"name":"ux_t_code","columns":["code"],"unique":true}]"#;
        let query = "SELECT CAST(code AS VARCHAR(3)), COUNT(*) FROM t WHERE code IS NOT NULL AND char_length(rtrim(code)) <= 3 GROUP BY CAST(code AS VARCHAR(3)) HAVING COUNT(*) > 1";
        assert_eq!(
            queries(&kept("postgresql", "VARCHAR", constraint)),
            [("uq_t_code".to_string(), query.to_string())]
        );
        assert_eq!(
            queries(&kept("postgresql", "VARCHAR", index)),
            [("ux_t_code".to_string(), query.to_string())]
        );
        let r = crate::generate_str(&kept("postgresql", "VARCHAR", constraint));
        let w = (r.validation.warnings.iter())
            .find(|w| w.code == Code::RowsRefuseChange)
            .unwrap();
        assert!(
            w.message.contains("spaces past 3 characters") && w.message.contains("'code'"),
            "{}",
            w.message
        );
        // MySQL refuses 'abc  ' into a VARCHAR(3) itself (the narrowing's warning says it).
        assert!(queries(&kept("mysql", "VARCHAR", constraint)).is_empty());
        // Held apart by the primary key.
        let with_id = r#","uniqueConstraints":[{"name":"uq_t_id_code","columns":["id","code"]}]"#;
        assert!(queries(&kept("postgresql", "VARCHAR", with_id)).is_empty());
        // Made wider: nothing is cut.
        let wider =
            kept("postgresql", "VARCHAR", constraint).replace(r#""length":3"#, r#""length":30"#);
        assert!(queries(&wider).is_empty());
    }

    /// A UNIQUE or primary key the table keeps over a column whose conversion makes values that
    /// were distinct one (`conversion::merges`): PostgreSQL's CHAR compared without the spaces
    /// at its end (VARCHAR(3) made CHAR(5), a widening), a DECIMAL rounded to fewer decimals, a
    /// TIMESTAMP to fewer digits of a second. The migration failed on the key it kept with only
    /// TYPE_NARROWING said (a reviewer's, PostgreSQL 15 and MariaDB 10.11: duplicate key).
    /// Said with the query of a new UNIQUE; not where the values stay apart, nor where a key
    /// the table keeps within the columns holds them apart.
    #[test]
    fn a_kept_key_over_a_column_whose_conversion_merges_values_is_said() {
        let unique = r#","uniqueConstraints":[{"name":"uq_t_code","columns":["code"]}]"#;
        // The UNIQUE (or `extra`) in previousSpec's table and the spec's.
        let kept = |db: &str, before: &str, now: &str, extra: &str| {
            retyped_code(db, before, now, extra).replace(
                r#""primaryKey":["id"]}]}}"#,
                &format!(r#""primaryKey":["id"]{extra}}}]}}}}"#),
            )
        };
        let pair = |q: &str| vec![("uq_t_code".to_string(), q.to_string())];
        let (varchar3, char5) = (
            r#""type":"VARCHAR","length":3"#,
            r#""type":"CHAR","length":5"#,
        );
        assert_eq!(
            queries(&kept("postgresql", varchar3, char5, unique)),
            pair("SELECT CAST(code AS CHAR(5)), COUNT(*) FROM t WHERE code IS NOT NULL GROUP BY CAST(code AS CHAR(5)) HAVING COUNT(*) > 1")
        );
        // MySQL reads a CHAR without the spaces at its end: as RTRIM, in the column's collation.
        assert_eq!(
            queries(&kept("mysql", varchar3, char5, unique)),
            pair("SELECT RTRIM(code), COUNT(*) FROM t WHERE code IS NOT NULL GROUP BY RTRIM(code) HAVING COUNT(*) > 1")
        );
        let (dec62, dec51) = (
            r#""type":"DECIMAL","precision":6,"scale":2"#,
            r#""type":"DECIMAL","precision":5,"scale":1"#,
        );
        assert_eq!(
            queries(&kept("postgresql", dec62, dec51, unique)),
            pair("SELECT (code::DECIMAL(5,1)), COUNT(*) FROM t WHERE code IS NOT NULL AND (abs(round(CAST(code AS NUMERIC), 1)) < 10000 OR code = 'NaN') GROUP BY (code::DECIMAL(5,1)) HAVING COUNT(*) > 1")
        );
        assert_eq!(
            queries(&kept("mysql", dec62, dec51, unique)),
            pair("SELECT CAST(code AS DECIMAL(5,1)), COUNT(*) FROM t WHERE code IS NOT NULL AND ABS(ROUND(code, 1)) < 10000 GROUP BY CAST(code AS DECIMAL(5,1)) HAVING COUNT(*) > 1")
        );
        let (ts6, ts0) = (
            r#""type":"TIMESTAMP","precision":6"#,
            r#""type":"TIMESTAMP","precision":0"#,
        );
        assert_eq!(
            queries(&kept("postgresql", ts6, ts0, unique)),
            pair("SELECT (code::TIMESTAMP(0)), COUNT(*) FROM t WHERE code IS NOT NULL GROUP BY (code::TIMESTAMP(0)) HAVING COUNT(*) > 1")
        );
        assert_eq!(
            queries(&kept("mysql", ts6, ts0, unique)),
            pair("SELECT CAST(code AS DATETIME), COUNT(*) FROM t WHERE code IS NOT NULL GROUP BY CAST(code AS DATETIME) HAVING COUNT(*) > 1")
        );
        // The message says how the values become one.
        let r = crate::generate_str(&kept("postgresql", dec62, dec51, unique));
        let w = (r.validation.warnings.iter())
            .find(|w| w.code == Code::RowsRefuseChange)
            .unwrap();
        assert_eq!(w.message, "keeping UNIQUE (code) on 't' through the type change of 'code' (DECIMAL(6,2) to DECIMAL(5,1): rounded to 1 decimal: 1.01 and 1.02 become 1.0): values that were apart become one there, and existing rows that then repeat make this migration fail (rolled back)");
        // The primary key over such a column, and a composite UNIQUE with another column.
        let keyed = |db: &str| {
            kept(db, dec62, dec51, "")
                .replace(r#""primaryKey":["id"]"#, r#""primaryKey":["code"]"#)
                .replace(
                    r#""name":"code","nullable":true"#,
                    r#""name":"code","nullable":false"#,
                )
        };
        for db in ["postgresql", "mysql"] {
            let r = crate::generate_str(&keyed(db));
            assert!(r.validation.valid, "{:?}", r.validation.errors);
            let said: Vec<&str> = (r.validation.warnings.iter())
                .filter(|w| w.code == Code::RowsRefuseChange)
                .map(|w| w.message.as_str())
                .collect();
            assert_eq!(said.len(), 1, "{said:?}");
            assert!(said[0].starts_with("keeping the primary key (code) on 't' through the type change of 'code' (DECIMAL(6,2) to DECIMAL(5,1): rounded"), "{said:?}");
        }
        let pair_of = r#","uniqueConstraints":[{"name":"uq_t_code","columns":["code","id"]}]"#;
        // Held apart by the primary key (id) within its columns: nothing to say.
        assert!(queries(&kept("postgresql", dec62, dec51, pair_of)).is_empty());
        // A primary key of two columns, neither of which is unique alone: said.
        let composite = kept("postgresql", dec62, dec51, "")
            .replace(r#""primaryKey":["id"]"#, r#""primaryKey":["id","code"]"#)
            .replace(
                r#""name":"code","nullable":true"#,
                r#""name":"code","nullable":false"#,
            );
        let said = queries(&composite);
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(
            said[0]
                .1
                .starts_with("SELECT id, (code::DECIMAL(5,1)), COUNT(*)"),
            "{said:?}"
        );
        // Values that stay apart: made wider, of as many decimals or digits of a second, or
        // MySQL into a VARCHAR (strict mode refuses a value too long itself).
        for (db, before, now) in [
            ("postgresql", dec51, dec62),
            ("mysql", dec51, dec62),
            ("postgresql", ts0, ts6),
            ("postgresql", r#""type":"INTEGER""#, r#""type":"BIGINT""#),
            ("postgresql", varchar3, r#""type":"VARCHAR","length":5"#),
            ("mysql", r#""type":"VARCHAR","length":10"#, varchar3),
            (
                "postgresql",
                r#""type":"CHAR","length":5"#,
                r#""type":"VARCHAR","length":5"#,
            ),
        ] {
            assert!(
                queries(&kept(db, before, now, unique)).is_empty(),
                "{db} {before} {now}"
            );
        }
    }

    /// PostgreSQL's NUMERIC(p, s) holds NaN, which repeats as any value does, and which the
    /// range filter of a new UNIQUE's query left out (NaN is above every number): a reviewer's
    /// two NaN refused the migration and the query found none. MySQL's BOOLEAN is TINYINT(1),
    /// -128 to 127: its range was not known, and 1000 twice was counted as a repeat where it
    /// refuses the migration itself (1264 Out of range).
    #[test]
    fn a_new_unique_counts_nan_and_knows_mysqls_boolean() {
        let unique = r#","uniqueConstraints":[{"name":"uq_t_code","columns":["code"]}]"#;
        let pair = |q: &str| vec![("uq_t_code".to_string(), q.to_string())];
        let (dec62, dec41) = (
            r#""type":"NUMERIC","precision":6,"scale":2"#,
            r#""type":"NUMERIC","precision":4,"scale":1"#,
        );
        assert_eq!(
            queries(&retyped_code("postgresql", dec62, dec41, unique)),
            pair("SELECT (code::NUMERIC(4,1)), COUNT(*) FROM t WHERE code IS NOT NULL AND (abs(round(CAST(code AS NUMERIC), 1)) < 1000 OR code = 'NaN') GROUP BY (code::NUMERIC(4,1)) HAVING COUNT(*) > 1")
        );
        assert_eq!(
            queries(&retyped_code("postgresql", r#""type":"REAL""#, dec41, unique))[0].1,
            "SELECT (code::NUMERIC(4,1)), COUNT(*) FROM t WHERE code IS NOT NULL AND (abs(round(CAST(code AS NUMERIC), 1)) < 1000 OR code = 'NaN') GROUP BY (code::NUMERIC(4,1)) HAVING COUNT(*) > 1"
        );
        // An integer holds no NaN (`bigint = 'NaN'` would be refused as bigint's input).
        let from_bigint = queries(&retyped_code(
            "postgresql",
            r#""type":"BIGINT""#,
            r#""type":"NUMERIC","precision":5,"scale":0"#,
            unique,
        ));
        assert_eq!(from_bigint[0].1, "SELECT (code::NUMERIC(5,0)), COUNT(*) FROM t WHERE code IS NOT NULL AND abs(round(CAST(code AS NUMERIC), 0)) < 100000 GROUP BY (code::NUMERIC(5,0)) HAVING COUNT(*) > 1");
        assert_eq!(
            queries(&retyped_code("mysql", r#""type":"INTEGER""#, r#""type":"BOOLEAN""#, unique)),
            pair("SELECT CAST(code AS SIGNED), COUNT(*) FROM t WHERE code IS NOT NULL AND ROUND(code) BETWEEN -128 AND 127 GROUP BY CAST(code AS SIGNED) HAVING COUNT(*) > 1")
        );
    }

    /// A CHECK whose value changes with the time, kept under its name, is dropped and added
    /// again when a column it reads changes type or is renamed (`CURRENT_DATE` read afresh
    /// against every row): said, as one added.
    #[test]
    fn a_timed_check_over_a_column_the_migration_rewrites_is_said() {
        let timed =
            r#","checkConstraints":[{"name":"chk_t_code","expression":"code >= CURRENT_DATE"}]"#;
        let date = r#""type":"DATE""#;
        let stamp = r#""type":"TIMESTAMP""#;
        let said =
            |spec: &str| -> Vec<String> { queries(spec).into_iter().map(|(c, _)| c).collect() };
        // previousSpec's table had the CHECK too.
        let had_it = |spec: String| {
            spec.replace(
                r#""primaryKey":["id"]}]}}"#,
                &format!(r#""primaryKey":["id"]{timed}}}]}}}}"#),
            )
        };
        assert_eq!(
            said(&had_it(retyped_code("postgresql", date, stamp, timed))),
            ["chk_t_code"]
        );
        let renamed = retyped_code("postgresql", date, r#""type":"DATE","renamedFrom":"due""#, timed)
            .replace(r#""name":"code","nullable":true,"type":"DATE"}]"#, r#""name":"due","nullable":true,"type":"DATE"}]"#)
            .replace(
                r#""primaryKey":["id"]}]}}"#,
                r#""primaryKey":["id"],"checkConstraints":[{"name":"chk_t_code","expression":"due >= CURRENT_DATE"}]}]}}"#,
            );
        assert_eq!(said(&renamed), ["chk_t_code"]);
        let kept = had_it(retyped_code("postgresql", date, date, timed));
        assert_eq!(said(&kept), Vec::<String>::new());
    }

    /// A CHECK whose value changes with the time, kept under its name and as it was, that the
    /// migration drops and adds again around a rename or a type change of a column it reads,
    /// is no change of the CHECK: said as what happens (checked against every row again at that
    /// moment, it may refuse rows it let in), not as "changing the CHECK".
    #[test]
    fn a_timed_check_added_again_as_it_was_is_said_as_such() {
        let timed = |e: &str| {
            format!(r#","checkConstraints":[{{"name":"chk_t_code","expression":"{e}"}}]"#)
        };
        let messages = |spec: &str| -> Vec<String> {
            let r = crate::generate_str(spec);
            assert!(r.validation.valid, "{:?}", r.validation.errors);
            (r.validation.warnings.iter())
                .filter(|w| w.code == Code::RowsRefuseChange)
                .map(|w| {
                    format!(
                        "{} | {}",
                        w.message,
                        w.suggestion.clone().unwrap_or_default()
                    )
                })
                .collect()
        };
        let date = r#""type":"DATE""#;
        // previousSpec's column `due` or `code` (a DATE) under `was`, the spec's `code` under
        // `now` of type `ty` (with renamedFrom where it was `due`).
        let spec = |ty: &str, renamed: bool, was: &str, now: &str| {
            let (old, new) = match renamed {
                true => ("due", format!("{ty},\"renamedFrom\":\"due\"")),
                false => ("code", ty.to_string()),
            };
            retyped_code("postgresql", date, &new, &timed(now))
                .replace(
                    r#""name":"code","nullable":true,"type":"DATE"}]"#,
                    &format!(r#""name":"{old}","nullable":true,"type":"DATE"}}]"#),
                )
                .replace(
                    r#""primaryKey":["id"]}]}}"#,
                    &format!(r#""primaryKey":["id"]{}}}]}}}}"#, timed(was)),
                )
        };
        let renamed = spec(date, true, "due >= CURRENT_DATE", "code >= CURRENT_DATE");
        assert_eq!(
            messages(&renamed),
            ["the CHECK 'chk_t_code' (code >= CURRENT_DATE) of 't' is dropped and added again as it was, around the rename of a column it reads, so it is checked against every row again then; its value changes with the time, so rows it let in when they were written may be refused then, and existing rows it refuses then make this migration fail (rolled back) | before running it, find the rows it refuses now (with the columns' names as they are before the migration): SELECT * FROM t WHERE NOT (due >= CURRENT_DATE)"]
        );
        let timestamp = r#""type":"TIMESTAMP""#;
        let retyped = spec(
            timestamp,
            false,
            "code >= CURRENT_DATE",
            "code >= CURRENT_DATE",
        );
        assert_eq!(
            messages(&retyped),
            ["the CHECK 'chk_t_code' (code >= CURRENT_DATE) of 't' is dropped and added again as it was, around the type change of a column it reads, so it is checked against every row again then; its value changes with the time, so rows it let in when they were written may be refused then, and existing rows it refuses then make this migration fail (rolled back) | before running it, find the rows it refuses now with: SELECT * FROM t WHERE NOT ((code::TIMESTAMP) >= CURRENT_DATE)"]
        );
        // One column both renamed and retyped: one column, said in the singular.
        let both = spec(
            timestamp,
            true,
            "due >= CURRENT_DATE",
            "code >= CURRENT_DATE",
        );
        assert_eq!(
            messages(&both),
            ["the CHECK 'chk_t_code' (code >= CURRENT_DATE) of 't' is dropped and added again as it was, around the rename and type change of a column it reads, so it is checked against every row again then; its value changes with the time, so rows it let in when they were written may be refused then, and existing rows it refuses then make this migration fail (rolled back) | before running it, find the rows it refuses now (with the columns' names as they are before the migration): SELECT * FROM t WHERE NOT ((due::TIMESTAMP) >= CURRENT_DATE)"]
        );
        // Made otherwise under its name, it is a change of the CHECK, said so.
        let changed = spec(
            date,
            false,
            "code >= CURRENT_DATE",
            "code >= CURRENT_DATE - 1",
        );
        let said = messages(&changed);
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].starts_with("changing the CHECK 'chk_t_code' (code >= CURRENT_DATE - 1) of 't': existing rows it refuses make this migration fail"), "{said:?}");
    }

    /// The foreign key queries of `spec`'s table `c` (previousSpec has it, unrenamed), each
    /// parent told as previousSpec and the spec have it (created where previousSpec lacks it).
    fn foreign_key_queries(spec: &str) -> Vec<(String, String)> {
        use super::{warnings, Parent, Renamed};
        let mut report = crate::report::Report::default();
        let spec = crate::parse::parse_spec_str(spec, &mut report).expect("a spec");
        let previous = spec.previous.as_deref().expect("a previousSpec");
        let find = |tables: &[crate::spec::Table], name: &str| {
            tables.iter().find(|t| t.name == name).cloned()
        };
        let (before, now) = (
            find(&previous.tables, "c").unwrap(),
            find(&spec.tables, "c").unwrap(),
        );
        let parent = |name: &str| -> Option<Parent<'_>> {
            let now = spec.tables.iter().find(|t| t.name == name)?;
            Some(match previous.tables.iter().find(|t| t.name == name) {
                Some(before) => Parent::Changed { before, now },
                None => Parent::Created,
            })
        };
        let d = crate::dialect::for_database(spec.database_type);
        let none = std::collections::HashMap::new();
        let renamed = Renamed {
            tables: &none,
            columns: &std::collections::HashMap::new(),
        };
        warnings(d, &before, "c", &renamed, &now, &parent)
            .into_iter()
            .map(|w| {
                let s = w.suggestion.unwrap_or_default();
                let query = s[s.find("SELECT ").unwrap()..].to_string();
                (w.message, query)
            })
            .collect()
    }

    /// A new foreign key whose parent's column changes type too reads that column converted
    /// (a reviewer's query compared the VARCHAR it is before with the child's INTEGER:
    /// "operator does not exist: character varying = integer").
    #[test]
    fn a_retyped_parent_column_is_read_converted() {
        let said = foreign_key_queries(include_str!(
            "../tests/fixtures/rows_refuse/fkty_postgresql.json"
        ));
        assert_eq!(said.len(), 1, "{said:?}");
        assert_eq!(said[0].1, "SELECT t.* FROM c t WHERE t.pcode IS NOT NULL AND NOT EXISTS (SELECT 1 FROM p r WHERE (r.code::INTEGER) = (t.pcode::INTEGER))");
    }

    /// A new foreign key to a table the migration creates, or to a column it adds, names
    /// nothing the database has before: every row whose key is not NULL refuses it, and the
    /// query finds those.
    #[test]
    fn a_foreign_key_to_what_the_migration_makes_finds_every_row_with_a_key() {
        for (file, why) in [
            (
                include_str!("../tests/fixtures/rows_refuse/newparent_postgresql.json"),
                "the migration creates it",
            ),
            (
                include_str!("../tests/fixtures/rows_refuse/newcol_postgresql.json"),
                "the migration adds the referenced column 'k', NULL in every row of 'p'",
            ),
        ] {
            let said = foreign_key_queries(file);
            assert_eq!(said.len(), 1, "{said:?}");
            assert!(said[0].0.contains(why), "{said:?}");
            assert_eq!(said[0].1, "SELECT t.* FROM c AS t WHERE t.pid IS NOT NULL");
        }
    }

    /// A key to a column the migration adds numbered (auto-increment) or with a default: the
    /// migration gives that column its values, so which rows will match cannot be read before
    /// it: no query that would call every keyed row refused (a reviewer's `p.id SERIAL`
    /// added, the key held).
    #[test]
    fn a_foreign_key_to_a_column_the_migration_fills_is_not_said() {
        let spec = |id: &str| {
            format!(
                r#"{{"description":"b","databaseType":"postgresql","timestamps":false,"tables":[{{"name":"p","columns":[{id},{{"name":"name","type":"VARCHAR","length":20,"nullable":false,"unique":true}}],"primaryKey":["id"]}},{{"name":"c","columns":[{{"name":"cid","type":"INTEGER","nullable":false}},{{"name":"pid","type":"INTEGER","nullable":true}}],"primaryKey":["cid"],"foreignKeys":[{{"columns":["pid"],"referencedTable":"p","referencedColumns":["id"]}}]}}],"previousSpec":{{"description":"a","databaseType":"postgresql","timestamps":false,"tables":[{{"name":"p","columns":[{{"name":"name","type":"VARCHAR","length":20,"nullable":false}}],"primaryKey":["name"]}},{{"name":"c","columns":[{{"name":"cid","type":"INTEGER","nullable":false}},{{"name":"pid","type":"INTEGER","nullable":true}}],"primaryKey":["cid"]}}]}}}}"#
            )
        };
        let keyed = |id: &str| -> Vec<String> {
            let r = crate::generate_str(&spec(id));
            assert!(r.validation.valid, "{:?}", r.validation.errors);
            (r.validation.warnings.iter())
                .filter(|w| w.code == Code::RowsRefuseChange && w.table.as_deref() == Some("c"))
                .map(|w| w.message.clone())
                .collect()
        };
        assert_eq!(
            keyed(r#"{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}"#),
            Vec::<String>::new()
        );
    }

    /// A key to a column the migration adds to a parent that has rows: with a constant default,
    /// every parent row holds it, and the rows whose key is another value refuse the key (not
    /// "every keyed row"); with none, every row holds NULL and every keyed row refuses it; with a
    /// default computed then (`CURRENT_TIMESTAMP`, an expression), nothing can be read before.
    #[test]
    fn a_foreign_key_to_a_column_the_migration_adds_with_a_default_reads_the_default() {
        let spec = |code: &str| {
            format!(
                r#"{{"description":"b","databaseType":"postgresql","timestamps":false,"tables":[{{"name":"p","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{code}],"primaryKey":["id"],"uniqueConstraints":[{{"name":"uq_p_code","columns":["code"]}}]}},{{"name":"c","columns":[{{"name":"cid","type":"INTEGER","nullable":false}},{{"name":"pcode","type":"VARCHAR","length":5,"nullable":true}}],"primaryKey":["cid"],"foreignKeys":[{{"columns":["pcode"],"referencedTable":"p","referencedColumns":["code"]}}]}}],"previousSpec":{{"description":"a","databaseType":"postgresql","timestamps":false,"tables":[{{"name":"p","columns":[{{"name":"id","type":"INTEGER","nullable":false}}],"primaryKey":["id"]}},{{"name":"c","columns":[{{"name":"cid","type":"INTEGER","nullable":false}},{{"name":"pcode","type":"VARCHAR","length":5,"nullable":true}}],"primaryKey":["cid"]}}]}}}}"#
            )
        };
        let said = |code: &str| foreign_key_queries(&spec(code));
        let constant =
            said(r#"{"name":"code","type":"VARCHAR","length":5,"nullable":true,"default":"a"}"#);
        assert_eq!(constant.len(), 1, "{constant:?}");
        assert!(constant[0].0.contains("existing rows whose (pcode) match no row of 'p' with the defaults the migration adds its referenced columns with make this migration fail"), "{constant:?}");
        assert_eq!(constant[0].1, "SELECT t.* FROM c t WHERE t.pcode IS NOT NULL AND NOT EXISTS (SELECT 1 FROM p r WHERE 'a' = t.pcode)");
        let none = said(r#"{"name":"code","type":"VARCHAR","length":5,"nullable":true}"#);
        assert_eq!(none.len(), 1, "{none:?}");
        assert!(none[0].0.contains("existing rows whose (pcode) are not NULL (the migration adds the referenced column 'code', NULL in every row of 'p')"), "{none:?}");
        // A composite key of which the migration adds one column: that one named.
        let composite = spec(r#"{"name":"code","type":"VARCHAR","length":5,"nullable":true}"#)
            .replacen(r#""uniqueConstraints":[{"name":"uq_p_code","columns":["code"]}]"#, r#""uniqueConstraints":[{"name":"uq_p_code","columns":["id","code"]}]"#, 1)
            .replacen(r#"{"name":"pcode","type":"VARCHAR","length":5,"nullable":true}],"primaryKey":["cid"],"foreignKeys":[{"columns":["pcode"],"referencedTable":"p","referencedColumns":["code"]}]"#, r#"{"name":"pcode","type":"VARCHAR","length":5,"nullable":true},{"name":"pid","type":"INTEGER","nullable":true}],"primaryKey":["cid"],"foreignKeys":[{"columns":["pid","pcode"],"referencedTable":"p","referencedColumns":["id","code"]}]"#, 1)
            .replacen(r#"{"name":"pcode","type":"VARCHAR","length":5,"nullable":true}],"primaryKey":["cid"]}"#, r#"{"name":"pcode","type":"VARCHAR","length":5,"nullable":true},{"name":"pid","type":"INTEGER","nullable":true}],"primaryKey":["cid"]}"#, 1);
        let both = foreign_key_queries(&composite);
        assert_eq!(both.len(), 1, "{both:?}");
        assert!(both[0].0.contains("existing rows whose (pid, pcode) are not NULL (the migration adds the referenced column 'code', NULL in every row of 'p')"), "{both:?}");
        assert_eq!(
            none[0].1,
            "SELECT t.* FROM c AS t WHERE t.pcode IS NOT NULL"
        );
        let computed = said(
            r#"{"name":"code","type":"VARCHAR","length":5,"nullable":true,"default":{"expression":"md5(random()::text)"}}"#,
        );
        assert_eq!(computed, Vec::<(String, String)>::new());
    }

    /// A new foreign key of a table to itself, both columns retyped, reads both converted.
    #[test]
    fn a_foreign_key_to_itself_reads_both_columns_converted() {
        let table = |ty: &str, extra: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","nullable":false,{ty}}},{{"name":"up","nullable":true,{ty}}}],"primaryKey":["id"]{extra}}}"#
            )
        };
        let fk = r#","foreignKeys":[{"columns":["up"],"referencedTable":"t","referencedColumns":["id"]}]"#;
        let spec = format!(
            r#"{{"description":"b","databaseType":"postgresql","timestamps":false,"allowDataLoss":true,"tables":[{}],"previousSpec":{{"description":"a","databaseType":"postgresql","timestamps":false,"tables":[{}]}}}}"#,
            table(r#""type":"INTEGER""#, fk),
            table(r#""type":"VARCHAR","length":10"#, "")
        );
        // The primary key over `id`, made INTEGER from text ('1' and '01' become 1), is said
        // too (PostgreSQL 15: could not create unique index "t_pkey", Key (id)=(1) is
        // duplicated).
        assert_eq!(
            queries(&spec),
            [
                (
                    String::new(),
                    "SELECT (id::INTEGER), COUNT(*) FROM t WHERE id IS NOT NULL GROUP BY (id::INTEGER) HAVING COUNT(*) > 1".to_string()
                ),
                (
                "fk_t_up".to_string(),
                "SELECT t.* FROM t t WHERE t.up IS NOT NULL AND NOT EXISTS (SELECT 1 FROM t r WHERE (r.id::INTEGER) = (t.up::INTEGER))".to_string()
            )
            ]
        );
    }
}
