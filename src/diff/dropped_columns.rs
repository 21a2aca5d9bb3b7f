//! What stands in the way of a column the change drops, or of the down migration filling it
//! back: the views, triggers and generated columns that name it, and the UNIQUE, CHECK or
//! expression index that refuses the one value the down rebuild gives every row (the way to keep
//! a dropped column's values when the migration splits its table is [`crate::split_copy`]'s).

use super::column_types::affinity;
use super::constraints::{columns_of_check, columns_of_expression_index};
use crate::dialect::{Dialect, Sqlite};
use crate::introspect::{ExistingSchema, ExistingTable};
use crate::spec::*;
use sqlparser::dialect::SQLiteDialect;

/// The views and triggers of the database whose text names both `table` and its `column`
/// (quoted or not, in any case), as "view 'name'" / "trigger 'name'".
pub(super) fn views_and_triggers_naming(
    schema: &ExistingSchema,
    table: &str,
    column: &str,
) -> Vec<String> {
    use sqlparser::keywords::Keyword;
    use sqlparser::tokenizer::{Token, Tokenizer};
    let mut found = Vec::new();
    for sql in schema
        .schema
        .iter()
        .filter(|s| s.kind == "view" || s.kind == "trigger")
        .map(|s| &s.sql)
    {
        let Ok(tokens) = Tokenizer::new(&SQLiteDialect {}, sql).tokenize() else {
            continue;
        };
        let words: Vec<&sqlparser::tokenizer::Word> = tokens
            .iter()
            .filter_map(|t| match t {
                Token::Word(w) => Some(w),
                _ => None,
            })
            .collect();
        let skip = |i: usize, k: Keyword| usize::from(words.get(i).is_some_and(|w| w.keyword == k));
        let mut i = 1 + skip(1, Keyword::TEMP) + skip(1, Keyword::TEMPORARY);
        let kind = match words.get(i).map(|w| w.keyword) {
            Some(Keyword::VIEW) => "view",
            Some(Keyword::TRIGGER) => "trigger",
            _ => continue,
        };
        i += 1;
        if skip(i, Keyword::IF) == 1 {
            i += 3;
        }
        let names = |name: &str| words.iter().any(|w| w.value.eq_ignore_ascii_case(name));
        if words.first().is_some_and(|w| w.keyword == Keyword::CREATE)
            && names(table)
            && names(column)
        {
            let name = words.get(i).map_or("", |w| w.value.as_str());
            found.push(format!("{kind} '{}'", crate::report::clip(name)));
        }
    }
    found
}

/// The generated columns of a `CREATE TABLE` text whose expression (`AS (…)`, with or without
/// `GENERATED ALWAYS`) names `column`: SQLite refuses to drop a column a generated column reads
/// ("error in table … after drop column: no such column").
pub(super) fn generated_columns_naming(create_sql: &str, column: &str) -> Vec<String> {
    use sqlparser::keywords::Keyword;
    use sqlparser::tokenizer::{Token, Tokenizer};
    let Ok(tokens) = Tokenizer::new(&SQLiteDialect {}, create_sql).tokenize() else {
        return Vec::new();
    };
    let tokens: Vec<&Token> = tokens
        .iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    let mut found = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<String> = None;
    let mut expect_name = false;
    let mut i = 0;
    while i < tokens.len() {
        match tokens[i] {
            Token::LParen => {
                depth += 1;
                if depth == 1 {
                    expect_name = true;
                }
            }
            Token::RParen => depth = depth.saturating_sub(1),
            Token::Comma if depth == 1 => expect_name = true,
            Token::Word(w) if depth == 1 && expect_name => {
                current = Some(w.value.clone());
                expect_name = false;
            }
            Token::Word(w)
                if depth == 1
                    && w.keyword == Keyword::AS
                    && w.quote_style.is_none()
                    && matches!(tokens.get(i + 1), Some(Token::LParen)) =>
            {
                // The expression: everything up to the matching parenthesis.
                let mut inner = 0usize;
                let mut j = i + 1;
                let mut names = false;
                while j < tokens.len() {
                    match tokens[j] {
                        Token::LParen => inner += 1,
                        Token::RParen => {
                            inner -= 1;
                            if inner == 0 {
                                break;
                            }
                        }
                        Token::Word(w) if w.value.eq_ignore_ascii_case(column) => names = true,
                        _ => {}
                    }
                    j += 1;
                }
                if names {
                    if let Some(c) = &current {
                        if !c.eq_ignore_ascii_case(column) {
                            found
                                .push(format!("the generated column '{}'", crate::report::clip(c)));
                        }
                    }
                }
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// Whether the existing table keeps the column unique on its own: a UNIQUE column or
/// constraint, or a unique index without a WHERE, over that column alone.
pub(super) fn unique_alone(existing: &ExistingTable, column: &str) -> bool {
    let alone = |cols: &[String]| matches!(cols, [only] if only.eq_ignore_ascii_case(column));
    existing
        .table
        .columns
        .iter()
        .any(|c| c.unique && c.name.eq_ignore_ascii_case(column))
        || existing.unique_sets.iter().any(|s| alone(s))
        || existing
            .table
            .unique_constraints
            .iter()
            .any(|u| alone(&u.columns))
        || existing
            .indexes
            .iter()
            .any(|i| i.index.unique && i.index.predicate.is_none() && alone(&i.index.columns))
}

/// What refuses `column` (which the migration drops) filled back with one value in every row by
/// the down migration, of the UNIQUE expression indexes that read it (which the down migration
/// creates again from their stored text), each in the table's order: one that reads no other
/// column and has no WHERE refuses once the table has two rows (`ON items (lower(sku))`); one
/// that reads other columns too, or has a WHERE, may.
pub(super) fn unique_expression_indexes_refusing(
    existing: &ExistingTable,
    column: &str,
) -> Vec<String> {
    let lower = column.to_ascii_lowercase();
    existing
        .indexes
        .iter()
        .filter(|e| e.index.unique && e.index.columns.iter().any(String::is_empty))
        .filter_map(|e| {
            let read = columns_of_expression_index(&e.sql, &existing.table.columns);
            if !read.contains(&lower) {
                return None;
            }
            let surely = read.iter().all(|c| *c == lower)
                && e.index.predicate.is_none()
                && !e.index.columns.iter().any(|c| !c.is_empty());
            Some(if surely {
                format!(
                    "the UNIQUE expression index '{}' refuses once the table has two rows",
                    e.index.name
                )
            } else {
                format!("the UNIQUE expression index '{}' may refuse", e.index.name)
            })
        })
        .collect()
}

/// A value of the column's affinity to fill a NOT NULL column the down rebuild cannot restore.
pub(super) fn filler(c: &Column, d: &dyn Dialect, existing: &ExistingTable) -> String {
    if let Some(v) = d.default_value(c, false) {
        return v;
    }
    if c.nullable {
        return "NULL".into();
    }
    // A CHECK that allows only some strings (`kind IN ('a', 'b')`): the first of them, which
    // it takes.
    let choices =
        crate::check_choices::of_checks(&SQLiteDialect {}, &existing.table.check_constraints);
    if let Some(first) = crate::check_choices::for_column(&choices, &c.name).and_then(|s| s.first())
    {
        return d.string_literal(first);
    }
    match affinity(&d.column_type(c, false)) {
        "TEXT" => "''".into(),
        "BLOB" => "X''".into(),
        _ => "0".into(),
    }
}

/// The value the down rebuild gives the dropped column `c` in every row ([`filler`]), when it is
/// one value: not NULL, which a UNIQUE takes in every row, nor an expression default other than
/// one literal, which may give each row its own (`(random())`).
pub(super) fn one_fill(c: &Column, d: &dyn Dialect, existing: &ExistingTable) -> Option<String> {
    if let Some(DefaultValue::Expression(e)) = &c.default {
        // As written, as every dialect's message has it.
        return crate::expr::is_one_literal(d.parser(), e).then(|| e.clone());
    }
    Some(filler(c, d, existing)).filter(|fill| fill != "NULL")
}

/// What may refuse `fill`, the value the down migration gives the dropped NOT NULL column
/// `column` in every row, in the order the down rebuild meets them: a CHECK that names it, other
/// than one that allows only strings `fill` is one of (the first that refuses or may, as the
/// rows are copied), then each foreign key on it (unless the parent has a row of that value,
/// checked once the table is rebuilt).
pub(super) fn refusing_filler(existing: &ExistingTable, column: &str, fill: &str) -> Vec<String> {
    let db = &existing.table;
    let foreign_keys = (db.foreign_keys.iter())
        .filter(|fk| fk.columns.iter().any(|c| c.eq_ignore_ascii_case(column)))
        .map(|fk| {
            format!(
                "its foreign key to '{}' refuses unless that table has a row of that value",
                fk.referenced_table
            )
        });
    check_refusing_filler(existing, column, fill)
        .into_iter()
        .chain(foreign_keys)
        .collect()
}

/// The first CHECK of `existing` that refuses, or may refuse, `fill` in the dropped column
/// `column` ([`refusing_filler`]), as the warning says it.
fn check_refusing_filler(existing: &ExistingTable, column: &str, fill: &str) -> Option<String> {
    let db = &existing.table;
    let lower = column.to_ascii_lowercase();
    let mut refusals = db.check_constraints.iter().filter_map(|check| {
        let read = columns_of_check(&check.expression, &db.columns);
        if !read.contains(&lower) {
            return None;
        }
        let choices =
            crate::check_choices::of_checks(&SQLiteDialect {}, std::slice::from_ref(check));
        if crate::check_choices::for_column(&choices, column)
            .is_some_and(|allowed| allowed.iter().any(|s| Sqlite.string_literal(s) == fill))
        {
            return None;
        }
        // Read as an expression without subqueries (not the fallback's text search), calling
        // only functions whose results are no longer than what they are given.
        let parsed = || {
            crate::expr::check_expression_references(&SQLiteDialect {}, &check.expression)
                .is_ok_and(|r| {
                    r.calls
                        .iter()
                        .all(|f| PROBE_FUNCTIONS.contains(&f.as_str()))
                })
        };
        let verdict = if read.iter().all(|c| c == &lower) && parsed() {
            check_refuses(&check.expression, column, fill)
        } else {
            None
        };
        match verdict {
            Some(false) => None,
            Some(true) => Some(format!(
                "its CHECK ({}) refuses",
                crate::report::clip(&check.expression)
            )),
            None => Some(format!(
                "its CHECK ({}) may refuse",
                crate::report::clip(&check.expression)
            )),
        }
    });
    refusals.next()
}

/// Whether the CHECK `expression`, which reads `column` alone, refuses the value `fill` (SQL
/// text): asked of SQLite on the probe database, as the down migration's rows would be
/// checked. Django's JSONField, `CHECK ((JSON_VALID(col) OR col IS NULL))`, refuses the `''` a
/// dropped TEXT column comes back as: a user trial's down migration failed on every table with
/// rows, told only that the CHECK "may refuse". `None` when SQLite cannot say (an expression it
/// refuses, a function it lacks, a value too long).
///
/// A CHECK refuses a result that is 0 as a number (text such as `''` included) and takes NULL:
/// `coalesce(NOT (…), 0)` converts as it does (`(…) IS 0` took `''`, a review found). The
/// expression and the fill come from the database file, so only a short expression without
/// subqueries, calling only [`PROBE_FUNCTIONS`], and a literal fill are run, with values of at most
/// [`PROBE_VALUE_BYTES`]: each call then costs at most about that squared (a review made
/// `instr()` of a megabyte run for seconds per call).
fn check_refuses(expression: &str, column: &str, fill: &str) -> Option<bool> {
    use rusqlite::limits::Limit;
    if expression.len() > PROBE_EXPRESSION_BYTES
        || !crate::expr::is_one_literal(&SQLiteDialect {}, fill)
    {
        return None;
    }
    let sql = format!(
        "SELECT coalesce(NOT ({expression}), 0) FROM (SELECT {fill} AS \"{}\")",
        column.replace('"', "\"\"")
    );
    crate::sqlite_memory::with_probe(|probe| {
        let before = probe
            .set_limit(Limit::SQLITE_LIMIT_LENGTH, PROBE_VALUE_BYTES)
            .ok()?;
        let verdict = probe.query_row(&sql, [], |row| row.get::<_, bool>(0)).ok();
        let _ = probe.set_limit(Limit::SQLITE_LIMIT_LENGTH, before);
        verdict
    })
    .flatten()
}

/// The functions a CHECK [`check_refuses`] runs may call: none gives a value longer than it
/// is given, so the probe's length limit never cuts a value short. (SQLite's `printf` of more
/// than the limit gave NULL, which a CHECK takes: a verdict the database would not give.)
const PROBE_FUNCTIONS: &[&str] = &[
    "abs",
    "coalesce",
    "glob",
    "ifnull",
    "iif",
    "instr",
    "json_array_length",
    "json_type",
    "json_valid",
    "length",
    "like",
    "lower",
    "ltrim",
    "max",
    "min",
    "nullif",
    "octet_length",
    "round",
    "rtrim",
    "sign",
    "substr",
    "substring",
    "trim",
    "typeof",
    "unicode",
    "upper",
];

/// The longest CHECK [`check_refuses`] runs, in bytes (Django's JSONField CHECK is about 60).
const PROBE_EXPRESSION_BYTES: usize = 1_000;

/// The longest value [`check_refuses`] lets SQLite make, in bytes.
const PROBE_VALUE_BYTES: i32 = 1_024;

/// What refuses `column` (which the migration drops) filled back with one value in every row
/// by the down migration: each UNIQUE (constraint, then index) over it and columns the spec
/// keeps, which the spec's table does not keep apart, once two rows repeat values in those (a
/// user trial's `UNIQUE (customer_id, line1)`, `line1` dropped), each said once.
pub(super) fn uniques_with_kept(
    existing: &ExistingTable,
    spec: &Table,
    column: &str,
) -> Vec<String> {
    let indexes = (existing.indexes.iter())
        .filter(|i| i.index.unique && i.index.predicate.is_none())
        .map(|i| &i.index.columns);
    let sets = existing.unique_sets.iter().chain(indexes);
    let mut said: Vec<String> = Vec::new();
    for (set, kept) in crate::spec_change::uniques_over_kept(sets, column, spec) {
        let one = format!(
            "the UNIQUE on ({}) refuses once two rows repeat values in ({})",
            crate::dialect::column_list(set),
            crate::dialect::column_list(&kept)
        );
        if !said.contains(&one) {
            said.push(one);
        }
    }
    said
}
