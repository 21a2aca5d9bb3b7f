//! Each table's own checks ([`validate_table`]): its columns, primary key, unique
//! constraints, CHECKs, indexes and foreign keys, through the submodules that check each, and
//! the `UNKNOWN_COLUMN` errors of a key, index or expression that names a column the table
//! does not have.

use super::{
    columns::{check_auto_increment, check_strings_fit, check_type_parameters},
    default_warnings::warn_column_default,
    defaults::check_column_default,
    expressions::check_expression_columns,
    foreign_keys::check_foreign_key,
    indexes::{check_key_column_counts, warn_redundant_indexes},
    lookups::Lookups,
    names::{check_name, Known, NameKind},
};
use crate::dialect::{Dialect, ExprPlace};
use crate::limits;
use crate::report::{Code, Issue, Report};
use crate::spec::*;
use foldhash::{HashSet, HashSetExt};

/// The column a table without a primary key most likely has it in: a NOT NULL column marked
/// unique, else one named like a key (`<table>_id`, `uuid`, `key`, `code`, `slug`, `sku`),
/// NOT NULL first, else the first NOT NULL column, else the first.
pub(super) fn key_candidate(t: &Table) -> Option<&Column> {
    let table = t.name.to_ascii_lowercase();
    let singular = table.strip_suffix('s').unwrap_or(&table);
    let key_like = |c: &&Column| {
        let n = c.name.to_ascii_lowercase();
        n == format!("{table}_id")
            || n == format!("{singular}_id")
            || ["uuid", "key", "code", "slug", "sku"].contains(&n.as_str())
    };
    let cols = &t.columns;
    cols.iter()
        .find(|c| c.unique && !c.nullable)
        .or_else(|| cols.iter().filter(key_like).find(|c| !c.nullable))
        .or_else(|| cols.iter().find(key_like))
        .or_else(|| cols.iter().find(|c| !c.nullable))
        .or_else(|| cols.first())
}

/// The table's own checks; returns the columns each of its CHECKs refers to
/// (`dialect::check_columns`), found on the way, for the dialect's checks.
pub(super) fn validate_table(
    t: &Table,
    d: &dyn Dialect,
    look: &Lookups<'_, '_>,
    engine_checks: bool,
    report: &mut Report,
) -> Vec<Option<Vec<String>>> {
    let existing = look.existing;
    let at = |i: Issue| i.table(&t.name);
    if t.description
        .as_ref()
        .is_some_and(|s| s.len() > limits::MAX_TEXT_BYTES)
    {
        report.push(at(Issue::error(
            Code::LimitExceeded,
            format!(
                "the description is longer than {} bytes",
                limits::MAX_TEXT_BYTES
            ),
        )));
    }
    // What the database already has of this table: a name of it that the spec cannot create
    // gets the suggestion to leave the table out, not to rename it (`already_in_database`).
    let in_database = existing(&t.name);
    let column_in_database =
        |name: &str| in_database.is_some_and(|e| e.table.columns.iter().any(|c| c.name == name));
    let constraint_in_database = |name: &str| {
        in_database.is_some_and(|e| {
            e.indexes.iter().any(|i| i.index.name == name)
                || e.table.unique_constraints.iter().any(|u| u.name == name)
                || e.table.check_constraints.iter().any(|c| c.name == name)
                || e.table.primary_key_name.as_deref() == Some(name)
        })
    };
    // A table marked existing takes any name the database can hold (`Known::Referenced`), and
    // so does previousSpec's. A name previousSpec has for the table is refused as a new one
    // is, with the rename (renamedFrom) suggested (`Known::InPrevious`).
    let before = super::lookups::previous_table(look.previous_spec, t);
    let known = |in_database: bool, in_previous: bool| {
        if t.existing {
            Known::Referenced
        } else if look.held {
            Known::Held
        } else if !in_database && in_previous {
            Known::InPrevious
        } else {
            Known::database(in_database)
        }
    };
    let column_in_previous = |name: &str| before.is_some_and(|p| p.column(name).is_some());
    let constraint_in_previous = |name: &str| {
        before.is_some_and(|p| {
            p.indexes.iter().any(|i| i.name == name)
                || p.unique_constraints.iter().any(|u| u.name == name)
                || p.check_constraints.iter().any(|c| c.name == name)
                || p.primary_key_name.as_deref() == Some(name)
        })
    };
    let mut columns: HashSet<&str> = HashSet::with_capacity(t.columns.len());
    // The strings the table's CHECKs restrict columns to: a string default must be one of them,
    // unless the table is in the database with a COLLATE clause (`COLLATE NOCASE` takes
    // 'Active' for 'active'), whose comparison is not known here.
    let collated = in_database.is_some_and(|e| e.has_collate());
    let check_strings = if collated {
        Vec::new()
    } else {
        crate::check_choices::of_checks(d.parser(), &t.check_constraints)
    };
    for c in &t.columns {
        let col = |i: Issue| i.table(&t.name).column(&c.name);
        if !columns.insert(c.name.as_str()) {
            report.push(col(Issue::error(
                Code::DuplicateColumn,
                format!(
                    "the column '{}' appears more than once",
                    crate::report::clip(&c.name)
                ),
            )
            .suggest("remove or rename one of them")));
            continue;
        }
        check_name(
            d,
            NameKind::Column,
            &c.name,
            known(column_in_database(&c.name), column_in_previous(&c.name)),
            col,
            report,
        );
        check_type_parameters(c, report, &col);
        if c.description
            .as_ref()
            .is_some_and(|s| s.len() > limits::MAX_TEXT_BYTES)
        {
            report.push(col(Issue::error(
                Code::LimitExceeded,
                format!(
                    "the description is longer than {} bytes",
                    limits::MAX_TEXT_BYTES
                ),
            )));
        }
        check_auto_increment(t, c, d, report);
        if !check_column_default(t, c, d, engine_checks, collated, &check_strings, report) {
            warn_column_default(t, c, d, report);
        }
        check_strings_fit(t, c, d, &check_strings, report);
    }

    if t.primary_key.is_empty() {
        // A table the database already has without a primary key (Chrome's
        // keyword_search_terms, Android's android_metadata, Anki's graves): a pulled spec lists
        // it as it is, and giving it one would rebuild it with a key its rows may not fit.
        let suggestion = if in_database.is_some_and(|e| e.table.primary_key.is_empty()) {
            "the database already has this table without a primary key: leave it out of the spec (tables the spec does not list are never touched, and their rows stay as they are), or name the column(s) whose values are unique in primaryKey, which rebuilds the table with that key".to_string()
        } else {
            match t.columns.iter().find(|c| c.name == "id") {
                // The JSON last, the prose before it: pasted as written, the prose after it
                // came along (a user trial's LLM loop).
                Some(_) => "make 'id' an INTEGER column with \"autoIncrement\": true, or add to the table: \"primaryKey\": [\"id\"]".to_string(),
                None => match key_candidate(t) {
                    // A column of the table, not a placeholder: pasted as written, a name it
                    // does not have was UNKNOWN_COLUMN next (a user trial's LLM loop).
                    Some(c) => format!(
                        "name the column(s) whose values are unique, or add an id column with \"autoIncrement\": true; if those of '{}' are, {}add to the table: \"primaryKey\": [{}]",
                        c.name,
                        if c.nullable { "make it \"nullable\": false and " } else { "" },
                        serde_json::Value::String(c.name.clone()),
                    ),
                    None => "add \"primaryKey\" to the table, naming its key column(s), or an id column with \"autoIncrement\": true".to_string(),
                },
            }
        };
        report.push(at(Issue::error(
            Code::MissingPrimaryKey,
            format!("the table '{}' has no primary key", t.name),
        )
        .suggest(suggestion)));
    }
    let mut pk_seen = HashSet::with_capacity(t.primary_key.len());
    for k in &t.primary_key {
        match t.column(k) {
            // The key the database has, which an omitted primaryKey keeps, over a column the
            // spec leaves out: "names the column 'id', which the table does not have" was wrong
            // (the table has it), and listing only the other columns did not say what to do.
            None => match in_database
                .filter(|e| e.table.primary_key == t.primary_key)
                .and_then(|e| crate::pull::column_as_spec(e, k))
            {
                Some(column) => report.push(at(Issue::error(
                    Code::UnknownColumn,
                    format!(
                        "the table '{}' keeps the database's primary key ({}), but the spec does not list its column '{k}': the migration and the types follow the spec's columns",
                        t.name,
                        t.primary_key.join(", ")
                    ),
                )
                .column(k)
                .suggest(format!(
                    "add the column as the database has it: {column} (specFromDatabase gives the whole table), or name another key in primaryKey"
                )))),
                None => report.push(unknown(t, k, "the primary key")),
            },
            Some(c) if c.nullable => report.push(at(Issue::error(
                Code::NullablePrimaryKey,
                format!("the primary-key column '{k}' is nullable"),
            )
            .column(k)
            // The JSON to paste, on the column the issue names (it said `nullable: false`).
            .suggest("a primary key's columns hold no NULL: set \"nullable\": false"))),
            _ => {}
        }
        if !pk_seen.insert(k) {
            report.push(at(Issue::error(
                Code::InvalidSpec,
                format!("the primary key lists '{k}' twice"),
            )
            .column(k)
            .suggest("list each column once")));
        }
    }

    if let Some(name) = &t.primary_key_name {
        check_name(
            d,
            NameKind::Constraint,
            name,
            known(constraint_in_database(name), constraint_in_previous(name)),
            |i| i.table(&t.name).constraint(name),
            report,
        );
    }
    for u in &t.unique_constraints {
        let un = u.name.clone();
        check_name(
            d,
            NameKind::Constraint,
            &u.name,
            known(
                constraint_in_database(&u.name),
                constraint_in_previous(&u.name),
            ),
            |i| i.table(&t.name).constraint(&un),
            report,
        );
        check_columns(
            t,
            &u.columns,
            &u.name,
            &format!("the unique constraint '{}'", u.name),
            report,
        );
    }
    let mut check_uses = Vec::with_capacity(t.check_constraints.len());
    for c in &t.check_constraints {
        let cn = c.name.clone();
        check_name(
            d,
            NameKind::Constraint,
            &c.name,
            known(
                constraint_in_database(&c.name),
                constraint_in_previous(&c.name),
            ),
            |i| i.table(&t.name).constraint(&cn),
            report,
        );
        check_uses.push(check_expression_columns(
            t,
            d,
            ExprPlace::Check,
            &c.expression,
            &c.name,
            engine_checks,
            report,
        ));
    }
    warn_redundant_indexes(t, report);
    for ix in &t.indexes {
        let ixn = ix.name.clone();
        check_name(
            d,
            NameKind::Constraint,
            &ix.name,
            known(
                constraint_in_database(&ix.name),
                constraint_in_previous(&ix.name),
            ),
            |i| i.table(&t.name).constraint(&ixn),
            report,
        );
        check_columns(
            t,
            &ix.columns,
            &ix.name,
            &format!("the index '{}'", ix.name),
            report,
        );
        if let Some(p) = &ix.predicate {
            check_expression_columns(
                t,
                d,
                ExprPlace::IndexPredicate,
                p,
                &ix.name,
                engine_checks,
                report,
            );
        }
    }
    for fk in &t.foreign_keys {
        check_foreign_key(t, fk, d, look, report);
    }
    check_key_column_counts(t, d, report);
    check_uses
}

/// `UNKNOWN_COLUMN` for `column`, named by `what` of `t` (a key, an index, an expression): an
/// expression or a sort order said as such, else a column the table does not have, with its
/// columns as the suggestion.
pub(super) fn unknown(t: &Table, column: &str, what: &str) -> Issue {
    // `lower(email)`, `email DESC`: an expression or a sort order, which the spec's key and
    // index columns cannot say (a user trial was told the table has no column 'lower(email)').
    let words: Vec<&str> = column.split_whitespace().collect();
    let ordered = matches!(words.as_slice(), [c, order] if t.column(c).is_some()
        && (order.eq_ignore_ascii_case("DESC") || order.eq_ignore_ascii_case("ASC")));
    if column.contains('(') || ordered {
        return Issue::error(
            Code::UnknownColumn,
            format!(
                "{what} lists '{}', which is not a column name: the spec's key and index columns are column names, without expressions or sort orders (DESC)",
                crate::report::clip(column)
            ),
        )
        .table(&t.name)
        .column(column)
        .suggest(if ordered {
            format!("list the column alone, '{}' (an index is read in either direction)", words[0])
        } else {
            "list columns only; for a case-insensitive unique value, store it lowercased and add a CHECK (email = lower(email)); on MySQL, whose default collations ignore case, a UNIQUE on the column already is one, and that CHECK would enforce nothing".to_string()
        });
    }
    // The old name of a column the spec renames (`renamedFrom`): the rest of the table
    // names it by its new one (a user trial followed the rename of previousSpec's
    // `tenantId`, and its index still named `tenantId`).
    let renamed = (t.renamed_columns.iter()).find(|(old, _)| old == column);
    if let Some((_, new)) = renamed {
        return Issue::error(
            Code::UnknownColumn,
            format!(
                "{what} names the column '{}', which the table '{}' renames to '{new}' (renamedFrom)",
                crate::report::clip(column),
                t.name
            ),
        )
        .table(&t.name)
        .column(column)
        .suggest(format!("name the column by its new name in {what}: '{new}'"));
    }
    Issue::error(
        Code::UnknownColumn,
        format!(
            "{what} names the column '{}', which the table '{}' does not have",
            crate::report::clip(column),
            t.name
        ),
    )
    .table(&t.name)
    .column(column)
    .suggest({
        let names = t.columns.iter().map(|c| c.name.as_str()).take(30);
        let names = names.collect::<Vec<_>>().join(", ");
        // What names a column the spec dropped goes with it (a user trial's CHECK over a
        // dropped column was told only the table's other columns).
        if what == "the primary key" {
            format!("use one of: {names}")
        } else {
            format!("use one of: {names}; or, if the column is gone, remove {what}")
        }
    })
}

/// The columns `columns` of `what` (the index, constraint or key as the spec names it: `the
/// index 'ix'`) of `t`, whose name is `name`: [`unknown`] for each the table lacks,
/// `INVALID_SPEC` for one listed twice.
pub(super) fn check_columns(
    t: &Table,
    columns: &[String],
    name: &str,
    what: &str,
    report: &mut Report,
) {
    let mut seen = HashSet::with_capacity(columns.len());
    for c in columns {
        if t.column(c).is_none() {
            report.push(unknown(t, c, what).constraint(name));
        } else if !seen.insert(c) {
            report.push(
                Issue::error(Code::InvalidSpec, format!("{what} lists '{c}' twice"))
                    .table(&t.name)
                    .constraint(name)
                    .suggest("list each column once"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::test_support::one_column;

    /// The codes, tables and columns of a generation's errors.
    fn error_places(json: &str) -> Vec<(String, Option<String>, Option<String>)> {
        crate::generate_str(json)
            .validation
            .errors
            .iter()
            .map(|e| {
                (
                    e.code.as_str().to_string(),
                    e.table.clone(),
                    e.column.clone(),
                )
            })
            .collect()
    }

    /// Messages a user trial found misleading: a whole number beyond the range called "not a
    /// whole number", a foreign key to a missing column offered every column, and one to a table
    /// not in a PostgreSQL spec told to look in a database no PostgreSQL migration reads.
    #[test]
    fn messages_say_what_is_wrong_and_what_can_be_done() {
        let issue = |db: &str, tables: &str| {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{tables}]}}"#
            ));
            let e = r
                .validation
                .errors
                .first()
                .unwrap_or_else(|| panic!("no error: {tables}"))
                .clone();
            (
                e.code.as_str().to_string(),
                e.message,
                e.suggestion.unwrap_or_default(),
            )
        };
        let int_default = |n: &str| {
            one_column(&format!(
                r#"{{"name":"n","type":"INTEGER","nullable":true,"default":{n}}}"#
            ))
        };
        let (code, message, _) = issue("postgresql", &int_default("1e21"));
        assert_eq!(code, "INVALID_DEFAULT");
        assert!(
            message.starts_with("1e+21 is out of range for INTEGER"),
            "{message}"
        );
        let (_, message, suggestion) = issue("postgresql", &int_default("3.0"));
        assert!(
            message.contains("written with a decimal point"),
            "{message}"
        );
        assert_eq!(suggestion, "write it as digits: 3");
        // What JavaScript makes of 9223372036854775807: 2^63, past BIGINT's range.
        let big = one_column(
            r#"{"name":"n","type":"BIGINT","nullable":true,"default":9223372036854775808}"#,
        );
        let (_, message, _) = issue("postgresql", &big);
        assert!(
            message.starts_with("9223372036854775808 is out of range for BIGINT"),
            "{message}"
        );
        let big = one_column(
            r#"{"name":"n","type":"BIGINT","nullable":true,"default":9.223372036854776e18}"#,
        );
        let (_, message, _) = issue("postgresql", &big);
        assert!(message.contains("is out of range for BIGINT"), "{message}");
        let (_, message, _) = issue("postgresql", &int_default("2.5"));
        assert!(
            message.starts_with("2.5 is not a whole number"),
            "{message}"
        );

        let parent = r#"{"name":"p","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true},
            {"name":"code","type":"VARCHAR","length":9,"nullable":false,"unique":true},{"name":"note","type":"TEXT","nullable":true}]}"#;
        let child = |column: &str| {
            format!(
                r#"{parent},{{"name":"c","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"p_id","type":"INT","nullable":true}}],
            "foreignKeys":[{{"columns":["p_id"],"referencedTable":"p","referencedColumns":["{column}"]}}]}}"#
            )
        };
        let (code, _, suggestion) = issue("postgresql", &child("nope"));
        assert_eq!(code, "INVALID_FOREIGN_KEY");
        assert_eq!(suggestion, "reference a key of 'p': id; code");

        let orphan = r#"{"name":"c","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true},{"name":"u","type":"INT","nullable":true}],
            "foreignKeys":[{"columns":["u"],"referencedTable":"users","referencedColumns":["id"]}]}"#;
        for db in ["postgresql", "mysql"] {
            let (code, message, suggestion) = issue(db, orphan);
            assert_eq!(code, "INVALID_FOREIGN_KEY");
            assert!(
                message.contains("which is not in the spec")
                    && message.contains("no database is read"),
                "{message}"
            );
            assert!(suggestion.contains("\"existing\": true"), "{suggestion}");
        }
        let (_, message, suggestion) = issue("sqlite", orphan);
        assert!(
            message.contains("neither in the spec nor in the database (existingDbPath)"),
            "{message}"
        );
        // `existing: true` works on SQLite as well (a user trial was told only of
        // existingDbPath and previousSpec).
        assert!(
            suggestion.contains("with \"existing\": true when an earlier migration made it")
                && suggestion.contains("existingDbPath"),
            "{suggestion}"
        );
    }

    /// A parser error in one table (a type written in lower case, a nullable given as a
    /// string) no longer hides the other tables' errors until it is fixed (a user trial took
    /// three rounds for a spec one report could have covered). What the parser left out of the
    /// table is not reported as missing: a foreign key from another table to its column of an
    /// unknown type is not said to mismatch or to reference no key, nor is its own index over
    /// that column said to name an unknown one.
    #[test]
    fn a_parser_error_in_one_table_does_not_hide_the_other_tables_errors() {
        let found = error_places(
            r#"{"description":"d","databaseType":"postgresql","tables":[
            {"name":"users","columns":[{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},
              {"name":"email","type":"varchar","nullable":false},{"name":"active","type":"BOOLEAN","nullable":"false"}],
              "indexes":[{"name":"idx_users_email","columns":["email"]}]},
            {"name":"posts","columns":[{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},
              {"name":"author_id","type":"INTEGER","nullable":false}],
              "foreignKeys":[{"columns":["author_id"],"referencedTable":"authors","referencedColumns":["id"]},
                {"columns":["author_id"],"referencedTable":"users","referencedColumns":["email"]}],
              "indexes":[{"name":"idx_posts_slug","columns":["slug"]}]}]}"#,
        );
        let place = |code: &str, table: &str, column: Option<&str>| {
            (
                code.to_string(),
                Some(table.to_string()),
                column.map(String::from),
            )
        };
        assert_eq!(
            found,
            [
                place("TYPE_MISMATCH", "users", Some("email")),
                place("INVALID_SPEC", "users", Some("active")),
                place("UNKNOWN_COLUMN", "posts", Some("slug")),
                place("INVALID_FOREIGN_KEY", "posts", None),
                // Its two foreign keys on author_id take one generated name: said now that the
                // key to users (whose email has a parser error) is checked too.
                place("DUPLICATE_NAME", "posts", None),
            ]
        );
        // A table of the list that could not be read at all may be the one a foreign key
        // names: that key is not reported as naming a table the spec lacks.
        let found = error_places(
            r#"{"description":"d","databaseType":"sqlite","tables":[7,
            {"name":"b","columns":[{"name":"id","type":"INTEGER","nullable":false}],"primaryKey":["id"],
              "foreignKeys":[{"columns":["id"],"referencedTable":"a","referencedColumns":["id"]}],
              "indexes":[{"name":"idx_b_x","columns":["x"]}]}]}"#,
        );
        let codes: Vec<&str> = found.iter().map(|(code, _, _)| code.as_str()).collect();
        assert_eq!(codes, ["INVALID_SPEC", "UNKNOWN_COLUMN"], "{found:?}");
    }

    /// The errors and suggestions of a rounds trial (a spec fixed from its report, round after
    /// round): each suggestion, followed as written, fixes its error without making another,
    /// and an error in one place is not reported again as a false one elsewhere.
    #[test]
    fn suggestions_followed_as_written_fix_the_error() {
        let issues = |json: &str| -> Vec<(String, String, String)> {
            let r = crate::generate_str(json);
            r.validation
                .errors
                .iter()
                .chain(&r.validation.warnings)
                .map(|e| {
                    (
                        e.code.as_str().to_string(),
                        e.message.clone(),
                        e.suggestion.clone().unwrap_or_default(),
                    )
                })
                .collect()
        };
        // Every autoIncrement problem at once, each with its own fix; a nullable key column is
        // NULLABLE_PRIMARY_KEY alone.
        let found = issues(
            r#"{"description":"d","databaseType":"postgresql","tables":[{"name":"t","primaryKey":["id","device"],"columns":[
            {"name":"id","type":"TEXT","nullable":true,"autoIncrement":true,"default":"0"},
            {"name":"device","type":"INTEGER","nullable":false}]}]}"#,
        );
        let auto: Vec<&str> = found
            .iter()
            .filter(|(code, _, _)| code == "INVALID_AUTO_INCREMENT")
            .map(|(_, _, suggestion)| suggestion.as_str())
            .collect();
        assert_eq!(auto.len(), 3, "{found:?}");
        assert!(auto[0].contains("\"type\": \"INTEGER\""), "{auto:?}");
        assert!(auto[1].starts_with("remove its default"), "{auto:?}");
        assert!(auto[2].contains("\"primaryKey\": [\"id\"]"), "{auto:?}");
        assert!(found
            .iter()
            .any(|(code, _, _)| code == "NULLABLE_PRIMARY_KEY"));
        // A numbered column of a composite key: the reason is the generator's on PostgreSQL and
        // MySQL (their engines could number it), SQLite's own there; followed, it is valid.
        for (db, why) in [
            (
                "postgresql",
                "this generator numbers only a key of one column",
            ),
            ("mysql", "this generator numbers only a key of one column"),
            ("sqlite", "SQLite numbers only a key of one INTEGER column"),
        ] {
            let spec = |key: &str| {
                format!(
                    r#"{{"description":"d","databaseType":"{db}","tables":[{{"name":"t","primaryKey":[{key}],"columns":[
                    {{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}},
                    {{"name":"device","type":"INTEGER","nullable":false}}]}}]}}"#
                )
            };
            let found = issues(&spec(r#""id","device""#));
            assert_eq!(found.len(), 1, "{found:?}");
            assert!(found[0].2.starts_with(why), "{found:?}");
            // The JSON last, the prose before it.
            assert!(
                found[0].2.contains(
                    "(a foreign key that references [\"id\", \"device\"] then needs a unique constraint over them): \"primaryKey\": [\"id\"]"
                ) && found[0].2.ends_with("\"primaryKey\": [\"id\"]"),
                "{found:?}"
            );
            let after = issues(&spec(r#""id""#));
            assert!(
                after.iter().all(|(code, _, _)| code == "DOWN_DATA_LOSS"),
                "{db}: {after:?}"
            );
        }
        // A misspelt primary key is the parent's error alone: the foreign key to its real key
        // column is not said to reference no key. A foreign key left on a table's old name gets
        // the near name.
        let found = issues(
            r#"{"description":"d","databaseType":"postgresql","tables":[
            {"name":"accounts","columns":[{"name":"id","type":"INTEGER","nullable":false}],"primaryKey":["uid"]},
            {"name":"users","columns":[{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}]},
            {"name":"logins","columns":[{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},
              {"name":"account_id","type":"INTEGER","nullable":false},{"name":"user_id","type":"INTEGER","nullable":false}],
              "foreignKeys":[{"columns":["account_id"],"referencedTable":"accounts","referencedColumns":["id"]},
                {"columns":["user_id"],"referencedTable":"user","referencedColumns":["id"]}]}]}"#,
        );
        let codes: Vec<&str> = found.iter().map(|(code, _, _)| code.as_str()).collect();
        assert_eq!(
            codes,
            ["UNKNOWN_COLUMN", "INVALID_FOREIGN_KEY"],
            "{found:?}"
        );
        assert!(found[1].1.contains("'user'"), "{found:?}");
        assert!(found[1].2.starts_with("did you mean 'users'?"), "{found:?}");
        // Field values the parser refuses, with fixes to paste.
        let found = issues(
            r#"{"description":"d","databaseType":"postgresql","tables":[
            {"name":"a","columns":[{"name":"id","type":"INTEGER","nullable":false}]},
            {"name":"b","primaryKey":["id"],"columns":[{"name":"id","type":"UUID","nullable":false,"default":"uuid()"},
              {"name":"p","type":"PATH","nullable":"false"},{"name":"s","type":"ENUM","nullable":false},
              {"name":"x","type":"TXT","nullable":false},{"name":"a_id","type":"INTEGER","nullable":false}],
              "foreignKeys":[{"column":"a_id","referencedTable":"a","referencedColumns":["id"]}]}]}"#,
        );
        let said = |code: &str, message_part: &str| {
            found
                .iter()
                .find(|(c, m, _)| c == code && m.contains(message_part))
                .map(|(_, _, suggestion)| suggestion.clone())
                .unwrap_or_else(|| panic!("{code} {message_part}: {found:?}"))
        };
        assert!(said("TYPE_MISMATCH", "'PATH'").starts_with("use one of"));
        assert!(said("TYPE_MISMATCH", "'ENUM'").contains("CHECK constraint"));
        assert_eq!(said("TYPE_MISMATCH", "'TXT'"), "did you mean 'TEXT'?");
        assert_eq!(
            said("INVALID_SPEC", "nullable"),
            "write true or false without quotes"
        );
        // The alias is read as meant (the foreign key is checked) and said with the JSON to
        // write in its place (src/field_aliases.rs).
        assert_eq!(
            said("INVALID_SPEC", "foreignKeys[0].columns is missing"),
            "write \"columns\": [\"a_id\"] instead of \"column\": \"a_id\""
        );
        assert!(
            !found.iter().any(|(c, _, _)| c == "UNKNOWN_FIELD"),
            "{found:?}"
        );
        // The table a has no key: said beside b's parser errors, with JSON to paste.
        assert_eq!(
            said("MISSING_PRIMARY_KEY", "'a'"),
            "make 'id' an INTEGER column with \"autoIncrement\": true, or add to the table: \"primaryKey\": [\"id\"]"
        );
        let found = issues(
            r#"{"description":"d","databaseType":"mysql","tables":[{"name":"b","primaryKey":["id"],
            "columns":[{"name":"id","type":"UUID","nullable":false,"default":"uuid()"}]}]}"#,
        );
        assert!(
            found[0].2.contains("{ \"expression\": \"UUID()\" }"),
            "{found:?}"
        );
    }

    /// From a second rounds trial: a foreign key already on the name a rename would give is no
    /// error (the did-you-mean pointed at the name being renamed); a column-level primary key
    /// is one error, not three; the same on a column the table's key lists is a warning; a
    /// column listed twice is DUPLICATE_COLUMN alone on SQLite (the engine probe failed on it
    /// and hid the CHECK's real error); a column's references keeps its actions.
    #[test]
    fn one_mistake_is_one_error() {
        let errors = |json: &str| -> Vec<(String, String)> {
            crate::generate_str(json)
                .validation
                .errors
                .iter()
                .map(|e| {
                    (
                        e.code.as_str().to_string(),
                        e.suggestion.clone().unwrap_or_default(),
                    )
                })
                .collect()
        };
        let codes =
            |json: &str| -> Vec<String> { errors(json).into_iter().map(|(c, _)| c).collect() };
        // ('user' is reserved in PostgreSQL, not in MySQL, where a key to 'users' is an error.)
        for (db, name, referenced) in [("mysql", "Users", "users"), ("postgresql", "user", "users")]
        {
            let found = codes(&format!(
                r#"{{"description":"d","databaseType":"{db}","tables":[
                {{"name":"{name}","columns":[{{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}}]}},
                {{"name":"posts","columns":[{{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}},
                  {{"name":"user_id","type":"INTEGER","nullable":false}}],
                  "foreignKeys":[{{"columns":["user_id"],"referencedTable":"{referenced}","referencedColumns":["id"]}}]}}]}}"#
            ));
            assert_eq!(found.len(), 1, "{name}: {found:?}");
            assert!(
                found[0] == "INVALID_TABLE_NAME" || found[0] == "RESERVED_KEYWORD",
                "{found:?}"
            );
        }
        let keyed = |column_fields: &str, table_key: &str| {
            format!(
                r#"{{"description":"d","databaseType":"postgresql","timestamps":false,"tables":[
                {{"name":"countries",{table_key}"columns":[{{"name":"code","type":"CHAR","length":2,"nullable":false{column_fields}}}]}},
                {{"name":"cities","columns":[{{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}},
                  {{"name":"country_code","type":"CHAR","length":2,"nullable":false}}],
                  "foreignKeys":[{{"columns":["country_code"],"referencedTable":"countries","referencedColumns":["code"]}}]}}]}}"#
            )
        };
        assert_eq!(codes(&keyed(r#","primaryKey":true"#, "")), ["INVALID_SPEC"]);
        let r = crate::generate_str(&keyed(r#","primaryKey":true"#, r#""primaryKey":["code"],"#));
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        assert!(r.validation.warnings.iter().any(
            |w| w.code == Code::UnknownField && w.message.contains("already lists the column")
        ));
        assert_eq!(
            codes(
                r#"{"description":"d","databaseType":"sqlite","tables":[{"name":"t","columns":[
                {"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},
                {"name":"q","type":"INTEGER","nullable":false},{"name":"q","type":"INTEGER","nullable":false}],
                "checkConstraints":[{"name":"chk_t_q","expression":"q > 0"}]}]}"#
            ),
            ["DUPLICATE_COLUMN"]
        );
        let found = errors(
            r#"{"description":"d","databaseType":"sqlite","tables":[{"name":"t","columns":[
            {"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},
            {"name":"a_id","type":"INTEGER","nullable":true,"references":{"table":"a","column":"id","onDelete":"SET NULL"},"onUpdate":"CASCADE"}]}]}"#,
        );
        assert!(found[0].1.contains(r#""referencedTable": "a", "referencedColumns": ["id"], "onDelete": "SET NULL", "onUpdate": "CASCADE" }"#), "{found:?}");
        let found = errors(
            r#"{"description":"d","databaseType":"mysql","tables":[{"name":"t","columns":[
            {"name":"id","type":"VARCHAR","length":20,"nullable":false,"autoIncrement":true}]}]}"#,
        );
        assert!(
            found.iter().any(
                |(_, s)| s.contains("\"type\": \"INTEGER\" (or \"BIGINT\") without its length")
            ),
            "{found:?}"
        );
    }

    /// From a review: a table's field on a column that the table declares itself (the same
    /// foreign key, index or CHECK) is a warning, the spec valid, as before; "false" and 0 ask
    /// for nothing. Two autoIncrement columns beside an autoIncrement key: the extra one is told
    /// to drop it, and the key is told nothing.
    #[test]
    fn a_table_field_the_table_declares_too_is_only_a_warning() {
        let r = crate::generate_str(
            r#"{"description":"d","databaseType":"postgresql","timestamps":false,"tables":[
            {"name":"countries","primaryKey":["code"],"columns":[{"name":"code","type":"CHAR","length":2,"nullable":false}]},
            {"name":"users","primaryKey":["id"],"columns":[
              {"name":"id","type":"INTEGER","nullable":false,"primaryKey":true},
              {"name":"country_code","type":"CHAR","length":2,"nullable":false,
               "references":{"table":"countries","column":"code"},"index":true,"check":"length(country_code) = 2"},
              {"name":"a","type":"INTEGER","nullable":true,"indexed":"false","index":0}],
              "foreignKeys":[{"columns":["country_code"],"referencedTable":"countries","referencedColumns":["code"]}],
              "checkConstraints":[{"name":"chk_users_country_code","expression":"length(country_code) = 2"}],
              "indexes":[{"name":"idx_users_country_code","columns":["country_code"]}]}]}"#,
        );
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        let said: Vec<&str> = r
            .validation
            .warnings
            .iter()
            .filter(|w| w.code == Code::UnknownField)
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(said.len(), 6, "{said:?}");
        assert_eq!(
            said.iter()
                .filter(|m| m.contains("nothing is lost"))
                .count(),
            4,
            "{said:?}"
        );
        let r = crate::generate_str(
            r#"{"description":"d","databaseType":"postgresql","timestamps":false,"tables":[{"name":"t","primaryKey":["id"],"columns":[
            {"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},
            {"name":"seq","type":"INTEGER","nullable":false,"autoIncrement":true}]}]}"#,
        );
        let found: Vec<(&str, &str, &str)> = r
            .validation
            .errors
            .iter()
            .map(|e| {
                (
                    e.column.as_deref().unwrap_or_default(),
                    e.message.as_str(),
                    e.suggestion.as_deref().unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [(
                "seq",
                "a table can have only one autoIncrement column, and its primary key 'id' is one",
                "remove autoIncrement from 'seq'"
            )]
        );
    }

    /// A user trial dropped a column a CHECK named, and was told only to use one of the table's
    /// other columns: what names a column says it can go with it; the primary key does not.
    #[test]
    fn an_unknown_column_suggests_removing_what_names_it() {
        let table = |extra: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}},{{"name":"name","type":"TEXT","nullable":true}}]{extra}}}"#
            )
        };
        let suggestion = |extra: &str| {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"sqlite","timestamps":false,"tables":[{}]}}"#,
                table(extra)
            ));
            let e = (r.validation.errors.iter())
                .find(|e| e.code == Code::UnknownColumn)
                .cloned()
                .expect(extra);
            e.suggestion.unwrap()
        };
        assert_eq!(
            suggestion(r#","checkConstraints":[{"name":"chk_t_fee","expression":"fee > 0"}]"#),
            "use one of: id, name; or, if the column is gone, remove the CHECK expression 'chk_t_fee'"
        );
        assert_eq!(
            suggestion(r#","indexes":[{"name":"idx_t_fee","columns":["fee"],"unique":false}]"#),
            "use one of: id, name; or, if the column is gone, remove the index 'idx_t_fee'"
        );
        assert_eq!(
            suggestion(r#","primaryKey":["fee"]"#).replace("id, name", "…"),
            "use one of: …"
        );
    }
}
