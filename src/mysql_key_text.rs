//! A MySQL TEXT column that a migration from `previousSpec` puts in a key or index, its type
//! left as it was: MySQL cannot index a TEXT column without a prefix length (which the spec has
//! no field for), so a key column of TEXT is VARCHAR(255), and the migration narrows LONGTEXT
//! to it. A user trial, which only added `"unique": true` and an index, was told of a type
//! change it never made ("changing 'slug' from LONGTEXT to VARCHAR(255) …", suggesting "keep
//! the type"); its `TYPE_NARROWING` now says why, what to do, and, either way, the query that
//! finds the rows longer than 255 characters, each of which refuses the migration (strict mode:
//! Data too long, tried on MariaDB 10.11 in tests/mysql_key_text.rs).

use crate::dialect::Dialect;
use crate::report::Issue;
use crate::spec::{Column, ColumnType, DatabaseType, Table};

/// The most characters of a VARCHAR key column of its own in utf8mb4 (3,072 bytes, 4 a
/// character: the key limit of `crate::dialect::mysql`).
const MOST_KEY_CHARS: u32 = 768;

/// What puts `column` of `table` in a key that `previous` had it in none of, in words: "the
/// UNIQUE this migration adds to it", "the index idx_docs_body", …
fn new_key(previous: &Table, table: &Table, column: &str) -> String {
    let has = |cols: &[String]| cols.iter().any(|c| c == column);
    if table.column(column).is_some_and(|c| c.unique) {
        return "the UNIQUE this migration adds to it".to_string();
    }
    if let Some(u) = table.unique_constraints.iter().find(|u| has(&u.columns)) {
        return format!("the UNIQUE constraint {}", u.name);
    }
    if let Some(i) = table.indexes.iter().find(|i| has(&i.columns)) {
        return format!("the index {}", i.name);
    }
    if has(&table.primary_key) && !has(&previous.primary_key) {
        return "the primary key this migration makes of it".to_string();
    }
    if table.foreign_keys.iter().any(|f| has(&f.columns)) {
        return "the foreign key this migration adds over it (MySQL indexes it)".to_string();
    }
    "the key this migration puts it in".to_string()
}

/// Says, in `issue` (the `TYPE_NARROWING` of `old`, a column of `previous`, changed into `new`,
/// a column of `table`), why the type changes, where it does only because `new` enters a key:
/// a TEXT column in both specs, in no key of `previous`, on MySQL. Its message then starts with
/// the cause, and its suggestion gives the fix (a VARCHAR of the length the values need, or the
/// column out of the key) and the query that finds the rows that refuse VARCHAR(255). Anything
/// else is left as it is. Returns whether it said so.
pub fn explain(
    d: &dyn Dialect,
    (previous, old): (&Table, &Column),
    (table, new): (&Table, &Column),
    allow_data_loss: bool,
    issue: &mut Issue,
) -> bool {
    let keyed_text = d.database_type() == DatabaseType::Mysql
        && old.ty == ColumnType::Text
        && new.ty == ColumnType::Text
        && !previous.is_key_column(&old.name)
        && table.is_key_column(&new.name);
    let Some(most) = keyed_text.then(|| d.max_text_chars(new, true)).flatten() else {
        return false;
    };
    let key = new_key(previous, table, &new.name);
    issue.message = format!(
        "'{name}' is TEXT in previousSpec and in the spec, but MySQL cannot index a TEXT column without a prefix length, which the spec has no field for, so {key} makes it VARCHAR({most}): {words}",
        name = new.name,
        words = issue.message,
    );
    let (t, c) = (d.identifier(&previous.name), d.identifier(&old.name));
    let longer = format!("SELECT * FROM {t} WHERE CHAR_LENGTH({c}) > {most}");
    let varchar = format!(
        "give '{name}' \"type\": \"VARCHAR\" and a \"length\" its longest value fits (at most {MOST_KEY_CHARS} in a key; the longest now: SELECT MAX(CHAR_LENGTH({c})) FROM {t})",
        name = new.name
    );
    issue.suggestion = Some(if allow_data_loss {
        format!(
            "before running it, shorten or delete the rows longer than {most} characters, each of which makes MySQL refuse the migration (Data too long), found with: {longer}; or {varchar}"
        )
    } else {
        format!(
            "{varchar} and set allowDataLoss: true (LONGTEXT to VARCHAR narrows too; rows longer than the length refuse the migration); or leave '{name}' out of {key}; or set allowDataLoss: true to take VARCHAR({most}), once the rows longer than {most} characters, which refuse the migration, are shortened (found with: {longer})",
            name = new.name,
            key = key.replace(" this migration adds to it", "").replace(" this migration makes of it", ""),
        )
    });
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Code;

    /// The table `docs` of one TEXT column, `slug`, UNIQUE or not.
    fn docs(unique: bool) -> Table {
        let spec = serde_json::json!({ "description": "t", "databaseType": "mysql", "tables": [
            { "name": "docs", "columns": [
                { "name": "slug", "type": "TEXT", "nullable": false, "unique": unique }] }] });
        let mut report = crate::report::Report::default();
        let spec = crate::parse::parse_spec(&spec, &mut report).unwrap();
        spec.tables[0].clone()
    }

    /// A UNIQUE added to a TEXT column: the cause, and the query, in both severities.
    #[test]
    fn a_unique_added_to_text_says_why_and_which_rows_refuse() {
        let d = crate::dialect::for_database(DatabaseType::Mysql);
        let (previous, now) = (docs(false), docs(true));
        let (old, new) = (&previous.columns[0], &now.columns[0]);
        for allow in [false, true] {
            let mut issue = crate::diff::type_narrowing("changing 'slug' …".into(), allow);
            explain(d, (&previous, old), (&now, new), allow, &mut issue);
            assert_eq!(issue.code, Code::TypeNarrowing);
            assert!(
                issue.message.starts_with("'slug' is TEXT in previousSpec and in the spec, but MySQL cannot index a TEXT column without a prefix length, which the spec has no field for, so the UNIQUE this migration adds to it makes it VARCHAR(255): changing 'slug' …"),
                "{}",
                issue.message
            );
            let s = issue.suggestion.unwrap();
            assert!(
                s.contains("SELECT * FROM docs WHERE CHAR_LENGTH(slug) > 255"),
                "{s}"
            );
            assert!(s.contains("\"type\": \"VARCHAR\""), "{s}");
        }
    }

    /// A column already in a key, or another type, or another database: left as it is.
    #[test]
    fn anything_else_is_left_as_it_is() {
        let mysql = crate::dialect::for_database(DatabaseType::Mysql);
        let pg = crate::dialect::for_database(DatabaseType::Postgresql);
        let mut issue = crate::diff::type_narrowing("w".into(), false);
        let before = issue.clone();
        let (previous, now) = (docs(true), docs(true));
        let (old, new) = (&previous.columns[0], &now.columns[0]);
        explain(mysql, (&previous, old), (&now, new), false, &mut issue);
        assert_eq!(issue, before);
        let (previous, now) = (docs(false), docs(true));
        let (old, new) = (&previous.columns[0], &now.columns[0]);
        explain(pg, (&previous, old), (&now, new), false, &mut issue);
        assert_eq!(issue, before);
        let mut other = now.clone();
        other.columns[0].ty = ColumnType::Varchar;
        explain(
            mysql,
            (&previous, old),
            (&other, &other.columns[0]),
            false,
            &mut issue,
        );
        assert_eq!(issue, before);
    }
}
