//! Where a fill of NULLs goes in a MySQL table change: after the table's other changes, so that
//! the fill is checked by every rule the change adds and only `NOT NULL` comes after it.
//!
//! A column that becomes NOT NULL with a default is filled first (`UPDATE t SET c = default
//! WHERE c IS NULL;`, after the `MODIFY` that gives it its new type and default, still
//! nullable), then made NOT NULL (`MODIFY … NOT NULL`). MySQL commits each statement. With the
//! NOT NULL statement also holding the clauses that followed it in the change (a new UNIQUE or
//! CHECK, a CHECK dropped before the column's type change and added again, another column's
//! change), rows refusing one of those clauses (two NULLs filled with one default under a new
//! UNIQUE, as `NULLS_FILLED` says) failed that statement after the fill had run: the rows'
//! NULLs were gone, their value no longer told from the default, and the CHECK dropped in the
//! first statement stayed dropped, so neither the up migration (its first `DROP CONSTRAINT`)
//! nor the down migration (its `DROP INDEX` of the UNIQUE never made) ran again (seen on
//! MariaDB 10.11). With those clauses in the statement before the fill, a refusal by the old
//! rows fails that statement whole (the table as it was), and the fill, one `UPDATE` (which
//! InnoDB undoes whole when it fails), is checked against the new UNIQUE and CHECKs: values
//! that repeat, or a default a CHECK refuses, fail it with the NULLs still there. Only `NOT
//! NULL` follows, which fails only on a NULL written in between, and the down migration runs
//! from there.
//!
//! A clause stays after the fill where it could refuse a row holding NULL there that the fill
//! would make pass: a change of the key (which makes its columns NOT NULL), a column added that
//! follows updates (`ON UPDATE`: the fill would change its values), and a CHECK or a UNIQUE
//! index expression that reads a filled column through something other than operators and
//! functions that give NULL for NULL (`c IS NOT NULL`, `coalesce(c, 0) > 0`). Such a
//! CHECK that gives FALSE while the column holds NULL does so whatever value it holds, so the
//! fill would not have let the row in either.

use super::mysql::MySql;
use super::mysql_merge::{clause_of, identifier_at};
use super::Dialect;

/// `statements` (one table's change, in order, one clause each) with each fill — the `UPDATE`
/// and the `MODIFY … NOT NULL` right after it — moved after the statements that follow it and
/// may go before it ([`goes_before_fill`]); fills met on the way move with it, their `UPDATE`s
/// first, then their `NOT NULL` statements, in order.
pub(super) fn fills_last(d: &MySql, table: &str, statements: Vec<String>) -> Vec<String> {
    let prefix = format!("ALTER TABLE {} ", d.identifier(table));
    let update = format!("UPDATE {} SET ", d.identifier(table));
    let mut out = Vec::with_capacity(statements.len());
    // The fills waiting: their UPDATEs, their NOT NULL statements, and the columns they fill.
    let mut updates: Vec<String> = Vec::new();
    let mut not_nulls: Vec<String> = Vec::new();
    let mut filled: Vec<String> = Vec::new();
    let mut statements = statements.into_iter().peekable();
    while let Some(statement) = statements.next() {
        let fill_column = statement
            .strip_prefix(update.as_str())
            .filter(|_| !statement.contains('\n'))
            .map(|rest| identifier_at(rest).to_string());
        if let Some(column) = fill_column {
            let not_null = statements.peek().and_then(|next| {
                let clause = clause_of(d, table, &prefix, next)?;
                let modified = clause.strip_prefix("MODIFY COLUMN ")?;
                (identifier_at(modified) == column && clause.contains(" NOT NULL")).then_some(())
            });
            if not_null.is_some() {
                updates.push(statement);
                not_nulls.extend(statements.next());
                filled.push(column);
                continue;
            }
        }
        let before = !filled.is_empty()
            && clause_of(d, table, &prefix, &statement)
                .is_some_and(|clause| goes_before_fill(&clause, &filled));
        if !before {
            out.append(&mut updates);
            out.append(&mut not_nulls);
            filled.clear();
        }
        out.push(statement);
    }
    out.append(&mut updates);
    out.append(&mut not_nulls);
    out
}

/// Where the foreign keys a table's change adds go first (`Dialect::foreign_key_adds_into`):
/// where the change ends with a fill — `UPDATE`s, then the statement that makes the filled
/// columns NOT NULL ([`fills_last`]) — the statement before the `UPDATE`s, so that a filled
/// value no referenced row holds fails the fill, whole, with the NULLs still there (in the
/// last statement the key was checked after the fill had run); otherwise the last statement.
pub(super) fn key_adds_into(statements: &[String]) -> Option<usize> {
    let last = statements.len().checked_sub(1)?;
    let fills = statements[..last]
        .iter()
        .rev()
        .take_while(|s| s.starts_with("UPDATE "))
        .count();
    let not_null =
        statements[last].starts_with("ALTER TABLE ") && statements[last].contains(" NOT NULL");
    Some(if fills > 0 && not_null && fills < last {
        last - fills - 1
    } else {
        last
    })
}

/// Whether `clause` (of the table's change, after a fill of `filled`) may run before the fill:
/// a change of another column (none that follows updates), a UNIQUE constraint, an index, or a
/// CHECK, whose reading of a filled column gives NULL while it holds NULL ([`passes_null`]).
fn goes_before_fill(clause: &str, filled: &[String]) -> bool {
    if let Some(rest) = clause.strip_prefix("MODIFY COLUMN ") {
        return !filled.iter().any(|c| c == identifier_at(rest));
    }
    if clause.starts_with("ADD COLUMN ") {
        return !clause.to_ascii_uppercase().contains(" ON UPDATE ");
    }
    if clause.starts_with("ADD INDEX ") {
        return true;
    }
    if let Some(rest) = clause.strip_prefix("ADD UNIQUE INDEX ") {
        // A key part that is an expression, `((coalesce(c, 0)))`, is read as a CHECK is.
        let parts = &rest[identifier_at(rest).len()..];
        return !parts.contains("((") || passes_null(parts, filled);
    }
    let Some(rest) = clause.strip_prefix("ADD CONSTRAINT ") else {
        return false;
    };
    let body = rest[identifier_at(rest).len()..].trim_start();
    if body.starts_with("UNIQUE (") {
        return true;
    }
    body.strip_prefix("CHECK ")
        .is_some_and(|check| check.starts_with('(') && passes_null(check, filled))
}

/// Whether `expression` gives NULL (which a CHECK lets in, and a UNIQUE key does not compare)
/// whenever a column of `filled` it reads holds NULL, as far as its words show: it reads none
/// of them, or it is made of names, literals, comparisons, arithmetic, `AND`, `OR`, `NOT`,
/// `BETWEEN`, `IN`, `LIKE` and functions that give NULL for NULL ([`NULL_IN_NULL_OUT`]).
/// Anything else (`IS`, `<=>`, `CASE`, `coalesce()`, a function not listed) may give TRUE or
/// FALSE there: no.
fn passes_null(expression: &str, filled: &[String]) -> bool {
    use sqlparser::dialect::MySqlDialect;
    use sqlparser::tokenizer::{Token, Tokenizer};
    let Ok(tokens) = Tokenizer::new(&MySqlDialect {}, expression).tokenize() else {
        return false;
    };
    let significant: Vec<&Token> = tokens
        .iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    let bare = |c: &str| c.trim_matches('`').replace("``", "`");
    let reads_filled = significant.iter().any(|t| {
        matches!(t, Token::Word(w) if filled.iter().any(|c| w.value.eq_ignore_ascii_case(&bare(c))))
    });
    if !reads_filled {
        return true;
    }
    significant.iter().enumerate().all(|(i, t)| match t {
        Token::Spaceship => false,
        Token::Word(w) if w.quote_style.is_none() => {
            let upper = w.value.to_ascii_uppercase();
            let call = significant.get(i + 1) == Some(&&Token::LParen);
            if PROPAGATING_WORDS.contains(&upper.as_str()) {
                true
            } else if call {
                NULL_IN_NULL_OUT.contains(&upper.as_str())
            } else {
                // A name (of a column, or a key word used as one), a literal's word.
                !NULL_READING_WORDS.contains(&upper.as_str())
            }
        }
        _ => true,
    })
}

/// Key words that give NULL when an operand is NULL (`NOT NULL` is NULL, `NULL AND TRUE` is
/// NULL, `NULL OR FALSE` is NULL; `NULL AND FALSE` is FALSE, but then so is every value's).
const PROPAGATING_WORDS: &[&str] = &[
    "AND", "OR", "XOR", "NOT", "BETWEEN", "IN", "LIKE", "REGEXP", "RLIKE", "DIV", "MOD",
];

/// Key words of the forms that read NULL as a value: `IS [NOT] NULL` (`TRUE`, `UNKNOWN`) and
/// `CASE` (`CASE WHEN c IS NULL …`, `CASE c WHEN …ELSE 1 END`).
const NULL_READING_WORDS: &[&str] = &["IS", "CASE", "WHEN", "THEN", "ELSE", "END"];

/// Functions that give NULL when their argument is NULL, on MySQL and MariaDB (`json_valid`,
/// which MariaDB's `JSON` column's CHECK calls, too).
const NULL_IN_NULL_OUT: &[&str] = &[
    "ABS",
    "CAST",
    "CEIL",
    "CEILING",
    "CHAR_LENGTH",
    "CHARACTER_LENGTH",
    "CONCAT",
    "FLOOR",
    "JSON_VALID",
    "LCASE",
    "LEFT",
    "LENGTH",
    "LOWER",
    "LTRIM",
    "OCTET_LENGTH",
    "RIGHT",
    "ROUND",
    "RTRIM",
    "SUBSTR",
    "SUBSTRING",
    "TRIM",
    "UCASE",
    "UPPER",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn ordered(statements: &[&str]) -> Vec<String> {
        fills_last(
            &MySql,
            "items",
            statements.iter().map(|s| s.to_string()).collect(),
        )
    }

    const FILL: [&str; 3] = [
        "ALTER TABLE items MODIFY COLUMN code BIGINT DEFAULT 7;",
        "UPDATE items SET code = 7 WHERE code IS NULL;",
        "ALTER TABLE items MODIFY COLUMN code BIGINT NOT NULL DEFAULT 7;",
    ];

    #[test]
    fn the_table_s_other_changes_go_before_the_fill_and_only_not_null_after_it() {
        let mut statements = vec!["ALTER TABLE items DROP CONSTRAINT chk_code;"];
        statements.extend(FILL);
        statements.extend([
            "ALTER TABLE items MODIFY COLUMN qty BIGINT;",
            "ALTER TABLE items ADD COLUMN note TEXT;",
            "ALTER TABLE items ADD CONSTRAINT uq_code UNIQUE (code);",
            "CREATE INDEX idx_code ON items (code, note(10));",
            "ALTER TABLE items ADD CONSTRAINT chk_code CHECK (code >= 0 AND length(code) < 9);",
        ]);
        assert_eq!(
            ordered(&statements),
            [
                "ALTER TABLE items DROP CONSTRAINT chk_code;",
                FILL[0],
                "ALTER TABLE items MODIFY COLUMN qty BIGINT;",
                "ALTER TABLE items ADD COLUMN note TEXT;",
                "ALTER TABLE items ADD CONSTRAINT uq_code UNIQUE (code);",
                "CREATE INDEX idx_code ON items (code, note(10));",
                "ALTER TABLE items ADD CONSTRAINT chk_code CHECK (code >= 0 AND length(code) < 9);",
                FILL[1],
                FILL[2],
            ]
        );
    }

    #[test]
    fn two_fills_move_together_updates_first() {
        assert_eq!(
            ordered(&[
                "UPDATE items SET a = 0 WHERE a IS NULL;",
                "ALTER TABLE items MODIFY COLUMN a INT NOT NULL DEFAULT 0;",
                "ALTER TABLE items MODIFY COLUMN b INT DEFAULT 1;",
                "UPDATE items SET b = 1 WHERE b IS NULL;",
                "ALTER TABLE items MODIFY COLUMN b INT NOT NULL DEFAULT 1;",
                "ALTER TABLE items ADD CONSTRAINT uq_ab UNIQUE (a, b);",
            ]),
            [
                "ALTER TABLE items MODIFY COLUMN b INT DEFAULT 1;",
                "ALTER TABLE items ADD CONSTRAINT uq_ab UNIQUE (a, b);",
                "UPDATE items SET a = 0 WHERE a IS NULL;",
                "UPDATE items SET b = 1 WHERE b IS NULL;",
                "ALTER TABLE items MODIFY COLUMN a INT NOT NULL DEFAULT 0;",
                "ALTER TABLE items MODIFY COLUMN b INT NOT NULL DEFAULT 1;",
            ]
        );
    }

    /// What could refuse a row holding NULL that the fill makes pass, or that the fill would
    /// change, stays after it, and so does all that follows it.
    #[test]
    fn what_may_need_the_fill_stays_after_it() {
        for after in [
            "ALTER TABLE items ADD CONSTRAINT chk_code CHECK (code IS NOT NULL);",
            "ALTER TABLE items ADD CONSTRAINT chk_code CHECK (coalesce(code, 0) > 0);",
            "ALTER TABLE items ADD CONSTRAINT chk_code CHECK (code <=> 7);",
            "ALTER TABLE items ADD CONSTRAINT chk_code CHECK (CASE WHEN code > 0 THEN 1 END);",
            "ALTER TABLE items ADD CONSTRAINT chk_code CHECK (my_function(code) > 0);",
            "CREATE UNIQUE INDEX uq_code ON items ((ifnull(code, 0)));",
            "ALTER TABLE items DROP PRIMARY KEY, ADD PRIMARY KEY (id, code);",
            "ALTER TABLE items ADD COLUMN touched DATETIME DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP;",
            "ALTER TABLE items RENAME INDEX a TO b;",
        ] {
            let mut statements = FILL.to_vec();
            statements.push(after);
            statements.push("ALTER TABLE items ADD CONSTRAINT uq_x UNIQUE (x);");
            assert_eq!(ordered(&statements), statements, "{after}");
        }
        // A CHECK over other columns, or one that gives NULL for NULL, goes before.
        for before in [
            "ALTER TABLE items ADD CONSTRAINT chk_qty CHECK (coalesce(qty, 0) > 0);",
            "ALTER TABLE items ADD CONSTRAINT chk_code CHECK (code BETWEEN 1 AND 9 OR qty IN (1, 2));",
            "ALTER TABLE items ADD CONSTRAINT chk_code CHECK (json_valid(code));",
            "CREATE UNIQUE INDEX uq_code ON items (code, qty);",
        ] {
            let mut statements = FILL.to_vec();
            statements.push(before);
            let wanted = [FILL[0], before, FILL[1], FILL[2]];
            assert_eq!(ordered(&statements), wanted, "{before}");
        }
    }

    /// The keys go before the fill, into the statement the fill follows; where nothing goes
    /// before it, or the change ends otherwise, into the last.
    #[test]
    fn foreign_keys_go_before_a_fill_that_ends_the_change() {
        let strings = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(key_adds_into(&strings(&FILL)), Some(0));
        let two = ["ALTER TABLE items\n  MODIFY COLUMN a INT DEFAULT 0,\n  MODIFY COLUMN b INT DEFAULT 1;",
            "UPDATE items SET a = 0 WHERE a IS NULL;", "UPDATE items SET b = 1 WHERE b IS NULL;",
            "ALTER TABLE items\n  MODIFY COLUMN a INT NOT NULL DEFAULT 0,\n  MODIFY COLUMN b INT NOT NULL DEFAULT 1;"];
        assert_eq!(key_adds_into(&strings(&two)), Some(0));
        assert_eq!(key_adds_into(&strings(&FILL[1..])), Some(1));
        assert_eq!(key_adds_into(&strings(&FILL[..2])), Some(1));
        assert_eq!(key_adds_into(&[]), None);
    }

    /// An `UPDATE` that is no fill (not followed by its column's `NOT NULL`) stays where it is.
    #[test]
    fn an_update_without_its_not_null_stays() {
        let statements = [
            "UPDATE items SET code = 7 WHERE code IS NULL;",
            "ALTER TABLE items MODIFY COLUMN qty BIGINT;",
            "ALTER TABLE items ADD CONSTRAINT uq_code UNIQUE (code);",
        ];
        assert_eq!(ordered(&statements), statements);
        let other_table = [
            "UPDATE other SET code = 7 WHERE code IS NULL;",
            "ALTER TABLE other MODIFY COLUMN code INT NOT NULL;",
            "ALTER TABLE items ADD CONSTRAINT uq_code UNIQUE (code);",
        ];
        assert_eq!(ordered(&other_table), other_table);
    }
}
