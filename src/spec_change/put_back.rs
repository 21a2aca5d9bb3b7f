//! The rules (UNIQUE, CHECK, foreign key) the down migration puts back that rows written
//! since the up migration may break, said as `DOWN_DATA_LOSS`.

use super::nulls_filled::{filled_clause, filled_nulls};
use super::one_value::keeps_apart;
use super::{canonical, words};
use crate::dialect::{column_list, Dialect};
use crate::report::{Code, Issue};
use crate::spec::*;

/// A referenced table and its columns, as previousSpec names them, to (table, columns) as the
/// spec names them.
pub type NamedNow<'a> = dyn Fn(&str, &[String]) -> (String, Vec<String>) + 'a;

/// What [`put_back`] knows of the other tables: the tables of previousSpec the spec leaves out
/// (kept, or dropped: what the down migration puts back onto one is said with its drop), and
/// the names a referenced table and its columns have now (renamed by the spec).
pub struct Around<'a> {
    /// Whether previousSpec's table of this name is left out of the spec.
    pub left_out: &'a dyn Fn(&str) -> bool,
    /// A referenced table and its columns, as previousSpec names them, under their names now.
    pub now: &'a NamedNow<'a>,
    /// The table's name in previousSpec, when the spec renames it: the down migration renames
    /// it back first, so what it puts back is said of the table under that name, and a foreign
    /// key named after the table (`fk_{table}_{columns}`) under the name it is added with.
    pub renamed_from: Option<&'a str>,
}

/// The query that finds the rows of `table` whose values repeat in `columns`, in `d`'s SQL.
fn repeats_query(d: &dyn Dialect, table: &str, columns: &[String]) -> String {
    let list = (columns.iter())
        .map(|c| d.identifier(c).into_owned())
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "SELECT {list}, count(*) FROM {} GROUP BY {list} HAVING count(*) > 1",
        d.identifier(table)
    )
}

/// `DOWN_DATA_LOSS` for each rule of `previous` (its columns renamed as `renames` says) that the
/// up migration drops or loosens and the down migration puts back, where rows written in
/// between may break it: a UNIQUE (constraint, unique index or column), a CHECK, a foreign key.
/// The down migration then fails there (a user trial's failed on a duplicate e-mail, where a
/// key made again and a column made NOT NULL again were said). Rules on a column the spec leaves
/// out are not said: kept, they stay, and dropped, the column comes back with values of its own
/// (see [`column_back`](super::column_back::column_back)); nor is a foreign key to a table the spec leaves out (see [`Around`]).
/// A rule is the same when only its spelling or the names of what it names change.
pub fn put_back(
    d: &dyn Dialect,
    previous: &Table,
    table: &Table,
    renames: &[(String, String)],
    around: &Around,
) -> Vec<Issue> {
    let stays = |columns: &[String]| columns.iter().all(|c| table.column(c).is_some());
    // An expression of `previous` with its renamed columns named anew (the columns only, not
    // the text of a string literal: `status IN ('status')`), in one spelling; `None` where it
    // cannot be read (what it says is then said).
    let renamed = |text: &str| -> Option<String> {
        let new_name = |i: &sqlparser::ast::Ident| {
            let (_, new) = renames
                .iter()
                .find(|(old, _)| crate::expr::names_column(i, old))?;
            Some(crate::expr::renamed_ident(i, new))
        };
        crate::expr::replace_columns(d.parser(), text, &new_name).map(|t| canonical(d, &t))
    };
    let mysql = if d.database_type() == DatabaseType::Mysql {
        concat!(", leaving ", mysql_down_stopped!())
    } else {
        ""
    };
    let name = &table.name;
    // The table as the down migration names it when it puts the rules back (renamed back).
    let of = match around.renamed_from {
        Some(old) => format!("'{old}' (which '{name}' is named again by then)"),
        None => format!("'{name}'"),
    };
    // (`what` of the table, then `back`: "back", or "unique again" for a column.) Where the
    // up migration fills NULLs there, the rows it filled are said too, with a query.
    let repeat = |what: String, back: &str, columns: &[String]| {
        let filled = filled_nulls(d, previous, table, columns);
        let clause = filled_clause(&filled, columns);
        let issue = Issue::warning(
            Code::DownDataLoss,
            format!("the down migration {what} of {of} {back}: rows written since that repeat values in ({}) make it fail{clause}{mysql}", column_list(columns)),
        )
        .table(name);
        if filled.is_empty() {
            issue.suggest("before running the down migration, remove or mend the rows whose values repeat there")
        } else {
            issue.suggest(format!("before running the down migration, find the rows whose values repeat there ({}) and give them values of their own, or delete them", repeats_query(d, name, columns)))
        }
    };
    let mut issues = Vec::new();
    for u in &previous.unique_constraints {
        if stays(&u.columns) && !keeps_apart(table, &u.columns) {
            issues.push(
                repeat(
                    format!("adds the UNIQUE constraint '{}'", u.name),
                    "back",
                    &u.columns,
                )
                .constraint(&u.name),
            );
        }
    }
    for c in previous.columns.iter().filter(|c| c.unique) {
        let columns = std::slice::from_ref(&c.name);
        if stays(columns) && !keeps_apart(table, columns) {
            issues.push(
                repeat(
                    format!("makes the column '{}'", c.name),
                    "unique again",
                    columns,
                )
                .column(&c.name),
            );
        }
    }
    for i in previous.indexes.iter().filter(|i| i.unique) {
        let predicate = i.predicate.as_deref().map(renamed);
        let same = predicate.as_ref().is_none_or(Option::is_some)
            && table.indexes.iter().any(|j| {
                j.unique
                    && j.columns == i.columns
                    && j.predicate.as_deref().map(|p| Some(canonical(d, p))) == predicate
            });
        if stays(&i.columns) && !same && !keeps_apart(table, &i.columns) {
            issues.push(
                repeat(
                    format!("creates the unique index '{}'", i.name),
                    "back",
                    &i.columns,
                )
                .constraint(&i.name),
            );
        }
    }
    // Whether a column of `table` is of the type it was in `previous` (whose columns are named
    // anew, see `with_renamed`, or else as they were).
    let unchanged = |column: &Column| {
        let old = (renames.iter().find(|(_, new)| *new == column.name))
            .map_or(column.name.as_str(), |(old, _)| old.as_str());
        let before = previous
            .column(&column.name)
            .or_else(|| previous.column(old));
        before.is_some_and(|p| crate::check_implies::same_type(d, p, column))
    };
    // The query that finds the rows the CHECK of `previous` written `text` refuses when the
    // down migration adds it back, over the database before it: its columns under their names
    // in the spec, read converted back to previousSpec's type where the spec changes it (as the
    // down migration converts them: PostgreSQL's `USING due::DATE`, MySQL's MODIFY COLUMN, as
    // `CAST(due AS DATE)`); `None` where it cannot be read, or reads a column the spec drops.
    let before_down = |text: &str| -> Option<String> {
        // (A name `text` reads: the column of `previous` (named anew, or as it was), and the
        // spec's.)
        let columns_of = |read: &str| {
            let now = (renames
                .iter()
                .find(|(old, _)| old.eq_ignore_ascii_case(read)))
            .map_or(read, |(_, new)| new.as_str());
            let old = previous.column(now).or_else(|| previous.column(read))?;
            Some((old, table.column(now)))
        };
        let names = crate::expr::check_expression(d.parser(), text).ok()?;
        (names.iter().filter_map(|w| columns_of(w)))
            .all(|(_, new)| new.is_some())
            .then_some(())?;
        let column = |i: &sqlparser::ast::Ident| {
            let read = (previous.columns.iter().map(|c| c.name.as_str()))
                .chain(renames.iter().map(|(old, _)| old.as_str()))
                .find(|c| crate::expr::names_column(i, c))?;
            let (old, new) = columns_of(read)?;
            let new = new?;
            let name = d.identifier(&new.name).into_owned();
            Some(if crate::check_implies::same_type(d, old, new) {
                name
            } else {
                crate::rows_refuse_hints::converted(d, new, old, name)
            })
        };
        let written = crate::expr::replace_columns(d.parser(), &d.expression(text), &column)?;
        Some(format!(
            "SELECT * FROM {} WHERE NOT ({written})",
            d.identifier(name)
        ))
    };
    for c in &previous.check_constraints {
        // (The columns it names, not the words of its string literals.)
        let names = crate::expr::check_expression(d.parser(), &c.expression)
            .unwrap_or_else(|_| words(&c.expression).map(str::to_string).collect());
        // A CHECK over columns the up migration drops only comes back with them and reads what
        // the down migration gives them (NULL, or their default), as when it was made: nothing
        // to say. One that reads a kept column too reads rows that may have changed since
        // (`coalesce(c, a) > 0`, a reviewer's row a = -1 written since made the down migration
        // fail): said as any other.
        let dropped = |w: &String| {
            previous.column(w).is_some()
                && table.column(w).is_none()
                && !renames.iter().any(|(old, _)| old == w)
        };
        let columns_read: Vec<&String> = names
            .iter()
            .filter(|w| previous.column(w).is_some())
            .collect();
        if !columns_read.is_empty() && columns_read.iter().all(|w| dropped(w)) {
            continue;
        }
        let timed = crate::expr::text_changes_with_time(d.parser(), &c.expression);
        let query = if timed {
            before_down(&c.expression)
        } else {
            None
        };
        let Some(now) = renamed(&c.expression) else {
            let issue = check_back(d, c, &of, mysql, String::new(), (timed, query));
            issues.push(issue.table(name));
            continue;
        };
        // The same CHECK under another name is added back all the same: one whose value
        // changes with the time (`due >= CURRENT_DATE`) may refuse rows it let in then; so is
        // one of the same name over a column whose type changes (dropped and added again
        // around the change, a reviewer's PostgreSQL DATE made TIMESTAMP).
        // (A renamed column's CHECK is dropped and added again around the rename too.)
        let renamed_read =
            (names.iter()).any(|w| (renames.iter()).any(|(old, new)| old == w && old != new));
        let retyped_read = names.iter().any(|w| {
            let renamed_to = renames.iter().find(|(old, _)| old == w);
            let new = renamed_to.map_or(w.as_str(), |(_, new)| new.as_str());
            table.column(new).is_some_and(|column| !unchanged(column))
        });
        let retyped = || renamed_read || retyped_read;
        let same = |n: &CheckConstraint| {
            canonical(d, &n.expression) == now && (!timed || (n.name == c.name && !retyped()))
        };
        if table.check_constraints.iter().any(same) {
            continue;
        }
        // A CHECK the table's CHECKs imply (one put back looser: `qty >= 0` over `qty >= 1`)
        // cannot refuse a row written since: nothing to say. Otherwise, what such a row holds.
        let at = crate::check_implies::Tables {
            database: d.database_type(),
            table,
            unchanged: &unchanged,
        };
        let checks: Vec<&str> = (table.check_constraints.iter())
            .map(|n| n.expression.as_str())
            .collect();
        let refused = match crate::check_implies::implies(d.parser(), &at, &checks, &now) {
            crate::check_implies::Verdict::Implied => continue,
            crate::check_implies::Verdict::MayRefuse(values) => {
                values.map_or(String::new(), |v| format!(" ({})", crate::report::clip(&v)))
            }
        };
        // The same CHECK under its name, dropped and added back as it was around a column
        // renamed or retyped back: said as that, with the rows it refuses then.
        let again = (table.check_constraints.iter())
            .find(|n| timed && n.name == c.name && canonical(d, &n.expression) == now);
        let issue = match again {
            Some(_) => {
                let kind = match (renamed_read, retyped_read) {
                    (true, true) => "rename and type change back",
                    (true, false) => "rename back",
                    _ => "type change back",
                };
                // One column, or more, that the down migration renames or retypes back.
                let rewritten = (names.iter())
                    .filter(|w| {
                        let renamed_to = renames.iter().find(|(old, _)| old == *w);
                        let new = renamed_to.map_or(w.as_str(), |(_, new)| new.as_str());
                        renamed_to.is_some_and(|(old, new)| old != new)
                            || table.column(new).is_some_and(|column| !unchanged(column))
                    })
                    .count();
                let of_what = if rewritten > 1 {
                    "columns it reads"
                } else {
                    "a column it reads"
                };
                let what = format!("{kind} of {of_what}");
                check_back_again(d, c, &of, mysql, (&what, &refused), query)
            }
            None => check_back(d, c, &of, mysql, refused, (timed, query)),
        };
        issues.push(issue.table(name));
    }
    for fk in &previous.foreign_keys {
        if !stays(&fk.columns) || (around.left_out)(&fk.referenced_table) {
            continue;
        }
        let (parent, parent_columns) = (around.now)(&fk.referenced_table, &fk.referenced_columns);
        let same = table.foreign_keys.iter().any(|n| {
            n.columns == fk.columns
                && n.referenced_table == parent
                && n.referenced_columns == parent_columns
        });
        if same {
            continue;
        }
        // Named as the database has it when the down migration adds it: after the table is
        // renamed back (`previous` is named as the spec names it).
        let fk_name = fk.name(around.renamed_from.unwrap_or(&previous.name));
        issues.push(
            Issue::warning(
                Code::DownDataLoss,
                format!("the down migration adds the foreign key '{fk_name}' of {of} back: a row written since whose ({}) matches no row of '{}' makes it fail{mysql}", column_list(&fk.columns), fk.referenced_table),
            )
            .table(name)
            .constraint(&fk_name)
            .suggest(format!("before running the down migration, delete those rows, or set their ({}) to NULL or to a key of '{}'", column_list(&fk.columns), fk.referenced_table)),
        );
    }
    issues
}

/// The `DOWN_DATA_LOSS` warning of the CHECK `c` that the down migration adds back to the table
/// (`of`, as [`put_back`] names it): rows written since that it refuses (`refused`, what such a
/// row holds in parentheses, or nothing) make it fail; `mysql` says what MySQL leaves then. One
/// whose value changes with the time (`timed`) may refuse a row it let in before, one the up
/// migration kept too, when the down migration runs: `query` finds those rows then, where it
/// can be written.
fn check_back(
    d: &dyn Dialect,
    c: &CheckConstraint,
    of: &str,
    mysql: &str,
    refused: String,
    (timed, query): (bool, Option<String>),
) -> Issue {
    let which = if timed {
        format!("its value changes with the time, so a row it let in may be refused when the down migration runs, and a row it refuses then{refused} (one the up migration kept or one written since)")
    } else {
        format!("a row written since that it refuses{refused}")
    };
    Issue::warning(
        Code::DownDataLoss,
        format!("the down migration adds the CHECK '{}' ({}) of {of} back: {which} makes it fail{mysql}", c.name, crate::report::clip(&d.expression(&c.expression))),
    )
    .constraint(&c.name)
    .suggest(match query {
        Some(query) => format!("before running the down migration, find the rows it refuses then with: {query}"),
        None => "before running the down migration, mend the rows that CHECK refuses".to_string(),
    })
}

/// `DOWN_DATA_LOSS` for the CHECK `c` of previousSpec whose value changes with the time, which
/// the spec keeps as it was under its name and the down migration drops and adds back around
/// the `what` (`rename back of a column it reads`), with the values the CHECKs say it refuses
/// (`refused`): added back, it is checked against every row again, and its value having
/// changed with the time since, it may refuse rows it let in. `query` finds those rows, run
/// before the down migration (see `before_down` in [`put_back`]).
fn check_back_again(
    d: &dyn Dialect,
    c: &CheckConstraint,
    of: &str,
    mysql: &str,
    (what, refused): (&str, &str),
    query: Option<String>,
) -> Issue {
    Issue::warning(
        Code::DownDataLoss,
        format!("the down migration drops the CHECK '{}' ({}) of {of} and adds it back as it was, around the {what}, so it is checked against every row again then; its value changes with the time, so a row it let in may be refused then, and a row it refuses then{refused} (one the up migration kept or one written since) makes it fail{mysql}", c.name, crate::report::clip(&d.expression(&c.expression))),
    )
    .constraint(&c.name)
    .suggest(match query {
        Some(query) => format!("before running the down migration, find the rows it refuses then with: {query}"),
        None => "before running the down migration, find and mend the rows it refuses then".to_string(),
    })
}

#[cfg(test)]
mod tests {

    use crate::report::Code;
    use crate::spec_change::test_support::*;

    /// What the up migration drops and the down migration puts back, where rows written in
    /// between can make it fail, is said on every dialect; a rule renamed, kept by another one
    /// (a UNIQUE on fewer columns), over renamed columns or only given other actions is not.
    #[test]
    fn rules_the_down_migration_puts_back_are_said() {
        let a = r#"{"name":"a","columns":[{"name":"id","type":"INTEGER","nullable":false}],"primaryKey":["id"]}"#.to_string();
        let b = |columns: &str, extra: &str| {
            format!(
                r#"{{"name":"b","columns":[{{"name":"id","type":"INTEGER","nullable":false}}{columns}],"primaryKey":["id"]{extra}}}"#
            )
        };
        let cols = r#",{"name":"a_id","type":"INTEGER","nullable":true},{"name":"code","type":"VARCHAR","length":9,"nullable":true},{"name":"n","type":"INTEGER","nullable":true}"#;
        let renamed = r#",{"name":"a_id","type":"INTEGER","nullable":true},{"name":"code","type":"VARCHAR","length":9,"nullable":true},{"name":"qty","type":"INTEGER","nullable":true,"renamedFrom":"n"}"#;
        let rules = r#","uniqueConstraints":[{"name":"uq_b_code","columns":["code","n"]}],"checkConstraints":[{"name":"chk_b_n","expression":"n > 0"}],"indexes":[{"name":"ux_b_n","columns":["n"],"unique":true}],"foreignKeys":[{"columns":["a_id"],"referencedTable":"a","referencedColumns":["id"]}]"#;
        let said = |db: &str, now: &str| {
            let spec = postgres_change(&[a.clone(), now.to_string()], &[a.clone(), b(cols, rules)])
                .replace("postgresql", db);
            warnings_of(&spec, Code::DownDataLoss)
                .into_iter()
                .filter(|m| m.contains(" back: "))
                .map(|m| m.split(" of 'b' back").next().unwrap().to_string())
                .collect::<Vec<_>>()
        };
        for db in ["postgresql", "mysql", "sqlite"] {
            assert_eq!(
                said(db, &b(cols, "")),
                [
                    "the down migration adds the UNIQUE constraint 'uq_b_code'",
                    "the down migration creates the unique index 'ux_b_n'",
                    "the down migration adds the CHECK 'chk_b_n' (n > 0)",
                    "the down migration adds the foreign key 'fk_b_a_id'",
                ],
                "{db}"
            );
            // Renamed, kept by a UNIQUE on fewer columns, given other actions: nothing to say.
            let kept = r#","uniqueConstraints":[{"name":"uq_b_code_only","columns":["code"]}],"checkConstraints":[{"name":"chk_b_n","expression":"n > 0"}],"indexes":[{"name":"ux_b_n2","columns":["n"],"unique":true}],"foreignKeys":[{"columns":["a_id"],"referencedTable":"a","referencedColumns":["id"],"onDelete":"CASCADE"}]"#;
            assert!(said(db, &b(cols, kept)).is_empty(), "{db}");
        }
        // Over a renamed column, the same CHECK is the same rule.
        let over_renamed = rules
            .replace("n > 0", "qty > 0")
            .replace(r#"["code","n"]"#, r#"["code","qty"]"#)
            .replace(r#"["n"]"#, r#"["qty"]"#);
        for db in ["postgresql", "mysql", "sqlite"] {
            assert!(said(db, &b(renamed, &over_renamed)).is_empty(), "{db}");
        }
    }

    /// A CHECK changed whose old expression the down migration puts back looser than the new
    /// one (`qty >= 0` over `qty >= 1`, an IN list with a value twice or more values) cannot
    /// refuse a row written since: not said (a user trial was warned). Put back tighter, it is
    /// said, with what such a row holds; renamed columns and a column whose type changes too.
    #[test]
    fn a_check_put_back_looser_is_not_said_and_one_put_back_tighter_says_the_values() {
        let table = |columns: &str, e: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}}{columns}],"primaryKey":["id"],"checkConstraints":[{{"name":"chk_t","expression":"{e}"}}]}}"#
            )
        };
        let plain = r#",{"name":"qty","type":"INTEGER","nullable":true},{"name":"status","type":"VARCHAR","length":9,"nullable":true}"#;
        let said = |db: &str, now: &str, before: &str, columns: (&str, &str)| {
            let spec = postgres_change(&[table(columns.0, now)], &[table(columns.1, before)])
                .replace("postgresql", db);
            warnings_of(&spec, Code::DownDataLoss)
                .into_iter()
                .filter(|m| m.contains(" back: "))
                .collect::<Vec<_>>()
        };
        for db in ["postgresql", "mysql", "sqlite"] {
            for (now, before) in [
                ("qty >= 1", "qty >= 0"),
                ("status IN ('a', 'b')", "status IN ('a', 'b', 'a')"),
                ("status IN ('a')", "status IN ('a', 'b', 'a')"),
                ("status IN ('b', 'a', 'b')", "status IN ('a', 'b')"),
                (
                    "qty BETWEEN 1 AND 5 AND status <> ''",
                    "qty >= 0 AND status <> ''",
                ),
                ("qty > 0 AND status IS NOT NULL", "qty > 0"),
            ] {
                assert_eq!(
                    said(db, now, before, (plain, plain)),
                    Vec::<String>::new(),
                    "{db}: {before} made {now}"
                );
            }
            for (now, before, values) in [
                ("qty >= 0", "qty >= 1", "qty < 1"),
                (
                    "status IN ('a', 'b', 'c')",
                    "status IN ('a', 'b', 'a')",
                    "status NOT IN ('a', 'b')",
                ),
                ("qty >= 0", "qty BETWEEN 0 AND 10", "qty > 10"),
                (
                    "qty > 0",
                    "qty > 0 AND status IS NOT NULL",
                    "status IS NULL",
                ),
            ] {
                assert_eq!(
                    said(db, now, before, (plain, plain)),
                    [format!("the down migration adds the CHECK 'chk_t' ({before}) of 't' back: a row written since that it refuses ({values}) makes it fail{}", if db == "mysql" { concat!(", leaving ", mysql_down_stopped!()) } else { "" })],
                    "{db}: {before} made {now}"
                );
            }
            // Not read: said as before.
            let said_plain = said(db, "qty > 1", "qty > 0 OR status = 'x'", (plain, plain));
            assert_eq!(said_plain.len(), 1, "{db}");
            assert!(
                said_plain[0].contains("a row written since that it refuses makes it fail"),
                "{db}: {said_plain:?}"
            );
            // Over a renamed column, the same reading.
            let renamed = r#",{"name":"amount","type":"INTEGER","nullable":true,"renamedFrom":"qty"},{"name":"status","type":"VARCHAR","length":9,"nullable":true}"#;
            assert!(
                said(db, "amount >= 1", "qty >= 0", (renamed, plain)).is_empty(),
                "{db}"
            );
            assert_eq!(
                said(db, "amount >= 0", "qty >= 1", (renamed, plain)).len(),
                1,
                "{db}"
            );
        }
    }

    /// The CHECK a DOWN_DATA_LOSS warning quotes is the one the down migration writes: on
    /// MySQL, `length(` as `CHAR_LENGTH(` (MySQL's LENGTH counts bytes), as in its SQL.
    #[test]
    fn a_check_put_back_is_quoted_as_the_down_migration_writes_it() {
        let table = |extra: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"name","type":"VARCHAR","length":20,"nullable":true}}],"primaryKey":["id"]{extra}}}"#
            )
        };
        let check =
            r#","checkConstraints":[{"name":"chk_t_name","expression":"length(name) >= 2"}]"#;
        for (db, written) in [
            ("mysql", "CHAR_LENGTH(name) >= 2"),
            ("postgresql", "length(name) >= 2"),
            ("sqlite", "length(name) >= 2"),
        ] {
            let spec = postgres_change(&[table("")], &[table(check)]).replace("postgresql", db);
            let generated = crate::generate_str(&spec);
            assert!(
                generated.validation.valid,
                "{db}: {:?}",
                generated.validation.errors
            );
            assert!(
                generated
                    .down_migration
                    .contains(&format!("CHECK ({written})")),
                "{db}: {}",
                generated.down_migration
            );
            assert_eq!(
                down_loss_but_column_order(&spec),
                [format!("the down migration adds the CHECK 'chk_t_name' ({written}) of 't' back: a row written since that it refuses makes it fail{}", if db == "mysql" { concat!(", leaving ", mysql_down_stopped!()) } else { "" })],
                "{db}"
            );
        }
    }

    /// A renamed column's old name inside a string literal of the old CHECK is text, not the
    /// column: the CHECK put back (`status IN ('status', 'x')` over `state IN ('state', 'x')`,
    /// `status` renamed `state`) refuses a row written since that holds 'state', and one put
    /// back as the table has it already says nothing (a reviewer's: the literal was renamed
    /// too, the warning of the first went and the second was warned of). So for a dropped
    /// column named in a literal.
    #[test]
    fn a_renamed_or_dropped_columns_name_in_a_literal_of_a_check_put_back_stays_a_literal() {
        let table = |columns: &str, e: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}}{columns}],"primaryKey":["id"],"checkConstraints":[{{"name":"chk_t","expression":"{e}"}}]}}"#
            )
        };
        let before = r#",{"name":"status","type":"VARCHAR","length":20,"nullable":true}"#;
        let now = r#",{"name":"state","type":"VARCHAR","length":20,"nullable":true,"renamedFrom":"status"}"#;
        let said = |db: &str, tables: (String, String), extra: &str| {
            let spec = spec_change_of(db, &tables.0, &tables.1, extra);
            warnings_of(&spec, Code::DownDataLoss)
                .into_iter()
                .filter(|m| m.contains("CHECK 'chk_t'"))
                .collect::<Vec<_>>()
        };
        for db in ["postgresql", "mysql", "sqlite"] {
            let old = table(before, "status IN ('status', 'x')");
            let refused = said(db, (table(now, "state IN ('state', 'x')"), old.clone()), "");
            assert_eq!(refused.len(), 1, "{db}: {refused:?}");
            assert!(
                refused[0].contains("a row written since that it refuses (state NOT IN ('status', 'x')) makes it fail"),
                "{db}: {refused:?}"
            );
            let kept = said(db, (table(now, "state IN ('status', 'x')"), old), "");
            assert_eq!(kept, Vec::<String>::new(), "{db}");
            // `kind` dropped: its name in a literal keeps the CHECK that is put back.
            let two = r#",{"name":"kind","type":"VARCHAR","length":9,"nullable":true},{"name":"status","type":"VARCHAR","length":20,"nullable":true}"#;
            let dropped = said(
                db,
                (
                    table(before, "status IN ('y')"),
                    table(two, "status IN ('kind', 'x')"),
                ),
                r#","allowDataLoss":true"#,
            );
            assert_eq!(dropped.len(), 1, "{db}: {dropped:?}");
        }
    }

    /// A reviewer's two CHECKs put back without a word: one over a column the up migration drops
    /// and a column it keeps (`coalesce(c, a) > 0`: a row a = -1 written since, and the down
    /// migration, which adds `c` back NULL, fails), and one of the same name whose value changes
    /// with the time over a column whose type changes (`due >= CURRENT_DATE`, DATE made
    /// TIMESTAMP on PostgreSQL: dropped and added again around the change).
    #[test]
    fn a_check_over_a_dropped_column_or_a_timed_one_over_a_retyped_column_is_said() {
        let table = |columns: &str, e: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}}{columns}],"primaryKey":["id"],"checkConstraints":[{{"name":"chk_t","expression":"{e}"}}]}}"#
            )
        };
        let said = |db: &str, tables: (String, String), extra: &str| {
            let spec = spec_change_of(db, &tables.0, &tables.1, extra);
            warnings_of(&spec, Code::DownDataLoss)
                .into_iter()
                .filter(|m| m.contains("CHECK 'chk_t'"))
                .collect::<Vec<_>>()
        };
        for db in ["postgresql", "mysql", "sqlite"] {
            let a = r#",{"name":"a","type":"INTEGER","nullable":true}"#;
            let ac = r#",{"name":"a","type":"INTEGER","nullable":true},{"name":"c","type":"INTEGER","nullable":true}"#;
            let dropped = said(
                db,
                (table(a, "a > -5"), table(ac, "coalesce(c, a) > 0")),
                r#","allowDataLoss":true"#,
            );
            assert_eq!(dropped.len(), 1, "{db}: {dropped:?}");
            // Over the dropped column alone: it comes back NULL (or its default) as when the
            // CHECK was made, nothing to say (a reviewer: said falsely for `c > 0`).
            let alone = said(
                db,
                (table(a, "a > -5"), table(ac, "c > 0")),
                r#","allowDataLoss":true"#,
            );
            assert_eq!(alone, Vec::<String>::new(), "{db}");
        }
        // (MySQL and SQLite refuse CURRENT_DATE in a CHECK.)
        {
            let db = "postgresql";
            let before = r#",{"name":"due","type":"DATE","nullable":true}"#;
            let now = r#",{"name":"due","type":"TIMESTAMP","nullable":true}"#;
            let timed = said(
                db,
                (
                    table(now, "due >= CURRENT_DATE"),
                    table(before, "due >= CURRENT_DATE"),
                ),
                "",
            );
            assert_eq!(timed.len(), 1, "{db}: {timed:?}");
            // Its type kept, the same CHECK stays as it is: nothing to say.
            let kept = said(
                db,
                (
                    table(before, "due >= CURRENT_DATE"),
                    table(before, "due >= CURRENT_DATE"),
                ),
                "",
            );
            assert_eq!(kept, Vec::<String>::new(), "{db}");
        }
    }

    /// A CHECK whose value changes with the time, kept under its name and as it was over a
    /// column the spec renames (not retypes): the down migration drops it and adds it back
    /// around the rename back, checked against every row again then, as the up migration does
    /// around the rename (both said, and alike): a row it let in, before the up migration or
    /// since, may refuse it then.
    #[test]
    fn a_timed_check_over_a_renamed_column_is_said_by_the_down_migration_as_the_up_says_it() {
        let table = |columns: &str, e: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}}{columns}],"primaryKey":["id"],"checkConstraints":[{{"name":"chk_t","expression":"{e}"}}]}}"#
            )
        };
        let before = table(
            r#",{"name":"due","type":"DATE","nullable":true}"#,
            "due >= CURRENT_DATE",
        );
        let now = table(
            r#",{"name":"due_on","type":"DATE","nullable":true,"renamedFrom":"due"}"#,
            "due_on >= CURRENT_DATE",
        );
        let result = crate::generate_str(&spec_change_of("postgresql", &now, &before, ""));
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        let said = |code: Code| -> Vec<String> {
            (result.validation.warnings.iter())
                .filter(|w| w.code == code && w.message.contains("CHECK 'chk_t'"))
                .map(|w| {
                    format!(
                        "{} | {}",
                        w.message,
                        w.suggestion.clone().unwrap_or_default()
                    )
                })
                .collect()
        };
        assert_eq!(
            said(Code::DownDataLoss),
            ["the down migration drops the CHECK 'chk_t' (due >= CURRENT_DATE) of 't' and adds it back as it was, around the rename back of a column it reads, so it is checked against every row again then; its value changes with the time, so a row it let in may be refused then, and a row it refuses then (one the up migration kept or one written since) makes it fail | before running the down migration, find the rows it refuses then with: SELECT * FROM t WHERE NOT (due_on >= CURRENT_DATE)"]
        );
        assert_eq!(said(Code::RowsRefuseChange).len(), 1);
        // Over a retyped column, the same words (the type changed back).
        let retyped = crate::generate_str(&spec_change_of(
            "postgresql",
            &table(
                r#",{"name":"due","type":"TIMESTAMP","nullable":true}"#,
                "due >= CURRENT_DATE",
            ),
            &before,
            "",
        ));
        let down: Vec<&str> = (retyped.validation.warnings.iter())
            .filter(|w| w.code == Code::DownDataLoss && w.message.contains("CHECK 'chk_t'"))
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(down, ["the down migration drops the CHECK 'chk_t' (due >= CURRENT_DATE) of 't' and adds it back as it was, around the type change back of a column it reads, so it is checked against every row again then; its value changes with the time, so a row it let in may be refused then, and a row it refuses then (one the up migration kept or one written since) makes it fail"]);
    }

    /// The query of a time-dependent CHECK put back by the down migration reads its columns as
    /// the down migration converts them back (a reviewer's PostgreSQL DATE made TIMESTAMP: read
    /// unconverted, a row at 10:00 today passed `due > CURRENT_DATE`, and the down migration
    /// failed on it made today's DATE), under their names in the spec; one column both renamed
    /// and retyped is said as one; a CHECK the spec drops gets its query too.
    #[test]
    fn a_timed_check_put_back_is_queried_over_its_columns_converted_back() {
        let table = |columns: &str, checks: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}}{columns}],"primaryKey":["id"]{checks}}}"#
            )
        };
        let check =
            |e: &str| format!(r#","checkConstraints":[{{"name":"chk_t","expression":"{e}"}}]"#);
        let before = table(
            r#",{"name":"due","type":"DATE","nullable":true}"#,
            &check("due > CURRENT_DATE"),
        );
        let said = |now: &str| -> Vec<String> {
            let result = crate::generate_str(&spec_change_of("postgresql", now, &before, ""));
            assert!(result.validation.valid, "{:?}", result.validation.errors);
            (result.validation.warnings.iter())
                .filter(|w| w.code == Code::DownDataLoss && w.message.contains("CHECK 'chk_t'"))
                .map(|w| {
                    format!(
                        "{} | {}",
                        w.message,
                        w.suggestion.clone().unwrap_or_default()
                    )
                })
                .collect()
        };
        let retyped = table(
            r#",{"name":"due","type":"TIMESTAMP","nullable":true}"#,
            &check("due > CURRENT_DATE"),
        );
        assert_eq!(said(&retyped), ["the down migration drops the CHECK 'chk_t' (due > CURRENT_DATE) of 't' and adds it back as it was, around the type change back of a column it reads, so it is checked against every row again then; its value changes with the time, so a row it let in may be refused then, and a row it refuses then (one the up migration kept or one written since) makes it fail | before running the down migration, find the rows it refuses then with: SELECT * FROM t WHERE NOT ((due::DATE) > CURRENT_DATE)"]);
        let both = table(
            r#",{"name":"due_at","type":"TIMESTAMP","nullable":true,"renamedFrom":"due"}"#,
            &check("due_at > CURRENT_DATE"),
        );
        assert_eq!(said(&both), ["the down migration drops the CHECK 'chk_t' (due > CURRENT_DATE) of 't' and adds it back as it was, around the rename and type change back of a column it reads, so it is checked against every row again then; its value changes with the time, so a row it let in may be refused then, and a row it refuses then (one the up migration kept or one written since) makes it fail | before running the down migration, find the rows it refuses then with: SELECT * FROM t WHERE NOT ((due_at::DATE) > CURRENT_DATE)"]);
        let dropped = table(
            r#",{"name":"due_at","type":"TIMESTAMP","nullable":true,"renamedFrom":"due"}"#,
            "",
        );
        assert_eq!(said(&dropped), ["the down migration adds the CHECK 'chk_t' (due > CURRENT_DATE) of 't' back: its value changes with the time, so a row it let in may be refused when the down migration runs, and a row it refuses then (one the up migration kept or one written since) makes it fail | before running the down migration, find the rows it refuses then with: SELECT * FROM t WHERE NOT ((due_at::DATE) > CURRENT_DATE)"]);
    }

    /// What a review found said falsely, or not said: a CHECK written otherwise (`n>0`), a key to
    /// a renamed column, a partial unique index over a renamed column are the same rules; a key
    /// moved to another table is put back by the down migration.
    #[test]
    fn rules_the_same_but_for_their_spelling_or_names_are_not_said() {
        let table = |name: &str, columns: &str, extra: &str| {
            format!(
                r#"{{"name":"{name}","columns":[{{"name":"id","type":"INTEGER","nullable":false}}{columns}],"primaryKey":["id"]{extra}}}"#
            )
        };
        let said = |db: &str, now: &[String], before: &[String]| {
            let spec = postgres_change(now, before).replace("postgresql", db);
            warnings_of(&spec, Code::DownDataLoss)
                .into_iter()
                .filter(|m| m.contains(" back: "))
                .collect::<Vec<_>>()
        };
        let n = r#",{"name":"n","type":"INTEGER","nullable":true}"#;
        for db in ["postgresql", "mysql", "sqlite"] {
            let check = |e: &str| {
                table(
                    "t",
                    n,
                    &format!(r#","checkConstraints":[{{"name":"chk_t_n","expression":"{e}"}}]"#),
                )
            };
            assert!(
                said(db, &[check("n>0")], &[check("n > 0")]).is_empty(),
                "{db}"
            );
            assert!(
                said(db, &[check("(n > 0)")], &[check("n > 0")]).is_empty(),
                "{db}"
            );
            // A key to a column the spec renames, and one moved to another table.
            let parent = |key: &str, renamed: &str| {
                table(
                    "orgs",
                    &format!(r#",{{"name":"{key}","type":"INTEGER","nullable":false{renamed}}}"#),
                    &format!(
                        r#","uniqueConstraints":[{{"name":"uq_orgs_{key}","columns":["{key}"]}}]"#
                    ),
                )
            };
            let teams = table("teams", "", "");
            let child = |to: &str, column: &str| {
                table(
                    "users",
                    r#",{"name":"org_id","type":"INTEGER","nullable":true}"#,
                    &format!(
                        r#","foreignKeys":[{{"columns":["org_id"],"referencedTable":"{to}","referencedColumns":["{column}"]}}]"#
                    ),
                )
            };
            let before = [parent("code", ""), teams.clone(), child("orgs", "code")];
            let renamed = [
                parent("org_key", r#","renamedFrom":"code""#),
                teams.clone(),
                child("orgs", "org_key"),
            ];
            assert!(said(db, &renamed, &before).is_empty(), "{db}");
            let moved = [parent("code", ""), teams.clone(), child("teams", "id")];
            let put_back = said(db, &moved, &before);
            assert_eq!(put_back.len(), 1, "{db}: {put_back:?}");
            assert!(put_back[0].starts_with("the down migration adds the foreign key 'fk_users_org_id' of 'users' back: a row written since whose (org_id) matches no row of 'orgs'"), "{db}: {put_back:?}");
        }
        // A partial unique index over a renamed column, its WHERE following the rename.
        for db in ["postgresql", "sqlite"] {
            let index = |column: &str, renamed: &str| {
                table(
                    "t",
                    &format!(
                        r#",{{"name":"{column}","type":"INTEGER","nullable":true{renamed}}},{{"name":"e","type":"TEXT","nullable":true}}"#
                    ),
                    &format!(
                        r#","indexes":[{{"name":"ux_t_e","columns":["e"],"unique":true,"where":"{column} IS NULL"}}]"#
                    ),
                )
            };
            assert!(
                said(
                    db,
                    &[index("removed_at", r#","renamedFrom":"deleted_at""#)],
                    &[index("deleted_at", "")]
                )
                .is_empty(),
                "{db}"
            );
        }
    }
}
