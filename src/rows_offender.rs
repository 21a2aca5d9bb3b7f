//! Which row refuses a change that the trial of an up migration on a copy of a SQLite database
//! found refused ([`crate::rows_trial`]). SQLite's message names the rule (a guard's column, a
//! CHECK's name), never the row, and the statement that failed is the migration's own guard: a
//! user needs the row. The change is run again on the copy up to the statement that failed, and
//! the row is read there: the first values that repeat under a new UNIQUE, the first reference
//! to no row under a foreign key, the key of the first row the copy into a rebuilt table
//! refuses (a CHECK, a NOT NULL, a UNIQUE of the new table). The values are user data: shown
//! cut and with control characters escaped ([`shown`]).

use crate::create_table_text::{self as text, Tok};
use crate::dialect::{quote_doubling, sqlite_quoted_identifier as quoted, Dialect};
use crate::sqlite_renames::Renames;
use rusqlite::types::Value;
use rusqlite::Connection;

/// How the database names, before the migration, the tables and columns a block of it names:
/// the migration's renames run first (a block of their own), so that a block after them names a
/// table or column they rename as they leave it, where a query for the user runs on the database
/// as it is before the migration.
#[derive(Clone, Copy, Default)]
pub struct Before<'a> {
    /// The migration's renames, if it has any.
    pub renames: Option<&'a Renames>,
}

impl Before<'_> {
    /// The name before the migration of the table a block names `table`.
    fn table<'t>(&'t self, table: &'t str) -> &'t str {
        self.renames.map_or(table, |r| r.table_on_file(table))
    }

    /// `text`, an expression over the columns of the table a block names `table` (`columns`,
    /// their names there), with each column the renames rename named as it is before them;
    /// `None` where the text cannot be read so.
    fn expression(&self, table: &str, columns: &[String], text: &str) -> Option<String> {
        let Some(r) = self.renames.filter(|r| r.touches(table)) else {
            return Some(text.to_string());
        };
        let renamed = |i: &sqlparser::ast::Ident| {
            let c = columns.iter().find(|c| crate::expr::names_column(i, c))?;
            let was = r.column_on_file(table, c);
            (was != c).then(|| quoted(was))
        };
        crate::expr::replace_columns(crate::dialect::Sqlite.parser(), text, &renamed)
    }

    /// The name before the migration of the column a block names `column` in `table`.
    fn column<'t>(&'t self, table: &str, column: &'t str) -> &'t str {
        self.renames
            .map_or(column, |r| r.column_on_file(table, column))
    }
}

/// The first row that refuses a change, as a user reads it, and a query that finds every such
/// row.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Offender {
    /// The row: `(tenant_id, name) = (1, 'a'), in 2 rows`.
    pub row: String,
    /// A query that finds every such row; the caller keeps it only when it runs on the database
    /// as it is before the change ([`runs_on`]).
    pub query: Option<String>,
}

/// A UNIQUE index a block creates, read from its `CREATE UNIQUE INDEX` text.
#[derive(Clone, Debug, PartialEq)]
struct UniqueIndex {
    /// The index's name.
    name: String,
    /// Its table, as written (quoted if it was).
    table: String,
    /// Its keys, as written.
    keys: Vec<String>,
    /// The WHERE of a partial index.
    predicate: Option<String>,
}

/// The rule a failed statement checks, read from the statement and SQLite's message.
#[derive(Clone, Debug, PartialEq)]
enum Rule {
    /// The guard of UNIQUE indexes (`duplicates_for_unique_index_<name> = 0`): the indexes the
    /// block creates, the one the message names first.
    Unique(Vec<UniqueIndex>),
    /// The rebuild's foreign-key check: the rebuilt table, then the tables referencing it.
    ForeignKeys(Vec<String>),
    /// A rebuild's copy of the rows into the new table (`INSERT OR ROLLBACK INTO t (…) SELECT
    /// …`), into the table named so.
    Copy(String),
    /// A rebuild's check of the text of a column it casts into a number
    /// ([`crate::rebuild_number_check`]).
    NotANumber,
}

/// The guard column of a UNIQUE index, as SQLite's message names it.
const UNIQUE_GUARD: &str = "duplicates_for_unique_index_";

/// What the rebuild's foreign-key check is called in SQLite's message.
const FOREIGN_KEY_GUARD: &str = "foreign_key_violations_after_rebuild";

/// The prefix of a copy or a guard that rolls the change back when the rows refuse it.
const ROLLBACK_INSERT: &str = "INSERT OR ROLLBACK INTO ";

/// The first row that refuses the block `block` of an up migration on `copy`, which is as the
/// block found it: the block is run again up to its `index`-th statement of its `piece`-th text
/// (the one that failed, `statement`, with SQLite's `message`) and the row read there. `None`
/// when the rule is not one this reads, or the block does not run that far again. The copy is
/// left part-way: the caller resets it ([`crate::rows_trial`]'s `reset`). The query names the
/// tables and columns as the database has them before the migration (`before`).
pub fn find(
    copy: &Connection,
    block: &[String],
    (piece, index): (usize, usize),
    statement: &str,
    message: &str,
    before: Before,
) -> Option<Offender> {
    let rule = rule_of(block, statement, message)?;
    // The columns of the tables a foreign-key check reads, as the block finds them: what a
    // rebuild's copy reads, once it has renamed the table away and dropped it.
    let found: Vec<(String, Vec<String>)> = match &rule {
        Rule::ForeignKeys(tables) => (tables.iter())
            .map(|t| (t.clone(), column_names(copy, t)))
            .collect(),
        _ => Vec::new(),
    };
    for sql in block.get(..piece)? {
        run_first(copy, sql, usize::MAX).ok()?;
    }
    run_first(copy, block.get(piece)?, index).ok()?;
    match &rule {
        Rule::Unique(indexes) => (indexes.iter()).find_map(|ix| repeated(copy, ix, block, before)),
        Rule::ForeignKeys(tables) => broken_reference(copy, tables, (block, &found), before),
        Rule::Copy(table) => refused_copy(copy, table, (statement, message), before),
        Rule::NotANumber => not_a_number(copy, statement, before),
    }
}

/// Whether `query` runs (prepares) on `conn`, the database as it is before the migration: a
/// query written for the tables as the change leaves them may name columns the database does
/// not have yet.
pub fn runs_on(conn: &Connection, query: &str) -> bool {
    conn.prepare(query).is_ok()
}

/// Runs the first `n` statements of `sql` on `conn`.
fn run_first(conn: &Connection, sql: &str, n: usize) -> rusqlite::Result<()> {
    use rusqlite::fallible_iterator::FallibleIterator;
    let mut batch = rusqlite::Batch::new(conn, sql);
    for _ in 0..n {
        let Some(mut statement) = batch.next()? else {
            break;
        };
        let mut rows = statement.query([])?;
        while rows.next()?.is_some() {}
    }
    Ok(())
}

/// The rule the failed `statement` of `block` checks, from SQLite's `message`.
fn rule_of(block: &[String], statement: &str, message: &str) -> Option<Rule> {
    if message.contains(UNIQUE_GUARD) {
        let mut indexes: Vec<UniqueIndex> = block.iter().flat_map(|s| unique_indexes(s)).collect();
        // The one the message names first (a name that needs quotes is named quoted: then in
        // the order the block creates them).
        indexes.sort_by_key(|ix| !message.contains(&format!("{UNIQUE_GUARD}{}", ix.name)));
        return (!indexes.is_empty()).then_some(Rule::Unique(indexes));
    }
    if message.contains(crate::rebuild_number_check::GUARD) {
        return Some(Rule::NotANumber);
    }
    if message.contains(FOREIGN_KEY_GUARD) {
        let tables = checked_tables(statement);
        return (!tables.is_empty()).then_some(Rule::ForeignKeys(tables));
    }
    let rest = statement.trim_start().strip_prefix(ROLLBACK_INSERT)?;
    let tokens = text::lex(rest);
    let table = text::name(rest, *tokens.first()?)?;
    (!table.starts_with("_mg_")).then_some(Rule::Copy(table))
}

/// The `CREATE UNIQUE INDEX` statements of `sql`, read.
fn unique_indexes(sql: &str) -> Vec<UniqueIndex> {
    let tokens = text::lex(sql);
    let mut found = Vec::new();
    for (i, w) in tokens.windows(3).enumerate() {
        let create = ["CREATE", "UNIQUE", "INDEX"];
        if !w
            .iter()
            .zip(create)
            .all(|(&t, word)| text::is_word(sql, t, word))
        {
            continue;
        }
        let (Some(start), Some(end)) = (token_start(w[0]), statement_end(sql, &tokens[i..])) else {
            continue;
        };
        if let Some(ix) = unique_index(&sql[start..end]) {
            found.push(ix);
        }
    }
    found
}

/// One `CREATE UNIQUE INDEX [IF NOT EXISTS] name ON table (keys) [WHERE …]` text, read.
fn unique_index(sql: &str) -> Option<UniqueIndex> {
    let tokens = text::lex(sql);
    let mut i = 3;
    if tokens.get(3..6).is_some_and(|w| {
        text::is_word(sql, w[0], "IF")
            && text::is_word(sql, w[1], "NOT")
            && text::is_word(sql, w[2], "EXISTS")
    }) {
        i = 6;
    }
    let name = text::name(sql, *tokens.get(i)?)?;
    if !text::is_word(sql, *tokens.get(i + 1)?, "ON") {
        return None;
    }
    let table = token_text(sql, *tokens.get(i + 2)?)?.to_string();
    let keys = text::index_keys(sql);
    (!keys.is_empty()).then(|| UniqueIndex {
        name,
        table,
        keys,
        predicate: text::index_predicate(sql),
    })
}

/// Where token `t` starts.
fn token_start(t: Tok) -> Option<usize> {
    match t {
        Tok::Word(a, _) | Tok::Quoted(a, _) => Some(a),
        _ => None,
    }
}

/// The text of a name token as written (quotes kept).
fn token_text(sql: &str, t: Tok) -> Option<&str> {
    match t {
        Tok::Word(a, b) | Tok::Quoted(a, b) => Some(&sql[a..b]),
        _ => None,
    }
}

/// The byte offset just past the `;` that ends the statement starting at `tokens[0]` (the
/// text's end when none does).
fn statement_end(sql: &str, tokens: &[Tok]) -> Option<usize> {
    let end = tokens.iter().find_map(|t| match *t {
        Tok::Other(a) if sql.as_bytes()[a] == b';' => Some(a + 1),
        _ => None,
    });
    Some(end.unwrap_or(sql.len()))
}

/// The tables the rebuild's foreign-key check reads, in its order: the string after each
/// `pragma_foreign_key_check(` of the statement (the rebuilt table first, then its children).
pub(crate) fn checked_tables(statement: &str) -> Vec<String> {
    const CALL: &str = "pragma_foreign_key_check(";
    let mut tables = Vec::new();
    for (at, _) in statement.match_indices(CALL) {
        let rest = &statement[at + CALL.len()..];
        if let Some(&Tok::Str(a, b)) = text::lex(rest).first() {
            let literal = &rest[a + 1..b - 1];
            tables.push(literal.replace("''", "'"));
        }
    }
    tables
}

/// The query over `table` (as written) that finds the values of `keys` that repeat there
/// (where `predicate` holds).
fn repeats_query(table: &str, keys: &[String], predicate: Option<&str>) -> String {
    let listed = keys.join(", ");
    let mut filter: Vec<String> = keys.iter().map(|k| format!("{k} IS NOT NULL")).collect();
    filter.extend(predicate.map(|p| format!("({p})")));
    format!(
        "SELECT {listed}, count(*) FROM {table} WHERE {} GROUP BY {listed} HAVING count(*) > 1",
        filter.join(" AND ")
    )
}

/// The first values of `ix`'s keys that repeat in its table, with how many rows hold them, and
/// the query that finds them all on the database before the migration (`before`): where the
/// block (`block`) is a rebuild that copies the rows into that table, its keys read as the copy
/// writes them (the index's guard counts the rows copied: TEXT '1' and '01' made INTEGER
/// repeat).
fn repeated(
    copy: &Connection,
    ix: &UniqueIndex,
    block: &[String],
    before: Before,
) -> Option<Offender> {
    let found = repeats_query(&ix.table, &ix.keys, ix.predicate.as_deref());
    let values = first_row(copy, &format!("{found} LIMIT 1"), ix.keys.len() + 1)?;
    // Named as before the migration: its table, and the columns its keys and predicate read.
    let query = text::lex(&ix.table)
        .first()
        .and_then(|&t| text::name(&ix.table, t))
        .and_then(|table| {
            let columns = column_names(copy, &table);
            let copied = copy_into(block, &table)
                .map(|statement| Copied::read(copy, &table, &statement, before));
            let read = |e: &str| match &copied {
                Some(copied) => copied.expression(e),
                None => before.expression(&table, &columns, e),
            };
            let keys: Option<Vec<String>> = ix.keys.iter().map(|k| read(k)).collect();
            let predicate = match &ix.predicate {
                Some(p) => Some(Some(read(p)?)),
                None => Some(None),
            }?;
            let from = match before.table(&table) {
                was if was != table => quoted(was),
                _ => ix.table.clone(),
            };
            Some(repeats_query(&from, &keys?, predicate.as_deref()))
        })
        // (Not read: as the index writes it; kept only where it runs on the database.)
        .or(Some(found));
    let (rows, values) = values.split_last()?;
    let rows = match rows {
        Value::Integer(n) => *n,
        _ => 0,
    };
    Some(Offender {
        row: format!(
            "values repeat under the UNIQUE index '{}': first ({}) = ({}), in {rows} rows",
            shown_name(&ix.name),
            labels(&ix.keys),
            shown_all(values)
        ),
        query,
    })
}

/// The first reference the rebuild's foreign-key check finds broken: in `tables[0]` (the
/// rebuilt table), or in another of `tables` (its children) to it. The query that finds them all
/// reads the columns of a table the block (`block`, with `columns_found`: the columns of
/// `tables` as it found them) rebuilds as its copy writes them (`CAST(pid AS INTEGER)` where the change converts
/// the column: the text '2abc' references 2 then, the REAL 1.0 made TEXT no longer references
/// '1'), and compares as SQLite's foreign keys do: the referenced column's affinity applied to
/// the referencing value (`+` takes that value's own away).
fn broken_reference(
    copy: &Connection,
    tables: &[String],
    (block, columns_found): (&[String], &[(String, Vec<String>)]),
    before: Before,
) -> Option<Offender> {
    let (rebuilt, children) = tables.split_first()?;
    let found = |table: &str, to: Option<&str>| -> Option<(String, i64, String, i64)> {
        let sql = "SELECT \"table\", rowid, parent, fkid FROM pragma_foreign_key_check(?1) WHERE ?2 IS NULL OR lower(parent) = lower(?2) LIMIT 1";
        copy.query_row(sql, rusqlite::params![table, to], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                r.get(2)?,
                r.get(3)?,
            ))
        })
        .ok()
    };
    let (table, rowid, parent, fkid) =
        found(rebuilt, None).or_else(|| children.iter().find_map(|c| found(c, Some(rebuilt))))?;
    let mut pairs: Vec<(String, Option<String>)> = Vec::new();
    let mut statement = copy
        .prepare(
            "SELECT \"from\", \"to\" FROM pragma_foreign_key_list(?1) WHERE id = ?2 ORDER BY seq",
        )
        .ok()?;
    let rows = statement
        .query_map(rusqlite::params![table, fkid], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .ok()?;
    for row in rows {
        pairs.push(row.ok()?);
    }
    let columns: Vec<String> = pairs.iter().map(|(c, _)| quoted(c)).collect();
    if columns.is_empty() {
        return None;
    }
    // The row by its rowid, under a name of it that no column of the table takes (a column
    // named `rowid` hides it: the row read was another one).
    let taken = column_names(copy, &table);
    let alias = ["rowid", "_rowid_", "oid"]
        .into_iter()
        .find(|a| !taken.iter().any(|c| c.eq_ignore_ascii_case(a)))?;
    let values = first_row(
        copy,
        &format!(
            "SELECT {} FROM {} WHERE {alias} = {rowid}",
            columns.join(", "),
            quoted(&table)
        ),
        columns.len(),
    )?;
    let key = row_key(copy, &table, &format!("{alias} = {rowid}"));
    // Every such row, before the change: the referencing columns with no row of the parent
    // (the columns it references by name; a key that names none references the parent's key).
    let parent_key = primary_key(copy, &parent);
    let referenced: Vec<String> = (pairs.iter().enumerate())
        .filter_map(|(i, (_, to))| to.clone().or_else(|| parent_key.get(i).cloned()))
        .collect();
    // (Named as the database has them before the migration, read as the copy writes them.)
    let (child_copy, parent_copy) = (
        copied_by(copy, block, columns_found, &table, before),
        copied_by(copy, block, columns_found, &parent, before),
    );
    let read = |copied: &Option<Copied>, table: &str, column: &str, alias: &str| match copied {
        Some(copied) => copied.qualified(column, alias),
        None => Some(format!("{alias}.{}", quoted(before.column(table, column)))),
    };
    let query = (referenced.len() == pairs.len())
        .then(|| {
            let values: Option<Vec<String>> = (pairs.iter())
                .map(|(c, _)| read(&child_copy, &table, c, "t"))
                .collect();
            let keys: Option<Vec<String>> = (referenced.iter())
                .map(|r| read(&parent_copy, &parent, r, "p"))
                .collect();
            let (values, keys) = (values?, keys?);
            let matched: Vec<String> = (keys.iter().zip(&values))
                .map(|(k, v)| format!("{k} = +{v}"))
                .collect();
            let present: Vec<String> = (values.iter())
                .map(|v| format!("{v} IS NOT NULL"))
                .collect();
            Some(format!(
                "SELECT t.* FROM {} AS t WHERE {} AND NOT EXISTS (SELECT 1 FROM {} AS p WHERE {})",
                quoted(before.table(&table)),
                present.join(" AND "),
                quoted(before.table(&parent)),
                matched.join(" AND ")
            ))
        })
        .flatten();
    let names: Vec<String> = pairs.iter().map(|(c, _)| c.clone()).collect();
    Some(Offender {
        row: format!(
            "first, {}'{}' has ({}) = ({}), which no row of '{}' has",
            key.map(|k| format!("the row {k} of ")).unwrap_or_default(),
            shown_name(&table),
            labels(&names),
            shown_all(&values),
            shown_name(&parent)
        ),
        query,
    })
}

/// The first row that the copy `statement` into `table` refuses: the copy is run again with
/// `OR IGNORE`, which skips each refused row, and triggers keep the first row tried and not
/// inserted. Its key, and for a UNIQUE the values that repeat (`message` names the columns).
fn refused_copy(
    copy: &Connection,
    table: &str,
    (statement, message): (&str, &str),
    before: Before,
) -> Option<Offender> {
    let columns = column_names(copy, table);
    if columns.is_empty() {
        return None;
    }
    let kept: Vec<String> = columns
        .iter()
        .map(|c| format!("NEW.{}", quoted(c)))
        .collect();
    let slots: Vec<String> = (0..columns.len()).map(|i| format!("v{i}")).collect();
    let on = format!("main.{}", quoted(table));
    copy.execute_batch(&format!(
        "CREATE TEMP TABLE _mg_tried (n INTEGER, done INTEGER, {slots});
         CREATE TEMP TABLE _mg_tries (n INTEGER); INSERT INTO _mg_tries VALUES (0);
         CREATE TEMP TRIGGER _mg_tried_before BEFORE INSERT ON {on} BEGIN
           UPDATE _mg_tries SET n = n + 1;
           DELETE FROM _mg_tried WHERE done = 1;
           INSERT INTO _mg_tried SELECT (SELECT n FROM _mg_tries), 0, {kept} WHERE NOT EXISTS (SELECT 1 FROM _mg_tried);
         END;
         CREATE TEMP TRIGGER _mg_tried_after AFTER INSERT ON {on} BEGIN
           UPDATE _mg_tried SET done = 1 WHERE n = (SELECT n FROM _mg_tries);
         END;",
        slots = slots.join(", "),
        kept = kept.join(", ")
    ))
    .ok()?;
    let ignoring = format!(
        "INSERT OR IGNORE INTO {}",
        statement.trim_start().strip_prefix(ROLLBACK_INSERT)?
    );
    let ran = copy.execute_batch(&ignoring);
    let row = ran.ok().and_then(|()| {
        first_row(
            copy,
            &format!("SELECT {} FROM _mg_tried WHERE done = 0", slots.join(", ")),
            columns.len(),
        )
    });
    let _ = copy.execute_batch(
        "DROP TRIGGER IF EXISTS temp._mg_tried_before; DROP TRIGGER IF EXISTS temp._mg_tried_after;",
    );
    let row = row?;
    let key = primary_key(copy, table);
    let value_of = |name: &str| columns.iter().position(|c| c == name).map(|i| &row[i]);
    let described = |names: &[String]| -> Option<String> {
        let values: Option<Vec<String>> = names.iter().map(|n| value_of(n).map(shown)).collect();
        Some(format!("({}) = ({})", labels(names), values?.join(", ")))
    };
    let unique = unique_columns(message, table);
    let repeats = unique.as_deref().and_then(described);
    let row = match (described(&key).filter(|_| !key.is_empty()), repeats) {
        (Some(k), Some(u)) => format!("{k}, whose {u} repeats"),
        (Some(k), None) => k,
        (None, Some(u)) => format!("one whose {u} repeats"),
        (None, None) => return None,
    };
    Some(Offender {
        row: format!(
            "the first row the new '{}' refuses is {row}",
            shown_name(table)
        ),
        query: copy_query(copy, table, (statement, message), unique.as_deref(), before),
    })
}

/// The first row whose text the rebuild's check `statement` refuses as no number
/// ([`crate::rebuild_number_check`]), read on `copy` where the table is renamed away: its key
/// and the text; with the query that finds every such row on the database as it is before the
/// migration.
fn not_a_number(copy: &Connection, statement: &str, before: Before) -> Option<Offender> {
    let from = statement
        .split_once(" FROM ")?
        .1
        .split_once("\n  WHERE ")?
        .0;
    let table = from.strip_prefix("_mg_old_")?;
    let columns = column_names(copy, from);
    let (query, column) = crate::rebuild_number_check::offenders_query(
        statement,
        before.table(table),
        |condition| before.expression(table, &columns, condition),
    )?;
    let condition = statement
        .split_once("\n  WHERE ")?
        .1
        .trim_end()
        .trim_end_matches(';');
    let key = primary_key(copy, from);
    let mut read: Vec<String> = key.iter().map(|k| quoted(k)).collect();
    read.push(column.clone());
    let values = first_row(
        copy,
        &format!("SELECT {} FROM {from} WHERE {condition}", read.join(", ")),
        read.len(),
    )?;
    let (text, key_values) = values.split_last()?;
    let name = column
        .strip_prefix('"')
        .and_then(|c| c.strip_suffix('"'))
        .map_or(column.clone(), |c| c.replace("\"\"", "\""));
    let whose = format!(
        "whose '{}' is {}",
        shown_name(before.column(table, &name)),
        shown(text)
    );
    let row = if key.is_empty() {
        format!("the first row holding text that is not a number is one {whose}")
    } else {
        format!(
            "the first row holding text that is not a number is ({}) = ({}), {whose}",
            labels(&key),
            shown_all(key_values)
        )
    };
    Some(Offender {
        row,
        query: Some(query),
    })
}

/// A query over the table `table` as it is before the change that finds every row the rule
/// `message` names refuses: a CHECK (by its name or its text, read from the new table's stored
/// text), a NOT NULL, a UNIQUE over `unique`. Each column the rule reads is read as the copy
/// `statement` writes it into the new table (`CAST(code AS INTEGER)` where the change converts
/// it: the text '1' and '01' repeat only so), and the table and its columns are named as the
/// database has them before the migration (`before`).
fn copy_query(
    copy: &Connection,
    table: &str,
    (statement, message): (&str, &str),
    unique: Option<&[String]>,
    before: Before,
) -> Option<String> {
    let from = quoted(before.table(table));
    let copied = Copied::read(copy, table, statement, before);
    let value = |column: &str| copied.value(column);
    if let Some(keys) = unique {
        let keys: Option<Vec<String>> = keys.iter().map(|c| value(c)).collect();
        let keys = keys?;
        let present: Vec<String> = keys.iter().map(|k| format!("{k} IS NOT NULL")).collect();
        let keys = keys.join(", ");
        return Some(format!(
            "SELECT {keys}, count(*) FROM {from} WHERE {} GROUP BY {keys} HAVING count(*) > 1",
            present.join(" AND ")
        ));
    }
    if let Some(column) = message
        .strip_prefix("NOT NULL constraint failed: ")
        .and_then(|c| c.split_once('.'))
        .map(|(_, c)| c)
    {
        // A column the copy writes nothing into holds its default (none here: NULL) in every
        // row.
        return Some(match copied.writes(column) {
            true => format!("SELECT * FROM {from} WHERE {} IS NULL", value(column)?),
            false => format!("SELECT * FROM {from}"),
        });
    }
    let named = message.strip_prefix("CHECK constraint failed: ")?;
    let stored: String = copy
        .query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )
        .ok()?;
    let check = text::scan(&stored)
        .checks
        .into_iter()
        .find(|c| c.name.as_deref() == Some(named) || c.expression == named)?;
    // Each column the CHECK reads, as the copy writes it. (A column read that the copy writes
    // nothing into is left as it is: the query does not run then, and is left out.)
    let expression = copied.expression(&check.expression)?;
    Some(format!("SELECT * FROM {from} WHERE NOT ({expression})"))
}

/// What a rebuild's copy of the rows into the new table (`INSERT OR ROLLBACK INTO t (…) SELECT
/// … FROM old;`) writes, read so that an expression over the new table's columns is written
/// over the table as the database has it before the migration: each column as the copy writes
/// it (`CAST(code AS INTEGER)` where the change converts it), under its name then.
struct Copied<'a> {
    /// The new table, as the block names it.
    table: &'a str,
    /// The values the copy writes, by column ([`copied_values`]); empty where it was not read.
    values: Vec<(String, String)>,
    /// The columns of the table the copy reads (the old one, renamed away by the block).
    old_columns: Vec<String>,
    /// The columns of the new table.
    new_columns: Vec<String>,
    /// The names before the migration.
    before: Before<'a>,
}

impl<'a> Copied<'a> {
    /// The copy `statement` into `table` on `copy` (which has both tables), read.
    fn read(copy: &Connection, table: &'a str, statement: &str, before: Before<'a>) -> Self {
        Copied {
            table,
            values: copied_values(statement),
            old_columns: copy_source(statement)
                .map_or_else(Vec::new, |old| column_names(copy, &old)),
            new_columns: column_names(copy, table),
            before,
        }
    }

    /// Whether the copy writes the column `column` (one it does not holds its default).
    fn writes(&self, column: &str) -> bool {
        self.values.is_empty() || (self.values.iter()).any(|(c, _)| c.eq_ignore_ascii_case(column))
    }

    /// The value the copy writes into the new table's column `column`, as the database before
    /// the migration reads it; `None` where the copy writes none (its default then) or it
    /// cannot be read so.
    fn value(&self, column: &str) -> Option<String> {
        if self.values.is_empty() {
            // (A copy not read: the column as it stands.)
            return Some(quoted(self.before.column(self.table, column)));
        }
        let (_, written) = (self.values.iter()).find(|(c, _)| c.eq_ignore_ascii_case(column))?;
        match single_name(written) {
            // A column copied as it is: named as before (quoted).
            Some(name) if (self.old_columns.iter()).any(|c| c.eq_ignore_ascii_case(&name)) => {
                Some(quoted(self.before.column(self.table, &name)))
            }
            _ => (self.before).expression(self.table, &self.old_columns, written),
        }
    }

    /// The value the copy writes into the new table's column `column`, as [`Copied::value`]
    /// reads it, each column of the old table in it named after `alias` (`t."code"`), in
    /// parentheses where it is not a name alone; `None` where the copy writes none or it cannot
    /// be read so.
    fn qualified(&self, column: &str, alias: &str) -> Option<String> {
        let name = |c: &str| format!("{alias}.{}", quoted(self.before.column(self.table, c)));
        if self.values.is_empty() {
            return Some(name(column));
        }
        let (_, written) = (self.values.iter()).find(|(c, _)| c.eq_ignore_ascii_case(column))?;
        if let Some(c) = single_name(written) {
            let old = self
                .old_columns
                .iter()
                .find(|o| o.eq_ignore_ascii_case(&c))?;
            return Some(name(old));
        }
        let old = |i: &sqlparser::ast::Ident| {
            let c = (self.old_columns.iter()).find(|c| crate::expr::names_column(i, c))?;
            Some(name(c))
        };
        let parser = crate::dialect::Sqlite.parser();
        crate::expr::replace_columns(parser, written, &old).map(|v| format!("({v})"))
    }

    /// `text`, an expression over the new table's columns (a CHECK, an index's key or
    /// predicate), over the values the copy writes (parenthesized where not a name); a column
    /// copied as it is under its name stays as written. `None` where it cannot be read so.
    fn expression(&self, text: &str) -> Option<String> {
        let converted = |i: &sqlparser::ast::Ident| -> Option<String> {
            let c = (self.new_columns.iter()).find(|c| crate::expr::names_column(i, c))?;
            let v = self.value(c)?;
            match single_name(&v) {
                Some(name) if name == *c => None,
                Some(_) => Some(v),
                None => Some(format!("({v})")),
            }
        };
        let parser = crate::dialect::Sqlite.parser();
        crate::expr::replace_columns(parser, text, &converted)
    }
}

/// The copy of the rows into `table` that `block` (a rebuild of it) holds, read, with the
/// columns of the table it copies from as the block found them (`found`, by table: the copy
/// runs after that table is renamed away, and the check after it is dropped). `None` where the
/// block copies no rows into `table`, or `found` lacks it.
fn copied_by<'a>(
    copy: &Connection,
    block: &[String],
    found: &[(String, Vec<String>)],
    table: &'a str,
    before: Before<'a>,
) -> Option<Copied<'a>> {
    let statement = copy_into(block, table)?;
    let (_, old_columns) = found.iter().find(|(t, _)| t.eq_ignore_ascii_case(table))?;
    Some(Copied {
        table,
        values: copied_values(&statement),
        old_columns: old_columns.clone(),
        new_columns: column_names(copy, table),
        before,
    })
}

/// The copy of the rows into `table` that `block` (a rebuild of it) holds: its `INSERT OR
/// ROLLBACK INTO table (…) SELECT … FROM old;` statement.
fn copy_into(block: &[String], table: &str) -> Option<String> {
    block.iter().find_map(|piece| {
        piece.match_indices(ROLLBACK_INSERT).find_map(|(at, _)| {
            let statement = &piece[at..];
            let tokens = text::lex(statement);
            let end = statement_end(statement, &tokens)?;
            let statement = &statement[..end];
            let rest = &statement[ROLLBACK_INSERT.len()..];
            let into = text::name(rest, *text::lex(rest).first()?)?;
            (into.eq_ignore_ascii_case(table)).then(|| statement.to_string())
        })
    })
}

/// The name `text` is, where it is one name alone (`code`, `"my col"`).
fn single_name(text: &str) -> Option<String> {
    match text::lex(text)[..] {
        [t @ (Tok::Word(..) | Tok::Quoted(..))] => text::name(text, t),
        _ => None,
    }
}

/// The table the copy `statement` (`INSERT OR ROLLBACK INTO t (…) SELECT … FROM old;`) reads.
fn copy_source(statement: &str) -> Option<String> {
    let tokens = text::lex(statement);
    let at = tokens
        .iter()
        .rposition(|&t| text::is_word(statement, t, "FROM"))?;
    text::name(statement, *tokens.get(at + 1)?)
}

/// The values the copy `statement` (`INSERT OR ROLLBACK INTO t (a, b) SELECT x, y FROM old;`)
/// writes, by column: `[("a", "x"), ("b", "y")]`, each as written; empty where it is not read
/// so.
fn copied_values(statement: &str) -> Vec<(String, String)> {
    let Some(rest) = statement.trim_start().strip_prefix(ROLLBACK_INSERT) else {
        return Vec::new();
    };
    let b = rest.as_bytes();
    let mut at = 0;
    // The table, then its column list.
    if text::next_token(b, &mut at).is_none()
        || !matches!(text::next_token(b, &mut at), Some(Tok::Open(_)))
    {
        return Vec::new();
    }
    let mut columns = Vec::new();
    loop {
        match text::next_token(b, &mut at) {
            Some(t @ (Tok::Word(..) | Tok::Quoted(..))) => match text::name(rest, t) {
                Some(n) => columns.push(n),
                None => return Vec::new(),
            },
            Some(Tok::Comma) => {}
            Some(Tok::Close(_)) => break,
            _ => return Vec::new(),
        }
    }
    match text::next_token(b, &mut at) {
        Some(t) if text::is_word(rest, t, "SELECT") => {}
        _ => return Vec::new(),
    }
    // The expressions, split at the commas outside parentheses, up to the FROM outside them.
    let mut values = Vec::new();
    let (mut depth, mut start) = (0usize, at);
    loop {
        let here = at;
        let Some(t) = text::next_token(b, &mut at) else {
            return Vec::new();
        };
        match t {
            Tok::Open(_) => depth += 1,
            Tok::Close(_) => depth = depth.saturating_sub(1),
            Tok::Comma if depth == 0 => {
                values.push(rest[start..here].trim().to_string());
                start = at;
            }
            t if depth == 0 && text::is_word(rest, t, "FROM") => {
                values.push(rest[start..here].trim().to_string());
                break;
            }
            Tok::Bad => return Vec::new(),
            _ => {}
        }
    }
    if values.len() != columns.len() {
        return Vec::new();
    }
    columns.into_iter().zip(values).collect()
}

/// The columns SQLite's message `UNIQUE constraint failed: t.a, t.b` names, of `table`.
fn unique_columns(message: &str, table: &str) -> Option<Vec<String>> {
    let list = message.strip_prefix("UNIQUE constraint failed: ")?;
    let prefix = format!("{table}.");
    list.split(", ")
        .map(|c| c.strip_prefix(&prefix).map(str::to_string))
        .collect()
}

/// The names of the columns of `table` (hidden and generated ones left out).
fn column_names(copy: &Connection, table: &str) -> Vec<String> {
    let Ok(mut statement) = copy.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
    else {
        return Vec::new();
    };
    let names = statement.query_map([table], |r| r.get(0));
    names.map_or_else(|_| Vec::new(), |rows| rows.filter_map(Result::ok).collect())
}

/// The primary-key columns of `table`, in key order.
fn primary_key(copy: &Connection, table: &str) -> Vec<String> {
    let Ok(mut statement) =
        copy.prepare("SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk")
    else {
        return Vec::new();
    };
    let names = statement.query_map([table], |r| r.get(0));
    names.map_or_else(|_| Vec::new(), |rows| rows.filter_map(Result::ok).collect())
}

/// `(id) = (3)`: the primary key of the row of `table` that `filter` selects, if it has one.
fn row_key(copy: &Connection, table: &str, filter: &str) -> Option<String> {
    let key = primary_key(copy, table);
    if key.is_empty() {
        return None;
    }
    let columns: Vec<String> = key.iter().map(|c| quoted(c)).collect();
    let values = first_row(
        copy,
        &format!(
            "SELECT {} FROM {} WHERE {filter}",
            columns.join(", "),
            quoted(table)
        ),
        key.len(),
    )?;
    Some(format!("({}) = ({})", labels(&key), shown_all(&values)))
}

/// The first row of `query` on `copy`, its `n` values.
fn first_row(copy: &Connection, query: &str, n: usize) -> Option<Vec<Value>> {
    copy.query_row(query, [], |r| {
        (0..n).map(|i| r.get::<_, Value>(i)).collect()
    })
    .ok()
}

/// Column names for a message: as written, without the quotes of a plain one (`"name"` →
/// `name`), each cut.
fn labels(names: &[String]) -> String {
    let label = |n: &String| -> String {
        let bare = n
            .strip_prefix('"')
            .and_then(|n| n.strip_suffix('"'))
            .filter(|n| crate::validate::is_plain_identifier(n))
            .unwrap_or(n);
        shown_name(bare)
    };
    names.iter().map(label).collect::<Vec<_>>().join(", ")
}

/// A table's or index's name for a message: cut, its control characters, line separators and
/// bidi controls escaped (a name is the database's, anything at all).
fn shown_name(name: &str) -> String {
    crate::report::clip(&shown_text(name, 60))
}

/// Each of `values`, [`shown`], joined by commas.
fn shown_all(values: &[Value]) -> String {
    values.iter().map(shown).collect::<Vec<_>>().join(", ")
}

/// The most characters of a text value, or bytes of a blob, a message shows.
const SHOWN: usize = 40;

/// A value of a row as SQL writes it, safe to read in a message: text in single quotes (a
/// quote doubled), cut past [`SHOWN`] characters with `…`, its control characters, line
/// separators and bidi controls as `\u{…}` escapes; a blob as `X'…'`, cut the same way.
pub fn shown(value: &Value) -> String {
    match value {
        Value::Null => "NULL".to_string(),
        Value::Integer(n) => n.to_string(),
        Value::Real(r) => format!("{r:?}"),
        Value::Text(t) => quote_doubling(&shown_text(t, SHOWN)),
        Value::Blob(b) => {
            let hex: String = b.iter().take(SHOWN).map(|x| format!("{x:02X}")).collect();
            let cut = if b.len() > SHOWN { "…" } else { "" };
            format!("X'{hex}'{cut}")
        }
    }
}

/// `text` cut past `max` characters (with `…`), its control characters, line separators and
/// bidi controls escaped as `\u{…}`.
fn shown_text(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        if c.is_control()
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table's name is the database's, anything at all: its newline, escape and bidi control
    /// are shown escaped, not written into the message (a reviewer's child table
    /// "ch\nild\x1b[31m\u202eX" printed them raw).
    #[test]
    fn a_name_is_shown_with_its_control_characters_escaped() {
        assert_eq!(
            shown_name("ch\nild\u{1b}[31m\u{202e}X"),
            "ch\\u{a}ild\\u{1b}[31m\\u{202e}X"
        );
        assert_eq!(shown_name("tasks"), "tasks");
    }

    /// Values are shown as SQL writes them, cut and with what would garble a message escaped.
    #[test]
    fn values_are_shown_cut_and_escaped() {
        assert_eq!(shown(&Value::Null), "NULL");
        assert_eq!(shown(&Value::Integer(-7)), "-7");
        assert_eq!(shown(&Value::Real(2.5)), "2.5");
        assert_eq!(shown(&Value::Text("O'Brien".into())), "'O''Brien'");
        assert_eq!(
            shown(&Value::Text("a\nb\u{1b}[31m\u{202e}c".into())),
            "'a\\u{a}b\\u{1b}[31m\\u{202e}c'"
        );
        let long = "x".repeat(10_000);
        assert_eq!(shown(&Value::Text(long)), format!("'{}…'", "x".repeat(40)));
        assert_eq!(shown(&Value::Blob(vec![0, 255])), "X'00FF'");
        assert_eq!(
            shown(&Value::Blob(vec![1; 100])),
            format!("X'{}'…", "01".repeat(40))
        );
    }

    /// The UNIQUE indexes a block creates are read from their texts, quoted names included.
    #[test]
    fn unique_indexes_are_read_from_the_block() {
        let found = unique_indexes(
            "SAVEPOINT s;\nCREATE INDEX plain ON t (a);\nCREATE UNIQUE INDEX IF NOT EXISTS \"uq t\" ON \"my t\" (\"a\", b) WHERE b > 0;\nRELEASE s;",
        );
        assert_eq!(
            found,
            [UniqueIndex {
                name: "uq t".into(),
                table: "\"my t\"".into(),
                keys: vec!["\"a\"".into(), "b".into()],
                predicate: Some("b > 0".into()),
            }]
        );
        assert_eq!(
            checked_tables("INSERT OR ROLLBACK INTO _mg_fk_check SELECT (SELECT count(*) FROM pragma_foreign_key_check('o''t')) + (SELECT count(*) FROM pragma_foreign_key_check('c') WHERE lower(parent) = lower('o''t')), 0;"),
            ["o't", "c"]
        );
    }
}
