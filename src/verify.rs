//! The full check of generated SQL before it is returned (`selfCheck: 'full'`, the default, and
//! every migration that changes an existing database; see `spec::SelfCheck`): SQLite migrations run
//! for real (up, then down, which must give back the starting schema; ALTER migrations also up
//! once more) on an in-memory database of the bundled engine; PostgreSQL and MySQL statements
//! are parsed by sqlparser, and MySQL output is searched for forms only MariaDB accepts.

use rusqlite::Connection;
use sqlparser::dialect::{Dialect as ParserDialect, MySqlDialect};
use sqlparser::keywords::Keyword;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};

/// A generated statement that failed its check.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckFailure {
    /// Which migration: "up", "down" or "up after down", or [`EXISTING_SCHEMA`].
    pub phase: &'static str,
    /// The statement.
    pub statement: String,
    /// What the engine or parser said.
    pub message: String,
}

/// The phase of a [`CheckFailure`] in the existing database's own schema, which the check runs
/// first: SQLite cannot load it as it is stored (a malformed file), whatever the migration says.
pub const EXISTING_SCHEMA: &str = "existing schema";

fn failure(phase: &'static str, statement: &str, message: impl ToString) -> CheckFailure {
    CheckFailure {
        phase,
        statement: crate::report::clip(statement),
        message: message.to_string(),
    }
}

/// Parses every statement with the dialect's parser; with `mysql_only`, also refuses the
/// forms only MariaDB accepts (from the same tokens).
pub fn parse_all(
    dialect: &(dyn ParserDialect + Sync),
    up: &[Vec<String>],
    down: &[Vec<String>],
) -> Result<(), CheckFailure> {
    parse_statements(dialect, up, down, false)
}

/// Keyword sequences MariaDB accepts and MySQL 8.0 rejects.
const MARIADB_ONLY: &[&[Keyword]] = &[
    &[Keyword::INDEX, Keyword::IF],
    &[Keyword::KEY, Keyword::IF],
    &[Keyword::COLUMN, Keyword::IF],
    &[Keyword::CONSTRAINT, Keyword::IF],
    &[Keyword::FOREIGN, Keyword::KEY, Keyword::IF],
    &[Keyword::CHECK, Keyword::IF],
    &[Keyword::ALTER, Keyword::TABLE, Keyword::IF],
    &[Keyword::CREATE, Keyword::OR, Keyword::REPLACE],
];

/// Parses MySQL statements and refuses MariaDB-only syntax (string literals are not looked at).
pub fn parse_mysql(up: &[Vec<String>], down: &[Vec<String>]) -> Result<(), CheckFailure> {
    parse_statements(&MySqlDialect {}, up, down, true)
}

fn parse_statements(
    dialect: &(dyn ParserDialect + Sync),
    up: &[Vec<String>],
    down: &[Vec<String>],
    mysql_only: bool,
) -> Result<(), CheckFailure> {
    let all: Vec<(&'static str, &String)> = up
        .iter()
        .flatten()
        .map(|s| ("up", s))
        .chain(down.iter().flatten().map(|s| ("down", s)))
        .collect();
    let batches: Vec<&[(&'static str, &String)]> = all.chunks(64).collect();
    in_parallel(&batches, |batch| {
        for (phase, s) in batch.iter() {
            // PostgreSQL's foreign key of a CREATE migration, in a `DO` block sqlparser does not
            // read: its condition's query and its statement are parsed instead.
            let unwrapped;
            let s = match crate::dialect::postgres_guarded_foreign_key(s) {
                Some((condition, statement)) if !mysql_only => {
                    unwrapped = [condition, ";\n", statement].concat();
                    &unwrapped
                }
                _ => s.as_str(),
            };
            let mut tokens = crate::quick_tokens::significant_tokens(dialect, s)
                .map_err(|e| failure(phase, s, e))?;
            crate::quick_tokens::keywords_standing_as_names(dialect, &mut tokens);
            if mysql_only {
                crate::quick_tokens::mysql_operators_for_parse(&mut tokens);
                if let Some(problem) = mariadb_only_in(tokens.iter().map(|t| &t.token)) {
                    return Err(failure(phase, s, problem));
                }
                // Only a migration from previousSpec writes one (a byte search, not a pass over
                // the tokens, on the measured path of every MySQL check).
                if s.contains(" RENAME INDEX ") {
                    drop_read_word_by_word(&mut tokens, is_rename_index);
                }
            } else if s.contains("ALTER SEQUENCE ") {
                // The same for PostgreSQL's `ALTER SEQUENCE … AS` (an auto-increment column's
                // type change, from previousSpec).
                drop_read_word_by_word(&mut tokens, is_sequence_retype);
            }
            parse_each(&mut Parser::new(dialect).with_tokens_with_locations(tokens))
                .map_err(|e| failure(phase, s, e))?;
        }
        Ok(())
    })
}

/// Parses the parser's statements as `Parser::parse_statements` does (separated by semicolons,
/// empty ones skipped), dropping each syntax tree as soon as it is made instead of collecting
/// them: a `Statement` is 2.7 KB, and the collecting vector allocated room for four of them for
/// every checked statement. One difference, on the strict side: `parse_statements` ends early,
/// accepting the rest unread, at an `END` after a statement (for procedural blocks); here that
/// is an error like any other token where a statement should end.
fn parse_each(parser: &mut Parser) -> Result<(), sqlparser::parser::ParserError> {
    let mut expecting_delimiter = false;
    loop {
        while parser.consume_token(&Token::SemiColon) {
            expecting_delimiter = false;
        }
        if parser.peek_token_ref().token == Token::EOF {
            return Ok(());
        }
        if expecting_delimiter {
            return parser.expected("end of statement", parser.peek_token());
        }
        parser.parse_statement()?;
        expecting_delimiter = true;
    }
}

/// Takes out of `tokens` each statement that `read` accepts (a form sqlparser does not read,
/// checked word by word instead), with its `;`.
fn drop_read_word_by_word(tokens: &mut Vec<TokenWithSpan>, read: fn(&[TokenWithSpan]) -> bool) {
    let mut kept = Vec::with_capacity(tokens.len());
    let mut statement = Vec::new();
    for t in tokens.drain(..) {
        let end = t.token == Token::SemiColon;
        statement.push(t);
        if end {
            if !read(&statement) {
                kept.append(&mut statement);
            }
            statement.clear();
        }
    }
    if !read(&statement) {
        kept.append(&mut statement);
    }
    *tokens = kept;
}

/// The statement's tokens but its `;` and whitespace (which `significant_tokens` keeps when it
/// falls back to sqlparser's tokenizer, for a statement of the same text holding a regular
/// expression operator, an exponent or a backslash).
fn words(statement: &[TokenWithSpan]) -> impl Iterator<Item = &Token> {
    statement
        .iter()
        .map(|t| &t.token)
        .filter(|t| !matches!(t, Token::SemiColon | Token::Whitespace(_)))
}

/// Whether the tokens are `ALTER SEQUENCE s AS SMALLINT|INTEGER|BIGINT` (PostgreSQL 10 on),
/// which sqlparser does not read: checked here, word by word, as nothing else can stand in it.
fn is_sequence_retype(statement: &[TokenWithSpan]) -> bool {
    use Keyword::*;
    reads_as(
        statement,
        &[
            Word::Keyword(&[ALTER]),
            Word::Keyword(&[SEQUENCE]),
            Word::Name,
            Word::Keyword(&[AS]),
            Word::Keyword(&[SMALLINT, INTEGER, BIGINT]),
        ],
    )
}

/// Whether the tokens are `ALTER TABLE t RENAME INDEX a TO b` (and an optional `;`), which
/// MySQL (5.7 on) and MariaDB (10.5.2 on) take and sqlparser does not read: checked here, word
/// by word, as nothing else can stand in it.
fn is_rename_index(statement: &[TokenWithSpan]) -> bool {
    use Keyword::*;
    reads_as(
        statement,
        &[
            Word::Keyword(&[ALTER]),
            Word::Keyword(&[TABLE]),
            Word::Name,
            Word::Keyword(&[RENAME]),
            Word::Keyword(&[INDEX]),
            Word::Name,
            Word::Keyword(&[TO]),
            Word::Name,
        ],
    )
}

/// One word of a statement read word by word.
enum Word {
    /// One of these keywords, unquoted.
    Keyword(&'static [Keyword]),
    /// Any name (a word, quoted or not).
    Name,
}

/// Whether the statement's words (but its `;` and whitespace) are `pattern`'s, and no more.
fn reads_as(statement: &[TokenWithSpan], pattern: &[Word]) -> bool {
    let mut tokens = words(statement);
    pattern.iter().all(|p| match (p, tokens.next()) {
        (Word::Keyword(k), Some(Token::Word(w))) => {
            k.contains(&w.keyword) && w.quote_style.is_none()
        }
        (Word::Name, Some(Token::Word(_))) => true,
        _ => false,
    }) && tokens.next().is_none()
}

/// The MariaDB-only form a MySQL statement uses, if any.
pub fn mariadb_only_form(statement: &str) -> Option<String> {
    let tokens = Tokenizer::new(&MySqlDialect {}, statement)
        .tokenize()
        .ok()?;
    mariadb_only_in(tokens.iter())
}

fn mariadb_only_in<'a>(tokens: impl Iterator<Item = &'a Token>) -> Option<String> {
    // One pass over the keyword of each unquoted word, as the tokenizer found it (anything else
    // but whitespace is NoKeyword, which matches no pattern), remembering the last two: the
    // patterns are matched where they would end, at an IF or a REPLACE. Comparing keywords, not
    // texts, keeping no list of them, and not at every word: this scan runs over every MySQL
    // statement (comparing texts was 6% of a MySQL generation's instructions; collecting the
    // keywords and trying every pattern at every position, 5.7%).
    const LONGEST: usize = 3;
    debug_assert!(MARIADB_ONLY
        .iter()
        .all(|p| p.len() <= LONGEST && matches!(p.last(), Some(Keyword::IF | Keyword::REPLACE))));
    let mut found = [false; MARIADB_ONLY.len()];
    let mut last = [Keyword::NoKeyword; LONGEST];
    let mut seen = 0usize;
    let mut first_two = [Keyword::NoKeyword; 2];
    let mut has_on = false;
    for t in tokens {
        let word = match t {
            Token::Word(w) if w.quote_style.is_none() => w.keyword,
            Token::Whitespace(_) => continue,
            _ => Keyword::NoKeyword,
        };
        last.rotate_left(1);
        last[LONGEST - 1] = word;
        if seen < 2 {
            first_two[seen] = word;
        }
        seen += 1;
        has_on |= word == Keyword::ON;
        // Every pattern ends in IF or REPLACE: the others are not looked at any further.
        if matches!(word, Keyword::IF | Keyword::REPLACE) {
            for (pattern, found) in MARIADB_ONLY.iter().zip(&mut found) {
                *found |= seen >= pattern.len() && last[LONGEST - pattern.len()..] == **pattern;
            }
        }
    }
    if let Some(pattern) = MARIADB_ONLY
        .iter()
        .zip(found)
        .find_map(|(p, f)| f.then_some(p))
    {
        let text: Vec<String> = pattern.iter().map(|k| format!("{k:?}")).collect();
        return Some(format!(
            "'{}' is MariaDB syntax that MySQL 8.0 rejects",
            text.join(" ")
        ));
    }
    if seen >= 2 && first_two == [Keyword::DROP, Keyword::INDEX] && !has_on {
        return Some("MySQL's DROP INDEX needs ON table".into());
    }
    None
}

/// The schema of a SQLite database, for comparing before and after.
fn sqlite_schema(conn: &Connection) -> rusqlite::Result<Vec<(String, String, Option<String>)>> {
    // `sqlite_sequence`, which SQLite makes with the first AUTOINCREMENT table, cannot be
    // dropped; dropping a table deletes its row there.
    let mut stmt = conn.prepare(
        "SELECT type, name, sql FROM sqlite_master WHERE name <> 'sqlite_sequence' ORDER BY type, name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

/// Runs up, then down (which must restore the starting schema exactly), then up again, on an
/// in-memory SQLite database that starts with `base` (the existing schema, for ALTER migrations).
pub fn execute_on_sqlite_from(
    base: &[String],
    up: &[String],
    down: &[String],
) -> Result<(), CheckFailure> {
    run_on_sqlite(base, up, down, true)
}

/// Runs the statements of `sql` one at a time, as `execute_batch` does, and on a failure gives
/// the one statement that failed (a SQLite rebuild is one string of several statements; naming
/// all of them hid which one the engine refused). A text that does not parse is named whole.
pub fn execute_each(conn: &Connection, sql: &str) -> Result<(), (String, rusqlite::Error)> {
    execute_each_counting(conn, sql).map_err(|(_, text, e)| (text, e))
}

/// [`execute_each`], also giving the failing statement's position among them (0 for the
/// first; the count of those run when the text that follows them does not parse).
pub fn execute_each_counting(
    conn: &Connection,
    sql: &str,
) -> Result<(), (usize, String, rusqlite::Error)> {
    use rusqlite::fallible_iterator::FallibleIterator;
    let mut batch = rusqlite::Batch::new(conn, sql);
    let mut index = 0;
    loop {
        let mut statement = match batch.next() {
            Ok(Some(statement)) => statement,
            Ok(None) => return Ok(()),
            Err(e) => return Err((index, sql.to_string(), e)),
        };
        let text = statement
            .expanded_sql()
            .map_or_else(|| sql.to_string(), |t| t.trim().to_string());
        let ran = statement.query([]).and_then(|mut rows| {
            while rows.next()?.is_some() {}
            Ok(())
        });
        ran.map_err(|e| (index, text, e))?;
        index += 1;
    }
}

/// [`execute_on_sqlite_from`], choosing whether foreign keys are enforced.
fn run_on_sqlite(
    base: &[String],
    up: &[String],
    down: &[String],
    foreign_keys: bool,
) -> Result<(), CheckFailure> {
    let conn = crate::sqlite_memory::open_in_memory().map_err(|e| failure("up", "", e))?;
    conn.execute_batch(if foreign_keys {
        "PRAGMA foreign_keys = ON;"
    } else {
        "PRAGMA foreign_keys = OFF;"
    })
    .map_err(|e| failure("up", "", e))?;
    for s in base {
        conn.execute_batch(s)
            .map_err(|e| failure(EXISTING_SCHEMA, s, e))?;
    }
    // Renames run first and are undone last. SQLite writes each name they rewrite in double
    // quotes (`CREATE TABLE "users"`, `REFERENCES "users"(id)`), so renaming and renaming back
    // gives the same objects in other texts: what the down must give back is the schema after
    // the renames and their undoing, compared exactly.
    // (The down's last block but for the blocks put around the drops of tables in a
    // foreign-key cycle: `crate::down::is_drop_wrapper`.)
    let renames = up.iter().find(|s| is_renames(s));
    let back = down.iter().rev().find(|s| is_renames(s));
    if let (Some(renames), Some(back)) = (renames, back) {
        execute_each(&conn, renames).map_err(|(one, e)| failure("up", &one, e))?;
        execute_each(&conn, back).map_err(|(one, e)| failure("down", &one, e))?;
    }
    // A rebuild of a table whose text names its columns through its name renames it away and
    // back (`diff::rebuild::rebuild_sql`), up or down: the schema to give back is the one after
    // that round trip, which writes in double quotes the names SQLite rewrote.
    let mut round_trips: Vec<&str> = up
        .iter()
        .chain(down)
        .flat_map(|block| block.lines())
        .filter_map(crate::diff::renamed_back_into_place)
        .collect();
    round_trips.sort_unstable();
    round_trips.dedup();
    for table in round_trips {
        let sql = format!(
            "PRAGMA legacy_alter_table = OFF; ALTER TABLE {table} RENAME TO _mg_old_{table}; ALTER TABLE _mg_old_{table} RENAME TO {table};"
        );
        execute_each(&conn, &sql).map_err(|(one, e)| failure("up", &one, e))?;
    }
    let before = sqlite_schema(&conn).map_err(|e| failure("up", "", e))?;
    let run = |phase: &'static str, statements: &[String]| -> Result<(), CheckFailure> {
        for s in statements {
            execute_each(&conn, s).map_err(|(one, e)| failure(phase, &one, e))?;
        }
        Ok(())
    };
    run("up", up)?;
    run("down", down)?;
    let after = sqlite_schema(&conn).map_err(|e| failure("down", "", e))?;
    if after != before {
        let differs = before
            .iter()
            .zip(&after)
            .find(|(a, b)| a != b)
            .map(|(a, _)| a.1.clone())
            .unwrap_or_default();
        return Err(failure(
            "down",
            "",
            format!(
                "the down migration does not restore the schema (first difference at '{differs}')"
            ),
        ));
    }
    run("up after down", up)
}

/// Whether `statement` is the renames a change of a SQLite database starts with, or their
/// undoing ([`crate::sqlite_renames`], in their SAVEPOINT).
fn is_renames(statement: &str) -> bool {
    statement.starts_with(crate::sqlite_renames::SAVEPOINT)
}

/// The fast path of a chunk: up, then down, each statement on its own as the file runs and as
/// the statement-by-statement check that decides a failure runs it ([`run_on_sqlite`]), after
/// which the database must be empty again — the state up started from, so running up again
/// would repeat the first run exactly and is not redone. `false` on any failure (the caller then
/// finds the failing statement). `spare` is a connection an earlier chunk left empty, used
/// instead of opening a new one; a connection is left there again only when this chunk passes
/// (the database is then verified empty: no object of any chunk is left in it), never after a
/// failure, which may leave part of a chunk made.
///
/// No transaction around the statements: inside one, SQLite opens a statement journal for each
/// DDL statement and copies into it every page the statement changes; and pages of 2,048 bytes
/// instead of 4,096 (SQLite zeroes a whole page for each new table and index, 3,000 of them in
/// a 1,000-table migration, and copies whole pages). Neither changes what SQLite accepts.
/// Measured together (callgrind, the chunk scripts of the bench's 1,000-table spec on the
/// bundled SQLite built with this crate's flags): 445 -> 432 M instructions per migration.
fn chunk_passes(spare: &mut Option<Connection>, up: &[String], down: &[String]) -> bool {
    let conn = match spare.take() {
        Some(conn) => conn,
        None => {
            let Ok(conn) = crate::sqlite_memory::open_in_memory() else {
                return false;
            };
            // Foreign keys off: a chunk holds only some of the tables, and with them on,
            // dropping a parent makes SQLite compile each child's other foreign keys, which may
            // name a table of another chunk ("no such table"). There are no rows, so enforcement
            // would check nothing. No automatic indexes: for each CREATE, SQLite plans its own
            // query on `sqlite_master` (reading the new rows back), and with them on the planner
            // weighs building one for it every time, to find a table scan cheaper; a plan is all
            // it changes, not what SQLite accepts (a C replay of the bench's 1,000-table chunk
            // scripts: 417.8 -> 415.3 M instructions per migration).
            if conn
                .execute_batch(
                    "PRAGMA page_size = 2048; PRAGMA journal_mode = OFF; PRAGMA foreign_keys = OFF; \
                     PRAGMA automatic_index = OFF;",
                )
                .is_err()
            {
                return false;
            }
            conn
        }
    };
    let run = |statements: &[String]| statements.iter().all(|s| conn.execute_batch(s).is_ok());
    let passed = run(up) && run(down) && holds_no_object(&conn).unwrap_or(false);
    if passed {
        *spare = Some(conn);
    }
    passed
}

/// Whether the main database of `conn` holds no table or view but `sqlite_sequence`, which the
/// first AUTOINCREMENT table makes and nothing drops (its rows go with their tables; counted, it
/// failed every chunk of AUTOINCREMENT tables over to the statement-by-statement run: 1,000
/// tables took 4× as long). An index or a trigger is dropped with its table, so none is left
/// without one. Asked of `PRAGMA main.table_list` rather than counted in `sqlite_master`: SQLite
/// compiles the statement again after every chunk (each changes the schema), and a pragma
/// compiles in half the instructions of that SELECT (a C replay of the bench's 1,000-table chunk
/// scripts: 17 k -> 8.5 k per chunk).
fn holds_no_object(conn: &Connection) -> rusqlite::Result<bool> {
    let mut stmt = conn.prepare("PRAGMA main.table_list")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let name = row.get_ref(1)?;
        if !matches!(
            name.as_str(),
            Ok("sqlite_schema" | "sqlite_master" | "sqlite_sequence")
        ) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Tables per in-memory database when a migration is checked in chunks (with each thread
/// reusing its connection, chunks of 1 to 8 tables measured alike, 16 and 32 slower; since
/// SQLite's DROPs lost their auto-vacuum UPDATE, 4 was about 4% faster than 8). 2, not 4: each
/// CREATE and DROP scans the rows of `sqlite_master` and rebalances its pages, fewer with two
/// tables in it than with four (a C replay of the bench's 1,000-table chunk scripts on the
/// bundled SQLite: 430 -> 422 M instructions per call; 1 table 426 M, 3 tables 422 M).
const CHUNK: usize = 2;

/// A migration of at most this many tables is checked in one database, with foreign keys on and
/// up run again after down, however small the chunks are.
const ONE_DATABASE_UP_TO: usize = 4;

/// Checks a migration given as blocks. Executing DDL on SQLite grows quadratically with the
/// number of tables in one database (each CREATE rescans the schema), so a migration that
/// only creates tables — one up block per table, undone by one down block, in reverse — is
/// checked in chunks of small databases, which keeps the check linear. SQLite needs no
/// referenced table to exist when a table is created or dropped, so the chunks are independent.
/// Anything else (a base schema, ALTER steps) runs in one database.
pub fn execute_blocks_on_sqlite(
    base: &[String],
    up: &[Vec<String>],
    down: &[Vec<String>],
) -> Result<(), CheckFailure> {
    if up.iter().chain(down).all(Vec::is_empty) {
        // Nothing to run (every table already matches): nothing to check.
        return Ok(());
    }
    let Some(chunked_down) = chunkable_down(base, up, down) else {
        let flat = |b: &[Vec<String>]| b.iter().flatten().cloned().collect::<Vec<_>>();
        return execute_on_sqlite_from(base, &flat(up), &flat(down));
    };
    let n = up.len();
    let check = |spare: &mut Option<Connection>,
                 &(start, end): &(usize, usize)|
     -> Result<(), CheckFailure> {
        let up_chunk: Vec<String> = up[start..end].iter().flatten().cloned().collect();
        let down_chunk: Vec<String> = chunked_down[n - end..n - start]
            .iter()
            .flat_map(|b| b.iter())
            .cloned()
            .collect();
        if chunk_passes(spare, &up_chunk, &down_chunk) {
            return Ok(());
        }
        // Run it again statement by statement to say which one fails.
        run_on_sqlite(&[], &up_chunk, &down_chunk, false)
    };
    in_parallel_with(&chunks(n), || None, check)
}

/// The down blocks to check chunk by chunk (one per up block, in reverse), or `None` when the
/// migration must run in one database: a base schema, ALTER steps, or too few tables to split.
/// A down migration whose drops run with foreign keys off or deferred (a cycle) has blocks put
/// around them ([`crate::down::is_drop_wrapper`]); chunks run with foreign keys off anyway, so
/// they leave those out.
fn chunkable_down<'a>(
    base: &[String],
    up: &[Vec<String>],
    down: &'a [Vec<String>],
) -> Option<Vec<&'a Vec<String>>> {
    let n = up.len();
    if !base.is_empty() || n <= ONE_DATABASE_UP_TO || down.len() < n {
        return None;
    }
    let chunked_down: Vec<&Vec<String>> = down
        .iter()
        .filter(|b| !crate::down::is_drop_wrapper(b))
        .collect();
    (chunked_down.len() == n).then_some(chunked_down)
}

/// The ranges of up blocks checked together: `CHUNK` tables each, the last one shorter.
fn chunks(n: usize) -> Vec<(usize, usize)> {
    (0..n)
        .step_by(CHUNK)
        .map(|s| (s, (s + CHUNK).min(n)))
        .collect()
}

/// Runs `f` over the items on two threads when there are enough of them to pay for one (the
/// machine this is built for has two cores) and `parallel::may_share`; the first failure in item
/// order wins. The threads take the next item from a shared counter, so that heavy items (CREATE
/// TABLE) and light ones (DROP) are shared out evenly whatever their order; after a failure,
/// items past it are not started.
pub fn in_parallel<T: Sync>(
    items: &[T],
    f: impl Fn(&T) -> Result<(), CheckFailure> + Sync,
) -> Result<(), CheckFailure> {
    in_parallel_with(items, || (), |_, item| f(item))
}

/// [`in_parallel`] with a state of each thread's own (made by `state` when the thread starts),
/// which `f` may keep from one item to the next.
pub fn in_parallel_with<T: Sync, S>(
    items: &[T],
    state: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, &T) -> Result<(), CheckFailure> + Sync,
) -> Result<(), CheckFailure> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    if items.len() < 8 || !crate::parallel::may_share() {
        let mut own = state();
        return items.iter().try_for_each(|item| f(&mut own, item));
    }
    let next = AtomicUsize::new(0);
    // The index of the first failing item seen so far (items.len() while none failed).
    let failed_at = AtomicUsize::new(items.len());
    let work = || -> Option<(usize, CheckFailure)> {
        let mut first: Option<(usize, CheckFailure)> = None;
        let mut own = state();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= items.len() || i > failed_at.load(Ordering::Relaxed) {
                return first;
            }
            if let Err(e) = f(&mut own, &items[i]) {
                failed_at.fetch_min(i, Ordering::Relaxed);
                if first.as_ref().is_none_or(|(j, _)| i < *j) {
                    first = Some((i, e));
                }
            }
        }
    };
    let (mine, other) = std::thread::scope(|scope| {
        let other = scope.spawn(work);
        let mine = work();
        (mine, other.join())
    });
    let other = other.map_err(|_| failure("up", "", "the checking thread panicked"))?;
    match (mine, other) {
        (Some((i, a)), Some((j, b))) => Err(if i < j { a } else { b }),
        (Some((_, e)), None) | (None, Some((_, e))) => Err(e),
        (None, None) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whatever thread reaches a failure first, the failure reported is the first in item
    /// order, and every item before it is run.
    /// `parse_each` accepts and refuses what `parse_statements` does (the one exception, an
    /// `END` after a statement, is refused here and accepted there), with the same message.
    #[test]
    fn rename_index_is_read_word_by_word_and_nothing_else_passes_as_it() {
        let read = |sql: &str| {
            let tokens = crate::quick_tokens::significant_tokens(&MySqlDialect {}, sql).unwrap();
            is_rename_index(&tokens)
        };
        assert!(read("ALTER TABLE users RENAME INDEX email TO mail;"));
        assert!(read("ALTER TABLE `order` RENAME INDEX `a b` TO `c``d`"));
        assert!(!read(
            "ALTER TABLE users RENAME INDEX email TO mail; DROP TABLE users;"
        ));
        assert!(!read(
            "ALTER TABLE users RENAME INDEX email TO mail, DROP COLUMN x;"
        ));
        assert!(!read("ALTER TABLE users RENAME COLUMN email TO mail;"));
        assert!(!read("ALTER TABLE users RENAME INDEX email;"));
        assert!(parse_mysql(
            &[vec![
                "ALTER TABLE users RENAME INDEX email TO mail;".to_string()
            ]],
            &[]
        )
        .is_ok());
        assert!(parse_mysql(
            &[vec![
                "ALTER TABLE users RENAME INDEX email TO mail garbage;".to_string()
            ]],
            &[]
        )
        .is_err());
        // Among the other statements of a block, which are parsed as usual.
        assert!(parse_mysql(
            &[vec!["ALTER TABLE users RENAME TO people;\nALTER TABLE people RENAME INDEX email TO mail;\nALTER TABLE people RENAME COLUMN id TO uid;".to_string()]],
            &[]
        )
        .is_ok());
        assert!(parse_mysql(
            &[vec!["ALTER TABLE people RENAME INDEX email TO mail;\nALTER TABLE people RENAME COLUMN id uid;".to_string()]],
            &[]
        )
        .is_err());
        // With a statement that sends the block through sqlparser's tokenizer.
        for other in [
            "ALTER TABLE people ADD CONSTRAINT ck CHECK (v <=> 1);",
            "ALTER TABLE people ADD CONSTRAINT ck CHECK (v < 1e5);",
            "ALTER TABLE people MODIFY COLUMN v TEXT DEFAULT ('\\\\');",
        ] {
            let block = format!("ALTER TABLE people RENAME INDEX email TO mail;\n{other}");
            assert!(parse_mysql(&[vec![block.clone()]], &[]).is_ok(), "{block}");
        }
    }

    #[test]
    fn sequence_retype_is_read_word_by_word_and_nothing_else_passes_as_it() {
        use sqlparser::dialect::PostgreSqlDialect;
        let read = |sql: &str| {
            let tokens =
                crate::quick_tokens::significant_tokens(&PostgreSqlDialect {}, sql).unwrap();
            is_sequence_retype(&tokens)
        };
        assert!(read("ALTER SEQUENCE users_id_seq AS BIGINT;"));
        assert!(read("ALTER SEQUENCE \"a b_id_seq\" AS INTEGER"));
        assert!(read("ALTER SEQUENCE s AS SMALLINT;"));
        assert!(!read("ALTER SEQUENCE s AS TEXT;"));
        assert!(!read("ALTER SEQUENCE s AS \"BIGINT\";"));
        assert!(!read("ALTER SEQUENCE s AS BIGINT; DROP TABLE users;"));
        assert!(!read("ALTER SEQUENCE s AS BIGINT RESTART;"));
        assert!(!read("ALTER SEQUENCE s RENAME TO t;"));
        let pg = |sql: &str| parse_all(&PostgreSqlDialect {}, &[vec![sql.to_string()]], &[]);
        // Among the other statements of a block, which are parsed as usual.
        assert!(pg("ALTER TABLE users ALTER COLUMN id TYPE BIGINT;\nALTER SEQUENCE users_id_seq AS BIGINT;\nALTER TABLE users RENAME TO people;").is_ok());
        assert!(pg(
            "ALTER SEQUENCE users_id_seq AS BIGINT;\nALTER TABLE people RENAME COLUMN id uid;"
        )
        .is_err());
        assert!(pg("ALTER SEQUENCE users_id_seq AS BIGINT garbage;").is_err());
        // In a block whose text sends it through sqlparser's tokenizer, which keeps whitespace
        // (a regular expression, an exponent, a backslash: found by a review).
        for other in [
            "ALTER TABLE users ADD CONSTRAINT ck CHECK (v ~ '^[a-z]+$');",
            "ALTER TABLE users ADD CONSTRAINT ck CHECK (v < 1e5);",
            "ALTER TABLE users ALTER COLUMN v SET DEFAULT E'\\\\';",
        ] {
            let block = format!("ALTER SEQUENCE users_id_seq AS BIGINT;\n{other}");
            assert!(pg(&block).is_ok(), "{block}");
            let block = format!("ALTER SEQUENCE users_id_seq AS BIGINT garbage;\n{other}");
            assert!(pg(&block).is_err(), "{block}");
        }
    }

    #[test]
    fn parse_each_agrees_with_parse_statements() {
        use sqlparser::dialect::PostgreSqlDialect;
        let pg = PostgreSqlDialect {};
        let cases = [
            "",
            ";",
            ";;",
            "CREATE TABLE t (a INT);",
            "CREATE TABLE t (a INT)",
            "DROP TABLE a; DROP TABLE b;",
            ";DROP TABLE a;;DROP TABLE b",
            "DROP TABLE a DROP TABLE b",
            "CREATE TABLE t (a INT,);",
            "CREATE TABLE t (a INT));",
            "SELECT 1 2",
            "CREATE INDEX i ON t (a) WHERE",
        ];
        for sql in cases {
            let tokens = || Tokenizer::new(&pg, sql).tokenize().unwrap();
            let theirs = Parser::new(&pg).with_tokens(tokens()).parse_statements();
            let ours = parse_each(&mut Parser::new(&pg).with_tokens(tokens()));
            assert_eq!(
                ours.map_err(|e| e.to_string()),
                theirs.map(|_| ()).map_err(|e| e.to_string()),
                "{sql:?}"
            );
        }
        let with_end = "DROP TABLE a; DROP TABLE b END";
        let tokens = Tokenizer::new(&pg, with_end).tokenize().unwrap();
        assert!(parse_each(&mut Parser::new(&pg).with_tokens(tokens)).is_err());
    }

    /// MySQL's MOD, prefix BINARY and SOUNDS LIKE, which sqlparser does not read, pass the
    /// self-check of the generated MySQL (rewritten for the parse only), and BINARY as a column
    /// type or a cast, or a column called sounds, is read as before.
    #[test]
    fn mysql_only_operators_pass_the_self_check() {
        let up = |sql: &str| vec![vec![sql.to_string()]];
        for sql in [
            "ALTER TABLE `t` ADD CONSTRAINT `c` CHECK (a MOD 2 = 0)",
            "ALTER TABLE `t` ADD CONSTRAINT `c` CHECK (BINARY code = UPPER(code))",
            "ALTER TABLE `t` ADD CONSTRAINT `c` CHECK (name SOUNDS LIKE 'x')",
            "CREATE TABLE `t` (`id` BINARY(16) NOT NULL, `b` BINARY NOT NULL, `sounds` VARCHAR(9), CHECK (CAST(`b` AS BINARY) <> '' AND sounds LIKE 'x' AND MOD(id, 2) = 0))",
        ] {
            assert!(parse_mysql(&up(sql), &[]).is_ok(), "{sql}");
        }
        assert!(parse_mysql(
            &up("ALTER TABLE `t` ADD CONSTRAINT `c` CHECK (name NOT SOUNDS LIKE 'x')"),
            &[]
        )
        .is_err());
    }

    #[test]
    fn in_parallel_reports_the_first_failure_in_order() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let items: Vec<usize> = (0..200).collect();
        for failing in [vec![], vec![150], vec![3, 150], vec![199, 7, 8], vec![0]] {
            let ran = AtomicUsize::new(0);
            let result = in_parallel(&items, |&i| {
                ran.fetch_add(1, Ordering::Relaxed);
                if failing.contains(&i) {
                    Err(failure("up", &i.to_string(), "refused"))
                } else {
                    Ok(())
                }
            });
            match failing.iter().min() {
                None => {
                    assert_eq!(result, Ok(()));
                    assert_eq!(ran.load(Ordering::Relaxed), items.len());
                }
                Some(first) => {
                    assert_eq!(result.unwrap_err().statement, first.to_string());
                    assert!(ran.load(Ordering::Relaxed) > *first);
                }
            }
        }
    }

    #[test]
    fn mariadb_only_forms_are_found_outside_literals() {
        assert!(mariadb_only_form("CREATE INDEX IF NOT EXISTS i ON t(a);").is_some());
        assert!(mariadb_only_form("CREATE UNIQUE INDEX IF NOT EXISTS i ON t(a);").is_some());
        assert!(mariadb_only_form("DROP INDEX IF EXISTS i ON t;").is_some());
        assert!(mariadb_only_form("DROP INDEX i;").is_some());
        assert!(mariadb_only_form("ALTER TABLE t ADD COLUMN IF NOT EXISTS a INT;").is_some());
        assert!(mariadb_only_form("ALTER TABLE t DROP FOREIGN KEY IF EXISTS fk;").is_some());
        assert!(mariadb_only_form("DROP INDEX i ON t;").is_none());
        assert!(mariadb_only_form("CREATE TABLE t (a TEXT DEFAULT ('INDEX IF'));").is_none());
        // Keywords in any case; quoted names are not keywords.
        assert!(mariadb_only_form("create index if not exists i on t(a);").is_some());
        assert!(mariadb_only_form("Create Or Replace View v AS SELECT 1;").is_some());
        assert!(mariadb_only_form("drop index i;").is_some());
        assert!(mariadb_only_form("CREATE TABLE t (`index` INT, `if` INT);").is_none());
        assert_eq!(
            mariadb_only_form("ALTER TABLE t ADD CONSTRAINT IF NOT EXISTS c CHECK (a > 0);"),
            Some("'CONSTRAINT IF' is MariaDB syntax that MySQL 8.0 rejects".into())
        );
    }

    /// The one-pass scan finds what matching every pattern at every position finds (the way
    /// it was first written, kept here as the reference), with the same message, on statements
    /// made of the patterns' words, other words, quoted names and punctuation in any order.
    #[test]
    fn the_one_pass_scan_agrees_with_matching_every_window() {
        fn reference(tokens: &[Token]) -> Option<String> {
            let words: Vec<Keyword> = tokens
                .iter()
                .filter_map(|t| match t {
                    Token::Word(w) if w.quote_style.is_none() => Some(w.keyword),
                    Token::Whitespace(_) => None,
                    _ => Some(Keyword::NoKeyword),
                })
                .collect();
            for pattern in MARIADB_ONLY {
                if words.windows(pattern.len()).any(|w| w == *pattern) {
                    let text: Vec<String> = pattern.iter().map(|k| format!("{k:?}")).collect();
                    return Some(format!(
                        "'{}' is MariaDB syntax that MySQL 8.0 rejects",
                        text.join(" ")
                    ));
                }
            }
            if words.starts_with(&[Keyword::DROP, Keyword::INDEX]) && !words.contains(&Keyword::ON)
            {
                return Some("MySQL's DROP INDEX needs ON table".into());
            }
            None
        }
        let pieces = [
            "INDEX",
            "IF",
            "KEY",
            "COLUMN",
            "CONSTRAINT",
            "FOREIGN",
            "CHECK",
            "ALTER",
            "TABLE",
            "CREATE",
            "OR",
            "REPLACE",
            "DROP",
            "ON",
            "NOT",
            "EXISTS",
            "`if`",
            "t",
            "(",
            ")",
            ",",
            "'x'",
            " ",
            "\n",
        ];
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let mut found = 0;
        for _ in 0..20_000 {
            let len = 1 + next(9);
            let sql: Vec<&str> = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            let sql = sql.join(" ");
            let tokens = Tokenizer::new(&MySqlDialect {}, &sql).tokenize().unwrap();
            let expected = reference(&tokens);
            found += usize::from(expected.is_some());
            assert_eq!(mariadb_only_in(tokens.iter()), expected, "{sql:?}");
        }
        assert!(found > 500, "the statements hit the patterns ({found})");
    }

    #[test]
    fn sqlite_execution_reports_the_failing_statement() {
        let up = vec![
            "CREATE TABLE a (id INTEGER PRIMARY KEY);".to_string(),
            "CREATE INDEX i ON missing(x);".to_string(),
        ];
        let err = execute_on_sqlite_from(&[], &up, &[]).unwrap_err();
        assert_eq!(err.phase, "up");
        assert!(err.statement.contains("missing"));
    }

    /// A chunk of AUTOINCREMENT tables passes on the fast path: `sqlite_sequence`, which SQLite
    /// never drops, made every such chunk fall back to the statement-by-statement run (a bench
    /// found 1,000 tables 4× slower); a table the down leaves still fails it.
    #[test]
    fn a_chunk_of_autoincrement_tables_passes_on_the_fast_path() {
        let up: Vec<String> = (0..4)
            .map(|i| format!("CREATE TABLE t{i} (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);"))
            .collect();
        let down: Vec<String> = (0..4)
            .rev()
            .map(|i| format!("DROP TABLE IF EXISTS t{i};"))
            .collect();
        let mut spare = None;
        assert!(chunk_passes(&mut spare, &up, &down));
        assert!(spare.is_some(), "the connection is kept for the next chunk");
        // Again on the kept connection, where sqlite_sequence is left from the first chunk.
        assert!(chunk_passes(&mut spare, &up, &down));
        assert!(!chunk_passes(&mut spare, &up, &down[1..]));
    }

    /// The fast path runs each statement as the file runs and as the statement-by-statement
    /// check that decides runs it (no transaction around them): a statement SQLite refuses only
    /// inside a transaction passes both alike.
    #[test]
    fn the_fast_path_runs_statements_outside_a_transaction() {
        // A migration that brings its own transaction: SQLite refuses a BEGIN inside another.
        let up = vec![
            "BEGIN;".to_string(),
            "CREATE TABLE t (id INTEGER PRIMARY KEY);".into(),
            "COMMIT;".into(),
        ];
        let down = vec!["DROP TABLE IF EXISTS t;".to_string()];
        execute_on_sqlite_from(&[], &up, &down).unwrap();
        let mut spare = None;
        assert!(chunk_passes(&mut spare, &up, &down));
    }

    /// A chunk that fails part-way (its first tables made, without a transaction to undo them)
    /// fails the fast path and leaves no connection to reuse; a later chunk on a new one passes,
    /// and a failing chunk after a passing one on the kept connection is still caught.
    #[test]
    fn a_chunk_failing_part_way_is_caught_and_its_connection_dropped() {
        let up = |last: &str| {
            vec![
                "CREATE TABLE t0 (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);".to_string(),
                "CREATE INDEX i0 ON t0(v);".into(),
                last.to_string(),
            ]
        };
        let down = vec![
            "DROP TABLE IF EXISTS t1;".to_string(),
            "DROP TABLE IF EXISTS t0;".into(),
        ];
        let failing = up("CREATE TABLE t1 (id INTEGER PRIMARY KEY, CHECK (nosuch(id)));");
        let passing = up("CREATE TABLE t1 (id INTEGER PRIMARY KEY);");
        let mut spare = None;
        assert!(!chunk_passes(&mut spare, &failing, &down));
        assert!(spare.is_none(), "a failed chunk's connection is not reused");
        assert!(chunk_passes(&mut spare, &passing, &down));
        assert!(spare.is_some());
        assert!(!chunk_passes(&mut spare, &failing, &down));
        assert!(spare.is_none());
        // The same through the chunked check, which names the failing statement.
        let blocks: Vec<Vec<String>> = (0..12)
            .map(|i| {
                let check = if i == 9 { "nosuch(id)" } else { "id > 0" };
                vec![format!(
                    "CREATE TABLE t{i} (id INTEGER PRIMARY KEY, CHECK ({check}));"
                )]
            })
            .collect();
        let drops: Vec<Vec<String>> = (0..12)
            .rev()
            .map(|i| vec![format!("DROP TABLE IF EXISTS t{i};")])
            .collect();
        let err = execute_blocks_on_sqlite(&[], &blocks, &drops).unwrap_err();
        assert_eq!(err.phase, "up");
        assert!(err.statement.contains("t9"), "{err:?}");
        assert!(err.message.contains("nosuch"), "{err:?}");
    }

    #[test]
    fn chunked_check_runs_each_table_with_its_own_down() {
        let up: Vec<Vec<String>> = (0..40)
            .map(|i| {
                vec![format!(
                    "CREATE TABLE t{i} (id INTEGER PRIMARY KEY, p INTEGER REFERENCES t{} (id));",
                    (i + 39) % 40
                )]
            })
            .collect();
        let down: Vec<Vec<String>> = (0..40)
            .rev()
            .map(|i| vec![format!("DROP TABLE IF EXISTS t{i};")])
            .collect();
        execute_blocks_on_sqlite(&[], &up, &down).unwrap();
        let mut wrong = down.clone();
        wrong[5] = vec!["SELECT 1;".to_string()];
        assert_eq!(
            execute_blocks_on_sqlite(&[], &up, &wrong)
                .unwrap_err()
                .phase,
            "down"
        );
    }

    /// Tables referencing tables of other chunks with ON DELETE CASCADE, in a ring, with the
    /// down migration wrapped in foreign_keys OFF/ON: checked in chunks (so the check stays
    /// linear: one database of 2,000 tables takes seconds, each DDL statement rescanning the
    /// schema), the wrapper left out of the chunks, and the check passes.
    #[test]
    fn chunks_of_a_cascading_cycle() {
        let n = 2000;
        let up: Vec<Vec<String>> = (0..n)
            .map(|i| {
                vec![format!(
                    "CREATE TABLE t{i} (id INTEGER PRIMARY KEY, a INTEGER REFERENCES t{} (id) ON DELETE CASCADE, b INTEGER REFERENCES t{} (id) ON DELETE CASCADE);",
                    (i + 1) % n,
                    (i + n / 2) % n
                )]
            })
            .collect();
        let mut off: Vec<String> = vec!["PRAGMA foreign_keys = OFF;".into()];
        off.extend(
            crate::down::FOREIGN_KEYS_OFF_GUARD
                .iter()
                .map(|s| s.to_string()),
        );
        let mut down: Vec<Vec<String>> = vec![off];
        down.extend(
            (0..n)
                .rev()
                .map(|i| vec![format!("DROP TABLE IF EXISTS t{i};")]),
        );
        down.push(vec!["PRAGMA foreign_keys = ON;".into()]);
        let chunked = chunkable_down(&[], &up, &down).expect("checked in chunks");
        assert!(chunked.iter().copied().eq(&down[1..=n]));
        let ranges = chunks(n);
        assert_eq!(ranges.len(), n.div_ceil(CHUNK));
        assert!(ranges.iter().all(|(s, e)| e - s <= CHUNK));
        assert_eq!(ranges[0], (0, CHUNK));
        assert_eq!(ranges.last(), Some(&((n - 1) / CHUNK * CHUNK, n)));
        execute_blocks_on_sqlite(&[], &up, &down).unwrap();
        // A base schema or a count that is not one down block per table: one database.
        assert!(chunkable_down(&["CREATE TABLE b (x);".into()], &up, &down).is_none());
        assert!(chunkable_down(&[], &up, &down[1..n]).is_none());
        assert!(chunkable_down(&[], &up[..CHUNK], &down[1..=CHUNK]).is_none());
        // Up to ONE_DATABASE_UP_TO tables, one database (foreign keys on, up again after down),
        // whatever the chunks' size; one table more, chunks.
        let few = ONE_DATABASE_UP_TO;
        assert!(chunkable_down(&[], &up[..few], &down[n - few + 1..=n]).is_none());
        assert!(chunkable_down(&[], &up[..few + 1], &down[n - few..=n]).is_some());
    }

    /// The emptiness a passing chunk must leave: no table or view of any kind, `sqlite_sequence`
    /// aside; what goes with a table (its indexes, triggers) goes when it is dropped.
    #[test]
    fn holds_no_object_sees_every_kind_of_object_but_sqlite_sequence() {
        let conn = crate::sqlite_memory::open_in_memory().unwrap();
        assert!(holds_no_object(&conn).unwrap());
        for (make, undo) in [
            (
                "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT UNIQUE);",
                "DROP TABLE t;",
            ),
            (
                "CREATE TABLE w (id INTEGER PRIMARY KEY) WITHOUT ROWID;",
                "DROP TABLE w;",
            ),
            ("CREATE TABLE s (id INTEGER) STRICT;", "DROP TABLE s;"),
            ("CREATE VIEW v AS SELECT 1 AS one;", "DROP VIEW v;"),
            ("CREATE VIRTUAL TABLE f USING fts5(body);", "DROP TABLE f;"),
        ] {
            conn.execute_batch(make).unwrap();
            assert!(!holds_no_object(&conn).unwrap(), "{make}");
            conn.execute_batch(undo).unwrap();
            assert!(holds_no_object(&conn).unwrap(), "{undo}");
        }
        // sqlite_sequence, which the AUTOINCREMENT table left, is not counted.
        let left: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 1);
        // An index and a trigger go with their table.
        conn.execute_batch(
            "CREATE TABLE p (id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX p_v ON p(v); \
             CREATE TRIGGER p_t AFTER INSERT ON p BEGIN SELECT 1; END;",
        )
        .unwrap();
        assert!(!holds_no_object(&conn).unwrap());
        conn.execute_batch("DROP TABLE p;").unwrap();
        assert!(holds_no_object(&conn).unwrap());
        // A temporary table is not in the main database (nor was it in the count before).
        conn.execute_batch("CREATE TEMP TABLE tmp (x);").unwrap();
        assert!(holds_no_object(&conn).unwrap());
    }

    /// The connection chunks run on: no automatic indexes (a plan SQLite would weigh for its
    /// own read of `sqlite_master` after every CREATE), foreign keys off, pages of 2,048 bytes.
    #[test]
    fn the_chunk_connection_is_set_up_for_ddl() {
        let mut spare = None;
        let up = ["CREATE TABLE a (id INTEGER PRIMARY KEY);".to_string()];
        assert!(chunk_passes(
            &mut spare,
            &up,
            &["DROP TABLE a;".to_string()]
        ));
        let conn = spare.expect("kept");
        let pragma = |name: &str| -> i64 {
            conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(pragma("automatic_index"), 0);
        assert_eq!(pragma("foreign_keys"), 0);
        assert_eq!(pragma("page_size"), 2048);
    }

    /// A chunk whose down leaves a view (or a table) behind fails the fast path.
    #[test]
    fn a_chunk_leaving_a_view_or_a_table_fails_the_fast_path() {
        let up = vec![
            "CREATE TABLE a (id INTEGER PRIMARY KEY);".to_string(),
            "CREATE VIEW va AS SELECT id FROM a;".to_string(),
        ];
        let mut spare = None;
        assert!(!chunk_passes(
            &mut spare,
            &up,
            &["DROP TABLE a;".to_string()]
        ));
        assert!(spare.is_none());
        assert!(!chunk_passes(
            &mut spare,
            &up,
            &["DROP VIEW va;".to_string()]
        ));
        assert!(chunk_passes(
            &mut spare,
            &up,
            &["DROP VIEW va;".to_string(), "DROP TABLE a;".to_string()]
        ));
        assert!(spare.is_some());
    }

    #[test]
    fn a_down_that_leaves_something_behind_is_caught() {
        let up = vec!["CREATE TABLE a (id INTEGER PRIMARY KEY);".to_string()];
        let err = execute_on_sqlite_from(&[], &up, &[]).unwrap_err();
        assert_eq!(err.phase, "down");
    }
}
