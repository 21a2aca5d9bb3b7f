//! How the database table's keys, foreign keys, CHECKs and indexes compare with the spec's; which
//! of them stay with the columns the spec leaves out (kept without `allowDataLoss`), and the
//! `CONSTRAINT_NOT_IN_SPEC` warnings of those the change drops.

use super::column_changes::normalize_expr;
use crate::introspect::ExistingTable;
use crate::report::{Code, Issue, Report};
use crate::spec::*;
use sqlparser::dialect::SQLiteDialect;
use std::collections::HashSet;

/// Whether two indexes are the same as far as the spec can say: uniqueness, columns in order
/// (ASCII case aside) and predicate. (What the spec cannot say — `DESC`, `COLLATE` on a
/// column — is kept by recreating an unchanged index from its stored text.)
pub(super) fn same_index(a: &Index, b: &Index) -> bool {
    a.unique == b.unique
        && a.columns.len() == b.columns.len()
        && a.columns
            .iter()
            .zip(&b.columns)
            .all(|(x, y)| x.eq_ignore_ascii_case(y))
        && a.predicate.as_deref().map(normalize_expr) == b.predicate.as_deref().map(normalize_expr)
}

pub(super) type FkKey = (
    Vec<String>,
    String,
    Vec<String>,
    Option<FkAction>,
    Option<FkAction>,
);

pub(super) fn fk_key(fk: &ForeignKey) -> FkKey {
    let norm = |a: Option<FkAction>| a.filter(|a| *a != FkAction::NoAction);
    (
        fk.columns.iter().map(|c| c.to_ascii_lowercase()).collect(),
        fk.referenced_table.to_ascii_lowercase(),
        fk.referenced_columns
            .iter()
            .map(|c| c.to_ascii_lowercase())
            .collect(),
        norm(fk.on_delete),
        norm(fk.on_update),
    )
}

/// Whether two foreign keys are the same key: the same columns, referenced table and columns
/// (in any case, as SQLite matches names) and the same actions (none is NO ACTION).
pub fn same_foreign_key(a: &ForeignKey, b: &ForeignKey) -> bool {
    fk_key(a) == fk_key(b)
}

/// The name of the unique index that stands for a column's `unique: true` added by an ALTER.
pub fn unique_index_name(table: &str, column: &str) -> String {
    format!("uq_{table}_{column}")
}

/// Whether two foreign keys go from the same columns to the same table's same columns (names
/// compared as SQLite does, ASCII case-insensitively).
pub(crate) fn same_endpoints(a: &ForeignKey, b: &ForeignKey) -> bool {
    let same = |x: &[String], y: &[String]| {
        x.len() == y.len() && x.iter().zip(y).all(|(x, y)| x.eq_ignore_ascii_case(y))
    };
    same(&a.columns, &b.columns)
        && a.referenced_table.eq_ignore_ascii_case(&b.referenced_table)
        && same(&a.referenced_columns, &b.referenced_columns)
}

/// The columns (lowercased) that a CHECK of the database names: those SQLite's parser reads in
/// it, or, for a text it cannot read, each of `columns` whose name appears in it as a word.
pub(super) fn columns_of_check(expression: &str, columns: &[Column]) -> Vec<String> {
    match crate::expr::check_expression(&SQLiteDialect {}, expression) {
        Ok(names) => names.iter().map(|n| n.to_ascii_lowercase()).collect(),
        Err(_) => {
            let text = expression.to_ascii_lowercase();
            columns
                .iter()
                .map(|c| c.name.to_ascii_lowercase())
                .filter(|n| crate::introspect::mentions(&text, n))
                .collect()
        }
    }
}

/// The columns of `columns` (lowercased) that the expression index whose stored text is `sql`
/// reads: a name in its key or WHERE (after the table's name), as a word or a quoted name
/// (`"sku"`, `[sku]`), not called as a function nor in a string. A text that does not tokenize
/// is taken to read them all.
pub(super) fn columns_of_expression_index(sql: &str, columns: &[Column]) -> Vec<String> {
    use sqlparser::tokenizer::{Token, Tokenizer};
    let all = || {
        columns
            .iter()
            .map(|c| c.name.to_ascii_lowercase())
            .collect()
    };
    let Ok(tokens) = Tokenizer::new(&SQLiteDialect {}, sql).tokenize() else {
        return all();
    };
    let tokens: Vec<&Token> = tokens
        .iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    let Some(start) = tokens.iter().position(|t| matches!(t, Token::LParen)) else {
        return all();
    };
    let mut read: Vec<String> = Vec::new();
    for (i, t) in tokens.iter().enumerate().skip(start) {
        let name = match t {
            Token::Word(w) if !matches!(tokens.get(i + 1), Some(Token::LParen)) => &w.value,
            Token::DoubleQuotedString(s) => s,
            _ => continue,
        };
        if let Some(c) = columns.iter().find(|c| c.name.eq_ignore_ascii_case(name)) {
            let lower = c.name.to_ascii_lowercase();
            if !read.contains(&lower) {
                read.push(lower);
            }
        }
    }
    read
}

/// The expression indexes of `existing` (`lower(email)`, stored with an empty column name)
/// that the spec's `indexes` leave out: none of them has the same name. A spec has no form for
/// an expression index, so such an index is one the spec cannot replace, only leave to the
/// database.
pub(super) fn expression_indexes_left_out<'a, 'b>(
    existing: &'a ExistingTable,
    indexes: &'b [Index],
) -> impl Iterator<Item = &'a crate::introspect::ExistingIndex> + use<'a, 'b> {
    existing.indexes.iter().filter(|e| {
        e.index.columns.iter().any(String::is_empty)
            && !indexes.iter().any(|i| i.name == e.index.name)
    })
}

/// The expression indexes of `existing` that read a column the change drops (`dropped`,
/// lowercased) and that the spec does not replace (no index of its own by that name): the
/// table's rebuild cannot create them again without the column, so it drops them, as it drops
/// an index over plain columns that the spec leaves out with its column, and the down
/// migration (which rebuilds the table as it was stored) creates them again from their stored
/// text. They are refused no more (a user trial: `UNSUPPORTED_FEATURE` for dropping `sku` under
/// `ON items (lower(sku))`, "write this migration by hand").
pub(super) fn expression_indexes_dropped<'a>(
    spec: &Table,
    existing: &'a ExistingTable,
    dropped: &HashSet<String>,
) -> Vec<(&'a crate::introspect::ExistingIndex, Vec<String>)> {
    expression_indexes_left_out(existing, &spec.indexes)
        .filter_map(|e| {
            let read = columns_of_expression_index(&e.sql, &existing.table.columns);
            read.iter()
                .any(|c| dropped.contains(c))
                .then_some((e, read))
        })
        .collect()
}

/// The foreign keys and CHECKs of the database's table that stay with the columns it keeps
/// though the spec leaves them out (`kept`, lowercased): the spec cannot state them (they name
/// columns it does not have), and a column said to be kept keeps its rules. A rebuild writes
/// them again (`target_table`), and they are no change.
pub(super) fn kept_constraints<'a>(
    existing: &'a ExistingTable,
    kept: &HashSet<String>,
) -> (Vec<&'a ForeignKey>, Vec<&'a CheckConstraint>) {
    if kept.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let db = &existing.table;
    let fks = db
        .foreign_keys
        .iter()
        .filter(|fk| {
            fk.columns
                .iter()
                .any(|c| kept.contains(&c.to_ascii_lowercase()))
        })
        .collect();
    let checks = db
        .check_constraints
        .iter()
        .filter(|c| {
            columns_of_check(&c.expression, &db.columns)
                .iter()
                .any(|n| kept.contains(n))
        })
        .collect();
    (fks, checks)
}

/// The column of the index `ix` that the table's `columns` lack, if any: a generated or hidden
/// one, which no spec lists, so that no spec can list the index either (a pull leaves it out):
/// it stays as an expression index does (a user trial saw it dropped).
pub(crate) fn hidden_column<'a>(ix: &'a Index, columns: &[Column]) -> Option<&'a str> {
    ix.columns
        .iter()
        .find(|c| !c.is_empty() && !columns.iter().any(|k| k.name.eq_ignore_ascii_case(c)))
        .map(String::as_str)
}

/// Whether the database's index `ix` (of the table whose columns are `columns`) names one of
/// the columns it keeps though the spec leaves them out (`kept`, lowercased), in its columns or
/// its WHERE: the spec cannot state it, so it stays with them, as their foreign keys and
/// CHECKs do ([`kept_constraints`]), unless the spec gives its name to an index of its own.
pub(super) fn kept_index(ix: &Index, columns: &[Column], kept: &HashSet<String>) -> bool {
    !kept.is_empty()
        && (ix
            .columns
            .iter()
            .any(|c| kept.contains(&c.to_ascii_lowercase()))
            || ix.predicate.as_deref().is_some_and(|p| {
                columns_of_check(p, columns)
                    .iter()
                    .any(|n| kept.contains(n))
            }))
}

/// `CONSTRAINT_NOT_IN_SPEC` for each foreign key and CHECK of the database's table that the
/// spec leaves out though it has their columns: the rebuild the difference causes drops them,
/// as it drops an index the spec leaves out, and that is said. Not for those that stay with a
/// kept column (`kept`), those of a column that goes (its own warning says so), or a foreign
/// key the spec keeps with other actions.
pub(super) fn constraints_not_in_spec(
    spec: &Table,
    existing: &ExistingTable,
    removed: &[&Column],
    kept: (&[&ForeignKey], &[&CheckConstraint]),
    report: &mut Report,
) {
    let db = &existing.table;
    let goes = |name: &str| removed.iter().any(|c| c.name.eq_ignore_ascii_case(name));
    let warn = |what: String, list: &str| {
        Issue::warning(
            Code::ConstraintNotInSpec,
            format!("{what} is in the database but not in the spec; the table's rebuild drops it"),
        )
        .table(&spec.name)
        .suggest(format!(
            "add it to the table's {list} in the spec to keep it"
        ))
    };
    for fk in db.foreign_keys.iter().filter(|fk| {
        !kept.0.iter().any(|k| std::ptr::eq(*k, *fk))
            && !fk.columns.iter().any(|c| goes(c))
            && !spec.foreign_keys.iter().any(|s| same_endpoints(s, fk))
    }) {
        let referenced = if fk.referenced_columns.is_empty() {
            String::new()
        } else {
            format!("({})", fk.referenced_columns.join(", "))
        };
        let what = format!(
            "the foreign key ({}) referencing {}{referenced}",
            fk.columns.join(", "),
            fk.referenced_table
        );
        report.push(warn(what, "foreignKeys"));
    }
    let in_spec: HashSet<String> = spec
        .check_constraints
        .iter()
        .map(|c| normalize_expr(&c.expression))
        .collect();
    for c in db.check_constraints.iter().filter(|c| {
        !kept.1.iter().any(|k| std::ptr::eq(*k, *c))
            && !in_spec.contains(&normalize_expr(&c.expression))
            // A CHECK the spec gives another expression under the same name is replaced.
            && (c.name.is_empty()
                || !spec
                    .check_constraints
                    .iter()
                    .any(|s| s.name.eq_ignore_ascii_case(&c.name)))
            && !columns_of_check(&c.expression, &db.columns)
                .iter()
                .any(|n| goes(n))
    }) {
        let what = format!("the CHECK ({})", crate::report::clip(&c.expression));
        report.push(warn(what, "checkConstraints"));
    }
}
