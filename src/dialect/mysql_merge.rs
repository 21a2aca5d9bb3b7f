//! One `ALTER TABLE` for a run of a table's changes, on MySQL and MariaDB, which commit each
//! statement: a CHECK dropped to be made again around a column's change (or rewritten), an
//! index or UNIQUE made again over changed columns, went in statements of their own, and a
//! statement between them that failed (a value out of the new type's range, duplicates under
//! a new UNIQUE) left the table without them, in a state neither the up nor the down migration
//! describes (a user trial on MariaDB 10.11 and MySQL 9.7). One statement fails whole: the
//! table stays as it was, and the engine copies it once instead of once per statement.

use super::Dialect;
use crate::dialect::mysql::MySql;

/// Before a `MODIFY COLUMN` that makes a column AUTO_INCREMENT (`MySql::alter_column`): the
/// session's `sql_mode` kept.
pub(super) const KEEP_SQL_MODE: &str = "SET @mg_sql_mode = @@SESSION.sql_mode;";
/// Then `NO_AUTO_VALUE_ON_ZERO` added to it, so that a row holding 0 keeps it.
pub(super) const NO_AUTO_VALUE_ON_ZERO: &str =
    "SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'NO_AUTO_VALUE_ON_ZERO');";
/// After the statement: the session's `sql_mode` put back.
pub(super) const RESTORE_SQL_MODE: &str = "SET SESSION sql_mode = @mg_sql_mode;";

/// `statements` (one table's change, in order) with each run of consecutive single-clause
/// statements on `table` — `ALTER TABLE t <clause>;`, `DROP INDEX i ON t;`,
/// `CREATE [UNIQUE] INDEX i ON t (…);` — written as one `ALTER TABLE` with those clauses in the
/// same order. A run ends at any other statement (a fill's `UPDATE`, a rename of the table), at
/// a rename of a column (a clause after it in the same statement would still see the old name)
/// and before a second clause on a column the run already changes (one statement changes a
/// column once). A column made AUTO_INCREMENT, whose `MODIFY` comes between `sql_mode` settings
/// ([`NO_AUTO_VALUE_ON_ZERO`] for that statement only), is a clause of the run too, and the
/// settings go around the run's statement: they change only how an AUTO_INCREMENT column
/// numbers a row holding 0, and the run makes no other column AUTO_INCREMENT (a table has one).
/// So a CHECK dropped before it (one that names the column, which MySQL refuses on an
/// AUTO_INCREMENT column, or one made again) is dropped in the same statement, rather than in
/// one of its own that stays done when the `MODIFY` fails (checked on MariaDB 10.11 and MySQL
/// 9.7: a CHECK naming the column dropped in the statement that makes it AUTO_INCREMENT).
pub(super) fn merge_alters(d: &MySql, table: &str, statements: Vec<String>) -> Vec<String> {
    let prefix = format!("ALTER TABLE {} ", d.identifier(table));
    let mut out = Vec::with_capacity(statements.len());
    let mut run: Vec<(String, String)> = Vec::new();
    let mut columns: Vec<String> = Vec::new();
    // Whether the run holds a column made AUTO_INCREMENT (its statement goes between the
    // `sql_mode` settings).
    let mut numbered = false;
    let flush = |run: &mut Vec<(String, String)>, numbered: &mut bool, out: &mut Vec<String>| {
        if run.is_empty() {
            return;
        }
        if *numbered {
            out.push(KEEP_SQL_MODE.to_string());
            out.push(NO_AUTO_VALUE_ON_ZERO.to_string());
        }
        match &run[..] {
            [(statement, _)] => out.push(statement.clone()),
            _ => {
                let clauses: Vec<&str> = run.iter().map(|(_, c)| c.as_str()).collect();
                out.push(format!(
                    "{}\n  {};",
                    prefix.trim_end(),
                    clauses.join(",\n  ")
                ));
            }
        }
        if *numbered {
            out.push(RESTORE_SQL_MODE.to_string());
        }
        run.clear();
        *numbered = false;
    };
    let mut statements = statements.into_iter().peekable();
    while let Some(statement) = statements.next() {
        // A `MODIFY` between the settings: the run takes it, and the settings go around the run.
        let mut makes_numbered = false;
        let statement = if statement == KEEP_SQL_MODE
            && statements.peek().map(String::as_str) == Some(NO_AUTO_VALUE_ON_ZERO)
        {
            let mut block: Vec<String> = vec![statement];
            block.extend(statements.by_ref().take(3));
            match &block[..] {
                [_, _, modify, restore]
                    if restore == RESTORE_SQL_MODE
                        && clause_of(d, table, &prefix, modify).is_some() =>
                {
                    makes_numbered = true;
                    modify.clone()
                }
                _ => {
                    // Not the settings' own shape: as they are, ending the run.
                    flush(&mut run, &mut numbered, &mut out);
                    columns.clear();
                    out.extend(block);
                    continue;
                }
            }
        } else {
            statement
        };
        let Some(clause) = clause_of(d, table, &prefix, &statement) else {
            flush(&mut run, &mut numbered, &mut out);
            columns.clear();
            out.push(statement);
            continue;
        };
        let column = column_of(&clause);
        if (makes_numbered && numbered) || column.as_ref().is_some_and(|c| columns.contains(c)) {
            flush(&mut run, &mut numbered, &mut out);
            columns.clear();
        }
        columns.extend(column);
        numbered |= makes_numbered;
        run.push((statement, clause));
    }
    flush(&mut run, &mut numbered, &mut out);
    out
}

/// `first` (the first statement of a table's change) with `drops` — `ALTER TABLE t DROP FOREIGN
/// KEY k;` statements of the same table, run before it — as its first clauses, or `None` when
/// `first` is not one `ALTER TABLE` of that table nor a `CREATE INDEX` on it ([`index_clause`])
/// (a rename of a column or index, an `UPDATE`, the `sql_mode` settings) or `drops` are not all
/// such statements. The table's own rename (`RENAME TO`) takes them: the change of a renamed
/// table that may refuse nothing runs after those that may (`spec_change::core_order`), and a
/// key dropped in a statement of its own before them stayed dropped when one refused (a user
/// trial on MariaDB 10.11: `posts` renamed `articles` lost `fk_posts_user_id` to duplicates
/// under another table's new UNIQUE; checked there: `DROP FOREIGN KEY k, DROP INDEX k, RENAME
/// TO u` in one statement). The keys then go in the statement that
/// changes the table: when rows refuse a clause of it (a new CHECK, a UNIQUE, a narrower type),
/// the statement fails whole and the keys stay, where a `DROP FOREIGN KEY` of its own stayed
/// done and left the table without them (a user trial on MariaDB 10.11: ERROR 4025 on a new
/// CHECK left `fk_tasks_project_id` dropped, and the migration run again failed with ERROR
/// 1091). Adding the same key back goes in a statement of its own after it, as MariaDB refuses
/// to drop and add a key of one name in one statement (errno 121).
pub(super) fn fold_key_drops(drops: &[String], first: &str) -> Option<String> {
    let table = identifier_at(drops.first()?.strip_prefix("ALTER TABLE ")?);
    let prefix = format!("ALTER TABLE {table} ");
    // (The key's own index, which MySQL made for it, may go with it: `DROP INDEX k ON t;`.)
    let on = format!(" ON {table};");
    let clauses: Vec<String> = drops
        .iter()
        .map(|s| {
            let clause = match s.strip_prefix(prefix.as_str()) {
                Some(c) => c
                    .strip_suffix(';')
                    .filter(|c| c.starts_with("DROP FOREIGN KEY "))?,
                None => s.strip_suffix(on.as_str())?.strip_prefix("DROP ")?,
            };
            (clause.starts_with("DROP FOREIGN KEY ") || clause.starts_with("INDEX "))
                .then_some(clause)
                .filter(|c| !c.contains([',', '\n']))
                .map(|c| {
                    if c.starts_with("INDEX ") {
                        format!("DROP {c}")
                    } else {
                        c.to_string()
                    }
                })
        })
        .collect::<Option<_>>()?;
    let index = index_clause(table, first);
    let body = if let Some(body) = first.strip_prefix(format!("ALTER TABLE {table}\n  ").as_str()) {
        body
    } else if let Some(clause) = index.as_deref() {
        clause
    } else {
        let clause = first.strip_prefix(prefix.as_str())?;
        let renames_table = clause.starts_with("RENAME TO ");
        if clause.contains('\n')
            || (!renames_table && ["RENAME ", "CHANGE "].iter().any(|r| clause.starts_with(r)))
        {
            return None;
        }
        clause
    };
    // (A merged run holds no rename: it ends before one. The table's own rename takes the
    // keys' drops before it: they name the keys, not the table.)
    Some(format!(
        "ALTER TABLE {table}\n  {},\n  {body}",
        clauses.join(",\n  ")
    ))
}

/// `last` (the last statement of a table's change) with `adds` — the foreign keys the table
/// gets, `ALTER TABLE t\n  ADD CONSTRAINT k\n  FOREIGN KEY …;` statements of the same table, run
/// after it — as its last clauses, or `None` when `last` is not one `ALTER TABLE` of that table
/// (a rename, an `UPDATE`, an index, the `sql_mode` settings), `adds` are not all such
/// statements, or `last` names one of the keys (MariaDB refuses to drop and add a key of one
/// name in one statement, errno 121). A key over a column the change adds with a default then
/// goes in the statement that adds the column: rows that the key refuses (no referenced row
/// holds the default) make the statement fail whole, where an `ADD COLUMN` of its own stayed
/// done and left the column there (a user trial on MariaDB 10.11: ERROR 1452 with `org_id`
/// added; checked there: `ADD COLUMN org_id …, ADD CONSTRAINT fk_plans_org_id FOREIGN KEY
/// (org_id) REFERENCES orgs (id)` refused leaves the table as it was).
pub(super) fn fold_key_adds(adds: &[String], last: &str) -> Option<String> {
    let table = identifier_ending(last.strip_prefix("ALTER TABLE ")?, char::is_whitespace);
    let mut clauses: Vec<String> = Vec::with_capacity(adds.len());
    for statement in adds {
        let (on, clause) = key_clause(statement)?;
        let name = identifier_ending(clause.strip_prefix("ADD CONSTRAINT ")?, char::is_whitespace);
        if on != table || last.contains(name) {
            return None;
        }
        clauses.push(clause);
    }
    let body = match last.strip_prefix(format!("ALTER TABLE {table}\n  ").as_str()) {
        Some(body) => body,
        None => {
            let clause = last.strip_prefix(format!("ALTER TABLE {table} ").as_str())?;
            if clause.contains('\n') || ["RENAME ", "CHANGE "].iter().any(|r| clause.starts_with(r))
            {
                return None;
            }
            clause
        }
    };
    let body = body.strip_suffix(';')?;
    if body.contains(';') {
        return None;
    }
    Some(format!(
        "ALTER TABLE {table}\n  {body},\n  {};",
        clauses.join(",\n  ")
    ))
}

/// The clause of `first`, `CREATE [UNIQUE] INDEX i ON t (…);`, in an `ALTER TABLE` of `table`
/// (as written), or `None` for another statement (a `DROP INDEX`, which no row refuses, too). A key dropped
/// because its table's new index takes the name of the one made for it went before a new
/// UNIQUE of its own that duplicates refuse, and stayed dropped; in the UNIQUE's statement it
/// stays (MariaDB 10.11: `DROP FOREIGN KEY k, DROP INDEX k, ADD UNIQUE INDEX k (…)` refused
/// whole, then run once the rows are mended).
fn index_clause(table: &str, first: &str) -> Option<String> {
    let body = first.strip_suffix(';')?;
    if body.contains(['\n', ';']) {
        return None;
    }
    let created = body.strip_prefix("CREATE ")?;
    let (unique, rest) = match created.strip_prefix("UNIQUE ") {
        Some(rest) => ("UNIQUE ", rest),
        None => ("", created),
    };
    let rest = rest.strip_prefix("INDEX ")?;
    let name = identifier_at(rest);
    let columns = rest[name.len()..].strip_prefix(format!(" ON {table} (").as_str())?;
    // (With the `;` the body of a statement keeps.)
    Some(format!("ADD {unique}INDEX {name} ({columns};"))
}

/// `statements` (foreign key statements of one way of a migration, in order) with each run of
/// consecutive ones on the same table — `ALTER TABLE t\n  ADD CONSTRAINT k\n  FOREIGN KEY …;`,
/// `ALTER TABLE t DROP FOREIGN KEY k;`, `DROP INDEX i ON t;` — written as one `ALTER TABLE` with
/// their clauses in the same order. Two keys a table got in statements of their own left the
/// first added when rows refused the second, and the migration run again failed on its name
/// (errno 121), the down migration at the second's `DROP FOREIGN KEY` (a user trial on MariaDB
/// 10.11); one statement fails whole. (InnoDB adds several keys in one `ALTER TABLE`, and drops
/// a key with its index in one, as MySQL 8.0's manual shows; a key dropped and added again
/// under the same name never shares one: MariaDB refuses that, errno 121.)
pub(super) fn join_key_statements(statements: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(statements.len());
    // The run's table, and its statements with their clauses.
    let mut run: Option<(String, Vec<(String, String)>)> = None;
    let flush = |run: &mut Option<(String, Vec<(String, String)>)>, out: &mut Vec<String>| match run
        .take()
    {
        Some((_, mut alone)) if alone.len() == 1 => out.push(alone.remove(0).0),
        Some((table, several)) => {
            let clauses: Vec<&str> = several.iter().map(|(_, c)| c.as_str()).collect();
            out.push(format!("ALTER TABLE {table}\n  {};", clauses.join(",\n  ")));
        }
        None => {}
    };
    for statement in statements {
        let Some((table, clause)) = key_clause(&statement) else {
            flush(&mut run, &mut out);
            out.push(statement);
            continue;
        };
        match &mut run {
            Some((t, clauses)) if *t == table => clauses.push((statement, clause)),
            _ => {
                flush(&mut run, &mut out);
                run = Some((table, vec![(statement, clause)]));
            }
        }
    }
    flush(&mut run, &mut out);
    out
}

/// The table (as written) and the clause of a foreign key statement [`join_key_statements`]
/// joins, or `None` for another statement (or one of several clauses already).
fn key_clause(statement: &str) -> Option<(String, String)> {
    let body = statement.strip_suffix(';')?;
    if body.contains(",\n") || body.contains(';') {
        return None;
    }
    if let Some(rest) = body.strip_prefix("DROP INDEX ") {
        let index = identifier_at(rest);
        let table = rest[index.len()..].strip_prefix(" ON ")?;
        let whole = !table.is_empty() && identifier_ending(table, char::is_whitespace) == table;
        return whole.then(|| (table.to_string(), format!("DROP INDEX {index}")));
    }
    let rest = body.strip_prefix("ALTER TABLE ")?;
    let table = identifier_ending(rest, char::is_whitespace);
    let clause = rest[table.len()..].trim_start_matches(' ');
    let clause = clause.strip_prefix("\n  ").unwrap_or(clause);
    let key = clause.starts_with("DROP FOREIGN KEY ")
        || (clause.starts_with("ADD CONSTRAINT ") && clause.contains("FOREIGN KEY ("));
    (key && !table.is_empty()).then(|| (table.to_string(), clause.to_string()))
}

/// The clause `statement` would be in an `ALTER TABLE` of `table` (whose statements begin with
/// `prefix`), or `None` for a statement that is not one table change of it, or is a rename.
pub(super) fn clause_of(d: &MySql, table: &str, prefix: &str, statement: &str) -> Option<String> {
    if statement.contains('\n') {
        return None;
    }
    let body = statement.strip_suffix(';')?;
    if let Some(clause) = body.strip_prefix(prefix) {
        let renames = ["RENAME ", "CHANGE "].iter().any(|r| clause.starts_with(r));
        return (!renames).then(|| clause.to_string());
    }
    let on = format!(" ON {}", d.identifier(table));
    if let Some(index) = body.strip_prefix("DROP INDEX ") {
        return index
            .strip_suffix(on.as_str())
            .map(|name| format!("DROP INDEX {name}"));
    }
    let created = body.strip_prefix("CREATE ")?;
    let (unique, rest) = match created.strip_prefix("UNIQUE ") {
        Some(rest) => ("UNIQUE ", rest),
        None => ("", created),
    };
    let rest = rest.strip_prefix("INDEX ")?;
    let on = format!(" ON {} (", d.table_before_column_list(table));
    let (name, columns) = rest.split_once(on.as_str())?;
    Some(format!("ADD {unique}INDEX {name} ({columns}"))
}

/// The column a clause adds, drops or changes, as written (`MODIFY COLUMN qty …` → `qty`).
fn column_of(clause: &str) -> Option<String> {
    let rest = [
        "MODIFY COLUMN ",
        "ADD COLUMN ",
        "DROP COLUMN ",
        "ALTER COLUMN ",
    ]
    .iter()
    .find_map(|k| clause.strip_prefix(k))?;
    Some(identifier_at(rest).to_string())
}

/// The identifier `text` begins with: in backquotes (two for one inside), or up to a space.
pub(super) fn identifier_at(text: &str) -> &str {
    identifier_ending(text, |c| c == ' ')
}

/// The identifier `text` begins with: in backquotes (two for one inside), or up to the first
/// character `ends` says ends a bare name.
pub(crate) fn identifier_ending(text: &str, ends: impl Fn(char) -> bool) -> &str {
    if let Some(quoted) = text.strip_prefix('`') {
        let mut chars = quoted.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '`' {
                if chars.peek().is_some_and(|&(_, n)| n == '`') {
                    chars.next();
                    continue;
                }
                return &text[..i + 2];
            }
        }
        return text;
    }
    text.find(ends).map_or(text, |end| &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merged(statements: &[&str]) -> Vec<String> {
        merge_alters(
            &MySql,
            "items",
            statements.iter().map(|s| s.to_string()).collect(),
        )
    }

    #[test]
    fn a_check_dropped_around_a_column_change_goes_and_comes_in_one_statement() {
        assert_eq!(
            merged(&[
                "ALTER TABLE items DROP CONSTRAINT chk_qty;",
                "ALTER TABLE items MODIFY COLUMN qty TINYINT;",
                "ALTER TABLE items ADD CONSTRAINT chk_qty CHECK (qty >= -100);",
            ]),
            ["ALTER TABLE items\n  DROP CONSTRAINT chk_qty,\n  MODIFY COLUMN qty TINYINT,\n  ADD CONSTRAINT chk_qty CHECK (qty >= -100);"]
        );
    }

    #[test]
    fn index_statements_become_clauses_and_one_statement_stays_as_it_was() {
        assert_eq!(
            merged(&[
                "DROP INDEX idx_a ON items;",
                "ALTER TABLE items MODIFY COLUMN a BIGINT;",
                "CREATE UNIQUE INDEX idx_a ON items (a, b);",
            ]),
            ["ALTER TABLE items\n  DROP INDEX idx_a,\n  MODIFY COLUMN a BIGINT,\n  ADD UNIQUE INDEX idx_a (a, b);"]
        );
        assert_eq!(
            merged(&["DROP INDEX idx_a ON items;"]),
            ["DROP INDEX idx_a ON items;"]
        );
        // Another table's index is not this table's change.
        assert_eq!(
            merged(&[
                "ALTER TABLE items MODIFY COLUMN a BIGINT;",
                "DROP INDEX idx_a ON other;",
            ])
            .len(),
            2
        );
    }

    #[test]
    fn runs_end_at_other_statements_renames_and_a_column_changed_again() {
        let out = merged(&[
            "ALTER TABLE items MODIFY COLUMN a INT;",
            "UPDATE items SET a = 0 WHERE a IS NULL;",
            "ALTER TABLE items MODIFY COLUMN a INT NOT NULL;",
            "ALTER TABLE items ADD CONSTRAINT chk_a CHECK (a > 0);",
            "ALTER TABLE items RENAME COLUMN b TO c;",
            "ALTER TABLE items MODIFY COLUMN c BIGINT;",
            "ALTER TABLE items DROP PRIMARY KEY, ADD PRIMARY KEY (c);",
            "ALTER TABLE items MODIFY COLUMN c BIGINT AUTO_INCREMENT;",
        ]);
        assert_eq!(
            out,
            [
                "ALTER TABLE items MODIFY COLUMN a INT;",
                "UPDATE items SET a = 0 WHERE a IS NULL;",
                "ALTER TABLE items\n  MODIFY COLUMN a INT NOT NULL,\n  ADD CONSTRAINT chk_a CHECK (a > 0);",
                "ALTER TABLE items RENAME COLUMN b TO c;",
                "ALTER TABLE items\n  MODIFY COLUMN c BIGINT,\n  DROP PRIMARY KEY, ADD PRIMARY KEY (c);",
                "ALTER TABLE items MODIFY COLUMN c BIGINT AUTO_INCREMENT;",
            ]
        );
    }

    /// A column made AUTO_INCREMENT comes between `sql_mode` settings: its `MODIFY` joins the
    /// run, and the settings go around the run's statement, so that a CHECK dropped before it
    /// goes in the same statement (it went in one of its own, which stayed done when the
    /// `MODIFY` failed). Settings of another shape end the run, as before.
    #[test]
    fn a_column_made_auto_increment_joins_the_run_with_its_sql_mode_around_it() {
        let numbered = |modify: &str| {
            [
                KEEP_SQL_MODE,
                NO_AUTO_VALUE_ON_ZERO,
                modify,
                RESTORE_SQL_MODE,
            ]
            .map(str::to_string)
        };
        let mut statements = vec!["ALTER TABLE items DROP CONSTRAINT chk_id;".to_string()];
        statements.extend(numbered(
            "ALTER TABLE items MODIFY COLUMN id INT NOT NULL AUTO_INCREMENT;",
        ));
        statements.push("ALTER TABLE items ADD CONSTRAINT chk_qty CHECK (qty >= 0);".into());
        assert_eq!(
            merge_alters(&MySql, "items", statements),
            [
                KEEP_SQL_MODE,
                NO_AUTO_VALUE_ON_ZERO,
                "ALTER TABLE items\n  DROP CONSTRAINT chk_id,\n  MODIFY COLUMN id INT NOT NULL AUTO_INCREMENT,\n  ADD CONSTRAINT chk_qty CHECK (qty >= 0);",
                RESTORE_SQL_MODE,
            ]
        );
        // Alone, it stays as it was.
        let alone = numbered("ALTER TABLE items MODIFY COLUMN id INT NOT NULL AUTO_INCREMENT;");
        assert_eq!(merge_alters(&MySql, "items", alone.to_vec()), alone);
        // A run that changes the column already ends before it; what follows joins it.
        let mut statements =
            vec!["ALTER TABLE items MODIFY COLUMN id BIGINT NOT NULL;".to_string()];
        statements.extend(numbered(
            "ALTER TABLE items MODIFY COLUMN id BIGINT NOT NULL AUTO_INCREMENT;",
        ));
        statements.push("ALTER TABLE items ADD CONSTRAINT chk_qty CHECK (qty >= 0);".into());
        assert_eq!(
            merge_alters(&MySql, "items", statements),
            [
                "ALTER TABLE items MODIFY COLUMN id BIGINT NOT NULL;",
                KEEP_SQL_MODE,
                NO_AUTO_VALUE_ON_ZERO,
                "ALTER TABLE items\n  MODIFY COLUMN id BIGINT NOT NULL AUTO_INCREMENT,\n  ADD CONSTRAINT chk_qty CHECK (qty >= 0);",
                RESTORE_SQL_MODE,
            ]
        );
        // Another table's statement between the settings is no clause of this run.
        let other = numbered("ALTER TABLE other MODIFY COLUMN id INT NOT NULL AUTO_INCREMENT;");
        let mut statements = vec!["ALTER TABLE items DROP CONSTRAINT chk_id;".to_string()];
        statements.extend(other.clone());
        let mut wanted = vec!["ALTER TABLE items DROP CONSTRAINT chk_id;".to_string()];
        wanted.extend(other);
        assert_eq!(merge_alters(&MySql, "items", statements), wanted);
    }

    /// A key dropped before its table's change goes in the statement that changes it (which
    /// fails whole when rows refuse a clause) or renames it; not before a rename of a column or
    /// index, an `UPDATE` or another table's statement.
    #[test]
    fn foreign_key_drops_go_in_the_table_s_first_statement() {
        let drops = ["ALTER TABLE items DROP FOREIGN KEY fk_a;".to_string()];
        assert_eq!(
            fold_key_drops(
                &drops,
                "ALTER TABLE items\n  DROP INDEX idx_a,\n  ADD CONSTRAINT chk_b CHECK (b > 0);"
            )
            .as_deref(),
            Some("ALTER TABLE items\n  DROP FOREIGN KEY fk_a,\n  DROP INDEX idx_a,\n  ADD CONSTRAINT chk_b CHECK (b > 0);")
        );
        assert_eq!(
            fold_key_drops(&drops, "ALTER TABLE items MODIFY COLUMN b DECIMAL(12,2);").as_deref(),
            Some("ALTER TABLE items\n  DROP FOREIGN KEY fk_a,\n  MODIFY COLUMN b DECIMAL(12,2);")
        );
        for first in [
            "ALTER TABLE items RENAME COLUMN a TO c;",
            "ALTER TABLE items RENAME INDEX i TO j;",
            "UPDATE items SET a = 0 WHERE a IS NULL;",
            "ALTER TABLE other MODIFY COLUMN b INT;",
            "DROP INDEX idx_a ON items;",
            KEEP_SQL_MODE,
        ] {
            assert_eq!(fold_key_drops(&drops, first), None, "{first}");
        }
        let with_index = [
            "ALTER TABLE items DROP FOREIGN KEY fk_a;".to_string(),
            "DROP INDEX fk_a ON items;".to_string(),
        ];
        assert_eq!(
            fold_key_drops(&with_index, "ALTER TABLE items RENAME TO things;").as_deref(),
            Some("ALTER TABLE items\n  DROP FOREIGN KEY fk_a,\n  DROP INDEX fk_a,\n  RENAME TO things;")
        );
        assert_eq!(
            fold_key_drops(&with_index, "ALTER TABLE items MODIFY COLUMN b DECIMAL(12,2);")
                .as_deref(),
            Some("ALTER TABLE items\n  DROP FOREIGN KEY fk_a,\n  DROP INDEX fk_a,\n  MODIFY COLUMN b DECIMAL(12,2);")
        );
        let other = ["DROP INDEX fk_a ON other;".to_string()];
        assert_eq!(
            fold_key_drops(&other, "ALTER TABLE items MODIFY COLUMN b INT;"),
            None
        );
        let quoted = ["ALTER TABLE `order` DROP FOREIGN KEY `fk`;".to_string()];
        assert_eq!(
            fold_key_drops(&quoted, "ALTER TABLE `order` MODIFY COLUMN `key` INT;").as_deref(),
            Some("ALTER TABLE `order`\n  DROP FOREIGN KEY `fk`,\n  MODIFY COLUMN `key` INT;")
        );
    }

    /// A key dropped before a new index of its table (one taking the name of the index made for
    /// the key) goes in the index's statement, which duplicates refuse whole.
    #[test]
    fn foreign_key_drops_go_in_a_new_index_s_statement() {
        let drops = [
            "ALTER TABLE items DROP FOREIGN KEY fk_a;".to_string(),
            "DROP INDEX fk_a ON items;".to_string(),
        ];
        assert_eq!(
            fold_key_drops(&drops, "CREATE UNIQUE INDEX fk_a ON items (a, b);").as_deref(),
            Some("ALTER TABLE items\n  DROP FOREIGN KEY fk_a,\n  DROP INDEX fk_a,\n  ADD UNIQUE INDEX fk_a (a, b);")
        );
        assert_eq!(
            fold_key_drops(&drops[..1], "CREATE INDEX idx_b ON items (a, b(10));").as_deref(),
            Some("ALTER TABLE items\n  DROP FOREIGN KEY fk_a,\n  ADD INDEX idx_b (a, b(10));")
        );
        for first in [
            "CREATE INDEX idx_b ON other (a);",
            "DROP INDEX idx_b ON items;",
        ] {
            assert_eq!(fold_key_drops(&drops, first), None, "{first}");
        }
    }

    /// The keys a table gets after its change go in the change's last statement (which fails
    /// whole when rows refuse a key); not after a rename, an `UPDATE`, an index, another table's
    /// statement, nor into one that names the key (dropped there: MariaDB's errno 121).
    #[test]
    fn foreign_key_adds_go_in_the_table_s_last_statement() {
        let add = |t: &str, k: &str, c: &str| {
            format!("ALTER TABLE {t}\n  ADD CONSTRAINT {k}\n  FOREIGN KEY ({c}) REFERENCES p (id);")
        };
        let adds = [add("items", "fk_a", "a"), add("items", "fk_b", "b")];
        assert_eq!(
            fold_key_adds(&adds, "ALTER TABLE items ADD COLUMN a INT NOT NULL DEFAULT 0 AFTER id;")
                .as_deref(),
            Some("ALTER TABLE items\n  ADD COLUMN a INT NOT NULL DEFAULT 0 AFTER id,\n  ADD CONSTRAINT fk_a\n  FOREIGN KEY (a) REFERENCES p (id),\n  ADD CONSTRAINT fk_b\n  FOREIGN KEY (b) REFERENCES p (id);")
        );
        assert_eq!(
            fold_key_adds(&adds[..1], "ALTER TABLE items\n  ADD COLUMN a INT,\n  ADD COLUMN b INT;")
                .as_deref(),
            Some("ALTER TABLE items\n  ADD COLUMN a INT,\n  ADD COLUMN b INT,\n  ADD CONSTRAINT fk_a\n  FOREIGN KEY (a) REFERENCES p (id);")
        );
        for last in [
            "ALTER TABLE items RENAME COLUMN a TO c;",
            "ALTER TABLE items RENAME TO things;",
            "UPDATE items SET a = 0 WHERE a IS NULL;",
            "ALTER TABLE other MODIFY COLUMN b INT;",
            "CREATE INDEX idx_a ON items (a);",
            "ALTER TABLE items\n  DROP FOREIGN KEY fk_a,\n  MODIFY COLUMN a BIGINT;",
            RESTORE_SQL_MODE,
        ] {
            assert_eq!(fold_key_adds(&adds, last), None, "{last}");
        }
        let other = [add("other", "fk_x", "x")];
        assert_eq!(
            fold_key_adds(&other, "ALTER TABLE items ADD COLUMN x INT;"),
            None
        );
    }

    /// Each run of foreign key statements on one table is one `ALTER TABLE`; one alone, or
    /// another statement, stays as it was.
    #[test]
    fn foreign_key_statements_of_a_table_are_joined() {
        let add = |t: &str, k: &str, c: &str| {
            format!("ALTER TABLE {t}\n  ADD CONSTRAINT {k}\n  FOREIGN KEY ({c}) REFERENCES p (id);")
        };
        let joined = join_key_statements(vec![
            add("a", "fk_a_x", "x"),
            add("a", "fk_a_y", "y"),
            add("b", "fk_b_x", "x"),
            "ALTER TABLE b RENAME INDEX i TO j;".to_string(),
            add("b", "fk_b_y", "y"),
        ]);
        assert_eq!(
            joined,
            [
                "ALTER TABLE a\n  ADD CONSTRAINT fk_a_x\n  FOREIGN KEY (x) REFERENCES p (id),\n  ADD CONSTRAINT fk_a_y\n  FOREIGN KEY (y) REFERENCES p (id);".to_string(),
                add("b", "fk_b_x", "x"),
                "ALTER TABLE b RENAME INDEX i TO j;".to_string(),
                add("b", "fk_b_y", "y"),
            ]
        );
        let drops = [
            "ALTER TABLE `order` DROP FOREIGN KEY fk_x;",
            "ALTER TABLE `order` DROP FOREIGN KEY fk_y;",
            "DROP INDEX fk_y ON `order`;",
            "DROP INDEX fk_z ON other;",
        ]
        .map(str::to_string);
        assert_eq!(
            join_key_statements(drops.to_vec()),
            [
                "ALTER TABLE `order`\n  DROP FOREIGN KEY fk_x,\n  DROP FOREIGN KEY fk_y,\n  DROP INDEX fk_y;",
                "DROP INDEX fk_z ON other;",
            ]
        );
    }

    #[test]
    fn quoted_names_are_read_whole() {
        assert_eq!(identifier_at("`a b``c` INT"), "`a b``c`");
        assert_eq!(identifier_at("qty TINYINT"), "qty");
        let out = merge_alters(
            &MySql,
            "order",
            vec![
                "ALTER TABLE `order` MODIFY COLUMN `key` INT;".into(),
                "ALTER TABLE `order` MODIFY COLUMN `key` INT NOT NULL;".into(),
            ],
        );
        assert_eq!(out.len(), 2, "{out:?}");
    }
}
