//! A trial of a migration that changes an existing SQLite database on the rows it holds now.
//! The self-check runs the migration on the database's schema without rows; a change the rows
//! refuse (a NULL where a column becomes NOT NULL, repeated values under a new UNIQUE, a row a
//! new CHECK or foreign key refuses) only shows when the migration runs, where it rolls that
//! table's change back. Here the database is copied into memory (read through a read-only
//! connection, so the file is never written) and the up migration run on the copy, so that the
//! generation can say so first.

use crate::damaged_file::DAMAGED;
use crate::dialect::sqlite_quoted_identifier as quoted;
use crate::introspect::open_read_only;
use crate::report::{Code, Issue, Report};
use crate::sqlite_renames::Renames;
use rusqlite::backup::{Backup, StepResult};

/// Databases whose pages take more than this are not tried: the copy and the run would cost
/// about what the migration itself costs.
pub const MAX_TRIAL_BYTES: u64 = 16 << 20;

/// A table's change (a block of the up migration) that fails on the copy of the database.
#[derive(Clone, Debug, PartialEq)]
pub struct Refusal {
    /// The index of the block in the up migration.
    pub block: usize,
    /// The statement that failed (one statement of a block of several).
    pub statement: String,
    /// SQLite's message.
    pub message: String,
    /// Whether SQLite's error is a constraint's (NOT NULL, UNIQUE, CHECK, FOREIGN KEY, the
    /// rebuild's own checks): what rows refuse. Any other error after a block that failed
    /// (such as `foreign key mismatch`) most likely follows from that failure: the self-check
    /// ran the whole up migration on the schema without rows.
    pub constraint: bool,
    /// When the rebuild's foreign-key check refused the change: the references the database
    /// already broke before it (rows written while foreign keys were off, the `sqlite3`
    /// shell's default), as (table, referenced table as its foreign key names it, rows).
    pub broken_before: Vec<(String, String, i64)>,
    /// The first row that refuses the change, when the rule is one that says it (see
    /// [`crate::rows_offender`]); its query only when it runs on the database as it is.
    pub offender: Option<crate::rows_offender::Offender>,
}

/// What the rebuild's foreign-key check is called in SQLite's message when it fails.
const FOREIGN_KEY_CHECK: &str = "foreign_key_violations_after_rebuild";

/// The references `copy` breaks as it is, by table and referenced table:
/// `PRAGMA foreign_key_check` over every table, counted.
fn broken_references(copy: &rusqlite::Connection) -> rusqlite::Result<Vec<(String, String, i64)>> {
    copy.prepare(
        "SELECT \"table\", parent, count(*) FROM pragma_foreign_key_check GROUP BY 1, 2 ORDER BY 1, 2",
    )?
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
    .collect()
}

/// Each block of `up` (a table's change, or the drops) that fails on an in-memory copy of the
/// database at `path`: the statement that fails, with SQLite's message. Empty when every
/// statement runs; `Err` with the reason when the database was not copied (larger than
/// [`MAX_TRIAL_BYTES`], locked, or unreadable), or when it is damaged: then the reason starts
/// with [`DAMAGED`] and is followed by SQLite's message.
///
/// After a block fails, the rest of it is skipped and the copy is brought back to where a
/// block starts (see [`reset`]), and the next blocks are tried on it, so that every table whose
/// change the rows refuse is said in one generation, not one per generation. That is the state
/// a runner that carries on after an error (the `sqlite3` shell) reaches: each change is its own
/// transaction, rolled back whole by its failed `INSERT OR ROLLBACK` check, and the statements
/// after it do nothing. A later block can fail only because an earlier one did (a foreign key
/// to a key the failed change was to add): it is still listed, and the caller says it may follow
/// from the earlier one (see `generate_with`). No block is run twice, so a migration the rows
/// take costs what it did.
pub fn refusals(
    path: &str,
    up: &[Vec<String>],
    before: crate::rows_offender::Before,
) -> Result<Vec<Refusal>, String> {
    let mut found = Vec::new();
    let copy = copy_in_memory(path).map_err(|why| {
        if why.starts_with(DAMAGED) {
            why
        } else {
            format!("the database was not copied: {why}")
        }
    })?;
    // The database as it is before the migration, which the queries for the user run on
    // (the copy after a block has the renames made): copied once a query is to be tried.
    let pristine = std::cell::OnceCell::new();
    for (block, statements) in up.iter().enumerate() {
        let failed = statements.iter().enumerate().find_map(|(piece, sql)| {
            crate::verify::execute_each_counting(&copy, sql)
                .err()
                .map(|(index, statement, e)| ((piece, index), statement, e))
        });
        let Some((place, statement, e)) = failed else {
            continue;
        };
        // A page of the copy (a byte-for-byte copy of the file's) that is no b-tree page: the
        // file is damaged, which is no refusal of the rows.
        if crate::damaged_file::is_damage(&e) {
            return Err(format!("{DAMAGED}: {e}"));
        }
        if let Some(why) = undecided(&e, &statement) {
            return Err(why);
        }
        let mut refusal = Refusal {
            block,
            statement,
            message: e.to_string(),
            constraint: e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation),
            broken_before: Vec::new(),
            offender: None,
        };
        if reset(&copy).is_err() {
            // The next blocks would run on a copy in an unknown state: what they say could
            // be wrong, so they are not tried.
            found.push(refusal);
            break;
        }
        // Rolled back: the copy is as the block found it, and says which references were
        // broken before the change (the rebuild refuses to leave any).
        if refusal.message.contains(FOREIGN_KEY_CHECK) {
            refusal.broken_before = broken_references(&copy).unwrap_or_default();
        }
        if refusal.constraint {
            // Run again up to the failed statement, the row read there, and rolled back.
            let offender = crate::rows_offender::find(
                &copy,
                statements,
                place,
                &refusal.statement,
                &refusal.message,
                before,
            );
            if reset(&copy).is_err() {
                found.push(refusal);
                break;
            }
            refusal.offender = offender.map(|mut o| {
                o.query = (o.query).filter(|q| {
                    (pristine.get_or_init(|| copy_in_memory(path).ok()).as_ref())
                        .is_some_and(|p| crate::rows_offender::runs_on(p, q))
                });
                o
            });
        }
        found.push(refusal);
    }
    Ok(found)
}

/// Why the trial cannot say whether the rows take a change, when the statement that failed
/// with `e` did not fail because of the rows but because of the trial's bounds: the time budget
/// of the generation's work on rows ran out ([`crate::sqlite_memory::RowsBudget`]), or a value
/// it computed was longer than [`crate::sqlite_memory::MAX_VALUE_BYTES`] (one of the spec's
/// expressions, evaluated on each row). The migration itself, run by SQLite with its default
/// bounds, may run; it is not said to fail. Words that follow "the up migration was not tried
/// on the rows of …".
fn undecided(e: &rusqlite::Error, statement: &str) -> Option<String> {
    let why = match e.sqlite_error_code()? {
        rusqlite::ErrorCode::OperationInterrupted => format!(
            "the trial on a copy of the database was stopped after {} s, the time the generation gives the work on rows",
            crate::sqlite_memory::ROWS_BUDGET.as_secs()
        ),
        rusqlite::ErrorCode::TooBig => format!(
            "a value the trial on a copy of the database computed is longer than the {} MiB it allows",
            crate::sqlite_memory::MAX_VALUE_BYTES >> 20
        ),
        _ => return None,
    };
    Some(format!(
        "{why}, at: {} — most likely one of the spec's expressions (a CHECK, a conversion) is slow or makes large values on each row",
        crate::report::clip(statement)
    ))
}

/// The `ROWS_REFUSE_CHANGE` warnings of the up migration `up` (its blocks) on a copy of the
/// database at `path` ([`refusals`]): one per table whose change the rows refuse, naming it
/// (`change_texts`: each changed table's statements), saying what refuses it, what running the
/// migration does, and when it may only follow from an earlier refusal.
pub fn refusal_warnings(
    path: &str,
    up: &[Vec<String>],
    change_texts: &[(String, String)],
    on_file: Option<&Renames>,
) -> Vec<Issue> {
    let mut issues = Vec::new();
    let before = crate::rows_offender::Before { renames: on_file };
    let refused = match refusals(path, up, before) {
        Ok(refused) => refused,
        Err(why) if why.starts_with(DAMAGED) => {
            let said = why.strip_prefix(DAMAGED).unwrap_or(&why);
            return vec![crate::damaged_file::damaged(
                path,
                said.strip_prefix(": ").unwrap_or(said),
            )];
        }
        Err(why) => {
            return not_tried(path, &why, up, change_texts)
                .into_iter()
                .collect()
        }
    };
    // The table whose change each refused block is (a changed table's block is its change
    // text); otherwise, as a fallback, the one whose change holds the statement, when
    // exactly one does. None for the drops.
    let owners: Vec<Option<&str>> = refused
        .iter()
        .map(|r| {
            let block = up[r.block].join("\n");
            change_texts
                .iter()
                .find(|(_, text)| *text == block)
                .or_else(|| {
                    let mut owners = change_texts.iter().filter(|(_, text)| {
                        !r.statement.is_empty() && text.contains(r.statement.trim())
                    });
                    match (owners.next(), owners.next()) {
                        (Some(one), None) => Some(one),
                        _ => None,
                    }
                })
                .map(|(table, _)| table.as_str())
        })
        .collect();
    for (i, r) in refused.iter().enumerate() {
        // The tables whose change failed before this one (their blocks rolled back on the
        // copy, the next blocks tried on it all the same: see `rows_trial::refusals`).
        let before: Vec<&str> = owners[..i].iter().flatten().copied().collect();
        // A change after one that failed may fail only because of it: it refers to that
        // table (a foreign key to a key the failed change was to add, a rebuild that checks
        // that table's rows), or its error is not about rows at all (`foreign key
        // mismatch`: the self-check ran every statement on the schema without rows). It is
        // still reported — when it does not follow from the earlier one, the user learns it
        // now instead of after the next generation — but said to possibly follow, so that
        // the earlier one is fixed first. A refusal is never left out for that reason.
        let lower = up[r.block].join("\n").to_ascii_lowercase();
        let mut depends: Vec<&str> = before
            .iter()
            .filter(|t| crate::introspect::mentions(&lower, &t.to_ascii_lowercase()))
            .copied()
            .collect();
        if depends.is_empty() && !r.constraint {
            depends.clone_from(&before);
        }
        let follows = match depends.len() {
            0 => String::new(),
            1 => format!(
                " — this may follow from the change of '{}' that the rows refuse before it (rolled back on the copy, as it would be): fix that one first",
                depends[0]
            ),
            _ => format!(
                " — this may follow from the changes of {} that the rows refuse before it (rolled back on the copy, as they would be): fix those first",
                crate::report::name_list(&depends, usize::MAX)
            ),
        };
        // The rebuild's own checks fail as CHECKs of a temporary table: say what they mean.
        let (what, fix) = if !r.constraint && !depends.is_empty() {
            (
                String::new(),
                "make the rows take the earlier change first and generate again: this one may then run",
            )
        } else if r.message.contains(FOREIGN_KEY_CHECK) {
            let near = |t: &str| owners[i].is_none_or(|o| o.eq_ignore_ascii_case(t));
            let broken: Vec<String> = (r.broken_before.iter())
                .filter(|(table, parent, _)| near(table) || near(parent))
                .map(|(table, parent, n)| {
                    let rows = if *n == 1 { "row" } else { "rows" };
                    format!("{n} {rows} of '{table}' referencing '{parent}'")
                })
                .collect();
            if broken.is_empty() {
                (
                    "rows reference rows that do not exist, which the foreign keys refuse: "
                        .to_string(),
                    "delete or fix those rows first (after the change, PRAGMA foreign_key_check lists them), or leave the foreign key out",
                )
            } else {
                (
                    format!("the database already holds references to rows that do not exist, before this migration ({}: most likely written while foreign keys were off, the sqlite3 shell's default), and a rebuild refuses to leave any such row: ", broken.join(", ")),
                    "delete those rows or point them at rows that exist first (PRAGMA foreign_key_check lists them), and generate again",
                )
            }
        } else if r.message.contains(crate::rebuild_number_check::GUARD) {
            (
                "a column the change makes a number holds text that is not a clean number, which the rebuild refuses rather than let CAST make it 0 or cut it (PostgreSQL and MySQL refuse such text too): ".to_string(),
                "make those values numbers or NULL first (UPDATE … SET …), or keep the column's type",
            )
        } else {
            (
                String::new(),
                "fix those rows first, or change the spec (a default for a column that becomes NOT NULL, a UNIQUE over values that do not repeat)",
            )
        };
        let fails = match (i, before.len()) {
            (0, _) => "the up migration fails".to_string(),
            (_, 0) => "this change fails too (tried after the failed change before it was rolled back)".to_string(),
            (_, 1) => format!(
                "this table's change fails too (tried after the failed change of '{}' was rolled back)",
                before[0]
            ),
            _ => format!(
                "this table's change fails too (tried after the failed changes of {} were rolled back)",
                crate::report::name_list(&before, usize::MAX)
            ),
        };
        // What running it does: the migration is one transaction (`sqlite_atomic`), rolled
        // back whole when the rows refuse a change; a runner that stops at the first error
        // leaves nothing done, one that carries on runs each change after it on its own.
        let runs = match (refused.len(), i, owners[0]) {
            (1, _, _) => "run as it is, the migration fails and is rolled back whole: none of its changes stays done".to_string(),
            (n, 0, _) => format!("run as it is, the migration fails at this change, the first of the {n} the rows refuse, and rolls the whole migration back, every change before it included; a runner that stops at an error leaves nothing done, one that carries on (the sqlite3 shell without -bail) runs each change after it on its own and rolls back each one the rows refuse"),
            (_, _, Some(first)) => format!("run as it is, the migration fails first at the change of '{first}' and rolls the whole migration back; a runner that carries on after that error (the sqlite3 shell without -bail) runs this change on its own and rolls it back"),
            (_, _, None) => "run as it is, the migration fails first at an earlier change and rolls the whole migration back; a runner that carries on after that error (the sqlite3 shell without -bail) runs this change on its own and rolls it back".to_string(),
        };
        // The row that refuses it, when the trial found it, instead of the guard's statement.
        let (refused, find) = match &r.offender {
            Some(o) => (
                format!("{} (SQLite: {})", o.row, crate::report::clip(&r.message)),
                o.query
                    .as_ref()
                    .map(|q| format!(" (find them all with: {q})"))
                    .unwrap_or_default(),
            ),
            None => (
                format!(
                    "{} (statement: {})",
                    crate::report::clip(&r.message),
                    crate::report::clip(&r.statement)
                ),
                String::new(),
            ),
        };
        let mut issue = Issue::warning(
            Code::RowsRefuseChange,
            format!(
                "on a copy of the database's rows as they are now, {fails}: {what}{refused}{follows}"
            ),
        )
        // A migration that ran part-way (its other tables changed) stays behind in the folder
        // beside the next one, which writes only what is left: replayed on a fresh database,
        // the first then runs whole and the second fails (a SQLite user trial).
        .suggest(format!("{fix}{find}; {runs}. If it was run and failed, delete its file before generating again: the next migration has only what is left to do, and the folder must not hold both"));
        if let Some(table) = owners[i] {
            issue = issue.table(table);
        }
        issues.push(issue);
    }
    issues
}

/// `ROWS_NOT_TRIED` when the database could not be copied (`why`) and a table whose change
/// the up migration holds (`change_texts`, each a block of `up`) has rows (or they could not
/// be counted) that the change can refuse ([`rows_can_refuse`]): what those rows refuse would
/// show only when the migration runs. Nothing when there is no such table.
fn not_tried(
    path: &str,
    why: &str,
    up: &[Vec<String>],
    change_texts: &[(String, String)],
) -> Option<Issue> {
    // A locked database would make each count wait for the busy timeout: not counted.
    let conn = if why.ends_with(LOCKED) || crate::sqlite_memory::budget_spent() {
        None
    } else {
        open_read_only(path).ok()
    };
    let with_rows: Vec<&str> = change_texts
        .iter()
        .filter(|(_, text)| {
            up.iter()
                .find(|block| block.join("\n") == *text)
                .is_none_or(|block| rows_can_refuse(block))
        })
        .map(|(table, _)| table.as_str())
        .filter(|table| {
            conn.as_ref().is_none_or(|c| {
                c.query_row(
                    &format!("SELECT EXISTS (SELECT 1 FROM {})", quoted(table)),
                    [],
                    |r| r.get::<_, bool>(0),
                )
                .unwrap_or(true)
            })
        })
        .collect();
    let issue = Issue::warning(
        Code::RowsNotTried,
        format!(
            "the up migration was not tried on the rows of {} ({why}): a change the rows refuse (a NULL where a column becomes NOT NULL, values that repeat under a new UNIQUE, a row a new CHECK or foreign key refuses) shows only when the migration runs, which then rolls the whole migration back",
            crate::report::name_list(&with_rows, usize::MAX)
        ),
    )
    .suggest("run the up migration on a copy of the database first (cp app.db try.db; sqlite3 try.db < up.sql)");
    match with_rows.as_slice() {
        [] => None,
        [one] => Some(issue.table(one)),
        _ => Some(issue),
    }
}

/// Whether rows already in a table can make one of `statements` fail. Those that cannot:
/// `CREATE INDEX` (not UNIQUE), `DROP INDEX`, and an `ALTER TABLE` (add, drop or rename a
/// column, rename the table) with no `CHECK` or `REFERENCES`, which SQLite tests on the rows
/// already there; comments. Anything else (a rebuild's copy and its checks, a UNIQUE index, a
/// text that does not tokenize) can.
fn rows_can_refuse(statements: &[String]) -> bool {
    use sqlparser::dialect::SQLiteDialect;
    use sqlparser::tokenizer::{Token, Tokenizer};
    statements.iter().any(|statement| {
        let Ok(tokens) = Tokenizer::new(&SQLiteDialect {}, statement).tokenize() else {
            return true;
        };
        // Keywords in capitals; a quoted name as written, so that `"check"` is not CHECK.
        let words: Vec<String> = tokens
            .iter()
            .filter(|t| !matches!(t, Token::Whitespace(_)))
            .map(|t| match t {
                Token::Word(w) if w.quote_style.is_none() => w.value.to_ascii_uppercase(),
                other => other.to_string(),
            })
            .collect();
        match (
            words.first().map(String::as_str),
            words.get(1).map(String::as_str),
        ) {
            (None, _) | (Some("CREATE" | "DROP"), Some("INDEX")) => false,
            (Some("ALTER"), Some("TABLE")) => {
                words.iter().any(|w| w == "CHECK" || w == "REFERENCES")
            }
            _ => true,
        }
    })
}

/// The database at `path` copied into memory, with foreign keys enforced; otherwise why not
/// (too large, locked, unreadable), as words that follow "the database was not copied:"
/// (which [`refusals`] puts before them).
fn copy_in_memory(path: &str) -> Result<rusqlite::Connection, String> {
    let source =
        open_read_only(path).map_err(|e| format!("it could not be read: {}", e.message))?;
    let bytes = database_bytes(&source).map_err(why_not_read)?;
    if bytes > MAX_TRIAL_BYTES {
        return Err(format!(
            "its pages take {} MiB, more than the {} MiB the trial copies",
            bytes.div_ceil(1 << 20),
            MAX_TRIAL_BYTES >> 20
        ));
    }
    let mut copy = crate::sqlite_memory::open_in_memory().map_err(why_not_read)?;
    // One step copies every page. A source another connection locks (SQLITE_BUSY once the
    // busy timeout has passed) is not tried: `run_to_completion` retried that without end,
    // and generation hung for as long as the writer held its lock.
    let step = Backup::new(&source, &mut copy)
        .map_err(why_not_read)?
        .step(-1);
    drop(source);
    match step {
        Ok(StepResult::Done) => {}
        Ok(StepResult::Busy | StepResult::Locked) => return Err(LOCKED.to_string()),
        Ok(_) => return Err("the copy did not finish".to_string()),
        Err(e) => return Err(why_not_read(e)),
    }
    // As the self-check runs it, and as applications use SQLite: foreign keys enforced.
    copy.execute_batch("PRAGMA foreign_keys = ON;")
        .map_err(why_not_read)?;
    Ok(copy)
}

/// After a block failed: its transaction, if one is still open (a failed statement that is
/// not an `INSERT OR ROLLBACK` leaves the change's `SAVEPOINT` open), rolled back; the
/// temporary tables of its checks dropped (the copy had none: only the main database is
/// copied); and the settings a rebuild changes and sets back at its end (`foreign_keys` off
/// when other tables reference the table, `legacy_alter_table` on) as a block starts.
fn reset(copy: &rusqlite::Connection) -> rusqlite::Result<()> {
    if !copy.is_autocommit() {
        copy.execute_batch("ROLLBACK;")?;
    }
    let temp: Vec<String> = copy
        .prepare("SELECT name FROM temp.sqlite_master WHERE type = 'table'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for name in temp {
        copy.execute_batch(&format!(
            "DROP TABLE temp.\"{}\";",
            name.replace('"', "\"\"")
        ))?;
    }
    copy.execute_batch(
        "PRAGMA foreign_keys = ON; PRAGMA legacy_alter_table = OFF; PRAGMA defer_foreign_keys = OFF;",
    )
}

/// The warning that the up migration writes `default` into the rows that hold NULL in a column
/// that becomes NOT NULL (the rebuild copies them with `COALESCE`), which the down migration
/// cannot undo. Said as a possibility; [`count_filled_nulls`] says how many rows it is.
pub fn nulls_filled(table: &str, column: &str, default: &str) -> Issue {
    Issue::warning(
        Code::NullsFilled,
        format!("'{column}' becomes NOT NULL with the default {default}: the up migration writes {default} into the rows that hold NULL there, and the down migration, which makes the column nullable again, cannot put those NULLs back"),
    )
    .table(table)
    .column(column)
    .suggest(format!("if a NULL there means something, set the values you want first (UPDATE {table} SET {column} = … WHERE {column} IS NULL); otherwise there is nothing to do"))
}

/// Counts, on the database at `path` (read-only), the rows each [`nulls_filled`] warning is
/// about (each row of the table, for an automatic timestamp column the table gets:
/// [`crate::spec_change::timestamp_filled`]): a warning about no row is withdrawn, and the
/// others say how many rows they concern.
/// Left as they are when the database cannot be read. (Like the other counts, one read-only
/// scan of one table, made whatever the file's size: [`MAX_TRIAL_BYTES`] bounds only the copy
/// [`refusals`] runs the migration on.)
pub fn count_filled_nulls(path: &str, on_file: Option<&Renames>, report: &mut Report) {
    if !report.warnings.iter().any(|w| w.code == Code::NullsFilled) {
        return;
    }
    let Ok(conn) = open_read_only(path) else {
        return;
    };
    let mut damaged = None;
    report.warnings.retain_mut(|w| {
        let (Code::NullsFilled, Some(table), Some(column)) = (w.code, &w.table, &w.column) else {
            return true;
        };
        let stamped = crate::spec_change::is_timestamp_filled(w);
        let (table, column) = names_on_file(on_file, table, column);
        // An automatic timestamp column the file's table lacks: every row it holds gets the
        // migration's time there.
        let sql = if stamped {
            format!("SELECT count(*) FROM {}", quoted(table))
        } else {
            format!(
                "SELECT count(*) FROM {} WHERE {} IS NULL",
                quoted(table),
                quoted(column)
            )
        };
        match conn.query_row(&sql, [], |r| r.get::<_, i64>(0)) {
            Ok(0) => false,
            Ok(n) if stamped => {
                let rows = if n == 1 { "row" } else { "rows" };
                w.message = format!("{} (the table holds {n} {rows} now)", w.message);
                true
            }
            Ok(n) => {
                let rows = if n == 1 { "row holds" } else { "rows hold" };
                w.message = format!("{} ({n} {rows} NULL there now)", w.message);
                true
            }
            counted @ Err(_) => {
                crate::damaged_file::note(&counted, path, &mut damaged);
                true
            }
        }
    });
    crate::damaged_file::say(damaged, report);
    count_filled_repeats(&conn, path, on_file, report);
}

/// Says, in each `DOWN_DATA_LOSS` warning of a UNIQUE column whose NULLs the up migration fills
/// ([`crate::spec_change::FILLED_CLAUSE`]), how many rows of the database hold NULL there now:
/// two or more make the down migration fail with no row written since; none withdraws what the
/// warning says of them (rows written since that repeat values are still said).
fn count_filled_repeats(
    conn: &rusqlite::Connection,
    path: &str,
    on_file: Option<&Renames>,
    report: &mut Report,
) {
    let clause = crate::spec_change::FILLED_CLAUSE;
    let mut damaged = None;
    for w in (report.warnings.iter_mut())
        .filter(|w| w.code == Code::DownDataLoss && w.message.contains(clause))
    {
        let (Some(table), Some(column)) = (&w.table, &w.column) else {
            continue;
        };
        let (table, column) = names_on_file(on_file, table, column);
        let sql = format!(
            "SELECT count(*) FROM {} WHERE {} IS NULL",
            quoted(table),
            quoted(column)
        );
        let counted = conn.query_row(&sql, [], |r| r.get::<_, i64>(0));
        crate::damaged_file::note(&counted, path, &mut damaged);
        let Ok(n) = counted else {
            continue;
        };
        match n {
            0 => w
                .message
                .truncate(w.message.find(clause).unwrap_or(w.message.len())),
            1 => w.message.push_str("; 1 row holds NULL there now"),
            _ => w.message.push_str(&format!(
                "; {n} rows hold NULL there now: the down migration fails on them"
            )),
        }
    }
    crate::damaged_file::say(damaged, report);
}

/// A column a rebuild converts with `CAST` (see [`crate::diff::TableDiff::casts`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Narrowing {
    /// The table.
    pub table: String,
    /// The column.
    pub column: String,
    /// The affinity it has now: `INTEGER`, `REAL`, `NUMERIC`, `TEXT` or `BLOB`.
    pub from: String,
    /// The affinity it is cast to: `INTEGER`, `REAL`, `NUMERIC` or `TEXT`.
    pub to: String,
}

/// The affinities pasted into the trial's statements (the names are quoted).
const AFFINITIES: [&str; 5] = ["INTEGER", "REAL", "NUMERIC", "TEXT", "BLOB"];

/// Says, in the `TYPE_NARROWING` warning of each of `narrowed` (a type change allowed with
/// `allowDataLoss`, which the rebuild copies with `CAST`), how many rows of the database at
/// `path` (read-only) hold a value that does not come back as it was: text that is not a number
/// becomes 0 (`'true'` into a BOOLEAN is 0, false), a fraction is cut, `'1e3'` becomes 1, and
/// what a number's text does not keep goes (`'01234'` comes back from INTEGER as `'1234'`,
/// `'12.50'` from REAL as `'12.5'`). A value counts as changed unless casting it and giving the
/// result the old column's affinity, as the down migration's copy does, gives the same value of
/// the same type (`2.0` into INTEGER and back to REAL is `2.0`; a BLOB column's affinity changes
/// nothing). A warning whose rows all come back, or when the database cannot be read, is left
/// as it was.
pub fn count_narrowed_values(
    path: &str,
    on_file: Option<&Renames>,
    narrowed: &[Narrowing],
    report: &mut Report,
) {
    if narrowed.is_empty() {
        return;
    }
    let Ok(conn) = open_read_only(path) else {
        return;
    };
    let mut damaged = None;
    for n in narrowed {
        // Only an affinity is pasted into the statement; the names are quoted.
        if !AFFINITIES.contains(&n.to.as_str()) || !AFFINITIES.contains(&n.from.as_str()) {
            continue;
        }
        let Some(w) = report.warnings.iter_mut().find(|w| {
            w.code == Code::TypeNarrowing
                && w.table.as_deref() == Some(n.table.as_str())
                && w.column.as_deref() == Some(n.column.as_str())
        }) else {
            continue;
        };
        let (table, column) = (&n.table, &n.column);
        let (on_file, column) = names_on_file(on_file, table, column);
        let column = quoted(column);
        let cast = format!("CAST({column} AS {})", n.to);
        let back = if n.from == "BLOB" {
            cast.clone()
        } else {
            format!("CAST({cast} AS {})", n.from)
        };
        // A number the cast itself changes counts even when it comes back: CAST holds a REAL
        // beyond the integer range at its nearest end (9223372036854775808.0 becomes
        // 9223372036854775807, which is 9223372036854775808.0 again as a REAL). SQLite
        // compares an integer with a REAL exactly.
        let sql = format!(
            "SELECT count(*), total(typeof({column}) = 'text'), total(typeof({column}) IN ('integer', 'real')), total(typeof({column}) = 'blob') FROM {} WHERE NOT (typeof({back}) = typeof({column}) AND {back} = {column}) OR (typeof({column}) IN ('integer', 'real') AND typeof({cast}) IN ('integer', 'real') AND {cast} <> {column})",
            quoted(on_file),
        );
        let counted = conn.query_row(&sql, [], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, f64>(1)? > 0.0,
                r.get::<_, f64>(2)? > 0.0,
                r.get::<_, f64>(3)? > 0.0,
            ))
        });
        crate::damaged_file::note(&counted, path, &mut damaged);
        if let Ok((count @ 1.., texts, numbers, blobs)) = counted {
            let rows = if count == 1 {
                "row holds a value"
            } else {
                "rows hold values"
            };
            let how = cast_effect(&n.from, &n.to, texts, numbers, blobs);
            w.message = format!(
                "{}: {count} {rows} that the conversion changes ({how})",
                w.message
            );
            w.suggestion = Some(format!(
                "convert those values yourself before the migration (UPDATE {on_file} SET … WHERE …): the down migration cannot bring the old values back"
            ));
        }
    }
    crate::damaged_file::say(damaged, report);
}

/// What `CAST` from the affinity `from` to `to` does to the values it changes, as
/// [`count_narrowed_values`] says it: the words of the kinds of values the changed ones are
/// (`texts`, `numbers`, `blobs`), so that a REAL column whose numbers are cut is not told about
/// text made 0.
fn cast_effect(from: &str, to: &str, texts: bool, numbers: bool, blobs: bool) -> String {
    const BYTES: &str = "reads the bytes as text in the database's encoding: bytes that are not such text, or hold a zero byte, do not come back";
    if from == "BLOB" {
        return format!(
            "CAST {BYTES}, and the down migration gives the column back text, not bytes"
        );
    }
    let mut said: Vec<&str> = Vec::new();
    if texts && to != "TEXT" {
        said.push("is given only text that is a number (other text, such as 'n/a', 'true', and '2.5' into an INTEGER, refuses the migration: see ROWS_REFUSE_CHANGE), and keeps of a number's text only the number: '01234' comes back as '1234'");
    }
    if numbers {
        said.push(match to {
            "INTEGER" => "cuts fractions, and holds a number beyond the integer range at its nearest end: 9223372036854775808.0 becomes 9223372036854775807, 1e30 too",
            "TEXT" => "writes a REAL as text of at most 15 significant digits, which may not give every digit back (SQLite 3.40 writes 0.1 + 0.2 as '0.3')",
            _ => "changes the number's type",
        });
    }
    if blobs {
        said.push(BYTES);
    }
    if said.is_empty() {
        said.push("changes them");
    }
    format!("CAST {}", said.join("; it "))
}

/// `TYPE_NARROWING` for each column of `to_real` (table, column: an INTEGER or NUMERIC column
/// that becomes REAL, copied as it is) whose rows in the database at `path` (read-only) hold
/// integers a REAL cannot hold exactly (beyond ±2^53): the REAL column rounds them, and the down
/// migration cannot bring the digits back; or −2^63, which a REAL holds exactly but the down
/// migration leaves a REAL in the integer column (SQLite's affinity converts no REAL at the ends
/// of the integer range). An error without `allow_data_loss`, a warning with
/// it; nothing when every integer fits, or when the database cannot be read. Returns whether it
/// filed an error.
pub fn count_inexact_reals(
    path: &str,
    on_file: Option<&Renames>,
    to_real: &[(String, String)],
    allow_data_loss: bool,
    report: &mut Report,
) -> bool {
    if to_real.is_empty() {
        return false;
    }
    let Ok(conn) = open_read_only(path) else {
        return false;
    };
    let mut refused = false;
    let mut damaged = None;
    for (table, column) in to_real {
        let (on_file, c) = names_on_file(on_file, table, column);
        let c = quoted(c);
        // −2^63 is a REAL exactly, but SQLite's INTEGER (and NUMERIC) affinity leaves a REAL
        // at either end of the integer range a REAL: the down migration's copy gives it back
        // as -9.22337203685478e+18, not as the integer.
        let sql = format!(
            "SELECT total(NOT (CAST({c} AS REAL) = {c})), total({c} = -9223372036854775807 - 1) FROM {} WHERE typeof({c}) = 'integer'",
            quoted(on_file)
        );
        let counted = conn.query_row(&sql, [], |r| {
            Ok((r.get::<_, f64>(0)? as i64, r.get::<_, f64>(1)? as i64))
        });
        crate::damaged_file::note(&counted, path, &mut damaged);
        let Ok((rounded, smallest)) = counted else {
            continue;
        };
        if rounded == 0 && smallest == 0 {
            continue;
        }
        let rows = |n: i64| {
            if n == 1 {
                "row holds an integer"
            } else {
                "rows hold integers"
            }
        };
        let edge = format!(
            "{smallest} {} -9223372036854775808, which a REAL holds exactly but which the down migration leaves a REAL in the integer column (SQLite's INTEGER affinity converts no REAL at the ends of the integer range)",
            if smallest == 1 { "row holds the integer" } else { "rows hold the integer" }
        );
        let message = match (rounded, smallest) {
            (0, _) => format!(
                "changing '{column}' to REAL does not give every integer back: {edge}"
            ),
            (n, 0) => format!(
                "changing '{column}' to REAL rounds values: {n} {} beyond what a REAL holds exactly (±2^53: 9007199254740993 becomes 9007199254740992), and the down migration cannot bring the digits back",
                rows(n)
            ),
            (n, _) => format!(
                "changing '{column}' to REAL rounds values: {n} {} beyond what a REAL holds exactly (±2^53: 9007199254740993 becomes 9007199254740992), and the down migration cannot bring the digits back; and {edge}",
                rows(n)
            ),
        };
        let issue = if allow_data_loss {
            Issue::warning(Code::TypeNarrowing, message)
                .suggest("check those values after the migration; the down migration gives them back rounded, or as REAL values")
        } else {
            refused = true;
            Issue::error(Code::TypeNarrowing, message)
                .suggest("keep the integer type (BIGINT holds them), or set allowDataLoss: true to accept the rounding")
        };
        report.push(issue.table(table).column(column));
    }
    // A damaged file is an error too: the generation stops there.
    refused |= damaged.is_some();
    crate::damaged_file::say(damaged, report);
    refused
}

/// Says, in the `DATA_LOSS` warning of each table of `dropped` (`dropTablesNotInSpec`), how many
/// rows of the database at `path` (read-only) go with it. Left as they are when the database
/// cannot be read.
pub fn count_dropped_rows(
    path: &str,
    dropped: &[&crate::introspect::ExistingTable],
    report: &mut Report,
) {
    if dropped.is_empty() {
        return;
    }
    let Ok(conn) = open_read_only(path) else {
        return;
    };
    let mut damaged = None;
    for t in dropped {
        let name = &t.table.name;
        let Some(w) = report.warnings.iter_mut().find(|w| {
            w.code == Code::DataLoss && w.column.is_none() && w.table.as_deref() == Some(name)
        }) else {
            continue;
        };
        let sql = format!("SELECT count(*) FROM \"{}\"", name.replace('"', "\"\""));
        let counted = conn.query_row(&sql, [], |r| r.get::<_, i64>(0));
        crate::damaged_file::note(&counted, path, &mut damaged);
        if let Ok(n) = counted {
            let rows = match n {
                0 => "no rows".to_string(),
                1 => "1 row".to_string(),
                n => format!("{n} rows"),
            };
            w.message = format!("{}; it holds {rows} now", w.message);
        }
    }
    crate::damaged_file::say(damaged, report);
}

/// What the [`not_null_elsewhere`] warning says, which [`count_nulls_elsewhere`] finds it by.
const NULL_ELSEWHERE: &str = "on a database where a row holds NULL there";

/// `NOT_NULL_WITHOUT_DEFAULT` for a column that a change to a database file makes NOT NULL
/// without a default: the rows of that file are tried (`ROWS_REFUSE_CHANGE`), but the
/// migration file is run on other copies too (the users' databases), where a row holding NULL
/// there makes the table's rebuild fail. [`count_nulls_elsewhere`] says what this file holds.
pub fn not_null_elsewhere(column: &str) -> Issue {
    Issue::warning(
        Code::NotNullWithoutDefault,
        format!("the column '{column}' becomes NOT NULL without a default: {NULL_ELSEWHERE} (another copy the migration file is run on), the table's rebuild fails (rolled back)"),
    )
    .column(column)
    .suggest("fill those rows first on every database the migration runs on, or give the column a default: the rebuild then writes it into the rows holding NULL")
}

/// Says, in each [`not_null_elsewhere`] warning, what the database at `path` (read-only)
/// holds: its table has no rows, or none holds NULL there, so the migration runs on it. A
/// warning whose column holds NULL in a row of this file is withdrawn: the trial's
/// `ROWS_REFUSE_CHANGE` says this file refuses the change. Left as they are when the database
/// cannot be read. (One read-only scan of one table, as [`count_filled_nulls`]'s.)
pub fn count_nulls_elsewhere(path: &str, on_file: Option<&Renames>, report: &mut Report) {
    let ours =
        |w: &Issue| w.code == Code::NotNullWithoutDefault && w.message.contains(NULL_ELSEWHERE);
    if !report.warnings.iter().any(ours) {
        return;
    }
    let Ok(conn) = open_read_only(path) else {
        return;
    };
    let mut damaged = None;
    report.warnings.retain_mut(|w| {
        let (true, Some(table), Some(column)) = (ours(w), &w.table, &w.column) else {
            return true;
        };
        let (table, column) = names_on_file(on_file, table, column);
        let sql = format!(
            "SELECT count(*), total({} IS NULL) FROM {}",
            quoted(column),
            quoted(table)
        );
        match conn.query_row(&sql, [], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, f64>(1)?))) {
            Ok((_, nulls)) if nulls > 0.0 => false,
            Ok((0, _)) => {
                w.message = format!(
                    "{}; this database's table has no rows now, so the migration runs on it",
                    w.message
                );
                true
            }
            Ok(_) => {
                w.message = format!(
                    "{}; no row of this database holds NULL there now, so the migration runs on it",
                    w.message
                );
                true
            }
            counted @ Err(_) => {
                crate::damaged_file::note(&counted, path, &mut damaged);
                true
            }
        }
    });
    crate::damaged_file::say(damaged, report);
}

/// What the [`one_value_referencing`] warning says, which [`count_rows_referencing`] finds it
/// by.
const REFUSED_UNLESS: &str = "refuses unless";

/// `ROWS_REFUSE_CHANGE` for a column added to `table` of a database file with one value for
/// every row (a constant default: [`crate::spec_change::one_value_for_every_row`]) and a
/// foreign key of its own: every row already there gets that value, which the foreign key
/// refuses on a database whose referenced table has no row of that key. The rows of this file
/// are tried (the trial's `ROWS_REFUSE_CHANGE`); this says it for the other copies the migration
/// file is run on. [`count_rows_referencing`] says what this file holds.
pub fn one_value_referencing(
    d: &dyn crate::dialect::Dialect,
    table: &crate::spec::Table,
    column: &crate::spec::Column,
) -> Option<Issue> {
    if matches!(column.default, None | Some(crate::spec::DefaultValue::Null)) {
        return None;
    }
    let fk = table
        .foreign_keys
        .iter()
        .find(|fk| matches!(&fk.columns[..], [c] if c.eq_ignore_ascii_case(&column.name)))?;
    let value = crate::spec_change::one_value_for_every_row(d, table, column)?;
    let referenced = fk.referenced_columns.first()?;
    Some(
        Issue::warning(
            Code::RowsRefuseChange,
            format!(
                "the new column '{}' gets {value} in every row already there, which its foreign key to '{}' {REFUSED_UNLESS} '{}' has a row whose '{referenced}' is {value}: on a database where '{}' has rows and '{}' has no such row, the migration fails (rolled back)",
                column.name, fk.referenced_table, fk.referenced_table, table.name, fk.referenced_table
            ),
        )
        .table(&table.name)
        .column(&column.name)
        .suggest(format!(
            "add the column nullable without the default, set the values the rows should reference, then make it NOT NULL in a later migration; or make sure every database the migration runs on has that row in '{}'",
            fk.referenced_table
        )),
    )
}

/// Says, in each [`one_value_referencing`] warning (and each of a column added NULL under a
/// CHECK that refuses NULL, `rows_refuse_hints::added_null_refused`), what the database at
/// `path` (read-only) holds: its table has no rows, or the referenced table has the row, so the
/// migration runs on it. A warning whose table's change the trial found refused (a `ROWS_REFUSE_CHANGE` of the
/// trial naming the table) is withdrawn: that one says it for this file. Left as they are when
/// the database cannot be read.
pub fn count_rows_referencing(path: &str, on_file: Option<&Renames>, report: &mut Report) {
    let null_refused = |w: &Issue| w.message.contains(crate::rows_refuse_hints::NULL_REFUSED);
    let ours = |w: &Issue| {
        w.code == Code::RowsRefuseChange
            && w.column.is_some()
            && (w.message.contains(REFUSED_UNLESS) || null_refused(w))
    };
    if !report.warnings.iter().any(ours) {
        return;
    }
    let refused: Vec<String> = (report.warnings.iter())
        .filter(|w| w.code == Code::RowsRefuseChange && w.column.is_none())
        .filter_map(|w| w.table.clone())
        .collect();
    let conn = open_read_only(path).ok();
    let mut damaged = None;
    report.warnings.retain_mut(|w| {
        let (true, Some(table)) = (ours(w), &w.table) else {
            return true;
        };
        if refused.iter().any(|r| r.eq_ignore_ascii_case(table)) {
            return false;
        }
        let on_file = on_file.map_or(table.as_str(), |r| r.table_on_file(table));
        let sql = format!("SELECT EXISTS (SELECT 1 FROM {})", quoted(on_file));
        let found = (conn.as_ref()).map(|c| c.query_row(&sql, [], |r| r.get::<_, bool>(0)));
        if let Some(counted) = &found {
            crate::damaged_file::note(counted, path, &mut damaged);
        }
        match found {
            Some(Ok(false)) => {
                w.message = format!(
                    "{}; this database's table has no rows now, so the migration runs on it",
                    w.message
                );
                true
            }
            // (Rows that a NULL refuses: the trial, had it run, said so.)
            Some(Ok(true)) if null_refused(w) => true,
            Some(Ok(true)) => {
                w.message = format!(
                    "{}; this database has that row, so the migration runs on it",
                    w.message
                );
                true
            }
            _ => true,
        }
    });
    crate::damaged_file::say(damaged, report);
}

/// What a column dropped with `allowDataLoss` says in its `DATA_LOSS` warning, which
/// [`count_dropped_values`] finds it by.
pub const DROPPED_WITH_EVERY_VALUE: &str = "is dropped with every value in it";

/// Says, in the `DATA_LOSS` warning of each column the migration drops (its message holds
/// [`DROPPED_WITH_EVERY_VALUE`]), how many rows of the database at `path` (read-only) hold a
/// value (not NULL) there: one read-only scan of one table, as [`count_dropped_rows`]'s.
/// Left as they are when the database cannot be read.
pub fn count_dropped_values(path: &str, on_file: Option<&Renames>, report: &mut Report) {
    if !report.warnings.iter().any(|w| {
        w.code == Code::DataLoss
            && w.column.is_some()
            && w.message.contains(DROPPED_WITH_EVERY_VALUE)
    }) {
        return;
    }
    let Ok(conn) = open_read_only(path) else {
        return;
    };
    let mut damaged = None;
    for w in &mut report.warnings {
        let (Code::DataLoss, Some(table), Some(column)) = (w.code, &w.table, &w.column) else {
            continue;
        };
        if !w.message.contains(DROPPED_WITH_EVERY_VALUE) {
            continue;
        }
        let (table, column) = names_on_file(on_file, table, column);
        let sql = format!(
            "SELECT count(*) FROM {} WHERE {} IS NOT NULL",
            quoted(table),
            quoted(column)
        );
        let counted = conn.query_row(&sql, [], |r| r.get::<_, i64>(0));
        crate::damaged_file::note(&counted, path, &mut damaged);
        if let Ok(n) = counted {
            let rows = match n {
                0 => "no row holds".to_string(),
                1 => "1 row holds".to_string(),
                n => format!("{n} rows hold"),
            };
            w.message = format!("{}; {rows} a value there now", w.message);
        }
    }
    crate::damaged_file::say(damaged, report);
}

/// The names the file has now (before the migration's renames) for the table and column the
/// spec calls `table` and `column`.
fn names_on_file<'a>(
    renames: Option<&'a Renames>,
    table: &'a str,
    column: &'a str,
) -> (&'a str, &'a str) {
    match renames {
        Some(r) => (r.table_on_file(table), r.column_on_file(table, column)),
        None => (table, column),
    }
}

/// The bytes of the database's pages as the engine sees them (its -wal included, wherever a
/// symbolic link puts that file).
fn database_bytes(conn: &rusqlite::Connection) -> rusqlite::Result<u64> {
    conn.query_row(
        "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
        [],
        |r| r.get::<_, i64>(0),
    )
    .map(|b| u64::try_from(b).unwrap_or(0))
}

/// Why the trial did not copy a database another connection locks.
const LOCKED: &str = "another connection holds a lock on it";

/// Why the trial did not copy the database, from SQLite's error.
fn why_not_read(e: rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            LOCKED.to_string()
        }
        _ if crate::damaged_file::is_damage(&e) => format!("{DAMAGED}: {e}"),
        _ => format!("it could not be read ({e})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database(name: &str, sql: &str) -> String {
        let dir = std::env::temp_dir().join(format!("mg-rows-trial-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("app.db");
        crate::sqlite_memory::open(&path)
            .unwrap()
            .execute_batch(sql)
            .unwrap();
        path.to_str().unwrap().to_string()
    }

    /// The first refusal's statement and message.
    fn first_refusal(path: &str, up: &[Vec<String>]) -> Option<(String, String)> {
        refusals(path, up, Default::default())
            .unwrap()
            .into_iter()
            .next()
            .map(|r| (r.statement, r.message))
    }

    #[test]
    fn every_block_the_rows_refuse_is_named_each_on_the_copy_as_the_failed_ones_left_it() {
        let path = database(
            "several",
            "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT); INSERT INTO t (a) VALUES ('x'), ('x');
             CREATE TABLE u (id INTEGER PRIMARY KEY, b TEXT); INSERT INTO u (b) VALUES (NULL);",
        );
        let up = vec![
            // Refused by a failed statement that leaves its SAVEPOINT open, with foreign keys
            // off and a temporary table of its own.
            vec![
                "PRAGMA foreign_keys = OFF;\nSAVEPOINT s;\nCREATE TEMP TABLE _mg_check (x);\nALTER TABLE t ADD COLUMN c TEXT;\nCREATE UNIQUE INDEX t_a ON t(a);\nRELEASE s;\nPRAGMA foreign_keys = ON;".to_string(),
            ],
            // Taken: rolled back with the failed block, t has no column c and no _mg_check.
            vec!["ALTER TABLE t ADD COLUMN c TEXT;\nCREATE TEMP TABLE _mg_check (x);\nDROP TABLE _mg_check;".to_string()],
            // Refused by an INSERT OR ROLLBACK, which ends the transaction itself.
            vec![
                "SAVEPOINT r;".to_string(),
                "CREATE TEMP TABLE _mg_n (nulls INTEGER CHECK (nulls = 0));\nINSERT OR ROLLBACK INTO _mg_n SELECT count(*) FROM u WHERE b IS NULL;\nRELEASE r;".to_string(),
            ],
            // A foreign key enforced again: the orphan is refused.
            vec!["CREATE TABLE v (id INTEGER PRIMARY KEY, t_id INTEGER REFERENCES t(id));\nINSERT INTO v (t_id) VALUES (99);".to_string()],
            // Schema, not rows: not a constraint's error.
            vec!["INSERT INTO t (nowhere) VALUES (1);".to_string()],
        ];
        let found = refusals(&path, &up, Default::default()).unwrap();
        let blocks: Vec<usize> = found.iter().map(|r| r.block).collect();
        assert_eq!(blocks, [0, 2, 3, 4], "{found:?}");
        assert_eq!(found[0].statement, "CREATE UNIQUE INDEX t_a ON t(a);");
        assert!(
            found[0].message.contains("UNIQUE constraint failed"),
            "{found:?}"
        );
        assert!(found[1].message.contains("nulls = 0"), "{found:?}");
        assert!(
            found[2].message.contains("FOREIGN KEY constraint failed"),
            "{found:?}"
        );
        assert_eq!(
            found.iter().map(|r| r.constraint).collect::<Vec<_>>(),
            [true, true, true, false]
        );
        // Nothing to say: nothing found.
        assert_eq!(
            refusals(&path, &up[1..2], Default::default()),
            Ok(Vec::new())
        );
    }

    #[test]
    fn the_statement_the_rows_refuse_is_named_and_the_file_is_not_written() {
        let path = database(
            "refused",
            "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT); INSERT INTO t (a) VALUES ('x'), ('x');",
        );
        let before = std::fs::read(&path).unwrap();
        let up = vec![vec![
            "CREATE INDEX t_a ON t(a);".to_string(),
            "CREATE UNIQUE INDEX t_a_unique ON t(a);".to_string(),
        ]];
        let (statement, message) = first_refusal(&path, &up).unwrap();
        assert_eq!(statement, "CREATE UNIQUE INDEX t_a_unique ON t(a);");
        assert!(message.contains("UNIQUE constraint failed"), "{message}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
        // In a block of several statements (a rebuild), the one that fails.
        let rebuild = vec![vec![
            "CREATE TABLE t_new (id INTEGER PRIMARY KEY, a TEXT UNIQUE);\nINSERT INTO t_new (id, a) SELECT id, a FROM t;\nDROP TABLE t;"
                .to_string(),
        ]];
        let (statement, message) = first_refusal(&path, &rebuild).unwrap();
        assert_eq!(statement, "INSERT INTO t_new (id, a) SELECT id, a FROM t;");
        assert!(
            message.contains("UNIQUE constraint failed: t_new.a"),
            "{message}"
        );
        // Rows the change takes: nothing to say.
        let fine = vec![vec!["CREATE INDEX t_a ON t(a);".to_string()]];
        assert_eq!(first_refusal(&path, &fine), None);
    }

    #[test]
    fn narrowed_values_the_cast_changes_are_counted() {
        let path = database(
            "narrowed",
            "CREATE TABLE s (id INTEGER PRIMARY KEY, active TEXT, score REAL, ok TEXT);
             INSERT INTO s (active, score, ok) VALUES ('true', 2.0, '10'), ('false', 2.5, '-3'), ('1', NULL, NULL), (NULL, 7, '0');",
        );
        let narrowing = |column: &str, from: &str, to: &str| {
            Issue::warning(
                Code::TypeNarrowing,
                format!(
                    "changing '{column}' from {from} to {to} can lose values that do not convert"
                ),
            )
            .table("s")
            .column(column)
            .suggest("check the converted values after the migration")
        };
        let mut report = Report::default();
        report.push(narrowing("active", "TEXT", "INTEGER"));
        report.push(narrowing("score", "REAL", "INTEGER"));
        report.push(narrowing("ok", "TEXT", "INTEGER"));
        let cast = |column: &str, from: &str| Narrowing {
            table: "s".into(),
            column: column.into(),
            from: from.into(),
            to: "INTEGER".into(),
        };
        let narrowed = [
            cast("active", "TEXT"),
            cast("score", "REAL"),
            cast("ok", "TEXT"),
        ];
        count_narrowed_values(&path, None, &narrowed, &mut report);
        let w = &report.warnings;
        // 'true' and 'false' are no numbers (the rebuild refuses them); '1' converts, NULL stays NULL.
        assert!(w[0].message.ends_with("can lose values that do not convert: 2 rows hold values that the conversion changes (CAST is given only text that is a number (other text, such as 'n/a', 'true', and '2.5' into an INTEGER, refuses the migration: see ROWS_REFUSE_CHANGE), and keeps of a number's text only the number: '01234' comes back as '1234')"), "{}", w[0].message);
        assert!(w[0]
            .suggestion
            .as_deref()
            .unwrap()
            .starts_with("convert those values yourself before the migration"));
        // 2.5 is cut to 2; 2.0 and 7 are whole.
        // A REAL column's numbers: the words are a number's, not text's.
        assert!(w[1].message.ends_with(": 1 row holds a value that the conversion changes (CAST cuts fractions, and holds a number beyond the integer range at its nearest end: 9223372036854775808.0 becomes 9223372036854775807, 1e30 too)"), "{}", w[1].message);
        // Every value converts: the warning is as it was.
        assert_eq!(
            w[2].message,
            "changing 'ok' from TEXT to INTEGER can lose values that do not convert"
        );
        assert_eq!(
            w[2].suggestion.as_deref(),
            Some("check the converted values after the migration")
        );

        // Bytes into TEXT: no byte value comes back as bytes (the down gives text), the one with
        // a zero byte not even as those bytes; the message is about bytes, not numbers.
        let path = database(
            "narrowed-blob",
            "CREATE TABLE s (id INTEGER PRIMARY KEY, data BLOB);
             INSERT INTO s (data) VALUES (X'00FF'), (X'616263'), (NULL);",
        );
        let mut report = Report::default();
        report.push(narrowing("data", "BLOB", "TEXT"));
        let bytes = Narrowing {
            table: "s".into(),
            column: "data".into(),
            from: "BLOB".into(),
            to: "TEXT".into(),
        };
        count_narrowed_values(&path, None, &[bytes], &mut report);
        assert!(report.warnings[0].message.ends_with(": 2 rows hold values that the conversion changes (CAST reads the bytes as text in the database's encoding: bytes that are not such text, or hold a zero byte, do not come back, and the down migration gives the column back text, not bytes)"), "{}", report.warnings[0].message);
    }

    #[test]
    fn numbers_whose_text_does_not_come_back_are_counted() {
        let path = database(
            "round_trip",
            "CREATE TABLE z (id INTEGER PRIMARY KEY, zip TEXT, price TEXT);
             INSERT INTO z (zip, price) VALUES ('01234', '12.50'), ('00501', '3'), ('4.0', '0.1'), ('  7', '2.5'), ('98101', NULL);",
        );
        let mut report = Report::default();
        for (column, to) in [("zip", "INTEGER"), ("price", "REAL")] {
            report.push(
                Issue::warning(Code::TypeNarrowing, format!("{column} narrows"))
                    .table("z")
                    .column(column),
            );
            let n = Narrowing {
                table: "z".into(),
                column: column.into(),
                from: "TEXT".into(),
                to: to.into(),
            };
            count_narrowed_values(&path, None, &[n], &mut report);
        }
        let w = &report.warnings;
        // '01234' -> '1234', '00501' -> '501', '4.0' -> '4', '  7' -> '7'; '98101' comes back.
        assert!(
            w[0].message.starts_with("zip narrows: 4 rows hold values"),
            "{}",
            w[0].message
        );
        // '12.50' -> '12.5', '3' -> '3.0'; '0.1' and '2.5' come back.
        assert!(
            w[1].message
                .starts_with("price narrows: 2 rows hold values"),
            "{}",
            w[1].message
        );
    }

    #[test]
    fn integers_a_real_cannot_hold_are_counted_and_refused_without_allow_data_loss() {
        let path = database(
            "to_real",
            "CREATE TABLE w (id INTEGER PRIMARY KEY, big INTEGER, small INTEGER);
             INSERT INTO w (big, small) VALUES (9007199254740993, 1), (9223372036854775807, -5), (3, NULL), (NULL, 9007199254740992);",
        );
        let columns = [
            ("w".to_string(), "big".to_string()),
            ("w".to_string(), "small".to_string()),
        ];
        let mut report = Report::default();
        assert!(count_inexact_reals(
            &path,
            None,
            &columns,
            false,
            &mut report
        ));
        assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
        let e = &report.errors[0];
        assert_eq!(
            (e.code, e.column.as_deref()),
            (Code::TypeNarrowing, Some("big"))
        );
        assert!(
            e.message
                .contains(": 2 rows hold integers beyond what a REAL holds exactly"),
            "{}",
            e.message
        );
        let mut report = Report::default();
        assert!(!count_inexact_reals(
            &path,
            None,
            &columns,
            true,
            &mut report
        ));
        assert_eq!((report.errors.len(), report.warnings.len()), (0, 1));
    }

    #[test]
    fn a_database_another_connection_locks_is_not_tried_and_does_not_hang() {
        let path = database(
            "locked",
            "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT); INSERT INTO t (a) VALUES ('x');",
        );
        // A writer holding an EXCLUSIVE lock (rollback journal): readers get SQLITE_BUSY.
        let writer = crate::sqlite_memory::open(&path).unwrap();
        writer
            .execute_batch("BEGIN EXCLUSIVE; INSERT INTO t (a) VALUES ('y');")
            .unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let p = path.clone();
        std::thread::spawn(move || {
            let up = vec![vec!["CREATE UNIQUE INDEX t_a ON t(a);".to_string()]];
            let _ = tx.send(refusals(&p, &up, Default::default()));
        });
        let answer = rx.recv_timeout(std::time::Duration::from_secs(20));
        assert_eq!(
            answer,
            Ok(Err(format!("the database was not copied: {LOCKED}"))),
            "the trial must give up on a locked database, saying why"
        );
        writer.execute_batch("ROLLBACK").unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_database_over_the_limit_through_a_symbolic_link_is_not_tried() {
        // The rows are in the -wal beside the real file (a writer keeps it open, with no
        // checkpoint), none beside the link.
        let path = database(
            "large_link",
            "PRAGMA journal_mode = WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB);",
        );
        let writer = crate::sqlite_memory::open(&path).unwrap();
        writer
            .execute_batch("PRAGMA wal_autocheckpoint = 0;")
            .unwrap();
        writer
            .execute(
                "INSERT INTO t (b) VALUES (zeroblob(?1))",
                [MAX_TRIAL_BYTES as i64 + 1],
            )
            .unwrap();
        let link = format!("{path}.link");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&path, &link).unwrap();
        assert!(std::fs::metadata(&path).unwrap().len() < MAX_TRIAL_BYTES);
        let up = vec![vec!["CREATE UNIQUE INDEX x ON nowhere(a);".to_string()]];
        assert_eq!(
            refusals(&link, &up, Default::default()),
            Err("the database was not copied: its pages take 17 MiB, more than the 16 MiB the trial copies".to_string())
        );
        drop(writer);
    }

    #[test]
    fn a_database_over_the_limit_is_not_tried() {
        let path = database("large", "CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB);");
        let conn = crate::sqlite_memory::open(&path).unwrap();
        conn.execute(
            "INSERT INTO t (b) VALUES (zeroblob(?1))",
            [MAX_TRIAL_BYTES as i64 + 1],
        )
        .unwrap();
        drop(conn);
        let up = vec![vec!["CREATE UNIQUE INDEX x ON nowhere(a);".to_string()]];
        assert_eq!(
            refusals(&path, &up, Default::default()),
            Err("the database was not copied: its pages take 17 MiB, more than the 16 MiB the trial copies".to_string())
        );
        // Said once, for the changed tables that have rows; nothing when none has.
        let changes = |tables: &[&str]| -> Vec<(String, String)> {
            tables
                .iter()
                .map(|t| (t.to_string(), String::new()))
                .collect()
        };
        crate::sqlite_memory::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE empty (id INTEGER PRIMARY KEY);")
            .unwrap();
        let said = refusal_warnings(&path, &up, &changes(&["t", "empty"]), None);
        assert_eq!(said.len(), 1, "{said:?}");
        assert_eq!(said[0].code, Code::RowsNotTried);
        assert_eq!(said[0].table.as_deref(), Some("t"));
        assert!(
            said[0].message.starts_with("the up migration was not tried on the rows of 't' (the database was not copied: its pages take 17 MiB, more than the 16 MiB the trial copies): "),
            "{}",
            said[0].message
        );
        assert_eq!(
            refusal_warnings(&path, &up, &changes(&["empty"]), None),
            Vec::new()
        );
        // The counts read one table each, whatever the file's size: an integer a REAL would
        // round is still refused.
        crate::sqlite_memory::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE n (id INTEGER PRIMARY KEY, q INTEGER); INSERT INTO n VALUES (1, 9007199254740993), (2, NULL);")
            .unwrap();
        let mut report = Report::default();
        let q = [("n".to_string(), "q".to_string())];
        assert!(count_inexact_reals(&path, None, &q, false, &mut report));
        assert!(
            report.errors[0]
                .message
                .contains("1 row holds an integer beyond"),
            "{:?}",
            report.errors
        );
        let mut report = Report::default();
        report.push(nulls_filled("n", "q", "0"));
        count_filled_nulls(&path, None, &mut report);
        assert!(
            report.warnings[0]
                .message
                .ends_with("(1 row holds NULL there now)"),
            "{:?}",
            report.warnings
        );
    }

    #[test]
    fn rows_can_refuse_only_what_tests_the_rows_already_there() {
        let block = |s: &[&str]| -> Vec<String> { s.iter().map(|x| x.to_string()).collect() };
        for (statements, refusable) in [
            (block(&["ALTER TABLE t ADD COLUMN z TEXT;"]), false),
            (
                block(&["-- t\nALTER TABLE t ADD COLUMN \"check\" TEXT NOT NULL DEFAULT 'x';"]),
                false,
            ),
            (
                block(&[
                    "CREATE INDEX i ON t(a);",
                    "DROP INDEX j;",
                    "ALTER TABLE t DROP COLUMN b;",
                ]),
                false,
            ),
            (block(&["CREATE UNIQUE INDEX i ON t(a);"]), true),
            (
                block(&["ALTER TABLE t ADD COLUMN z INTEGER DEFAULT 1 CHECK (z > 1);"]),
                true,
            ),
            (
                block(&["ALTER TABLE t ADD COLUMN p INTEGER DEFAULT 1 REFERENCES p(id);"]),
                true,
            ),
            (
                block(&["ALTER TABLE t ADD COLUMN z TEXT;", "SAVEPOINT _mg_rebuild;"]),
                true,
            ),
            (block(&["CREATE INDEX i ON t('unterminated);"]), true),
        ] {
            assert_eq!(rows_can_refuse(&statements), refusable, "{statements:?}");
        }
    }

    #[test]
    fn rows_not_tried_names_the_tables_whose_rows_could_refuse_their_change() {
        let path = database(
            "not_tried_tables",
            "CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB);
             CREATE TABLE \"odd \"\"name\"\"\" (id INTEGER PRIMARY KEY, a INTEGER);
             CREATE TABLE plain (id INTEGER PRIMARY KEY);
             CREATE TABLE empty (id INTEGER PRIMARY KEY, a INTEGER);
             INSERT INTO \"odd \"\"name\"\"\" (a) VALUES (1);
             INSERT INTO plain DEFAULT VALUES;",
        );
        let conn = crate::sqlite_memory::open(&path).unwrap();
        conn.execute(
            "INSERT INTO t (b) VALUES (zeroblob(?1))",
            [MAX_TRIAL_BYTES as i64 + 1],
        )
        .unwrap();
        let up: Vec<Vec<String>> = [
            "CREATE UNIQUE INDEX t_b ON t(b);",
            "ALTER TABLE \"odd \"\"name\"\"\" ADD COLUMN c INTEGER DEFAULT 0 CHECK (c > a);",
            "ALTER TABLE plain ADD COLUMN z TEXT;",
            "CREATE UNIQUE INDEX empty_a ON empty(a);",
        ]
        .iter()
        .map(|s| vec![s.to_string()])
        .collect();
        let changes: Vec<(String, String)> = ["t", "odd \"name\"", "plain", "empty"]
            .iter()
            .zip(&up)
            .map(|(t, block)| (t.to_string(), block.join("\n")))
            .collect();
        let said = refusal_warnings(&path, &up, &changes, None);
        assert_eq!(said.len(), 1, "{said:?}");
        assert_eq!(said[0].table, None);
        assert!(
            said[0].message.starts_with("the up migration was not tried on the rows of 't' and 'odd \"name\"' (the database was not copied: its pages take 17 MiB"),
            "{}",
            said[0].message
        );
        // Locked: not copied, and the rows are not counted (each count would wait for the
        // busy timeout), so every table whose change they could refuse is named.
        conn.execute_batch("BEGIN EXCLUSIVE; INSERT INTO plain DEFAULT VALUES;")
            .unwrap();
        let started = std::time::Instant::now();
        let said = refusal_warnings(&path, &up, &changes, None);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(
            said[0].message.starts_with(&format!("the up migration was not tried on the rows of 't', 'odd \"name\"' and 'empty' (the database was not copied: {LOCKED})")),
            "{}",
            said[0].message
        );
        conn.execute_batch("ROLLBACK;").unwrap();
    }
}
