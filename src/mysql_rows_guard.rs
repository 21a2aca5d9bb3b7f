//! The check a MySQL migration from `previousSpec` makes of the rows before its first change,
//! where a foreign key it drops would otherwise stay dropped when rows refuse a later
//! statement (see `mysql_keys_left`). MySQL commits each DDL statement; a migration runner
//! (Knex, Kysely) can only run a migration again from its start, which then fails at the
//! `DROP FOREIGN KEY` of the key already gone (ERROR 1091, a user trial on MariaDB 10.11). So the
//! migration first looks for the rows that a new CHECK, UNIQUE or foreign key after the drop
//! refuses, and stops there, nothing changed, when there are some: the database stays as it was
//! and the migration runs whole once the rows are mended.
//!
//! The stop is plain SQL that MySQL 8.0 and MariaDB take (no stored program, no `SIGNAL`,
//! which MySQL takes in stored programs only): the message of the first refusal found goes in a
//! user variable, and `sql_mode` is set to it, which fails with ERROR 1231 `Variable 'sql_mode'
//! can't be set to the value of '…'`, the message (up to its first comma, about 200 characters)
//! in it; with no such rows, `sql_mode` is set to itself. The rows are looked for as the tables
//! are before the migration: a rule is checked there only when nothing before it (nor its own
//! statement) renames, adds or drops columns of its tables, fills or converts their values (a
//! column's type changes only from an integer to a wider integer, which keeps every value), or
//! creates them.

/// A rule a later statement adds that the rows may refuse, and whether it can be looked for
/// before the migration's first change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The rule as a warning names it, with its table: `the CHECK 'chk_a' of 'orgs'`.
    pub said: String,
    /// The table the rule is on.
    pub table: String,
    /// `FROM … WHERE …` (and `GROUP BY …`) that selects a row when the rows refuse the rule as
    /// the tables are before the migration, or `None` where that cannot be known so.
    pub rows: Option<String>,
}

/// What the statements before (and the one that adds a rule) did to the tables' rows and
/// names: a rule on a table it changed cannot be looked for before the migration.
#[derive(Debug, Default)]
pub struct Changed {
    /// Every table: a statement the guard cannot read ran.
    all: bool,
    /// The tables whose names, columns or values changed, or that were created.
    tables: Vec<String>,
}

/// `name` in backquotes (one inside doubled).
fn quoted(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// Whether a column's new type (the text after its name in a `MODIFY COLUMN`) is an integer,
/// into which a column of a narrower integer changes with every value kept.
fn integer_type(definition: &str) -> bool {
    let word: String = (definition.trim_start().chars())
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    [
        "TINYINT",
        "SMALLINT",
        "MEDIUMINT",
        "INT",
        "INTEGER",
        "BIGINT",
    ]
    .contains(&word.to_ascii_uppercase().as_str())
}

impl Changed {
    /// Notes what an `ALTER TABLE` on `table` with `clauses` changes; `narrows(table, column)`
    /// says whether a warning says a column's change converts or refuses values.
    pub fn alter(&mut self, table: &str, clauses: &[String], narrows: &dyn Fn(&str, &str) -> bool) {
        for clause in clauses {
            let upper = clause.to_ascii_uppercase();
            let keeps = if let Some(rest) = clause.strip_prefix("MODIFY COLUMN ") {
                let column = crate::mysql_keys_left::identifier_at(rest);
                let name = crate::mysql_keys_left::unquoted(column);
                integer_type(&rest[column.len()..]) && !narrows(table, &name)
            } else {
                !(upper.starts_with("ADD COLUMN")
                    || upper.starts_with("CHANGE")
                    || upper.starts_with("DROP COLUMN")
                    || upper.starts_with("RENAME")
                    || upper.starts_with("CONVERT")
                    || upper.starts_with("ALTER COLUMN")
                    || upper.starts_with("MODIFY"))
            };
            if !keeps {
                self.tables.push(table.to_string());
                if let Some(rest) = clause.strip_prefix("RENAME TO ") {
                    let new = crate::mysql_keys_left::identifier_at(rest);
                    self.tables
                        .push(crate::mysql_keys_left::unquoted(new).into_owned());
                }
            }
        }
    }

    /// Notes what a statement other than an `ALTER TABLE` changes: a `SET` nothing, a
    /// `CREATE TABLE` or `UPDATE` its table, an index made or dropped nothing, anything else
    /// every table.
    pub fn other(&mut self, statement: &str) {
        let upper = statement.trim_start().to_ascii_uppercase();
        let table_after = |keyword: &str| {
            let rest = statement.trim_start()[keyword.len()..].trim_start();
            let rest = rest
                .strip_prefix("IF NOT EXISTS ")
                .map_or(rest, str::trim_start);
            crate::mysql_keys_left::unquoted(crate::mysql_keys_left::identifier_at(rest))
                .into_owned()
        };
        if upper.starts_with("SET ")
            || upper.starts_with("CREATE INDEX ")
            || upper.starts_with("CREATE UNIQUE INDEX ")
            || upper.starts_with("DROP INDEX ")
        {
        } else if upper.starts_with("CREATE TABLE ") {
            self.tables.push(table_after("CREATE TABLE "));
        } else if upper.starts_with("UPDATE ") {
            self.tables.push(table_after("UPDATE "));
        } else {
            self.all = true;
        }
    }

    /// Whether `table`'s rows and names are still as they were before the migration.
    fn kept(&self, table: &str) -> bool {
        !self.all && !self.tables.iter().any(|t| t.eq_ignore_ascii_case(table))
    }
}

/// The names in a parenthesized list `(a, `b`)` at the start of `text` (spaces before it
/// allowed), and the text after it; `None` where an entry is not a plain name (a prefix length
/// `name(20)`, `DESC`, an expression).
fn names_at(text: &str) -> Option<(Vec<String>, &str)> {
    let inside = text.trim_start().strip_prefix('(')?;
    let mut names = Vec::new();
    let mut rest = inside;
    loop {
        rest = rest.trim_start();
        let name = crate::dialect::mysql_identifier_ending(rest, |c: char| {
            c.is_whitespace() || matches!(c, ',' | '(' | ')' | ';')
        });
        if name.is_empty() {
            return None;
        }
        names.push(crate::mysql_keys_left::unquoted(name).into_owned());
        rest = rest[name.len()..].trim_start();
        if let Some(after) = rest.strip_prefix(',') {
            rest = after;
        } else {
            return Some((names, rest.strip_prefix(')')?));
        }
    }
}

/// The rows of `table` that the rule a clause adds (a CHECK, UNIQUE or foreign key) refuses,
/// as `FROM … WHERE …`, the tables as `changed` left them (`None` where they changed, or for a
/// clause of another kind).
pub fn refused_rows(clause: &str, table: &str, changed: &Changed) -> Option<String> {
    if !changed.kept(table) {
        return None;
    }
    let clause = clause.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = quoted(table);
    let not_null = |columns: &[String], alias: &str| -> String {
        (columns.iter())
            .map(|c| format!("{alias}{} IS NOT NULL", quoted(c)))
            .collect::<Vec<_>>()
            .join(" AND ")
    };
    let (kind, rest) = if let Some(rest) = clause.strip_prefix("ADD UNIQUE INDEX ") {
        ("UNIQUE", rest)
    } else {
        let rest = clause.strip_prefix("ADD CONSTRAINT ")?;
        let name = crate::mysql_keys_left::identifier_at(rest);
        let rest = rest[name.len()..].trim_start();
        if let Some(check) = rest.strip_prefix("CHECK") {
            let check = check.trim();
            // A CHECK passes where its expression is true or NULL.
            return (check.starts_with('(') && check.ends_with(')'))
                .then(|| format!("FROM {t} WHERE NOT {check}"));
        }
        if let Some(rest) = rest.strip_prefix("UNIQUE") {
            (
                "UNIQUE",
                rest.trim_start().strip_prefix("KEY ").unwrap_or(rest),
            )
        } else {
            ("FOREIGN KEY", rest.strip_prefix("FOREIGN KEY")?)
        }
    };
    if kind == "UNIQUE" {
        // A unique index's name comes before its columns.
        let rest = if rest.trim_start().starts_with('(') {
            rest
        } else {
            let rest = rest.trim_start();
            &rest[crate::mysql_keys_left::identifier_at(rest).len()..]
        };
        let (columns, _) = names_at(rest)?;
        let listed: Vec<String> = columns.iter().map(|c| quoted(c)).collect();
        // NULLs are distinct in a UNIQUE.
        return Some(format!(
            "FROM {t} WHERE {} GROUP BY {} HAVING COUNT(*) > 1",
            not_null(&columns, ""),
            listed.join(", ")
        ));
    }
    let (columns, rest) = names_at(rest)?;
    let rest = rest.trim_start().strip_prefix("REFERENCES ")?.trim_start();
    let referenced = crate::mysql_keys_left::identifier_at(rest);
    let referenced_name = crate::mysql_keys_left::unquoted(referenced).into_owned();
    let (referenced_columns, _) = names_at(&rest[referenced.len()..])?;
    if !changed.kept(&referenced_name) || referenced_columns.len() != columns.len() {
        return None;
    }
    // MATCH SIMPLE: a row with a NULL in the key's columns passes.
    let matched: Vec<String> = (columns.iter().zip(&referenced_columns))
        .map(|(c, r)| format!("mg_p.{} = mg_c.{}", quoted(r), quoted(c)))
        .collect();
    Some(format!(
        "FROM {t} AS mg_c WHERE {} AND NOT EXISTS (SELECT 1 FROM {} AS mg_p WHERE {})",
        not_null(&columns, "mg_c."),
        quoted(&referenced_name),
        matched.join(" AND ")
    ))
}

/// A string literal of `text`, made to be read whole in `sql_mode`'s error: its commas (where
/// MySQL cuts the value it names) become spaces, nothing in it ends a statement, and it holds
/// no backslash (which MySQL reads as an escape unless `NO_BACKSLASH_ESCAPES`).
fn message_literal(text: &str) -> String {
    let text = text.replace([',', ';', '\n', '\\'], " ");
    format!("'{}'", text.replace('\'', "''"))
}

/// The statements that stop the migration (`migration`: "migration" or "down migration")
/// before its first change when the rows refuse one of `refusals` that can be looked for (see
/// the module's doc comment); none when none can.
pub fn statements(refusals: &[Refusal], migration: &str) -> Vec<String> {
    let lookups: Vec<String> = (refusals.iter())
        .filter_map(|r| {
            let rows = r.rows.as_ref()?;
            let message = format!(
                "the {migration} stopped before any change: rows refuse {} - mend them and run it again",
                r.said
            );
            Some(format!(
                "  (SELECT {} {rows} LIMIT 1)",
                message_literal(&message)
            ))
        })
        .collect();
    if lookups.is_empty() {
        return Vec::new();
    }
    vec![
        format!("SET @mg_rows_refuse = COALESCE(\n{});", lookups.join(",\n")),
        "SET SESSION sql_mode = COALESCE(@mg_rows_refuse, @@SESSION.sql_mode);".to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn a_check_unique_and_foreign_key_select_the_rows_they_refuse() {
        let kept = Changed::default();
        assert_eq!(
            refused_rows(
                "ADD CONSTRAINT chk_p CHECK (plan IN ('free', 'pro'))",
                "orgs",
                &kept
            )
            .unwrap(),
            "FROM `orgs` WHERE NOT (plan IN ('free', 'pro'))"
        );
        assert_eq!(
            refused_rows("ADD CONSTRAINT uq_e UNIQUE (org_id, `email`)", "m", &kept).unwrap(),
            "FROM `m` WHERE `org_id` IS NOT NULL AND `email` IS NOT NULL GROUP BY `org_id`, `email` HAVING COUNT(*) > 1"
        );
        assert_eq!(
            refused_rows("ADD UNIQUE INDEX uq_e (email)", "m", &kept).unwrap(),
            "FROM `m` WHERE `email` IS NOT NULL GROUP BY `email` HAVING COUNT(*) > 1"
        );
        assert_eq!(
            refused_rows("ADD CONSTRAINT fk_t\n  FOREIGN KEY (org_id, team_no) REFERENCES teams (org_id, team_no) ON DELETE CASCADE", "m", &kept).unwrap(),
            "FROM `m` AS mg_c WHERE mg_c.`org_id` IS NOT NULL AND mg_c.`team_no` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `teams` AS mg_p WHERE mg_p.`org_id` = mg_c.`org_id` AND mg_p.`team_no` = mg_c.`team_no`)"
        );
        // A prefix length is not a plain column: not looked for.
        assert_eq!(
            refused_rows("ADD UNIQUE INDEX u (email(20))", "m", &kept),
            None
        );
        assert_eq!(
            refused_rows("MODIFY COLUMN a INT NOT NULL", "m", &kept),
            None
        );
    }

    #[test]
    fn a_rule_on_a_table_changed_before_it_is_not_looked_for() {
        let narrows = |t: &str, c: &str| (t, c) == ("m", "n");
        let mut changed = Changed::default();
        changed.alter(
            "m",
            &strings(&["MODIFY COLUMN org_id BIGINT NOT NULL"]),
            &narrows,
        );
        assert!(changed.kept("m"), "a wider integer keeps the values");
        changed.alter("o", &strings(&["MODIFY COLUMN a VARCHAR(9)"]), &narrows);
        changed.alter("m", &strings(&["MODIFY COLUMN n INT"]), &narrows);
        assert!(!changed.kept("o") && !changed.kept("m"));
        let fk = "ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES o (id)";
        assert_eq!(
            refused_rows(fk, "x", &changed),
            None,
            "referenced table changed"
        );
        let mut renamed = Changed::default();
        renamed.alter("p", &strings(&["RENAME TO q"]), &narrows);
        assert!(!renamed.kept("p") && !renamed.kept("q"));
        let mut created = Changed::default();
        created.other("CREATE TABLE `t` (id INT)");
        created.other("SET SESSION sql_mode = 'x'");
        assert!(!created.kept("t") && created.kept("u"));
        created.other("DROP TABLE u");
        assert!(!created.kept("u"));
    }

    #[test]
    fn the_stop_carries_the_first_refusal_without_commas() {
        let refusals = [
            Refusal {
                said: "the CHECK 'c,1' of 'o'".into(),
                table: "o".into(),
                rows: Some("FROM `o` WHERE NOT (a > 0)".into()),
            },
            Refusal {
                said: "the change of 'n' of 'o'".into(),
                table: "o".into(),
                rows: None,
            },
        ];
        assert_eq!(
            statements(&refusals, "migration"),
            [
                "SET @mg_rows_refuse = COALESCE(\n  (SELECT 'the migration stopped before any change: rows refuse the CHECK ''c 1'' of ''o'' - mend them and run it again' FROM `o` WHERE NOT (a > 0) LIMIT 1));",
                "SET SESSION sql_mode = COALESCE(@mg_rows_refuse, @@SESSION.sql_mode);"
            ]
        );
        assert!(statements(&refusals[1..], "migration").is_empty());
    }
}
