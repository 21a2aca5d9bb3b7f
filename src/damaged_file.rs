//! A damaged database file said as such: `DB_UNREADABLE`, naming the file, with SQLite's own
//! words and what to do (check it with `PRAGMA integrity_check`, save what can be saved with the
//! `sqlite3` shell's `.recover`). A file whose `sqlite_master` still reads but whose other pages
//! are garbage (a disk fault, a stray write, a copy cut short) passes introspection; SQLite says
//! `SQLITE_CORRUPT` ("database disk image is malformed") or `SQLITE_NOTADB` only once a query
//! reads a damaged page: the rows trial, a count of rows, pull's look at the values. Each of those
//! places maps that error here, so that it is not taken for rows refusing a change, for our own
//! SQL being wrong (`GENERATED_SQL_REJECTED`) or left unsaid.
//!
//! The file is not checked up front: `PRAGMA quick_check` reads every page, and took about 30 ms
//! on a file of 1,000 empty tables with an index each (7 MiB) and about 0.5 s on 136 MiB of rows,
//! warm in the page cache, a cost every generation against a database would pay for a rare fault.

use crate::report::{Code, Issue, Report};

/// The words that start the reason a rows trial was not made when the copy of the file met a
/// damaged page (`rows_trial`): the rest is SQLite's message.
pub const DAMAGED: &str = "the database file is damaged";

/// Whether SQLite's error `e` says the file's pages are damaged: `SQLITE_CORRUPT` (a page that
/// is no b-tree page, a file shorter than its header says), `SQLITE_NOTADB` (a header whose
/// fields are garbage), or a read cut short by the end of the file (`SQLITE_IOERR_SHORT_READ`).
pub fn is_damage(e: &rusqlite::Error) -> bool {
    match e {
        rusqlite::Error::SqliteFailure(f, _) => {
            matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase
            ) || f.extended_code == rusqlite::ffi::SQLITE_IOERR_SHORT_READ
        }
        _ => false,
    }
}

/// The `DB_UNREADABLE` error for the file at `path`, damaged, as SQLite said it (`sqlite_says`:
/// its message, such as "database disk image is malformed").
pub fn damaged(path: &str, sqlite_says: &str) -> Issue {
    let shown = crate::report::clip(path);
    let quoted = format!("'{}'", path.replace('\'', "'\\''"));
    Issue::error(
        Code::DbUnreadable,
        format!("the database file is damaged: SQLite says \"{sqlite_says}\" while reading its pages ({shown}); the generator only reads it, and has not changed it"),
    )
    .suggest(format!(
        "check the file with sqlite3 {quoted} \"PRAGMA integrity_check\"; save what can be read with sqlite3 {quoted} .recover | sqlite3 recovered.db (or restore the file from a backup), then generate against the repaired file"
    ))
}

/// The `DB_UNREADABLE` error for the file at `path` whose stored schema SQLite refuses to load
/// (`sqlite_says`: "malformed database schema (…)"), in the words of [`damaged`]: its pages read,
/// but what `sqlite_master` holds does not make a schema (an index of a table that is not
/// there), which the same commands check and recover.
pub fn schema_refused(path: &str, sqlite_says: &str) -> Issue {
    let mut issue = damaged(path, sqlite_says);
    issue.message =
        issue
            .message
            .replacen("while reading its pages", "while loading its schema", 1);
    issue
}

/// The error of [`damaged`] when `e` is damage ([`is_damage`]), else `None`.
pub fn issue(path: &str, e: &rusqlite::Error) -> Option<Issue> {
    is_damage(e).then(|| damaged(path, &sqlite_words(e)))
}

/// SQLite's own message of `e` (rusqlite's text, which for a failure is SQLite's).
fn sqlite_words(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(message)) => message.clone(),
        rusqlite::Error::SqliteFailure(f, None) => f.to_string(),
        other => other.to_string(),
    }
}

/// When `result`, of a query on the file at `path`, failed because the file is damaged: keeps
/// the error of [`damaged`] in `found` (the first one met) and returns `true`, so that a count
/// that swallows its failures (a count not made leaves its warning as it was) still says it;
/// [`say`] puts it in the report.
pub fn note<T>(result: &rusqlite::Result<T>, path: &str, found: &mut Option<Issue>) -> bool {
    let Err(e) = result else {
        return false;
    };
    let Some(issue) = issue(path, e) else {
        return false;
    };
    found.get_or_insert(issue);
    true
}

/// Puts the error [`note`] kept in `report`, unless it says a file is damaged already.
pub fn say(found: Option<Issue>, report: &mut Report) {
    if let Some(issue) = found.filter(|_| !said(report)) {
        report.push(issue);
    }
}

/// Whether `report` already says that a file is damaged.
pub fn said(report: &Report) -> bool {
    report
        .errors
        .iter()
        .any(|i| i.code == Code::DbUnreadable && i.message.starts_with(DAMAGED))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corrupt_error_is_damage_and_a_constraint_is_not() {
        let conn = crate::sqlite_memory::open_in_memory().unwrap();
        let constraint = conn
            .execute_batch("CREATE TABLE t (a NOT NULL); INSERT INTO t VALUES (NULL);")
            .unwrap_err();
        assert!(!is_damage(&constraint));
        assert!(issue("/x.db", &constraint).is_none());
        let corrupt = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
            Some("database disk image is malformed".into()),
        );
        let said = issue("/data/it's.db", &corrupt).unwrap();
        assert_eq!(said.code, Code::DbUnreadable);
        assert!(said.message.starts_with(DAMAGED), "{}", said.message);
        assert!(said
            .message
            .contains("\"database disk image is malformed\""));
        assert!(said.message.contains("/data/it's.db"));
        let hint = said.suggestion.unwrap_or_default();
        assert!(
            hint.contains(r#"sqlite3 '/data/it'\''s.db' "PRAGMA integrity_check""#),
            "{hint}"
        );
        assert!(hint.contains(".recover"), "{hint}");
    }
}
