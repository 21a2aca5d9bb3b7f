//! The names of the spec's tables, columns, indexes and constraints: the rules each follows
//! (lowercase snake_case, within the database's length limit, not a reserved word; any name the
//! database holds for a table marked existing), the renames suggested for a name that breaks
//! them, and the names checked across the spec (a column named `constructor` where types are
//! generated, a suggested table name another table has).

use super::ExistingTables;
use crate::dialect::Dialect;
use crate::report::{Code, Issue, Report};
use crate::spec::*;

/// Where a checked name comes from, which decides the rules it follows.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Known {
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
    /// A name `previousSpec` has (the table's under that very name, or a column or index or
    /// constraint of the table the spec's is, by name or `renamedFrom`), which the spec keeps
    /// for a table the migration creates or changes: refused where the spec cannot create it,
    /// as a new name is, with the suggestion to rename it with `renamedFrom` (see
    /// [`renamed_from_previous`]); an index or constraint name is taken as it is, as
    /// [`Known::InDatabase`]'s is. previousSpec itself takes it ([`Known::Held`]).
    InPrevious,
    /// A name of `previousSpec` (on PostgreSQL and MySQL), which says what the database has:
    /// any name the database can hold is taken, as for [`Known::Referenced`] (Prisma's
    /// `"User"` with `"tenantId"`); what it cannot hold is said as of any name.
    Held,
}

impl Known {
    /// [`Known::InDatabase`] when `in_database`, else [`Known::New`].
    pub(super) fn database(in_database: bool) -> Self {
        if in_database {
            Known::InDatabase
        } else {
            Known::New
        }
    }
}

/// What kind of name is checked (decides the error code).
#[derive(Clone, Copy, PartialEq)]
pub(super) enum NameKind {
    Table,
    Column,
    Constraint,
}

/// Whether any of `name` spells out in ASCII (a letter or digit, or a letter with an ASCII
/// spelling such as `é`), so that [`to_snake_case`] makes a suggestion of it.
pub(super) fn spells_in_ascii(name: &str) -> bool {
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
pub(super) fn already_in_database(kind: NameKind) -> &'static str {
    match kind {
        NameKind::Table => "the database already has this table under this name: leave it out of the spec (tables the spec does not list are never touched, not even by dropTablesNotInSpec when a spec cannot name them, and foreign keys may still reference them), or rename it: give the table a name the spec can have, with \"renamedFrom\" set to this one (the migration then renames it, with its rows)",
        NameKind::Column => "the database already has this column under this name: leave the table out of the spec (tables the spec does not list are never touched), or rename it: give the column a name the spec can have, with \"renamedFrom\" set to this one (the migration then renames it, with its values; renamed in the spec without renamedFrom, it would be dropped and a new column added)",
        NameKind::Constraint => "the database already has this index or constraint under this name: leave the table out of the spec (tables the spec does not list are never touched); renaming it in the spec does not rename it in the database",
    }
}

/// What to suggest for a table or column name that `previousSpec` has ([`Known::InPrevious`]) and
/// the spec cannot give a table the migration creates or changes: the rename, with
/// `renamedFrom`, to the name the rules give (`User` -> `users`, `tenantId` -> `tenant_id`),
/// which the migration makes with the rows and values; the JSON last, to paste. Keeping the
/// name is refused because the renderers write a column's name bare, and PostgreSQL folds a
/// bare `tenantId` to `tenantid` (see "The spec" in the README).
pub(super) fn renamed_from_previous(d: &dyn Dialect, kind: NameKind, name: &str) -> String {
    let to = if spells_in_ascii(name) {
        snake_rename(d, kind, name)
    } else {
        "name".to_string()
    };
    renamed_from_suggestion(kind == NameKind::Table, &to, name, "")
}

/// The suggestion of [`renamed_from_previous`] for the rename of `from` to `to`: "rename it to
/// 'users', …: \"name\": \"users\", \"renamedFrom\": \"User\"".
/// `note` (` ('users' is …)`, or empty) comes before the JSON.
pub(super) fn renamed_from_suggestion(table: bool, to: &str, from: &str, note: &str) -> String {
    let (what, with) = if table {
        ("table", "with its rows")
    } else {
        ("column", "with its values")
    };
    format!(
        "rename it to '{to}'{note}, saying the name previousSpec has it under, so that the migration renames the {what} {with} (a {what} the migration creates or changes takes a lowercase snake_case name; to leave the {what} as it is, leave {}): \"name\": {}, \"renamedFrom\": {}",
        if table {
            "the table out of the spec or mark it \"existing\": true"
        } else {
            "its table out of the spec; the indexes, keys and foreign keys that list it name it by the new name"
        },
        serde_json::Value::String(to.to_string()),
        serde_json::Value::String(from.to_string()),
    )
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
pub(super) fn quoted_as_it_is(name: &str) -> bool {
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
pub(super) fn check_name(
    d: &dyn Dialect,
    kind: NameKind,
    name: &str,
    known: Known,
    issue: impl Fn(Issue) -> Issue,
    report: &mut Report,
) -> bool {
    if matches!(known, Known::Referenced | Known::Held) {
        let whose = if known == Known::Referenced {
            " of a table marked existing"
        } else {
            ""
        };
        return check_held_name(d, kind, name, whose, issue, report);
    }
    let in_database = known == Known::InDatabase;
    let in_previous = known == Known::InPrevious;
    if (in_database || in_previous)
        && kind == NameKind::Constraint
        && keeps_database_object_name(d, name)
    {
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
        } else if in_previous && kind != NameKind::Constraint {
            renamed_from_previous(d, kind, name)
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
/// `whose` (` of a table marked existing`, or empty for previousSpec's) follows the name in
/// the messages.
pub(super) fn check_held_name(
    d: &dyn Dialect,
    kind: NameKind,
    name: &str,
    whose: &str,
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
                    "the {what} '{}'{whose} {why}: {db} has no such name",
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
            "the {what} '{}'{whose} is {length} {unit}; {}",
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
        } else if whose.is_empty() {
            // previousSpec's: said as of any name (as when that spec was the spec).
            (
                message,
                "give the name exactly as the database has it".to_string(),
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
pub(super) fn name_bound(d: &dyn Dialect) -> String {
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
pub(super) fn reserved_rename(d: &dyn Dialect, kind: NameKind, name: &str) -> String {
    let candidate = match kind {
        NameKind::Table if name.len() > 2 && !name.ends_with('s') => plural(name),
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

/// The English plural of a table's name that does not end in `s`: `user` -> `users`,
/// `index` -> `indexes` (`indexs` was suggested), `match` -> `matches`, `entry` -> `entries`.
fn plural(name: &str) -> String {
    let b = name.as_bytes();
    let vowel = |c: u8| b"aeiou".contains(&c);
    if name.ends_with('x') || name.ends_with('z') || name.ends_with("ch") || name.ends_with("sh") {
        format!("{name}es")
    } else if name.ends_with('y') && b.len() > 1 && !vowel(b[b.len() - 2]) {
        format!("{}ies", &name[..name.len() - 1])
    } else {
        format!("{name}s")
    }
}

/// `name` in snake_case, or, where that is a reserved word (`User` is `user` on PostgreSQL),
/// the name [`reserved_rename`] gives it (`users`): followed, the suggestion gave
/// `RESERVED_KEYWORD` next (a user trial).
pub(super) fn snake_rename(d: &dyn Dialect, kind: NameKind, name: &str) -> String {
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
pub(super) fn table_rename(d: &dyn Dialect, name: &str) -> Option<String> {
    if !is_snake_identifier(name) {
        return spells_in_ascii(name).then(|| snake_rename(d, NameKind::Table, name));
    }
    d.is_reserved(name)
        .then(|| reserved_rename(d, NameKind::Table, name))
}

/// Whether [`table_rename`] could give `to` for `name`, compared without allocating: the same
/// letters but for case and `_` (`UserProfiles`, `user_profiles`), or a reserved word's plural
/// or `app_` form.
pub(super) fn may_rename_to(name: &str, to: &str) -> bool {
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
        || to.strip_suffix("es").is_some_and(same_letters)
        || (to.strip_suffix("ies")).is_some_and(|stem| same_letters(&format!("{stem}y")))
        || to.strip_prefix("app_").is_some_and(same_letters)
}

/// How the names of `t` are checked: [`Known::Referenced`] for a table marked existing, else
/// as names the migration creates.
pub(super) fn referenced(t: &Table) -> Known {
    if t.existing {
        Known::Referenced
    } else {
        Known::New
    }
}

/// The checks of table and column names alone, for tables the parser refused in part outside
/// their named columns (a primary key or foreign key of the wrong kind, a column without a
/// name), so that a name to fix is said in the same report rather than only once the parser's
/// errors are fixed. Nothing else is checked: the rest needs the table whole. A rename
/// suggested names a free name, clear of the table's other columns and of those the timestamps
/// option adds (`spec_timestamps`: the spec's option, which a table's own overrides), as for a
/// table read whole.
pub fn name_checks(tables: &[Table], spec_timestamps: bool, d: &dyn Dialect, report: &mut Report) {
    let mut found = Report::default();
    name_checks_of(tables, d, &mut found);
    let effective: Vec<Table> = (tables.iter().cloned())
        .map(|t| crate::plan::into_effective(t, spec_timestamps))
        .collect();
    super::free_renames::renames_clear_of_other_names(&effective, d, &mut found);
    report.append(found);
}

/// The checks of [`name_checks`], each name's on its own.
fn name_checks_of(tables: &[Table], d: &dyn Dialect, report: &mut Report) {
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

/// `INVALID_COLUMN_NAME` for a column named `constructor` of a table whose types are generated:
/// every object has a `constructor` (Object's, a Function) that TypeScript holds against an
/// optional `constructor?: string`, so an insert or update object that leaves the column out
/// does not compile (checked with tsc 5.9: a user trial's `{ name: 'a' }` was refused as a
/// WidgetInsert, and by Kysely's values()). An error for a new column; a warning for one the
/// database has (previousSpec or existingDbPath), which a migration cannot refuse to know. No
/// types, nothing to say; a table marked existing gets none.
pub(super) fn constructor_columns(
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
pub(super) fn renames_clear_of_other_tables(
    tables: &[Table],
    d: &dyn Dialect,
    report: &mut Report,
) {
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
        issue.suggestion = Some(if suggestion.contains("\"renamedFrom\"") {
            let note = format!(" ('{to}' is another table of the spec)");
            renamed_from_suggestion(true, &free, table, &note)
        } else {
            format!("rename it, for example to '{free}' ('{to}' is another table of the spec)")
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::test_support::{error_codes, one_column};

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
            r#"{"name":"order","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true},{"name":"as","type":"TEXT","nullable":true},{"name":"references","type":"TEXT","nullable":true},{"name":"café","type":"TEXT","nullable":true},{"name":"Ärger","type":"TEXT","nullable":true}]},{"name":"references","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true}]},{"name":"analyze","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true}]}"#,
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
            ("RESERVED_KEYWORD", "rename it, for example to 'analyzes'"),
        ] {
            assert!(
                got.iter().any(|(c, s)| c == want.0 && s == want.1),
                "{want:?} in {got:?}"
            );
        }
        // MySQL reserves `index` and `match`: `indexs` was suggested.
        let got = suggestions(
            "mysql",
            r#"{"name":"index","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true}]},{"name":"match","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true}]}"#,
        );
        for want in [
            ("RESERVED_KEYWORD", "rename it, for example to 'indexes'"),
            ("RESERVED_KEYWORD", "rename it, for example to 'matches'"),
        ] {
            assert!(
                got.iter().any(|(c, s)| c == want.0 && s == want.1),
                "{want:?} in {got:?}"
            );
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
