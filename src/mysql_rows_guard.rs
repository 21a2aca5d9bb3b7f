//! The check a MySQL migration from `previousSpec` makes of the rows before its first change,
//! where rows may refuse a statement after that change (see `mysql_keys_left`). MySQL commits
//! each DDL statement; a migration runner (Knex, Kysely) can only run a migration again from its
//! start, which then fails at the first change already made: the `DROP FOREIGN KEY` of a key
//! already gone (ERROR 1091, a user trial on MariaDB 10.11), a column already added (1060), a
//! UNIQUE already there (1061). So the migration first looks for the rows that a new CHECK,
//! UNIQUE or foreign key, or a type change, after its first change refuses, and stops there,
//! nothing changed, when there are some: the database stays as it was and the migration runs
//! whole once the rows are mended. A refusal of the first change itself leaves nothing done: it
//! is not looked for, and a migration where it is the only one gets no check.
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
/// names: a rule that reads a column whose values or name they changed, or a table they
/// created or changed in a way the guard cannot read, cannot be looked for before the
/// migration; one over columns they left as they were can, under the tables' names before the
/// migration.
#[derive(Debug, Default, Clone)]
pub struct Changed {
    /// Every table: a statement the guard cannot read ran.
    all: bool,
    /// The tables (as named before the migration) created, or changed by a clause the guard
    /// cannot read (`CONVERT TO`).
    tables: Vec<String>,
    /// (table as named before the migration, column): the columns added, dropped, renamed
    /// (both names), filled by an `UPDATE`, or whose type changes the values.
    columns: Vec<(String, String)>,
    /// (name now, name before the migration) of each table renamed.
    renamed: Vec<(String, String)>,
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

/// The names `text` may read: its words (letters, digits, `_`, `$`) and backquoted names,
/// those in string literals too (a column name there is taken as read: never too few).
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            let name = crate::mysql_keys_left::identifier_at(rest);
            let name = if name.is_empty() { "`" } else { name };
            out.push(crate::mysql_keys_left::unquoted(name).into_owned());
            rest = &rest[name.len()..];
        } else if c.is_alphanumeric() || c == '_' || c == '$' {
            let end = (rest.char_indices())
                .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '$'))
                .map_or(rest.len(), |(i, _)| i);
            out.push(rest[..end].to_string());
            rest = &rest[end..];
        } else {
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The clauses of an `ALTER TABLE` that change no value nor name of a column: keys, indexes
/// and CHECKs added or dropped, an index renamed, a default set or dropped (`ALTER COLUMN`).
const KEEPING_CLAUSES: [&str; 17] = [
    "ADD CONSTRAINT ",
    "ADD UNIQUE ",
    "ADD INDEX ",
    "ADD KEY ",
    "ADD PRIMARY KEY",
    "ADD FULLTEXT ",
    "ADD SPATIAL ",
    "DROP FOREIGN KEY ",
    "DROP INDEX ",
    "DROP KEY ",
    "DROP CHECK ",
    "DROP CONSTRAINT ",
    "DROP PRIMARY KEY",
    "RENAME INDEX ",
    "RENAME KEY ",
    "ALTER COLUMN ",
    "AUTO_INCREMENT",
];

impl Changed {
    /// The name `table` (as a statement names it now) had before the migration.
    pub fn original(&self, table: &str) -> String {
        (self.renamed.iter())
            .find(|(now, _)| now.eq_ignore_ascii_case(table))
            .map_or(table, |(_, was)| was.as_str())
            .to_string()
    }

    /// Notes that `column` of `table` (as named now) changed.
    fn column(&mut self, table: &str, column: &str) {
        let table = self.original(table);
        self.columns.push((table, column.to_string()));
    }

    /// Notes what an `ALTER TABLE` on `table` with `clauses` changes; `narrows(table, column)`
    /// says whether a warning says a column's change converts or refuses values.
    pub fn alter(&mut self, table: &str, clauses: &[String], narrows: &dyn Fn(&str, &str) -> bool) {
        use crate::mysql_keys_left::{identifier_at, unquoted};
        let name_at = |rest: &str| unquoted(identifier_at(rest.trim_start())).into_owned();
        for clause in clauses {
            let upper = clause.to_ascii_uppercase();
            let after = |prefix: &str| {
                (upper.starts_with(prefix)).then(|| clause[prefix.len()..].trim_start())
            };
            if let Some(rest) = after("MODIFY COLUMN ").or_else(|| after("MODIFY ")) {
                let column = identifier_at(rest);
                let name = unquoted(column).into_owned();
                if !integer_type(&rest[column.len()..]) || narrows(table, &name) {
                    self.column(table, &name);
                }
            } else if let Some(rest) = after("ADD COLUMN ").or_else(|| after("DROP COLUMN ")) {
                self.column(table, &name_at(rest));
            } else if let Some(rest) = after("CHANGE COLUMN ")
                .or_else(|| after("CHANGE "))
                .or_else(|| after("RENAME COLUMN "))
            {
                let old = identifier_at(rest);
                let rest = rest[old.len()..].trim_start();
                let rest = (rest.get(..3))
                    .filter(|to| to.eq_ignore_ascii_case("TO "))
                    .map_or(rest, |_| &rest[3..]);
                self.column(table, &unquoted(old));
                self.column(table, &name_at(rest));
            } else if let Some(rest) = after("RENAME TO ").or_else(|| after("RENAME AS ")) {
                let was = self.original(table);
                self.renamed
                    .retain(|(now, _)| !now.eq_ignore_ascii_case(table));
                self.renamed.push((name_at(rest), was));
            } else if !KEEPING_CLAUSES.iter().any(|k| upper.starts_with(k)) {
                // CONVERT TO CHARACTER SET, or a clause not read here.
                self.tables.push(self.original(table));
            }
        }
    }

    /// Notes what a statement other than an `ALTER TABLE` changes: a `SET` nothing, a
    /// `CREATE TABLE` its table, a `DROP TABLE` the tables it drops (dropping one changes no
    /// row of another: one that a key of another references is refused), an `UPDATE` the
    /// columns it sets (every name after `SET`), an index made or dropped nothing, anything
    /// else every table.
    pub fn other(&mut self, statement: &str) {
        let statement = statement.trim_start();
        let upper = statement.to_ascii_uppercase();
        let table_after = |keyword: &str| {
            let rest = statement[keyword.len()..].trim_start();
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
            let table = self.original(&table_after("CREATE TABLE "));
            self.tables.push(table);
        } else if let Some(tables) = dropped_tables(statement) {
            for table in tables {
                let table = self.original(&table);
                self.tables.push(table);
            }
        } else if let (true, Some(set)) = (upper.starts_with("UPDATE "), upper.find(" SET ")) {
            let table = table_after("UPDATE ");
            for word in words(&statement[set..]) {
                self.column(&table, &word);
            }
        } else {
            self.all = true;
        }
    }

    /// Whether `table` (as named now) is as it was before the migration, but for the columns
    /// that `read` says a rule does not read.
    fn kept_for(&self, table: &str, read: &dyn Fn(&str) -> bool) -> bool {
        let was = self.original(table);
        !self.all
            && !self.tables.iter().any(|t| t.eq_ignore_ascii_case(&was))
            && !(self.columns.iter()).any(|(t, c)| t.eq_ignore_ascii_case(&was) && read(c))
    }

    /// Whether the values of `columns` of `table` (as named now) are as they were before the
    /// migration, under those names.
    fn kept(&self, table: &str, columns: &[String]) -> bool {
        self.kept_for(table, &|c| {
            columns.iter().any(|n| n.eq_ignore_ascii_case(c))
        })
    }
}

/// The tables a `DROP TABLE [IF EXISTS] a, b;` drops, or `None` for another statement (or one
/// whose names cannot be read).
fn dropped_tables(statement: &str) -> Option<Vec<String>> {
    let upper = statement.to_ascii_uppercase();
    let mut rest = statement
        .get("DROP TABLE ".len()..)
        .filter(|_| upper.starts_with("DROP TABLE "))?;
    rest = rest.trim_start();
    if rest.to_ascii_uppercase().starts_with("IF EXISTS ") {
        rest = rest["IF EXISTS ".len()..].trim_start();
    }
    let mut tables = Vec::new();
    loop {
        let name = crate::mysql_keys_left::identifier_at(rest);
        if name.is_empty() {
            return None;
        }
        tables.push(crate::mysql_keys_left::unquoted(name).into_owned());
        rest = rest[name.len()..].trim_start();
        if let Some(after) = rest.strip_prefix(',') {
            rest = after.trim_start();
        } else {
            return rest
                .trim_end()
                .trim_end_matches(';')
                .trim()
                .is_empty()
                .then_some(tables);
        }
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
/// as `FROM … WHERE …` over the tables as they are before the migration, when the statements
/// before it (and its own, `changed`) left the columns it reads as they were (`None` where
/// they did not, or for a clause of another kind).
pub fn refused_rows(clause: &str, table: &str, changed: &Changed) -> Option<String> {
    let clause = clause.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = quoted(&changed.original(table));
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
            let read = words(check);
            let kept = changed.kept_for(table, &|c| read.iter().any(|w| w.eq_ignore_ascii_case(c)));
            return (kept && check.starts_with('(') && check.ends_with(')'))
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
        if !changed.kept(table, &columns) {
            return None;
        }
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
    if !changed.kept(table, &columns)
        || !changed.kept(&referenced_name, &referenced_columns)
        || referenced_columns.len() != columns.len()
    {
        return None;
    }
    // MATCH SIMPLE: a row with a NULL in the key's columns passes.
    let matched: Vec<String> = (columns.iter().zip(&referenced_columns))
        .map(|(c, r)| format!("mg_p.{} = mg_c.{}", quoted(r), quoted(c)))
        .collect();
    Some(format!(
        "FROM {t} AS mg_c WHERE {} AND NOT EXISTS (SELECT 1 FROM {} AS mg_p WHERE {})",
        not_null(&columns, "mg_c."),
        quoted(&changed.original(&referenced_name)),
        matched.join(" AND ")
    ))
}

/// The rows a column's type change refuses (see `spec_change::mysql_retype_refusals`), each
/// way of the migration: over the table and column as named where that way starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retyped {
    /// Whether it is the down migration's change.
    pub down: bool,
    /// The table, as named where the migration (or the down migration) starts.
    pub table: String,
    /// The column, as named there.
    pub column: String,
    /// The condition that selects a refused row.
    pub condition: String,
}

/// The rows of `table` that a `MODIFY COLUMN` clause of a statement refuses (`retyped`, of the
/// way it is in), as `FROM … WHERE …` over the tables as they are before the migration, when
/// the statements before (`changed`, which has not noted this statement yet) and this one's
/// other clauses (`clauses`) left the column's values and name as they were; `None` otherwise.
pub fn retyped_rows(
    clause: &str,
    table: &str,
    clauses: &[String],
    changed: &Changed,
    retyped: &[&Retyped],
) -> Option<String> {
    let rest = clause.strip_prefix("MODIFY COLUMN ")?;
    let column = crate::mysql_keys_left::unquoted(crate::mysql_keys_left::identifier_at(rest));
    let column = [column.into_owned()];
    // A column the statement renames, adds or drops beside its MODIFY is not the one of
    // that name before it.
    let mut own = Changed::default();
    let others: Vec<String> = (clauses.iter())
        .filter(|c| !c.starts_with("MODIFY"))
        .cloned()
        .collect();
    own.alter(table, &others, &|_, _| false);
    if !changed.kept(table, &column) || !own.kept(table, &column) {
        return None;
    }
    let was = changed.original(table);
    let r = (retyped.iter()).find(|r| {
        r.table.eq_ignore_ascii_case(&was) && r.column.eq_ignore_ascii_case(&column[0])
    })?;
    Some(format!("FROM {} WHERE {}", quoted(&was), r.condition))
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
            // Two literals one after the other are one string: the lines stay short.
            let stopped = format!("the {migration} stopped before any change: rows refuse ");
            let rule = format!("{} - mend them and run it again", r.said);
            Some(format!(
                "  (SELECT {}\n      {}\n    {rows} LIMIT 1)",
                message_literal(&stopped),
                message_literal(&rule)
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
    fn a_rule_over_columns_a_statement_before_it_changed_is_not_looked_for() {
        let narrows = |t: &str, c: &str| (t, c) == ("m", "n");
        let mut changed = Changed::default();
        changed.alter(
            "m",
            &strings(&["MODIFY COLUMN org_id BIGINT NOT NULL"]),
            &narrows,
        );
        assert!(
            changed.kept("m", &strings(&["org_id"])),
            "a wider integer keeps the values"
        );
        changed.alter("o", &strings(&["MODIFY COLUMN a VARCHAR(9)"]), &narrows);
        changed.alter("m", &strings(&["MODIFY COLUMN n INT"]), &narrows);
        assert!(!changed.kept("o", &strings(&["a"])) && !changed.kept("m", &strings(&["n"])));
        assert!(changed.kept("o", &strings(&["id", "b"])));
        let fk = "ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES o (a)";
        assert_eq!(
            refused_rows(fk, "x", &changed),
            None,
            "referenced column changed"
        );
        let fk = "ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES o (id)";
        assert!(
            refused_rows(fk, "x", &changed).is_some(),
            "referenced column kept"
        );
        // A CHECK that names a changed column (in a string too) is not looked for.
        let check = |e: &str| refused_rows(&format!("ADD CONSTRAINT c CHECK ({e})"), "o", &changed);
        assert_eq!(check("b > 0").unwrap(), "FROM `o` WHERE NOT (b > 0)");
        assert_eq!(check("`a` <> ''"), None);
        assert_eq!(check("b <> 'a'"), None);
        // A column added, dropped or renamed; a table renamed keeps its columns, read under
        // the name it had.
        let mut renamed = Changed::default();
        renamed.alter(
            "p",
            &strings(&[
                "ADD COLUMN x INT DEFAULT 0",
                "DROP COLUMN y",
                "RENAME COLUMN `u` TO v",
                "RENAME TO q",
            ]),
            &narrows,
        );
        renamed.alter("q", &strings(&["CHANGE COLUMN s t INT"]), &narrows);
        for gone in ["x", "y", "u", "v", "s", "t"] {
            assert!(!renamed.kept("q", &strings(&[gone])), "{gone}");
        }
        assert_eq!(
            refused_rows("ADD UNIQUE INDEX uq (w, z)", "q", &renamed).unwrap(),
            "FROM `p` WHERE `w` IS NOT NULL AND `z` IS NOT NULL GROUP BY `w`, `z` HAVING COUNT(*) > 1"
        );
        // An UPDATE (the fill of NULLs with a default) changes what it sets.
        let mut filled = Changed::default();
        filled.other("UPDATE `t` SET `status` = 'new' WHERE `status` IS NULL;");
        assert!(!filled.kept("t", &strings(&["status"])) && filled.kept("t", &strings(&["id"])));
        let mut created = Changed::default();
        created.other("CREATE TABLE `t` (id INT)");
        created.other("SET SESSION sql_mode = 'x'");
        assert!(!created.kept("t", &strings(&["id"])) && created.kept("u", &strings(&["id"])));
        created.alter(
            "u",
            &strings(&["CONVERT TO CHARACTER SET utf8mb4"]),
            &narrows,
        );
        assert!(!created.kept("u", &strings(&["id"])));
        // A table dropped changes no other table; a statement not read changes every table.
        created.other("DROP TABLE IF EXISTS w, `x y`;");
        assert!(created.kept("v", &strings(&["id"])));
        assert!(!created.kept("w", &strings(&["id"])) && !created.kept("x y", &strings(&["id"])));
        created.other("DROP TABLE w CASCADE;");
        assert!(!created.kept("v", &strings(&["id"])));
        let mut renamed_away = Changed::default();
        renamed_away.other("RENAME TABLE w TO z;");
        assert!(!renamed_away.kept("v", &strings(&["id"])));
    }

    #[test]
    fn a_type_change_is_looked_for_over_the_values_before_it() {
        let retyped = [Retyped {
            down: false,
            table: "p".into(),
            column: "n".into(),
            condition: "CHAR_LENGTH(n) > 9".into(),
        }];
        let retyped: Vec<&Retyped> = retyped.iter().collect();
        let modify = "MODIFY COLUMN `n` VARCHAR(9)";
        let clauses = strings(&[modify, "ADD COLUMN z INT"]);
        let mut changed = Changed::default();
        changed.alter("p", &strings(&["RENAME TO q"]), &|_, _| false);
        assert_eq!(
            retyped_rows(modify, "q", &clauses, &changed, &retyped).unwrap(),
            "FROM `p` WHERE CHAR_LENGTH(n) > 9"
        );
        // Renamed into `n` beside it, or filled before it: not the values looked for.
        let renaming = strings(&[modify, "RENAME COLUMN m TO n"]);
        assert_eq!(
            retyped_rows(modify, "q", &renaming, &changed, &retyped),
            None
        );
        changed.other("UPDATE q SET n = 'x' WHERE n IS NULL;");
        assert_eq!(
            retyped_rows(modify, "q", &clauses, &changed, &retyped),
            None
        );
        assert_eq!(
            retyped_rows(modify, "q", &clauses, &Changed::default(), &retyped),
            None,
            "another table"
        );
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
                "SET @mg_rows_refuse = COALESCE(\n  (SELECT 'the migration stopped before any change: rows refuse '\n      'the CHECK ''c 1'' of ''o'' - mend them and run it again'\n    FROM `o` WHERE NOT (a > 0) LIMIT 1));",
                "SET SESSION sql_mode = COALESCE(@mg_rows_refuse, @@SESSION.sql_mode);"
            ]
        );
        assert!(statements(&refusals[1..], "migration").is_empty());
    }
}
