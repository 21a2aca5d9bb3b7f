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
