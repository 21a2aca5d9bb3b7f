//! Resource bounds: the largest input the generator accepts (documented in the README, "Safety").

/// Largest spec accepted, in bytes of JSON.
pub const MAX_SPEC_BYTES: usize = 64 * 1024 * 1024;
/// Most tables in one spec.
pub const MAX_TABLES: usize = 20_000;
/// Most columns in one table.
pub const MAX_COLUMNS_PER_TABLE: usize = 1_000;
/// Longest identifier on dialects without a limit of their own (SQLite), in bytes.
pub const MAX_IDENTIFIER_BYTES: usize = 128;
/// Longest CHECK expression, default expression or index predicate, in bytes.
pub const MAX_EXPRESSION_BYTES: usize = 10_000;
/// Deepest nesting of parentheses and brackets in such an expression. sqlparser's PostgreSQL
/// parser takes time exponential in the nesting of function calls (each call's arguments are
/// parsed twice, once as a possible `name => value`): 22 levels took 8 s, an invalid `cast(`
/// nested 10 deep 53 ms and 8 deep 6 ms.
pub const MAX_EXPRESSION_NESTING: usize = 8;
/// Most bytes of all a spec's CHECK expressions, default expressions and index predicates
/// together. Each is parsed more than once (validation, then the self-check of the statements
/// holding it) at about 2 MB/s: at the spec's own limit, 60 MB of them took half a minute.
pub const MAX_EXPRESSION_BYTES_TOTAL: usize = 4 * 1024 * 1024;
/// Largest `length` of a VARCHAR or CHAR column: PostgreSQL's (10,485,760 characters; it was
/// 65,535, MySQL's row limit, which refused a PostgreSQL `VARCHAR(100000)`). MySQL takes less
/// (VARCHAR 16,383 and CHAR 255 characters), which its validation says.
pub const MAX_LENGTH: u32 = 10_485_760;
/// Longest description or string default, in bytes.
pub const MAX_TEXT_BYTES: usize = 100_000;
/// Most entries in one table's list of indexes, of UNIQUE constraints, of CHECK constraints or
/// of foreign keys. MySQL takes 64 secondary indexes a table; a list past this is no schema, and
/// each entry would be checked and said (1,000,000 copies of one index gave two issues each:
/// 2.5 GB and a report too long for a JavaScript string, a user trial).
pub const MAX_CONSTRAINTS_PER_TABLE: usize = 1_000;
/// Most errors, and most warnings, a report lists; the rest are counted in one more issue
/// ([`crate::output::Validation`]).
pub const MAX_ISSUES_LISTED: usize = 1_000;

use crate::report::{Code, Issue};
use crate::spec::{MigrationSpec, Table};

/// A `LIMIT_EXCEEDED` error for each table (of the spec, then of its `previousSpec`) with a
/// list longer than any valid table has: a primary key, or an index's, UNIQUE's or foreign key's
/// columns, of more than [`MAX_COLUMNS_PER_TABLE`] names (a table has no more columns), or more
/// than [`MAX_CONSTRAINTS_PER_TABLE`] indexes, UNIQUEs, CHECKs or foreign keys. Looked at before
/// anything else is done with the spec, so that such a list costs its reading only, not an
/// issue for each of its entries. The first such list of a table is said.
pub fn lists_past_limits(spec: &MigrationSpec) -> Vec<Issue> {
    let previous = spec.previous.as_deref().into_iter().flat_map(|p| &p.tables);
    (spec.tables.iter().map(|t| (t, "")))
        .chain(previous.map(|t| (t, "previousSpec ")))
        .filter_map(|(t, of)| list_past_limits(t).map(|said| (t, of, said)))
        .map(|(t, of, (what, len, limit))| {
            Issue::error(
                Code::LimitExceeded,
                format!("{of}table '{}': {what} has {len} entries; the limit is {limit}", crate::report::clip(&t.name)),
            )
            .table(&t.name)
            .suggest("list each column, index and constraint once: a table has at most 1,000 columns, and a list longer than that repeats entries")
        })
        .collect()
}

/// The first list of `t` past its limit: what it is, its length and the limit.
fn list_past_limits(t: &Table) -> Option<(String, usize, usize)> {
    let columns = MAX_COLUMNS_PER_TABLE;
    let lists = MAX_CONSTRAINTS_PER_TABLE;
    let over = |what: &str, len: usize, limit: usize| {
        (len > limit).then(|| (what.to_string(), len, limit))
    };
    over("primaryKey", t.primary_key.len(), columns)
        .or_else(|| over("indexes", t.indexes.len(), lists))
        .or_else(|| over("uniqueConstraints", t.unique_constraints.len(), lists))
        .or_else(|| over("checkConstraints", t.check_constraints.len(), lists))
        .or_else(|| over("foreignKeys", t.foreign_keys.len(), lists))
        .or_else(|| {
            let entry = |list: &str, i: usize, field: &str, len: usize| {
                over(&format!("{list}[{i}].{field}"), len, columns)
            };
            (t.indexes.iter().enumerate())
                .find_map(|(i, x)| entry("indexes", i, "columns", x.columns.len()))
                .or_else(|| {
                    (t.unique_constraints.iter().enumerate()).find_map(|(i, u)| {
                        entry("uniqueConstraints", i, "columns", u.columns.len())
                    })
                })
                .or_else(|| {
                    (t.foreign_keys.iter().enumerate()).find_map(|(i, fk)| {
                        entry("foreignKeys", i, "columns", fk.columns.len()).or_else(|| {
                            entry(
                                "foreignKeys",
                                i,
                                "referencedColumns",
                                fk.referenced_columns.len(),
                            )
                        })
                    })
                })
        })
}
