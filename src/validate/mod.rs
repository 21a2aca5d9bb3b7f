//! Validation of a parsed spec before any SQL is written: names, keys, types, defaults,
//! expressions, foreign keys, name clashes, plus each dialect's own rules. Linear in the size
//! of the spec (hash lookups, no pairwise scans over tables).

use crate::dialect::{postgres_object_name, Dialect, ExprPlace};
use crate::introspect::ExistingTable;
use crate::limits;
use crate::report::{Code, Issue, Report};
use crate::spec::*;
use std::borrow::Cow;
// foldhash instead of std's SipHash: hashing the names was ~4% of a PostgreSQL generation's
// instructions. Seeded at random per process as std's maps are, so iteration order is no more
// predictable than before and a spec cannot be made to collide the maps.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

/// The database's table of a name, as SQLite matches names (case-insensitively): foreign-key
/// targets the spec does not list, and what the database already has of a spec's table.
pub type ExistingTables<'a> = &'a (dyn Fn(&str) -> Option<&'a ExistingTable> + Sync);

/// Where a checked name comes from, which decides the rules it follows.
#[derive(Clone, Copy, PartialEq)]
enum Known {
    /// A name the migration creates: lowercase snake_case, not reserved, within the limit.
    New,
    /// A name the database already has (`existingDbPath`) of a table the spec lists: still
    /// refused where the spec cannot create it, with the suggestion to leave the table out
    /// (see [`already_in_database`]); an index or constraint name is taken as it is.
    InDatabase,
    /// A name of a table marked `existing: true` (the table's, its columns', its indexes' and
    /// constraints'): the migration never creates or alters that table, only names it (a
    /// foreign key's `REFERENCES`, written quoted where it is not plain snake_case), so any
    /// name the database can hold is taken ([`Dialect::name_it_cannot_hold`]): Prisma's
    /// `"User"("id")`, `"tenantId"` (a user trial could not reference them).
    Referenced,
}

impl Known {
    /// [`Known::InDatabase`] when `in_database`, else [`Known::New`].
    fn database(in_database: bool) -> Self {
        if in_database {
            Known::InDatabase
        } else {
            Known::New
        }
    }
}

/// What kind of name is checked (decides the error code).
#[derive(Clone, Copy, PartialEq)]
enum NameKind {
    Table,
    Column,
    Constraint,
}

/// Whether any of `name` spells out in ASCII (a letter or digit, or a letter with an ASCII
/// spelling such as `é`), so that [`to_snake_case`] makes a suggestion of it.
fn spells_in_ascii(name: &str) -> bool {
    // (`ъ` and `ь` spell as nothing.)
    name.chars().any(|c| {
        c.is_ascii_alphanumeric() || crate::format::ascii_letters(c).is_some_and(|a| !a.is_empty())
    })
}

/// A name in snake_case, as a suggestion for an invalid one.
pub fn to_snake_case(name: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else if let Some(ascii) = crate::format::ascii_letters(c) {
            // `café` -> `cafe`, `Ärger` -> `arger`, as descriptions are spelled in file names.
            out.push_str(ascii);
            prev_lower = true;
        } else {
            if !out.ends_with('_') {
                out.push('_');
            }
            prev_lower = false;
        }
    }
    let trimmed = out.trim_matches('_').to_string();
    if trimmed.starts_with(|c: char| c.is_ascii_digit()) {
        format!("t_{trimmed}")
    } else if trimmed.is_empty() {
        "name".to_string()
    } else {
        trimmed
    }
}

/// Whether a name is lowercase snake_case: `[a-z_][a-z0-9_]*`.
pub fn is_snake_identifier(name: &str) -> bool {
    let mut chars = name.bytes();
    matches!(chars.next(), Some(b'a'..=b'z' | b'_'))
        && chars.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_'))
}

/// Whether a spec can give a table or column this name for `d` (lowercase snake_case, within
/// the length limit, not a reserved word): a table of the database whose name, or one of whose
/// columns' names, it cannot is never dropped by `dropTablesNotInSpec`, since no spec could
/// keep it (see [`column_no_spec_can_name`]).
pub fn spec_can_name(d: &dyn Dialect, name: &str) -> bool {
    is_snake_identifier(name) && name.len() <= d.max_identifier_bytes() && !d.is_reserved(name)
}

/// The first column of `table` whose name a spec cannot give for `d` ([`spec_can_name`]; Knex's
/// `knex_migrations_lock.index` on SQLite and MySQL, Prisma's and TypeORM's `createdAt`): a spec
/// listing the table is refused, so a pull leaves the table out whole and `dropTablesNotInSpec`
/// keeps it. (`__proto__`, which a spec keeps with a warning when the database has it, is a
/// name a spec can give.)
pub fn column_no_spec_can_name<'a>(d: &dyn Dialect, table: &'a Table) -> Option<&'a str> {
    table
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .find(|name| !spec_can_name(d, name))
}

/// What to suggest for a name the spec cannot create but the database already has under that
/// very name (a table, column, index or constraint written by another tool: Prisma's `User` and
/// `createdAt`, TypeORM's `UQ_…`). Renaming it in the spec renames it in the database only with
/// `renamedFrom` (without, a renamed column is added as a new one and the old one dropped).
/// Tables the spec does not list are never touched.
fn already_in_database(kind: NameKind) -> &'static str {
    match kind {
        NameKind::Table => "the database already has this table under this name: leave it out of the spec (tables the spec does not list are never touched, not even by dropTablesNotInSpec when a spec cannot name them, and foreign keys may still reference them), or rename it: give the table a name the spec can have, with \"renamedFrom\" set to this one (the migration then renames it, with its rows)",
        NameKind::Column => "the database already has this column under this name: leave the table out of the spec (tables the spec does not list are never touched), or rename it: give the column a name the spec can have, with \"renamedFrom\" set to this one (the migration then renames it, with its values; renamed in the spec without renamedFrom, it would be dropped and a new column added)",
        NameKind::Constraint => "the database already has this index or constraint under this name: leave the table out of the spec (tables the spec does not list are never touched); renaming it in the spec does not rename it in the database",
    }
}

/// Whether a name is made of ASCII letters of either case, digits and `_`, not starting with a
/// digit: the names other tools give indexes and constraints (TypeORM's `UQ_…`, `IDX_…` and
/// `CHK_…`, Prisma's `User_email_key`), which the generator always writes quoted.
pub fn is_plain_identifier(name: &str) -> bool {
    let mut chars = name.bytes();
    matches!(chars.next(), Some(b'a'..=b'z' | b'A'..=b'Z' | b'_'))
        && chars.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Whether an index or constraint name the database already has, other than a plain identifier,
/// can be kept as it is: written quoted (`"t-e-idx"`, `"e not bad"`), as every statement writes
/// such a name, it reads back the same; a control character (a line break) is refused all the
/// same. A pulled spec lists such names, and refusing them made it invalid against its own
/// database (a user trial).
fn quoted_as_it_is(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(char::is_control)
}

/// Whether validation takes `name` as an index or constraint name the table in the database
/// already has under that very name (see [`check_name`]): a plain identifier or any name without
/// a control character, within the length limit, not a reserved word. A pull for SQLite, which
/// keeps the file's names, leaves out a table with a name it does not take (a name with a line
/// break, an index named `select`), so that the pulled spec is valid.
pub fn keeps_database_object_name(d: &dyn Dialect, name: &str) -> bool {
    (is_plain_identifier(name) || quoted_as_it_is(name))
        && name.len() <= d.max_identifier_bytes()
        && !d.is_reserved(&name.to_ascii_lowercase())
}

/// Checks a name of the spec. `known`: where the name comes from. [`Known::Referenced`]: any
/// name the database can hold ([`check_held_name`]). [`Known::InDatabase`]: the database
/// already has this very name (see [`already_in_database`]), which changes only the suggestion for a table or column: the spec
/// still cannot create it. An index or constraint name the table already has under that very
/// name is taken when it is a plain identifier ([`is_plain_identifier`]) or any name without a
/// control character ([`quoted_as_it_is`]) within the length limit and not a reserved word: the
/// migration keeps it, never creates it new (a table of a TypeORM database has `UQ_…` and
/// `IDX_…` names, and refusing them left every such table out of reach).
fn check_name(
    d: &dyn Dialect,
    kind: NameKind,
    name: &str,
    known: Known,
    issue: impl Fn(Issue) -> Issue,
    report: &mut Report,
) -> bool {
    if known == Known::Referenced {
        return check_held_name(d, kind, name, issue, report);
    }
    let in_database = known == Known::InDatabase;
    if in_database && kind == NameKind::Constraint && keeps_database_object_name(d, name) {
        return true;
    }
    let (code, what) = match kind {
        NameKind::Table => (Code::InvalidTableName, "table name"),
        NameKind::Column => (Code::InvalidColumnName, "column name"),
        NameKind::Constraint => (Code::InvalidConstraintName, "constraint or index name"),
    };
    let suggest = |usual: String| {
        if in_database {
            already_in_database(kind).to_string()
        } else {
            usual
        }
    };
    if !is_snake_identifier(name) {
        let why = if name.is_empty() {
            "is empty".to_string()
        } else {
            "must be lowercase snake_case: a-z, 0-9 and _, not starting with a digit".to_string()
        };
        report.push(
            issue(Issue::error(
                code,
                format!("the {what} '{}' {why}", crate::report::clip(name)),
            ))
            .suggest(suggest(if spells_in_ascii(name) {
                format!("rename it to '{}'", snake_rename(d, kind, name))
            } else {
                // Nothing of it spells out in ASCII ('用户'): 'name' would be a guess unrelated
                // to it, and may be another column's.
                format!(
                    "rename it to a {what_kind} of a-z, 0-9 and _ that says what it holds",
                    what_kind = if matches!(kind, NameKind::Table) {
                        "table name"
                    } else {
                        "name"
                    }
                )
            })),
        );
        return false;
    }
    if name.len() > d.max_identifier_bytes() {
        report.push(
            issue(Issue::error(
                Code::IdentifierTooLong,
                format!(
                    "the {what} '{}' is {} bytes; {}",
                    crate::report::clip(name),
                    name.len(),
                    name_bound(d)
                ),
            ))
            .suggest(suggest(format!(
                "shorten it to {} characters or fewer",
                d.max_identifier_bytes()
            ))),
        );
        return false;
    }
    if d.is_reserved(name) {
        let suggestion = reserved_rename(d, kind, name);
        report.push(
            issue(Issue::error(
                Code::ReservedKeyword,
                format!(
                    "'{name}' is a reserved word in {}",
                    d.database_type().as_str()
                ),
            ))
            .suggest(suggest(format!("rename it, for example to '{suggestion}'"))),
        );
        return false;
    }
    if kind == NameKind::Column && name == "__proto__" {
        // Checked with mysql2 3 (it refuses a result with that field, and closes the connection)
        // and pg 8 (which reads it); an object literal (Kysely's `values({ __proto__: … })`)
        // sets its prototype instead of the column.
        let message = "the column name '__proto__' cannot be written in JavaScript objects: mysql2 refuses to read a table that has it, and in an object literal (`{ __proto__: x }`, as in an insert) it sets the object's prototype, not a value";
        if in_database {
            report.push(
                issue(Issue::warning(code, message))
                    .suggest("rename the column in the database (ALTER TABLE … RENAME COLUMN)"),
            );
            return true;
        }
        report
            .push(issue(Issue::error(code, message)).suggest("rename it, for example to 'proto'"));
        return false;
    }
    true
}

/// Checks a name of a table marked `existing: true` ([`Known::Referenced`]): any name the
/// database can hold ([`Dialect::name_it_cannot_hold`], within its length limit as it counts
/// it), reserved words and capitals included, since every statement writes such a name quoted
/// ([`Dialect::identifier`]) and the migration never creates it.
fn check_held_name(
    d: &dyn Dialect,
    kind: NameKind,
    name: &str,
    issue: impl Fn(Issue) -> Issue,
    report: &mut Report,
) -> bool {
    let (code, what) = match kind {
        NameKind::Table => (Code::InvalidTableName, "table name"),
        NameKind::Column => (Code::InvalidColumnName, "column name"),
        NameKind::Constraint => (Code::InvalidConstraintName, "constraint or index name"),
    };
    let db = d.database_type().as_str();
    if let Some(why) = d.name_it_cannot_hold(name) {
        report.push(
            issue(Issue::error(
                code,
                format!(
                    "the {what} '{}' of a table marked existing {why}: {db} has no such name",
                    crate::report::clip(name)
                ),
            ))
            .suggest("give the name exactly as the database has it"),
        );
        return false;
    }
    let length = d.held_name_length(name);
    if length > d.max_identifier_bytes() {
        let unit = if d.database_type() == DatabaseType::Mysql {
            "characters"
        } else {
            "bytes"
        };
        let message = format!(
            "the {what} '{}' of a table marked existing is {length} {unit}; {}",
            crate::report::clip(name),
            name_bound(d)
        );
        // SQLite sets no limit of its own: the name may well be in the database, and only this
        // generator's bound refuses it.
        let (message, suggestion) = if d.database_type() == DatabaseType::Sqlite {
            (
                message,
                format!(
                    "{} to {} bytes or fewer in the database, then give that name",
                    match kind {
                        NameKind::Table => "rename the table (ALTER TABLE … RENAME TO …)",
                        NameKind::Column => "rename the column (ALTER TABLE … RENAME COLUMN … TO …)",
                        // SQLite renames neither an index nor a table's constraint.
                        NameKind::Constraint => "name it anew (an index: drop it and create it again; a constraint: rebuild the table)",
                    },
                    d.max_identifier_bytes()
                ),
            )
        } else {
            (
                format!("{message}, so the database has no such name"),
                "give the name exactly as the database has it".to_string(),
            )
        };
        report.push(issue(Issue::error(Code::IdentifierTooLong, message)).suggest(suggestion));
        return false;
    }
    true
}

/// The bound on a name's length, as a message says it: the database's own (`postgresql keeps at
/// most 63`), or on SQLite, which sets none, this generator's.
fn name_bound(d: &dyn Dialect) -> String {
    let max = d.max_identifier_bytes();
    if d.database_type() == DatabaseType::Sqlite {
        format!("this generator takes names of at most {max} bytes on SQLite (SQLite itself sets no limit)")
    } else {
        format!("{} keeps at most {max}", d.database_type().as_str())
    }
}

/// The name suggested for a reserved word: a table usually takes its plural (`user` ->
/// `users`, `order` -> `orders`); a column or constraint a word that says what it holds (`as`
/// -> `as_value`, never `ass`).
fn reserved_rename(d: &dyn Dialect, kind: NameKind, name: &str) -> String {
    let candidate = match kind {
        NameKind::Table if name.len() > 2 && !name.ends_with('s') => format!("{name}s"),
        NameKind::Table => format!("app_{name}"),
        NameKind::Column => format!("{name}_value"),
        NameKind::Constraint => format!("{name}_constraint"),
    };
    if d.is_reserved(&candidate) {
        format!("app_{name}")
    } else {
        candidate
    }
}

/// `name` in snake_case, or, where that is a reserved word (`User` is `user` on PostgreSQL),
/// the name [`reserved_rename`] gives it (`users`): followed, the suggestion gave
/// `RESERVED_KEYWORD` next (a user trial).
fn snake_rename(d: &dyn Dialect, kind: NameKind, name: &str) -> String {
    let snake = to_snake_case(name);
    if d.is_reserved(&snake) {
        reserved_rename(d, kind, &snake)
    } else {
        snake
    }
}

/// A name a spec can give (before the length limit) in place of `name`, as validation's
/// suggestion spells it: `User` -> `user` (`users` on PostgreSQL, where `user` is reserved),
/// `createdAt` -> `created_at`, `idx "q"` -> `idx_q`; `table`: a table's name (a reserved
/// word takes an `s`), else a column's, index's or constraint's. A name nothing of which
/// spells out in ASCII (`用户`) gives `name`. A pull for PostgreSQL or MySQL names so what the
/// SQLite file names as no spec can (see `pull_names`).
pub fn spec_rename(d: &dyn Dialect, table: bool, name: &str) -> String {
    let kind = if table {
        NameKind::Table
    } else {
        NameKind::Column
    };
    snake_rename(d, kind, name)
}

/// The name a table name's error suggests renaming it to (`Users` -> `users`, `user` ->
/// `users`), if it has such an error.
fn table_rename(d: &dyn Dialect, name: &str) -> Option<String> {
    if !is_snake_identifier(name) {
        return spells_in_ascii(name).then(|| snake_rename(d, NameKind::Table, name));
    }
    d.is_reserved(name)
        .then(|| reserved_rename(d, NameKind::Table, name))
}

/// Whether [`table_rename`] could give `to` for `name`, compared without allocating: the same
/// letters but for case and `_` (`UserProfiles`, `user_profiles`), or a reserved word's plural
/// or `app_` form.
fn may_rename_to(name: &str, to: &str) -> bool {
    let same_letters = |to: &str| {
        let mut a = name.bytes().filter(|b| *b != b'_');
        let mut b = to.bytes().filter(|b| *b != b'_');
        loop {
            match (a.next(), b.next()) {
                (None, None) => return true,
                (Some(x), Some(y)) if x.eq_ignore_ascii_case(&y) => {}
                _ => return false,
            }
        }
    };
    same_letters(to)
        || to.strip_suffix('s').is_some_and(same_letters)
        || to.strip_prefix("app_").is_some_and(same_letters)
}

/// What a foreign key to a table neither the spec nor the database has is told, by the table
/// it names.
type NearNames = HashMap<String, Near>;

/// The tables the database has by `previousSpec`, under their names in this spec: those of
/// `previousSpec`, and those the spec renames from one of them (`renamedFrom`).
fn previous_names<'a>(
    spec: &'a MigrationSpec,
    tables: &'a [Table],
) -> std::collections::HashSet<&'a str> {
    let Some(previous) = &spec.previous else {
        return Default::default();
    };
    let mut names: std::collections::HashSet<&str> =
        previous.tables.iter().map(|t| t.name.as_str()).collect();
    let renamed: Vec<&str> = tables
        .iter()
        .filter(|t| {
            t.renamed_from
                .as_ref()
                .is_some_and(|old| names.contains(old.as_str()))
        })
        .map(|t| t.name.as_str())
        .collect();
    names.extend(renamed);
    names
}

/// What validating a table looks up in the rest of the spec and in the database.
struct Lookups<'a, 'e> {
    /// The spec's tables by name.
    by_name: &'a HashMap<&'a str, &'a Table>,
    /// See [`NearNames`].
    near: &'a NearNames,
    /// The tables of the SQLite database (`existingDbPath`).
    existing: ExistingTables<'e>,
    /// The names of the tables of `previousSpec`, which the database has.
    previous: std::collections::HashSet<&'a str>,
    /// What messages call the SQLite database's schema: the file, or `previousSpec`.
    database: &'static str,
}

/// See [`NearNames`].
enum Near {
    /// A spec table's name error suggests renaming it to this name.
    Renamed,
    /// The spec's table a letter or two away (without a name error of its own).
    Name(String),
}

/// The [`NearNames`] of a spec, found once for each table its foreign keys name that neither it
/// nor the database has, up to [`NEAR_NAMES_SOUGHT`] of them (each is a pass over every table:
/// done for every foreign key, a spec of 10,000 tables whose keys name a missing one took 15
/// seconds).
fn near_names(
    d: &dyn Dialect,
    tables: &[Table],
    by_name: &HashMap<&str, &Table>,
    existing: ExistingTables,
) -> NearNames {
    let mut near = NearNames::new();
    let mut sought = std::collections::HashSet::new();
    let missing = tables
        .iter()
        .flat_map(|t| &t.foreign_keys)
        .map(|fk| fk.referenced_table.as_str());
    for wanted in missing {
        if by_name.contains_key(wanted) || existing(wanted).is_some() || sought.contains(wanted) {
            continue;
        }
        if sought.len() == NEAR_NAMES_SOUGHT {
            break;
        }
        sought.insert(wanted);
        if tables.iter().any(|t| {
            may_rename_to(&t.name, wanted) && table_rename(d, &t.name).as_deref() == Some(wanted)
        }) {
            near.insert(wanted.to_string(), Near::Renamed);
            continue;
        }
        // Only names a letter or two away, without a name error of their own, are offered.
        let mut names: Vec<&str> = tables
            .iter()
            .map(|t| t.name.as_str())
            .filter(|n| n.len().abs_diff(wanted.len()) <= 2 && table_rename(d, n).is_none())
            .collect();
        names.sort_unstable();
        if let Some(n) = crate::parse::did_you_mean(wanted, &names) {
            near.insert(wanted.to_string(), Near::Name(n.to_string()));
        }
    }
    near
}

/// The column a table without a primary key most likely has it in: a NOT NULL column marked
/// unique, else one named like a key (`<table>_id`, `uuid`, `key`, `code`, `slug`, `sku`),
/// NOT NULL first, else the first NOT NULL column, else the first.
fn key_candidate(t: &Table) -> Option<&Column> {
    let table = t.name.to_ascii_lowercase();
    let singular = table.strip_suffix('s').unwrap_or(&table);
    let key_like = |c: &&Column| {
        let n = c.name.to_ascii_lowercase();
        n == format!("{table}_id")
            || n == format!("{singular}_id")
            || ["uuid", "key", "code", "slug", "sku"].contains(&n.as_str())
    };
    let cols = &t.columns;
    cols.iter()
        .find(|c| c.unique && !c.nullable)
        .or_else(|| cols.iter().filter(key_like).find(|c| !c.nullable))
        .or_else(|| cols.iter().find(key_like))
        .or_else(|| cols.iter().find(|c| !c.nullable))
        .or_else(|| cols.first())
}

/// The most tables named by foreign keys but missing that [`near_names`] looks for.
const NEAR_NAMES_SOUGHT: usize = 100;

/// How the names of `t` are checked: [`Known::Referenced`] for a table marked existing, else
/// as names the migration creates.
fn referenced(t: &Table) -> Known {
    if t.existing {
        Known::Referenced
    } else {
        Known::New
    }
}

/// The checks of table and column names alone, for tables the parser refused in part outside
/// their named columns (a primary key or foreign key of the wrong kind, a column without a
/// name), so that a name to fix is said in the same report rather than only once the parser's
/// errors are fixed. Nothing else is checked: the rest needs the table whole.
pub fn name_checks(tables: &[Table], d: &dyn Dialect, report: &mut Report) {
    for t in tables {
        let tname = t.name.clone();
        check_name(
            d,
            NameKind::Table,
            &t.name,
            referenced(t),
            |i| i.table(&tname),
            report,
        );
        for c in &t.columns {
            let cname = c.name.clone();
            check_name(
                d,
                NameKind::Column,
                &c.name,
                referenced(t),
                |i| i.table(&tname).column(&cname),
                report,
            );
        }
    }
}

/// Validates the spec (its tables already made effective by `plan::effective_table`).
/// `engine_checks` also asks the database engine itself about each user expression
/// (`Dialect::engine_check`); that costs a DDL statement per expression, so the generator
/// only does it to explain a failed self-check.
pub fn validate(
    spec: &MigrationSpec,
    tables: &[Table],
    d: &dyn Dialect,
    existing: ExistingTables,
    engine_checks: bool,
    report: &mut Report,
) {
    if crate::format::slug(&spec.description).is_empty() {
        report.push(
            Issue::error(
                Code::InvalidSpec,
                "the description has no letter or digit to name the migration file with",
            )
            .suggest("describe the change, for example 'create_users_table'"),
        );
    }
    if spec.description.len() > limits::MAX_TEXT_BYTES {
        report.push(Issue::error(
            Code::LimitExceeded,
            format!(
                "the description is longer than {} bytes",
                limits::MAX_TEXT_BYTES
            ),
        ));
    }
    if let Some(now) = &spec.now {
        if crate::format::parse_now(now).is_none() {
            report.push(
                Issue::error(
                    Code::InvalidSpec,
                    format!(
                        "now '{}' is not an ISO-8601 instant of the years 0000 to 9999 (UTC)",
                        crate::report::clip(now)
                    ),
                )
                .suggest("use a form such as '2026-02-09T12:00:00Z'"),
            );
        }
    }

    let expression_bytes: usize = tables.iter().map(expression_bytes).sum();
    if expression_bytes > limits::MAX_EXPRESSION_BYTES_TOTAL {
        report.push(
            Issue::error(
                Code::LimitExceeded,
                format!(
                    "the spec's CHECK expressions, default expressions and index predicates hold {expression_bytes} bytes together; the limit is {}",
                    limits::MAX_EXPRESSION_BYTES_TOTAL
                ),
            )
            .suggest("split the tables into several migrations"),
        );
        return;
    }

    let by_name: HashMap<&str, &Table> = tables.iter().map(|t| (t.name.as_str(), t)).collect();
    // Each table's own checks (on two threads for large specs) and the checks of names across
    // tables (one pass, in table order) run side by side for large specs; their reports are
    // then filed per table in the order one pass would have made them.
    let near = near_names(d, tables, &by_name, existing);
    let look = Lookups {
        by_name: &by_name,
        near: &near,
        existing,
        previous: previous_names(spec, tables),
        database: if spec.previous.is_some() {
            "previousSpec"
        } else {
            "the database (existingDbPath)"
        },
    };
    let own = || table_reports(tables, d, &look, engine_checks);
    let (own_reports, names) = if tables.len() >= PARALLEL_TABLES && crate::parallel::may_share() {
        let (own, names) = std::thread::scope(|scope| {
            let names = scope.spawn(|| schema_names(d, tables, existing));
            (own(), names.join())
        });
        (
            own,
            names.unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        )
    } else {
        (own(), schema_names(d, tables, existing))
    };
    for ((own, dialect_own), names) in own_reports.into_iter().zip(names) {
        report.append(names.before);
        if names.duplicate {
            continue;
        }
        report.append(own);
        report.append(names.after);
        report.append(dialect_own);
    }
    for (issue, _) in d.foreign_key_cycle_warnings(tables) {
        report.push(issue);
    }
    renames_clear_of_other_tables(tables, d, report);
    if spec.generate_types {
        constructor_columns(spec, tables, existing, report);
    }
}

/// `INVALID_COLUMN_NAME` for a column named `constructor` of a table whose types are generated:
/// every object has a `constructor` (Object's, a Function) that TypeScript holds against an
/// optional `constructor?: string`, so an insert or update object that leaves the column out
/// does not compile (checked with tsc 5.9: a user trial's `{ name: 'a' }` was refused as a
/// WidgetInsert, and by Kysely's values()). An error for a new column; a warning for one the
/// database has (previousSpec or existingDbPath), which a migration cannot refuse to know. No
/// types, nothing to say; a table marked existing gets none.
fn constructor_columns(
    spec: &MigrationSpec,
    tables: &[Table],
    existing: ExistingTables,
    report: &mut Report,
) {
    const NAME: &str = "constructor";
    let message = "the column name 'constructor' breaks the generated TypeScript types: every object has a constructor (a Function), so an insert or update object that leaves the column out is refused by tsc as not assignable to the table's Insert or Update type";
    for t in tables.iter().filter(|t| !t.existing) {
        let Some(c) = t.column(NAME) else {
            continue;
        };
        let was_table = t.renamed_from.as_deref().unwrap_or(&t.name);
        // A column renamed to it is named so anew.
        let renamed_to = t.renamed_columns.iter().any(|(_, now)| now == NAME);
        let had = !renamed_to
            && (existing(was_table).is_some_and(|e| e.table.column(NAME).is_some())
                || spec.previous.as_ref().is_some_and(|p| {
                    (p.tables.iter()).any(|p| p.name == was_table && p.column(NAME).is_some())
                }));
        let issue = if had {
            Issue::warning(Code::InvalidColumnName, message)
                .suggest("rename the column (a column named otherwise, with \"renamedFrom\": \"constructor\"), or give it in every insert and update")
        } else {
            Issue::error(Code::InvalidColumnName, message)
                .suggest("rename it, for example to 'constructor_name'")
        };
        report.push(issue.table(&t.name).column(&c.name));
    }
}

/// A table name's error that suggests renaming it to another table's name of the spec (`user`,
/// reserved on PostgreSQL, to `users`, which the spec has too; SQLite's `Users` to `users`)
/// suggests a name no table has, and says why: followed as it stood, it gave `DUPLICATE_TABLE`
/// (a user trial).
fn renames_clear_of_other_tables(tables: &[Table], d: &dyn Dialect, report: &mut Report) {
    let taken = |n: &str| tables.iter().any(|t| t.name == n);
    for issue in &mut report.errors {
        if !matches!(issue.code, Code::InvalidTableName | Code::ReservedKeyword)
            || issue.column.is_some()
            || issue.constraint.is_some()
        {
            continue;
        }
        let (Some(table), Some(suggestion)) = (&issue.table, &issue.suggestion) else {
            continue;
        };
        let Some(to) = table_rename(d, table).filter(|to| to != table && taken(to)) else {
            continue;
        };
        if !suggestion.contains(&format!("'{to}'")) {
            continue;
        }
        let base = if is_snake_identifier(table) {
            table.clone()
        } else {
            to_snake_case(table)
        };
        let free = std::iter::once(format!("app_{base}"))
            .chain((2..).map(|n| format!("{base}_{n}")))
            .find(|n| !taken(n) && !d.is_reserved(n))
            .unwrap_or_default();
        issue.suggestion = Some(format!(
            "rename it, for example to '{free}' ('{to}' is another table of the spec)"
        ));
    }
}

/// The bytes of a table's CHECK expressions, default expressions and index predicates.
fn expression_bytes(t: &Table) -> usize {
    let checks: usize = t.check_constraints.iter().map(|c| c.expression.len()).sum();
    let predicates: usize = t
        .indexes
        .iter()
        .filter_map(|i| i.predicate.as_ref())
        .map(String::len)
        .sum();
    let defaults: usize = t
        .columns
        .iter()
        .filter_map(|c| match &c.default {
            Some(DefaultValue::Expression(e)) => Some(e.len()),
            _ => None,
        })
        .sum();
    checks + predicates + defaults
}

/// Specs of at least this many tables are validated on two threads.
const PARALLEL_TABLES: usize = 64;

/// What the pass over names across tables found about one table: its issues that come before
/// and after the table's own ([`table_reports`]).
#[derive(Default)]
struct TableNames {
    /// The table repeats an earlier table's name: its own checks are not reported.
    duplicate: bool,
    /// About the table's name.
    before: Report,
    /// About the names of its indexes and constraints.
    after: Report,
}

/// Names across the schema, table by table: duplicate tables, the table's own name, and the
/// names of indexes and constraints that share a namespace (the schema's or the table's) or
/// clash with names the database gives objects itself.
fn schema_names(d: &dyn Dialect, tables: &[Table], existing: ExistingTables) -> Vec<TableNames> {
    // SQLite compares table names without regard to ASCII case: `user` beside a table marked
    // existing as `"User"` is that table (its CREATE TABLE IF NOT EXISTS is skipped, and the down
    // migration's DROP TABLE drops "User" with its rows). Only the name with capitals of a table
    // marked existing is folded (another is refused as not snake_case already).
    let folds = d.database_type() == DatabaseType::Sqlite;
    let mut seen_tables: HashMap<Cow<str>, &str> = HashMap::with_capacity(tables.len());
    // Sized up front: a map grown by doubling holds its old and new tables at once.
    let names: usize = tables
        .iter()
        .map(|t| 1 + t.indexes.len() + t.unique_constraints.len())
        .sum();
    let mut global_names: GlobalNames = HashMap::with_capacity(names);
    let global_constraints = d.database_type() == DatabaseType::Mysql;
    let implicit = implicit_names(d, tables);
    let mut generated_fks: GeneratedForeignKeyNames = HashMap::new();
    let mut out = Vec::with_capacity(tables.len());
    for t in tables {
        let mut found = TableNames::default();
        let key = if folds && t.existing && t.name.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(t.name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(t.name.as_str())
        };
        if let Some(first) = seen_tables.get(&key) {
            let message = if *first == t.name {
                format!(
                    "the table '{}' is defined more than once",
                    crate::report::clip(&t.name)
                )
            } else {
                format!(
                    "the tables '{}' and '{}' are one table on SQLite, which compares table names without regard to case (CREATE TABLE IF NOT EXISTS would skip the second, and the down migration's DROP TABLE would drop the first with its rows)",
                    crate::report::clip(first),
                    crate::report::clip(&t.name)
                )
            };
            found.before.push(
                Issue::error(Code::DuplicateTable, message)
                    .table(&t.name)
                    .suggest("merge the definitions or rename one of them"),
            );
            found.duplicate = true;
            out.push(found);
            continue;
        }
        seen_tables.insert(key, t.name.as_str());
        let report = &mut found.before;
        let tname = t.name.clone();
        // The database has the table under this very name (not only one SQLite would match).
        let in_database = existing(&t.name).is_some_and(|e| e.table.name == t.name);
        let known = if t.existing {
            Known::Referenced
        } else {
            Known::database(in_database)
        };
        if check_name(
            d,
            NameKind::Table,
            &t.name,
            known,
            |i| i.table(&tname),
            report,
        ) {
            claim(
                &mut global_names,
                Cow::Borrowed(&t.name),
                &t.name,
                "table",
                report,
            );
            clash_with_implicit(d, &implicit, &t.name, &t.name, "table", report);
        }
        let report = &mut found.after;
        let mut table_names: HashSet<String> = HashSet::new();
        let claim_local = |table_names: &mut HashSet<String>, name: &str, report: &mut Report| {
            if !table_names.insert(name.to_string()) {
                report.push(
                    Issue::error(
                        Code::DuplicateName,
                        format!("the table has two constraints named '{name}'"),
                    )
                    .table(&t.name)
                    .constraint(name)
                    .suggest("give each constraint its own name"),
                );
            }
        };
        for ix in &t.indexes {
            claim(
                &mut global_names,
                Cow::Borrowed(&ix.name),
                &t.name,
                "index",
                report,
            );
            clash_with_implicit(d, &implicit, &ix.name, &t.name, "index", report);
        }
        for u in &t.unique_constraints {
            claim(
                &mut global_names,
                Cow::Borrowed(&u.name),
                &t.name,
                "unique constraint",
                report,
            );
            clash_with_implicit(d, &implicit, &u.name, &t.name, "unique constraint", report);
            claim_local(&mut table_names, &u.name, report);
        }
        for c in &t.check_constraints {
            if global_constraints {
                claim(
                    &mut global_names,
                    Cow::Borrowed(&c.name),
                    &t.name,
                    "check constraint",
                    report,
                );
                // MariaDB: "Duplicate CHECK constraint name" for a CHECK named like a
                // UNIQUE key of its table, the key of a UNIQUE column too.
                clash_with_implicit(d, &implicit, &c.name, &t.name, "check constraint", report);
            }
            claim_local(&mut table_names, &c.name, report);
        }
        if !d.inline_foreign_keys() {
            for fk in &t.foreign_keys {
                let name = fk.name(&t.name);
                if let Some(given) = &fk.name {
                    // A name of the spec's own: the rules every constraint name follows.
                    let tname = t.name.clone();
                    if !check_name(
                        d,
                        NameKind::Constraint,
                        given,
                        Known::New,
                        |i| i.table(&tname).constraint(given),
                        report,
                    ) {
                        continue;
                    }
                } else if name.len() > d.max_identifier_bytes() {
                    report.push(
                        Issue::error(
                            Code::IdentifierTooLong,
                            format!("the generated foreign-key name '{name}' is {} bytes; {}", name.len(), name_bound(d)),
                        )
                        .table(&t.name)
                        .constraint(&name)
                        .suggest("name the foreign key (foreignKeys[].name), or shorten the table or column names (the name made is fk_{table}_{columns})"),
                    );
                }
                // A clash is said in terms of what can be changed: a generated name by naming
                // the foreign key (or renaming what it is made of), a given one by renaming it.
                let what = if fk.name.is_some() {
                    "the foreign-key name"
                } else {
                    "the generated foreign-key name (fk_{table}_{columns})"
                };
                let scope = (!global_constraints).then_some(t.name.as_str());
                if let Some(&(table, columns)) = generated_fks.get(&(scope, name.clone())) {
                    let issue = if fk.name.is_none()
                        && table == t.name
                        && columns == fk.columns.as_slice()
                    {
                        Issue::error(Code::DuplicateName, format!("the table has two foreign keys on ({}), both named '{name}' (fk_{{table}}_{{columns}})", fk.columns.join(", ")))
                            .suggest("keep one foreign key per list of columns, or name them (foreignKeys[].name)")
                    } else {
                        let unique_in = if global_constraints {
                            "MySQL keeps foreign-key names unique across the schema"
                        } else {
                            "a table's constraint names must differ"
                        };
                        Issue::error(Code::DuplicateName, format!("{what} '{name}' of '{}' ({}) is also the name of a foreign key of '{table}' ({}); {unique_in}", t.name, fk.columns.join(", "), columns.join(", ")))
                            .suggest("give one of them another name (foreignKeys[].name)")
                    };
                    report.push(issue.table(&t.name).constraint(&name));
                    continue;
                }
                let taken = if global_constraints {
                    // A table of that name is no clash: a foreign key is not in its namespace.
                    global_names
                        .get(name.as_str())
                        .and_then(|h| h.clash(Holder::Constraint))
                } else {
                    None
                };
                if let Some(owner) =
                    taken.or_else(|| table_names.contains(&name).then_some(t.name.as_str()))
                {
                    report.push(
                        Issue::error(Code::DuplicateName, format!("{what} '{name}' is already the name of an index or constraint of '{owner}'"))
                            .table(&t.name)
                            .constraint(&name)
                            .suggest("rename that index or constraint, or name the foreign key otherwise (foreignKeys[].name)"),
                    );
                    continue;
                }
                generated_fks.insert((scope, name.clone()), (&t.name, &fk.columns));
                if global_constraints {
                    claim(
                        &mut global_names,
                        Cow::Owned(name.clone()),
                        &t.name,
                        "foreign key",
                        report,
                    );
                    // InnoDB names the index it makes for the foreign key after it.
                    clash_with_implicit(d, &implicit, &name, &t.name, "foreign key", report);
                }
                claim_local(&mut table_names, &name, report);
            }
        }
        out.push(found);
    }
    out
}

/// Foreign-key names (given or generated) met so far, keyed by (table, name) where the namespace is the table's and
/// by (None, name) where it is the schema's, with the table and columns of the key.
type GeneratedForeignKeyNames<'a> = HashMap<(Option<&'a str>, String), (&'a str, &'a [String])>;

/// Names the database gives objects of its own accord, keyed by (table, name) where the
/// namespace is the table's and by (None, name) where it is the schema's: PostgreSQL's indexes
/// for the primary key (`{table}_pkey`) and UNIQUE columns (`{table}_{column}_key`) and its
/// SERIAL sequences (`{table}_{column}_seq`), which share one namespace with tables and indexes;
/// MySQL's key for a UNIQUE column, named after the column.
type ImplicitNames<'a> = HashMap<(Option<&'a str>, Cow<'a, str>), Implicit<'a>>;

/// What owns an implicit name (its description is only written when a spec name clashes).
#[derive(Clone, Copy)]
enum Implicit<'a> {
    /// PostgreSQL's index of a table's primary key.
    PrimaryKeyIndex(&'a str),
    /// PostgreSQL's index of a UNIQUE column (table, column).
    UniqueIndex(&'a str, &'a str),
    /// PostgreSQL's sequence of a SERIAL column (table, column).
    Sequence(&'a str, &'a str),
    /// MySQL's key of a UNIQUE column (table, column).
    UniqueKey(&'a str, &'a str),
    /// MariaDB's `CHECK (json_valid(…))` of a JSON column, named after the column (table,
    /// column): only a CHECK's name clashes with it.
    JsonCheck(&'a str, &'a str),
}

impl std::fmt::Display for Implicit<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Implicit::PrimaryKeyIndex(t) => write!(f, "the index of the primary key of '{t}'"),
            Implicit::UniqueIndex(t, c) => write!(f, "the index of the UNIQUE column {t}.{c}"),
            Implicit::Sequence(t, c) => write!(f, "the sequence of the SERIAL column {t}.{c}"),
            Implicit::UniqueKey(t, c) => write!(f, "the key of the UNIQUE column {t}.{c}"),
            Implicit::JsonCheck(t, c) => {
                write!(
                    f,
                    "the CHECK (json_valid(…)) of the JSON column {t}.{c} (MariaDB's)"
                )
            }
        }
    }
}

/// Names claimed in the schema's namespace: each name and who holds it.
type GlobalNames<'a> = HashMap<Cow<'a, str>, Holders<'a>>;

/// Who holds a name of the schema's namespace.
#[derive(Clone, Copy, Default)]
struct Holders<'a> {
    /// The table of that name.
    table: Option<&'a str>,
    /// The first index or constraint of that name: the table it belongs to, and whether it is
    /// in the tables' namespace too ([`Holder::Index`]).
    object: Option<(&'a str, bool)>,
}

/// What claims a name, which decides what it clashes with. PostgreSQL keeps indexes (and so
/// unique constraints and primary keys, which make one) in the namespace of tables, as SQLite
/// keeps indexes; CHECK and FOREIGN KEY constraint names are not in it on any database, so a
/// CHECK or foreign key may share a table's name (they are claimed only on MySQL, which keeps
/// their names unique across the schema).
#[derive(Clone, Copy, PartialEq)]
enum Holder {
    Table,
    Index,
    Constraint,
}

impl Holder {
    /// The kind of what a [`claim`] names (`"table"`, `"index"`, `"check constraint"`, …).
    fn of(what: &str) -> Holder {
        match what {
            "table" => Holder::Table,
            "index" | "unique constraint" => Holder::Index,
            _ => Holder::Constraint,
        }
    }
}

impl<'a> Holders<'a> {
    /// The table that already holds the name against a claim by `kind`, if any.
    fn clash(&self, kind: Holder) -> Option<&'a str> {
        let object = self.object.map(|(owner, _)| owner);
        match kind {
            Holder::Table => self.table.or(self
                .object
                .filter(|&(_, indexed)| indexed)
                .map(|(owner, _)| owner)),
            Holder::Index => self.table.or(object),
            Holder::Constraint => object,
        }
    }
}

fn implicit_names<'a>(d: &dyn Dialect, tables: &'a [Table]) -> ImplicitNames<'a> {
    // Most tables have one or two (a primary key index, a sequence).
    let mut out = ImplicitNames::with_capacity(tables.len() * 2);
    for t in tables {
        let single_pk = |c: &Column| t.primary_key.len() == 1 && t.primary_key[0] == c.name;
        match d.database_type() {
            DatabaseType::Postgresql => {
                // A name another implicit one already has makes PostgreSQL's
                // `ChooseRelationName` add a number to the label (`t1_x_y_key1` for the second
                // of `t1.x_y` and `t1_x.y`), shortened again: that name is taken too, and an
                // index of the spec named so would be skipped by its `IF NOT EXISTS`.
                let mut add = |column: Option<&str>, label: &str, what: Implicit<'a>| {
                    let mut name = postgres_object_name(&t.name, column, label);
                    let mut pass = 0;
                    while out.contains_key(&(None, Cow::Borrowed(name.as_str()))) {
                        pass += 1;
                        name = postgres_object_name(&t.name, column, &format!("{label}{pass}"));
                    }
                    out.insert((None, Cow::Owned(name)), what);
                };
                if !t.primary_key.is_empty() {
                    add(None, "pkey", Implicit::PrimaryKeyIndex(&t.name));
                }
                for c in &t.columns {
                    if c.unique && !single_pk(c) {
                        add(
                            Some(&c.name),
                            "key",
                            Implicit::UniqueIndex(&t.name, &c.name),
                        );
                    }
                    if c.auto_increment {
                        add(Some(&c.name), "seq", Implicit::Sequence(&t.name, &c.name));
                    }
                }
            }
            DatabaseType::Mysql => {
                for c in &t.columns {
                    let what = if c.unique && !single_pk(c) {
                        Implicit::UniqueKey(&t.name, &c.name)
                    } else if c.ty.is_json() {
                        Implicit::JsonCheck(&t.name, &c.name)
                    } else {
                        continue;
                    };
                    out.insert(
                        (Some(t.name.as_str()), Cow::Borrowed(c.name.as_str())),
                        what,
                    );
                }
            }
            DatabaseType::Sqlite => {}
        }
    }
    out
}

/// `DUPLICATE_NAME` when a name of the spec is one the database gives an object of its own: on
/// PostgreSQL the spec's `CREATE … IF NOT EXISTS` of a table or index would be skipped without
/// an error (it is silently missing), and a constraint's makes its CREATE TABLE fail; MySQL
/// refuses the index.
fn clash_with_implicit(
    d: &dyn Dialect,
    implicit: &ImplicitNames,
    name: &str,
    table: &str,
    what: &str,
    report: &mut Report,
) {
    // A table's name is not in the namespace of its own keys (MySQL takes a table `email` with
    // a UNIQUE column `email`), only in the schema's.
    let owner = implicit
        .get(&(None, Cow::Borrowed(name)))
        .or_else(|| {
            (what != "table")
                .then(|| implicit.get(&(Some(table), Cow::Borrowed(name))))
                .flatten()
        })
        .filter(|owner| !matches!(owner, Implicit::JsonCheck(..)) || what == "check constraint");
    if let Some(owner) = owner {
        let postgres = d.database_type() == DatabaseType::Postgresql;
        let consequence = if postgres && matches!(what, "table" | "index") {
            "PostgreSQL would skip the spec's CREATE … IF NOT EXISTS without an error, leaving it out"
        } else if postgres {
            // A constraint is written in its table's CREATE TABLE, which then fails.
            "PostgreSQL would refuse the CREATE TABLE (relation or constraint already exists)"
        } else if what == "check constraint" {
            "MariaDB would refuse it as a duplicate CHECK constraint name"
        } else if what == "foreign key" {
            "MySQL would refuse the index it makes for the foreign key as a duplicate key name"
        } else {
            "MySQL would refuse it as a duplicate key name"
        };
        report.push(
            Issue::error(
                Code::DuplicateName,
                format!(
                    "the {what} name '{name}' is the name {} gives {owner}; {consequence}",
                    d.database_type().as_str()
                ),
            )
            .table(table)
            .constraint(name)
            .suggest(match what {
                "table" => "rename the table (or the column whose object has the name)",
                "index" => "choose another name, for example idx_{table}_{columns}",
                "check constraint" => {
                    "choose another name, for example chk_{table}_{what it checks}"
                }
                "foreign key" => "choose another name, for example fk_{table}_{columns}",
                _ => {
                    "choose another name, for example uq_{table}_{columns} for a unique constraint"
                }
            }),
        );
    }
}

/// Records a name in a namespace shared by the whole schema; a second use that clashes with the
/// first ([`Holders::clash`]) is `DUPLICATE_NAME`.
fn claim<'a>(
    names: &mut GlobalNames<'a>,
    name: Cow<'a, str>,
    table: &'a str,
    what: &str,
    report: &mut Report,
) {
    let kind = Holder::of(what);
    if let Some(owner) = names.get(&name).and_then(|h| h.clash(kind)) {
        report.push(
            Issue::error(Code::DuplicateName, format!("the {what} name '{name}' is already used (by '{owner}'); names of indexes and constraints are unique across the schema, as PostgreSQL and SQLite need them, so that one spec works on every database"))
                .table(table)
                .constraint(&name)
                .suggest("prefix index and constraint names with their table, for example idx_{table}_{column}"),
        );
    } else {
        let holders = names.entry(name).or_default();
        match kind {
            Holder::Table => holders.table = Some(table),
            _ => holders.object = Some((table, kind == Holder::Index)),
        }
    }
}

/// Each table's own checks, one pair of reports per table in table order: [`validate_table`]'s
/// and the dialect's (`Dialect::validate_table`). On two threads for specs of 64 tables or more:
/// the tables are independent, and the caller files the reports where one thread would have
/// made them, so the result is the same.
fn table_reports(
    tables: &[Table],
    d: &dyn Dialect,
    look: &Lookups<'_, '_>,
    engine_checks: bool,
) -> Vec<(Report, Report)> {
    // The engine probe stays on one thread.
    let min = if engine_checks {
        usize::MAX
    } else {
        PARALLEL_TABLES
    };
    crate::parallel::map_in_order(tables, min, |t| {
        let mut own = Report::default();
        let check_columns = validate_table(t, d, look, engine_checks, &mut own);
        let mut dialect_own = Report::default();
        d.validate_table(t, &check_columns, &mut dialect_own);
        (own, dialect_own)
    })
}

/// A string a CHECK allows a text column that is longer than the column holds can never be
/// stored as written on PostgreSQL or MySQL (the length refuses it, or cuts spaces beyond it,
/// before the CHECK is asked): a
/// `LOSSY_TYPE_MAPPING` warning, and the generated types leave it out of the column's union.
fn check_strings_fit(
    t: &Table,
    c: &Column,
    d: &dyn Dialect,
    choices: &[crate::check_choices::Choices],
    report: &mut Report,
) {
    if !matches!(
        c.ty,
        ColumnType::Text | ColumnType::Varchar | ColumnType::Char
    ) {
        return;
    }
    let Some(strings) = crate::check_choices::for_column(choices, &c.name) else {
        return;
    };
    let max = d.max_text_chars(c, t.is_key_column(&c.name));
    let too_long: Vec<&String> = strings
        .iter()
        .filter(|s| !crate::check_choices::fits(s, max))
        .collect();
    let Some(max) = max.filter(|_| !too_long.is_empty()) else {
        return;
    };
    let listed: Vec<String> = too_long
        .iter()
        .take(5)
        .map(|s| format!("'{}'", crate::report::clip(s)))
        .collect();
    let longest = too_long
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or_default();
    let none_fits = too_long.len() == strings.len();
    let message = format!(
        "the CHECK allows {} {}, longer than {} ({max} characters): the database cannot store {} as written, so the generated types leave {} out{}",
        if too_long.len() == 1 { "the string" } else { "the strings" },
        listed.join(", "),
        d.column_type(c, t.is_key_column(&c.name)),
        if too_long.len() == 1 { "that value" } else { "those values" },
        if too_long.len() == 1 { "it" } else { "them" },
        if none_fits {
            " (no string the CHECK allows fits: the column's type is never)"
        } else {
            ""
        },
    );
    report.push(
        Issue::warning(Code::LossyTypeMapping, message)
            .table(&t.name)
            .column(&c.name)
            .suggest(if c.ty == ColumnType::Text {
                format!("declare the column VARCHAR with a length of at least {longest}, or shorten the CHECK's strings")
            } else {
                format!("give the column a length of at least {longest}, or shorten the CHECK's strings")
            }),
    );
}

/// The table's own checks; returns the columns each of its CHECKs refers to
/// (`dialect::check_columns`), found on the way, for the dialect's checks.
fn validate_table(
    t: &Table,
    d: &dyn Dialect,
    look: &Lookups<'_, '_>,
    engine_checks: bool,
    report: &mut Report,
) -> Vec<Option<Vec<String>>> {
    let existing = look.existing;
    let at = |i: Issue| i.table(&t.name);
    if t.description
        .as_ref()
        .is_some_and(|s| s.len() > limits::MAX_TEXT_BYTES)
    {
        report.push(at(Issue::error(
            Code::LimitExceeded,
            format!(
                "the description is longer than {} bytes",
                limits::MAX_TEXT_BYTES
            ),
        )));
    }
    // What the database already has of this table: a name of it that the spec cannot create
    // gets the suggestion to leave the table out, not to rename it (`already_in_database`).
    let in_database = existing(&t.name);
    let column_in_database =
        |name: &str| in_database.is_some_and(|e| e.table.columns.iter().any(|c| c.name == name));
    let constraint_in_database = |name: &str| {
        in_database.is_some_and(|e| {
            e.indexes.iter().any(|i| i.index.name == name)
                || e.table.unique_constraints.iter().any(|u| u.name == name)
                || e.table.check_constraints.iter().any(|c| c.name == name)
        })
    };
    // A table marked existing takes any name the database can hold (`Known::Referenced`).
    let known = |in_database: bool| {
        if t.existing {
            Known::Referenced
        } else {
            Known::database(in_database)
        }
    };
    let mut columns: HashSet<&str> = HashSet::with_capacity(t.columns.len());
    // The strings the table's CHECKs restrict columns to: a string default must be one of them,
    // unless the table is in the database with a COLLATE clause (`COLLATE NOCASE` takes
    // 'Active' for 'active'), whose comparison is not known here.
    let collated = in_database.is_some_and(|e| e.has_collate());
    let check_strings = if collated {
        Vec::new()
    } else {
        crate::check_choices::of_checks(d.parser(), &t.check_constraints)
    };
    for c in &t.columns {
        let col = |i: Issue| i.table(&t.name).column(&c.name);
        if !columns.insert(c.name.as_str()) {
            report.push(col(Issue::error(
                Code::DuplicateColumn,
                format!(
                    "the column '{}' appears more than once",
                    crate::report::clip(&c.name)
                ),
            )
            .suggest("remove or rename one of them")));
            continue;
        }
        check_name(
            d,
            NameKind::Column,
            &c.name,
            known(column_in_database(&c.name)),
            col,
            report,
        );
        check_type_parameters(c, report, &col);
        if c.description
            .as_ref()
            .is_some_and(|s| s.len() > limits::MAX_TEXT_BYTES)
        {
            report.push(col(Issue::error(
                Code::LimitExceeded,
                format!(
                    "the description is longer than {} bytes",
                    limits::MAX_TEXT_BYTES
                ),
            )));
        }
        check_auto_increment(t, c, d, report);
        if !check_column_default(t, c, d, engine_checks, collated, &check_strings, report) {
            warn_column_default(t, c, d, report);
        }
        check_strings_fit(t, c, d, &check_strings, report);
    }

    if t.primary_key.is_empty() {
        // A table the database already has without a primary key (Chrome's
        // keyword_search_terms, Android's android_metadata, Anki's graves): a pulled spec lists
        // it as it is, and giving it one would rebuild it with a key its rows may not fit.
        let suggestion = if in_database.is_some_and(|e| e.table.primary_key.is_empty()) {
            "the database already has this table without a primary key: leave it out of the spec (tables the spec does not list are never touched, and their rows stay as they are), or name the column(s) whose values are unique in primaryKey, which rebuilds the table with that key".to_string()
        } else {
            match t.columns.iter().find(|c| c.name == "id") {
                Some(_) => "add \"primaryKey\": [\"id\"] to the table, or make 'id' an INTEGER column with \"autoIncrement\": true".to_string(),
                None => match key_candidate(t) {
                    // A column of the table, not a placeholder: pasted as written, a name it
                    // does not have was UNKNOWN_COLUMN next (a user trial's LLM loop).
                    Some(c) => format!(
                        "add \"primaryKey\": [{}] to the table if its values are unique{}, or name the column(s) whose values are, or add an id column with \"autoIncrement\": true",
                        serde_json::Value::String(c.name.clone()),
                        if c.nullable { " (and set \"nullable\": false on it)" } else { "" }
                    ),
                    None => "add \"primaryKey\" to the table, naming its key column(s), or an id column with \"autoIncrement\": true".to_string(),
                },
            }
        };
        report.push(at(Issue::error(
            Code::MissingPrimaryKey,
            format!("the table '{}' has no primary key", t.name),
        )
        .suggest(suggestion)));
    }
    let mut pk_seen = HashSet::with_capacity(t.primary_key.len());
    for k in &t.primary_key {
        match t.column(k) {
            // The key the database has, which an omitted primaryKey keeps, over a column the
            // spec leaves out: "names the column 'id', which the table does not have" was wrong
            // (the table has it), and listing only the other columns did not say what to do.
            None => match in_database
                .filter(|e| e.table.primary_key == t.primary_key)
                .and_then(|e| crate::pull::column_as_spec(e, k))
            {
                Some(column) => report.push(at(Issue::error(
                    Code::UnknownColumn,
                    format!(
                        "the table '{}' keeps the database's primary key ({}), but the spec does not list its column '{k}': the migration and the types follow the spec's columns",
                        t.name,
                        t.primary_key.join(", ")
                    ),
                )
                .column(k)
                .suggest(format!(
                    "add the column as the database has it: {column} (specFromDatabase gives the whole table), or name another key in primaryKey"
                )))),
                None => report.push(unknown(t, k, "the primary key")),
            },
            Some(c) if c.nullable => report.push(at(Issue::error(
                Code::NullablePrimaryKey,
                format!("the primary-key column '{k}' is nullable"),
            )
            .column(k)
            .suggest("set nullable: false on primary-key columns"))),
            _ => {}
        }
        if !pk_seen.insert(k) {
            report.push(at(Issue::error(
                Code::InvalidSpec,
                format!("the primary key lists '{k}' twice"),
            )
            .column(k)
            .suggest("list each column once")));
        }
    }

    for u in &t.unique_constraints {
        let un = u.name.clone();
        check_name(
            d,
            NameKind::Constraint,
            &u.name,
            known(constraint_in_database(&u.name)),
            |i| i.table(&t.name).constraint(&un),
            report,
        );
        check_columns(t, &u.columns, &u.name, "the unique constraint", report);
    }
    let mut check_uses = Vec::with_capacity(t.check_constraints.len());
    for c in &t.check_constraints {
        let cn = c.name.clone();
        check_name(
            d,
            NameKind::Constraint,
            &c.name,
            known(constraint_in_database(&c.name)),
            |i| i.table(&t.name).constraint(&cn),
            report,
        );
        check_uses.push(check_expression_columns(
            t,
            d,
            ExprPlace::Check,
            &c.expression,
            &c.name,
            engine_checks,
            report,
        ));
    }
    warn_redundant_indexes(t, report);
    for ix in &t.indexes {
        let ixn = ix.name.clone();
        check_name(
            d,
            NameKind::Constraint,
            &ix.name,
            known(constraint_in_database(&ix.name)),
            |i| i.table(&t.name).constraint(&ixn),
            report,
        );
        check_columns(t, &ix.columns, &ix.name, "the index", report);
        if let Some(p) = &ix.predicate {
            check_expression_columns(
                t,
                d,
                ExprPlace::IndexPredicate,
                p,
                &ix.name,
                engine_checks,
                report,
            );
        }
    }
    for fk in &t.foreign_keys {
        check_foreign_key(t, fk, d, look, report);
    }
    check_key_column_counts(t, d, report);
    check_uses
}

/// `INVALID_AUTO_INCREMENT` for each problem of an `autoIncrement` column `c` of `t`, all at
/// once: a type that is not an integer, nullable, a default, another numbered key, a key of
/// several columns or of another column, a column of a foreign key. Nothing for a column
/// without `autoIncrement`.
fn check_auto_increment(t: &Table, c: &Column, d: &dyn Dialect, report: &mut Report) {
    if !c.auto_increment {
        return;
    }
    let col = |i: Issue| i.table(&t.name).column(&c.name);
    // Every problem at once, each with what fixes it (a user trial fixed one per round).
    let mut problems: Vec<(String, String)> = Vec::new();
    if !c.ty.is_integer() {
        let parameters = if c.length.is_some() || c.precision.is_some() || c.scale.is_some() {
            " without its length, precision and scale"
        } else {
            ""
        };
        problems.push((
                format!("autoIncrement needs an integer type, not {}", c.ty.as_str()),
                format!("make it \"type\": \"INTEGER\" (or \"BIGINT\"){parameters}, or remove autoIncrement"),
            ));
    }
    // A nullable key column is NULLABLE_PRIMARY_KEY already.
    if c.nullable && !t.primary_key.contains(&c.name) {
        problems.push((
            "an autoIncrement column cannot be nullable".to_string(),
            "set \"nullable\": false".into(),
        ));
    }
    if c.default.is_some() {
        problems.push((
            "an autoIncrement column cannot have a default".to_string(),
            "remove its default: the database gives each new row its number".into(),
        ));
    }
    // The key is an autoIncrement column of its own: this one is the extra one (a
    // review: "make it the primary key" beside "only one" sent the user in a circle).
    let numbered_key = match &t.primary_key[..] {
        [k] if *k != c.name => t.column(k).is_some_and(|k| k.auto_increment),
        _ => false,
    };
    if numbered_key {
        problems.push((
            format!(
                "a table can have only one autoIncrement column, and its primary key '{}' is one",
                t.primary_key[0]
            ),
            format!("remove autoIncrement from '{}'", c.name),
        ));
    } else if t.primary_key.len() > 1 && t.primary_key.contains(&c.name) {
        // PostgreSQL and MySQL could number one column of a composite key; SQLite
        // numbers only a one-column INTEGER PRIMARY KEY.
        let why = if d.database_type() == DatabaseType::Sqlite {
            "SQLite numbers only a key of one INTEGER column"
        } else {
            "this generator numbers only a key of one column"
        };
        let others = (t.primary_key.iter())
            .map(|k| format!("\"{k}\""))
            .collect::<Vec<_>>()
            .join(", ");
        problems.push((
                "an autoIncrement column must be the whole primary key".to_string(),
                format!("{why}: make the table's \"primaryKey\": [\"{}\"] (a foreign key that references [{others}] then needs a unique constraint over them), or remove autoIncrement and give the values", c.name),
            ));
    } else if t.primary_key.len() != 1 || t.primary_key[0] != c.name {
        problems.push((
            "an autoIncrement column must be the whole primary key".to_string(),
            format!(
                "make the table's \"primaryKey\": [\"{}\"], or remove autoIncrement",
                c.name
            ),
        ));
    }
    // A key that takes its values from a parent (`user_id INTEGER PRIMARY KEY
    // REFERENCES users`): numbered by the table itself, it names some other row.
    if let Some(fk) = t.foreign_key_of(&c.name) {
        problems.push((
                format!(
                    "'{}' is autoIncrement and a column of a foreign key to '{}', whose rows give it its values: numbered by this table, a row would name some other row of '{}'",
                    c.name, fk.referenced_table, fk.referenced_table
                ),
                "remove autoIncrement from it: it stays the primary key, and the insert type asks for its value".into(),
            ));
    }
    for (p, suggestion) in problems {
        report.push(col(
            Issue::error(Code::InvalidAutoIncrement, p).suggest(suggestion)
        ));
    }
}

/// `INVALID_DEFAULT` when the default of `c` is one `d` refuses or one its CHECKs refuse
/// (`crate::defaults::check_default`, `crate::defaults::default_passes_checks`, against the
/// strings `check_strings` the table's CHECKs allow; `collated`: the table is in the database
/// with a COLLATE clause). Returns whether it pushed that error.
fn check_column_default(
    t: &Table,
    c: &Column,
    d: &dyn Dialect,
    engine_checks: bool,
    collated: bool,
    check_strings: &[crate::check_choices::Choices],
    report: &mut Report,
) -> bool {
    let col = |i: Issue| i.table(&t.name).column(&c.name);
    let rendered = crate::defaults::as_rendered(c, d);
    if let Err((message, suggestion)) = crate::defaults::check_default(&rendered, d, engine_checks)
        .and_then(|()| crate::defaults::default_passes_checks(c, d, (t, collated), check_strings))
    {
        report.push(col(
            Issue::error(Code::InvalidDefault, message).suggest(suggestion)
        ));
        return true;
    }
    false
}

/// The warnings about the default of `c` (checked first by `check_column_default`, which found
/// no error): `INVALID_DEFAULT` for a string default that is one call of a function the
/// database has (`crate::defaults::string_default_as_call`), else, for an expression default,
/// `UNKNOWN_FUNCTION` and `UNKNOWN_COLLATION` for what it names that the database may lack.
fn warn_column_default(t: &Table, c: &Column, d: &dyn Dialect, report: &mut Report) {
    let col = |i: Issue| i.table(&t.name).column(&c.name);
    if let Some((message, suggestion)) = crate::defaults::string_default_as_call(c, d) {
        report.push(col(
            Issue::warning(Code::InvalidDefault, message).suggest(suggestion)
        ));
    } else if let Some(DefaultValue::Expression(e)) = &c.default {
        if let Ok(references) = crate::expr::check_expression_references(d.parser(), e) {
            warn_unknown_functions(
                d,
                &references,
                ExprPlace::Default,
                "the default expression",
                report,
                &col,
            );
            warn_unknown_collations(d, &references, "the default expression", report, &col);
        }
    }
}

/// `REDUNDANT_INDEX` for each plain b-tree index of `t` whose columns a key, a UNIQUE column, a
/// unique constraint or an earlier index already covers (unique ones count first, so that of a
/// unique and a plain index on the same columns the plain one is the redundant one).
fn warn_redundant_indexes(t: &Table, report: &mut Report) {
    let at = |i: Issue| i.table(&t.name);
    // The columns each key or plain b-tree index covers, and what covers them first: unique
    // ones before plain ones, so that of a unique and a plain index on the same columns the
    // plain one is the redundant one, whatever their order in the spec.
    let mut index_keys: HashMap<&[String], (&str, Option<&str>)> =
        HashMap::with_capacity(1 + t.indexes.len() + t.unique_constraints.len());
    if !t.primary_key.is_empty() {
        index_keys.insert(&t.primary_key, ("the primary key", None));
    }
    for c in t.columns.iter().filter(|c| c.unique) {
        index_keys
            .entry(std::slice::from_ref(&c.name))
            .or_insert(("the UNIQUE column", Some(&c.name)));
    }
    for u in &t.unique_constraints {
        index_keys
            .entry(&u.columns)
            .or_insert(("the unique constraint", Some(&u.name)));
    }
    let plain_btree =
        |ix: &&Index| ix.predicate.is_none() && matches!(ix.method, None | Some(IndexType::Btree));
    let unique_first = t
        .indexes
        .iter()
        .filter(plain_btree)
        .filter(|ix| ix.unique)
        .chain(t.indexes.iter().filter(plain_btree).filter(|ix| !ix.unique));
    for ix in unique_first {
        let kind = if ix.unique {
            "the unique index"
        } else {
            "the index"
        };
        match index_keys.get(ix.columns.as_slice()) {
            Some(&(other, other_name)) => {
                let other = match other_name {
                    Some(n) => format!("{other} '{n}'"),
                    None => other.to_string(),
                };
                let does = if ix.unique {
                    "already keeps them unique and indexes them"
                } else {
                    "already indexes them"
                };
                report.push(
                    at(Issue::warning(
                        Code::RedundantIndex,
                        format!("{kind} '{}' covers the same columns as {other}, which {does}", ix.name),
                    ))
                    .constraint(&ix.name)
                    .suggest(format!("drop the index '{}' ({other} stays), unless you need it for a different purpose", ix.name)),
                );
            }
            None => {
                index_keys.insert(&ix.columns, (kind, Some(&ix.name)));
            }
        }
    }
}

/// `UNSUPPORTED_FEATURE` for the primary key, each unique constraint and each index of `t`
/// over more columns than a key of `d` holds ([`Dialect::max_key_columns`]).
fn check_key_column_counts(t: &Table, d: &dyn Dialect, report: &mut Report) {
    let at = |i: Issue| i.table(&t.name);
    if let Some(most) = d.max_key_columns() {
        let keys = std::iter::once((t.primary_key.as_slice(), "the primary key", None))
            .chain(
                t.unique_constraints
                    .iter()
                    .map(|u| (u.columns.as_slice(), "the unique constraint", Some(&u.name))),
            )
            .chain(
                t.indexes
                    .iter()
                    .map(|i| (i.columns.as_slice(), "the index", Some(&i.name))),
            );
        for (columns, what, name) in keys.filter(|(c, ..)| c.len() > most) {
            let mut issue = at(Issue::error(
                Code::UnsupportedFeature,
                format!(
                    "{what} has {} columns; {} keys hold at most {most}",
                    columns.len(),
                    d.database_type().as_str()
                ),
            ))
            .suggest("key fewer columns");
            if let Some(n) = name {
                issue = issue.constraint(n);
            }
            report.push(issue);
        }
    }
}

fn unknown(t: &Table, column: &str, what: &str) -> Issue {
    // `lower(email)`, `email DESC`: an expression or a sort order, which the spec's key and
    // index columns cannot say (a user trial was told the table has no column 'lower(email)').
    let words: Vec<&str> = column.split_whitespace().collect();
    let ordered = matches!(words.as_slice(), [c, order] if t.column(c).is_some()
        && (order.eq_ignore_ascii_case("DESC") || order.eq_ignore_ascii_case("ASC")));
    if column.contains('(') || ordered {
        return Issue::error(
            Code::UnknownColumn,
            format!(
                "{what} lists '{}', which is not a column name: the spec's key and index columns are column names, without expressions or sort orders (DESC)",
                crate::report::clip(column)
            ),
        )
        .table(&t.name)
        .column(column)
        .suggest(if ordered {
            format!("list the column alone, '{}' (an index is read in either direction)", words[0])
        } else {
            "list columns only; for a case-insensitive unique value, store it lowercased and add a CHECK (email = lower(email)); on MySQL, whose default collations ignore case, a UNIQUE on the column already is one, and that CHECK would enforce nothing".to_string()
        });
    }
    Issue::error(
        Code::UnknownColumn,
        format!(
            "{what} names the column '{}', which the table '{}' does not have",
            crate::report::clip(column),
            t.name
        ),
    )
    .table(&t.name)
    .column(column)
    .suggest({
        let names = t.columns.iter().map(|c| c.name.as_str()).take(30);
        let names = names.collect::<Vec<_>>().join(", ");
        // What names a column the spec dropped goes with it (a user trial's CHECK over a
        // dropped column was told only the table's other columns).
        if what == "the primary key" {
            format!("use one of: {names}")
        } else {
            format!("use one of: {names}; or, if the column is gone, remove {what}")
        }
    })
}

fn check_columns(t: &Table, columns: &[String], name: &str, what: &str, report: &mut Report) {
    let mut seen = HashSet::with_capacity(columns.len());
    for c in columns {
        if t.column(c).is_none() {
            report.push(unknown(t, c, &format!("{what} '{name}'")).constraint(name));
        } else if !seen.insert(c) {
            report.push(
                Issue::error(
                    Code::InvalidSpec,
                    format!("{what} '{name}' lists '{c}' twice"),
                )
                .table(&t.name)
                .constraint(name)
                .suggest("list each column once"),
            );
        }
    }
}

/// Checks a user's expression (a CHECK or a partial index's WHERE, named `name`) and the columns
/// it refers to; returns those columns (as `expr::check_expression` gives them), `None` when it
/// does not parse.
fn check_expression_columns(
    t: &Table,
    d: &dyn Dialect,
    place: ExprPlace,
    expression: &str,
    name: &str,
    engine_checks: bool,
    report: &mut Report,
) -> Option<Vec<String>> {
    let what = match place {
        ExprPlace::Check => "CHECK",
        ExprPlace::IndexPredicate => "partial-index WHERE",
        ExprPlace::Default => "default",
    };
    // MySQL refuses a function whose result changes between calls in a CHECK (MySQL 8.0's
    // error 3814, MariaDB 10.11's 1901, when the table is created), PostgreSQL in a partial
    // index's WHERE (IMMUTABLE functions only); SQLite, in a CHECK, its date and time functions
    // reading the clock (`date('now')`), when a row is written (see `expr::sqlite_clock_call`),
    // and in a partial index's WHERE those and its non-deterministic functions (CURRENT_DATE,
    // random(), when the index is created: see `expr::sqlite_refused_in_index`).
    // PostgreSQL takes `now()` in a CHECK, and reads it as each row is written.
    use crate::expr::Changing;
    let refuse = match (d.database_type(), place) {
        (DatabaseType::Mysql | DatabaseType::Sqlite, ExprPlace::Check) => Changing::InCheck,
        (DatabaseType::Postgresql | DatabaseType::Sqlite, ExprPlace::IndexPredicate) => {
            Changing::InIndex
        }
        _ => Changing::Taken,
    };
    let column = |name: &str| t.column(name).map(|c| c.ty);
    match crate::expr::check_condition(d.parser(), expression, refuse, &column) {
        Err(e) => {
            report.push(
                Issue::error(
                    Code::InvalidCheckExpression,
                    format!("the {what} expression of '{name}' is refused: {}", e.0),
                )
                .table(&t.name)
                .constraint(name)
                .suggest(e.rewrite().unwrap_or_else(|| {
                    "write one boolean SQL expression over the table's columns, such as \"age >= 0\""
                        .into()
                })),
            );
            None
        }
        Ok(references) => {
            warn_unknown_functions(
                d,
                &references,
                place,
                &format!("the {what} expression of '{name}'"),
                report,
                &|i| i.table(&t.name).constraint(name),
            );
            warn_unknown_collations(
                d,
                &references,
                &format!("the {what} expression of '{name}'"),
                report,
                &|i| i.table(&t.name).constraint(name),
            );
            if d.database_type() == DatabaseType::Mysql && place == ExprPlace::Check {
                warn_collation_no_op(t, d, expression, name, &column, report);
            }
            let idents = references.idents;
            let mut all_known = true;
            // A name the expression reads twice (`due_at IS NULL OR due_at >= created_at`) is
            // said once (a user trial got two identical errors).
            let mut said: Vec<&str> = Vec::new();
            for ident in &idents {
                if said.contains(&ident.as_str()) {
                    continue;
                }
                said.push(ident);
                // MySQL's user and system variables: no column, and no CHECK may read them.
                if ident.starts_with('@') {
                    all_known = false;
                    report.push(
                        Issue::error(
                            Code::InvalidCheckExpression,
                            format!("the {what} expression of '{name}' is refused: it reads the variable {ident}, and the database refuses variables there (their value is the session's, not the row's)"),
                        )
                        .table(&t.name)
                        .constraint(name)
                        .suggest("write the value itself, or compare a column"),
                    );
                    continue;
                }
                // Lower case but for a name PostgreSQL keeps the case of ("Status").
                if t.column(ident).is_none() {
                    all_known = false;
                    let mut issue = unknown(t, ident, &format!("the {what} expression '{name}'"))
                        .constraint(name);
                    let lower = ident.to_ascii_lowercase();
                    if lower != *ident && t.column(&lower).is_some() {
                        issue.message.push_str(&format!(
                            " (PostgreSQL keeps the case of a name in double quotes: \"{ident}\" is not the column {lower}, and it refuses the migration with column \"{ident}\" does not exist)"
                        ));
                        issue = issue.suggest(format!("write {lower} or \"{lower}\""));
                    }
                    report.push(issue);
                }
            }
            let columns: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
            let refused = if all_known && engine_checks {
                d.engine_check(place, expression, &columns).err()
            } else {
                None
            };
            if let Some(m) = refused {
                report.push(
                    Issue::error(
                        Code::InvalidCheckExpression,
                        format!(
                            "the {what} expression of '{name}' is refused by {}: {m}",
                            d.database_type().as_str()
                        ),
                    )
                    .table(&t.name)
                    .constraint(name)
                    .suggest("write it in this database's SQL (operators and functions differ between databases)"),
                );
            }
            Some(idents)
        }
    }
}

/// A `LOSSY_TYPE_MAPPING` warning for a MySQL CHECK that the default collations make test
/// nothing, or less than it says (`sku = upper(sku)`, `sku = trim(sku)`: see
/// [`crate::mysql_collation_checks`]).
fn warn_collation_no_op(
    t: &Table,
    d: &dyn Dialect,
    expression: &str,
    name: &str,
    column: &crate::condition::ColumnTypes,
    report: &mut Report,
) {
    // Only a CHECK that calls a case or trim function can be one: the others are not parsed
    // again (a second parse of every MySQL CHECK was 2.4% of the instructions of a 1,000-table
    // MySQL generation: callgrind, bench/instructions.sh).
    let lower = expression.to_ascii_lowercase();
    if !["upper", "lower", "ucase", "lcase", "trim"]
        .iter()
        .any(|f| lower.contains(f))
    {
        return;
    }
    // The parse drops MySQL's prefix BINARY (`BINARY sku = upper(sku)`, which compares bytes
    // and enforces the case: quick_tokens::mysql_operators_for_parse), so any BINARY word
    // leaves the CHECK unsaid.
    let binary = crate::quick_tokens::tokenize(d.parser(), expression).map_or(true, |tokens| {
        tokens.iter().any(|t| {
            matches!(&t.token, sqlparser::tokenizer::Token::Word(w)
                if w.quote_style.is_none() && w.value.eq_ignore_ascii_case("binary"))
        })
    });
    let Some(e) = crate::check_choices::parse(d.parser(), expression).filter(|_| !binary) else {
        return;
    };
    if let Some((message, suggestion)) = crate::mysql_collation_checks::collation_no_op(&e, column)
    {
        report.push(
            Issue::warning(
                Code::LossyTypeMapping,
                format!(
                    "the CHECK '{name}' {}",
                    message.trim_start_matches("the CHECK ")
                ),
            )
            .table(&t.name)
            .constraint(name)
            .suggest(suggestion),
        );
    }
}

/// An `UNKNOWN_FUNCTION` warning for each function `references` calls that the database lacks
/// ([`crate::builtin_functions`]): the parse takes any name, and the migration then fails on
/// the server (`function len(text) does not exist`), unless it is the user's own function or an
/// extension's. SQLite has no list (its engine is asked): there, each function or operator
/// SQLite added after 3.35, which an older SQLite refuses. `place`: where the expression stands,
/// `what` naming it so.
fn warn_unknown_functions(
    d: &dyn Dialect,
    references: &crate::expr::References,
    place: ExprPlace,
    what: &str,
    report: &mut Report,
    at: &dyn Fn(Issue) -> Issue,
) {
    let database = d.database_type();
    if database == DatabaseType::Sqlite {
        warn_newer_sqlite(references, what, place, report, at);
        return;
    }
    for call in &references.calls {
        let Some(lacking) = crate::builtin_functions::lacking(database, call) else {
            continue;
        };
        let suggestion = match database {
            DatabaseType::Postgresql => "if it is a function of your own or of an extension, create it before this migration runs (the migration does not); otherwise write a function PostgreSQL has (length(), coalesce(), now(), …)",
            _ => "MySQL and MariaDB take no function of your own in a CHECK or a default: write a built-in function both of them have (CHAR_LENGTH(), COALESCE(), …)",
        };
        report.push(at(Issue::warning(
            Code::UnknownFunction,
            format!("{what} calls {call}(), which is not a built-in function of {lacking}: the migration fails there unless the function exists when it runs"),
        )
        .suggest(suggestion)));
    }
}

/// An `UNKNOWN_COLLATION` warning for each collation `references` names that only some servers
/// of the database have ([`crate::collation_names`]): the migration fails on a server without
/// it. `what` names the expression.
fn warn_unknown_collations(
    d: &dyn Dialect,
    references: &crate::expr::References,
    what: &str,
    report: &mut Report,
    at: &dyn Fn(Issue) -> Issue,
) {
    for name in &references.collations {
        let (message, suggestion) = if d.database_type() == DatabaseType::Sqlite {
            (
                format!("{what} names the collation {name}, which SQLite does not have built in (it has BINARY, NOCASE and RTRIM): SQLite refuses every row the CHECK or index reads (no such collation sequence) unless the application registers {name} on its connection (sqlite3_create_collation) before"),
                "write COLLATE BINARY, NOCASE or RTRIM, or register the collation on every connection that writes the table".to_string(),
            )
        } else {
            (
                format!("{what} names the collation \"{name}\", which not every PostgreSQL has (each has \"C\", \"POSIX\", \"default\" and ucs_basic): the migration fails (collation \"{name}\" does not exist) unless the server has it: an ICU one (…-x-icu) where PostgreSQL was built with ICU, one of the operating system (en_US) where its locale is installed, your own where CREATE COLLATION made it before the migration runs"),
                format!("check that SELECT collname FROM pg_collation lists {name} on every server the migration runs on, or write COLLATE \"C\" (bytes) or lower(…) (without case)"),
            )
        };
        report.push(at(
            Issue::warning(Code::UnknownCollation, message).suggest(suggestion)
        ));
    }
}

/// [`warn_unknown_functions`] for SQLite: one `UNKNOWN_FUNCTION` warning naming each function,
/// operator and form of a call ([`crate::builtin_functions::SQLITE_JSON_VALID_FLAGS`]) of
/// `references` that came after SQLite 3.35, with the newest version they need. An older SQLite
/// refuses such a CHECK or index WHERE, and an operator anywhere, when the migration runs; it
/// takes a `default` whose only newer parts are calls, and refuses each insert that leaves the
/// column out (`unknown function: concat()`, seen on SQLite 3.40.1). The `'subsec'` modifier
/// has a warning of its own ([`warn_sqlite_subsec`]): an older SQLite takes it and returns NULL.
fn warn_newer_sqlite(
    references: &crate::expr::References,
    what: &str,
    place: ExprPlace,
    report: &mut Report,
    at: &dyn Fn(Issue) -> Issue,
) {
    use crate::builtin_functions::{SQLITE_JSON_VALID_FLAGS, SQLITE_SUBSEC};
    if references.sqlite_forms.contains(&SQLITE_SUBSEC) {
        warn_sqlite_subsec(what, place, report, at);
    }
    // What is shown, its name in the list, and whether it is a call.
    let calls = (references.calls.iter()).map(|c| (format!("{c}()"), c.as_str(), true));
    let operators = (references.syntax.iter()).map(|o| (o.to_uppercase(), *o, false));
    let forms = (references.sqlite_forms.iter())
        .filter(|f| **f == SQLITE_JSON_VALID_FLAGS)
        .map(|f| {
            (
                "json_valid() with a second argument (flags)".to_string(),
                *f,
                true,
            )
        });
    let newer: Vec<(String, &str, bool)> = calls
        .chain(operators)
        .chain(forms)
        .filter_map(|(shown, name, call)| {
            Some((shown, crate::builtin_functions::sqlite_since(name)?, call))
        })
        .collect();
    let Some(needed) = newer.iter().map(|(_, v, _)| *v).max_by_key(|v| {
        v.split('.')
            .map(|n| n.parse::<u32>().unwrap_or(0))
            .collect::<Vec<_>>()
    }) else {
        return;
    };
    let named = newer
        .iter()
        .map(|(shown, v, _)| format!("{shown} in {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    let only_calls = newer.iter().all(|(_, _, call)| *call);
    report.push(at(Issue::warning(
        Code::UnknownFunction,
        format!("{what} uses what SQLite added after 3.35 ({named}): {} on a SQLite older than {needed}, such as a system's or a phone's (a driver's own is often newer)", if place == ExprPlace::Default && only_calls { "the migration runs, but every insert that leaves the column out fails," } else { "the migration fails" }),
    )
    .suggest(format!("run the migration on SQLite {needed} or later (select sqlite_version()), or write the expression with what SQLite 3.35 has"))));
}

/// The `UNKNOWN_FUNCTION` warning for a date and time function given the modifier `'subsec'`
/// ([`crate::builtin_functions::SQLITE_SUBSEC`]), which came in SQLite 3.42: an older SQLite
/// takes the expression, and the function returns NULL (seen on SQLite 3.40.1), so the default
/// is NULL, a CHECK passes what it should refuse, and a partial index leaves rows out. Worse
/// than an error: nothing says so when it runs.
fn warn_sqlite_subsec(
    what: &str,
    place: ExprPlace,
    report: &mut Report,
    at: &dyn Fn(Issue) -> Issue,
) {
    let outcome = match place {
        ExprPlace::Default => "so each row that leaves the column out gets NULL (a NOT NULL column refuses the insert)",
        ExprPlace::Check => "and a CHECK that is NULL passes: the CHECK lets through the rows it should refuse",
        ExprPlace::IndexPredicate => "so the WHERE is NULL, not true, for the rows it should hold: the partial index leaves them out (a unique one no longer refuses their duplicates)",
    };
    report.push(at(Issue::warning(
        Code::UnknownFunction,
        format!("{what} uses the date and time modifier 'subsec', which SQLite added in 3.42: a SQLite older than 3.42, such as a system's or a phone's (a driver's own is often newer), takes it without an error and the function returns NULL, {outcome}"),
    )
    .suggest("run the migration on SQLite 3.42 or later (select sqlite_version()), or leave 'subsec' out (strftime('%Y-%m-%d %H:%M:%f', …) gives milliseconds on SQLite 3.35)")));
}

/// What a migration made against a database (`previousSpec`, `existingDbPath`) writes for one
/// table of the spec, for [`keep_written_expression_warnings`].
pub(crate) enum TableSql {
    /// The table is created: each of its expressions and foreign keys is in the migration.
    Created,
    /// The table is changed by these up statements (a SQLite rebuild's among them).
    Changed(Vec<String>),
}

/// Whether `w` is a warning about an expression or a default of the spec that a migration made
/// against a database gives only where it writes it ([`keep_written_expression_warnings`]):
/// `UNKNOWN_FUNCTION` ([`warn_unknown_functions`]), and `INVALID_DEFAULT`'s warning, a string
/// default that is one call ([`crate::defaults::string_default_as_call`]; the other
/// `INVALID_DEFAULT`s are errors); and MySQL's `FOREIGN_KEY_ACTION_LIMITED` about a foreign key
/// or a cycle of them, which is news only for a migration that writes one of its foreign keys
/// (the same warning on every later migration said nothing new).
pub(crate) fn said_where_written(w: &Issue) -> bool {
    matches!(
        w.code,
        Code::UnknownFunction
            | Code::UnknownCollation
            | Code::InvalidDefault
            | Code::ForeignKeyActionLimited
    )
}

/// Keeps, of the warnings [`said_where_written`] names that validation gave for `tables`,
/// those whose expression or default the migration writes, for a migration made against a
/// database: each says what happens when the migration runs or of the rows it gives a default,
/// which is true only of what is in its SQL. `written`: what the migration writes for each
/// table it creates or changes; the warnings of any other table go (the migration leaves it as
/// it is). A changed table keeps a warning when one of its statements holds the expression as
/// the dialect writes it: a CHECK as `CHECK (…)`, a partial index's predicate as `WHERE …`, an
/// expression default as `(…)`, a string default as its literal (also what a rebuild fills
/// NULLs with), a foreign key as `FOREIGN KEY (…) REFERENCES …` with its actions; a warning
/// about a cycle of foreign keys through several tables
/// ([`Dialect::foreign_key_cycle_warnings`]) is kept when the migration writes one of them. A
/// plain CREATE writes every expression and foreign key: it is not called then.
pub(crate) fn keep_written_expression_warnings(
    d: &dyn Dialect,
    report: &mut Report,
    tables: &[Table],
    written: &HashMap<&str, TableSql>,
) {
    if !report.warnings.iter().any(said_where_written) {
        return;
    }
    let by_name: HashMap<&str, &Table> = tables.iter().map(|t| (t.name.as_str(), t)).collect();
    // Found again only when there is a warning about a cycle.
    let found_cycles: std::cell::OnceCell<Vec<crate::dialect::CycleWarning>> =
        std::cell::OnceCell::new();
    let cycles = || found_cycles.get_or_init(|| d.foreign_key_cycle_warnings(tables));
    // Whether the migration writes any of these (table, text) pairs; none found, the warning
    // is kept, as it was.
    let any_written = |places: &[(&str, Vec<String>)]| {
        places.iter().all(|(_, texts)| texts.is_empty())
            || places.iter().any(|(name, texts)| match written.get(name) {
                None => false,
                Some(TableSql::Created) => true,
                Some(TableSql::Changed(statements)) => statements
                    .iter()
                    .any(|s| texts.iter().any(|text| s.contains(text.as_str()))),
            })
    };
    report.warnings.retain(|w| {
        if !said_where_written(w) {
            return true;
        }
        let Some(name) = w.table.as_deref() else {
            return true;
        };
        if w.code == Code::ForeignKeyActionLimited && w.constraint.is_none() {
            // A cycle of tables: kept when the migration writes one of its foreign keys.
            let Some((_, fks)) =
                (cycles().iter()).find(|(c, _)| c.table == w.table && c.message == w.message)
            else {
                return true;
            };
            let places: Vec<(&str, Vec<String>)> = fks
                .iter()
                .map(|&(t, k)| {
                    let t = &tables[t];
                    (
                        t.name.as_str(),
                        vec![foreign_key_as_written(d, t, &t.foreign_keys[k])],
                    )
                })
                .collect();
            return any_written(&places);
        }
        let texts = match (by_name.get(name), w.code) {
            (None, _) => Vec::new(),
            (Some(t), Code::ForeignKeyActionLimited) => (t.foreign_keys.iter())
                .filter(|fk| w.constraint.as_deref() == Some(fk.name(&t.name).as_str()))
                .map(|fk| foreign_key_as_written(d, t, fk))
                .collect(),
            (Some(t), _) => expression_as_written(d, t, w),
        };
        match written.get(name) {
            None => false,
            Some(_) => any_written(&[(name, texts)]),
        }
    });
}

/// `FOREIGN KEY (…) REFERENCES …` with its actions: how a statement that adds `fk` to `t`
/// writes it ([`Dialect::add_foreign_key`]).
fn foreign_key_as_written(d: &dyn Dialect, t: &Table, fk: &ForeignKey) -> String {
    let statement = d.add_foreign_key(t, fk);
    let from = statement.find("FOREIGN KEY").unwrap_or(0);
    statement[from..].trim_end_matches(';').to_string()
}

/// The text(s) a statement that writes the expression a warning `w` names (a CHECK or index by
/// its constraint, a default by its column) holds, as [`Dialect`] writes them
/// (`check_line`, `create_index_text`, `default_value`).
fn expression_as_written(d: &dyn Dialect, t: &Table, w: &Issue) -> Vec<String> {
    let mut texts = Vec::new();
    if let Some(column) = w.column.as_deref() {
        match t.column(column).and_then(|c| c.default.as_ref()) {
            Some(DefaultValue::Expression(e)) => texts.push(format!("({})", d.expression(e))),
            Some(DefaultValue::Str(s)) => texts.push(d.string_literal(s)),
            _ => {}
        }
    }
    if let Some(name) = w.constraint.as_deref() {
        texts.extend(
            (t.check_constraints.iter())
                .filter(|c| c.name == name)
                .map(|c| format!("CHECK ({})", d.expression(&c.expression))),
        );
        texts.extend(
            (t.indexes.iter())
                .filter(|i| i.name == name)
                .filter_map(|i| i.predicate.as_ref())
                .map(|p| format!(" WHERE {}", d.expression(p))),
        );
    }
    texts
}

fn check_type_parameters(c: &Column, report: &mut Report, col: &dyn Fn(Issue) -> Issue) {
    let ty = c.ty.as_str();
    let mismatch =
        |m: String, s: &str| col(Issue::error(Code::TypeMismatch, m).suggest(s.to_string()));
    if c.length.is_some() && !c.ty.takes_length() {
        report.push(mismatch(
            format!("length applies to VARCHAR and CHAR, not {ty}"),
            "remove length, or change the type to VARCHAR",
        ));
    }
    if c.length == Some(0) {
        report.push(mismatch(
            "length must be at least 1".into(),
            "give a positive length",
        ));
    }
    if c.ty.takes_fractional_seconds() {
        if c.scale.is_some() {
            report.push(mismatch(
                format!("scale applies to DECIMAL and NUMERIC, not {ty}: a {ty}'s precision is the digits of a second it keeps"),
                "remove scale (precision: 3 keeps milliseconds, 6 microseconds)",
            ));
        }
        if let Some(p) = c.precision.filter(|&p| p > MAX_FRACTIONAL_SECONDS) {
            report.push(mismatch(
                format!("a {ty}'s precision is the digits of a second it keeps, at most {MAX_FRACTIONAL_SECONDS} (microseconds), not {p}"),
                "give a precision from 0 to 6 (3 keeps milliseconds)",
            ));
        }
        return;
    }
    if (c.precision.is_some() || c.scale.is_some()) && !c.ty.takes_precision() {
        report.push(mismatch(
            format!("precision and scale apply to DECIMAL and NUMERIC (precision also to TIMESTAMP and DATETIME), not {ty}"),
            "remove them, or change the type to DECIMAL",
        ));
        // Not also "precision must be at least 1" (a user trial's `DATE` with precision 0).
        return;
    }
    match (c.precision, c.scale) {
        (None, Some(_)) => report.push(mismatch(
            "scale needs a precision".into(),
            "add precision (the total number of digits)",
        )),
        (Some(0), _) => report.push(mismatch(
            "precision must be at least 1".into(),
            "give a positive precision",
        )),
        (Some(p), Some(s)) if s > p => report.push(mismatch(
            format!("scale {s} is larger than precision {p}"),
            "make scale at most precision",
        )),
        _ => {}
    }
}

/// The indefinite article before a word, by its first letter: `an INTEGER`, `an INT`, `a TEXT`.
/// A `UU` word is said with a "you" (`a UUID`). Right for the SQL type names of the spec.
pub(crate) fn article(word: &str) -> &'static str {
    let upper = word.to_ascii_uppercase();
    if upper.starts_with(['A', 'E', 'I', 'O', 'U']) && !upper.starts_with("UU") {
        "an"
    } else {
        "a"
    }
}

/// Whether PostgreSQL can implement a foreign key from a column of type `local` to one of
/// type `remote`: it needs an equality operator of the referenced key's index that takes the
/// referencing type, directly or through an implicit cast. Integers of any size compare with
/// each other, dates with timestamps, text of any kind with text; a number casts implicitly
/// only up the ladder smallint, integer, bigint, numeric, double precision (so integer ->
/// numeric works, double precision -> numeric does not); nothing else mixes (uuid and text,
/// boolean and integer, …). Measured on PostgreSQL 15.
fn postgres_fk_types_compatible(local: ColumnType, remote: ColumnType) -> bool {
    use ColumnType::*;
    let rank = |t: ColumnType| match t {
        Tinyint => Some(0),
        Integer | Int => Some(1),
        Bigint => Some(2),
        Numeric | Decimal => Some(3),
        Real => Some(4),
        _ => None,
    };
    let text = |t: ColumnType| t.is_text() && t != Uuid;
    let time = |t: ColumnType| matches!(t, Date | Timestamp | Datetime);
    match (rank(local), rank(remote)) {
        (Some(a), Some(b)) => a <= b || (local.is_integer() && remote.is_integer()),
        _ => local == remote || text(local) && text(remote) || time(local) && time(remote),
    }
}

/// The column lists `target` keeps unique, which a foreign key may reference: its primary key,
/// UNIQUE columns, unique constraints and unique indexes without a WHERE.
fn keys_of(target: &Table) -> impl Iterator<Item = &[String]> {
    let unique_columns = target
        .columns
        .iter()
        .filter(|c| c.unique)
        .map(|c| std::slice::from_ref(&c.name));
    std::iter::once(target.primary_key.as_slice())
        .filter(|k| !k.is_empty())
        .chain(unique_columns)
        .chain(
            target
                .unique_constraints
                .iter()
                .map(|u| u.columns.as_slice()),
        )
        .chain(
            target
                .indexes
                .iter()
                .filter(|i| i.unique && i.predicate.is_none())
                .map(|i| i.columns.as_slice()),
        )
}

/// What a foreign key of `arity` columns can reference in `target`: its keys of that many
/// columns (a user trial was offered every column, and the next error said the one it chose
/// was not a key).
fn key_suggestion(target: &Table, arity: usize) -> String {
    let mut keys: Vec<String> = Vec::new();
    for key in keys_of(target).filter(|k| k.len() == arity) {
        let text = if arity == 1 {
            key[0].clone()
        } else {
            format!("({})", key.join(", "))
        };
        if !keys.contains(&text) {
            keys.push(text);
        }
    }
    if keys.is_empty() {
        format!(
            "'{}' has no primary or unique key of {arity} column{}: reference a key, or add one",
            target.name,
            if arity == 1 { "" } else { "s" }
        )
    } else {
        format!("reference a key of '{}': {}", target.name, keys.join("; "))
    }
}

fn check_foreign_key(
    t: &Table,
    fk: &ForeignKey,
    d: &dyn Dialect,
    look: &Lookups<'_, '_>,
    report: &mut Report,
) {
    let Lookups {
        by_name,
        near,
        existing,
        database,
        ..
    } = *look;
    let name = fk.name(&t.name);
    let at = |i: Issue| i.table(&t.name).constraint(&name);
    check_columns(t, &fk.columns, &name, "the foreign key", report);
    // A table of the database that the spec also lists (spelled in another case, as SQLite
    // matches names) is the spec's table: the foreign key references it as the migration leaves
    // it, not as the database has it now.
    let target = by_name
        .get(fk.referenced_table.as_str())
        .copied()
        .or_else(|| {
            existing(&fk.referenced_table).map(|e| {
                let e = &e.table;
                by_name
                    .get(e.name.to_ascii_lowercase().as_str())
                    .copied()
                    .unwrap_or(e)
            })
        });
    let Some(target) = target else {
        let referenced = crate::report::clip(&fk.referenced_table);
        // A table of the spec whose name is near (renamed from 'user' to 'users' as
        // RESERVED_KEYWORD suggests, with this foreign key left on the old name).
        // A table of the spec renamed from that name (renamedFrom): the foreign key still
        // names the old one.
        let renamed = by_name
            .values()
            .find(|r| r.renamed_from.as_deref() == Some(fk.referenced_table.as_str()));
        let near = match (renamed, near.get(fk.referenced_table.as_str())) {
            (Some(r), _) => format!(
                "the spec renames '{referenced}' to '{}' (renamedFrom): reference '{}'. Otherwise ",
                r.name, r.name
            ),
            // A foreign key naming what the report tells a table to be renamed to (a table
            // 'user' told to become 'users', its foreign keys already on 'users') is right once
            // that is done: the rename is the one error.
            (None, Some(Near::Renamed)) => return,
            (None, Some(Near::Name(n))) => format!("did you mean '{n}'? Otherwise "),
            (None, None) => String::new(),
        };
        let issue = if d.database_type() == DatabaseType::Sqlite {
            Issue::error(
                Code::InvalidForeignKey,
                format!("the foreign key references the table '{referenced}', which is neither in the spec nor in {database}"),
            )
            .suggest(format!("{near}add that table to the spec, with \"existing\": true when an earlier migration made it (the migration then neither creates nor drops it), give the database that has it as existingDbPath (or the spec that made it as previousSpec), or fix the referenced table's name"))
        } else {
            // No PostgreSQL or MySQL database is read: the spec is all the generator knows.
            Issue::error(
                Code::InvalidForeignKey,
                format!("the foreign key references the table '{referenced}', which is not in the spec; a {} migration is generated from the spec alone (no database is read), so the referenced table must be in it", if d.database_type() == DatabaseType::Mysql { "MySQL" } else { "PostgreSQL" }),
            )
            .suggest(format!("{near}add that table to the spec, with \"existing\": true when an earlier migration made it (the migration then neither creates nor drops it), or fix the referenced table's name"))
        };
        report.push(at(issue));
        return;
    };
    // A table already in the database has its foreign keys already: none can reference a table
    // this migration creates (nothing would add it; a table marked existing is not altered).
    if t.existing
        && by_name.get(fk.referenced_table.as_str()).is_some_and(|r| {
            !r.existing && existing(&r.name).is_none() && !look.previous.contains(r.name.as_str())
        })
    {
        report.push(
            at(Issue::error(
                Code::InvalidForeignKey,
                format!(
                    "'{}' is marked existing, so its foreign keys are in the database already, but this one references '{}', which this migration creates",
                    t.name, fk.referenced_table
                ),
            ))
            .suggest("remove the foreign key from the existing table's description, or reference the new table from a new table; to add the foreign key to the existing table, list it without existing: true and give previousSpec (the spec the database was last migrated to)"),
        );
        return;
    }
    if fk.columns.len() != fk.referenced_columns.len() {
        report.push(
            at(Issue::error(
                Code::InvalidForeignKey,
                format!(
                    "the foreign key has {} columns but references {}",
                    fk.columns.len(),
                    fk.referenced_columns.len()
                ),
            ))
            .suggest("list as many referenced columns as local columns"),
        );
        return;
    }
    for rc in &fk.referenced_columns {
        if target.column(rc).is_none() {
            report.push(
                at(Issue::error(
                    Code::InvalidForeignKey,
                    format!(
                        "the referenced table '{}' has no column '{}'",
                        target.name,
                        crate::report::clip(rc)
                    ),
                ))
                .suggest(key_suggestion(target, fk.referenced_columns.len())),
            );
            return;
        }
    }
    let same = |cols: &[String]| {
        let mut a: Vec<&String> = cols.iter().collect();
        let mut b: Vec<&String> = fk.referenced_columns.iter().collect();
        a.sort();
        b.sort();
        a == b
    };
    // A key of the target naming a column it does not have is the target's own error (a
    // misspelt primaryKey): which key the foreign key meant to reference is then unknown, and
    // saying it references no key would send the user after a foreign key that is right.
    // A spec table without a primary key is MISSING_PRIMARY_KEY already (a column-level
    // "primaryKey": true, a misspelt field): its key is likely the one referenced. (A table only
    // the database has may lack one, and then the foreign key needs a unique key there.)
    let keyless_in_spec = target.primary_key.is_empty()
        && by_name
            .get(target.name.as_str())
            .is_some_and(|t| std::ptr::eq(*t, target));
    let keys_known =
        !keyless_in_spec && keys_of(target).all(|k| k.iter().all(|c| target.column(c).is_some()));
    if !keys_of(target).any(same) && keys_known {
        report.push(at(Issue::error(
            Code::InvalidForeignKey,
            format!("the foreign key references ({}) of '{}', which is not its primary key or a unique key", fk.referenced_columns.join(", "), target.name),
        ))
        .suggest(format!("{}, or make the referenced columns unique", key_suggestion(target, fk.referenced_columns.len()))));
    } else if d.database_type() == DatabaseType::Mysql && fk.referenced_columns.len() > 1 {
        // InnoDB needs the referenced columns, in the foreign key's order, to lead an index of
        // the parent ("Foreign key constraint is incorrectly formed", errno 150); PostgreSQL
        // and SQLite take them in any order.
        let leads = |cols: &[String]| cols.starts_with(&fk.referenced_columns);
        let ordered = leads(&target.primary_key)
            || target.unique_constraints.iter().any(|u| leads(&u.columns))
            || target
                .indexes
                .iter()
                .any(|i| i.predicate.is_none() && leads(&i.columns));
        if !ordered {
            let key_order = if same(&target.primary_key) {
                target.primary_key.join(", ")
            } else {
                target
                    .unique_constraints
                    .iter()
                    .map(|u| &u.columns)
                    .chain(target.indexes.iter().map(|i| &i.columns))
                    .find(|cols| same(cols))
                    .map(|cols| cols.join(", "))
                    .unwrap_or_default()
            };
            report.push(
                at(Issue::error(
                    Code::InvalidForeignKey,
                    format!(
                        "MySQL needs the referenced columns ({}) in the order of a key of '{}', which has them as ({key_order})",
                        fk.referenced_columns.join(", "),
                        target.name
                    ),
                ))
                .suggest("list the referenced columns, and the local columns with them, in the order of the key"),
            );
        }
    }
    if [fk.on_delete, fk.on_update].contains(&Some(FkAction::SetNull)) {
        // A database that already has this very key on NOT NULL columns (SQLite and PostgreSQL
        // take it; the delete or update then fails on the NOT NULL) is described, not refused:
        // a spec pulled from it must be usable against it.
        let already = existing(&t.name).map(|e| &e.table).filter(|e| {
            e.foreign_keys
                .iter()
                .any(|old| crate::diff::same_foreign_key(old, fk))
        });
        for c in fk.columns.iter().filter_map(|c| t.column(c)) {
            if c.nullable {
                continue;
            }
            let already_there = already.is_some_and(|e| {
                e.columns
                    .iter()
                    .any(|old| old.name.eq_ignore_ascii_case(&c.name) && !old.nullable)
            });
            let message = format!(
                "SET NULL cannot set the NOT NULL column '{}' to null",
                c.name
            );
            let issue = if already_there {
                Issue::warning(
                    Code::InvalidForeignKey,
                    format!("{message}: deleting or updating a referenced row fails instead (the database already has this foreign key)"),
                )
            } else {
                Issue::error(Code::InvalidForeignKey, message)
            };
            report.push(
                at(issue)
                    .column(&c.name)
                    .suggest("make the column nullable, or use CASCADE or RESTRICT"),
            );
        }
    }
    // MariaDB (InnoDB) refuses ON UPDATE CASCADE from a NOT NULL column to a nullable one
    // ("Foreign key constraint is incorrectly formed", errno 150) unless ON DELETE is CASCADE
    // or NO ACTION: checked on MariaDB 10.11, with no action, RESTRICT or SET NULL on delete
    // refused, CASCADE and NO ACTION taken (SET NULL on a NOT NULL column is refused above).
    if d.database_type() == DatabaseType::Mysql
        && fk.on_update == Some(FkAction::Cascade)
        && !matches!(fk.on_delete, Some(FkAction::Cascade | FkAction::NoAction))
    {
        for (local, remote) in fk.columns.iter().zip(&fk.referenced_columns) {
            let (Some(lc), Some(rc)) = (t.column(local), target.column(remote)) else {
                continue;
            };
            let remote_nullable = rc.nullable
                && !rc.auto_increment
                && !target.primary_key.iter().any(|k| k == remote);
            if !lc.nullable && remote_nullable {
                report.push(
                    at(Issue::error(
                        Code::InvalidForeignKey,
                        format!(
                            "MariaDB refuses ON UPDATE CASCADE from the NOT NULL column '{}' to the nullable '{}.{}' (errno 150, \"Foreign key constraint is incorrectly formed\") unless ON DELETE is CASCADE or NO ACTION",
                            lc.name, target.name, rc.name
                        ),
                    ))
                    .column(&lc.name)
                    .suggest("make the column nullable, make the referenced column NOT NULL, or give the foreign key ON DELETE CASCADE or NO ACTION"),
                );
            }
        }
    }
    for (local, remote) in fk.columns.iter().zip(&fk.referenced_columns) {
        let (Some(lc), Some(rc)) = (t.column(local), target.column(remote)) else {
            continue;
        };
        let (lt, rt) = (d.column_type(lc, true), d.column_type(rc, true));
        // MySQL's BOOLEAN is TINYINT(1): the (1) is a display width, not another type.
        let base = |t: &str| {
            t.strip_suffix("(1)")
                .filter(|b| *b == "TINYINT")
                .map_or(t.len(), str::len)
        };
        if d.same_stored_type(&lt, &rt) || lt[..base(&lt)] == rt[..base(&rt)] {
            continue;
        }
        // InnoDB compares two non-binary string columns by character set and collation only
        // (`cmp_cols_are_equal`; MySQL: "the length of string types need not be the same"):
        // CHAR(2) → VARCHAR(20), or TEXT (VARCHAR(255) in a key) → VARCHAR(20), is taken.
        let mysql_string = |t: ColumnType| t.is_text() || t == ColumnType::Uuid;
        let fatal = match d.database_type() {
            DatabaseType::Mysql => !(mysql_string(lc.ty) && mysql_string(rc.ty)),
            DatabaseType::Postgresql => !postgres_fk_types_compatible(lc.ty, rc.ty),
            DatabaseType::Sqlite => false,
        };
        let mut message = format!(
            "'{}' is {lt} but the referenced '{}.{}' is {rt}",
            local, target.name, remote
        );
        // MariaDB 10.11 creates a key from a DATETIME to a DATETIME(3), then refuses every row:
        // InnoDB compares the stored values, whose bytes differ by precision (a user trial and a
        // review saw only the key created; the fixture fk_timestamp_precisions_differ).
        if fatal
            && d.database_type() == DatabaseType::Mysql
            && lc.ty.takes_fractional_seconds()
            && rc.ty.takes_fractional_seconds()
        {
            message.push_str(
                ": MySQL may create the key, but no row matches a parent across precisions (MariaDB refuses '09:00:00' under a parent's '09:00:00.000')",
            );
        }
        let issue = if fatal {
            Issue::error(Code::ForeignKeyTypeMismatch, message)
        } else {
            Issue::warning(Code::ForeignKeyTypeMismatch, message)
        };
        report.push(
            at(issue)
                .column(local)
                .suggest("give the column the same type as the column it references"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_codes(db: &str, tables: &str) -> Vec<(String, Option<String>)> {
        let r = crate::generate_str(&format!(
            r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{tables}]}}"#
        ));
        r.validation
            .errors
            .iter()
            .map(|e| (e.code.as_str().to_string(), e.constraint.clone()))
            .collect()
    }

    #[test]
    fn a_check_reading_a_variable_is_refused_as_such() {
        for variable in ["@x", "@@sql_mode"] {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"mysql","timestamps":false,"tables":[{{"name":"t","columns":[
                {{"name":"id","type":"INT","nullable":false,"autoIncrement":true}}],
                "checkConstraints":[{{"name":"c","expression":"{variable} > 0"}}]}}]}}"#
            ));
            let e = &r.validation.errors[0];
            assert_eq!(
                (e.code.as_str(), e.constraint.as_deref()),
                ("INVALID_CHECK_EXPRESSION", Some("c"))
            );
            assert!(
                e.message
                    .ends_with(&format!("it reads the variable {variable}, and the database refuses variables there (their value is the session's, not the row's)")),
                "{}",
                e.message
            );
        }
    }

    /// A column named `constructor` breaks the Insert and Update types: refused where types are
    /// generated for a new one, a warning for one previousSpec has, nothing without types.
    #[test]
    fn a_column_named_constructor_is_refused_where_types_are_generated() {
        let table = r#"{"name":"w","columns":[{"name":"id","type":"INT","nullable":false},{"name":"constructor","type":"TEXT","nullable":true}],"primaryKey":["id"]}"#;
        let other = table.replace(r#""constructor""#, r#""maker""#);
        for db in ["sqlite", "postgresql", "mysql"] {
            let run = |types: bool, previous: Option<&str>| {
                let previous = previous.map_or(String::new(), |p| {
                    format!(r#","previousSpec":{{"description":"a","databaseType":"{db}","timestamps":false,"tables":[{p}]}}"#)
                });
                let r = crate::generate_str(&format!(
                    r#"{{"description":"d","databaseType":"{db}","timestamps":false,"generateTypes":{types},"tables":[{table}]{previous}}}"#
                ));
                let codes = |issues: &[Issue]| {
                    (issues.iter())
                        .filter(|i| i.column.as_deref() == Some("constructor"))
                        .map(|i| i.code.as_str())
                        .collect::<Vec<_>>()
                };
                (codes(&r.validation.errors), codes(&r.validation.warnings))
            };
            let none: Vec<&str> = Vec::new();
            assert_eq!(
                run(true, None),
                (vec!["INVALID_COLUMN_NAME"], none.clone()),
                "{db}"
            );
            assert_eq!(run(false, None), (none.clone(), none.clone()), "{db}");
            assert_eq!(
                run(true, Some(table)),
                (none.clone(), vec!["INVALID_COLUMN_NAME"]),
                "{db}"
            );
            assert_eq!(
                run(true, Some(&other)),
                (vec!["INVALID_COLUMN_NAME"], none.clone()),
                "{db}"
            );
        }
    }

    /// A table name's error never suggests another table's name of the spec (followed, it gave
    /// DUPLICATE_TABLE).
    #[test]
    fn a_rename_suggested_for_a_table_name_is_free() {
        let suggested = |db: &str, names: &[&str]| {
            let tables: Vec<String> = names
                .iter()
                .map(|n| format!(r#"{{"name":"{n}","columns":[{{"name":"id","type":"INTEGER","nullable":false}}],"primaryKey":["id"]}}"#))
                .collect();
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{}]}}"#,
                tables.join(",")
            ));
            (r.validation.errors.iter())
                .filter(|e| e.column.is_none())
                .map(|e| {
                    (
                        e.table.clone().unwrap_or_default(),
                        e.suggestion.clone().unwrap_or_default(),
                    )
                })
                .collect::<Vec<_>>()
        };
        let pair = |t: &str, s: &str| (t.to_string(), s.to_string());
        assert_eq!(
            suggested("postgresql", &["user", "users"]),
            [pair(
                "user",
                "rename it, for example to 'app_user' ('users' is another table of the spec)"
            )]
        );
        assert_eq!(
            suggested("mysql", &["table", "tables", "order", "orders"]),
            [
                pair(
                    "table",
                    "rename it, for example to 'app_table' ('tables' is another table of the spec)"
                ),
                pair(
                    "order",
                    "rename it, for example to 'app_order' ('orders' is another table of the spec)"
                ),
            ]
        );
        assert_eq!(
            suggested("sqlite", &["Users", "users", "app_users"]),
            [pair(
                "Users",
                "rename it, for example to 'users_2' ('users' is another table of the spec)"
            )]
        );
        // Alone, the usual suggestion.
        assert_eq!(
            suggested("postgresql", &["user"]),
            [pair("user", "rename it, for example to 'users'")]
        );
        // Prisma's model names: their snake_case is reserved (`user`, `order`, `group`), so the
        // suggestion is the name that free word would get (a user trial followed 'user' into
        // RESERVED_KEYWORD); beside the plural, a free one.
        assert_eq!(
            suggested("postgresql", &["User", "Order", "Group"]),
            [
                pair("User", "rename it to 'users'"),
                pair("Order", "rename it to 'orders'"),
                pair("Group", "rename it to 'groups'"),
            ]
        );
        assert_eq!(
            suggested("postgresql", &["User", "users"]),
            [pair(
                "User",
                "rename it, for example to 'app_user' ('users' is another table of the spec)"
            )]
        );
    }

    #[test]
    fn a_column_named_proto_is_refused() {
        for db in ["sqlite", "postgresql", "mysql"] {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{{"name":"t","columns":[
                {{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},
                {{"name":"__proto__","type":"TEXT","nullable":true}}]}}]}}"#
            ));
            assert!(!r.validation.valid);
            let e = &r.validation.errors[0];
            assert_eq!(e.code.as_str(), "INVALID_COLUMN_NAME");
            assert_eq!(e.column.as_deref(), Some("__proto__"));
            assert!(e.message.contains("mysql2 refuses"), "{}", e.message);
            assert!(r.up_migration.is_empty());
        }
        // Other names with underscores around them are fine.
        assert!(error_codes(
            "mysql",
            &one_column(r#"{"name":"__meta__","type":"TEXT","nullable":true}"#)
        )
        .is_empty());
    }

    /// Messages a user trial found misleading: a whole number beyond the range called "not a
    /// whole number", a foreign key to a missing column offered every column, and one to a table
    /// not in a PostgreSQL spec told to look in a database no PostgreSQL migration reads.
    #[test]
    fn messages_say_what_is_wrong_and_what_can_be_done() {
        let issue = |db: &str, tables: &str| {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{tables}]}}"#
            ));
            let e = r
                .validation
                .errors
                .first()
                .unwrap_or_else(|| panic!("no error: {tables}"))
                .clone();
            (
                e.code.as_str().to_string(),
                e.message,
                e.suggestion.unwrap_or_default(),
            )
        };
        let int_default = |n: &str| {
            one_column(&format!(
                r#"{{"name":"n","type":"INTEGER","nullable":true,"default":{n}}}"#
            ))
        };
        let (code, message, _) = issue("postgresql", &int_default("1e21"));
        assert_eq!(code, "INVALID_DEFAULT");
        assert!(
            message.starts_with("1e+21 is out of range for INTEGER"),
            "{message}"
        );
        let (_, message, suggestion) = issue("postgresql", &int_default("3.0"));
        assert!(
            message.contains("written with a decimal point"),
            "{message}"
        );
        assert_eq!(suggestion, "write it as digits: 3");
        // What JavaScript makes of 9223372036854775807: 2^63, past BIGINT's range.
        let big = one_column(
            r#"{"name":"n","type":"BIGINT","nullable":true,"default":9223372036854775808}"#,
        );
        let (_, message, _) = issue("postgresql", &big);
        assert!(
            message.starts_with("9223372036854775808 is out of range for BIGINT"),
            "{message}"
        );
        let big = one_column(
            r#"{"name":"n","type":"BIGINT","nullable":true,"default":9.223372036854776e18}"#,
        );
        let (_, message, _) = issue("postgresql", &big);
        assert!(message.contains("is out of range for BIGINT"), "{message}");
        let (_, message, _) = issue("postgresql", &int_default("2.5"));
        assert!(
            message.starts_with("2.5 is not a whole number"),
            "{message}"
        );

        let parent = r#"{"name":"p","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true},
            {"name":"code","type":"VARCHAR","length":9,"nullable":false,"unique":true},{"name":"note","type":"TEXT","nullable":true}]}"#;
        let child = |column: &str| {
            format!(
                r#"{parent},{{"name":"c","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"p_id","type":"INT","nullable":true}}],
            "foreignKeys":[{{"columns":["p_id"],"referencedTable":"p","referencedColumns":["{column}"]}}]}}"#
            )
        };
        let (code, _, suggestion) = issue("postgresql", &child("nope"));
        assert_eq!(code, "INVALID_FOREIGN_KEY");
        assert_eq!(suggestion, "reference a key of 'p': id; code");

        let orphan = r#"{"name":"c","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true},{"name":"u","type":"INT","nullable":true}],
            "foreignKeys":[{"columns":["u"],"referencedTable":"users","referencedColumns":["id"]}]}"#;
        for db in ["postgresql", "mysql"] {
            let (code, message, suggestion) = issue(db, orphan);
            assert_eq!(code, "INVALID_FOREIGN_KEY");
            assert!(
                message.contains("which is not in the spec")
                    && message.contains("no database is read"),
                "{message}"
            );
            assert!(suggestion.contains("\"existing\": true"), "{suggestion}");
        }
        let (_, message, suggestion) = issue("sqlite", orphan);
        assert!(
            message.contains("neither in the spec nor in the database (existingDbPath)"),
            "{message}"
        );
        // `existing: true` works on SQLite as well (a user trial was told only of
        // existingDbPath and previousSpec).
        assert!(
            suggestion.contains("with \"existing\": true when an earlier migration made it")
                && suggestion.contains("existingDbPath"),
            "{suggestion}"
        );
    }

    /// A table marked existing: its types are not written again (its description may be only
    /// the referenced key, and would overwrite an earlier migration's types), warnings about it
    /// are left out (nothing of it is created), and it cannot reference a table this migration
    /// creates (found in a user trial: such a key was dropped without a word).
    #[test]
    fn a_table_marked_existing_is_not_typed_warned_about_or_given_new_keys() {
        let generate = |users_extra: &str| {
            crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"mysql","generateTypes":true,"timestamps":false,"tables":[
                {{"name":"users","existing":true,"columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},
                  {{"name":"handle","type":"TEXT","nullable":false,"unique":true}}{users_extra}]}},
                {{"name":"teams","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"owner_id","type":"INT","nullable":false}}],
                  "foreignKeys":[{{"columns":["owner_id"],"referencedTable":"users","referencedColumns":["id"]}}]}}]}}"#
            ))
        };
        let r = generate("");
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        let types = r.type_definitions.clone().unwrap();
        assert!(types.contains("export interface Team {"), "{types}");
        assert!(!types.contains("interface User"), "{types}");
        // A TEXT key column is VARCHAR(255) on MySQL: said for a table the migration creates,
        // not for one already there.
        assert!(
            r.validation
                .warnings
                .iter()
                .all(|w| w.table.as_deref() != Some("users")),
            "{:?}",
            r.validation.warnings
        );
        let r = generate(
            r#",{"name":"team_id","type":"INT","nullable":true}],"foreignKeys":[{"columns":["team_id"],"referencedTable":"teams","referencedColumns":["id"]}"#,
        );
        let e = &r.validation.errors[0];
        assert_eq!(e.code.as_str(), "INVALID_FOREIGN_KEY");
        assert!(e.message.starts_with("'users' is marked existing, so its foreign keys are in the database already, but this one references 'teams'"), "{}", e.message);
    }

    /// A spec the parser refuses (here a column of an unknown type) also gets its names checked,
    /// in the same report: they had only been said once the type was fixed. The table with the
    /// unknown type is checked as far as it does not hang on the type: it has no primary key.
    #[test]
    fn names_are_checked_when_the_parser_refuses_the_spec() {
        let r = crate::generate_str(
            r#"{"description":"d","databaseType":"postgresql","tables":[
            {"name":"Bad Name","columns":[{"name":"id","type":"XYZ","nullable":false},{"name":"Email","type":"TEXT","nullable":true}]},
            {"name":"select","columns":[{"name":"id","type":"INT","nullable":false}]}]}"#,
        );
        let found: Vec<_> = r
            .validation
            .errors
            .iter()
            .map(|e| (e.code.as_str(), e.table.as_deref(), e.column.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                ("TYPE_MISMATCH", Some("Bad Name"), Some("id")),
                ("INVALID_TABLE_NAME", Some("Bad Name"), None),
                ("INVALID_COLUMN_NAME", Some("Bad Name"), Some("Email")),
                ("MISSING_PRIMARY_KEY", Some("Bad Name"), None),
                ("RESERVED_KEYWORD", Some("select"), None),
                ("MISSING_PRIMARY_KEY", Some("select"), None),
            ]
        );
        assert!(r.up_migration.is_empty());
    }

    /// The codes, tables and columns of a generation's errors.
    fn error_places(json: &str) -> Vec<(String, Option<String>, Option<String>)> {
        crate::generate_str(json)
            .validation
            .errors
            .iter()
            .map(|e| {
                (
                    e.code.as_str().to_string(),
                    e.table.clone(),
                    e.column.clone(),
                )
            })
            .collect()
    }

    /// A parser error in one table (a type written in lower case, a nullable given as a
    /// string) no longer hides the other tables' errors until it is fixed (a user trial took
    /// three rounds for a spec one report could have covered). What the parser left out of the
    /// table is not reported as missing: a foreign key from another table to its column of an
    /// unknown type is not said to mismatch or to reference no key, nor is its own index over
    /// that column said to name an unknown one.
    #[test]
    fn a_parser_error_in_one_table_does_not_hide_the_other_tables_errors() {
        let found = error_places(
            r#"{"description":"d","databaseType":"postgresql","tables":[
            {"name":"users","columns":[{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},
              {"name":"email","type":"varchar","nullable":false},{"name":"active","type":"BOOLEAN","nullable":"false"}],
              "indexes":[{"name":"idx_users_email","columns":["email"]}]},
            {"name":"posts","columns":[{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},
              {"name":"author_id","type":"INTEGER","nullable":false}],
              "foreignKeys":[{"columns":["author_id"],"referencedTable":"authors","referencedColumns":["id"]},
                {"columns":["author_id"],"referencedTable":"users","referencedColumns":["email"]}],
              "indexes":[{"name":"idx_posts_slug","columns":["slug"]}]}]}"#,
        );
        let place = |code: &str, table: &str, column: Option<&str>| {
            (
                code.to_string(),
                Some(table.to_string()),
                column.map(String::from),
            )
        };
        assert_eq!(
            found,
            [
                place("TYPE_MISMATCH", "users", Some("email")),
                place("INVALID_SPEC", "users", Some("active")),
                place("UNKNOWN_COLUMN", "posts", Some("slug")),
                place("INVALID_FOREIGN_KEY", "posts", None),
                // Its two foreign keys on author_id take one generated name: said now that the
                // key to users (whose email has a parser error) is checked too.
                place("DUPLICATE_NAME", "posts", None),
            ]
        );
        // A table of the list that could not be read at all may be the one a foreign key
        // names: that key is not reported as naming a table the spec lacks.
        let found = error_places(
            r#"{"description":"d","databaseType":"sqlite","tables":[7,
            {"name":"b","columns":[{"name":"id","type":"INTEGER","nullable":false}],"primaryKey":["id"],
              "foreignKeys":[{"columns":["id"],"referencedTable":"a","referencedColumns":["id"]}],
              "indexes":[{"name":"idx_b_x","columns":["x"]}]}]}"#,
        );
        let codes: Vec<&str> = found.iter().map(|(code, _, _)| code.as_str()).collect();
        assert_eq!(codes, ["INVALID_SPEC", "UNKNOWN_COLUMN"], "{found:?}");
    }

    /// The errors and suggestions of a rounds trial (a spec fixed from its report, round after
    /// round): each suggestion, followed as written, fixes its error without making another,
    /// and an error in one place is not reported again as a false one elsewhere.
    #[test]
    fn suggestions_followed_as_written_fix_the_error() {
        let issues = |json: &str| -> Vec<(String, String, String)> {
            let r = crate::generate_str(json);
            r.validation
                .errors
                .iter()
                .chain(&r.validation.warnings)
                .map(|e| {
                    (
                        e.code.as_str().to_string(),
                        e.message.clone(),
                        e.suggestion.clone().unwrap_or_default(),
                    )
                })
                .collect()
        };
        // Every autoIncrement problem at once, each with its own fix; a nullable key column is
        // NULLABLE_PRIMARY_KEY alone.
        let found = issues(
            r#"{"description":"d","databaseType":"postgresql","tables":[{"name":"t","primaryKey":["id","device"],"columns":[
            {"name":"id","type":"TEXT","nullable":true,"autoIncrement":true,"default":"0"},
            {"name":"device","type":"INTEGER","nullable":false}]}]}"#,
        );
        let auto: Vec<&str> = found
            .iter()
            .filter(|(code, _, _)| code == "INVALID_AUTO_INCREMENT")
            .map(|(_, _, suggestion)| suggestion.as_str())
            .collect();
        assert_eq!(auto.len(), 3, "{found:?}");
        assert!(auto[0].contains("\"type\": \"INTEGER\""), "{auto:?}");
        assert!(auto[1].starts_with("remove its default"), "{auto:?}");
        assert!(auto[2].contains("\"primaryKey\": [\"id\"]"), "{auto:?}");
        assert!(found
            .iter()
            .any(|(code, _, _)| code == "NULLABLE_PRIMARY_KEY"));
        // A numbered column of a composite key: the reason is the generator's on PostgreSQL and
        // MySQL (their engines could number it), SQLite's own there; followed, it is valid.
        for (db, why) in [
            (
                "postgresql",
                "this generator numbers only a key of one column",
            ),
            ("mysql", "this generator numbers only a key of one column"),
            ("sqlite", "SQLite numbers only a key of one INTEGER column"),
        ] {
            let spec = |key: &str| {
                format!(
                    r#"{{"description":"d","databaseType":"{db}","tables":[{{"name":"t","primaryKey":[{key}],"columns":[
                    {{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}},
                    {{"name":"device","type":"INTEGER","nullable":false}}]}}]}}"#
                )
            };
            let found = issues(&spec(r#""id","device""#));
            assert_eq!(found.len(), 1, "{found:?}");
            assert!(found[0].2.starts_with(why), "{found:?}");
            assert!(
                found[0].2.contains(
                    "\"primaryKey\": [\"id\"] (a foreign key that references [\"id\", \"device\"]"
                ),
                "{found:?}"
            );
            let after = issues(&spec(r#""id""#));
            assert!(
                after.iter().all(|(code, _, _)| code == "DOWN_DATA_LOSS"),
                "{db}: {after:?}"
            );
        }
        // A misspelt primary key is the parent's error alone: the foreign key to its real key
        // column is not said to reference no key. A foreign key left on a table's old name gets
        // the near name.
        let found = issues(
            r#"{"description":"d","databaseType":"postgresql","tables":[
            {"name":"accounts","columns":[{"name":"id","type":"INTEGER","nullable":false}],"primaryKey":["uid"]},
            {"name":"users","columns":[{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}]},
            {"name":"logins","columns":[{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},
              {"name":"account_id","type":"INTEGER","nullable":false},{"name":"user_id","type":"INTEGER","nullable":false}],
              "foreignKeys":[{"columns":["account_id"],"referencedTable":"accounts","referencedColumns":["id"]},
                {"columns":["user_id"],"referencedTable":"user","referencedColumns":["id"]}]}]}"#,
        );
        let codes: Vec<&str> = found.iter().map(|(code, _, _)| code.as_str()).collect();
        assert_eq!(
            codes,
            ["UNKNOWN_COLUMN", "INVALID_FOREIGN_KEY"],
            "{found:?}"
        );
        assert!(found[1].1.contains("'user'"), "{found:?}");
        assert!(found[1].2.starts_with("did you mean 'users'?"), "{found:?}");
        // Field values the parser refuses, with fixes to paste.
        let found = issues(
            r#"{"description":"d","databaseType":"postgresql","tables":[
            {"name":"a","columns":[{"name":"id","type":"INTEGER","nullable":false}]},
            {"name":"b","primaryKey":["id"],"columns":[{"name":"id","type":"UUID","nullable":false,"default":"uuid()"},
              {"name":"p","type":"PATH","nullable":"false"},{"name":"s","type":"ENUM","nullable":false},
              {"name":"x","type":"TXT","nullable":false},{"name":"a_id","type":"INTEGER","nullable":false}],
              "foreignKeys":[{"column":"a_id","referencedTable":"a","referencedColumns":["id"]}]}]}"#,
        );
        let said = |code: &str, message_part: &str| {
            found
                .iter()
                .find(|(c, m, _)| c == code && m.contains(message_part))
                .map(|(_, _, suggestion)| suggestion.clone())
                .unwrap_or_else(|| panic!("{code} {message_part}: {found:?}"))
        };
        assert!(said("TYPE_MISMATCH", "'PATH'").starts_with("use one of"));
        assert!(said("TYPE_MISMATCH", "'ENUM'").contains("CHECK constraint"));
        assert_eq!(said("TYPE_MISMATCH", "'TXT'"), "did you mean 'TEXT'?");
        assert_eq!(
            said("INVALID_SPEC", "nullable"),
            "write true or false without quotes"
        );
        // The alias is read as meant (the foreign key is checked) and said with the JSON to
        // write in its place (src/field_aliases.rs).
        assert_eq!(
            said("INVALID_SPEC", "foreignKeys[0].columns is missing"),
            "write \"columns\": [\"a_id\"] instead of \"column\": \"a_id\""
        );
        assert!(
            !found.iter().any(|(c, _, _)| c == "UNKNOWN_FIELD"),
            "{found:?}"
        );
        // The table a has no key: said beside b's parser errors, with JSON to paste.
        assert_eq!(
            said("MISSING_PRIMARY_KEY", "'a'"),
            "add \"primaryKey\": [\"id\"] to the table, or make 'id' an INTEGER column with \"autoIncrement\": true"
        );
        let found = issues(
            r#"{"description":"d","databaseType":"mysql","tables":[{"name":"b","primaryKey":["id"],
            "columns":[{"name":"id","type":"UUID","nullable":false,"default":"uuid()"}]}]}"#,
        );
        assert!(
            found[0].2.contains("{ \"expression\": \"UUID()\" }"),
            "{found:?}"
        );
    }

    /// From a second rounds trial: a foreign key already on the name a rename would give is no
    /// error (the did-you-mean pointed at the name being renamed); a column-level primary key
    /// is one error, not three; the same on a column the table's key lists is a warning; a
    /// column listed twice is DUPLICATE_COLUMN alone on SQLite (the engine probe failed on it
    /// and hid the CHECK's real error); a column's references keeps its actions.
    #[test]
    fn one_mistake_is_one_error() {
        let errors = |json: &str| -> Vec<(String, String)> {
            crate::generate_str(json)
                .validation
                .errors
                .iter()
                .map(|e| {
                    (
                        e.code.as_str().to_string(),
                        e.suggestion.clone().unwrap_or_default(),
                    )
                })
                .collect()
        };
        let codes =
            |json: &str| -> Vec<String> { errors(json).into_iter().map(|(c, _)| c).collect() };
        // ('user' is reserved in PostgreSQL, not in MySQL, where a key to 'users' is an error.)
        for (db, name, referenced) in [("mysql", "Users", "users"), ("postgresql", "user", "users")]
        {
            let found = codes(&format!(
                r#"{{"description":"d","databaseType":"{db}","tables":[
                {{"name":"{name}","columns":[{{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}}]}},
                {{"name":"posts","columns":[{{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}},
                  {{"name":"user_id","type":"INTEGER","nullable":false}}],
                  "foreignKeys":[{{"columns":["user_id"],"referencedTable":"{referenced}","referencedColumns":["id"]}}]}}]}}"#
            ));
            assert_eq!(found.len(), 1, "{name}: {found:?}");
            assert!(
                found[0] == "INVALID_TABLE_NAME" || found[0] == "RESERVED_KEYWORD",
                "{found:?}"
            );
        }
        let keyed = |column_fields: &str, table_key: &str| {
            format!(
                r#"{{"description":"d","databaseType":"postgresql","timestamps":false,"tables":[
                {{"name":"countries",{table_key}"columns":[{{"name":"code","type":"CHAR","length":2,"nullable":false{column_fields}}}]}},
                {{"name":"cities","columns":[{{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}},
                  {{"name":"country_code","type":"CHAR","length":2,"nullable":false}}],
                  "foreignKeys":[{{"columns":["country_code"],"referencedTable":"countries","referencedColumns":["code"]}}]}}]}}"#
            )
        };
        assert_eq!(codes(&keyed(r#","primaryKey":true"#, "")), ["INVALID_SPEC"]);
        let r = crate::generate_str(&keyed(r#","primaryKey":true"#, r#""primaryKey":["code"],"#));
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        assert!(r.validation.warnings.iter().any(
            |w| w.code == Code::UnknownField && w.message.contains("already lists the column")
        ));
        assert_eq!(
            codes(
                r#"{"description":"d","databaseType":"sqlite","tables":[{"name":"t","columns":[
                {"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},
                {"name":"q","type":"INTEGER","nullable":false},{"name":"q","type":"INTEGER","nullable":false}],
                "checkConstraints":[{"name":"chk_t_q","expression":"q > 0"}]}]}"#
            ),
            ["DUPLICATE_COLUMN"]
        );
        let found = errors(
            r#"{"description":"d","databaseType":"sqlite","tables":[{"name":"t","columns":[
            {"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},
            {"name":"a_id","type":"INTEGER","nullable":true,"references":{"table":"a","column":"id","onDelete":"SET NULL"},"onUpdate":"CASCADE"}]}]}"#,
        );
        assert!(found[0].1.contains(r#""referencedTable": "a", "referencedColumns": ["id"], "onDelete": "SET NULL", "onUpdate": "CASCADE" }"#), "{found:?}");
        let found = errors(
            r#"{"description":"d","databaseType":"mysql","tables":[{"name":"t","columns":[
            {"name":"id","type":"VARCHAR","length":20,"nullable":false,"autoIncrement":true}]}]}"#,
        );
        assert!(
            found.iter().any(
                |(_, s)| s.contains("\"type\": \"INTEGER\" (or \"BIGINT\") without its length")
            ),
            "{found:?}"
        );
    }

    /// From a review: a table's field on a column that the table declares itself (the same
    /// foreign key, index or CHECK) is a warning, the spec valid, as before; "false" and 0 ask
    /// for nothing. Two autoIncrement columns beside an autoIncrement key: the extra one is told
    /// to drop it, and the key is told nothing.
    #[test]
    fn a_table_field_the_table_declares_too_is_only_a_warning() {
        let r = crate::generate_str(
            r#"{"description":"d","databaseType":"postgresql","timestamps":false,"tables":[
            {"name":"countries","primaryKey":["code"],"columns":[{"name":"code","type":"CHAR","length":2,"nullable":false}]},
            {"name":"users","primaryKey":["id"],"columns":[
              {"name":"id","type":"INTEGER","nullable":false,"primaryKey":true},
              {"name":"country_code","type":"CHAR","length":2,"nullable":false,
               "references":{"table":"countries","column":"code"},"index":true,"check":"length(country_code) = 2"},
              {"name":"a","type":"INTEGER","nullable":true,"indexed":"false","index":0}],
              "foreignKeys":[{"columns":["country_code"],"referencedTable":"countries","referencedColumns":["code"]}],
              "checkConstraints":[{"name":"chk_users_country_code","expression":"length(country_code) = 2"}],
              "indexes":[{"name":"idx_users_country_code","columns":["country_code"]}]}]}"#,
        );
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        let said: Vec<&str> = r
            .validation
            .warnings
            .iter()
            .filter(|w| w.code == Code::UnknownField)
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(said.len(), 6, "{said:?}");
        assert_eq!(
            said.iter()
                .filter(|m| m.contains("nothing is lost"))
                .count(),
            4,
            "{said:?}"
        );
        let r = crate::generate_str(
            r#"{"description":"d","databaseType":"postgresql","timestamps":false,"tables":[{"name":"t","primaryKey":["id"],"columns":[
            {"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},
            {"name":"seq","type":"INTEGER","nullable":false,"autoIncrement":true}]}]}"#,
        );
        let found: Vec<(&str, &str, &str)> = r
            .validation
            .errors
            .iter()
            .map(|e| {
                (
                    e.column.as_deref().unwrap_or_default(),
                    e.message.as_str(),
                    e.suggestion.as_deref().unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [(
                "seq",
                "a table can have only one autoIncrement column, and its primary key 'id' is one",
                "remove autoIncrement from 'seq'"
            )]
        );
    }

    /// A default or CHECK expression calling a function the database lacks is UNKNOWN_FUNCTION,
    /// a warning (a function of the user's own or of an extension may exist when the migration
    /// runs); on the servers: `__test__/unknown-functions.test.mjs`.
    #[test]
    fn calls_of_functions_the_database_lacks_are_warned_about() {
        let warned = |db: &str,
                      default: &str,
                      check: &str|
         -> Vec<(Option<String>, Option<String>, String)> {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{{"name":"t","primaryKey":["id"],
                "columns":[{{"name":"id","type":"UUID","nullable":false,"default":{{"expression":"{default}"}}}},
                {{"name":"s","type":"VARCHAR","length":10,"nullable":false}}],
                "checkConstraints":[{{"name":"chk_t_s","expression":"{check}"}}]}}]}}"#
            ));
            assert!(r.validation.valid, "{:?}", r.validation.errors);
            r.validation
                .warnings
                .iter()
                .filter(|w| w.code == Code::UnknownFunction)
                .map(|w| (w.column.clone(), w.constraint.clone(), w.message.clone()))
                .collect()
        };
        let found = warned(
            "postgresql",
            "uuid_generate_v4()",
            "len(s) > 0 AND char_length(s) < 9",
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0.as_deref(), Some("id"));
        assert!(
            found[0]
                .2
                .contains("uuid_generate_v4(), which is not a built-in function of PostgreSQL 15"),
            "{found:?}"
        );
        assert_eq!(found[1].1.as_deref(), Some("chk_t_s"));
        assert!(
            found[1]
                .2
                .starts_with("the CHECK expression of 'chk_t_s' calls len()"),
            "{found:?}"
        );
        assert!(warned("postgresql", "gen_random_uuid()", "char_length(s) < 9").is_empty());
        let found = warned("mysql", "UUID()", "regexp_like(s, 'a')");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .2
                .contains("not a built-in function of MariaDB 10.11"),
            "{found:?}"
        );
    }

    /// A string default of a text column that is exactly a call of a function the dialect has
    /// is stored as that text (a user trial: rows held `datetime('now')`): a warning with the
    /// `{ expression }` to write. Text that only looks like one is left alone.
    #[test]
    fn a_string_default_that_calls_a_known_function_is_warned_about() {
        let warned = |db: &str, ty: &str, default: &str| -> Vec<(String, String)> {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{{"name":"t","primaryKey":["id"],
                "columns":[{{"name":"id","type":"INTEGER","nullable":false}},
                {{"name":"s","type":"{ty}"{},"nullable":false,"default":{}}}]}}]}}"#,
                if ty == "VARCHAR" {
                    r#","length":40"#
                } else {
                    ""
                },
                serde_json::to_string(default).unwrap()
            ));
            assert!(r.validation.valid, "{:?}", r.validation.errors);
            r.validation
                .warnings
                .iter()
                .filter(|w| w.code == Code::InvalidDefault)
                .map(|w| (w.message.clone(), w.suggestion.clone().unwrap_or_default()))
                .collect()
        };
        for (db, ty, default, write) in [
            (
                "sqlite",
                "TEXT",
                "datetime('now')",
                r#"{ "expression": "datetime('now')" }"#,
            ),
            (
                "sqlite",
                "TEXT",
                "current_timestamp",
                r#"{ "expression": "current_timestamp" }"#,
            ),
            (
                "postgresql",
                "TEXT",
                "gen_random_uuid()",
                r#"{ "expression": "gen_random_uuid()" }"#,
            ),
            (
                "postgresql",
                "VARCHAR",
                "now()",
                r#"{ "expression": "now()" }"#,
            ),
            (
                "postgresql",
                "TEXT",
                "current_date",
                r#"{ "expression": "current_date" }"#,
            ),
            (
                "mysql",
                "VARCHAR",
                "uuid()",
                r#"{ "expression": "uuid()" }"#,
            ),
            (
                "mysql",
                "TEXT",
                " current_timestamp() ",
                r#"{ "expression": "current_timestamp()" }"#,
            ),
        ] {
            let found = warned(db, ty, default);
            assert_eq!(found.len(), 1, "{db} {default}: {found:?}");
            assert!(found[0].0.contains("is stored as that text"), "{found:?}");
            assert!(found[0].1.contains(write), "{db} {default}: {found:?}");
        }
        let found = warned("sqlite", "TEXT", "datetime('now')");
        assert!(
            found[0].1.contains(r#""default": "CURRENT_TIMESTAMP""#),
            "{found:?}"
        );
        // Ordinary text, a function the dialect lacks, words in parentheses, a call that reads
        // a column (no default could), the clock word spelled as the spec takes it.
        for (db, default) in [
            ("sqlite", "hello (world)"),
            ("sqlite", "hello(world)"),
            ("sqlite", "now()"),
            ("postgresql", "datetime('now')"),
            ("postgresql", "lower (case)"),
            ("postgresql", "max(a)"),
            ("postgresql", "CURRENT_TIMESTAMP"),
            ("mysql", "gen_random_uuid()"),
            ("mysql", "user"),
            ("postgresql", "draft"),
        ] {
            assert!(warned(db, "TEXT", default).is_empty(), "{db} {default}");
        }
    }

    /// A current-time keyword written as a string default without parentheses and in other
    /// than capitals (`current_date`) is text on each engine (seen on SQLite 3.40.1 and 3.50,
    /// PostgreSQL 15, MariaDB 10.11): the warning names the spelling the spec reads as the
    /// current time, and no `current_date()`, which SQLite and PostgreSQL refuse as a syntax
    /// error. MySQL's LOCALTIME is NOW(); PostgreSQL's has no spec spelling. A DATE column's
    /// error says the same.
    #[test]
    fn a_string_default_that_is_a_lower_case_clock_keyword_names_the_capitals() {
        let issue = |db: &str, ty: &str, default: &str| -> (String, String) {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{{"name":"t","primaryKey":["id"],
                "columns":[{{"name":"id","type":"INTEGER","nullable":false}},
                {{"name":"s","type":"{ty}","nullable":true,"default":{}}}]}}]}}"#,
                serde_json::to_string(default).unwrap()
            ));
            let found: Vec<&Issue> = (r.validation.errors.iter())
                .chain(&r.validation.warnings)
                .filter(|w| w.code == Code::InvalidDefault)
                .collect();
            assert_eq!(found.len(), 1, "{db} {default}: {found:?}");
            (
                found[0].message.clone(),
                found[0].suggestion.clone().unwrap_or_default(),
            )
        };
        for db in ["sqlite", "postgresql", "mysql"] {
            for (default, spelled, what) in [
                ("current_date", "CURRENT_DATE", "date"),
                (" Current_Timestamp", "CURRENT_TIMESTAMP", "date and time"),
                ("current_time", "CURRENT_TIME", "time of day"),
            ] {
                let (message, suggestion) = issue(db, "TEXT", default);
                assert_eq!(
                    message,
                    format!("the string default '{default}' is stored as that text, the same in every row: a string default is a literal, and only \"{spelled}\", in capitals, is read as the current {what}"),
                    "{db}"
                );
                assert_eq!(
                    suggestion,
                    format!("for the current {what} write \"default\": \"{spelled}\" (each database writes it in its own idiom), or \"default\": {{ \"expression\": \"{}\" }}; to store the text itself, leave it as it is", default.trim()),
                    "{db}"
                );
            }
            let (_, suggestion) = issue(db, "DATE", "current_date");
            assert!(
                suggestion.starts_with("for the current date write \"CURRENT_DATE\", in capitals"),
                "{db}: {suggestion}"
            );
            let (_, suggestion) = issue(db, "TIMESTAMP", "current_timestamp()");
            assert!(
                suggestion.starts_with("for the current date and time write \"CURRENT_TIMESTAMP\""),
                "{db}: {suggestion}"
            );
            let (_, suggestion) = issue(db, "DATE", "tomorrow");
            assert_eq!(
                suggestion, "use the form 2026-01-31, or CURRENT_DATE",
                "{db}"
            );
        }
        let (message, _) = issue("mysql", "TEXT", "localtime");
        assert!(
            message.ends_with(
                "only \"CURRENT_TIMESTAMP\", in capitals, is read as the current date and time"
            ),
            "{message}"
        );
        let (_, suggestion) = issue("mysql", "TEXT", "localtime()");
        assert!(
            suggestion.contains(r#"(or "default": "CURRENT_TIMESTAMP""#),
            "{suggestion}"
        );
        for default in ["localtime", "localtimestamp"] {
            let (message, suggestion) = issue("postgresql", "TEXT", default);
            assert_eq!(
                message,
                format!("the string default '{default}' is stored as that text, the same in every row: a string default is a literal, and the keyword {} in it is not evaluated", default.to_uppercase())
            );
            assert!(!suggestion.contains("CURRENT_"), "{suggestion}");
        }
    }

    /// On SQLite, what came after 3.35 is warned about, once per expression, with the version
    /// each needs; what 3.35 has is not. The bundled engine runs the migration all the same.
    #[test]
    fn sqlite_functions_and_operators_newer_than_3_35_are_warned_about() {
        let generate = |default: &str, check: &str| {
            crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"sqlite","timestamps":false,"tables":[{{"name":"t","primaryKey":["id"],
                "columns":[{{"name":"id","type":"INTEGER","nullable":false}},
                {{"name":"at","type":"INTEGER","nullable":true,"default":{{"expression":"{default}"}}}},
                {{"name":"doc","type":"TEXT","nullable":true}}],
                "checkConstraints":[{{"name":"chk_t_doc","expression":"{check}"}}]}}]}}"#
            ))
        };
        let r = generate(
            "unixepoch()",
            "concat(doc, 'x') <> '' AND (doc ->> '$.n') IS DISTINCT FROM 3",
        );
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        let found: Vec<_> = r
            .validation
            .warnings
            .iter()
            .filter(|w| w.code == Code::UnknownFunction)
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].column.as_deref(), Some("at"));
        assert_eq!(
            found[0].message,
            "the default expression uses what SQLite added after 3.35 (unixepoch() in 3.38): the migration runs, but every insert that leaves the column out fails, on a SQLite older than 3.38, such as a system's or a phone's (a driver's own is often newer)"
        );
        assert_eq!(found[1].constraint.as_deref(), Some("chk_t_doc"));
        assert!(
            found[1].message.starts_with("the CHECK expression of 'chk_t_doc' uses what SQLite added after 3.35 (concat() in 3.44, IS DISTINCT FROM in 3.39, ->> in 3.38): the migration fails on a SQLite older than 3.44"),
            "{found:?}"
        );
        let db = crate::sqlite_memory::open_in_memory().unwrap();
        db.execute_batch(&r.up_migration).unwrap();
        db.execute("INSERT INTO t (id, doc) VALUES (1, '{\"n\": 4}')", [])
            .unwrap();
        let at: i64 = db.query_row("SELECT at FROM t", [], |r| r.get(0)).unwrap();
        assert!(at > 1_700_000_000, "{at}");
        let old = generate(
            "strftime('%s', 'now')",
            "json_extract(doc, '$.n') <> 3 AND iif(doc IS NULL, 1, length(doc) > 0)",
        );
        assert!(old.validation.valid, "{:?}", old.validation.errors);
        assert!(
            !old.validation
                .warnings
                .iter()
                .any(|w| w.code == Code::UnknownFunction),
            "{:?}",
            old.validation.warnings
        );
    }

    /// Two forms of a call of a function SQLite 3.35 has came later: json_valid()'s flags
    /// (3.45; 3.40.1 says "wrong number of arguments"), warned about as a function is; the
    /// modifier 'subsec' (3.42; 3.40.1 returns NULL, without an error), with a warning of its
    /// own for each place. What 3.35 has is not warned about. The bundled SQLite runs them.
    /// On SQLite 3.40.1 and sql.js: `__test__/unknown-functions.test.mjs`.
    #[test]
    fn sqlite_json_valid_flags_and_subsec_are_warned_about() {
        let generate = |default: &str, check: &str, predicate: &str| {
            let spec = serde_json::json!({"description": "d", "databaseType": "sqlite", "timestamps": false, "tables": [{"name": "t", "primaryKey": ["id"],
                "columns": [{"name": "id", "type": "INTEGER", "nullable": false},
                    {"name": "at", "type": "TEXT", "nullable": true, "default": {"expression": default}},
                    {"name": "doc", "type": "TEXT", "nullable": true}],
                "checkConstraints": [{"name": "chk_t_doc", "expression": check}],
                "indexes": [{"name": "ix_t_doc", "columns": ["doc"], "where": predicate}]}]});
            let r = crate::generate_str(&spec.to_string());
            assert!(r.validation.valid, "{:?}", r.validation.errors);
            let found: Vec<(String, String)> = (r.validation.warnings.iter())
                .filter(|w| w.code == Code::UnknownFunction)
                .map(|w| {
                    let place = w.constraint.clone().or_else(|| w.column.clone());
                    (place.unwrap_or_default(), w.message.clone())
                })
                .collect();
            (r, found)
        };
        let (r, found) = generate(
            "datetime('now', 'subsec')",
            "unixepoch(doc, 'SubSecond') > 0",
            "datetime(doc, '+1 day', 'subsec') > '2026'",
        );
        let elsewhere = "a SQLite older than 3.42, such as a system's or a phone's (a driver's own is often newer), takes it without an error and the function returns NULL,";
        assert_eq!(
            found,
            [
                ("at".to_string(), format!("the default expression uses the date and time modifier 'subsec', which SQLite added in 3.42: {elsewhere} so each row that leaves the column out gets NULL (a NOT NULL column refuses the insert)")),
                ("chk_t_doc".to_string(), format!("the CHECK expression of 'chk_t_doc' uses the date and time modifier 'subsec', which SQLite added in 3.42: {elsewhere} and a CHECK that is NULL passes: the CHECK lets through the rows it should refuse")),
                ("chk_t_doc".to_string(), "the CHECK expression of 'chk_t_doc' uses what SQLite added after 3.35 (unixepoch() in 3.38): the migration fails on a SQLite older than 3.38, such as a system's or a phone's (a driver's own is often newer)".to_string()),
                ("ix_t_doc".to_string(), format!("the partial-index WHERE expression of 'ix_t_doc' uses the date and time modifier 'subsec', which SQLite added in 3.42: {elsewhere} so the WHERE is NULL, not true, for the rows it should hold: the partial index leaves them out (a unique one no longer refuses their duplicates)")),
            ]
        );
        let db = crate::sqlite_memory::open_in_memory().unwrap();
        db.execute_batch(&r.up_migration).unwrap();
        db.execute(
            "INSERT INTO t (id, doc) VALUES (1, '2026-01-31 10:00:00.25')",
            [],
        )
        .unwrap();
        let at: String = db.query_row("SELECT at FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(at.len(), "2026-01-31 10:00:00.250".len(), "{at}");

        let (r, found) = generate(
            "json_valid('{}', 1)",
            "json_valid(doc, 6)",
            "json_valid(doc, 1)",
        );
        let flags = "uses what SQLite added after 3.35 (json_valid() with a second argument (flags) in 3.45):";
        let tail = "on a SQLite older than 3.45, such as a system's or a phone's (a driver's own is often newer)";
        assert_eq!(
            found,
            [
                ("at".to_string(), format!("the default expression {flags} the migration runs, but every insert that leaves the column out fails, {tail}")),
                ("chk_t_doc".to_string(), format!("the CHECK expression of 'chk_t_doc' {flags} the migration fails {tail}")),
                ("ix_t_doc".to_string(), format!("the partial-index WHERE expression of 'ix_t_doc' {flags} the migration fails {tail}")),
            ]
        );
        let db = crate::sqlite_memory::open_in_memory().unwrap();
        db.execute_batch(&r.up_migration).unwrap();
        db.execute("INSERT INTO t (id, doc) VALUES (1, '{}')", [])
            .unwrap();
        assert!(db
            .execute("INSERT INTO t (id, doc) VALUES (2, 'x')", [])
            .is_err());

        // What 3.35 has: one argument, other modifiers, 'subsec' as strftime's format or as a
        // time value, or as plain text. (A time value of 'subsec' reads the clock, which a
        // default may do and a partial index's WHERE may not: see `expr::sqlite_refused_in_index`.)
        let (_, found) = generate(
            "date('subsec')",
            "json_valid(doc) AND datetime(doc, '+1 day') IS NOT NULL AND doc <> 'subsec'",
            "strftime('subsec', doc) IS NULL",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    /// The UNKNOWN_FUNCTION warnings of a result, as (table, constraint or column).
    fn unknown_function_places(r: &crate::output::GeneratedMigration) -> Vec<(String, String)> {
        let mut found: Vec<(String, String)> = (r.validation.warnings.iter())
            .filter(|w| w.code == Code::UnknownFunction)
            .map(|w| {
                let place = w.constraint.clone().or_else(|| w.column.clone());
                (
                    w.table.clone().unwrap_or_default(),
                    place.unwrap_or_default(),
                )
            })
            .collect();
        found.sort();
        found
    }

    /// `kept` is left as it is, with a default, a CHECK and a partial index over concat()
    /// (SQLite 3.44); `rebuilt` keeps its CHECK over concat(), and a column changed from
    /// INTEGER to TEXT rebuilds it; `checked` gets a CHECK over concat(); `indexed` gets a
    /// column (ADD COLUMN, no rebuild) and a partial index over concat(), and keeps its older
    /// one. The tables before (`after` false) or after the change.
    fn sqlite_scope_tables(after: bool) -> serde_json::Value {
        let n_type = if after { "TEXT" } else { "INTEGER" };
        let mut checked = serde_json::json!({"name": "checked", "primaryKey": ["id"], "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false},
            {"name": "s", "type": "TEXT", "nullable": true}]});
        let mut indexed = serde_json::json!({"name": "indexed", "primaryKey": ["id"], "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false},
            {"name": "s", "type": "TEXT", "nullable": true}],
            "indexes": [{"name": "ix_indexed_old", "columns": ["s"], "where": "concat(s, 'q') <> 'r'"}]});
        if after {
            checked["checkConstraints"] =
                serde_json::json!([{"name": "chk_checked", "expression": "concat(s, '') <> 'y'"}]);
            indexed["columns"]
                .as_array_mut()
                .unwrap()
                .push(serde_json::json!({"name": "t", "type": "TEXT", "nullable": true}));
            indexed["indexes"]
                .as_array_mut()
                .unwrap()
                .push(serde_json::json!(
                    {"name": "ix_indexed_new", "columns": ["t"], "where": "concat(t, '') <> ''"}
                ));
        }
        serde_json::json!([
            {"name": "kept", "primaryKey": ["id"], "columns": [
                {"name": "id", "type": "INTEGER", "nullable": false},
                {"name": "s", "type": "TEXT", "nullable": true, "default": {"expression": "concat('a', 'b')"}}],
             "checkConstraints": [{"name": "chk_kept", "expression": "concat(s, '') <> 'x'"}],
             "indexes": [{"name": "ix_kept", "columns": ["s"], "where": "concat(s, 'y') <> 'z'"}]},
            {"name": "rebuilt", "primaryKey": ["id"], "columns": [
                {"name": "id", "type": "INTEGER", "nullable": false},
                {"name": "n", "type": n_type, "nullable": true},
                {"name": "s", "type": "TEXT", "nullable": true}],
             "checkConstraints": [{"name": "chk_rebuilt", "expression": "concat(s, '') <> 'x'"}]},
            checked,
            indexed,
        ])
    }

    /// A migration made against a database (previousSpec, or the SQLite file itself) warns
    /// about an expression SQLite 3.35 lacks only where it writes it: not for a table it leaves
    /// as it is (the warning said "the migration fails" of SQL the migration does not have), nor
    /// for an index of a table it changes without a rebuild; for a table it rebuilds, a CHECK
    /// it adds and an index it creates, yes. A plain CREATE still warns about each. The bundled
    /// SQLite runs each migration on the database the previous spec made.
    #[test]
    fn sqlite_expression_warnings_only_for_what_the_migration_writes() {
        let spec = |tables: serde_json::Value| serde_json::json!({"description": "d", "databaseType": "sqlite", "timestamps": false, "tables": tables});
        let place = |t: &str, p: &str| (t.to_string(), p.to_string());
        let written = vec![
            place("checked", "chk_checked"),
            place("indexed", "ix_indexed_new"),
            place("rebuilt", "chk_rebuilt"),
        ];
        let before = crate::generate_str(&spec(sqlite_scope_tables(false)).to_string());
        assert!(before.validation.valid, "{:?}", before.validation.errors);

        let mut from_previous = spec(sqlite_scope_tables(true));
        from_previous["previousSpec"] = spec(sqlite_scope_tables(false));
        let r = crate::generate_str(&from_previous.to_string());
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        assert_eq!(unknown_function_places(&r), written);
        // What it leaves out, it does not write.
        assert!(
            !r.up_migration.contains("concat('a', 'b')"),
            "{}",
            r.up_migration
        );
        assert!(!r.up_migration.contains("ix_kept"), "{}", r.up_migration);
        let db = crate::sqlite_memory::open_in_memory().unwrap();
        db.execute_batch(&before.up_migration).unwrap();
        db.execute_batch(&r.up_migration).unwrap();
        db.execute_batch(&r.down_migration).unwrap();

        let dir = std::env::temp_dir().join(format!("mg-scope-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("app.db");
        let _ = std::fs::remove_file(&path);
        crate::sqlite_memory::open(&path)
            .unwrap()
            .execute_batch(&before.up_migration)
            .unwrap();
        let mut from_file = spec(sqlite_scope_tables(true));
        from_file["existingDbPath"] = path.to_string_lossy().into();
        let r = crate::generate_str(&from_file.to_string());
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        assert_eq!(unknown_function_places(&r), written);
        crate::sqlite_memory::open(&path)
            .unwrap()
            .execute_batch(&r.up_migration)
            .unwrap();
        std::fs::remove_dir_all(&dir).unwrap();

        let created = crate::generate_str(&spec(sqlite_scope_tables(true)).to_string());
        assert!(created.validation.valid, "{:?}", created.validation.errors);
        assert_eq!(
            unknown_function_places(&created),
            [
                place("checked", "chk_checked"),
                place("indexed", "ix_indexed_new"),
                place("indexed", "ix_indexed_old"),
                place("kept", "chk_kept"),
                place("kept", "ix_kept"),
                place("kept", "s"),
                place("rebuilt", "chk_rebuilt"),
            ]
        );
    }

    /// MySQL's FOREIGN_KEY_ACTION_LIMITED warnings, as (table, foreign key or the cycle's
    /// tables), sorted.
    fn limited_actions(r: &crate::output::GeneratedMigration) -> Vec<(String, String)> {
        let mut found: Vec<(String, String)> = (r.validation.warnings.iter())
            .filter(|w| w.code == Code::ForeignKeyActionLimited)
            .map(|w| {
                let what = w.constraint.clone().unwrap_or_else(|| {
                    let delete = w.message.contains("cascade ON DELETE round a cycle");
                    format!("{} cycle", if delete { "delete" } else { "update" })
                });
                (w.table.clone().unwrap_or_default(), what)
            })
            .collect();
        found.sort();
        found
    }

    /// A MySQL spec of a tree (`nodes`, ON DELETE and ON UPDATE CASCADE to itself), two tables
    /// that cascade ON DELETE into each other (`a`, `b`), and `items`; `edit` changes its JSON.
    fn cascading_tables(edit: impl Fn(&mut serde_json::Value)) -> serde_json::Value {
        let int =
            |name: &str| serde_json::json!({"name": name, "type": "INTEGER", "nullable": true});
        let id = serde_json::json!({"name": "id", "type": "INTEGER", "nullable": false});
        let fk = |column: &str, to: &str| serde_json::json!({"columns": [column], "referencedTable": to, "referencedColumns": ["id"], "onDelete": "CASCADE"});
        let mut tree = fk("parent_id", "nodes");
        tree["onUpdate"] = "CASCADE".into();
        let mut spec = serde_json::json!({"description": "d", "databaseType": "mysql", "timestamps": false, "tables": [
            {"name": "nodes", "primaryKey": ["id"], "columns": [id, int("parent_id")], "foreignKeys": [tree]},
            {"name": "a", "primaryKey": ["id"], "columns": [id, int("b_id")], "foreignKeys": [fk("b_id", "b")]},
            {"name": "b", "primaryKey": ["id"], "columns": [id, int("a_id")], "foreignKeys": [fk("a_id", "a")]},
            {"name": "items", "primaryKey": ["id"], "columns": [id]},
        ]});
        edit(&mut spec);
        spec
    }

    /// From previousSpec, MySQL's FOREIGN_KEY_ACTION_LIMITED is said only when the migration
    /// writes the foreign key (creates its table, adds it, changes it) or, for a cycle of
    /// tables, one of the cycle's: not on every later migration of the schema (a user got the
    /// same warning on each). A plain CREATE says each.
    #[test]
    fn mysql_limited_foreign_key_actions_are_said_only_when_the_migration_writes_them() {
        let said = |previous: serde_json::Value, now: serde_json::Value| {
            let mut spec = now;
            spec["previousSpec"] = previous;
            let r = crate::generate_str(&spec.to_string());
            assert!(r.validation.valid, "{:?}", r.validation.errors);
            limited_actions(&r)
        };
        let pair = |t: &str, what: &str| (t.to_string(), what.to_string());
        let all = vec![
            pair("a", "delete cycle"),
            pair("nodes", "fk_nodes_parent_id"),
            pair("nodes", "fk_nodes_parent_id"),
        ];
        let created = crate::generate_str(&cascading_tables(|_| {}).to_string());
        assert_eq!(limited_actions(&created), all);
        // A column added to another table, and one added to the tree and to a table of the
        // cycle: none of the foreign keys is written.
        let unrelated = cascading_tables(|s| {
            s["tables"][3]["columns"]
                .as_array_mut()
                .unwrap()
                .push(serde_json::json!({"name": "n", "type": "INTEGER", "nullable": true}));
            for t in [0, 1] {
                s["tables"][t]["columns"].as_array_mut().unwrap().push(
                    serde_json::json!({"name": "note", "type": "VARCHAR", "length": 20, "nullable": true}),
                );
            }
        });
        assert!(said(cascading_tables(|_| {}), unrelated).is_empty());
        // The tree's key given its actions, one key of the cycle made CASCADE: said.
        let plain = cascading_tables(|s| {
            let tree = &mut s["tables"][0]["foreignKeys"][0];
            tree.as_object_mut().unwrap().remove("onUpdate");
            tree.as_object_mut().unwrap().remove("onDelete");
            s["tables"][2]["foreignKeys"][0]["onDelete"] = "RESTRICT".into();
        });
        assert_eq!(said(plain.clone(), cascading_tables(|_| {})), all);
        // Only the cycle's key changed: only the cycle said.
        let restricted = cascading_tables(|s| {
            s["tables"][2]["foreignKeys"][0]["onDelete"] = "RESTRICT".into();
        });
        assert_eq!(
            said(restricted, cascading_tables(|_| {})),
            [pair("a", "delete cycle")]
        );
        // A table of the cycle created: the cycle is the migration's.
        let without_b = cascading_tables(|s| {
            s["tables"].as_array_mut().unwrap().remove(2);
            s["tables"][1]["foreignKeys"] = serde_json::json!([]);
        });
        assert_eq!(
            said(without_b, cascading_tables(|_| {})),
            [pair("a", "delete cycle")]
        );
    }

    /// From previousSpec on PostgreSQL and MySQL, a function the database lacks is warned
    /// about only in what the migration writes: a CHECK it adds, not the CHECK, default or
    /// index WHERE of a table it leaves as it is, nor the CHECK of a table it adds a column to.
    /// On the servers: `__test__/unknown-functions.test.mjs`.
    #[test]
    fn server_expression_warnings_only_for_what_the_migration_writes() {
        for (db, lacking) in [("postgresql", "len(s)"), ("mysql", "len(s)")] {
            let tables = |after: bool| {
                let mut kept = serde_json::json!({"name": "kept", "primaryKey": ["id"], "columns": [
                    {"name": "id", "type": "INTEGER", "nullable": false},
                    {"name": "s", "type": "VARCHAR", "length": 40, "nullable": true},
                    {"name": "code", "type": "VARCHAR", "length": 40, "nullable": true, "default": {"expression": "make_code()"}}],
                    "checkConstraints": [{"name": "chk_kept", "expression": format!("{lacking} > 0")}]});
                if db == "postgresql" {
                    kept["indexes"] = serde_json::json!([{"name": "ix_kept", "columns": ["s"], "where": format!("{lacking} > 3")}]);
                }
                let mut touched = serde_json::json!({"name": "touched", "primaryKey": ["id"], "columns": [
                    {"name": "id", "type": "INTEGER", "nullable": false},
                    {"name": "s", "type": "VARCHAR", "length": 40, "nullable": true}]});
                let mut widened = serde_json::json!({"name": "widened", "primaryKey": ["id"], "columns": [
                    {"name": "id", "type": "INTEGER", "nullable": false},
                    {"name": "s", "type": "VARCHAR", "length": 40, "nullable": true}],
                    "checkConstraints": [{"name": "chk_widened", "expression": format!("{lacking} > 2")}]});
                if after {
                    // `length(` is written `CHAR_LENGTH(` on MySQL: the CHECK is still found as written.
                    touched["checkConstraints"] = serde_json::json!([{"name": "chk_touched", "expression": format!("length(s) > 0 AND {lacking} > 1")}]);
                    widened["columns"].as_array_mut().unwrap().push(
                        serde_json::json!({"name": "m", "type": "INTEGER", "nullable": true}),
                    );
                }
                serde_json::json!({"description": "d", "databaseType": db, "timestamps": false, "tables": [kept, touched, widened]})
            };
            let mut spec = tables(true);
            spec["previousSpec"] = tables(false);
            let r = crate::generate_str(&spec.to_string());
            assert!(r.validation.valid, "{db}: {:?}", r.validation.errors);
            assert_eq!(
                unknown_function_places(&r),
                [("touched".to_string(), "chk_touched".to_string())],
                "{db}"
            );
            assert!(
                !r.up_migration.contains("make_code"),
                "{db}: {}",
                r.up_migration
            );
            let created = crate::generate_str(&tables(true).to_string());
            let expected = if db == "postgresql" { 5 } else { 4 };
            assert_eq!(unknown_function_places(&created).len(), expected, "{db}");
        }
    }

    /// The (table, column) of each INVALID_DEFAULT warning of a result.
    fn string_call_default_places(r: &crate::output::GeneratedMigration) -> Vec<(String, String)> {
        let mut found: Vec<(String, String)> = (r.validation.warnings.iter())
            .filter(|w| w.code == Code::InvalidDefault)
            .map(|w| {
                (
                    w.table.clone().unwrap_or_default(),
                    w.column.clone().unwrap_or_default(),
                )
            })
            .collect();
        found.sort();
        found
    }

    /// The tables of [`string_call_defaults_warned_only_where_the_migration_writes_them`]
    /// before (`after` false) or after the change, each with a text column `s` whose string
    /// default is the call `call` (or, in `changed` before, plain text): `kept` is left as it
    /// is, `touched` gets a column without a default, `added` gets `s`, `changed` has its
    /// default changed to the call, `created` is new.
    fn string_call_default_tables(call: &str, after: bool) -> serde_json::Value {
        let id = serde_json::json!({"name": "id", "type": "INTEGER", "nullable": false});
        let s = |default: &str| serde_json::json!({"name": "s", "type": "TEXT", "nullable": true, "default": default});
        let m = serde_json::json!({"name": "m", "type": "INTEGER", "nullable": true});
        let table = |name: &str, columns: Vec<serde_json::Value>| serde_json::json!({"name": name, "primaryKey": ["id"], "columns": columns});
        let mut tables = vec![
            table("kept", vec![id.clone(), s(call)]),
            table(
                "touched",
                if after {
                    vec![id.clone(), s(call), m]
                } else {
                    vec![id.clone(), s(call)]
                },
            ),
            table(
                "added",
                if after {
                    vec![id.clone(), s(call)]
                } else {
                    vec![id.clone()]
                },
            ),
            table(
                "changed",
                vec![id.clone(), s(if after { call } else { "x" })],
            ),
        ];
        if after {
            tables.push(table("created", vec![id, s(call)]));
        }
        serde_json::Value::Array(tables)
    }

    /// A string default that is one call (INVALID_DEFAULT's warning) is warned about, in a
    /// migration made against a database (previousSpec, or the SQLite file), only where the
    /// migration writes the default: a table it creates, a column it adds, a default it changes;
    /// not a table it leaves as it is, nor one it adds another column to (before, each
    /// migration repeated it for every such column). A CREATE without previousSpec warns about
    /// each. The bundled SQLite runs the SQLite migrations, and the rows get the text.
    #[test]
    fn string_call_defaults_warned_only_where_the_migration_writes_them() {
        let place = |t: &str| (t.to_string(), "s".to_string());
        let written = vec![place("added"), place("changed"), place("created")];
        for (db, call) in [
            ("sqlite", "datetime('now')"),
            ("postgresql", "gen_random_uuid()"),
            ("mysql", "uuid()"),
        ] {
            let spec = |after: bool| serde_json::json!({"description": "d", "databaseType": db, "timestamps": false, "tables": string_call_default_tables(call, after)});
            let mut from_previous = spec(true);
            from_previous["previousSpec"] = spec(false);
            let r = crate::generate_str(&from_previous.to_string());
            assert!(r.validation.valid, "{db}: {:?}", r.validation.errors);
            assert_eq!(string_call_default_places(&r), written, "{db}");
            let created = crate::generate_str(&spec(true).to_string());
            assert!(
                created.validation.valid,
                "{db}: {:?}",
                created.validation.errors
            );
            assert_eq!(
                string_call_default_places(&created),
                [
                    place("added"),
                    place("changed"),
                    place("created"),
                    place("kept"),
                    place("touched")
                ],
                "{db}"
            );
            if db != "sqlite" {
                continue;
            }
            let before = crate::generate_str(&spec(false).to_string());
            let dir = std::env::temp_dir().join(format!("mg-string-call-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join("app.db");
            let _ = std::fs::remove_file(&path);
            let file = crate::sqlite_memory::open(&path).unwrap();
            file.execute_batch(&before.up_migration).unwrap();
            let mut from_file = spec(true);
            from_file["existingDbPath"] = path.to_string_lossy().into();
            let r_file = crate::generate_str(&from_file.to_string());
            assert!(r_file.validation.valid, "{:?}", r_file.validation.errors);
            assert_eq!(string_call_default_places(&r_file), written);
            file.execute_batch(&r_file.up_migration).unwrap();
            for t in ["kept", "touched", "added", "changed", "created"] {
                file.execute(&format!("INSERT INTO \"{t}\" (id) VALUES (1)"), [])
                    .unwrap();
                let got: String = file
                    .query_row(&format!("SELECT s FROM \"{t}\""), [], |r| r.get(0))
                    .unwrap();
                assert_eq!(got, call, "{t}");
            }
            drop(file);
            std::fs::remove_dir_all(&dir).unwrap();
            let db = crate::sqlite_memory::open_in_memory().unwrap();
            db.execute_batch(&before.up_migration).unwrap();
            db.execute_batch(&r.up_migration).unwrap();
            db.execute_batch(&r.down_migration).unwrap();
        }
    }

    /// A CHECK with SQLite's `NOT GLOB` is generated, and SQLite enforces it.
    #[test]
    fn sqlite_not_glob_is_enforced() {
        let r = crate::generate_str(
            r#"{"description":"d","databaseType":"sqlite","timestamps":false,"tables":[{"name":"t",
            "columns":[{"name":"code","type":"TEXT","nullable":false}],"primaryKey":["code"],
            "checkConstraints":[{"name":"chk_t_code","expression":"code NOT GLOB '*[^a-z]*'"}]}]}"#,
        );
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        let db = crate::sqlite_memory::open_in_memory().unwrap();
        db.execute_batch(&r.up_migration).unwrap();
        db.execute("INSERT INTO t VALUES ('abc')", []).unwrap();
        let refused = db.execute("INSERT INTO t VALUES ('ab1')", []).unwrap_err();
        assert!(
            refused.to_string().contains("CHECK constraint failed"),
            "{refused}"
        );
    }

    /// On SQLite, a spec with errors has its expressions asked of the engine in the same
    /// report (before, an unknown function or operator was said only once every other error
    /// was fixed, when the self-check ran), and the engine's message does not quote the
    /// internal statement it was tried in.
    #[test]
    fn sqlite_expressions_are_checked_beside_other_errors() {
        let r = crate::generate_str(
            r#"{"description":"d","databaseType":"sqlite","tables":[{"name":"a","columns":[
            {"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},
            {"name":"at","type":"TIMESTAMP","nullable":false,"default":{"expression":"now()"}},
            {"name":"code","type":"VARCHAR","length":10,"nullable":false}],
            "checkConstraints":[{"name":"chk_a","expression":"code ~ '^a'"},{"name":"chk_b","expression":"foo(code)"}],
            "indexes":[{"name":"idx_a_x","columns":["ghost"]},{"name":"idx_a_code","columns":["code"],"where":"code ILIKE 'a%'"}]}]}"#,
        );
        let found: Vec<(&str, &str)> = r
            .validation
            .errors
            .iter()
            .map(|e| (e.code.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(found.len(), 5, "{found:?}");
        for (code, message) in &found {
            assert!(!message.contains("_mg_probe"), "{message}");
            if *code == "INVALID_CHECK_EXPRESSION" || *code == "INVALID_DEFAULT" {
                assert!(message.contains("refused by sqlite"), "{message}");
            }
        }
        let messages: Vec<&str> = found.iter().map(|(_, m)| *m).collect();
        for part in [
            "no such function: now",
            "near \"~\"",
            "no such function: foo",
            "'ghost'",
            "near \"ILIKE\"",
        ] {
            assert!(
                messages.iter().any(|m| m.contains(part)),
                "{part}: {messages:?}"
            );
        }
        // A valid spec's expressions are left to the self-check, which runs them anyway.
        let valid = crate::generate_str(
            r#"{"description":"d","databaseType":"sqlite","tables":[{"name":"a","columns":[
            {"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},
            {"name":"code","type":"VARCHAR","length":10,"nullable":false}],
            "checkConstraints":[{"name":"chk_a","expression":"code GLOB 'a*'"}]}]}"#,
        );
        assert!(valid.validation.valid, "{:?}", valid.validation.errors);
        // The math functions the sqlite3 shell and sql.js have are the engine's too.
        let math = crate::generate_str(
            r#"{"description":"d","databaseType":"sqlite","tables":[{"name":"a","columns":[
            {"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},
            {"name":"cents","type":"REAL","nullable":false,"default":{"expression":"round(pi() * 100)"}}],
            "checkConstraints":[{"name":"chk_a","expression":"floor(cents) = cents AND sqrt(cents) < 1e6"}]}]}"#,
        );
        assert!(math.validation.valid, "{:?}", math.validation.errors);
        assert!(
            math.up_migration.contains("floor(cents)"),
            "{}",
            math.up_migration
        );
    }

    /// Of a unique and a plain index on the same columns, the plain one is redundant, in either
    /// order (a user trial was told to drop the unique one, and with it the uniqueness); a
    /// unique index is redundant beside a key that already keeps its columns unique.
    #[test]
    fn the_redundant_index_is_the_one_that_adds_nothing() {
        let redundant = |db: &str, indexes: &str, unique_column: bool| {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{{"name":"t","columns":[
                {{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},
                {{"name":"a","type":"VARCHAR","length":40,"nullable":true,"unique":{unique_column}}}],
                "indexes":[{indexes}]}}]}}"#
            ));
            assert!(r.validation.valid, "{:?}", r.validation.errors);
            r.validation
                .warnings
                .iter()
                .filter(|w| w.code.as_str() == "REDUNDANT_INDEX")
                .map(|w| (w.constraint.clone().unwrap(), w.message.clone()))
                .collect::<Vec<_>>()
        };
        let plain = r#"{"name":"i1","columns":["a"],"unique":false}"#;
        let unique = r#"{"name":"u1","columns":["a"],"unique":true}"#;
        for db in ["sqlite", "postgresql", "mysql"] {
            for order in [format!("{plain},{unique}"), format!("{unique},{plain}")] {
                let found = redundant(db, &order, false);
                assert_eq!(found.len(), 1, "{db} {found:?}");
                assert_eq!(found[0].0, "i1", "{db} {found:?}");
                assert_eq!(
                    found[0].1,
                    "the index 'i1' covers the same columns as the unique index 'u1', which already indexes them"
                );
            }
            let found = redundant(db, unique, true);
            assert_eq!(found.len(), 1, "{db} {found:?}");
            assert_eq!(
                found[0].1,
                "the unique index 'u1' covers the same columns as the UNIQUE column 'a', which already keeps them unique and indexes them"
            );
            assert!(redundant(db, plain, false).is_empty());
        }
    }

    /// A large spec with issues of every kind of name and table check, spread over its tables,
    /// gets the same report (same issues, same order) whether the checks across tables run beside
    /// the per-table ones or after them on one thread.
    #[test]
    fn large_specs_report_alike_on_one_thread_and_two() {
        let table = |i: usize| {
            let name = match i % 50 {
                7 => "t3".to_string(),      // a duplicate of an earlier table
                11 => "select".to_string(), // reserved
                13 => "Bad Name".to_string(),
                _ => format!("t{i}"),
            };
            let index = if i % 40 == 5 {
                "idx_shared".to_string()
            } else {
                format!("idx_{i}")
            };
            let check_col = if i % 30 == 9 || i % 50 == 11 {
                "missing"
            } else {
                "a"
            };
            format!(
                r#"{{"name":"{name}","columns":[{{"name":"id","type":"INT","nullable":false}},{{"name":"a","type":"INT","nullable":true}}],"primaryKey":["id"],
                "indexes":[{{"name":"{index}","columns":["a"],"unique":false}}],
                "uniqueConstraints":[{{"name":"uq_{i}","columns":["a"]}}],
                "checkConstraints":[{{"name":"ck_{i}","expression":"{check_col} > 0"}},{{"name":"ck_{i}","expression":"a < 9"}}],
                "foreignKeys":[{{"columns":["a"],"referencedTable":"t{}","referencedColumns":["id"]}}]}}"#,
                i.saturating_sub(1)
            )
        };
        for db in ["sqlite", "postgresql", "mysql"] {
            let tables: Vec<String> = (0..300).map(table).collect();
            let text = format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{}]}}"#,
                tables.join(",")
            );
            let two = crate::generate_str(&text).validation;
            let one =
                crate::parallel::on_this_thread_only(|| crate::generate_str(&text).validation);
            assert!(
                two.errors.len() > 30 && !two.valid,
                "{db}: {}",
                two.errors.len()
            );
            let codes = |v: &crate::output::Validation| {
                v.errors
                    .iter()
                    .chain(&v.warnings)
                    .map(|e| {
                        format!(
                            "{} {:?} {:?} {}",
                            e.code.as_str(),
                            e.table,
                            e.constraint,
                            e.message
                        )
                    })
                    .collect::<Vec<_>>()
            };
            assert_eq!(codes(&two), codes(&one), "{db}");
            // Within a table: its name's issues, then its own, then its constraints' names.
            let select: Vec<&str> = two
                .errors
                .iter()
                .filter(|e| e.table.as_deref() == Some("select"))
                .map(|e| e.code.as_str())
                .filter(|c| ["RESERVED_KEYWORD", "UNKNOWN_COLUMN", "DUPLICATE_NAME"].contains(c))
                .collect();
            assert_eq!(
                select[..3],
                ["RESERVED_KEYWORD", "UNKNOWN_COLUMN", "DUPLICATE_NAME"],
                "{db}: {select:?}"
            );
            for code in [
                "DUPLICATE_TABLE",
                "RESERVED_KEYWORD",
                "INVALID_TABLE_NAME",
                "UNKNOWN_COLUMN",
                "DUPLICATE_NAME",
            ] {
                assert!(
                    two.errors.iter().any(|e| e.code.as_str() == code),
                    "{db}: no {code}"
                );
            }
        }
    }

    /// The suggested binary default works on each engine: `X'00'` is a bit string to PostgreSQL,
    /// which a BYTEA column refuses (checked on PostgreSQL 15; `'\x00'::bytea` is taken).
    #[test]
    fn blob_default_suggestion_fits_the_dialect() {
        let suggestion = |db: &str| {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","tables":[{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false}},{{"name":"b","type":"BLOB","nullable":true,"default":"ab"}}],"primaryKey":["id"]}}]}}"#
            ));
            r.validation.errors[0].suggestion.clone().unwrap()
        };
        assert!(
            suggestion("postgresql").contains(r"'\\x00'::bytea"),
            "{}",
            suggestion("postgresql")
        );
        assert!(suggestion("mysql").contains("X'00'"));
        assert!(suggestion("sqlite").contains("X'00'"));
    }

    /// MariaDB 10.11 refused `FOREIGN KEY (x, y) REFERENCES parent(b, a)` against `UNIQUE (a, b)`
    /// (errno 150); PostgreSQL 15 and SQLite accepted it.
    #[test]
    fn mysql_needs_referenced_columns_in_key_order() {
        let tables = |refs: &str| {
            format!(
                r#"{{"name":"parent","columns":[{{"name":"id","type":"INT","nullable":false}},{{"name":"a","type":"INT","nullable":false}},{{"name":"b","type":"INT","nullable":false}}],"primaryKey":["id"],
                "uniqueConstraints":[{{"name":"uq_parent_ab","columns":["a","b"]}}]}},
                {{"name":"child","columns":[{{"name":"id","type":"INT","nullable":false}},{{"name":"x","type":"INT","nullable":true}},{{"name":"y","type":"INT","nullable":true}}],"primaryKey":["id"],
                "foreignKeys":[{{"columns":["x","y"],"referencedTable":"parent","referencedColumns":{refs}}}]}}"#
            )
        };
        let fk = (
            "INVALID_FOREIGN_KEY".to_string(),
            Some("fk_child_x_y".to_string()),
        );
        assert_eq!(error_codes("mysql", &tables(r#"["b","a"]"#)), vec![fk]);
        assert!(error_codes("mysql", &tables(r#"["a","b"]"#)).is_empty());
        assert!(error_codes("postgresql", &tables(r#"["b","a"]"#)).is_empty());
        assert!(error_codes("sqlite", &tables(r#"["b","a"]"#)).is_empty());
    }

    /// On PostgreSQL an index named like an implicit one would be skipped (CREATE INDEX IF NOT
    /// EXISTS), a constraint so named makes its CREATE TABLE fail ("relation "users_email_key"
    /// already exists", PostgreSQL 15): the message says which (a user trial read the first for
    /// the second).
    #[test]
    fn postgres_clash_messages_say_what_the_database_would_do() {
        let message = |extra: &str| {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"postgresql","timestamps":false,"tables":[{{"name":"users","columns":[
                {{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},
                {{"name":"email","type":"TEXT","nullable":false,"unique":true}},
                {{"name":"e2","type":"TEXT","nullable":false}}],{extra}}}]}}"#
            ));
            r.validation.errors[0].message.clone()
        };
        assert!(
            message(r#""uniqueConstraints":[{"name":"users_email_key","columns":["e2"]}]"#)
                .ends_with(
                "PostgreSQL would refuse the CREATE TABLE (relation or constraint already exists)"
            )
        );
        assert!(message(r#""indexes":[{"name":"users_email_key","columns":["e2"],"unique":false}]"#)
            .ends_with("PostgreSQL would skip the spec's CREATE … IF NOT EXISTS without an error, leaving it out"));
    }

    /// Checked on PostgreSQL 15 and MariaDB 10.11: PostgreSQL printed "relation … already exists,
    /// skipping" and left the index and the table out; MariaDB refused "Duplicate key name".
    #[test]
    fn names_the_database_gives_its_own_objects_are_refused() {
        let users = r#"{"name":"users","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true},
            {"name":"email","type":"VARCHAR","length":100,"nullable":false,"unique":true},
            {"name":"nick","type":"VARCHAR","length":100,"nullable":false}],
            "indexes":[{"name":"INDEX_NAME","columns":["nick"],"unique":false}]}"#;
        let seq = r#"{"name":"users_id_seq","columns":[{"name":"id","type":"INT","nullable":false}],"primaryKey":["id"]}"#;
        let dup = |name: &str| ("DUPLICATE_NAME".to_string(), Some(name.to_string()));
        let pg = error_codes(
            "postgresql",
            &format!("{},{seq}", users.replace("INDEX_NAME", "users_email_key")),
        );
        assert_eq!(pg, vec![dup("users_email_key"), dup("users_id_seq")]);
        let pg = error_codes("postgresql", &users.replace("INDEX_NAME", "users_pkey"));
        assert_eq!(pg, vec![dup("users_pkey")]);
        assert_eq!(
            error_codes("mysql", &users.replace("INDEX_NAME", "email")),
            vec![dup("email")]
        );
        // Each database's own names only: these are free elsewhere.
        assert!(error_codes(
            "mysql",
            &format!("{},{seq}", users.replace("INDEX_NAME", "users_email_key"))
        )
        .is_empty());
        assert!(error_codes("postgresql", &users.replace("INDEX_NAME", "email")).is_empty());
        assert!(error_codes(
            "sqlite",
            &format!("{},{seq}", users.replace("INDEX_NAME", "email"))
        )
        .is_empty());
    }

    /// The names PostgreSQL 15 gave a table of `a`×T bytes with a SERIAL primary key `b`×C and a
    /// UNIQUE column `b`×C (read from pg_class and pg_constraint): the sequence and the UNIQUE
    /// index are `a`×A `_` `b`×B `_seq`/`_key`, the primary key's index `a`×P `_pkey`.
    #[test]
    fn postgres_shortens_its_own_names_as_the_server_does() {
        // (T, C, A, B, P)
        let seen = [
            (63, 2, 56, 2, 58),
            (58, 2, 56, 2, 58),
            (59, 2, 56, 2, 58),
            (56, 2, 56, 2, 56),
            (57, 2, 56, 2, 57),
            (63, 63, 29, 29, 58),
            (40, 30, 29, 29, 40),
            (30, 40, 29, 29, 30),
            (31, 31, 29, 29, 31),
            (32, 31, 29, 29, 32),
            (31, 32, 29, 29, 31),
            (50, 5, 50, 5, 50),
            (50, 6, 50, 6, 50),
            (10, 60, 10, 48, 10),
            (55, 3, 55, 3, 55),
            (61, 1, 57, 1, 58),
            (29, 30, 29, 29, 29),
        ];
        for (t, c, a, b, p) in seen {
            let table = "a".repeat(t);
            let column = "b".repeat(c);
            for label in ["seq", "key"] {
                assert_eq!(
                    postgres_object_name(&table, Some(&column), label),
                    format!("{}_{}_{label}", "a".repeat(a), "b".repeat(b)),
                    "{t} {c} {label}"
                );
            }
            assert_eq!(
                postgres_object_name(&table, None, "pkey"),
                format!("{}_pkey", "a".repeat(p)),
                "{t}"
            );
        }
    }

    /// Checked on PostgreSQL 15: each spec passed validation and then "relation … already exists,
    /// skipping" left the second table (or the index) out, because a longer table's sequence,
    /// primary-key index or UNIQUE index had taken the name shortened to 63 bytes.
    #[test]
    fn postgres_long_implicit_names_are_predicted() {
        let long = "b".repeat(63);
        let a = format!(
            r#"{{"name":"{long}","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},
            {{"name":"email","type":"VARCHAR","length":100,"nullable":false,"unique":true}}]INDEXES}}"#
        );
        let other = |name: &str| {
            format!(
                r#"{},{{"name":"{name}","columns":[{{"name":"id","type":"INT","nullable":false}}],"primaryKey":["id"]}}"#,
                a.replace("INDEXES", "")
            )
        };
        let dup = |name: &str| ("DUPLICATE_NAME".to_string(), Some(name.to_string()));
        for name in [
            format!("{}_id_seq", "b".repeat(56)),
            format!("{}_pkey", "b".repeat(58)),
            format!("{}_email_key", "b".repeat(53)),
        ] {
            assert_eq!(error_codes("postgresql", &other(&name)), vec![dup(&name)]);
            // A name one byte off is free.
            assert!(
                error_codes("postgresql", &other(&name[1..])).is_empty(),
                "{name}"
            );
        }
        let index = format!("{}_email_key", "b".repeat(53));
        let with_index = a.replace(
            "INDEXES",
            &format!(
                r#","indexes":[{{"name":"{index}","columns":["id","email"],"unique":false}}]"#
            ),
        );
        assert_eq!(error_codes("postgresql", &with_index), vec![dup(&index)]);
    }

    /// Checked on PostgreSQL 15 (a user trial): `t1.x_y` and `t1_x.y` both make `t1_x_y_key`,
    /// so PostgreSQL names the second `t1_x_y_key1`, and the spec's index of that name was
    /// skipped ("relation already exists, skipping") on a valid spec; shortened to 63 bytes the
    /// number takes a byte of the names, as PostgreSQL's `ChooseRelationName` does.
    #[test]
    fn postgres_numbered_implicit_names_are_predicted() {
        let dup = |name: &str| ("DUPLICATE_NAME".to_string(), Some(name.to_string()));
        let spec = |table1: &str, column1: &str, table2: &str, column2: &str, index: &str| {
            format!(
                r#"{{"name":"{table1}","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"{column1}","type":"TEXT","nullable":false,"unique":true}}]}},
                {{"name":"{table2}","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"{column2}","type":"TEXT","nullable":false,"unique":true}},{{"name":"z","type":"TEXT","nullable":true}}],
                "indexes":[{{"name":"{index}","columns":["z"]}}]}}"#
            )
        };
        assert_eq!(
            error_codes("postgresql", &spec("t1", "x_y", "t1_x", "y", "t1_x_y_key1")),
            vec![dup("t1_x_y_key1")]
        );
        assert!(
            error_codes("postgresql", &spec("t1", "x_y", "t1_x", "y", "t1_x_y_key2")).is_empty()
        );
        assert!(
            error_codes("postgresql", &spec("t1", "x_y", "t1_x", "w", "t1_x_y_key1")).is_empty()
        );
        let table = "organization_membership_invitation_acceptance_records_x";
        let (a, b) = (
            "external_reference_code_primary_aaaa",
            "external_reference_code_primary_bbbb",
        );
        let shortened = "organization_membership_invit_external_reference_code_prim_key1";
        let two_columns = format!(
            r#"{{"name":"{table}","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"{a}","type":"TEXT","nullable":false,"unique":true}},{{"name":"{b}","type":"TEXT","nullable":false,"unique":true}},{{"name":"z","type":"TEXT","nullable":true}}],
            "indexes":[{{"name":"{shortened}","columns":["z"]}}]}}"#
        );
        assert_eq!(
            error_codes("postgresql", &two_columns),
            vec![dup(shortened)]
        );
    }

    /// Checked on MariaDB 10.11: InnoDB names the index it makes for a foreign key after the
    /// constraint, which clashed with a UNIQUE column's key of that name ("Duplicate key name",
    /// error 1061, after the tables were created); a CHECK named like a UNIQUE column's key was
    /// "Duplicate CHECK constraint name" (error 1826). A table may share its name with a column's
    /// key: MariaDB took a table `email` with a UNIQUE column `email`.
    #[test]
    fn mysql_foreign_keys_and_checks_clash_with_unique_column_keys() {
        let dup = |name: &str| ("DUPLICATE_NAME".to_string(), Some(name.to_string()));
        let users = r#"{"name":"users","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true},
            {"name":"manager_id","type":"INT","nullable":true},
            {"name":"fk_users_manager_id","type":"INT","nullable":true,"unique":true}],
            "foreignKeys":[{"columns":["manager_id"],"referencedTable":"users","referencedColumns":["id"]}]}"#;
        assert_eq!(
            error_codes("mysql", users),
            vec![dup("fk_users_manager_id")]
        );
        let t = r#"{"name":"t","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true},
            {"name":"chk_t_a","type":"INT","nullable":true,"unique":true}],
            "checkConstraints":[{"name":"chk_t_a","expression":"chk_t_a > 0"}]}"#;
        assert_eq!(error_codes("mysql", t), vec![dup("chk_t_a")]);
        // The same names are free on the other databases.
        for db in ["postgresql", "sqlite"] {
            assert!(error_codes(db, users).is_empty(), "{db}");
            assert!(error_codes(db, t).is_empty(), "{db}");
        }
        let email = r#"{"name":"email","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true},
            {"name":"email","type":"INT","nullable":true,"unique":true}]}"#;
        assert!(error_codes("mysql", email).is_empty());
        // MariaDB's JSON is LONGTEXT with a CHECK (json_valid(attrs)) named after the column:
        // a CHECK of that name was "Duplicate CHECK constraint name" on MariaDB 10.11 (a user
        // trial); an index or foreign key may have it.
        let json = |kind: &str| {
            format!(
                r#"{{"name":"a","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},
            {{"name":"attrs","type":"{kind}","nullable":true}},{{"name":"n","type":"INT","nullable":true}}],
            "checkConstraints":[{{"name":"attrs","expression":"n > 0"}}]}}"#
            )
        };
        assert_eq!(error_codes("mysql", &json("JSON")), vec![dup("attrs")]);
        assert_eq!(error_codes("mysql", &json("JSONB")), vec![dup("attrs")]);
        assert!(error_codes("mysql", &json("TEXT")).is_empty());
        assert!(error_codes("postgresql", &json("JSON")).is_empty());
        let indexed = r#"{"name":"a","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true},
            {"name":"attrs","type":"JSON","nullable":true},{"name":"n","type":"INT","nullable":true}],
            "indexes":[{"name":"attrs","columns":["n"]}]}"#;
        assert!(error_codes("mysql", indexed).is_empty());
    }

    /// A CHECK or foreign key may be named like a table on every database (MySQL took
    /// `CONSTRAINT audit CHECK (n > 0)` beside a table `audit`; they were refused as
    /// "already used"); an index or unique constraint named like a table is still refused (it
    /// is in the tables' namespace on PostgreSQL and SQLite), and CHECK and foreign-key names
    /// still clash with each other and with indexes on MySQL.
    #[test]
    fn checks_and_foreign_keys_may_be_named_like_a_table() {
        let audit = r#"{"name":"audit","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true}]}"#;
        let users = |extra: &str| {
            format!(
                r#"{{"name":"users","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"n","type":"INT","nullable":true}},{{"name":"audit_id","type":"INT","nullable":true}}]{extra}}}"#
            )
        };
        let check = r#","checkConstraints":[{"name":"audit","expression":"n > 0"}]"#;
        let fk = r#","foreignKeys":[{"name":"audit","columns":["audit_id"],"referencedTable":"audit","referencedColumns":["id"]}]"#;
        let index = r#","indexes":[{"name":"audit","columns":["n"],"unique":false}]"#;
        let unique = r#","uniqueConstraints":[{"name":"audit","columns":["n"]}]"#;
        let dup = vec![("DUPLICATE_NAME".to_string(), Some("audit".to_string()))];
        for db in ["sqlite", "postgresql", "mysql"] {
            for extra in [check, fk] {
                // The table before the constraint and after it.
                let before = format!("{audit},{}", users(extra));
                let after = format!("{},{audit}", users(extra));
                assert!(error_codes(db, &before).is_empty(), "{db} {extra}");
                assert!(error_codes(db, &after).is_empty(), "{db} {extra}");
            }
            for extra in [index, unique] {
                let r = crate::generate_str(&format!(
                    r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{audit},{}]}}"#,
                    users(extra)
                ));
                let codes: Vec<_> = r
                    .validation
                    .errors
                    .iter()
                    .map(|e| (e.code.as_str().to_string(), e.constraint.clone()))
                    .collect();
                assert_eq!(codes, dup, "{db} {extra}");
                let message = &r.validation.errors[0].message;
                assert!(
                    message.ends_with("name 'audit' is already used (by 'audit'); names of indexes and constraints are unique across the schema, as PostgreSQL and SQLite need them, so that one spec works on every database"),
                    "{message}"
                );
            }
        }
        // Constraint against constraint is as before on MySQL: a CHECK named like another
        // table's foreign key or index is refused.
        let other = |extra: &str| {
            format!(
                r#"{{"name":"other","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"n","type":"INT","nullable":true}},{{"name":"audit_id","type":"INT","nullable":true}}]{extra}}}"#
            )
        };
        for extra in [fk, index] {
            let two = format!("{audit},{},{}", users(check), other(extra));
            assert_eq!(error_codes("mysql", &two), dup, "{extra}");
        }
        let two = format!("{audit},{},{}", users(check), other(check));
        assert_eq!(error_codes("mysql", &two), dup);
    }

    /// MySQL 8.0 keeps FOREIGN KEY and CHECK names unique per schema (MariaDB 10.11 refused a
    /// second foreign key of the same name on another table, errno 121); the spec's names of
    /// either kind are refused across tables.
    #[test]
    fn mysql_foreign_key_and_check_names_are_unique_across_tables() {
        let table = |name: &str, check: &str| {
            format!(
                r#"{{"name":"{name}","columns":[{{"name":"id","type":"INT","nullable":false}},{{"name":"a","type":"INT","nullable":true}}],"primaryKey":["id"],
                "checkConstraints":[{{"name":"{check}","expression":"a > 0"}}]}}"#
            )
        };
        let dup = |name: &str| ("DUPLICATE_NAME".to_string(), Some(name.to_string()));
        let two = format!("{},{}", table("t1", "ck_a"), table("t2", "ck_a"));
        assert_eq!(error_codes("mysql", &two), vec![dup("ck_a")]);
        // fk_a_b_c of table a_b (column c) and of table a (column b_c).
        let fk = |table: &str, column: &str| {
            format!(
                r#"{{"name":"{table}","columns":[{{"name":"id","type":"INT","nullable":false}},{{"name":"{column}","type":"INT","nullable":true}}],"primaryKey":["id"],
                "foreignKeys":[{{"columns":["{column}"],"referencedTable":"{table}","referencedColumns":["id"]}}]}}"#
            )
        };
        let two = format!("{},{}", fk("a_b", "c"), fk("a", "b_c"));
        assert_eq!(error_codes("mysql", &two), vec![dup("fk_a_b_c")]);
        // Said in terms of what the spec can change (it cannot name a foreign key).
        let messages = |db: &str, tables: &str| {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{tables}]}}"#
            ));
            r.validation
                .errors
                .iter()
                .map(|e| {
                    format!(
                        "{} | {}",
                        e.message,
                        e.suggestion.clone().unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
        };
        let found = messages("mysql", &two);
        assert!(
            found[0].starts_with(
                "the generated foreign-key name (fk_{table}_{columns}) 'fk_a_b_c' of 'a' (b_c) is also the name of a foreign key of 'a_b' (c)"
            ),
            "{found:?}"
        );
        assert!(
            found[0].contains("give one of them another name (foreignKeys[].name)"),
            "{found:?}"
        );
        // Named, the two are fine.
        let named = two.replacen(
            r#""referencedColumns":["id"]}"#,
            r#""referencedColumns":["id"],"name":"fk_ab_c"}"#,
            1,
        );
        assert!(
            messages("mysql", &named).is_empty(),
            "{:?}",
            messages("mysql", &named)
        );
        assert!(messages("postgresql", &two).is_empty());
        // Two foreign keys on one column: one error, on every database that names them.
        let twice = r#"{"name":"t","columns":[{"name":"id","type":"INT","nullable":false},{"name":"p","type":"INT","nullable":true}],"primaryKey":["id"],
            "foreignKeys":[{"columns":["p"],"referencedTable":"t","referencedColumns":["id"]},{"columns":["p"],"referencedTable":"t","referencedColumns":["id"],"onDelete":"CASCADE"}]}"#;
        for db in ["mysql", "postgresql"] {
            let found = messages(db, twice);
            assert_eq!(found.len(), 1, "{db} {found:?}");
            assert!(
                found[0].starts_with("the table has two foreign keys on (p), both named 'fk_t_p'"),
                "{found:?}"
            );
        }
        // A generated name some index or constraint already has: rename that one.
        let check = r#"{"name":"t","columns":[{"name":"id","type":"INT","nullable":false},{"name":"p","type":"INT","nullable":true}],"primaryKey":["id"],
            "checkConstraints":[{"name":"fk_t_p","expression":"p > 0"}],
            "foreignKeys":[{"columns":["p"],"referencedTable":"t","referencedColumns":["id"]}]}"#;
        for db in ["mysql", "postgresql"] {
            let found = messages(db, check);
            assert_eq!(found.len(), 1, "{db} {found:?}");
            assert!(found[0].contains("(fk_{table}_{columns}) 'fk_t_p' is already the name of an index or constraint of 't' | rename that index or constraint, or name the foreign key otherwise"), "{found:?}");
        }
        // A given name follows the rules of every constraint name, and clashes as one.
        let fk_named = |name: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false}},{{"name":"p","type":"INT","nullable":true}},{{"name":"q","type":"INT","nullable":true}}],"primaryKey":["id"],
                "foreignKeys":[{{"columns":["p"],"referencedTable":"t","referencedColumns":["id"],"name":"{name}"}},{{"columns":["q"],"referencedTable":"t","referencedColumns":["id"],"name":"t_q_ref"}}]}}"#
            )
        };
        for db in ["mysql", "postgresql"] {
            assert!(messages(db, &fk_named("t_p_ref")).is_empty(), "{db}");
            assert_eq!(
                codes_only(db, &fk_named("Bad Name")),
                ["INVALID_CONSTRAINT_NAME"]
            );
            assert_eq!(codes_only(db, &fk_named("select")), ["RESERVED_KEYWORD"]);
            assert_eq!(
                codes_only(db, &fk_named(&"k".repeat(70))),
                ["IDENTIFIER_TOO_LONG"]
            );
            let found = messages(db, &fk_named("t_q_ref"));
            assert_eq!(found.len(), 1, "{db} {found:?}");
            assert!(found[0].starts_with("the foreign-key name 't_q_ref' of 't' (q) is also the name of a foreign key of 't' (p)"), "{found:?}");
        }
    }

    /// A name nothing of which spells out in ASCII got "rename it to 'name'", a guess unrelated
    /// to it (and perhaps another column's).
    #[test]
    fn a_name_in_another_script_is_not_told_to_become_name() {
        let r = crate::generate_str(
            r#"{"description":"d","databaseType":"postgresql","timestamps":false,"tables":[{"name":"用户表","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true},{"name":"用户","type":"TEXT","nullable":true},{"name":"Café","type":"TEXT","nullable":true},{"name":"ъь","type":"TEXT","nullable":true}]}]}"#,
        );
        let said: Vec<(&str, &str)> = r
            .validation
            .errors
            .iter()
            .map(|e| (e.code.as_str(), e.suggestion.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            said,
            [
                (
                    "INVALID_TABLE_NAME",
                    "rename it to a table name of a-z, 0-9 and _ that says what it holds"
                ),
                (
                    "INVALID_COLUMN_NAME",
                    "rename it to a name of a-z, 0-9 and _ that says what it holds"
                ),
                ("INVALID_COLUMN_NAME", "rename it to 'cafe'"),
                (
                    "INVALID_COLUMN_NAME",
                    "rename it to a name of a-z, 0-9 and _ that says what it holds"
                ),
            ]
        );
    }

    #[test]
    fn snake_case_suggestions() {
        assert_eq!(to_snake_case("UserAccounts"), "user_accounts");
        assert_eq!(to_snake_case("order-items"), "order_items");
        assert_eq!(to_snake_case("1table"), "t_1table");
        assert_eq!(to_snake_case(""), "name");
        assert!(is_snake_identifier("_meta"));
        assert!(!is_snake_identifier("9lives"));
        assert!(!is_snake_identifier("Users"));
        assert!(!is_snake_identifier("a b"));
    }

    /// PostgreSQL keeps the case of a quoted name: a user trial's `"Status" IN ('a','b')` over
    /// the column status passed (and gave the column a string union), then PostgreSQL 15 refused
    /// it: column "Status" does not exist. SQLite and MySQL read column names in any case.
    #[test]
    fn a_quoted_name_with_capitals_names_no_column_on_postgresql() {
        let first = |db: &str, check: &str, index: &str| {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{{"name":"t","columns":[
                {{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},
                {{"name":"status","type":"VARCHAR","length":10,"nullable":true}}],
                "checkConstraints":[{{"name":"chk_t_status","expression":"{check}"}}]{}}}]}}"#,
                // MySQL has no partial indexes.
                if db == "mysql" {
                    String::new()
                } else {
                    format!(
                        r#","indexes":[{{"name":"idx_t_status","columns":["status"],"unique":false,"where":"{index}"}}]"#
                    )
                }
            ));
            r.validation.errors.first().cloned()
        };
        let ok = "status IS NOT NULL";
        for (check, index) in [
            (r#"\"Status\" IN ('a','b')"#, ok),
            (ok, r#"\"STATUS\" <> 'a'"#),
            (r#"t.\"Status\" = 'a'"#, ok),
        ] {
            let e = first("postgresql", check, index).expect(check);
            assert_eq!(e.code.as_str(), "UNKNOWN_COLUMN", "{check} {index}");
            assert!(
                e.message
                    .contains("PostgreSQL keeps the case of a name in double quotes"),
                "{}",
                e.message
            );
            assert_eq!(e.suggestion.as_deref(), Some("write status or \"status\""));
        }
        // The quoted name has no type: the unknown column is what is said, not a comparison.
        let e = first("postgresql", r#"\"Status\" = 5"#, ok).unwrap();
        assert_eq!(e.code.as_str(), "UNKNOWN_COLUMN", "{}", e.message);
        let e = first("postgresql", r#"\"Status\" IN ('a','b')"#, ok).unwrap();
        assert_eq!(
            e.message,
            "the CHECK expression 'chk_t_status' names the column 'Status', which the table 't' does not have (PostgreSQL keeps the case of a name in double quotes: \"Status\" is not the column status, and it refuses the migration with column \"Status\" does not exist)"
        );
        // Bare, PostgreSQL folds it to lower case; quoted in lower case it is the column.
        for check in [
            "Status IN ('a','b')",
            "STATUS <> 'a'",
            r#"\"status\" IN ('a','b')"#,
        ] {
            assert_eq!(first("postgresql", check, ok), None, "{check}");
        }
        // SQLite and MySQL take a column's name in any case, quoted or not.
        for check in [r#"\"Status\" IN ('a','b')"#, "Status IN ('a','b')"] {
            assert_eq!(first("sqlite", check, ok), None, "{check}");
        }
        for check in ["`Status` IN ('a','b')", "STATUS IN ('a','b')"] {
            assert_eq!(first("mysql", check, ok), None, "{check}");
        }
        // A still unknown name keeps the plain message.
        let e = first("postgresql", r#"\"Other\" = 'a'"#, ok).unwrap();
        assert_eq!(e.code.as_str(), "UNKNOWN_COLUMN");
        assert!(!e.message.contains("keeps the case"), "{}", e.message);
    }

    /// A user trial dropped a column a CHECK named, and was told only to use one of the table's
    /// other columns: what names a column says it can go with it; the primary key does not.
    #[test]
    fn an_unknown_column_suggests_removing_what_names_it() {
        let table = |extra: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}},{{"name":"name","type":"TEXT","nullable":true}}]{extra}}}"#
            )
        };
        let suggestion = |extra: &str| {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"sqlite","timestamps":false,"tables":[{}]}}"#,
                table(extra)
            ));
            let e = (r.validation.errors.iter())
                .find(|e| e.code == Code::UnknownColumn)
                .cloned()
                .expect(extra);
            e.suggestion.unwrap()
        };
        assert_eq!(
            suggestion(r#","checkConstraints":[{"name":"chk_t_fee","expression":"fee > 0"}]"#),
            "use one of: id, name; or, if the column is gone, remove the CHECK expression 'chk_t_fee'"
        );
        assert_eq!(
            suggestion(r#","indexes":[{"name":"idx_t_fee","columns":["fee"],"unique":false}]"#),
            "use one of: id, name; or, if the column is gone, remove the index 'idx_t_fee'"
        );
        assert_eq!(
            suggestion(r#","primaryKey":["fee"]"#).replace("id, name", "…"),
            "use one of: …"
        );
    }

    /// The user trial on PostgreSQL 15 whose conditions passed validation and were then refused
    /// by the server: each is INVALID_CHECK_EXPRESSION now, as a CHECK and as a partial index's
    /// WHERE, and the last three (STABLE functions and casts) in the WHERE only.
    #[test]
    fn conditions_a_user_trial_found_postgresql_refusing_are_refused() {
        let first = |expression: &str, index: bool| {
            let place = if index {
                format!(
                    r#""indexes":[{{"name":"idx_t_a","columns":["a"],"unique":false,"where":{}}}]"#,
                    serde_json::to_string(expression).unwrap()
                )
            } else {
                format!(
                    r#""checkConstraints":[{{"name":"chk_t","expression":{}}}]"#,
                    serde_json::to_string(expression).unwrap()
                )
            };
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"postgresql","timestamps":false,"tables":[{{"name":"t","columns":[
                {{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},
                {{"name":"a","type":"INTEGER","nullable":true}},
                {{"name":"uid","type":"UUID","nullable":true}},
                {{"name":"is_admin","type":"BOOLEAN","nullable":true}},
                {{"name":"payload","type":"JSON","nullable":true}},
                {{"name":"settings","type":"JSONB","nullable":true}},
                {{"name":"birth_date","type":"DATE","nullable":true}},
                {{"name":"placed_at","type":"TIMESTAMP","nullable":true}},
                {{"name":"name","type":"TEXT","nullable":true}}],{place}}}]}}"#
            ));
            r.validation
                .errors
                .first()
                .map(|e| (e.code.as_str().to_string(), e.message.clone()))
        };
        for expression in [
            "payload <> '{}'",
            "payload = payload",
            "uid = 'not-a-uuid'",
            "is_admin = 'maybe'",
            "birth_date > '2024-13-01'",
            "settings @> 'notjson'",
            "coalesce(a, 'x') = 'x'",
            "length(a) > 0",
            "uid LIKE 'x%'",
            "placed_at + 1 > placed_at",
            "CASE WHEN a THEN true END",
        ] {
            for index in [false, true] {
                let (code, message) = first(expression, index).expect(expression);
                assert_eq!(code, "INVALID_CHECK_EXPRESSION", "{expression}: {message}");
            }
        }
        for expression in [
            "to_tsvector(name) @@ to_tsquery('x')",
            "placed_at::text > '2024'",
            "to_json(name)::text <> ''",
        ] {
            assert_eq!(first(expression, false), None, "{expression}");
            let (code, message) = first(expression, true).expect(expression);
            assert_eq!(code, "INVALID_CHECK_EXPRESSION", "{expression}: {message}");
            assert!(message.contains("must be marked IMMUTABLE"), "{message}");
        }
        for expression in [
            "payload::text <> '{}'",
            "settings <> '{}'",
            "uid = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'",
            "is_admin = 'yes'",
            "birth_date > '2024-12-01'",
            "settings @> '{}'",
            "coalesce(a, 0) = 0",
            "length(name) > 0",
            "uid::text LIKE 'x%'",
            "placed_at + interval '1 day' > placed_at",
            "CASE WHEN a > 0 THEN true END",
            "to_tsvector('english', name) @@ to_tsquery('english', 'x')",
            "placed_at > '2024-01-01'",
        ] {
            for index in [false, true] {
                assert_eq!(first(expression, index), None, "{expression}");
            }
        }
    }

    fn codes_only(db: &str, tables: &str) -> Vec<String> {
        error_codes(db, tables)
            .into_iter()
            .map(|(c, _)| c)
            .collect()
    }

    /// A number default a JavaScript number may not have kept as written is refused, on the
    /// integer and decimal types: a user trial's `9007199254740993` on a BIGINT (the command line
    /// reads the spec with `JSON.parse`) became `DEFAULT 9007199254740992` and
    /// `123456789012345678.91` on a NUMERIC(20,2) `DEFAULT 123456789012345680`, without a word;
    /// `-(2 ** 63)`, BIGINT's minimum, was told it was "written with a decimal point".
    #[test]
    fn number_defaults_javascript_may_have_rounded_are_refused() {
        let result = |ty: &str, default: &str| {
            let column =
                format!(r#"{{"name":"n","type":{ty},"nullable":true,"default":{default}}}"#);
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"postgresql","timestamps":false,"tables":[{}]}}"#,
                one_column(&column)
            ));
            r.validation
                .errors
                .iter()
                .map(|e| {
                    format!(
                        "{} {} | {}",
                        e.code.as_str(),
                        e.message,
                        e.suggestion.clone().unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
        };
        for (ty, default, what) in [
            (
                r#""BIGINT""#,
                "1152921504606847000",
                "beyond the whole numbers",
            ),
            (
                r#""BIGINT""#,
                "9007199254740992",
                "beyond the whole numbers",
            ),
            (
                r#""BIGINT""#,
                "-9.223372036854776e18",
                "beyond the whole numbers",
            ),
            (
                r#""BIGINT""#,
                "9223372036854775807",
                "beyond the whole numbers",
            ),
            (
                r#""NUMERIC","precision":20,"scale":2"#,
                "123456789012345680",
                "beyond the whole numbers",
            ),
            (
                r#""NUMERIC","precision":20,"scale":17"#,
                "0.30000000000000004",
                "more than the 15 significant digits",
            ),
            (
                r#""DECIMAL""#,
                "1.2345678901234567",
                "more than the 15 significant digits",
            ),
        ] {
            let errors = result(ty, default);
            assert!(
                errors.len() == 1
                    && errors[0].starts_with("INVALID_DEFAULT")
                    && errors[0].contains(what)
                    && errors[0].contains(r#"{ "expression": "#),
                "{ty} {default}: {errors:?}"
            );
        }
        for (ty, default) in [
            (r#""BIGINT""#, "9007199254740991"),
            (r#""BIGINT""#, "-9007199254740991"),
            (r#""BIGINT""#, "1000000000000000"),
            (r#""NUMERIC","precision":20,"scale":5"#, "1234567890.12345"),
            (r#""NUMERIC","precision":20,"scale":5"#, "0.00012"),
            (r#""REAL""#, "0.30000000000000004"),
            (r#""REAL""#, "1e300"),
        ] {
            assert_eq!(result(ty, default), Vec::<String>::new(), "{ty} {default}");
        }
    }

    /// A MySQL user trial: a DATETIME default with a fraction of a second was valid, and MySQL
    /// stored `'2026-01-01 23:59:59.999'` as the next day while MariaDB cut it; a zero date was
    /// told it was "not in the form YYYY-MM-DD", which it is.
    #[test]
    fn date_and_time_defaults_say_what_is_wrong() {
        let message = |db: &str, ty: &str, default: &str| {
            let column =
                serde_json::json!({"name": "n", "type": ty, "nullable": false, "default": default});
            first_default_error(db, column).map(|(code, message, _)| format!("{code} {message}"))
        };
        let fraction = message("mysql", "TIMESTAMP", "2026-01-01 23:59:59.999").unwrap();
        assert!(
            fraction.starts_with("INVALID_DEFAULT") && fraction.contains("fraction of a second"),
            "{fraction}"
        );
        assert!(message("mysql", "DATETIME", "2026-01-01 23:59:59.000").is_none());
        for db in ["postgresql", "sqlite"] {
            assert_eq!(
                message(db, "TIMESTAMP", "2026-01-01 23:59:59.999"),
                None,
                "{db}"
            );
        }
        for (ty, default) in [
            ("DATE", "0000-00-00"),
            ("DATE", "2026-02-30"),
            ("DATETIME", "0000-00-00 00:00:00"),
            ("TIMESTAMP", "2026-01-01 24:00:00"),
            ("TIMESTAMP", "2026-13-01 10:00:00.5"),
        ] {
            let m = message("mysql", ty, default).unwrap();
            assert!(
                m.contains("is not a date there is") || m.contains("is not a time there is"),
                "{ty} {default}: {m}"
            );
        }
        for (ty, default) in [
            ("DATE", "31/01/2026"),
            ("DATE", "2026-01-31 10:00:00"),
            ("TIMESTAMP", "2026-01-31"),
            ("TIMESTAMP", "2026-01-31T10:00:00"),
            // Other scripts' characters where a split by bytes falls inside one (a review: an
            // INTERNAL_ERROR for '2026年01月31日').
            ("DATE", "2026年01月31日"),
            ("DATE", "2026-01-0é"),
            ("TIMESTAMP", "2026-01-01 10:00:0é"),
            ("TIMESTAMP", "2026-01-01 10:00:00.é"),
        ] {
            let m = message("mysql", ty, default).unwrap();
            assert!(
                m.contains("is not a date (YYYY-MM-DD)")
                    || m.contains("is not a timestamp (YYYY-MM-DD HH:MM:SS)"),
                "{ty} {default}: {m}"
            );
        }
    }

    /// A PostgreSQL user trial: an index on `lower(email)` or `email DESC` was told the table
    /// has no column of that name.
    #[test]
    fn index_expressions_and_sort_orders_are_named_as_such() {
        let table = |column: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"email","type":"TEXT","nullable":false}}],"indexes":[{{"name":"idx_t_email","columns":["{column}"]}}]}}"#
            )
        };
        for (column, suggestion) in [
            ("lower(email)", "store it lowercased"),
            ("email DESC", "list the column alone, 'email'"),
            ("email asc", "list the column alone, 'email'"),
        ] {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"postgresql","timestamps":false,"tables":[{}]}}"#,
                table(column)
            ));
            let e = &r.validation.errors[0];
            assert_eq!(e.code.as_str(), "UNKNOWN_COLUMN");
            assert!(
                e.message.contains("which is not a column name"),
                "{}",
                e.message
            );
            assert!(
                e.suggestion
                    .as_deref()
                    .unwrap_or_default()
                    .contains(suggestion),
                "{:?}",
                e.suggestion
            );
        }
        assert_eq!(
            codes_only("postgresql", &table("emial")),
            vec!["UNKNOWN_COLUMN"]
        );
    }

    /// A PostgreSQL user trial: `VARCHAR(100000)`, which PostgreSQL takes (up to 10,485,760),
    /// was refused as "from 0 to 65535". MySQL's own limits still refuse it there, and a MySQL
    /// table of the longest VARCHARs, whose byte counts pass 2^32, is refused without a crash.
    #[test]
    fn varchar_lengths_go_up_to_postgresql_s_limit() {
        let result = |db: &str, length: u64, columns: usize| {
            let cols: Vec<String> = (0..columns)
                .map(|i| {
                    format!(
                        r#"{{"name":"c{i}","type":"VARCHAR","length":{length},"nullable":true}}"#
                    )
                })
                .collect();
            crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{}],"indexes":[{{"name":"idx_t_all","columns":[{}]}}]}}]}}"#,
                cols.join(","),
                (0..columns)
                    .map(|i| format!(r#""c{i}""#))
                    .collect::<Vec<_>>()
                    .join(",")
            ))
        };
        let pg = result("postgresql", 100_000, 1);
        assert!(
            pg.validation.errors.is_empty(),
            "{:?}",
            pg.validation.errors
        );
        assert!(
            pg.up_migration.contains("c0 VARCHAR(100000)"),
            "{}",
            pg.up_migration
        );
        let codes = |r: &crate::output::GeneratedMigration| {
            r.validation
                .errors
                .iter()
                .map(|e| e.code.as_str().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            codes(&result("postgresql", 10_485_761, 1)),
            vec!["INVALID_SPEC"]
        );
        assert!(codes(&result("mysql", 100_000, 1)).contains(&"TYPE_MISMATCH".to_string()));
        let huge = result("mysql", 10_485_760, 999);
        assert!(
            !codes(&huge).is_empty() && !codes(&huge).iter().any(|c| c == "INTERNAL_ERROR"),
            "{:?}",
            codes(&huge)
        );
    }

    fn one_column(column: &str) -> String {
        format!(
            r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{column}]}}"#
        )
    }

    /// A string default on an integer column gets the range check a number gets: PostgreSQL 15
    /// refused `INTEGER DEFAULT '99999999999'` ("value \"99999999999\" is out of range for type
    /// integer") and MariaDB 10.11 ("Invalid default value"), while the spec was accepted; a
    /// string past BIGINT's range or with a fraction was called "not a number".
    #[test]
    fn string_defaults_on_integer_columns_are_range_checked() {
        let first_error = |db: &str, ty: &str, default: &str| {
            let column =
                format!(r#"{{"name":"n","type":"{ty}","nullable":true,"default":"{default}"}}"#);
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{}]}}"#,
                one_column(&column)
            ));
            r.validation.errors.first().map(|e| {
                (
                    e.code.as_str().to_string(),
                    e.message.clone(),
                    e.suggestion.clone().unwrap_or_default(),
                )
            })
        };
        for db in ["postgresql", "mysql"] {
            let (code, message, suggestion) =
                first_error(db, "INTEGER", "99999999999").expect("out of range");
            assert_eq!(code, "INVALID_DEFAULT");
            assert_eq!(
                message,
                "'99999999999' is out of range for INTEGER (-2147483648 to 2147483647)"
            );
            assert_eq!(suggestion, "use a smaller number or a larger type");
            assert!(first_error(db, "INTEGER", "2147483647").is_none());
            assert!(first_error(db, "INT", "-2147483648").is_none());
            let (code, message, _) = first_error(db, "INT", "-2147483649").expect("below");
            assert_eq!(code, "INVALID_DEFAULT");
            assert!(
                message.starts_with("'-2147483649' is out of range for INT"),
                "{message}"
            );
        }
        for db in ["sqlite", "postgresql", "mysql"] {
            // TINYINT's range is the same as a number default's on every database.
            let (code, message, _) = first_error(db, "TINYINT", "300").expect("tinyint");
            assert_eq!(code, "INVALID_DEFAULT");
            assert_eq!(message, "'300' is out of range for TINYINT (-128 to 127)");
            assert!(first_error(db, "TINYINT", "127").is_none());
            assert!(first_error(db, "TINYINT", " -128 ").is_none());
            let (code, message, _) =
                first_error(db, "BIGINT", "9223372036854775808").expect("bigint");
            assert_eq!(code, "INVALID_DEFAULT");
            assert!(
                message.starts_with("'9223372036854775808' is out of range for BIGINT"),
                "{message}"
            );
            assert!(first_error(db, "BIGINT", "9223372036854775807").is_none());
            let (code, message, suggestion) = first_error(db, "INTEGER", "1.5").expect("1.5");
            assert_eq!(code, "INVALID_DEFAULT");
            assert_eq!(
                message,
                "'1.5' is not a whole number, and INTEGER holds whole numbers"
            );
            assert_eq!(
                suggestion,
                "use a whole number, or make the column DECIMAL or REAL"
            );
            let (_, message, suggestion) = first_error(db, "INTEGER", "3.0").expect("3.0");
            assert!(
                message.contains("written with a decimal point"),
                "{message}"
            );
            assert_eq!(suggestion, "write it as digits: 3");
            // Text that is no number at all is still called that.
            let (code, message, _) = first_error(db, "INTEGER", "abc").expect("abc");
            assert_eq!(code, "INVALID_DEFAULT");
            assert_eq!(message, "'abc' is not a number, and the column is INTEGER");
        }
        // SQLite's INTEGER is 64 bits, as for a number default.
        assert!(first_error("sqlite", "INTEGER", "99999999999").is_none());
    }

    /// MySQL refused 12345.67 on DECIMAL(5,2) ("Invalid default value"); PostgreSQL took it and
    /// failed every insert with "numeric field overflow"; 1.239 was stored as 1.24.
    #[test]
    fn decimal_defaults_must_fit_precision_and_scale() {
        for db in ["sqlite", "postgresql", "mysql"] {
            let col = |d: &str| {
                format!(
                    r#"{{"name":"c","type":"DECIMAL","precision":5,"scale":2,"nullable":true,"default":{d}}}"#
                )
            };
            for bad in ["12345.67", "1.239", "\"1000\"", "1e3"] {
                assert_eq!(
                    codes_only(db, &one_column(&col(bad))),
                    vec!["INVALID_DEFAULT"],
                    "{db} {bad}"
                );
            }
            for good in ["123.45", "-999.99", "0.5", "\"12.50\"", "1e2", "0"] {
                assert!(
                    codes_only(db, &one_column(&col(good))).is_empty(),
                    "{db} {good}"
                );
            }
            let no_scale =
                r#"{"name":"c","type":"NUMERIC","precision":3,"nullable":true,"default":999}"#;
            assert!(codes_only(db, &one_column(no_scale)).is_empty());
            let over =
                r#"{"name":"c","type":"NUMERIC","precision":3,"nullable":true,"default":1.5}"#;
            assert_eq!(codes_only(db, &one_column(over)), vec!["INVALID_DEFAULT"]);
        }
    }

    /// The one column `column` is INVALID_DEFAULT on the dialects of `refused_on` and valid on
    /// the others of `dbs`.
    fn default_refused_on(dbs: &[&str], column: &str, refused_on: &[&str]) {
        for db in dbs {
            let expected: Vec<&str> = if refused_on.contains(db) {
                vec!["INVALID_DEFAULT"]
            } else {
                vec![]
            };
            assert_eq!(
                codes_only(db, &one_column(column)),
                expected,
                "{db} {column}"
            );
        }
    }

    /// A clock call as an expression default where the database does otherwise than written
    /// (each seen on MySQL 9.7, MariaDB 10.11 or PostgreSQL 15 by a user trial): MySQL gives a
    /// DATETIME(3)'s `(CURRENT_TIMESTAMP)` or `(now())` whole seconds; PostgreSQL has no
    /// `now(3)`; MySQL takes no 7 digits (PostgreSQL lowers them to 6). And a signed timestamp
    /// literal, which chrono reads as a year and the engines refuse.
    #[test]
    fn clock_defaults_and_timestamp_literals_the_engines_do_otherwise() {
        let col = |p: &str, d: &str| {
            format!(r#"{{"name":"c","type":"TIMESTAMP",{p}"nullable":true,"default":{d}}}"#)
        };
        let ms = r#""precision":3,"#;
        let cases: [(&str, &str, &[&str]); 12] = [
            (ms, r#"{"expression":"CURRENT_TIMESTAMP"}"#, &["mysql"]),
            (ms, r#"{"expression":"now()"}"#, &["mysql"]),
            (ms, r#"{"expression":"( LOCALTIMESTAMP )"}"#, &["mysql"]),
            (ms, r#"{"expression":"CURRENT_TIMESTAMP(3)"}"#, &[]),
            (
                r#""precision":6,"#,
                r#"{"expression":"CURRENT_TIMESTAMP(3)"}"#,
                &[],
            ),
            ("", r#"{"expression":"CURRENT_TIMESTAMP"}"#, &[]),
            ("", r#"{"expression":"now(3)"}"#, &["postgresql"]),
            ("", r#"{"expression":"CURRENT_TIMESTAMP(7)"}"#, &["mysql"]),
            (ms, r#""CURRENT_TIMESTAMP""#, &[]),
            ("", r#""+2026-01-01 00:00:00""#, &["postgresql", "mysql"]),
            ("", r#""-2026-01-01 00:00:00""#, &["postgresql", "mysql"]),
            ("", r#"" 2026-01-01 00:00:00""#, &["postgresql", "mysql"]),
        ];
        for (p, d, refused_on) in cases {
            default_refused_on(&["postgresql", "mysql"], &col(p, d), refused_on);
        }
    }

    /// A CHECK that reads a missing column twice is one error, not two alike.
    #[test]
    fn a_missing_column_read_twice_by_a_check_is_said_once() {
        let r = crate::generate_str(
            r#"{"description":"d","databaseType":"postgresql","timestamps":false,"tables":[{"name":"t","columns":[{"name":"id","type":"INTEGER","nullable":false},{"name":"created_at","type":"TIMESTAMP","nullable":false}],"primaryKey":["id"],"checkConstraints":[{"name":"chk_due","expression":"due_at IS NULL OR due_at >= created_at"}]}]}"#,
        );
        let errors: Vec<(&str, Option<&str>)> = (r.validation.errors.iter())
            .map(|e| (e.code.as_str(), e.column.as_deref()))
            .collect();
        assert_eq!(errors, [("UNKNOWN_COLUMN", Some("due_at"))]);
    }

    /// A TIMESTAMP's precision is the digits of a second it keeps, 0 to 6 (PostgreSQL's and
    /// MySQL's range; PostgreSQL lowers 7 to 6 with a warning, MySQL refuses it), without a
    /// scale; on DECIMAL it stays the number of digits.
    #[test]
    fn timestamp_precision_is_digits_of_a_second() {
        for db in ["sqlite", "postgresql", "mysql"] {
            for ty in ["TIMESTAMP", "DATETIME"] {
                for p in 0..=6 {
                    let c =
                        format!(r#"{{"name":"c","type":"{ty}","precision":{p},"nullable":true}}"#);
                    assert!(codes_only(db, &one_column(&c)).is_empty(), "{db} {ty}({p})");
                }
                for bad in [
                    r#""precision":7"#,
                    r#""precision":3,"scale":1"#,
                    r#""scale":0"#,
                ] {
                    let c = format!(r#"{{"name":"c","type":"{ty}",{bad},"nullable":true}}"#);
                    assert_eq!(
                        codes_only(db, &one_column(&c)),
                        vec!["TYPE_MISMATCH"],
                        "{db} {ty} {bad}"
                    );
                }
            }
            for p in [0, 3] {
                let date =
                    format!(r#"{{"name":"c","type":"DATE","precision":{p},"nullable":true}}"#);
                assert_eq!(codes_only(db, &one_column(&date)), vec!["TYPE_MISMATCH"]);
            }
        }
    }

    /// A timestamp default keeps no more digits of a second than the column: MySQL rounded
    /// '23:59:59.999' on a DATETIME to the next day, MariaDB cut it; PostgreSQL rounds past 6
    /// digits, or past the precision given. SQLite keeps the text as written.
    #[test]
    fn timestamp_defaults_fit_the_digits_of_a_second_kept() {
        let col = |p: Option<u32>, d: &str| {
            let p = p.map_or(String::new(), |p| format!(r#""precision":{p},"#));
            format!(r#"{{"name":"c","type":"TIMESTAMP",{p}"nullable":true,"default":"{d}"}}"#)
        };
        let cases: [(Option<u32>, &str, &[&str]); 8] = [
            (None, "2026-01-01 10:00:00.5", &["mysql"]),
            (None, "2026-01-01 10:00:00.123456", &["mysql"]),
            (
                None,
                "2026-01-01 10:00:00.1234567",
                &["mysql", "postgresql"],
            ),
            (None, "2026-01-01 10:00:00.000", &[]),
            (Some(3), "2026-01-01 10:00:00.125", &[]),
            (Some(3), "2026-01-01 10:00:00.125000", &[]),
            (
                Some(3),
                "2026-01-01 10:00:00.1255",
                &["mysql", "postgresql"],
            ),
            (Some(0), "2026-01-01 10:00:00.5", &["mysql", "postgresql"]),
        ];
        for (p, d, refused_on) in cases {
            default_refused_on(&["sqlite", "postgresql", "mysql"], &col(p, d), refused_on);
        }
    }

    /// A length or precision the spec leaves out is the one the SQL type gets: MariaDB refused
    /// `CHAR(1) DEFAULT 'ab'`, `VARCHAR(255)` with a longer default and `DECIMAL(10,0) DEFAULT
    /// 12345678901.5` ("Invalid default value"), stored `DECIMAL(10,0) DEFAULT 0.75` as 1, and
    /// PostgreSQL took `CHAR(1) DEFAULT 'ab'` and failed every insert that used it. SQLite
    /// writes TEXT and NUMERIC, which hold any length and digits.
    #[test]
    fn defaults_must_fit_the_length_and_precision_the_type_gets() {
        let long = "x".repeat(300);
        let cases = [
            (
                r#"{"name":"c","type":"CHAR","nullable":true,"default":"ab"}"#,
                ["mysql", "postgresql"].as_slice(),
            ),
            (
                &*format!(r#"{{"name":"c","type":"VARCHAR","nullable":true,"default":"{long}"}}"#),
                &["mysql"],
            ),
            (
                r#"{"name":"c","type":"DECIMAL","nullable":true,"default":0.75}"#,
                &["mysql"],
            ),
            (
                r#"{"name":"c","type":"NUMERIC","nullable":true,"default":12345678901.5}"#,
                &["mysql"],
            ),
        ];
        for (column, refused_on) in cases {
            default_refused_on(&["sqlite", "postgresql", "mysql"], column, refused_on);
        }
        // A TEXT key column is VARCHAR(255) on MySQL (said once, by the MySQL dialect's check).
        let keyed = format!(
            r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},
            {{"name":"c","type":"TEXT","nullable":true,"unique":true,"default":"{long}"}}]}}"#
        );
        assert_eq!(codes_only("mysql", &keyed), vec!["INVALID_DEFAULT"]);
        assert_eq!(codes_only("postgresql", &keyed), Vec::<String>::new());
        let r = crate::generate_str(&format!(
            r#"{{"description":"d","databaseType":"mysql","timestamps":false,"tables":[{}]}}"#,
            one_column(r#"{"name":"c","type":"DECIMAL","nullable":true,"default":0.75}"#)
        ));
        assert!(
            r.validation.errors[0].message.contains("DECIMAL(10,0)"),
            "the message names the type the column gets: {}",
            r.validation.errors[0].message
        );
        // What fits stays taken.
        for column in [
            r#"{"name":"c","type":"CHAR","nullable":true,"default":"a"}"#,
            r#"{"name":"c","type":"DECIMAL","nullable":true,"default":12}"#,
            r#"{"name":"c","type":"VARCHAR","nullable":true,"default":"short"}"#,
        ] {
            for db in ["sqlite", "postgresql", "mysql"] {
                assert!(
                    codes_only(db, &one_column(column)).is_empty(),
                    "{db} {column}"
                );
            }
        }
    }

    /// A string default outside the strings a CHECK allows the column fails every insert that
    /// leaves the column out (SQLite: "CHECK constraint failed"), as the database compares: MariaDB
    /// took `DEFAULT 'DRAFT '` under `IN ('draft')`, PostgreSQL `CHAR(3) DEFAULT 'a '` under
    /// `IN ('a')`; beyond ASCII, MySQL's collation decides, and nothing is said.
    #[test]
    fn a_string_default_must_pass_the_check_on_its_column() {
        let table = |ty: &str, default: &str, check: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false}},
                {{"name":"s","type":"{ty}","length":10,"nullable":false,"default":"{default}"}}],"primaryKey":["id"],
                "checkConstraints":[{{"name":"chk_t_s","expression":"{check}"}}]}}"#
            )
        };
        let check = "s IN ('todo', 'done') AND id > 0";
        for db in ["sqlite", "postgresql", "mysql"] {
            assert_eq!(
                codes_only(db, &table("VARCHAR", "draft", check)),
                vec!["INVALID_DEFAULT"],
                "{db}"
            );
            assert!(
                codes_only(db, &table("VARCHAR", "done", check)).is_empty(),
                "{db}"
            );
            // A CHECK that does not settle the strings says nothing.
            assert!(
                codes_only(db, &table("VARCHAR", "draft", "s <> 'x' OR id > 0")).is_empty(),
                "{db}"
            );
        }
        let other_case = table("VARCHAR", "DONE ", check);
        assert_eq!(codes_only("sqlite", &other_case), vec!["INVALID_DEFAULT"]);
        assert_eq!(
            codes_only("postgresql", &other_case),
            vec!["INVALID_DEFAULT"]
        );
        assert!(codes_only("mysql", &other_case).is_empty());
        // A CHAR(n) default past n by trailing spaces only: PostgreSQL and MariaDB store it
        // without them (`CHAR(1) DEFAULT 'a '` is 'a'); a VARCHAR's are refused by MariaDB.
        for db in ["postgresql", "mysql"] {
            let column = |ty: &str, length: &str| {
                one_column(&format!(
                    r#"{{"name":"c","type":"{ty}",{length}"nullable":true,"default":"a  "}}"#
                ))
            };
            assert!(codes_only(db, &column("CHAR", "")).is_empty(), "{db}");
            assert!(
                codes_only(db, &column("CHAR", r#""length":1,"#)).is_empty(),
                "{db}"
            );
            assert_eq!(
                codes_only(db, &column("VARCHAR", r#""length":1,"#)),
                vec!["INVALID_DEFAULT"],
                "{db}"
            );
        }
        let padded = table("CHAR", "done ", check);
        assert!(codes_only("postgresql", &padded).is_empty());
        assert_eq!(codes_only("sqlite", &padded), vec!["INVALID_DEFAULT"]);
        assert!(codes_only("mysql", &table("VARCHAR", "dóne", check)).is_empty());
        let r = crate::generate_str(&format!(
            r#"{{"description":"d","databaseType":"sqlite","timestamps":false,"tables":[{}]}}"#,
            table("VARCHAR", "draft", check)
        ));
        assert!(
            r.validation.errors[0].message.contains(
                "'draft' is not one of the strings the table's CHECK allows ('todo', 'done')"
            ),
            "{}",
            r.validation.errors[0].message
        );
        // On the engine: the table as it would be, and an insert that uses the default.
        let db = crate::sqlite_memory::open_in_memory().unwrap();
        db.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, s VARCHAR(10) NOT NULL DEFAULT 'draft', CONSTRAINT chk_t_s CHECK (s IN ('todo', 'done') AND id > 0));")
            .unwrap();
        let e = db.execute("INSERT INTO t (id) VALUES (1)", []).unwrap_err();
        assert!(e.to_string().contains("CHECK constraint failed"), "{e}");
    }

    /// PostgreSQL's current time as text is up to 32 characters, MySQL's 19: a shorter VARCHAR
    /// failed every insert that used the default ("value too long", "Data too long").
    #[test]
    fn current_time_defaults_must_fit_a_text_column() {
        let col = |n: u32, d: &str| {
            format!(
                r#"{{"name":"c","type":"VARCHAR","length":{n},"nullable":true,"default":"{d}"}}"#
            )
        };
        for db in ["sqlite", "postgresql", "mysql"] {
            assert_eq!(
                codes_only(db, &one_column(&col(10, "CURRENT_TIMESTAMP"))),
                vec!["INVALID_DEFAULT"],
                "{db}"
            );
            assert!(
                codes_only(db, &one_column(&col(40, "CURRENT_TIMESTAMP"))).is_empty(),
                "{db}"
            );
            assert!(
                codes_only(db, &one_column(&col(10, "CURRENT_DATE"))).is_empty(),
                "{db}"
            );
        }
        assert!(codes_only("mysql", &one_column(&col(19, "CURRENT_TIMESTAMP"))).is_empty());
        assert_eq!(
            codes_only("postgresql", &one_column(&col(19, "CURRENT_TIMESTAMP"))),
            vec!["INVALID_DEFAULT"]
        );
    }

    /// Suggestions that read as names: a reserved table name takes its plural, a reserved
    /// column name says it holds a value (`as` gave `ass`, `index` gave `indexs`), and a name
    /// with accented letters keeps their base letters (`café` gave `caf`).
    #[test]
    fn suggested_names_read_as_names() {
        let suggestions = |db: &str, tables: &str| -> Vec<(String, String)> {
            crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{tables}]}}"#
            ))
            .validation
            .errors
            .iter()
            .map(|e| (e.code.as_str().to_string(), e.suggestion.clone().unwrap_or_default()))
            .collect()
        };
        let got = suggestions(
            "postgresql",
            r#"{"name":"order","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true},{"name":"as","type":"TEXT","nullable":true},{"name":"references","type":"TEXT","nullable":true},{"name":"café","type":"TEXT","nullable":true},{"name":"Ärger","type":"TEXT","nullable":true}]},{"name":"references","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true}]}"#,
        );
        for want in [
            ("RESERVED_KEYWORD", "rename it, for example to 'orders'"),
            ("RESERVED_KEYWORD", "rename it, for example to 'as_value'"),
            (
                "RESERVED_KEYWORD",
                "rename it, for example to 'references_value'",
            ),
            ("INVALID_COLUMN_NAME", "rename it to 'cafe'"),
            ("INVALID_COLUMN_NAME", "rename it to 'arger'"),
            (
                "RESERVED_KEYWORD",
                "rename it, for example to 'app_references'",
            ),
        ] {
            assert!(
                got.iter().any(|(c, s)| c == want.0 && s == want.1),
                "{want:?} in {got:?}"
            );
        }
    }

    /// MySQL takes a foreign key between string columns of any lengths and kinds (InnoDB compares
    /// them by collation: checked on MariaDB 10.11, `fk_string_lengths_differ`), a warning; it
    /// refuses integers of different sizes, an error.
    #[test]
    fn mysql_takes_string_keys_of_other_lengths_and_refuses_other_integer_sizes() {
        let spec = |local: &str, remote: &str| {
            format!(
                r#"{{"name":"p","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"k","type":"{remote}","length":20,"nullable":false,"unique":true}}]}},{{"name":"c","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"pk","type":"{local}","nullable":true}}],"foreignKeys":[{{"columns":["pk"],"referencedTable":"p","referencedColumns":["k"]}}]}}"#
            )
        };
        for (local, remote) in [
            ("TEXT", "VARCHAR"),
            ("UUID", "VARCHAR"),
            ("CHAR", "VARCHAR"),
            ("VARCHAR", "CHAR"),
        ] {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"mysql","timestamps":false,"tables":[{}]}}"#,
                spec(local, remote)
            ))
            .validation;
            assert!(r.valid, "{local} -> {remote}: {:?}", r.errors);
            assert!(
                r.warnings
                    .iter()
                    .any(|w| w.code == Code::ForeignKeyTypeMismatch),
                "{local} -> {remote}: {:?}",
                r.warnings
            );
        }
        let ints = r#"{"name":"p","columns":[{"name":"id","type":"BIGINT","nullable":false,"autoIncrement":true}]},{"name":"c","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true},{"name":"p_id","type":"INT","nullable":true}],"foreignKeys":[{"columns":["p_id"],"referencedTable":"p","referencedColumns":["id"]}]}"#;
        assert_eq!(codes_only("mysql", ints), vec!["FOREIGN_KEY_TYPE_MISMATCH"]);
    }

    /// PostgreSQL 15: "foreign key constraint … cannot be implemented … incompatible types" for
    /// the first list; the second list was accepted there.
    #[test]
    fn postgresql_refuses_foreign_keys_between_incompatible_types() {
        let spec = |local: &str, remote: &str| {
            format!(
                r#"{{"name":"p","columns":[{{"name":"k","type":"{remote}","nullable":false}}],"primaryKey":["k"]}},{{"name":"c","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"pk","type":"{local}","nullable":true}}],"foreignKeys":[{{"columns":["pk"],"referencedTable":"p","referencedColumns":["k"]}}]}}"#
            )
        };
        for (local, remote) in [
            ("UUID", "TEXT"),
            ("REAL", "DECIMAL"),
            ("DECIMAL", "INT"),
            ("BOOLEAN", "INT"),
            ("JSONB", "TEXT"),
        ] {
            assert_eq!(
                codes_only("postgresql", &spec(local, remote)),
                vec!["FOREIGN_KEY_TYPE_MISMATCH"],
                "{local} -> {remote}"
            );
        }
        for (local, remote) in [
            ("INT", "BIGINT"),
            ("BIGINT", "INT"),
            ("VARCHAR", "TEXT"),
            ("DATE", "TIMESTAMP"),
            ("TIMESTAMP", "DATE"),
            ("INT", "DECIMAL"),
            ("INT", "REAL"),
            ("BIGINT", "NUMERIC"),
            ("NUMERIC", "REAL"),
            ("NUMERIC", "DECIMAL"),
        ] {
            assert!(
                codes_only("postgresql", &spec(local, remote)).is_empty(),
                "{local} -> {remote}"
            );
        }
    }

    /// One stored type spelled two ways is no mismatch (a review: a key from NUMERIC(10) to
    /// DECIMAL(10,0) on PostgreSQL, both `numeric(10,0)` in its catalog, was warned of); other
    /// precisions or scales still are.
    #[test]
    fn keys_between_spellings_of_one_stored_type_are_no_mismatch() {
        let spec = |local: &str, remote: &str| {
            format!(
                r#"{{"description":"d","databaseType":"postgresql","timestamps":false,"tables":[{{"name":"p","columns":[{{"name":"k",{remote},"nullable":false}}],"primaryKey":["k"]}},{{"name":"c","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"pk",{local},"nullable":true}}],"foreignKeys":[{{"columns":["pk"],"referencedTable":"p","referencedColumns":["k"]}}]}}]}}"#
            )
        };
        let mismatches = |local: &str, remote: &str| {
            crate::generate_str(&spec(local, remote))
                .validation
                .warnings
                .iter()
                .filter(|w| w.code == Code::ForeignKeyTypeMismatch)
                .count()
        };
        let numeric10 = r#""type":"NUMERIC","precision":10"#;
        let decimal10_0 = r#""type":"DECIMAL","precision":10,"scale":0"#;
        assert_eq!(mismatches(numeric10, decimal10_0), 0);
        assert_eq!(mismatches(decimal10_0, numeric10), 0);
        let decimal10_2 = r#""type":"DECIMAL","precision":10,"scale":2"#;
        assert_eq!(mismatches(numeric10, decimal10_2), 1);
    }

    /// PostgreSQL: "cannot use more than 32 columns in an index"; MySQL 8.0 allows 16 key parts
    /// (MariaDB 32) and 64 secondary indexes on an InnoDB table.
    #[test]
    fn index_limits_of_each_database() {
        let wide = |n: usize| {
            let cols: Vec<String> = (0..n)
                .map(|i| format!(r#"{{"name":"c{i}","type":"INT","nullable":true}}"#))
                .collect();
            let names: Vec<String> = (0..n).map(|i| format!(r#""c{i}""#)).collect();
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{}],"indexes":[{{"name":"idx_t_wide","columns":[{}],"unique":false}}]}}"#,
                cols.join(","),
                names.join(",")
            )
        };
        assert_eq!(
            codes_only("postgresql", &wide(33)),
            vec!["UNSUPPORTED_FEATURE"]
        );
        assert!(codes_only("postgresql", &wide(32)).is_empty());
        assert_eq!(codes_only("mysql", &wide(17)), vec!["UNSUPPORTED_FEATURE"]);
        assert!(codes_only("mysql", &wide(16)).is_empty());
        let many = |n: usize| {
            let cols: Vec<String> = (0..n)
                .map(|i| format!(r#"{{"name":"c{i}","type":"INT","nullable":true}}"#))
                .collect();
            let idx: Vec<String> = (0..n)
                .map(|i| format!(r#"{{"name":"idx_t_c{i}","columns":["c{i}"],"unique":false}}"#))
                .collect();
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{}],"indexes":[{}]}}"#,
                cols.join(","),
                idx.join(",")
            )
        };
        assert_eq!(codes_only("mysql", &many(65)), vec!["UNSUPPORTED_FEATURE"]);
        assert!(codes_only("mysql", &many(64)).is_empty());
        assert!(codes_only("postgresql", &many(65)).is_empty());
    }

    /// MariaDB: "Invalid default value" for a 300-character default on the VARCHAR(255) a TEXT
    /// key column becomes.
    #[test]
    fn mysql_text_key_column_default_must_fit_varchar_255() {
        let spec = |n: usize| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"body","type":"TEXT","nullable":true,"default":"{}"}}],"indexes":[{{"name":"idx_t_body","columns":["body"],"unique":false}}]}}"#,
                "x".repeat(n)
            )
        };
        assert_eq!(codes_only("mysql", &spec(300)), vec!["INVALID_DEFAULT"]);
        assert!(codes_only("mysql", &spec(255)).is_empty());
        assert!(codes_only("postgresql", &spec(300)).is_empty());
    }

    /// MySQL 8.0 refuses a DECIMAL scale past 30 ("Too big scale specified"; MariaDB 10.11 only
    /// past 38, so `DECIMAL(65,39)` was refused by both) and a precision past 65: both are
    /// refused on MySQL, with what to lower; PostgreSQL takes them.
    #[test]
    fn mysql_decimal_scale_and_precision_limits() {
        let decimal = |p: u32, s: u32| {
            one_column(&format!(
                r#"{{"name":"amount","type":"DECIMAL","precision":{p},"scale":{s},"nullable":true}}"#
            ))
        };
        let errors = |db: &str, tables: &str| {
            crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{tables}]}}"#
            ))
            .validation
            .errors
        };
        let e = errors("mysql", &decimal(65, 39));
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].code.as_str(), "TYPE_MISMATCH");
        assert_eq!(e[0].message, "MySQL DECIMAL scale is at most 30, not 39");
        assert_eq!(e[0].column.as_deref(), Some("amount"));
        assert_eq!(
            e[0].suggestion.as_deref(),
            Some("lower the scale to 30 or less")
        );
        let numeric = one_column(
            r#"{"name":"amount","type":"NUMERIC","precision":40,"scale":31,"nullable":true}"#,
        );
        assert_eq!(codes_only("mysql", &numeric), vec!["TYPE_MISMATCH"]);
        assert!(codes_only("mysql", &decimal(65, 30)).is_empty());
        let e = errors("mysql", &decimal(66, 2));
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].code.as_str(), "TYPE_MISMATCH");
        assert_eq!(e[0].message, "MySQL DECIMAL precision is at most 65");
        assert!(codes_only("postgresql", &decimal(65, 39)).is_empty());
    }

    /// MariaDB: "Row size too large … 65535" for VARCHAR(16383) beside an INT key, and for four
    /// VARCHAR(5000); the limit counts 4 bytes a character, the length bytes and the null bits.
    #[test]
    fn mysql_row_size_limit() {
        let spec = |cols: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{cols}]}}"#
            )
        };
        let varchar = |name: &str, n: u32| {
            format!(r#"{{"name":"{name}","type":"VARCHAR","length":{n},"nullable":true}}"#)
        };
        assert_eq!(
            codes_only("mysql", &spec(&varchar("body", 16383))),
            vec!["UNSUPPORTED_FEATURE"]
        );
        let four = ["a", "b", "c", "d"].map(|n| varchar(n, 5000)).join(",");
        assert_eq!(
            codes_only("mysql", &spec(&four)),
            vec!["UNSUPPORTED_FEATURE"]
        );
        assert!(codes_only("mysql", &spec(&varchar("body", 16000))).is_empty());
        let texts = (0..40)
            .map(|i| format!(r#"{{"name":"t{i}","type":"TEXT","nullable":true}}"#))
            .collect::<Vec<_>>()
            .join(",");
        assert!(codes_only("mysql", &spec(&texts)).is_empty());
        assert!(codes_only("postgresql", &spec(&varchar("body", 16383))).is_empty());
    }

    /// MariaDB took a foreign key from TINYINT to the TINYINT(1) of a BOOLEAN key.
    #[test]
    fn mysql_tinyint_references_boolean() {
        let spec = r#"{"name":"p","columns":[{"name":"k","type":"BOOLEAN","nullable":false}],"primaryKey":["k"]},{"name":"c","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true},{"name":"pk","type":"TINYINT","nullable":true}],"foreignKeys":[{"columns":["pk"],"referencedTable":"p","referencedColumns":["k"]}]}"#;
        assert!(codes_only("mysql", spec).is_empty());
    }

    /// Each refused by the engine when the migration ran (MariaDB 10.11: 1064 syntax errors and
    /// 1901 for non-deterministic functions in a CHECK; PostgreSQL 15: syntax errors, "operator
    /// does not exist", "functions in index predicate must be marked IMMUTABLE").
    #[test]
    fn expressions_in_the_other_database_s_sql_are_refused() {
        let table = |check: &str, predicate: Option<&str>| {
            let index = predicate.map_or(String::new(), |p| format!(r#","indexes":[{{"name":"idx_t_age","columns":["age"],"unique":false,"where":"{p}"}}]"#));
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"age","type":"INT","nullable":true}},{{"name":"body","type":"VARCHAR","length":20,"nullable":true}},{{"name":"created","type":"TIMESTAMP","nullable":true}}],"checkConstraints":[{{"name":"chk_t","expression":"{check}"}}]{index}}}"#
            )
        };
        for bad in [
            "body ILIKE 'a%'",
            "body SIMILAR TO 'a%'",
            "age IS DISTINCT FROM 1",
            "body ~ 'x'",
            "body ~* 'x'",
            "body || 'x' = 'y'",
            "age > 0 AND now() IS NOT NULL",
            "created < CURRENT_TIMESTAMP",
            "age < RAND() * 100",
        ] {
            assert_eq!(
                codes_only("mysql", &table(bad, None)),
                vec!["INVALID_CHECK_EXPRESSION"],
                "mysql: {bad}"
            );
        }
        for bad in [
            "body REGEXP '^a'",
            "body RLIKE 'x'",
            "age XOR 1",
            "age <=> 1",
            "age DIV 2 > 0",
        ] {
            assert_eq!(
                codes_only("postgresql", &table(bad, None)),
                vec!["INVALID_CHECK_EXPRESSION"],
                "postgresql: {bad}"
            );
        }
        assert_eq!(
            codes_only("postgresql", &table("age > 0", Some("created > now()"))),
            vec!["INVALID_CHECK_EXPRESSION"]
        );
        for good in [
            "age > 0 AND body LIKE 'a%'",
            "body REGEXP '^a' OR age <=> 1",
            "age DIV 2 > 0",
        ] {
            assert!(
                codes_only("mysql", &table(good, None)).is_empty(),
                "mysql: {good}"
            );
        }
        for good in [
            "body ILIKE 'a%' AND age IS DISTINCT FROM 1",
            "body ~ 'x' OR body || 'x' = 'y'",
            "created < now()",
        ] {
            assert!(
                codes_only("postgresql", &table(good, None)).is_empty(),
                "postgresql: {good}"
            );
        }
        assert!(codes_only("postgresql", &table("age > 0", Some("age > 1"))).is_empty());
    }

    /// PostgreSQL took DEFAULT 'abc' on an INTEGER column and failed every insert.
    #[test]
    fn a_string_literal_expression_default_on_a_number_column_must_be_a_number() {
        let col = |ty: &str, e: &str| {
            format!(
                r#"{{"name":"c","type":"{ty}","nullable":true,"default":{{"expression":"{e}"}}}}"#
            )
        };
        for db in ["sqlite", "postgresql", "mysql"] {
            assert_eq!(
                codes_only(db, &one_column(&col("INT", "'abc'"))),
                vec!["INVALID_DEFAULT"],
                "{db}"
            );
            assert_eq!(
                codes_only(db, &one_column(&col("DECIMAL", "('1.2.3')"))),
                vec!["INVALID_DEFAULT"],
                "{db}"
            );
            assert!(
                codes_only(db, &one_column(&col("INT", "'12'"))).is_empty(),
                "{db}"
            );
            assert!(
                codes_only(db, &one_column(&col("TEXT", "'abc'"))).is_empty(),
                "{db}"
            );
        }
        // Literals string defaults do not take stay the escape hatch (PostgreSQL 15 took each).
        for (ty, literal) in [
            ("REAL", "'NaN'"),
            ("TIMESTAMP", "'infinity'"),
            ("BOOLEAN", "'yes'"),
            ("DATE", "'20260105'"),
            ("UUID", "'{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'"),
        ] {
            assert!(
                codes_only("postgresql", &one_column(&col(ty, literal))).is_empty(),
                "{ty} {literal}"
            );
        }
    }

    /// sqlparser's PostgreSQL parser took 8 s for 22 nested calls (each level doubles it):
    /// nesting is refused before the parser sees it.
    #[test]
    fn deeply_nested_expressions_are_refused_at_once() {
        let table = |e: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"v","type":"INT","nullable":true}}],"checkConstraints":[{{"name":"c","expression":"{e}"}}]}}"#
            )
        };
        for db in ["sqlite", "postgresql", "mysql"] {
            for f in ["abs(", "cast(", "coalesce(1,", "("] {
                let deep = format!("{}v{} > 0", f.repeat(30), ")".repeat(30));
                assert_eq!(
                    codes_only(db, &table(&deep)),
                    vec!["INVALID_CHECK_EXPRESSION"],
                    "{db} {f}"
                );
            }
            let ok = format!("{}v{} > 0", "abs(".repeat(8), ")".repeat(8));
            assert!(codes_only(db, &table(&ok)).is_empty(), "{db}");
        }
    }

    /// With NO_BACKSLASH_ESCAPES (MySQL) or standard_conforming_strings off (PostgreSQL), a
    /// backslash in a literal moves where the literal ends: an expression could then carry a
    /// second statement (shown on MariaDB 10.11 and PostgreSQL 15).
    #[test]
    fn backslashes_in_expression_literals_are_refused_where_the_session_decides_them() {
        let table = |e: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"v","type":"VARCHAR","length":20,"nullable":true}}],"checkConstraints":[{{"name":"c","expression":"{e}"}}]}}"#
            )
        };
        let injection = r"v <> 'a\\'), x INT); DROP TABLE accounts; -- '";
        assert_eq!(
            codes_only("mysql", &table(injection)),
            vec!["INVALID_CHECK_EXPRESSION"]
        );
        // JSON in a raw string: `\\` is one backslash of the expression.
        assert_eq!(
            codes_only("mysql", &table(r#"v <> 'a\\\"b'"#)),
            vec!["INVALID_CHECK_EXPRESSION"]
        );
        assert_eq!(
            codes_only("postgresql", &table(r"v <> 'a\\' OR v = 'b'")),
            vec!["INVALID_CHECK_EXPRESSION"]
        );
        assert!(codes_only("postgresql", &table(r"v <> E'a\\\\b'")).is_empty());
        assert!(codes_only("postgresql", &table(r"v ~ '^\\w+$'")).is_empty());
        // Any other backslash sequence in a MySQL string means one thing by default and another
        // under NO_BACKSLASH_ESCAPES ('^\\d+$' is the regular expression ^\d+$, or ^\\d+$);
        // `\%` and `\_` read the same both ways.
        for ambiguous in [
            r"v REGEXP '^\\\\d+$'",
            r"v IN ('a\\b', 'c')",
            r"v <> 'a\\\\'",
        ] {
            assert_eq!(
                codes_only("mysql", &table(ambiguous)),
                vec!["INVALID_CHECK_EXPRESSION"],
                "{ambiguous}"
            );
        }
        for fine in [
            "v REGEXP '^[0-9]+$'",
            r"v LIKE '%\\_%'",
            r"v NOT LIKE '100\\%'",
            "v IN (CONCAT('a', CHAR(92), 'b'), 'c')",
        ] {
            assert!(codes_only("mysql", &table(fine)).is_empty(), "{fine}");
        }
        assert!(codes_only("sqlite", &table(r"v <> 'a\\b'")).is_empty());
        assert!(codes_only("mysql", &table("v <> 'a''b'")).is_empty());
    }

    /// The default messages read "an INTEGER column", not "a INTEGER column".
    #[test]
    fn default_messages_take_an_before_a_vowel() {
        let messages = |columns: &str| -> Vec<String> {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"sqlite","timestamps":false,"tables":[{{"name":"t","primaryKey":["id"],"columns":[{{"name":"id","type":"INT","nullable":false}},{columns}]}}]}}"#
            ));
            r.validation
                .errors
                .iter()
                .map(|e| e.message.clone())
                .collect()
        };
        assert_eq!(
            messages(r#"{"name":"a","type":"INTEGER","nullable":true,"default":true}"#),
            ["a boolean default on an INTEGER column"]
        );
        assert_eq!(
            messages(r#"{"name":"a","type":"INT","nullable":true,"default":true}"#),
            ["a boolean default on an INT column"]
        );
        assert_eq!(
            messages(r#"{"name":"a","type":"TEXT","nullable":true,"default":true}"#),
            ["a boolean default on a TEXT column"]
        );
        assert_eq!(
            messages(
                r#"{"name":"a","type":"INTEGER","nullable":true,"default":"CURRENT_TIMESTAMP"}"#
            ),
            ["CURRENT_TIMESTAMP cannot be the default of an INTEGER column"]
        );
        assert_eq!(
            messages(r#"{"name":"a","type":"BOOLEAN","nullable":true,"default":"CURRENT_DATE"}"#),
            ["CURRENT_DATE cannot be the default of a BOOLEAN column"]
        );
        assert_eq!(
            messages(r#"{"name":"a","type":"UUID","nullable":true,"default":5}"#),
            ["a number default (5) on a UUID column"]
        );
    }

    /// A number written as the expression default of a BOOLEAN column (a spec pulled from a
    /// SQLite `boolean DEFAULT 2` has `{ "expression": "2" }`): PostgreSQL refuses it at CREATE
    /// ("column is of type boolean but default expression is of type integer", even `(1)`), so
    /// validation does; SQLite and MySQL (whose BOOLEAN is TINYINT(1)) store the number.
    #[test]
    fn a_number_expression_default_of_a_boolean_column_is_refused_for_postgresql_only() {
        let messages = |db: &str, expression: &str| -> Vec<String> {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{{"name":"t","primaryKey":["id"],"columns":[{{"name":"id","type":"INT","nullable":false}},{{"name":"k","type":"BOOLEAN","nullable":true,"default":{{"expression":"{expression}"}}}}]}}]}}"#
            ));
            r.validation
                .errors
                .iter()
                .map(|e| format!("{} {}", e.code.as_str(), e.message))
                .collect()
        };
        for expression in ["2", "(1)", "-3", "((0))", "1.5"] {
            let number = expression.trim_start_matches('(').trim_end_matches(')');
            assert_eq!(
                messages("postgresql", expression),
                [format!("INVALID_DEFAULT PostgreSQL's BOOLEAN takes no number as its default ({number})")],
                "{expression}"
            );
            assert!(messages("sqlite", expression).is_empty(), "{expression}");
            assert!(messages("mysql", expression).is_empty(), "{expression}");
        }
        for fine in ["TRUE", "(false)", "'t'", "1 = 1"] {
            assert!(messages("postgresql", fine).is_empty(), "{fine}");
        }
    }

    #[test]
    fn article_by_first_letter() {
        for (word, a) in [
            ("INTEGER", "an"),
            ("INT", "an"),
            ("integer", "an"),
            ("TEXT", "a"),
            ("BOOLEAN", "a"),
            ("UUID", "a"),
            ("JSON", "a"),
            ("", "a"),
        ] {
            assert_eq!(article(word), a, "{word}");
        }
        for ty in ColumnType::ALL {
            let expected = if matches!(ty, ColumnType::Integer | ColumnType::Int) {
                "an"
            } else {
                "a"
            };
            assert_eq!(article(ty.as_str()), expected, "{}", ty.as_str());
        }
    }

    /// The first error of a spec with one column `column` (a JSON value) on `db`, as (code,
    /// message, suggestion); `None` when the spec is valid.
    fn first_default_error(
        db: &str,
        column: serde_json::Value,
    ) -> Option<(String, String, String)> {
        let spec = serde_json::json!({
            "description": "d",
            "databaseType": db,
            "timestamps": false,
            "tables": [{
                "name": "t",
                "columns": [
                    {"name": "id", "type": "INT", "nullable": false, "autoIncrement": true},
                    column
                ]
            }]
        });
        let r = crate::generate_str(&spec.to_string());
        r.validation.errors.first().map(|e| {
            (
                e.code.as_str().to_string(),
                e.message.clone(),
                e.suggestion.clone().unwrap_or_default(),
            )
        })
    }

    /// A JSON default nested past what serde_json reads is said as the nesting it is, in the
    /// spec's own words, not as "not valid JSON text: recursion limit exceeded" (PostgreSQL 15
    /// takes 128 levels); 127 levels are read.
    #[test]
    fn a_json_default_nested_too_deep_is_said_as_such() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let column = |n: usize| serde_json::json!({"name": "doc", "type": "JSONB", "nullable": true, "default": nested(n)});
        let (code, message, suggestion) =
            first_default_error("postgresql", column(128)).expect("too deep");
        assert_eq!(code, "INVALID_DEFAULT");
        assert_eq!(
            message,
            "the default's JSON text is nested more than 127 levels deep (objects and arrays within one another, past line 1 column 128 of its JSON text), deeper than the generator reads"
        );
        assert_eq!(suggestion, "give JSON text nested fewer levels");
        assert_eq!(first_default_error("postgresql", column(127)), None);
    }

    /// A user trial: PostgreSQL 15 refused `DATE DEFAULT '0000-01-01'` and `TIMESTAMP DEFAULT
    /// '0000-01-01 00:00:00'` ("date/time field value out of range": it has no year 0), which
    /// the spec was allowed; MariaDB 10.11 takes both (TIMESTAMP is DATETIME there) and SQLite
    /// keeps the text.
    #[test]
    fn year_zero_is_refused_on_postgresql_only() {
        use serde_json::json;
        for (ty, value) in [
            ("DATE", "0000-01-01"),
            ("TIMESTAMP", "0000-01-01 00:00:00"),
            ("DATETIME", "0000-12-31 23:59:59"),
        ] {
            let column = json!({"name": "d", "type": ty, "nullable": true, "default": value});
            let (code, message, suggestion) =
                first_default_error("postgresql", column.clone()).expect("year 0 on PostgreSQL");
            assert_eq!(code, "INVALID_DEFAULT");
            assert_eq!(
                message,
                format!("'{value}' is in year 0, which PostgreSQL does not have (1 BC is followed by 1 AD)")
            );
            assert_eq!(suggestion, "use a date from year 1 on (0001-01-01)");
            for db in ["mysql", "sqlite"] {
                assert_eq!(first_default_error(db, column.clone()), None, "{db} {ty}");
            }
        }
        let year_one =
            json!({"name": "d", "type": "DATE", "nullable": true, "default": "0001-01-01"});
        assert_eq!(first_default_error("postgresql", year_one), None);
    }

    /// A user trial: MariaDB 10.11 refused `DATETIME DEFAULT '2024-01-01 23:59:60'` ("Invalid
    /// default value"); PostgreSQL 15 stores it as the next day's 00:00:00 (and refuses
    /// 23:59:60.5). Refused on every database, as a month 13 is.
    #[test]
    fn second_sixty_is_refused_everywhere() {
        use serde_json::json;
        for db in ["sqlite", "postgresql", "mysql"] {
            for ty in ["TIMESTAMP", "DATETIME"] {
                for value in ["2024-01-01 23:59:60", "2024-06-30 12:30:60.5"] {
                    let column =
                        json!({"name": "d", "type": ty, "nullable": true, "default": value});
                    let (code, message, suggestion) =
                        first_default_error(db, column).expect("second 60");
                    assert_eq!(code, "INVALID_DEFAULT");
                    assert_eq!(
                        message,
                        format!("'{value}' has second 60, which MySQL refuses and PostgreSQL turns into the next minute")
                    );
                    assert_eq!(suggestion, "use seconds 00 to 59");
                }
            }
            // MySQL's DATETIME keeps no fraction of a second (refused there, see
            // `date_and_time_defaults_say_what_is_wrong`).
            let last = if db == "mysql" {
                "2024-01-01 23:59:59"
            } else {
                "2024-01-01 23:59:59.999"
            };
            let fine = json!({"name": "d", "type": "TIMESTAMP", "nullable": true, "default": last});
            assert_eq!(first_default_error(db, fine), None, "{db}");
        }
    }

    /// A user trial: PostgreSQL 15 refused `JSONB DEFAULT '{"a":"\u0000"}'` ("unsupported
    /// Unicode escape sequence"); its JSON type takes it, as MariaDB's JSON does, and SQLite
    /// keeps the text.
    #[test]
    fn nul_escape_is_refused_in_postgresql_jsonb() {
        use serde_json::json;
        for value in [r#"{"a":"\u0000"}"#, r#"["x\u0000y"]"#, r#"{"\u0000":1}"#] {
            let column = json!({"name": "j", "type": "JSONB", "nullable": true, "default": value});
            let (code, message, suggestion) =
                first_default_error("postgresql", column.clone()).expect("JSONB with NUL");
            assert_eq!(code, "INVALID_DEFAULT");
            assert_eq!(
                message,
                "the default's JSON has \\u0000 in a string, which PostgreSQL's JSONB cannot hold (unsupported Unicode escape sequence)"
            );
            assert_eq!(
                suggestion,
                "leave the \\u0000 out, or make the column JSON (which keeps the text as written)"
            );
            for db in ["mysql", "sqlite"] {
                assert_eq!(first_default_error(db, column.clone()), None, "{db}");
            }
            let json_type =
                json!({"name": "j", "type": "JSON", "nullable": true, "default": value});
            assert_eq!(first_default_error("postgresql", json_type), None);
        }
        // An escaped backslash followed by u0000 is no NUL.
        let escaped = json!({"name": "j", "type": "JSONB", "nullable": true, "default": r#"{"a":"\\u0000"}"#});
        assert_eq!(first_default_error("postgresql", escaped), None);
    }

    /// A user trial: `{ expression: "'toolongvalue'" }` on VARCHAR(5) (PostgreSQL 15: "value too
    /// long for type character varying(5)"; MariaDB 10.11: "Invalid default value") and
    /// `'zz'` on a UUID (PostgreSQL: "invalid input syntax for type uuid") were accepted. An
    /// expression that is one literal gets the string (or number) default's checks.
    /// `{"expression": "NULL"}` on a NOT NULL column is `default: null` written another way
    /// (a review: PostgreSQL took the column, then failed on rows, "contains null values").
    #[test]
    fn a_null_expression_default_on_a_not_null_column_is_refused() {
        use serde_json::json;
        for db in ["sqlite", "postgresql", "mysql"] {
            for e in ["NULL", "(NULL)", "CAST(NULL AS CHAR)"] {
                let column = json!({"name": "c", "type": "INTEGER", "nullable": false, "default": {"expression": e}});
                let (code, message, _) = first_default_error(db, column).expect("refused");
                assert_eq!(
                    (code.as_str(), message.as_str()),
                    (
                        "INVALID_DEFAULT",
                        "a NOT NULL column cannot default to null (the default expression is NULL)"
                    ),
                    "{db} {e}"
                );
                let nullable = json!({"name": "c", "type": "INTEGER", "nullable": true, "default": {"expression": e}});
                assert_eq!(first_default_error(db, nullable), None, "{db} {e}");
            }
        }
    }

    #[test]
    fn expression_literals_get_the_default_checks() {
        use serde_json::json;
        let expression = |ty: &str, length: Option<u32>, e: &str| {
            let mut column =
                json!({"name": "c", "type": ty, "nullable": true, "default": {"expression": e}});
            if let Some(n) = length {
                column["length"] = json!(n);
            }
            column
        };
        // SQLite takes any literal in any column: there the expression keeps what a string
        // default does not take, as a spec pulled from a SQLite file does.
        for (ty, length, e) in [
            ("VARCHAR", Some(5), "'toolongvalue'"),
            ("UUID", None, "'n/a'"),
            ("JSON", None, "'{oops'"),
            ("TINYINT", None, "99999999999"),
        ] {
            assert_eq!(
                first_default_error("sqlite", expression(ty, length, e)),
                None,
                "{ty} {e}"
            );
        }
        for db in ["postgresql", "mysql"] {
            for e in ["'toolongvalue'", "('toolongvalue')"] {
                let (code, message, suggestion) =
                    first_default_error(db, expression("VARCHAR", Some(5), e)).expect("too long");
                assert_eq!(code, "INVALID_DEFAULT");
                assert_eq!(message, "the default expression's literal does not fit the column: the default is 12 characters, longer than the column's length 5");
                assert_eq!(suggestion, "shorten the default or lengthen the column");
            }
            assert_eq!(
                first_default_error(db, expression("VARCHAR", Some(5), "'short'")),
                None
            );
            assert_eq!(
                first_default_error(db, expression("CHAR", Some(2), "'ab   '")),
                None
            );
            let (code, message, _) =
                first_default_error(db, expression("UUID", None, "'zz'")).expect("uuid");
            assert_eq!(code, "INVALID_DEFAULT");
            assert_eq!(
                message,
                "the default expression's literal does not fit the column: 'zz' is not a UUID"
            );
            for uuid in [
                "'123e4567-e89b-12d3-a456-426614174000'",
                "'123E4567E89B12D3A456426614174000'",
            ] {
                assert_eq!(
                    first_default_error(db, expression("UUID", None, uuid)),
                    None,
                    "{db} {uuid}"
                );
            }
            for not_uuid in [
                "'123e4567-e89b-12d3-a456-42661417400'",
                "'-123e4567e89b12d3a456426614174000'",
                "'{123e4567-e89b-12d3-a456-426614174000'",
            ] {
                let (_, message, _) =
                    first_default_error(db, expression("UUID", None, not_uuid)).expect(not_uuid);
                assert!(message.ends_with("is not a UUID"), "{db} {message}");
            }
            let (_, message, _) =
                first_default_error(db, expression("JSON", None, "'{oops'")).expect("json");
            assert!(message.starts_with("the default expression's literal does not fit the column: the default is not valid JSON text"), "{message}");
            for e in ["99999999999", "(-2147483649)", "'99999999999'"] {
                let (code, message, suggestion) =
                    first_default_error(db, expression("TINYINT", None, e)).expect("range");
                assert_eq!(code, "INVALID_DEFAULT");
                assert!(
                    message
                        .starts_with("the default expression's literal does not fit the column: "),
                    "{message}"
                );
                assert!(
                    message.ends_with("is out of range for TINYINT (-128 to 127)"),
                    "{message}"
                );
                assert_eq!(suggestion, "use a smaller number or a larger type");
            }
            assert_eq!(
                first_default_error(db, expression("TINYINT", None, "-128")),
                None
            );
            assert_eq!(
                first_default_error(db, expression("TINYINT", None, "(1 + 2)")),
                None
            );
            // The escape hatch stays: literals on other types are left to the database.
            assert_eq!(
                first_default_error(db, expression("TEXT", None, "'anything at all'")),
                None
            );
            assert_eq!(
                first_default_error(db, expression("BOOLEAN", None, "'t'")),
                None,
                "{db}"
            );
        }
        let (_, message, _) =
            first_default_error("postgresql", expression("INTEGER", None, "99999999999"))
                .expect("integer");
        assert_eq!(message, "the default expression's literal does not fit the column: 99999999999 is out of range for INTEGER (-2147483648 to 2147483647)");
        assert_eq!(
            first_default_error("postgresql", expression("DATE", None, "'infinity'")),
            None
        );
        // PostgreSQL reads a UUID in braces; MySQL's CHAR(36) cannot hold it.
        let braced = "'{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'";
        assert_eq!(
            first_default_error("postgresql", expression("UUID", None, braced)),
            None
        );
        let (_, message, _) =
            first_default_error("mysql", expression("UUID", None, braced)).expect("braced");
        assert_eq!(message, "the default expression's literal does not fit the column: '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}' is 38 characters, longer than the 36 of MySQL's CHAR(36)");
        assert_eq!(
            first_default_error("sqlite", expression("INTEGER", None, "99999999999")),
            None
        );
    }

    /// SQLite compares table names without regard to case: a new `user` beside Prisma's
    /// `"User"` marked existing is that table (a reviewer: CREATE TABLE IF NOT EXISTS skipped it
    /// and the down migration dropped "User" with its rows). DUPLICATE_TABLE there, saying why;
    /// PostgreSQL and MySQL (on Linux) keep them apart.
    #[test]
    fn sqlite_tables_whose_names_differ_only_in_case_are_one_table() {
        let tables = r#"{"name":"Team","existing":true,"columns":[{"name":"id","type":"INTEGER","nullable":false}],"primaryKey":["id"]},{"name":"team","columns":[{"name":"id","type":"INTEGER","nullable":false}],"primaryKey":["id"]}"#;
        assert_eq!(codes_only("sqlite", tables), vec!["DUPLICATE_TABLE"]);
        let r = crate::generate_str(&format!(
            r#"{{"description":"d","databaseType":"sqlite","timestamps":false,"tables":[{tables}]}}"#
        ));
        assert!(
            r.validation.errors[0]
                .message
                .contains("'Team' and 'team' are one table on SQLite"),
            "{:?}",
            r.validation.errors
        );
        for db in ["postgresql", "mysql"] {
            assert_eq!(codes_only(db, tables), Vec::<String>::new(), "{db}");
        }
    }

    /// SQLite sets no limit on a name's length: a table marked existing with a 201-byte name may
    /// be in the database, and is refused by this generator's own bound, said as such (it was
    /// "sqlite keeps at most 128, so the database has no such name", and SQLite took the name).
    /// PostgreSQL's 63 bytes are the database's.
    #[test]
    fn a_long_existing_name_on_sqlite_is_refused_by_the_generators_bound_not_the_databases() {
        let long = format!("t{}", "x".repeat(200));
        let db = crate::sqlite_memory::open_in_memory().unwrap();
        db.execute_batch(&format!("CREATE TABLE \"{long}\" (id INTEGER PRIMARY KEY)"))
            .expect("SQLite takes a 201-byte name");
        let tables = format!(
            r#"{{"name":"{long}","existing":true,"columns":[{{"name":"id","type":"INTEGER","nullable":false}}],"primaryKey":["id"]}}"#
        );
        let error = |db: &str| {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{tables}]}}"#
            ));
            let e = r.validation.errors[0].clone();
            (e.code, e.message, e.suggestion.unwrap_or_default())
        };
        let (code, message, suggestion) = error("sqlite");
        assert_eq!(code, Code::IdentifierTooLong);
        assert!(message.ends_with("is 201 bytes; this generator takes names of at most 128 bytes on SQLite (SQLite itself sets no limit)"), "{message}");
        assert_eq!(
            suggestion,
            "rename the table (ALTER TABLE … RENAME TO …) to 128 bytes or fewer in the database, then give that name"
        );
        // An index SQLite cannot rename: dropped and made again (a reviewer: ALTER TABLE …
        // RENAME was suggested for it, which SQLite refuses).
        let indexed = tables.replacen(&long, "t", 1).replace(
            r#""primaryKey":["id"]"#,
            &format!(r#""primaryKey":["id"],"indexes":[{{"name":"{long}","columns":["id"]}}]"#),
        );
        let r = crate::generate_str(&format!(
            r#"{{"description":"d","databaseType":"sqlite","timestamps":false,"tables":[{indexed}]}}"#
        ));
        let e = &r.validation.errors[0];
        assert_eq!(e.code, Code::IdentifierTooLong, "{:?}", r.validation.errors);
        assert!(
            e.suggestion
                .as_deref()
                .unwrap_or_default()
                .starts_with("name it anew (an index: drop it and create it again"),
            "{:?}",
            e.suggestion
        );
        let (_, message, suggestion) = error("postgresql");
        assert!(
            message.ends_with(
                "is 201 bytes; postgresql keeps at most 63, so the database has no such name"
            ),
            "{message}"
        );
        assert_eq!(suggestion, "give the name exactly as the database has it");
        // A new table's name: the same bound, said the same way.
        let new_table = tables.replace(r#""existing":true,"#, "");
        let r = crate::generate_str(&format!(
            r#"{{"description":"d","databaseType":"sqlite","timestamps":false,"tables":[{new_table}]}}"#
        ));
        assert!(r.validation.errors[0].message.ends_with("is 201 bytes; this generator takes names of at most 128 bytes on SQLite (SQLite itself sets no limit)"), "{:?}", r.validation.errors);
    }
}
