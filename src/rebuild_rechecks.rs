//! What a SQLite table rebuild checks again that the table already had. The copy into the new
//! table (`INSERT … SELECT`) tests every row against the CHECKs it keeps, and the rebuild's
//! foreign-key guard (`foreign_key_violations_after_rebuild_of_<table> = 0`) runs
//! `pragma_foreign_key_check` over the table and the tables that reference it, for the keys
//! they had before as well as the new ones. SQLite enforces foreign keys only on a connection
//! that turns them on (the `sqlite3` shell and many drivers leave them off), so a database often
//! holds references to rows that do not exist; and a CHECK whose value changes with the time
//! (`due_on >= date('now')`) may refuse today a row it let in when it was written. Either makes
//! a rebuild made for an unrelated change (a type, a default, a CHECK on another column) fail.
//!
//! From previousSpec (no rows), one `ROWS_REFUSE_CHANGE` per rebuilt table that has such rules,
//! with the query that finds those rows. From a database file, the rows are counted (read-only)
//! and it is said only where some break them, unless the trial of the migration on a copy of
//! the rows ([`crate::rows_trial`]) said that table's change fails already. The new rules a table
//! gets are said elsewhere (`rows_refuse_hints`, the trial).

use crate::dialect::{quote_doubling, sqlite_quoted_identifier as quoted};
use crate::introspect::ExistingTable;
use crate::report::{clip, name_list, Code, Issue, Report};
use crate::spec::Table;
use crate::sqlite_renames::Renames;
use sqlparser::dialect::SQLiteDialect;

/// The start of a rebuild's foreign-key guard statement (see `diff::rebuild::rebuild_sql`).
const GUARD: &str = "INSERT OR ROLLBACK INTO _mg_fk_check";

/// What a rebuilt table's rebuild checks again of the rules it had.
#[derive(Clone, Debug, PartialEq)]
pub struct Rechecked {
    /// The rebuilt table, as the spec names it.
    table: String,
    /// Its name in the database before the migration (a rename runs first).
    table_before: String,
    /// The tables its kept foreign keys reference, as the database names them.
    parents: Vec<String>,
    /// The other tables whose foreign keys reference it (their names before the migration).
    children: Vec<String>,
    /// Its kept CHECKs whose value changes with the time: name, expression (as the spec
    /// writes it), and the expression over the columns as the database names them before the
    /// migration (a rename runs first), which the queries read.
    timed: Vec<(String, String, String)>,
}

impl Rechecked {
    /// What the rebuild of `existing` into `table` (its steps' statements `up`, holding the
    /// rebuild's guard when it is a rebuild) checks again; `None` when the change is no rebuild
    /// or it checks nothing the table had. `renames`: what the migration renames first;
    /// `child_keeps`: whether a table that references it keeps a foreign key to it (one the
    /// migration takes out, in that table's change before this one, leaves nothing to check).
    pub fn of(
        table: &Table,
        existing: &ExistingTable,
        up: &[&str],
        renames: Option<&Renames>,
        child_keeps: &dyn Fn(&str) -> bool,
    ) -> Option<Rechecked> {
        let guard = up.iter().find_map(|s| {
            let at = s.find(GUARD)?;
            let rest = &s[at..];
            Some(match rest.find("DROP TABLE _mg_fk_check;") {
                Some(end) => &rest[..end],
                None => rest,
            })
        })?;
        let checked = crate::rows_offender::checked_tables(guard);
        let before =
            |name: &str| -> String { renames.map_or(name, |r| r.table_on_file(name)).to_string() };
        // Its foreign keys the new table keeps (the same columns to the same table).
        let same = |a: &[String], b: &[String]| {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.eq_ignore_ascii_case(y))
        };
        let mut parents: Vec<String> = Vec::new();
        for fk in &existing.table.foreign_keys {
            let kept = table.foreign_keys.iter().any(|k| {
                same(&k.columns, &fk.columns)
                    && k.referenced_table
                        .eq_ignore_ascii_case(&fk.referenced_table)
            });
            let parent = before(&fk.referenced_table);
            if kept && !parents.iter().any(|p| p.eq_ignore_ascii_case(&parent)) {
                parents.push(parent);
            }
        }
        let children: Vec<String> = (checked.iter().skip(1))
            .filter(|c| child_keeps(c))
            .map(|c| before(c))
            .collect();
        // A CHECK the table had, kept as it was, whose value changes with the time: the copy
        // tests every row against it now. (SQLite takes CURRENT_DATE, CURRENT_TIMESTAMP,
        // CURRENT_TIME and random() in a CHECK; validation refuses its date functions reading
        // the clock, `date('now')`, which refuse every row.)
        let canonical = |e: &str| crate::expr::canonical(&SQLiteDialect {}, e);
        let had: Vec<String> = (existing.table.check_constraints.iter())
            .map(|c| canonical(&c.expression))
            .collect();
        let timed: Vec<(String, String, String)> = (table.check_constraints.iter())
            .filter(|c| {
                crate::expr::text_changes_with_time(&SQLiteDialect {}, &c.expression)
                    && had.contains(&canonical(&c.expression))
            })
            .filter_map(|c| {
                let before = columns_before(table, &c.expression, renames)?;
                Some((c.name.clone(), c.expression.clone(), before))
            })
            .collect();
        if parents.is_empty() && children.is_empty() && timed.is_empty() {
            return None;
        }
        Some(Rechecked {
            table: table.name.clone(),
            table_before: before(&table.name),
            parents,
            children,
            timed,
        })
    }

    /// The query that lists the references to no row the rebuild's guard counts of the keys
    /// the table had (`pragma_foreign_key_check`'s rows), on the database before the
    /// migration; `None` when it checks no such key.
    fn broken_references_query(&self) -> Option<String> {
        let mut parts = Vec::new();
        if !self.parents.is_empty() {
            let parents: Vec<String> = (self.parents.iter())
                .map(|p| quote_doubling(&p.to_ascii_lowercase()))
                .collect();
            parts.push(format!(
                "SELECT * FROM pragma_foreign_key_check({}) WHERE lower(parent) IN ({})",
                quote_doubling(&self.table_before),
                parents.join(", ")
            ));
        }
        for child in &self.children {
            parts.push(format!(
                "SELECT * FROM pragma_foreign_key_check({}) WHERE lower(parent) = {}",
                quote_doubling(child),
                quote_doubling(&self.table_before.to_ascii_lowercase())
            ));
        }
        (!parts.is_empty()).then(|| parts.join(" UNION ALL "))
    }

    /// The query that lists the rows a timed CHECK refuses now.
    fn refused_query(&self, expression: &str) -> String {
        format!(
            "SELECT * FROM {} WHERE NOT ({expression})",
            quoted(&self.table_before)
        )
    }

    /// The rules the rebuild checks again, as words.
    fn rules(&self) -> Vec<String> {
        let mut rules = Vec::new();
        let names = |v: &[String]| {
            let names: Vec<&str> = v.iter().map(String::as_str).collect();
            name_list(&names, 5)
        };
        match self.parents.len() {
            0 => {}
            1 => rules.push(format!("its foreign key to {}", names(&self.parents))),
            _ => rules.push(format!("its foreign keys to {}", names(&self.parents))),
        }
        match self.children.len() {
            0 => {}
            1 => rules.push(format!(
                "the foreign key of {} to it",
                names(&self.children)
            )),
            _ => rules.push(format!(
                "the foreign keys of {} to it",
                names(&self.children)
            )),
        }
        for (name, expression, _) in &self.timed {
            rules.push(format!(
                "its CHECK '{name}' ({}), whose value changes with the time",
                clip(expression)
            ));
        }
        rules
    }

    /// The `ROWS_REFUSE_CHANGE` warning of a migration from previousSpec, which has no rows:
    /// what the rebuild checks again, and the queries that find the rows it would refuse.
    pub fn warning(&self, d: &dyn crate::dialect::Dialect) -> Issue {
        let mut why = Vec::new();
        if !self.parents.is_empty() || !self.children.is_empty() {
            why.push("a reference to a row that does not exist (written while foreign keys were off, SQLite's default and the sqlite3 shell's)");
        }
        if !self.timed.is_empty() {
            why.push("a row the CHECK let in when it was written and refuses now");
        }
        let mut queries: Vec<String> = self.broken_references_query().into_iter().collect();
        queries.extend(self.timed.iter().map(|(_, _, e)| self.refused_query(e)));
        Issue::warning(
            Code::RowsRefuseChange,
            format!(
                "the rebuild of '{}' checks every row again against the rules it keeps, not only against what this migration changes: {}; {} makes this migration fail ({})",
                self.table,
                self.rules().join(", "),
                why.join(", or "),
                crate::rows_refuse_hints::how_it_fails(d)
            ),
        )
        .table(&self.table)
        .suggest(format!(
            "delete or mend those rows before running it; find them with: {}",
            queries.join("; and: ")
        ))
    }
}

/// The CHECK `expression` of `table` (naming its columns as the spec does) over the columns as
/// the database names them before the migration's `renames` (which run before the rebuild),
/// quoted; `None` where the names in it cannot be found.
fn columns_before(table: &Table, expression: &str, renames: Option<&Renames>) -> Option<String> {
    let Some(renames) = renames.filter(|r| r.touches(&table.name)) else {
        return Some(expression.to_string());
    };
    let column = |i: &sqlparser::ast::Ident| {
        let c = (table.columns.iter()).find(|c| crate::expr::names_column(i, &c.name))?;
        Some(quoted(renames.column_on_file(&table.name, &c.name)))
    };
    crate::expr::replace_columns(&SQLiteDialect {}, expression, &column)
}

/// The warnings of the rebuilds of a migration from previousSpec ([`Rechecked::warning`]).
pub fn previous_spec_warnings(
    d: &dyn crate::dialect::Dialect,
    rechecked: &[Rechecked],
    report: &mut Report,
) {
    for r in rechecked {
        report.push(r.warning(d));
    }
}

/// The warnings of the rebuilds of a migration from the database file at `path`: for each
/// rebuilt table, the rows of the file that already break what its rebuild checks again,
/// counted on a read-only connection, said only where there are some, and not for a table whose
/// change the trial on a copy of the rows already says fails (a `ROWS_REFUSE_CHANGE` naming it,
/// filed before). Where the rows cannot be counted, what previousSpec says.
pub fn file_warnings(
    d: &dyn crate::dialect::Dialect,
    path: &str,
    rechecked: &[Rechecked],
    report: &mut Report,
) {
    let said: Vec<String> = (report.warnings.iter())
        .filter(|w| w.code == Code::RowsRefuseChange)
        .filter_map(|w| w.table.clone())
        .collect();
    let conn = crate::introspect::open_read_only(path).ok();
    let mut damaged = None;
    for r in rechecked {
        if said.iter().any(|t| t.eq_ignore_ascii_case(&r.table)) {
            continue;
        }
        let Some(conn) = &conn else {
            report.push(r.warning(d));
            continue;
        };
        let counted = broken_on_file(d, conn, r);
        if crate::damaged_file::note(&counted, path, &mut damaged) {
            continue;
        }
        match counted {
            Ok(Some(issue)) => report.push(issue.table(&r.table)),
            Ok(None) => {}
            Err(_) => report.push(r.warning(d)),
        }
    }
    crate::damaged_file::say(damaged, report);
}

/// The warning of `r` on the database `conn` as it is: the references to no row of the keys
/// its rebuild checks again, by table and referenced table, and the rows its timed CHECKs
/// refuse now; `None` when there are none.
fn broken_on_file(
    d: &dyn crate::dialect::Dialect,
    conn: &rusqlite::Connection,
    r: &Rechecked,
) -> rusqlite::Result<Option<Issue>> {
    let mut found = Vec::new();
    let mut queries = Vec::new();
    if let Some(query) = r.broken_references_query() {
        let mut statement = conn.prepare(&format!(
            "SELECT \"table\", parent, count(*) FROM ({query}) GROUP BY 1, 2 ORDER BY 1, 2"
        ))?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if !rows.is_empty() {
            let broken: Vec<String> = rows
                .iter()
                .map(|(table, parent, n)| {
                    let rows = if *n == 1 { "row" } else { "rows" };
                    format!("{n} {rows} of '{table}' referencing '{parent}'")
                })
                .collect();
            found.push(format!(
                "the database already holds references to rows that do not exist ({}: most likely written while foreign keys were off, SQLite's default and the sqlite3 shell's)",
                broken.join(", ")
            ));
            queries.push(query);
        }
    }
    for (name, expression, before) in &r.timed {
        let query = r.refused_query(before);
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM ({query})"), [], |row| {
            row.get(0)
        })?;
        if n > 0 {
            let rows = if n == 1 { "row" } else { "rows" };
            found.push(format!(
                "{n} {rows} of '{}' that its CHECK '{name}' ({}) refuses now (its value changes with the time: it let them in when they were written)",
                r.table_before,
                clip(expression)
            ));
            queries.push(query);
        }
    }
    if found.is_empty() {
        return Ok(None);
    }
    Ok(Some(
        Issue::warning(
            Code::RowsRefuseChange,
            format!(
                "{}, and the rebuild of '{}' checks every row again against the rules it keeps ({}), not only against what this migration changes: the up migration fails ({})",
                found.join("; "),
                r.table,
                r.rules().join(", "),
                crate::rows_refuse_hints::how_it_fails(d)
            ),
        )
        .suggest(format!(
            "delete or mend those rows first, then run it; find them with: {}",
            queries.join("; and: ")
        )),
    ))
}
