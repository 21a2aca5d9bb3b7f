//! What a rebuild makes of a table: the table it creates ([`target_table`]), its step up
//! ([`rebuild_step`]) and the exact reverse rebuild down ([`rebuild_back`]), and the stored values
//! it does not copy as they are.

use super::column_changes::normalize_expr;
use super::column_types::same_type;
use super::constraints::{
    expression_indexes_dropped, expression_indexes_left_out, kept_constraints, kept_index,
    same_endpoints, same_index,
};
use super::dropped_columns::filler;
use super::order::SpecTables;
use super::rebuild::{children_of, index_statements, names_itself, rebuild_sql, Rebuild};
use super::rowid::{
    declares_autoincrement, is_existing_rowid, keep_rowids, rowid_column, with_autoincrement,
};
use super::{db_column_name, db_column_position, sorted, Described};
use crate::dialect::{Dialect, Sqlite, TableLine};
use crate::introspect::{ExistingSchema, ExistingTable};
use crate::rebuild_guard::Expected;
use crate::report::Report;
use crate::spec::*;
use crate::steps::AlterStep;
use sqlparser::dialect::SQLiteDialect;
use std::collections::HashSet;

/// The clause that defers a foreign key's check to COMMIT, after its `REFERENCES …`.
const DEFERRED: &str = " DEFERRABLE INITIALLY DEFERRED";

/// Whether any table (in the database or the spec) has a foreign key to `name`.
pub(super) fn is_referenced(name: &str, schema: &ExistingSchema, all_spec: &SpecTables) -> bool {
    all_spec.referencing(schema, name).next().is_some() || all_spec.is_referenced(name)
}

/// The table as the rebuild creates it: the spec's column order (new columns among them), the
/// columns kept though the spec leaves them out each after the column before it in the
/// database; the spec's keys, constraints and indexes. A
/// column whose type does not change keeps the type it is declared with. An automatic timestamp
/// column a file has stays as it is; one `previousSpec` `described` is the spec's.
pub(super) fn target_table(
    spec: &Table,
    existing: &ExistingTable,
    dropped: &HashSet<String>,
    described: Described,
) -> Table {
    let mut t = spec.clone();
    let mut columns = Vec::with_capacity(existing.table.columns.len() + spec.columns.len());
    let mut declared_types = Vec::with_capacity(columns.capacity());
    // In the spec's order, as a database created from it has them (new columns among them,
    // not last): a migration made from previousSpec rebuilds back to that order, and the text
    // a rebuild leaves is what its down migration's rebuild checks (a new column put last made
    // the rollback of two such migrations fail). Columns kept though the spec leaves them out
    // keep their place: each right after the column before it in the database (first when it
    // was first), so that the columns the table keeps keep their order — an application's
    // positional `INSERT INTO t VALUES (…)` or `SELECT *` read by position would otherwise put
    // values in the wrong columns (the kept column went last, a user trial).
    for s in &spec.columns {
        let at = (existing.table.columns.iter()).position(|c| c.name.eq_ignore_ascii_case(&s.name));
        let Some(i) = at else {
            declared_types.push(None);
            columns.push(s.clone());
            continue;
        };
        let (c, declared) = (&existing.table.columns[i], &existing.declared_types[i]);
        let s = if s.auto_timestamp && described == Described::File {
            c.clone()
        } else {
            s.clone()
        };
        declared_types.push(same_type(declared, c, &s).then(|| declared.clone()));
        columns.push(s);
    }
    let db_columns = &existing.table.columns;
    for (i, (c, declared)) in db_columns.iter().zip(&existing.declared_types).enumerate() {
        let in_spec = (spec.columns.iter()).any(|s| s.name.eq_ignore_ascii_case(&c.name));
        if !in_spec && !dropped.contains(&c.name.to_ascii_lowercase()) {
            // After the nearest column before it in the database that the table has.
            let at = db_columns[..i]
                .iter()
                .rev()
                .find_map(|before| {
                    (columns.iter())
                        .position(|x: &Column| x.name.eq_ignore_ascii_case(&before.name))
                })
                .map_or(0, |p| p + 1);
            declared_types.insert(at, Some(declared.clone()));
            columns.insert(at, c.clone());
        }
    }
    // The named and multi-column UNIQUEs of columns kept without being in the spec stay.
    let kept = |name: &str| {
        !spec
            .columns
            .iter()
            .any(|s| s.name.eq_ignore_ascii_case(name))
            && !dropped.contains(&name.to_ascii_lowercase())
    };
    for u in &existing.table.unique_constraints {
        if u.columns.iter().any(|c| kept(c))
            && !t
                .unique_constraints
                .iter()
                .any(|x| sorted(&x.columns) == sorted(&u.columns))
        {
            t.unique_constraints.push(u.clone());
        }
    }
    // So do their foreign keys and CHECKs.
    let kept_names: HashSet<String> = existing
        .table
        .columns
        .iter()
        .map(|c| c.name.to_ascii_lowercase())
        .filter(|n| kept(n))
        .collect();
    let (kept_fks, kept_checks) = kept_constraints(existing, &kept_names);
    for ix in &existing.indexes {
        if kept_index(&ix.index, &existing.table.columns, &kept_names)
            && !ix.index.columns.iter().any(String::is_empty)
            && !t.indexes.iter().any(|i| i.name == ix.index.name)
        {
            t.indexes.push(ix.index.clone());
        }
    }
    for fk in kept_fks {
        if !t.foreign_keys.iter().any(|x| same_endpoints(x, fk)) {
            t.foreign_keys.push(fk.clone());
        }
    }
    for c in kept_checks {
        let expression = normalize_expr(&c.expression);
        if !t
            .check_constraints
            .iter()
            .any(|x| normalize_expr(&x.expression) == expression)
        {
            t.check_constraints.push(c.clone());
        }
    }
    t.columns = columns;
    t.declared_types = Some(Box::new(declared_types));
    t
}

pub(super) fn rebuild_step(
    spec: &Table,
    existing: &ExistingTable,
    dropped: &HashSet<String>,
    casts: &[(String, &'static str, &'static str)],
    (all_spec, schema): (&SpecTables, &ExistingSchema),
    described: Described,
    report: &mut Report,
) -> AlterStep {
    let d: &dyn Dialect = &Sqlite;
    let target = target_table(spec, existing, dropped, described);
    let mut insert_columns = Vec::new();
    let mut select_exprs = Vec::new();
    let mut numbers_checked = Vec::new();
    for c in &target.columns {
        let Some(i) = db_column_position(existing, &c.name) else {
            continue;
        };
        let old = &existing.table.columns[i];
        let mut expr = old.name.clone();
        if let Some((_, _, ty)) = casts.iter().find(|(n, _, _)| n == &c.name) {
            expr = format!("CAST({expr} AS {ty})");
            numbers_checked.push((old.name.clone(), *ty));
        }
        if old.nullable && !c.nullable {
            if let Some(v) = d.default_value(c, false) {
                report.push(crate::rows_trial::nulls_filled(&spec.name, &c.name, &v));
                expr = format!("COALESCE({expr}, {v})");
            }
        }
        insert_columns.push(c.name.clone());
        select_exprs.push(expr);
    }
    // An index the spec leaves as it is comes back from its stored text, with what the spec
    // cannot say (`DESC`, `COLLATE NOCASE` on a column) intact.
    let mut after: Vec<String> = target
        .indexes
        .iter()
        .map(|i| {
            existing
                .indexes
                .iter()
                .find(|e| e.index.name == i.name && same_index(i, &e.index))
                .map_or_else(
                    || d.create_index_text(&target, i, described.index_if_not_exists()),
                    |e| crate::introspect::as_statement(&e.sql),
                )
        })
        .collect();
    // An expression index the spec does not replace comes back from its stored text (a
    // rebuild with one copies the values it reads as they are, see
    // `columns_the_rebuild_changes`).
    let gone = expression_indexes_dropped(spec, existing, dropped);
    let expression_indexes: Vec<&crate::introspect::ExistingIndex> =
        expression_indexes_left_out(existing, &target.indexes)
            .filter(|e| !gone.iter().any(|(g, _)| g.index.name == e.index.name))
            .collect();
    after.extend(
        expression_indexes
            .iter()
            .map(|e| crate::introspect::as_statement(&e.sql)),
    );
    after.extend(existing.triggers.iter().map(|(_, sql)| sql.clone()));
    let fk_off = is_referenced(&spec.name, schema, all_spec)
        || target
            .foreign_keys
            .iter()
            .any(|f| f.referenced_table.eq_ignore_ascii_case(&spec.name));
    let mut after_names: Vec<String> = target.indexes.iter().map(|i| i.name.clone()).collect();
    after_names.extend(expression_indexes.iter().map(|e| e.index.name.clone()));
    after_names.extend(existing.triggers.iter().map(|(n, _)| n.clone()));
    let becomes_rowid = rowid_column(&target)
        .filter(|k| !is_existing_rowid(existing, k))
        .and_then(|k| db_column_name(existing, k));
    keep_rowids(
        rowid_column(&target),
        &existing.table.columns,
        &target.columns,
        &mut insert_columns,
        &mut select_exprs,
    );
    let unique_indexes = target
        .indexes
        .iter()
        .filter(|i| i.unique)
        .cloned()
        .collect();
    // A rowid that stays the rowid keeps the AUTOINCREMENT it had (and `rebuild_sql` its
    // counter); `diff_table` refused the rebuild if the rowid changes. A rowid that stays the
    // rowid gets no AUTOINCREMENT it did not have, though the spec's autoIncrement writes one in
    // a CREATE: a rebuild changes what the spec changes. A key that becomes the rowid is the
    // spec's (AUTOINCREMENT for autoIncrement; SQLite counts from the copied keys). A database
    // `previousSpec` made has AUTOINCREMENT where that spec said autoIncrement: the new spec's
    // says where it has it now (`diff_table` rebuilt for a change of it).
    let rowid = rowid_column(&target).filter(|_| described == Described::File);
    let autoincrement_key =
        rowid.filter(|k| is_existing_rowid(existing, k) && declares_autoincrement(&existing.sql));
    // A foreign key the database defers to COMMIT stays deferred when the rebuilt table still
    // has it (the same columns to the same table's same columns; its actions may change).
    let deferred = |fk: &ForeignKey| {
        existing
            .table
            .foreign_keys
            .iter()
            .zip(&existing.deferred_foreign_keys)
            .any(|(old, deferred)| *deferred && same_endpoints(old, fk))
    };
    let edit = |what: TableLine, line: String| match what {
        TableLine::Column(c) => {
            let line = if autoincrement_key == Some(c.name.as_str()) {
                with_autoincrement(line)
            } else if rowid == Some(c.name.as_str()) && is_existing_rowid(existing, &c.name) {
                line.replacen(" PRIMARY KEY AUTOINCREMENT", " PRIMARY KEY", 1)
            } else {
                line
            };
            match d.inline_reference(&target, c) {
                Some(fk) if deferred(fk) => line + DEFERRED,
                _ => line,
            }
        }
        TableLine::ForeignKey(fk) if deferred(fk) => line + DEFERRED,
        _ => line,
    };
    let create_sql = d.create_table_edited(&target, Some(&edit));
    let mut forward = Rebuild {
        table: spec.name.clone(),
        create_sql,
        insert_columns,
        select_exprs,
        after,
        after_names,
        fk_off,
        becomes_rowid,
        unique_indexes,
        children: children_of(&spec.name, schema, all_spec),
        expected: Some(Expected::catalog(existing, &HashSet::new(), !fk_off)),
        renames_along: false,
        old_autoincrement: declares_autoincrement(&existing.sql),
        numbers_checked,
    };
    for c in target.columns.iter().filter(|c| {
        !existing
            .table
            .columns
            .iter()
            .any(|o| o.name.eq_ignore_ascii_case(&c.name))
    }) {
        report.push(crate::down::drops_column(&spec.name, &c.name));
    }
    let mut back = rebuild_back(&target, existing, dropped, schema, all_spec);
    // Both ways alike, so that the down migration gives back the texts the up one started from
    // but for the double quotes of the round trip.
    let renames_along = back.renames_along
        || names_itself(
            &spec.name,
            std::iter::once(forward.create_sql.as_str()).chain(index_statements(&forward.after)),
        );
    forward.renames_along = renames_along;
    back.renames_along = renames_along;
    back.old_autoincrement = declares_autoincrement(&forward.create_sql);
    // The down migration's rebuild checks that the table is still the one this rebuild made:
    // a column added since (a later migration's) would otherwise be dropped with its values.
    back.expected = Some(Expected::rebuilt(
        &forward.create_sql,
        forward.after_names.clone(),
        !back.fk_off,
    ));
    AlterStep::new(rebuild_sql(&forward), rebuild_sql(&back))
}

/// The columns of `existing` whose stored values a rebuild into `spec` does not copy as they
/// are: dropped, retyped (a CAST, or an affinity that converts) or made NOT NULL (a default
/// fills its NULLs). An expression index (`lower(email)`) whose text names none of them is
/// recreated from that text over the same values, so its CREATE cannot fail, even a UNIQUE
/// one; otherwise it blocks the rebuild.
pub(super) fn columns_the_rebuild_changes<'a>(
    spec: &Table,
    existing: &'a ExistingTable,
    dropped: &HashSet<String>,
) -> Vec<&'a str> {
    existing
        .table
        .columns
        .iter()
        .zip(&existing.declared_types)
        .filter(|(old, declared)| {
            dropped.contains(&old.name.to_ascii_lowercase())
                || spec
                    .columns
                    .iter()
                    .find(|c| c.name.eq_ignore_ascii_case(&old.name))
                    .is_some_and(|c| !same_type(declared, old, c) || (!c.nullable && old.nullable))
        })
        .map(|(old, _)| old.name.as_str())
        .collect()
}

/// Whether the SQL text `sql` names any of `names` (as a word or a quoted name or string, ASCII
/// case aside) — a text that does not tokenize is taken to name them all.
pub(super) fn names_any(sql: &str, names: &[&str]) -> bool {
    use sqlparser::tokenizer::{Token, Tokenizer};
    if names.is_empty() {
        return false;
    }
    let Ok(tokens) = Tokenizer::new(&SQLiteDialect {}, sql).tokenize() else {
        return true;
    };
    tokens.iter().any(|t| {
        let word = match t {
            Token::Word(w) => w.value.as_str(),
            Token::SingleQuotedString(s) | Token::DoubleQuotedString(s) => s.as_str(),
            _ => return false,
        };
        names.iter().any(|n| n.eq_ignore_ascii_case(word))
    })
}

/// The reverse rebuild: from `current` back to the table exactly as it was stored.
pub(super) fn rebuild_back(
    current: &Table,
    existing: &ExistingTable,
    dropped: &HashSet<String>,
    schema: &ExistingSchema,
    all_spec: &SpecTables,
) -> Rebuild {
    let d: &dyn Dialect = &Sqlite;
    let mut insert_columns = Vec::new();
    let mut select_exprs = Vec::new();
    let restored_rowid_column = match existing.table.primary_key.as_slice() {
        [k] if is_existing_rowid(existing, k) => Some(k.as_str()),
        _ => None,
    };
    // A rowid column the up migration dropped: it takes back the rowids the table kept for it
    // (`keep_rowids`, below) when the table has no rowid column of its own; otherwise SQLite
    // numbers the rows afresh. A filler would give every row one key.
    let rowid_dropped = restored_rowid_column.filter(|k| {
        !current.columns.iter().any(|c| {
            c.name.eq_ignore_ascii_case(k) && !dropped.contains(&c.name.to_ascii_lowercase())
        })
    });
    for old in &existing.table.columns {
        let now = current
            .columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(&old.name));
        let present = now.is_some() && !dropped.contains(&old.name.to_ascii_lowercase());
        if !present && rowid_dropped == Some(old.name.as_str()) {
            continue;
        }
        // The stored table's own affinities take the values back: no CAST, which would change
        // values the column held before the up migration (CAST('N/A' AS NUMERIC) is 0). A
        // column NOT NULL again gets its default where a row holds NULL, as the up migration
        // fills a column it makes NOT NULL.
        let expr = match (present, d.default_value(old, false)) {
            (true, Some(v)) if !old.nullable && now.is_some_and(|c| c.nullable) => {
                format!("COALESCE({}, {v})", old.name)
            }
            (true, _) => old.name.clone(),
            (false, _) => filler(old, d, existing),
        };
        if present || !old.nullable {
            insert_columns.push(old.name.clone());
            select_exprs.push(expr);
        }
    }
    let mut after: Vec<String> = existing
        .indexes
        .iter()
        .map(|i| crate::introspect::as_statement(&i.sql))
        .collect();
    after.extend(existing.triggers.iter().map(|(_, sql)| sql.clone()));
    let fk_off = is_referenced(&current.name, schema, all_spec)
        || existing
            .table
            .foreign_keys
            .iter()
            .any(|f| f.referenced_table.eq_ignore_ascii_case(&current.name));
    let mut after_names: Vec<String> = existing
        .indexes
        .iter()
        .map(|i| i.index.name.clone())
        .collect();
    after_names.extend(existing.triggers.iter().map(|(n, _)| n.clone()));
    // The stored table's rowid, if the table being undone had it as an ordinary column.
    let becomes_rowid = match existing.table.primary_key.as_slice() {
        [k] if is_existing_rowid(existing, k) && rowid_column(current) != Some(k.as_str()) => {
            current
                .columns
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(k))
                .map(|c| c.name.clone())
        }
        _ => None,
    };
    // A WITHOUT ROWID table has no rowid to keep (SQLite drops a column of one with ALTER
    // TABLE, and the down migration's copy read `rowid`, which it refused: a user trial).
    let without_rowid =
        crate::create_table_text::word_runs(&existing.sql, &["WITHOUT", "ROWID"], true) > 0;
    if !without_rowid && (rowid_dropped.is_none() || rowid_column(current).is_none()) {
        keep_rowids(
            restored_rowid_column,
            &current.columns,
            &existing.table.columns,
            &mut insert_columns,
            &mut select_exprs,
        );
    }
    // Unique indexes over plain columns (an expression index's columns are not known here;
    // its CREATE failing is still caught by the check that every index came back).
    let unique_indexes = existing
        .indexes
        .iter()
        .filter(|i| i.index.unique && !i.index.columns.iter().any(String::is_empty))
        .map(|i| i.index.clone())
        .collect();
    Rebuild {
        // The name the stored text creates (the spec's may differ in case): sqlite_sequence
        // matches names exactly, so the counter is carried under this one.
        table: existing.table.name.clone(),
        create_sql: crate::introspect::as_statement(&existing.sql),
        insert_columns,
        select_exprs,
        after,
        after_names,
        fk_off,
        becomes_rowid,
        unique_indexes,
        children: children_of(&existing.table.name, schema, all_spec),
        // Set by the callers, who know what the up migration made of the table.
        expected: None,
        renames_along: names_itself(
            &existing.table.name,
            std::iter::once(existing.sql.as_str())
                .chain(existing.indexes.iter().map(|i| i.sql.as_str())),
        ),
        // The table the up migration's column drops leave keeps what it declared; a caller
        // whose up migration rebuilt it sets what the rebuilt one declares.
        old_autoincrement: declares_autoincrement(&existing.sql),
        // The down migration's copy casts nothing.
        numbers_checked: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A column named in any form SQLite reads as that column (any case, quoted with `"`, `[ ]`
    /// or backquotes, or as a string SQLite may take for a name) counts; a text that does not
    /// tokenize names every column.
    #[test]
    fn names_any_finds_a_column_in_every_form_sqlite_reads_it() {
        let sql = |e: &str| format!("CREATE INDEX i ON users ({e})");
        for named in [
            "lower(email)",
            "lower(EMAIL)",
            "lower(\"Email\")",
            "lower([email])",
            "lower(`email`)",
            "lower('email')",
            "length(name) WHERE email IS NOT NULL",
            "lower(email /* a comment */)",
            "lower('unterminated)",
        ] {
            assert!(names_any(&sql(named), &["age", "email"]), "{named}");
        }
        for other in [
            "lower(name)",
            "lower(emails)",
            "lower(\"e-mail\")",
            "length(name) -- email",
        ] {
            assert!(!names_any(&sql(other), &["email"]), "{other}");
        }
        assert!(!names_any(&sql("lower(email)"), &[]));
    }
}
