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
/// Longest description or string default, in bytes.
pub const MAX_TEXT_BYTES: usize = 100_000;
