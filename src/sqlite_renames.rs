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
use crate::spec::Table;
use crate::spec_change::Rename;

/// The renames of a change, with the schema before them.
#[derive(Debug)]
pub struct Renames {
    /// The statements that rename, in order: tables, then columns.
    pub up: Vec<String>,
    /// The statements that rename back, in order: columns, then tables.
    pub down: Vec<String>,
    /// The schema as the file has it, before the renames (what the self-check rebuilds).
    pub before: ExistingSchema,
    /// Tables renamed: (name in the database, new name).
    tables: Vec<(String, String)>,
    /// Columns renamed: (the table's new name, name in the database, new name).
    columns: Vec<(String, String, String)>,
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
            .iter()
            .find(|(t, _, new)| t == table && new == column)
            .map_or(column, |(_, old, _)| old.as_str())
    }

    /// The database's name for the table the spec calls `table`, when the migration renames it.
    pub fn renamed_from(&self, table: &str) -> Option<&str> {
        self.tables
            .iter()
            .find(|(_, new)| new == table)
            .map(|(old, _)| old.as_str())
    }

    /// Whether the migration renames the table the spec calls `table`, or one of its columns.
    pub fn touches(&self, table: &str) -> bool {
        self.renamed_from(table).is_some() || self.columns.iter().any(|(t, ..)| t == table)
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
    let on_file = |table: &str| {
        table_renames
            .iter()
            .find(|(_, new)| new == table)
            .map_or(table, |(old, _)| old.as_str())
            .to_string()
    };
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
    let after = schema.with_part_replaced(part, &table_renames);
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
        tables: table_renames,
        columns: column_renames,
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
/// check that every name `made` is there and every one it takes away gone: an `INSERT OR ROLLBACK` that rolls the whole
/// transaction back otherwise, so that a rename that fails leaves none made whether the runner
/// stops there (and closes its connection) or carries on (the `sqlite3` shell reading a file),
/// instead of a database half renamed, which neither this migration nor its down runs on. One
/// rename too: the self-check knows the renames by their SAVEPOINT.
fn all_or_nothing(renames: Vec<String>, made: &Made) -> Vec<String> {
    // Exact names: a rename of the case only (`User` to `user`) makes one and takes the other.
    let table = |t: &String| {
        format!(
            "(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = {})",
            quote_doubling(t)
        )
    };
    let column = |(t, c): &(String, String)| {
        format!(
            "(SELECT count(*) FROM pragma_table_info({}) WHERE name = {})",
            quote_doubling(t),
            quote_doubling(c)
        )
    };
    let found: Vec<String> = made
        .tables
        .iter()
        .map(table)
        .chain(made.columns.iter().map(column))
        .collect();
    let left: Vec<String> = made
        .gone_tables
        .iter()
        .map(table)
        .chain(made.gone_columns.iter().map(column))
        .collect();
    let mut out = vec![
        SAVEPOINT.to_string(),
        "PRAGMA legacy_alter_table = OFF;".to_string(),
    ];
    out.extend(renames);
    out.push("CREATE TEMP TABLE _mg_rename_check (renames_not_made INTEGER CHECK (renames_not_made = 0));".to_string());
    // Every new name there, and every old one gone (a table of the new name made since would
    // count as there though the rename failed).
    out.push(format!(
        "INSERT OR ROLLBACK INTO _mg_rename_check SELECT {} - ({}) + {};",
        found.len(),
        found.join(" + "),
        left.join(" + ")
    ));
    out.push("DROP TABLE _mg_rename_check;".to_string());
    out.push("RELEASE _mg_renames;".to_string());
    out
}

/// The virtual tables of `schema` whose text names `table` (and `column`, when given), in any
/// case: an FTS5 table over it (`content='users'`), whose arguments SQLite does not rewrite on a
/// rename, and which fails once a column it reads is dropped ("no such column").
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
        .filter(|t| names(&t.sql, table) && column.is_none_or(|c| names(&t.sql, c)))
        .map(|t| t.table.name.clone())
        .collect()
}

/// The tables renamed, as (name in the database, new name); see [`Rename`].
fn table_renames(
    schema: &ExistingSchema,
    tables: &[Table],
    source: Described,
    report: &mut Report,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
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
        let decided = rename.decide(
            |name| (!case_only || name != t.name) && schema.table(name).is_some(),
            tables
                .iter()
                .any(|o| !std::ptr::eq(o, t) && o.name.eq_ignore_ascii_case(old)),
            out.iter().any(|(o, _)| o.eq_ignore_ascii_case(old)),
            refused,
        );
        match decided {
            Ok(true) => out.push((e.table.name.clone(), t.name.clone())),
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
    for t in tables.iter().filter(|t| !t.renamed_columns.is_empty()) {
        let on_file = table_renames
            .iter()
            .find(|(_, new)| new == &t.name)
            .map_or(t.name.as_str(), |(old, _)| old.as_str());
        let Some(e) = schema.table(on_file) else {
            continue;
        };
        let db_column = |name: &str| {
            e.table
                .columns
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(name))
        };
        let spec_column = |name: &str| t.columns.iter().find(|c| c.name.eq_ignore_ascii_case(name));
        let holder = format!("{}'s table '{}'", source.name(), e.table.name);
        let first = out.len();
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
                t.columns
                    .iter()
                    .any(|x| x.name != *new && x.name.eq_ignore_ascii_case(old)),
                out[first..]
                    .iter()
                    .any(|(_, o, _)| o.eq_ignore_ascii_case(old)),
                refused,
            );
            match decided {
                Ok(true) => out.push((t.name.clone(), c.name.clone(), new.clone())),
                Ok(false) => {}
                Err(issue) => report.push((*issue).table(&t.name).column(new)),
            }
        }
    }
    out
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
