//! Asks the bundled SQLite about every expression a spec writes into a migration that only
//! creates tables (`selfCheck: 'expressions'`): CHECK constraints and `{ expression }` defaults many
//! at a time, each batch one `CREATE TABLE` that SQLite compiles and never runs; partial-index
//! predicates one by one ([`Dialect::engine_check`], which needs the table to exist).
//!
//! Compiling a `CREATE TABLE` is where SQLite refuses an expression: its tokenizer, its
//! grammar, and the resolution of CHECK constraints (unknown functions, aggregates,
//! non-deterministic functions, subqueries) and of defaults (not constant) all run before a
//! row is written. Validation has already refused unknown columns, so a batch can hold the
//! columns of several tables. A batch SQLite refuses is asked again one expression at a time,
//! which is what decides.

use crate::dialect::{Dialect, ExprPlace, Sqlite};
use crate::spec::{DefaultValue, Table};
use crate::verify::CheckFailure;
use std::collections::HashSet;

/// One expression to ask about.
struct Probe<'a> {
    place: ExprPlace,
    expression: &'a str,
    table: &'a Table,
}

/// Columns declared in one batch's table (SQLite allows 2,000).
const BATCH_COLUMNS: usize = 500;
/// Expressions in one batch.
const BATCH_EXPRESSIONS: usize = 100;

/// `Err` with SQLite's message when it refuses one of the expressions of `tables`, or when
/// there is no probe database to ask.
pub fn check_expressions(tables: &[&Table]) -> Result<(), CheckFailure> {
    if crate::sqlite_memory::with_probe(|_| ()).is_none() {
        return Err(no_probe());
    }
    for t in tables {
        for ix in &t.indexes {
            if let Some(p) = &ix.predicate {
                ask_alone(&Probe {
                    place: ExprPlace::IndexPredicate,
                    expression: p,
                    table: t,
                })?;
            }
        }
    }
    let batches = batches(tables);
    crate::verify::in_parallel(&batches, Batch::check)
}

/// `Err` with SQLite's message when a `{ expression }` default of `tables` calls a function
/// SQLite does not have (or is otherwise refused where a row would take it): the defaults are
/// compiled, never run, as `SELECT (e1), (e2), …` in batches; a batch SQLite refuses is asked
/// again one default at a time. An error when there is no probe database.
pub fn check_default_calls(tables: &[&Table]) -> Result<(), CheckFailure> {
    let probes: Vec<Probe> = tables
        .iter()
        .flat_map(|t| probes_of(t))
        .filter(|p| p.place == ExprPlace::Default)
        .collect();
    for batch in probes.chunks(BATCH_EXPRESSIONS) {
        let Some(statement) = select_of_defaults(batch) else {
            continue;
        };
        match crate::sqlite_memory::with_probe(|c| c.prepare(&statement).is_ok()) {
            Some(true) => {}
            Some(false) => batch.iter().try_for_each(ask_alone)?,
            None => return Err(no_probe()),
        }
    }
    Ok(())
}

/// `SELECT (d1), (d2), …` of the `{ expression }` defaults among `probes` (compiled, never run,
/// it makes SQLite look their functions up); `None` when there is none.
fn select_of_defaults(probes: &[Probe]) -> Option<String> {
    let defaults: Vec<String> = probes
        .iter()
        .filter(|p| p.place == ExprPlace::Default)
        .map(|p| format!("({})", p.expression))
        .collect();
    (!defaults.is_empty()).then(|| format!("SELECT {}", defaults.join(", ")))
}

/// The probes of several tables and the statement that asks about them together.
struct Batch<'a> {
    probes: Vec<Probe<'a>>,
    statement: String,
}

impl Batch<'_> {
    /// Compiles the batch's statement on this thread's probe database
    /// ([`crate::sqlite_memory::with_probe`]); asks each expression alone when SQLite refuses
    /// the batch. An error when there is no probe database: the expressions were not checked.
    fn check(&self) -> Result<(), CheckFailure> {
        // A default's functions are looked up only when a row takes it: compiled as a SELECT.
        let select = select_of_defaults(&self.probes);
        let compiles = |c: &rusqlite::Connection| {
            c.prepare(&self.statement).is_ok()
                && select.as_ref().is_none_or(|s| c.prepare(s).is_ok())
        };
        match crate::sqlite_memory::with_probe(compiles) {
            Some(true) => Ok(()),
            Some(false) => self.probes.iter().try_for_each(ask_alone),
            None => Err(no_probe()),
        }
    }
}

/// The failure when SQLite cannot open the probe database: the expressions were not checked.
fn no_probe() -> CheckFailure {
    CheckFailure {
        phase: "up",
        statement: String::new(),
        message: "SQLite could not open an in-memory database to check the expressions".into(),
    }
}

/// Asks about one expression in the statement it goes into (on this thread's probe database,
/// which the caller has made sure exists).
fn ask_alone(p: &Probe) -> Result<(), CheckFailure> {
    let columns: Vec<&str> = p.table.columns.iter().map(|c| c.name.as_str()).collect();
    Sqlite
        .engine_check(p.place, p.expression, &columns)
        .map_err(|message| CheckFailure {
            phase: "up",
            statement: crate::report::clip(p.expression),
            message: format!("in table '{}': {message}", p.table.name),
        })
}

/// The tables' CHECKs and expression defaults in batches of at most [`BATCH_EXPRESSIONS`]
/// expressions over at most [`BATCH_COLUMNS`] columns (a table is never split).
fn batches<'a>(tables: &[&'a Table]) -> Vec<Batch<'a>> {
    let mut out = Vec::new();
    let mut current = BatchBuilder::default();
    for t in tables {
        let probes = probes_of(t);
        if probes.is_empty() {
            continue;
        }
        if !current.fits(t, probes.len()) {
            out.extend(std::mem::take(&mut current).finish());
        }
        current.add(t, probes);
    }
    out.extend(current.finish());
    out
}

fn probes_of(t: &Table) -> Vec<Probe<'_>> {
    let checks = t.check_constraints.iter().map(|c| Probe {
        place: ExprPlace::Check,
        expression: &c.expression,
        table: t,
    });
    let defaults = t.columns.iter().filter_map(|c| match &c.default {
        Some(DefaultValue::Expression(e)) => Some(Probe {
            place: ExprPlace::Default,
            expression: e,
            table: t,
        }),
        _ => None,
    });
    checks.chain(defaults).collect()
}

/// A batch being filled.
#[derive(Default)]
struct BatchBuilder<'a> {
    /// Declared columns, lowercased (SQLite compares names without case).
    names: HashSet<String>,
    columns: Vec<&'a str>,
    probes: Vec<Probe<'a>>,
}

impl<'a> BatchBuilder<'a> {
    fn fits(&self, t: &Table, probes: usize) -> bool {
        self.probes.is_empty()
            || (self.columns.len() + t.columns.len() + self.probes.len() + probes <= BATCH_COLUMNS
                && self.probes.len() + probes <= BATCH_EXPRESSIONS)
    }

    fn add(&mut self, t: &'a Table, probes: Vec<Probe<'a>>) {
        for c in &t.columns {
            if self.names.insert(c.name.to_ascii_lowercase()) {
                self.columns.push(&c.name);
            }
        }
        self.probes.extend(probes);
    }

    /// The batch's statement: `CREATE TABLE _mg_probe (<columns>, <one column per default>,
    /// <one CHECK per expression>)`.
    fn finish(self) -> Option<Batch<'a>> {
        if self.probes.is_empty() {
            return None;
        }
        let quote = crate::dialect::sqlite_quoted_identifier;
        let mut parts: Vec<String> = self.columns.iter().map(|c| quote(c)).collect();
        // A name no spec column has: a default column is named after the batch's own count.
        let mut default_column = 0usize;
        let mut fresh_name = |names: &HashSet<String>| loop {
            default_column += 1;
            let name = format!("_mg_probe_default_{default_column}");
            if !names.contains(&name) {
                return name;
            }
        };
        for p in &self.probes {
            match p.place {
                ExprPlace::Default => {
                    let name = fresh_name(&self.names);
                    parts.push(format!("{} DEFAULT ({})", quote(&name), p.expression));
                }
                ExprPlace::Check | ExprPlace::IndexPredicate => {
                    parts.push(format!("CHECK ({})", p.expression));
                }
            }
        }
        if self.columns.is_empty() {
            parts.insert(0, "_mg_probe_column".into());
        }
        let statement = format!("CREATE TABLE _mg_probe ({})", parts.join(", "));
        Some(Batch {
            probes: self.probes,
            statement,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{CheckConstraint, Column, ColumnType, Index};

    fn table(name: &str, columns: &[&str], checks: &[&str]) -> Table {
        let mut t = Table {
            name: name.into(),
            ..Table::default()
        };
        for c in columns {
            t.columns.push(Column::new(c, ColumnType::Integer, true));
        }
        for (i, e) in checks.iter().enumerate() {
            t.check_constraints.push(CheckConstraint {
                name: format!("chk_{name}_{i}"),
                expression: e.to_string(),
            });
        }
        t
    }

    /// What SQLite refuses in a CHECK, a default or a predicate is refused here, whichever
    /// batch it lands in and however many good expressions share it; and what it takes passes.
    #[test]
    fn refuses_what_sqlite_refuses_in_any_batch() {
        let bad_checks = [
            "age <@ 150",
            "age := 0",
            "nosuch(age) > 0",
            "max(age) > 0",
            "age > (SELECT 1)",
        ];
        for bad in bad_checks {
            for position in [0, 7, 149] {
                let mut tables: Vec<Table> = (0..150)
                    .map(|i| {
                        table(
                            &format!("t{i}"),
                            &["id", "age", "Status"],
                            &["age >= 0", "status IN ('a', 'it''s')"],
                        )
                    })
                    .collect();
                tables[position].check_constraints[1].expression = bad.into();
                let refs: Vec<&Table> = tables.iter().collect();
                let e = check_expressions(&refs).expect_err(bad);
                assert!(
                    e.message.contains(&format!("in table 't{position}'")),
                    "{bad}: {e:?}"
                );
                assert_eq!(e.statement, bad);
            }
        }
        let mut t = table("d", &["id"], &[]);
        let mut c = Column::new("x", ColumnType::Text, true);
        c.default = Some(DefaultValue::Expression("id".into()));
        t.columns.push(c);
        assert!(
            check_expressions(&[&t]).is_err(),
            "a default that reads a column"
        );
        t.columns[1].default = Some(DefaultValue::Expression("lower('X')".into()));
        assert_eq!(check_expressions(&[&t]), Ok(()));
        let mut p = table("p", &["id", "age"], &[]);
        p.indexes.push(Index {
            name: "ix_p".into(),
            columns: vec!["age".into()],
            unique: false,
            method: None,
            predicate: Some("random() > 0".into()),
        });
        assert!(
            check_expressions(&[&p]).is_err(),
            "a non-deterministic predicate"
        );
        p.indexes[0].predicate = Some("age IS NOT NULL".into());
        assert_eq!(check_expressions(&[&p]), Ok(()));
    }

    /// Good expressions over many tables and odd column names pass: names that differ only in
    /// case, quotes, keywords, and more columns than one batch holds.
    #[test]
    fn accepts_good_expressions_across_batches() {
        let mut tables: Vec<Table> = (0..300)
            .map(|i| {
                let wide: Vec<String> = (0..40).map(|k| format!("c{i}_{k}")).collect();
                let mut names: Vec<&str> = wide.iter().map(String::as_str).collect();
                names.extend(["we\"ird", "order", "AGE"]);
                let check =
                    format!("c{i}_3 >= 0 AND \"we\"\"ird\" IS NOT NULL AND \"order\" < age");
                table(&format!("t{i}"), &names, &[&check])
            })
            .collect();
        tables[0].columns.push({
            let mut c = Column::new("_mg_probe_default_1", ColumnType::Text, true);
            c.default = Some(DefaultValue::Expression("datetime('now')".into()));
            c
        });
        let refs: Vec<&Table> = tables.iter().collect();
        assert!(batches(&refs).len() > 10);
        assert_eq!(check_expressions(&refs), Ok(()));
        // Nothing to ask: no batch.
        let plain = table("plain", &["id"], &[]);
        assert!(batches(&[&plain]).is_empty());
        assert_eq!(check_expressions(&[&plain]), Ok(()));
    }
}
