//! The foreign keys a MySQL migration from `previousSpec` leaves dropped when rows refuse one of
//! its statements. MySQL commits each statement: a key dropped by a statement of its own (to
//! change the table it references, see `spec_change::blocks`) and added back at the end of the
//! migration stays dropped when a statement between them fails, and the migration run again
//! fails at the `DROP FOREIGN KEY` (ERROR 1091; a user trial on MariaDB 10.11 met it after a new
//! CHECK refused rows, and a narrower DECIMAL in a down migration). Where the key can go in the
//! statement that changes its own table, it does (`Dialect::fold_foreign_key_drops`), and a
//! refusal of that statement keeps it; what is left is said here, on the migration it concerns:
//! `ROWS_REFUSE_CHANGE` for the up migration, `DOWN_DATA_LOSS` for the down migration. The same
//! walk through the statements finds what rows may refuse after the first change, key dropped
//! or not, which the migration looks for first where it can (`mysql_rows_guard`), and says so.

use crate::report::{Code, Issue, Report};

/// What rows can refuse in one clause of a statement on `table`, as a warning names it (`the
/// CHECK 'chk_a'`), or `None`. `said(table, name)` says whether the other warnings say rows can
/// refuse it: a column's `MODIFY` (`TYPE_NARROWING`, `NOT_NULL_WITHOUT_DEFAULT`, or for the
/// down migration `DOWN_DATA_LOSS`), a CHECK, UNIQUE or foreign key (`ROWS_REFUSE_CHANGE`, or
/// `DOWN_DATA_LOSS`); one made again as it was (a UNIQUE renamed) is not.
fn refusable(
    clause: &str,
    table: &str,
    pending: &[(String, String)],
    said: &dyn Fn(&str, &str) -> bool,
) -> Option<String> {
    let named = |rest: &str| unquoted(identifier_at(rest)).to_string();
    if let Some(rest) = clause.strip_prefix("ADD CONSTRAINT ") {
        let name = named(rest);
        let after = &rest[identifier_at(rest).len()..];
        let after = after.trim_start();
        if !said(table, &name) {
            return None;
        }
        if after.starts_with("CHECK") {
            return Some(format!("the CHECK '{name}'"));
        }
        if after.starts_with("UNIQUE") {
            return Some(format!("the UNIQUE '{name}'"));
        }
        if after.starts_with("FOREIGN KEY") {
            let back = pending.iter().any(|(t, k)| t == table && *k == name);
            return (!back).then(|| format!("the new foreign key '{name}'"));
        }
        return None;
    }
    if let Some(rest) = clause.strip_prefix("ADD UNIQUE INDEX ") {
        let name = named(rest);
        return said(table, &name).then(|| format!("the UNIQUE '{name}'"));
    }
    if let Some(rest) = clause.strip_prefix("MODIFY COLUMN ") {
        let column = named(rest);
        return said(table, &column).then(|| format!("the change of '{column}'"));
    }
    None
}

/// The identifier `text` begins with: in backquotes (two for one inside), or up to a space,
/// comma or parenthesis.
pub(crate) fn identifier_at(text: &str) -> &str {
    crate::dialect::mysql_identifier_ending(text, |c: char| {
        c.is_whitespace() || c == ',' || c == '(' || c == ';'
    })
}

/// A name as written, without its backquotes.
pub(crate) fn unquoted(name: &str) -> std::borrow::Cow<'_, str> {
    match name.strip_prefix('`').and_then(|n| n.strip_suffix('`')) {
        Some(inner) => inner.replace("``", "`").into(),
        None => name.into(),
    }
}

/// The table of an `ALTER TABLE` statement and its clauses, or `None` for another statement.
fn alter_clauses(statement: &str) -> Option<(String, Vec<String>)> {
    let rest = statement.strip_prefix("ALTER TABLE ")?;
    let table = identifier_at(rest);
    let body = rest[table.len()..]
        .trim_start()
        .strip_suffix(';')
        .unwrap_or("");
    // A merged run's clauses are one a line; a foreign key's statement spans lines in one.
    let clauses = if statement.contains(",\n  ") {
        body.split(",\n  ").map(|c| c.trim().to_string()).collect()
    } else {
        vec![body.split_whitespace().collect::<Vec<_>>().join(" ")]
    };
    Some((unquoted(table).into_owned(), clauses))
}

/// Where a key stays dropped in one way of the migration: the keys (table, name) dropped by an
/// earlier statement and not yet added back, and what rows can refuse after that.
struct Left {
    keys: Vec<(String, String)>,
    /// Per key of `keys`, whether a statement of its own drops it (only keys dropped), or one
    /// with other changes of its table (a refusal of which leaves it in place).
    alone: Vec<bool>,
    what: Vec<crate::mysql_rows_guard::Refusal>,
}

/// The foreign key an `ADD CONSTRAINT k FOREIGN KEY (…) REFERENCES t (…)` clause adds: its
/// columns, the table it references and that table's columns, as written, spaces and
/// backquotes left out (`(user_id)REFERENCESusers(id)`); `None` for another clause.
fn key_shape(clause: &str) -> Option<String> {
    let rest = clause.strip_prefix("ADD CONSTRAINT ")?;
    let (_, after) = rest.split_once("FOREIGN KEY")?;
    let inside = after.trim_start().strip_prefix('(')?;
    let (columns, rest) = inside.split_once(')')?;
    let (referenced, _) = rest.split_once(')')?;
    let shape = format!("({columns}){referenced})");
    Some(
        shape
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '`')
            .collect(),
    )
}

/// The tables `parsed` (one way's statements, [`alter_clauses`]) rename, in order: (old, new)
/// of each `RENAME TO`.
fn table_renames(parsed: &[Option<(String, Vec<String>)>]) -> Vec<(String, String)> {
    (parsed.iter().flatten())
        .flat_map(|(t, clauses)| {
            (clauses.iter())
                .filter_map(|c| c.strip_prefix("RENAME TO "))
                .map(move |rest| (t.clone(), unquoted(identifier_at(rest)).into_owned()))
        })
        .collect()
}

/// `table` and every name `renames` give it before or after (`users`, `members`).
fn names_of(table: &str, renames: &[(String, String)]) -> Vec<String> {
    let mut names = vec![table.to_string()];
    let mut grew = true;
    while grew {
        grew = false;
        for (old, new) in renames {
            for (a, b) in [(old, new), (new, old)] {
                if names.contains(a) && !names.contains(b) {
                    names.push(b.clone());
                    grew = true;
                }
            }
        }
    }
    names
}

/// `shape` ([`key_shape`]) with the table it references under the name `renames` (in order)
/// give it: the other way adds the key back referencing the table's name before this way
/// renames it (`(user_id)REFERENCESusers(id)` is `(user_id)REFERENCESmembers(id)` where this
/// way renames `users` to `members`).
fn shape_after_renames(shape: &str, renames: &[(String, String)]) -> String {
    let Some((columns, rest)) = shape.split_once(")REFERENCES") else {
        return shape.to_string();
    };
    let Some((table, referenced)) = rest.split_once('(') else {
        return shape.to_string();
    };
    let mut table = table.to_string();
    for (old, new) in renames {
        if *old == table {
            table = new.clone();
        }
    }
    format!("{columns})REFERENCES{table}({referenced}")
}

/// The shape ([`key_shape`]) of each foreign key (table, name) that `statements` add (the
/// other way of the migration adds back what this way drops): a key this way drops is added
/// back by a later statement that adds a key on the same columns of its table, referencing the
/// same table and columns, under whatever name.
fn added_keys(statements: &[String]) -> Vec<((String, String), String)> {
    (statements.iter())
        .filter_map(|s| alter_clauses(s))
        .flat_map(|(table, clauses)| {
            clauses.into_iter().filter_map(move |c| {
                let shape = key_shape(&c)?;
                let rest = c.strip_prefix("ADD CONSTRAINT ")?;
                let name = unquoted(identifier_at(rest)).into_owned();
                Some(((table.clone(), name), shape))
            })
        })
        .collect()
}

/// Each statement of `blocks` (a step's statements come joined by new lines, one a line or
/// spanning lines: a statement ends where a line ends with `;` outside quoted text and
/// comments, [`split_statements`]).
fn statements(blocks: &[Vec<String>]) -> Vec<String> {
    (blocks.iter().flatten())
        .flat_map(|s| split_statements(s))
        .map(|s| s.trim_end().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// `text` cut after each `;` that ends a line outside quoted text (`'…'`, `"…"`, `` `…` ``, a
/// quote doubled inside: MySQL's string literals the generator writes hold no backslash, see
/// `Dialect::string_literal`) and comments (`-- `, `#`, `/* */`): a CHECK or default whose
/// string holds `;` and a line break stays in its statement.
fn split_statements(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let line_end = |from: usize| (from..b.len()).find(|&j| b[j] == b'\n').unwrap_or(b.len());
    let (mut pieces, mut start, mut i) = (Vec::new(), 0, 0);
    let mut quote: Option<u8> = None;
    while i < b.len() {
        let c = b[i];
        if let Some(q) = quote {
            if c == q && b.get(i + 1) == Some(&q) {
                i += 1;
            } else if c == q {
                quote = None;
            }
        } else {
            match c {
                b'\'' | b'"' | b'`' => quote = Some(c),
                b'#' => i = line_end(i),
                b'-' if b.get(i + 1) == Some(&b'-')
                    && b.get(i + 2).is_none_or(|c| c.is_ascii_whitespace()) =>
                {
                    i = line_end(i)
                }
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    i = text[i + 2..]
                        .find("*/")
                        .map_or(b.len(), |at| i + 2 + at + 1);
                }
                b';' if b.get(i + 1) == Some(&b'\n') => {
                    pieces.push(&text[start..i + 2]);
                    start = i + 2;
                    i += 1;
                }
                _ => {}
            }
        }
        i += 1;
    }
    if start < text.len() {
        pieces.push(&text[start..]);
    }
    pieces
}

/// What rows refusing a statement of one way of a MySQL migration leave behind
/// ([`walked`]).
struct Walked {
    /// The keys left dropped when rows refuse a statement after their drop, and what they may
    /// refuse there; `None` where none is.
    left: Option<Left>,
    /// What rows may refuse in the statements after the first that changes the database (any
    /// but a `SET`): a refusal there leaves the statements before it done, and the migration
    /// run again from its start fails at the first of them (a column or a UNIQUE already
    /// there). A refusal of the first change leaves nothing done, and is not among them.
    after_change: Vec<crate::mysql_rows_guard::Refusal>,
}

/// What `statements` (one way of a MySQL migration, in order) leave behind when rows refuse
/// one of them: the keys left dropped when rows refuse a statement after their drop, and what
/// rows may refuse after the first change. `dropped_keys` gives the shape of the keys this way
/// drops ([`added_keys`] of the other way), by which one added back under another name
/// (`fk_old` to `fk_new`) is known; `retyped`, the rows this way's type changes refuse.
fn walked(
    statements: &[String],
    dropped_keys: &[((String, String), String)],
    narrows: &dyn Fn(&str, &str) -> bool,
    retyped: &[&crate::mysql_rows_guard::Retyped],
) -> Walked {
    // Keys dropped and added back later in the same way.
    let parsed: Vec<Option<(String, Vec<String>)>> =
        statements.iter().map(|s| alter_clauses(s)).collect();
    let renames = table_renames(&parsed);
    // The warnings name a table as the spec does (`members`), the statements as it is named
    // there (`users`, before the down migration's rename back): any of its names will do.
    let said_of_any_name =
        |table: &str, name: &str| names_of(table, &renames).iter().any(|t| narrows(t, name));
    // The (table, key) a key dropped from `table` by statement `at` is added back as: under
    // the same names, or on the table renamed (`RENAME TO`, in that statement or a later one)
    // with a default name made from the table's (`fk_posts_user_id` of `posts` comes back as
    // `fk_articles_user_id` of `articles`).
    let added_back = |at: usize, table: &str, key: &str| -> Option<(String, String)> {
        let mut names = vec![(table.to_string(), key.to_string())];
        for (t, clauses) in parsed[at..].iter().flatten() {
            let (current, _) = names.last().unwrap().clone();
            if *t != current {
                continue;
            }
            for c in clauses {
                if let Some(rest) = c.strip_prefix("RENAME TO ") {
                    let new = unquoted(identifier_at(rest)).into_owned();
                    let renamed = key
                        .strip_prefix(&format!("fk_{table}_"))
                        .map_or(key.to_string(), |cols| format!("fk_{new}_{cols}"));
                    names.push((new, renamed));
                }
            }
        }
        // As this way adds it back: referencing the table under the name this way renames it to.
        let shape = (dropped_keys.iter())
            .find(|((t, k), _)| t == table && k == key)
            .map(|(_, s)| shape_after_renames(s, &renames));
        parsed[at + 1..].iter().flatten().find_map(|(t, clauses)| {
            // The same key (columns, referenced table and columns) under another name (`fk_old`
            // renamed `fk_new`, the table it references renamed or not); one on the same
            // columns referencing another table is not it.
            let same_key = clauses.iter().find_map(|c| {
                let rest = c.strip_prefix("ADD CONSTRAINT ")?;
                (key_shape(c).as_deref() == Some(shape.as_deref()?))
                    .then(|| unquoted(identifier_at(rest)).into_owned())
            });
            if let Some(name) = same_key.filter(|_| names.iter().any(|(n, _)| n == t)) {
                return Some((t.clone(), name));
            }
            let added = |name: &str| {
                clauses.iter().any(|c| {
                    c.strip_prefix("ADD CONSTRAINT ").is_some_and(|rest| {
                        unquoted(identifier_at(rest)) == name && rest.contains("FOREIGN KEY")
                    })
                })
            };
            (names.iter())
                .find(|(n, k)| n == t && (added(k) || added(key)))
                .map(|(n, k)| {
                    (
                        n.clone(),
                        if added(k) { k.clone() } else { key.to_string() },
                    )
                })
        })
    };
    // Each key dropped and not yet added back: as dropped (named so in the warning), and as it
    // comes back.
    let mut pending: Vec<(String, String)> = Vec::new();
    let mut pending_alone: Vec<bool> = Vec::new();
    let mut back: Vec<(String, String)> = Vec::new();
    let mut left: Option<Left> = None;
    // What the statements so far did to the tables, for the rows to be looked for before the
    // migration (`mysql_rows_guard`).
    let mut changed = crate::mysql_rows_guard::Changed::default();
    // What rows may refuse after the first statement that changes the database (the
    // session's `SET`s do not): `None` until that statement has run.
    let mut after_change: Option<Vec<crate::mysql_rows_guard::Refusal>> = None;
    for (i, statement) in parsed.iter().enumerate() {
        let Some((table, clauses)) = statement else {
            changed.other(&statements[i]);
            let set = (statements[i].trim_start().get(..4))
                .is_some_and(|w| w.eq_ignore_ascii_case("SET "));
            if !set {
                after_change.get_or_insert_with(Vec::new);
            }
            continue;
        };
        // A type change refuses the values as the statements before it left them; a rule
        // reads them as its own statement leaves them.
        let before = changed.clone();
        changed.alter(table, clauses, narrows);
        let what: Vec<crate::mysql_rows_guard::Refusal> = clauses
            .iter()
            .filter_map(|c| {
                let said = refusable(c, table, &back, &said_of_any_name)?;
                let rows = if c.starts_with("MODIFY COLUMN ") {
                    crate::mysql_rows_guard::retyped_rows(c, table, clauses, &before, retyped)
                } else {
                    crate::mysql_rows_guard::refused_rows(c, table, &changed)
                };
                Some(crate::mysql_rows_guard::Refusal {
                    said: format!("{said} of '{table}'"),
                    table: table.clone(),
                    rows,
                })
            })
            .collect();
        if let Some(after_change) = after_change.as_mut() {
            after_change.extend(what.iter().cloned());
        }
        after_change.get_or_insert_with(Vec::new);
        if !what.is_empty() && !pending.is_empty() {
            let l = left.get_or_insert_with(|| Left {
                keys: Vec::new(),
                alone: Vec::new(),
                what: Vec::new(),
            });
            for (k, &alone) in pending.iter().zip(&pending_alone) {
                if !l.keys.contains(k) {
                    l.keys.push(k.clone());
                    l.alone.push(alone);
                }
            }
            l.what.extend(what);
        }
        // (MySQL drops a foreign key's index with it, `DROP INDEX`, in the same statement.)
        let alone = (clauses.iter())
            .all(|c| c.starts_with("DROP FOREIGN KEY ") || c.starts_with("DROP INDEX "));
        for c in clauses {
            if let Some(rest) = c.strip_prefix("DROP FOREIGN KEY ") {
                let key = unquoted(identifier_at(rest)).into_owned();
                if let Some(as_added) = added_back(i, table, &key) {
                    pending.push((table.clone(), key));
                    pending_alone.push(alone);
                    back.push(as_added);
                }
            } else if let Some(rest) = c.strip_prefix("ADD CONSTRAINT ") {
                let key = unquoted(identifier_at(rest));
                while let Some(at) = (back.iter()).position(|(t, k)| t == table && *k == key) {
                    back.remove(at);
                    pending.remove(at);
                    pending_alone.remove(at);
                }
            }
        }
    }
    Walked {
        left,
        after_change: after_change.unwrap_or_default(),
    }
}

/// "'a', 'b' and 'c'".
fn listed(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// What a MySQL migration from previousSpec says and does where its up or down statements drop
/// a foreign key, or make any change, before a statement rows can refuse ([`checked`]).
#[derive(Debug, Default)]
pub struct KeysLeft {
    /// The warnings: `ROWS_REFUSE_CHANGE` for the up migration, `DOWN_DATA_LOSS` for the down.
    pub issues: Vec<Issue>,
    /// The statements that go at the top of the up migration (after the session's `SET`s) and
    /// stop it before any change when the rows refuse what can be looked for
    /// ([`crate::mysql_rows_guard`]).
    pub up_guard: Vec<String>,
    /// The same for the down migration.
    pub down_guard: Vec<String>,
}

/// The warnings of a MySQL migration from previousSpec whose up (`up`) or down (`down`)
/// statements leave a foreign key dropped, or any change made, when rows refuse a later
/// statement, and the statements that look for such rows first; `report` holds the warnings so far, which say
/// what column changes can refuse values, and `retyped` the rows type changes refuse, each way.
pub fn checked(
    up: &[Vec<String>],
    down: &[Vec<String>],
    report: &Report,
    retyped: &[crate::mysql_rows_guard::Retyped],
) -> KeysLeft {
    // (table, column or constraint) that a warning of `codes` speaks of.
    let said_with = |codes: &'static [&'static str]| {
        move |table: &str, name: &str| {
            report.warnings.iter().any(|w| {
                codes.contains(&w.code.as_str())
                    // (A DOWN_DATA_LOSS of what is dropped, not refused, is no refusal.)
                    && (w.code.as_str() != "DOWN_DATA_LOSS"
                        || w.message.contains("fail")
                        || w.message.contains("refuse"))
                    && w.table.as_deref() == Some(table)
                    && (w.column.as_deref() == Some(name) || w.constraint.as_deref() == Some(name))
            })
        }
    };
    let up_narrows = said_with(&[
        "TYPE_NARROWING",
        "NOT_NULL_WITHOUT_DEFAULT",
        "ROWS_REFUSE_CHANGE",
    ]);
    let down_narrows = said_with(&["DOWN_DATA_LOSS"]);
    let (up, down) = (statements(up), statements(down));
    let mut out = KeysLeft::default();
    for (down_way, statements, other) in [(false, &up, &down), (true, &down, &up)] {
        let narrows: &dyn Fn(&str, &str) -> bool =
            if down_way { &down_narrows } else { &up_narrows };
        let way: Vec<&crate::mysql_rows_guard::Retyped> =
            retyped.iter().filter(|r| r.down == down_way).collect();
        let walked = walked(statements, &added_keys(other), narrows, &way);
        let migration = if down_way {
            "down migration"
        } else {
            "migration"
        };
        let guard = crate::mysql_rows_guard::statements(&walked.after_change, migration);
        // What the key's warning does not say is looked for: rules after another change.
        let key_said: Vec<&str> = (walked.left.iter())
            .flat_map(|l| l.what.iter().map(|r| r.said.as_str()))
            .collect();
        let others: Vec<&crate::mysql_rows_guard::Refusal> = (walked.after_change.iter())
            .filter(|r| r.rows.is_some() && !key_said.contains(&r.said.as_str()))
            .collect();
        if let Some(left) = &walked.left {
            out.issues.push(key_warning(left, down_way));
        }
        if !others.is_empty() {
            out.issues.push(guard_warning(&others, down_way));
        }
        if down_way {
            out.down_guard = guard;
        } else {
            out.up_guard = guard;
        }
    }
    out
}

/// The warning of one way of a MySQL migration (`down_way`: the down migration) that leaves
/// the keys of `left` dropped when rows refuse a later statement: which keys, what rows may
/// refuse, and whether the migration looks for those rows before its first change.
fn key_warning(left: &Left, down_way: bool) -> Issue {
    let (migration, rows) = if down_way {
        ("down migration", "rows written since")
    } else {
        ("migration", "existing rows")
    };
    let (looked, unlooked): (Vec<_>, Vec<_>) = left.what.iter().partition(|r| r.rows.is_some());
    let looked: Vec<String> = looked.iter().map(|r| r.said.clone()).collect();
    let unlooked: Vec<String> = unlooked.iter().map(|r| r.said.clone()).collect();
    let keys: Vec<String> = left
        .keys
        .iter()
        .map(|(t, k)| format!("'{k}' of '{t}'"))
        .collect();
    let (key_word, stays, it, references) = if keys.len() == 1 {
        ("foreign key", "stays dropped", "it", "references")
    } else {
        ("foreign keys", "stay dropped", "them", "reference")
    };
    let its = if keys.len() == 1 { "its" } else { "their" };
    let they = if keys.len() == 1 { "it" } else { "they" };
    let checked_first = format!(
        "the {migration} first looks for {rows} that {} refuse{} and, if there are some, stops there before any change (MySQL's error 1231: Variable 'sql_mode' can't be set to the value of 'the {migration} stopped before any change: rows refuse …'): past its first change, as MySQL commits each statement, the {key_word} {}, which it drops in an earlier statement to change what {they} {references}, would stay dropped, and the {migration} run again would fail at its DROP FOREIGN KEY",
        listed(&looked),
        if looked.len() == 1 { "s" } else { "" },
        listed(&keys),
    );
    let message = if unlooked.is_empty() {
        checked_first
    } else {
        // Where the keys are dropped: a refusal of the statement that drops them with other
        // changes of their table leaves them in place, and so is not among `unlooked`.
        let dropped_in = if left.alone.iter().all(|&a| a) {
            format!("in an earlier statement of {its} own")
        } else if left.alone.iter().all(|&a| !a) {
            format!("in an earlier statement, with the other changes of {its} table (a refusal of which leaves {it} in place)")
        } else {
            format!("in an earlier statement (of {its} own, or with other changes of the table)")
        };
        let message = format!(
            "if {rows} refuse {} (MySQL commits each statement), the {key_word} {} {stays}: the {migration} drops {it} {dropped_in}, to change what {they} {references}, and adds {it} back only at its end; rows that break it can then be written, and the {migration} run again fails at its DROP FOREIGN KEY; it cannot look for those rows before its first change, as a statement before {} (or {}) changes the values or names {} {}, or no query tells the values {} {}",
            listed(&unlooked),
            listed(&keys),
            if unlooked.len() == 1 { "it" } else { "them" },
            if unlooked.len() == 1 { "its own" } else { "their own" },
            if unlooked.len() == 1 { "it" } else { "they" },
            if unlooked.len() == 1 { "reads" } else { "read" },
            if unlooked.len() == 1 { "it" } else { "they" },
            if unlooked.len() == 1 { "refuses" } else { "refuse" },
        );
        if looked.is_empty() {
            message
        } else {
            format!("{message}; {checked_first}")
        }
    };
    let message = if down_way && !unlooked.is_empty() {
        format!(
            "{message}; a refusal leaves {}",
            crate::spec_change::MYSQL_DOWN_STOPPED
        )
    } else {
        message
    };
    let suggestion = if unlooked.is_empty() {
        format!(
            "if the {migration} stops so, nothing has changed: mend the rows that refuse {} (the other warnings on it give the rows to look for), then run it again",
            listed(&looked)
        )
    } else {
        format!(
            "before running the {migration}, check the rows against {} (the other warnings on it give the rows to look for); if it stopped there, mend the rows and run its statements from the failed one on",
            listed(&unlooked)
        )
    };
    let code = if down_way {
        Code::DownDataLoss
    } else {
        Code::RowsRefuseChange
    };
    let mut issue = Issue::warning(code, message)
        .table(&left.keys[0].0)
        .suggest(suggestion);
    if left.keys.len() == 1 {
        issue = issue.constraint(&left.keys[0].1);
    }
    issue
}

/// The warning of one way of a MySQL migration (`down_way`: the down migration) that looks for
/// the rows refusing `refusals` (statements after its first change, which no key's warning
/// names) before its first change: MySQL commits each statement, and a refusal past the first
/// change would leave the statements before it done, where the migration run again from its
/// start fails (the column or UNIQUE it added already there).
fn guard_warning(refusals: &[&crate::mysql_rows_guard::Refusal], down_way: bool) -> Issue {
    let (migration, rows, code) = if down_way {
        ("down migration", "rows written since", Code::DownDataLoss)
    } else {
        ("migration", "existing rows", Code::RowsRefuseChange)
    };
    let said: Vec<String> = refusals.iter().map(|r| r.said.clone()).collect();
    let (refuse, it) = if said.len() == 1 {
        ("refuses", "it")
    } else {
        ("refuse", "them")
    };
    let message = format!(
        "the {migration} first looks for {rows} that {} {refuse} and, if there are some, stops there before any change (MySQL's error 1231: Variable 'sql_mode' can't be set to the value of 'the {migration} stopped before any change: rows refuse …'): as MySQL commits each statement, a refusal past its first change would leave the statements before {it} done, and the {migration} run again from its start would fail at the first of them (a column, key or table already there, or already gone)",
        listed(&said),
    );
    let suggestion = format!(
        "if the {migration} stops so, nothing has changed: mend the rows that refuse {} (the other warnings on {it} give the rows to look for), then run it again",
        listed(&said)
    );
    Issue::warning(code, message)
        .table(&refusals[0].table)
        .suggest(suggestion)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    /// The keys `statements` leave dropped ([`walked`]).
    fn left_dropped(
        statements: &[String],
        dropped_keys: &[((String, String), String)],
        narrows: &dyn Fn(&str, &str) -> bool,
        retyped: &[&crate::mysql_rows_guard::Retyped],
    ) -> Option<Left> {
        walked(statements, dropped_keys, narrows, retyped).left
    }

    /// What rows can refuse after the keys left dropped, as the warning names it.
    fn saids(left: &Left) -> Vec<&str> {
        left.what.iter().map(|r| r.said.as_str()).collect()
    }

    #[test]
    fn a_key_dropped_before_a_refusable_statement_of_another_is_named() {
        let statements = strings(&[
            "ALTER TABLE tasks DROP FOREIGN KEY fk_t;",
            "ALTER TABLE projects MODIFY COLUMN id BIGINT NOT NULL AUTO_INCREMENT;",
            "ALTER TABLE tasks\n  MODIFY COLUMN project_id BIGINT NOT NULL,\n  ADD CONSTRAINT chk_p CHECK (p > 0);",
            "ALTER TABLE tasks\n  ADD CONSTRAINT fk_t\n  FOREIGN KEY (project_id) REFERENCES projects (id);",
        ]);
        let said = |t: &str, n: &str| (t, n) == ("tasks", "chk_p");
        let left = left_dropped(&statements, &[], &said, &[]).unwrap();
        assert_eq!(left.keys, [("tasks".to_string(), "fk_t".to_string())]);
        assert_eq!(saids(&left), ["the CHECK 'chk_p' of 'tasks'"]);
        // A CHECK no warning speaks of (one made again as it was) is not what rows refuse.
        assert!(left_dropped(&statements, &[], &|_, _| false, &[]).is_none());
        // Dropped in the statement rows refuse: it fails whole, the key stays.
        let folded = strings(&[
            "ALTER TABLE tasks\n  DROP FOREIGN KEY fk_t,\n  ADD CONSTRAINT chk_p CHECK (p > 0);",
            "ALTER TABLE tasks\n  ADD CONSTRAINT fk_t\n  FOREIGN KEY (project_id) REFERENCES projects (id);",
        ]);
        assert!(left_dropped(&folded, &[], &said, &[]).is_none());
        // A MODIFY counts when it narrows; a key dropped for good is no key left dropped.
        let narrowed = strings(&[
            "ALTER TABLE tasks DROP FOREIGN KEY fk_t;",
            "ALTER TABLE tasks DROP FOREIGN KEY fk_gone;",
            "ALTER TABLE `projects` MODIFY COLUMN `budget` DECIMAL(12,2);",
            "ALTER TABLE tasks\n  ADD CONSTRAINT fk_t\n  FOREIGN KEY (project_id) REFERENCES projects (id);",
        ]);
        assert!(left_dropped(&narrowed, &[], &|_, _| false, &[]).is_none());
        let left = left_dropped(
            &narrowed,
            &[],
            &|t, c| (t, c) == ("projects", "budget"),
            &[],
        )
        .unwrap();
        assert_eq!(left.keys, [("tasks".to_string(), "fk_t".to_string())]);
        assert_eq!(saids(&left), ["the change of 'budget' of 'projects'"]);
    }

    /// What rows may refuse after the first change (any statement but a `SET`) is what the
    /// migration looks for first, key dropped or not; a refusal of the first change, which
    /// leaves nothing done, is not; nor is what no warning says rows may refuse.
    #[test]
    fn what_rows_refuse_after_the_first_change_is_looked_for_first() {
        let said =
            |t: &str, n: &str| matches!((t, n), ("m", "uq_m") | ("o", "chk_o") | ("o", "note"));
        let refused = |statements: &[&str]| -> Vec<(String, bool)> {
            let walked = walked(&strings(statements), &[], &said, &[]);
            assert!(walked.left.is_none());
            (walked.after_change.iter())
                .map(|r| (r.said.clone(), r.rows.is_some()))
                .collect()
        };
        let up = [
            "SET @mg_session_sql_mode = @@SESSION.sql_mode;",
            "ALTER TABLE m ADD CONSTRAINT uq_m UNIQUE (email);",
            "ALTER TABLE o\n  MODIFY COLUMN note VARCHAR(10),\n  ADD CONSTRAINT chk_o CHECK (qty > 0);",
            "ALTER TABLE a ADD COLUMN x INT;",
        ];
        assert_eq!(
            refused(&up),
            [
                ("the change of 'note' of 'o'".to_string(), false),
                ("the CHECK 'chk_o' of 'o'".to_string(), true),
            ]
        );
        // The first change alone may be refused: nothing to look for.
        assert!(refused(&[up[0], up[1], up[3]]).is_empty());
        assert!(refused(&[up[0], up[3]]).is_empty());
        // After a column added, the UNIQUE is; after a table dropped, a rule of another is
        // looked for.
        let after_add = refused(&[up[0], up[3], up[1]]);
        assert_eq!(after_add, [("the UNIQUE 'uq_m' of 'm'".to_string(), true)]);
        let after_drop = refused(&["DROP TABLE IF EXISTS tags;", up[1]]);
        assert_eq!(after_drop, after_add);
    }

    /// A key dropped from a table the migration renames comes back on the new name, under the
    /// default name made from it: left dropped when rows refuse a statement in between.
    #[test]
    fn a_key_of_a_renamed_table_dropped_before_a_refusable_statement_is_named() {
        let statements = strings(&[
            "ALTER TABLE posts\n  DROP FOREIGN KEY fk_posts_user_id,\n  RENAME TO articles;",
            "ALTER TABLE articles ADD CONSTRAINT uq_articles_slug UNIQUE (slug);",
            "ALTER TABLE articles\n  ADD CONSTRAINT fk_articles_user_id\n  FOREIGN KEY (user_id) REFERENCES users (id);",
        ]);
        let said = |t: &str, n: &str| (t, n) == ("articles", "uq_articles_slug");
        let left = left_dropped(&statements, &[], &said, &[]).unwrap();
        assert_eq!(
            left.keys,
            [("posts".to_string(), "fk_posts_user_id".to_string())]
        );
        assert_eq!(
            saids(&left),
            ["the UNIQUE 'uq_articles_slug' of 'articles'"]
        );
        // Refused after the key is back: nothing left dropped.
        let mut later = statements.clone();
        later.swap(1, 2);
        assert!(left_dropped(&later, &[], &said, &[]).is_none());
    }

    /// A key that comes back under another name (the spec's `fk_custom`) on the same columns is
    /// known by the columns the other way adds it back with; a step's statements joined by new
    /// lines are read one by one.
    #[test]
    fn a_key_back_under_another_name_and_joined_statements_are_followed() {
        let up = vec![strings(&[
            "ALTER TABLE posts\n  DROP FOREIGN KEY fk_posts_user_id,\n  RENAME TO articles;\nALTER TABLE articles\n  MODIFY COLUMN user_id BIGINT NOT NULL,\n  ADD CONSTRAINT chk_p CHECK (id > 0);",
            "ALTER TABLE articles RENAME INDEX fk_posts_user_id TO fk_custom;\nALTER TABLE articles\n  ADD CONSTRAINT fk_custom\n  FOREIGN KEY (user_id) REFERENCES users (id);",
        ])];
        let down = vec![strings(&[
            "ALTER TABLE articles DROP FOREIGN KEY fk_custom;",
            "ALTER TABLE articles\n  DROP CONSTRAINT chk_p,\n  RENAME TO posts;",
            "ALTER TABLE posts\n  ADD CONSTRAINT fk_posts_user_id\n  FOREIGN KEY ( user_id ) REFERENCES users (id);",
        ])];
        let said = |t: &str, n: &str| (t, n) == ("articles", "chk_p");
        let (up, down) = (statements(&up), statements(&down));
        assert_eq!(up.len(), 4, "{up:?}");
        let left = left_dropped(&up, &added_keys(&down), &said, &[]).unwrap();
        assert_eq!(
            left.keys,
            [("posts".to_string(), "fk_posts_user_id".to_string())]
        );
        assert_eq!(saids(&left), ["the CHECK 'chk_p' of 'articles'"]);
        // Without the other way's keys, a name of the spec's is not followed.
        assert!(left_dropped(&up, &[], &said, &[]).is_none());
    }

    /// A `;` ending a line inside a string, a quoted name or a comment ends no statement.
    #[test]
    fn statements_are_cut_outside_quoted_text_and_comments() {
        let joined = "ALTER TABLE tasks DROP FOREIGN KEY fk_t;\nALTER TABLE tasks\n  ADD CONSTRAINT chk_p CHECK (note <> 'a;\nb' AND `x;\ny` <> 'it''s;\n'),\n  MODIFY COLUMN note VARCHAR(9) DEFAULT \"c;\nd\";\n/* x;\n */ALTER TABLE t -- y;\n  DROP COLUMN a;\nALTER TABLE u # z;\n  DROP COLUMN b;";
        let cut = statements(&[vec![joined.to_string()]]);
        assert_eq!(
            cut,
            [
                "ALTER TABLE tasks DROP FOREIGN KEY fk_t;",
                "ALTER TABLE tasks\n  ADD CONSTRAINT chk_p CHECK (note <> 'a;\nb' AND `x;\ny` <> 'it''s;\n'),\n  MODIFY COLUMN note VARCHAR(9) DEFAULT \"c;\nd\";",
                "/* x;\n */ALTER TABLE t -- y;\n  DROP COLUMN a;",
                "ALTER TABLE u # z;\n  DROP COLUMN b;",
            ]
        );
        let (_, clauses) = alter_clauses(&cut[1]).unwrap();
        assert!(
            clauses[0].starts_with("ADD CONSTRAINT chk_p CHECK"),
            "{clauses:?}"
        );
    }

    /// A key added later on the same columns but referencing another table, or other columns,
    /// is not the dropped key coming back under another name: that key is dropped for good.
    #[test]
    fn a_key_on_the_same_columns_referencing_elsewhere_is_not_the_dropped_one() {
        let up_with = |references: &str| {
            strings(&[
                "ALTER TABLE tasks DROP FOREIGN KEY fk_t;",
                "ALTER TABLE tasks ADD CONSTRAINT chk_p CHECK (p > 0);",
                &format!("ALTER TABLE tasks\n  ADD CONSTRAINT fk_new\n  FOREIGN KEY (project_id) REFERENCES {references};"),
            ])
        };
        let down = strings(&[
            "ALTER TABLE tasks\n  ADD CONSTRAINT `fk_t`\n  FOREIGN KEY (`project_id`) REFERENCES `projects` (`id`);",
        ]);
        let said = |t: &str, n: &str| (t, n) == ("tasks", "chk_p");
        let dropped = added_keys(&down);
        let back = left_dropped(&up_with("projects (id)"), &dropped, &said, &[]).unwrap();
        assert_eq!(back.keys, [("tasks".to_string(), "fk_t".to_string())]);
        for elsewhere in ["archive (id)", "projects (code)"] {
            assert!(
                left_dropped(&up_with(elsewhere), &dropped, &said, &[]).is_none(),
                "{elsewhere}"
            );
        }
    }

    /// A key that comes back under another name of the spec's (`fk_old` to `fk_new`) and
    /// references a table this way renames (`users` to `members`) is the dropped key: the
    /// other way adds it back referencing the old name. Renames are followed one after another,
    /// and a table's warnings are found under any of its names.
    #[test]
    fn a_key_back_under_another_name_referencing_a_renamed_table_is_followed() {
        let up = strings(&[
            "ALTER TABLE posts DROP FOREIGN KEY fk_old;",
            "ALTER TABLE users RENAME TO members;",
            "ALTER TABLE members ADD CONSTRAINT email UNIQUE (email);",
            "ALTER TABLE posts RENAME INDEX fk_old TO fk_new;",
            "ALTER TABLE posts\n  ADD CONSTRAINT fk_new\n  FOREIGN KEY (user_id) REFERENCES members (id);",
        ]);
        let down = strings(&[
            "ALTER TABLE posts\n  ADD CONSTRAINT `fk_old`\n  FOREIGN KEY (`user_id`) REFERENCES `users` (`id`);",
        ]);
        let said = |t: &str, n: &str| (t, n) == ("members", "email");
        let left = left_dropped(&up, &added_keys(&down), &said, &[]).unwrap();
        assert_eq!(left.keys, [("posts".to_string(), "fk_old".to_string())]);
        assert_eq!(saids(&left), ["the UNIQUE 'email' of 'members'"]);
        // Refused after the key is back: nothing left dropped.
        let mut later = up.clone();
        later.swap(2, 4);
        assert!(left_dropped(&later, &added_keys(&down), &said, &[]).is_none());
        assert_eq!(
            shape_after_renames(
                "(a,b)REFERENCESusers(id,x)",
                &[("users".into(), "u2".into()), ("u2".into(), "u3".into())]
            ),
            "(a,b)REFERENCESu3(id,x)"
        );
        let renames = [("members".to_string(), "users".to_string())];
        assert_eq!(names_of("users", &renames), ["users", "members"]);
        assert_eq!(names_of("posts", &renames), ["posts"]);
    }
}
