//! Renames (`renamedFrom`) in a change of an existing SQLite database (`existingDbPath`).
//!
//! A table or column the spec renames from a name the database has (and not the new one) is
//! renamed first in the up migration (`ALTER TABLE … RENAME TO`, then `… RENAME COLUMN`), rows
//! and values kept, and renamed back last in the down migration; the rest of the change is
//! planned against the schema as it is after the renames. SQLite rewrites whatever names a
//! renamed object itself (other tables' foreign keys, indexes, CHECKs, partial indexes,
//! generated columns, views, triggers), so that schema is not guessed here: the part of the
//! database's schema the renames reach ([`base_schema::statements`]) is rebuilt in memory,
//! renamed there by the same statements, and read again.
//!
//! A database that has the new name only (the rename was made) or neither name (it is older
//! than the old name: the table is created, the column added) needs no rename, so one spec
//! serves databases at every stage. Refused, as for `previousSpec`: a database with both names
//! (no rename onto another table or column, nor a swap), an old name the spec still lists or
//! another rename takes, a table marked `existing: true`, an automatic timestamp column; and
//! here a virtual table.
//!
//! When the schema is made from `previousSpec` ([`crate::sqlite_previous`]), that spec is the
//! database's exact schema, not one stage of many: a `renamedFrom` naming neither name is a
//! mistake, refused as it is on PostgreSQL and MySQL.

use crate::base_schema;
use crate::dialect::{quote_doubling, rename_column_statement, rename_relation, Sqlite};
use crate::diff::Described;
use crate::introspect::{self, ExistingSchema};
use crate::report::{Code, Issue, Report};
use crate::spec::{Column, Table};
use crate::spec_change::Rename;
use std::collections::{HashMap, HashSet};

/// The renames of a change, with the schema before them.
#[derive(Debug)]
pub struct Renames {
    /// The statements that rename, in order: tables, then columns.
    pub up: Vec<String>,
    /// The statements that rename back, in order: columns, then tables.
    pub down: Vec<String>,
    /// The schema as the file has it, before the renames (what the self-check rebuilds).
    pub before: ExistingSchema,
    /// Tables renamed: the name in the database, by new name (looked up once a table of the
    /// spec: a list searched each time was quadratic in the renames).
    tables: HashMap<String, String>,
    /// Columns renamed: the name in the database, by (the table's new name, new name).
    columns: HashMap<(String, String), String>,
    /// The tables (new names) some of whose columns are renamed.
    column_tables: HashSet<String>,
}

impl Renames {
    /// The name the file has now for the table the spec calls `table`.
    pub fn table_on_file<'a>(&'a self, table: &'a str) -> &'a str {
        self.renamed_from(table).unwrap_or(table)
    }

    /// The name the file has now for the column the spec calls `column`, of the table the spec
    /// calls `table`.
    pub fn column_on_file<'a>(&'a self, table: &str, column: &'a str) -> &'a str {
        self.columns
            .get(&(table.to_string(), column.to_string()))
            .map_or(column, String::as_str)
    }

    /// The database's name for the table the spec calls `table`, when the migration renames it.
    pub fn renamed_from(&self, table: &str) -> Option<&str> {
        self.tables.get(table).map(String::as_str)
    }

    /// Whether the migration renames the table the spec calls `table`, or one of its columns.
    pub fn touches(&self, table: &str) -> bool {
        self.renamed_from(table).is_some() || self.column_tables.contains(table)
    }
}

/// The renames that `tables` (effective) ask of the database whose schema is `schema` (read
/// from `source`), and the schema after them. What is wrong with a `renamedFrom` is filed into
/// `report`, and then, as when nothing is renamed, `schema` comes back as it is, without
/// renames.
pub fn apply(
    schema: ExistingSchema,
    tables: &[Table],
    source: Described,
    report: &mut Report,
) -> (ExistingSchema, Option<Renames>) {
    let errors = report.errors.len();
    let table_renames = table_renames(&schema, tables, source, report);
    let column_renames = column_renames(&schema, tables, &table_renames, source, report);
    if report.errors.len() > errors || (table_renames.is_empty() && column_renames.is_empty()) {
        return (schema, None);
    }
    let old_names = old_names(&table_renames);
    let on_file = |table: &str| on_file(&old_names, table).to_string();
    let read_by_virtual = table_renames
        .iter()
        .map(|(old, _)| (old.clone(), None))
        .chain(
            column_renames
                .iter()
                .map(|(t, old, _)| (on_file(t), Some(old.clone()))),
        )
        .filter_map(|(table, column)| {
            let reading = virtual_tables_reading(&schema, &table, column.as_deref());
            reading.into_iter().next().map(|v| (table, column, v))
        })
        .collect::<Vec<_>>();
    for (table, column, v) in &read_by_virtual {
        let what = match column {
            Some(c) => format!("the column '{table}.{c}'"),
            None => format!("the table '{table}'"),
        };
        report.push(
            Issue::error(
                Code::DependentObjects,
                format!("this migration renames {what}, which the virtual table '{v}' reads (its text names it: content=…), and SQLite does not rewrite a virtual table's arguments on a rename: its queries would fail from then on (no such table, no such column)"),
            )
            .table(table)
            .suggest(format!("drop '{v}' first and make it again after the rename (by hand, in migrations of your own), or leave renamedFrom out")),
        );
    }
    if !read_by_virtual.is_empty() {
        return (schema, None);
    }
    let d = Sqlite;
    let mut up = Vec::new();
    let mut down = Vec::new();
    for (old, new) in &table_renames {
        if old.eq_ignore_ascii_case(new) {
            // SQLite takes `User` and `user` for one name, and refuses to rename one to the
            // other: through a third.
            let third = format!("_mg_case_{new}");
            up.push(rename_relation(&d, old, &third));
            up.push(rename_relation(&d, &third, new));
            down.push(rename_relation(&d, &third, old));
            down.push(rename_relation(&d, new, &third));
        } else {
            up.push(rename_relation(&d, old, new));
            down.push(rename_relation(&d, new, old));
        }
    }
    for (table, old, new) in &column_renames {
        up.push(rename_column_statement(&d, table, old, new));
        down.push(rename_column_statement(&d, table, new, old));
    }
    down.reverse();
    let part = match renamed_in_memory(&schema, &up, &down, report) {
        Ok(part) => part,
        Err(issue) => {
            report.push(*issue);
            return (schema, None);
        }
    };
    let mut after = schema.with_part_replaced(part, &table_renames);
    // The names of foreign keys (which SQLite does not keep: previousSpec's, sqlite_previous)
    // stay with their keys, which a rename keeps in their order.
    after.name_foreign_keys(|table, i, fk| {
        let before = schema.table(&on_file(table))?.table.foreign_keys.get(i)?;
        (before.columns.len() == fk.columns.len()).then(|| before.name.clone())?
    });
    let (new_tables, old_tables): (Vec<String>, Vec<String>) = table_renames
        .iter()
        .map(|(old, new)| (new.clone(), old.clone()))
        .unzip();
    let new_columns: Vec<(String, String)> = column_renames
        .iter()
        .map(|(t, _, new)| (t.clone(), new.clone()))
        .collect();
    let old_columns: Vec<(String, String)> = column_renames
        .iter()
        .map(|(t, old, _)| (on_file(t), old.clone()))
        .collect();
    // After the up, a renamed column's old name is gone from the table under its new name.
    let old_in_new: Vec<(String, String)> = column_renames
        .iter()
        .map(|(t, old, _)| (t.clone(), old.clone()))
        .collect();
    let new_in_old: Vec<(String, String)> = column_renames
        .iter()
        .map(|(t, _, new)| (on_file(t), new.clone()))
        .collect();
    let up_made = Made {
        tables: new_tables.clone(),
        columns: new_columns,
        gone_tables: old_tables.clone(),
        gone_columns: old_in_new,
    };
    let down_made = Made {
        tables: old_tables,
        columns: old_columns,
        gone_tables: new_tables,
        gone_columns: new_in_old,
    };
    let renames = Renames {
        up: all_or_nothing(up, &up_made),
        down: all_or_nothing(down, &down_made),
        before: schema,
        tables: old_names
            .iter()
            .map(|(new, old)| (new.to_string(), old.to_string()))
            .collect(),
        column_tables: column_renames.iter().map(|(t, ..)| t.clone()).collect(),
        columns: column_renames
            .into_iter()
            .map(|(t, old, new)| ((t, new), old))
            .collect(),
    };
    (after, Some(renames))
}

/// The statement that opens the transaction of the renames (and of their undoing).
pub const SAVEPOINT: &str = "SAVEPOINT _mg_renames;";

/// The names renames make and take away: tables, and (table, column) once every rename is made.
struct Made {
    tables: Vec<String>,
    columns: Vec<(String, String)>,
    gone_tables: Vec<String>,
    gone_columns: Vec<(String, String)>,
}

/// `renames` in one transaction (a SAVEPOINT, which also nests in a caller's transaction), with
/// `legacy_alter_table` off (so that SQLite rewrites what names them) and, before the end, a
/// check that every name `made` is there and every one it takes away gone: an `INSERT OR
/// ROLLBACK` that rolls the whole transaction back otherwise, so that a rename that fails leaves
/// none made whether the runner stops there (and closes its connection) or carries on (the
/// `sqlite3` shell reading a file), instead of a database half renamed, which neither this
/// migration nor its down runs on. One rename too: the self-check knows the renames by their
/// SAVEPOINT.
fn all_or_nothing(renames: Vec<String>, made: &Made) -> Vec<String> {
    let found = [tables_there(&made.tables), columns_there(&made.columns)];
    let left = [
        tables_there(&made.gone_tables),
        columns_there(&made.gone_columns),
    ];
    let expected: usize = found.iter().map(|(_, n)| n).sum();
    let terms = |counts: [(Option<String>, usize); 2]| -> String {
        let terms: Vec<String> = counts.into_iter().filter_map(|(count, _)| count).collect();
        if terms.is_empty() {
            "0".to_string()
        } else {
            terms.join("\n  + ")
        }
    };
    let mut out = vec![
        SAVEPOINT.to_string(),
        "PRAGMA legacy_alter_table = OFF;".to_string(),
    ];
    out.extend(renames);
    out.push("CREATE TEMP TABLE _mg_rename_check (renames_not_made INTEGER CHECK (renames_not_made = 0));".to_string());
    // Every new name there, and every old one gone (a table of the new name made since would
    // count as there though the rename failed). At most four counts, whatever the number of
    // renames: a sum of one count per name went past SQLite's expression depth (1000) from
    // about 500 renames, and took time quadratic in them to prepare.
    out.push(format!(
        "INSERT OR ROLLBACK INTO _mg_rename_check SELECT {expected}\n  - ({})\n  + {};",
        terms(found),
        terms(left)
    ));
    out.push("DROP TABLE _mg_rename_check;".to_string());
    out.push("RELEASE _mg_renames;".to_string());
    out
}

/// A query counting how many of `tables` the database has, under exactly those names (a rename
/// of the case only, `User` to `user`, makes one and takes the other), with how many names it
/// looks for; `None` for none. One `IN` list: its depth does not grow with its length, and
/// SQLite looks each name up in the schema's index.
fn tables_there(tables: &[String]) -> (Option<String>, usize) {
    let names = distinct(tables.iter().map(|t| quote_doubling(t)));
    if names.is_empty() {
        return (None, 0);
    }
    let count = format!(
        "(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ({}))",
        names.join(", ")
    );
    (Some(count), names.len())
}

/// A query counting how many of `columns` (table, column) the database has, with how many it
/// looks for; `None` for none. Each table's columns are read once (`pragma_table_info`, which
/// finds the table as SQLite names it, in any case), and matched against the pairs as one
/// subquery, which SQLite indexes once: linear in the renames and in those tables' columns,
/// and of a depth that does not grow with them.
fn columns_there(columns: &[(String, String)]) -> (Option<String>, usize) {
    let pairs = distinct(
        columns
            .iter()
            .map(|(t, c)| format!("({}, {})", quote_doubling(t), quote_doubling(c))),
    );
    if pairs.is_empty() {
        return (None, 0);
    }
    let tables = distinct(
        columns
            .iter()
            .map(|(t, _)| format!("({})", quote_doubling(t))),
    );
    let count = format!(
        "(SELECT count(*) FROM (VALUES {}) AS t, pragma_table_info(t.column1) AS c\n    WHERE (t.column1, c.name) IN (VALUES {}))",
        tables.join(", "),
        pairs.join(", ")
    );
    (Some(count), pairs.len())
}

/// `items` without repeats, in their order (a name counted twice would be expected twice and
/// found once).
fn distinct(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = HashSet::new();
    items.filter(|item| seen.insert(item.clone())).collect()
}

/// The virtual tables of `schema` whose text names `table` (and has `column`, when given, among
/// its columns), in any case: an FTS5 table over it (`content='users'`), whose arguments SQLite
/// does not rewrite on a rename, and which fails once a column it reads is dropped ("no such
/// column"). A column is an argument without `=` (`content='users'` is an option: a column
/// named `content` is not read by it, a review found).
pub fn virtual_tables_reading(
    schema: &ExistingSchema,
    table: &str,
    column: Option<&str>,
) -> Vec<String> {
    let names = |text: &str, name: &str| {
        introspect::mentions(&text.to_ascii_lowercase(), &name.to_ascii_lowercase())
    };
    schema
        .tables()
        .iter()
        .filter(|t| t.is_virtual() && !t.table.name.eq_ignore_ascii_case(table))
        .filter(|t| {
            names(&t.sql, table)
                && column.is_none_or(|c| {
                    virtual_columns(&t.sql)
                        .iter()
                        .any(|v| v.eq_ignore_ascii_case(c))
                })
        })
        .map(|t| t.table.name.clone())
        .collect()
}

/// The columns a `CREATE VIRTUAL TABLE … USING module(…)` text declares: the first word of
/// each argument that is not an option (`key=value`), unquoted.
fn virtual_columns(sql: &str) -> Vec<String> {
    let Some(open) = sql.find('(') else {
        return Vec::new();
    };
    let mut args = vec![String::new()];
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for ch in sql[open + 1..].chars() {
        match (quote, ch) {
            (Some(q), _) if ch == q || (q == '[' && ch == ']') => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"' | '`' | '[') => quote = Some(ch),
            (None, '(') => depth += 1,
            (None, ')') if depth == 0 => break,
            (None, ')') => depth -= 1,
            (None, ',') if depth == 0 => {
                args.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(last) = args.last_mut() {
            last.push(ch);
        }
    }
    args.iter()
        .filter(|a| !a.contains('='))
        .filter_map(|a| {
            let a = a.trim();
            let name = match a.chars().next()? {
                q @ ('"' | '`' | '[') => {
                    let close = if q == '[' { ']' } else { q };
                    a[1..].split(close).next().unwrap_or_default()
                }
                _ => a
                    .split(|c: char| c.is_whitespace())
                    .next()
                    .unwrap_or_default(),
            };
            (!name.is_empty()).then(|| name.to_string())
        })
        .collect()
}

/// The database's name of each table `table_renames` renames, by its new name.
fn old_names(table_renames: &[(String, String)]) -> HashMap<&str, &str> {
    table_renames
        .iter()
        .map(|(old, new)| (new.as_str(), old.as_str()))
        .collect()
}

/// The name the database has for the table the spec calls `table`, given [`old_names`].
fn on_file<'a>(old_names: &HashMap<&str, &'a str>, table: &'a str) -> &'a str {
    old_names.get(table).copied().unwrap_or(table)
}

/// The tables renamed, as (name in the database, new name); see [`Rename`].
fn table_renames(
    schema: &ExistingSchema,
    tables: &[Table],
    source: Described,
    report: &mut Report,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    // Names in any case, counted once: searched for each rename, the spec's tables and the
    // renames made so far took time quadratic in the renames.
    let mut in_spec: HashMap<String, usize> = HashMap::new();
    for t in tables {
        *in_spec.entry(t.name.to_ascii_lowercase()).or_default() += 1;
    }
    let mut taken: HashSet<String> = HashSet::new();
    for t in tables {
        let Some(old) = t.renamed_from.as_deref() else {
            continue;
        };
        // Neither name, or the new one only: nothing to rename (see the module's text). A name
        // that differs only in case is the same name to SQLite: renamed unless the database
        // spells it so already.
        let case_only = old.eq_ignore_ascii_case(&t.name);
        let Some(e) = schema
            .table(old)
            .filter(|e| !case_only || e.table.name != t.name)
        else {
            if source == Described::PreviousSpec && schema.table(&t.name).is_none() {
                if let Some(issue) = neither("table", source.name(), old, &t.name) {
                    report.push(issue.table(&t.name));
                }
            }
            continue;
        };
        let refused = if t.existing {
            Some("the table is marked existing: true, which this migration leaves as it is")
        } else if e.is_virtual() {
            Some("the database's table is a virtual table, which a spec does not describe")
        } else {
            None
        };
        let rename = Rename {
            what: "table",
            holder: source.name(),
            source: source.name(),
            old,
            new: &t.name,
        };
        // Another of the spec's tables has the old name (this one has it only in another case).
        let listed =
            in_spec.get(&old.to_ascii_lowercase()).copied().unwrap_or(0) > usize::from(case_only);
        let decided = rename.decide(
            |name| (!case_only || name != t.name) && schema.table(name).is_some(),
            listed,
            taken.contains(&old.to_ascii_lowercase()),
            refused,
        );
        match decided {
            Ok(true) => {
                taken.insert(old.to_ascii_lowercase());
                out.push((e.table.name.clone(), t.name.clone()));
            }
            Ok(false) => {}
            Err(issue) => report.push((*issue).table(&t.name)),
        }
    }
    out
}

/// The error for a `renamedFrom` whose `holder` has neither the old name nor the new one (see
/// [`Rename::decide`], which says it the same way).
fn neither(what: &'static str, holder: &str, old: &str, new: &str) -> Option<Issue> {
    let rename = Rename {
        what,
        holder,
        source: "previousSpec",
        old,
        new,
    };
    rename
        .decide(|_| false, false, false, None)
        .err()
        .map(|issue| *issue)
}

/// The columns renamed, as (the table's new name, name in the database, new name), in the
/// tables the database has (under their old names when `table_renames` renames them); see
/// [`Rename`].
fn column_renames(
    schema: &ExistingSchema,
    tables: &[Table],
    table_renames: &[(String, String)],
    source: Described,
    report: &mut Report,
) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = Vec::new();
    let old_names = old_names(table_renames);
    for t in tables.iter().filter(|t| !t.renamed_columns.is_empty()) {
        let Some(e) = schema.table(on_file(&old_names, &t.name)) else {
            continue;
        };
        // The database's and the spec's columns by name in any case (the first of a name, as a
        // search finds it), and the old names renamed so far: searched for each rename, they
        // took time quadratic in the table's renames.
        let db_columns = by_name(&e.table.columns);
        let db_column = |name: &str| first_named(&db_columns, name);
        let spec_columns = by_name(&t.columns);
        let spec_column = |name: &str| first_named(&spec_columns, name);
        let holder = format!("{}'s table '{}'", source.name(), e.table.name);
        let mut taken: HashSet<String> = HashSet::new();
        for (old, new) in &t.renamed_columns {
            // As for tables, a name that differs only in case (which SQLite renames directly).
            let case_only = old.eq_ignore_ascii_case(new);
            let Some(c) = db_column(old).filter(|c| !case_only || c.name != *new) else {
                if source == Described::PreviousSpec && db_column(new).is_none() {
                    if let Some(issue) = neither("column", &holder, old, new) {
                        report.push(issue.table(&t.name).column(new));
                    }
                }
                continue;
            };
            let refused = if t.existing {
                Some("its table is marked existing: true, which this migration leaves as it is")
            } else if spec_column(old).is_some_and(|c| c.auto_timestamp) {
                Some("the table's timestamps add a column of that name")
            } else {
                None
            };
            let rename = Rename {
                what: "column",
                holder: &holder,
                source: source.name(),
                old,
                new,
            };
            let decided = rename.decide(
                |name| (!case_only || name != new) && db_column(name).is_some(),
                spec_names(&spec_columns, old, new),
                taken.contains(&old.to_ascii_lowercase()),
                refused,
            );
            match decided {
                Ok(true) => {
                    taken.insert(old.to_ascii_lowercase());
                    out.push((t.name.clone(), c.name.clone(), new.clone()));
                }
                Ok(false) => {}
                Err(issue) => report.push((*issue).table(&t.name).column(new)),
            }
        }
    }
    out
}

/// `columns` by name in lowercase (SQLite's names are the same in any case), in their order.
fn by_name(columns: &[Column]) -> HashMap<String, Vec<&Column>> {
    let mut out: HashMap<String, Vec<&Column>> = HashMap::new();
    for c in columns {
        out.entry(c.name.to_ascii_lowercase()).or_default().push(c);
    }
    out
}

/// The first of [`by_name`]'s columns named `name` in any case.
fn first_named<'a>(columns: &HashMap<String, Vec<&'a Column>>, name: &str) -> Option<&'a Column> {
    columns
        .get(&name.to_ascii_lowercase())
        .and_then(|named| named.first().copied())
}

/// Whether the spec's columns ([`by_name`]) still list `old`, in any case, besides the column
/// `new` the rename makes (which has it when the rename is of the case only).
fn spec_names(columns: &HashMap<String, Vec<&Column>>, old: &str, new: &str) -> bool {
    columns
        .get(&old.to_ascii_lowercase())
        .is_some_and(|named| named.iter().any(|c| c.name != new))
}

/// The part of `schema` that the renames `up` reach, rebuilt in an in-memory database, renamed
/// there, and read again; the error SQLite gives when it refuses a rename (a name an index or
/// view has). A view whose columns the renames rename (it selects a renamed column by its name:
/// SQLite rewrites `SELECT email` to `SELECT mail`, and the view's column is then `mail`) is
/// said in `report`.
fn renamed_in_memory(
    schema: &ExistingSchema,
    up: &[String],
    down: &[String],
    report: &mut Report,
) -> Result<ExistingSchema, Box<Issue>> {
    let refused = |statement: &str, why: String| {
        Box::new(
            Issue::error(
                Code::GeneratedSqlRejected,
                format!("SQLite refused the rename: {why} (statement: {statement})"),
            )
            .suggest("give the table or column a new name nothing else in the database has, or change what SQLite names in its message first; or leave renamedFrom out"),
        )
    };
    let conn = crate::sqlite_memory::open_in_memory().map_err(|e| refused("", e.to_string()))?;
    for statement in base_schema::statements(schema, &[up.to_vec()], &[]) {
        conn.execute_batch(&statement).map_err(|e| {
            refused(
                &statement,
                format!("the database's schema could not be rebuilt in memory: {e}"),
            )
        })?;
    }
    let before = view_columns(&conn);
    let texts_before = view_and_trigger_texts(&conn);
    for statement in up {
        conn.execute_batch(statement)
            .map_err(|e| refused(statement, e.to_string()))?;
    }
    let mut warnings = Vec::new();
    for ((view, was), (_, now)) in before.iter().zip(view_columns(&conn)) {
        let renamed: Vec<String> = was
            .iter()
            .zip(&now)
            .filter(|(a, b)| a != b)
            .map(|(a, b)| format!("'{a}' becomes '{b}'"))
            .collect();
        if !renamed.is_empty() {
            warnings.push(
                Issue::warning(
                    Code::DependentObjects,
                    format!(
                        "the view '{view}' selects a column this migration renames, and SQLite renames it in the view too: its column {}, for whoever reads the view by name",
                        renamed.join(", ")
                    ),
                )
                .suggest("read the view's new column names; or, to keep the old ones, write the view again after this migration with an alias (mail AS email)"),
            );
        }
    }
    let part = introspect::read_schema(&conn).map_err(|e| refused("", e.to_string()))?;
    // Renamed and renamed back, a view or trigger must say what it said. One that names a column
    // in double quotes where SQLite reads them as a string once the name resolves to nothing
    // (`SELECT "email" AS address FROM (SELECT * FROM users)`) is rewritten with the string
    // `'email'`, for good: its values change, and the down migration does not bring it back.
    for statement in down {
        conn.execute_batch(statement)
            .map_err(|e| refused(statement, e.to_string()))?;
    }
    for ((kind, name, was), (_, _, now)) in texts_before.iter().zip(view_and_trigger_texts(&conn)) {
        let mut strings = quoted_strings(&now);
        for s in quoted_strings(was) {
            if let Some(i) = strings.iter().position(|x| *x == s) {
                strings.swap_remove(i);
            }
        }
        if let Some(string) = strings.first() {
            return Err(Box::new(
                Issue::error(
                    Code::DependentObjects,
                    format!("the {kind} '{name}' names a renamed column or table in a way SQLite rewrites for good: after the rename it reads '{string}' as a string, not a name, and the down migration does not bring the name back"),
                )
                .suggest(format!("write the {kind} with that name unquoted or in double quotes that resolve (a column of the table it reads by name) first, by hand; or leave renamedFrom out")),
            ));
        }
    }
    for w in warnings {
        report.push(w);
    }
    Ok(part)
}

/// Every view's and trigger's type, name and text, by name.
fn view_and_trigger_texts(conn: &rusqlite::Connection) -> Vec<(String, String, String)> {
    conn.prepare(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') ORDER BY name",
    )
    .and_then(|mut s| {
        s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()
    })
    .unwrap_or_default()
}

/// The contents of the single-quoted strings of `sql`, lowercased.
fn quoted_strings(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = sql.chars().peekable();
    let mut open: Option<char> = None;
    let mut current = String::new();
    while let Some(c) = chars.next() {
        match open {
            None if matches!(c, '\'' | '"' | '`') => open = Some(c),
            None if c == '[' => open = Some(']'),
            None => {}
            Some(q) if c == q => {
                if q != ']' && chars.peek() == Some(&q) {
                    chars.next();
                    current.push(c);
                    continue;
                }
                if q == '\'' {
                    out.push(current.to_ascii_lowercase());
                }
                current.clear();
                open = None;
            }
            Some(_) => current.push(c),
        }
    }
    out
}

/// Each view's column names, by view name (none when SQLite cannot read them).
fn view_columns(conn: &rusqlite::Connection) -> Vec<(String, Vec<String>)> {
    let texts = |sql: &str, param: Option<&str>| -> Vec<String> {
        let Ok(mut statement) = conn.prepare(sql) else {
            return Vec::new();
        };
        let params: Vec<&str> = param.into_iter().collect();
        statement
            .query_map(rusqlite::params_from_iter(params), |r| {
                r.get::<_, String>(0)
            })
            .map(|rows| rows.filter_map(Result::ok).collect())
            .unwrap_or_default()
    };
    texts(
        "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name",
        None,
    )
    .into_iter()
    .map(|view| {
        let columns = texts("SELECT name FROM pragma_table_info(?1)", Some(&view));
        (view, columns)
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_virtual_tables_columns_leave_its_options_out() {
        for (sql, columns) in [
            (
                "CREATE VIRTUAL TABLE f USING fts5(title, body UNINDEXED, content='articles', content_rowid='id', tokenize = 'porter unicode61')",
                vec!["title", "body"],
            ),
            (
                r#"CREATE VIRTUAL TABLE f USING fts5("a, b", `c`, [d], prefix='2 3')"#,
                vec!["a, b", "c", "d"],
            ),
            (
                "CREATE VIRTUAL TABLE g USING rtree(id, minx, maxx)",
                vec!["id", "minx", "maxx"],
            ),
            ("CREATE VIRTUAL TABLE h USING fts5vocab", vec![]),
        ] {
            assert_eq!(virtual_columns(sql), columns, "{sql}");
        }
    }
}
