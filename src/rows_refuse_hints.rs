//! What the rows of a PostgreSQL or MySQL database can refuse in a migration from
//! `previousSpec`, which has no rows to try (SQLite's `existingDbPath` tries them, see
//! `rows_trial`): a UNIQUE (constraint, column or unique index), a foreign key or a CHECK that
//! an existing table gets is checked by the engine against every row there, and the migration
//! fails on the first row it refuses. One `ROWS_REFUSE_CHANGE` warning per such rule, with a
//! query that finds those rows, as Prisma says it ("adding UNIQUE (tenant_id, name) to tasks:
//! existing duplicate rows make this migration fail"); a user trial met each of them fail with
//! no word beforehand.

use crate::dialect::Dialect;
use crate::report::{Code, Issue};
use crate::spec::{Column, DatabaseType, Table};

/// How the failing migration ends, by database.
fn how_it_fails(d: &dyn Dialect) -> &'static str {
    if d.database_type() == DatabaseType::Mysql {
        "MySQL commits each statement: those before it stay done"
    } else {
        "rolled back"
    }
}

/// The `ROWS_REFUSE_CHANGE` warnings of the rules `table` (as the spec has it) gets that
/// `before` (previousSpec's table, its columns renamed as the spec names them) lacks. The
/// queries name the table and columns as the database has them before the migration
/// (`original_name`, `renames` as (previousSpec's name, the spec's)); a foreign key to a table
/// renamed (`renamed_tables`, previousSpec's name → the spec's) is the same key. A rule over a column the
/// migration adds is left out: the column holds NULL or its default, which `NOT_NULL` and the
/// other `ROWS_REFUSE_CHANGE` warnings speak of.
pub fn warnings(
    d: &dyn Dialect,
    before: &Table,
    original_name: &str,
    renames: &[(String, String)],
    renamed_tables: &std::collections::HashMap<String, String>,
    table: &Table,
) -> Vec<Issue> {
    let q = |name: &str| d.identifier(name).into_owned();
    let was = |column: &str| -> String {
        renames
            .iter()
            .find(|(_, new)| new == column)
            .map_or(column, |(old, _)| old.as_str())
            .to_string()
    };
    let added = |columns: &[String]| columns.iter().any(|c| before.column(c).is_none());
    let from = q(original_name);
    let fails = how_it_fails(d);
    let name = &table.name;
    let mut out = Vec::new();

    // UNIQUE: the sets of columns the table kept unique before (a rule over more columns than
    // one of them is kept by it).
    let sorted = |c: &[String]| {
        let mut c = c.to_vec();
        c.sort();
        c
    };
    let mut held: Vec<Vec<String>> = vec![sorted(&before.primary_key)];
    held.extend(
        before
            .columns
            .iter()
            .filter(|c| c.unique)
            .map(|c| vec![c.name.clone()]),
    );
    held.extend(before.unique_constraints.iter().map(|u| sorted(&u.columns)));
    held.extend(
        before
            .indexes
            .iter()
            .filter(|i| i.unique && i.predicate.is_none())
            .map(|i| sorted(&i.columns)),
    );
    let kept = |columns: &[String]| {
        held.iter()
            .any(|h| !h.is_empty() && h.iter().all(|c| columns.contains(c)))
    };
    let partial_before = |columns: &[String], predicate: &str| {
        before.indexes.iter().any(|i| {
            i.unique
                && sorted(&i.columns) == sorted(columns)
                && i.predicate
                    .as_deref()
                    .map(|p| crate::expr::canonical(d.parser(), p))
                    == Some(crate::expr::canonical(d.parser(), predicate))
        })
    };
    let mut uniques: Vec<(Vec<String>, Option<&str>, Option<&str>)> = Vec::new();
    for c in table.columns.iter().filter(|c| c.unique) {
        uniques.push((vec![c.name.clone()], None, None));
    }
    for u in &table.unique_constraints {
        uniques.push((u.columns.clone(), Some(u.name.as_str()), None));
    }
    for i in table.indexes.iter().filter(|i| i.unique) {
        uniques.push((
            i.columns.clone(),
            Some(i.name.as_str()),
            i.predicate.as_deref(),
        ));
    }
    for (columns, constraint, predicate) in uniques {
        if added(&columns)
            || match predicate {
                None => kept(&columns),
                Some(p) => kept(&columns) || partial_before(&columns, p),
            }
        {
            continue;
        }
        let listed = columns.join(", ");
        let old: Vec<String> = columns.iter().map(|c| q(&was(c))).collect();
        let mut filter: Vec<String> = old.iter().map(|c| format!("{c} IS NOT NULL")).collect();
        let renamed_in_predicate = predicate.is_some_and(|p| {
            renames.iter().any(|(_, new)| {
                crate::expr::check_expression(d.parser(), p)
                    .unwrap_or_default()
                    .iter()
                    .any(|n| n.eq_ignore_ascii_case(new))
            })
        });
        if let Some(p) = predicate {
            filter.push(format!("({p})"));
        }
        let query = format!(
            "SELECT {cols}, COUNT(*) FROM {from} WHERE {} GROUP BY {cols} HAVING COUNT(*) > 1",
            filter.join(" AND "),
            cols = old.join(", ")
        );
        let what = match predicate {
            Some(p) => format!("UNIQUE ({listed}) WHERE {}", crate::report::clip(p)),
            None => format!("UNIQUE ({listed})"),
        };
        let mut issue = Issue::warning(
            Code::RowsRefuseChange,
            format!("adding {what} to '{name}': existing rows that repeat values there make this migration fail ({fails})"),
        )
        .table(name)
        .suggest(if renamed_in_predicate {
            "before running it, find and mend the rows whose values repeat there".to_string()
        } else {
            format!("before running it, find the rows whose values repeat with: {query}")
        });
        if let Some(c) = constraint {
            issue = issue.constraint(c);
        } else {
            issue = issue.column(&columns[0]);
        }
        out.push(issue);
    }

    // Foreign keys: one of the same columns, table and columns before is no new rule.
    for fk in &table.foreign_keys {
        let same = before.foreign_keys.iter().any(|b| {
            b.columns == fk.columns
                && (b.referenced_table == fk.referenced_table
                    || renamed_tables.get(&b.referenced_table) == Some(&fk.referenced_table))
                && b.referenced_columns == fk.referenced_columns
        });
        if same || added(&fk.columns) {
            continue;
        }
        let fk_name = fk.name(name);
        let old: Vec<String> = fk.columns.iter().map(|c| q(&was(c))).collect();
        let target = q(&fk.referenced_table);
        let matched: Vec<String> = old
            .iter()
            .zip(&fk.referenced_columns)
            .map(|(c, r)| format!("r.{} = t.{c}", q(r)))
            .collect();
        let not_null: Vec<String> = old.iter().map(|c| format!("t.{c} IS NOT NULL")).collect();
        let query = format!(
            "SELECT t.* FROM {from} t WHERE {} AND NOT EXISTS (SELECT 1 FROM {target} r WHERE {})",
            not_null.join(" AND "),
            matched.join(" AND ")
        );
        out.push(
            Issue::warning(
                Code::RowsRefuseChange,
                format!("adding the foreign key '{fk_name}' ({}) REFERENCES {}({}) to '{name}': existing rows whose ({}) match no row of '{}' make this migration fail ({fails})", fk.columns.join(", "), fk.referenced_table, fk.referenced_columns.join(", "), fk.columns.join(", "), fk.referenced_table),
            )
            .table(name)
            .constraint(&fk_name)
            .suggest(format!("before running it, find those rows with: {query}")),
        );
    }

    // CHECK: one whose expression is new (a CHECK made stricter under its old name included).
    let canonical = |e: &str| crate::expr::canonical(d.parser(), e);
    let had: Vec<String> = before
        .check_constraints
        .iter()
        .map(|c| canonical(&c.expression))
        .collect();
    // Existing rows passed the CHECKs the table had: a new one those imply (made looser,
    // `status IN ('a', 'b')` given 'c') refuses none of them. Read only where no column of the
    // table is renamed (previousSpec's CHECKs name the columns as they were) and over columns
    // whose type stays (check_implies compares constants as the type reads them).
    let had_texts: Vec<&str> = (before.check_constraints.iter())
        .map(|c| c.expression.as_str())
        .collect();
    let unchanged = |column: &Column| {
        (before.column(&column.name)).is_some_and(|p| crate::check_implies::same_type(d, p, column))
    };
    let at = crate::check_implies::Tables {
        database: d.database_type(),
        table,
        unchanged: &unchanged,
    };
    let readable = renames.iter().all(|(old, new)| old == new);
    for c in &table.check_constraints {
        if had.contains(&canonical(&c.expression)) {
            continue;
        }
        if readable
            && !had_texts.is_empty()
            && matches!(
                crate::check_implies::implies(d.parser(), &at, &had_texts, &c.expression),
                crate::check_implies::Verdict::Implied
            )
        {
            continue;
        }
        let names = crate::expr::check_expression(d.parser(), &c.expression).unwrap_or_default();
        let named = |n: &String| {
            table
                .columns
                .iter()
                .find(|col| col.name.eq_ignore_ascii_case(n))
        };
        if names
            .iter()
            .filter_map(named)
            .any(|col| before.column(&col.name).is_none())
        {
            continue;
        }
        let renamed = names.iter().any(|n| {
            renames
                .iter()
                .any(|(old, new)| new.eq_ignore_ascii_case(n) && old != new)
        });
        // As the migration writes it (MySQL's `length(` is `CHAR_LENGTH(`: a reviewer's query
        // found no row where the migration failed on 'é').
        let written = d.expression(&c.expression);
        let query = format!("SELECT * FROM {from} WHERE NOT ({written})");
        let changed = before.check_constraints.iter().any(|b| b.name == c.name);
        out.push(
            Issue::warning(
                Code::RowsRefuseChange,
                format!(
                    "{} the CHECK '{}' ({}) {} '{name}': existing rows it refuses make this migration fail ({fails})",
                    if changed { "changing" } else { "adding" },
                    c.name,
                    crate::report::clip(&written),
                    if changed { "of" } else { "to" },
                ),
            )
            .table(name)
            .constraint(&c.name)
            .suggest(if renamed {
                format!("before running it, find the rows it refuses (with the columns' names as they are before the migration): {query}")
            } else {
                format!("before running it, find the rows it refuses with: {query}")
            }),
        );
    }
    out
}
