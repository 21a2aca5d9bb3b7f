//! The names a database gives a table's objects itself (a key, a sequence, a column's UNIQUE):
//! renamed with the table or column, and refused where two objects would share one.

use super::{as_created, column_type};
use crate::dialect::{Dialect, GeneratedName};
use crate::report::{Code, Issue, Report};
use crate::spec::*;
use std::collections::HashMap;

/// What the database named for itself after `from` (the table as the database has it, see
/// [`Dialect::generated_names`]) that `to` (the same table, its columns renamed by `renames`
/// (old, new)) would be given another name for, as (what, name now, name then): each renamed
/// straight to its final name. What `to` no longer has (a UNIQUE that goes, a dropped column)
/// is dropped under its name now instead. In an order in which none takes a name another still
/// has (`t` renamed `t_x` with its column `x_y` renamed `w` and a UNIQUE column `y`: `t_x_y_key`
/// goes from `x_y` to `y`); `Err` with the names when they go round a cycle (each the next
/// one's, as a swap).
pub(super) fn generated_renames(
    d: &dyn Dialect,
    from: &Table,
    to: &Table,
    renames: &[(String, String)],
) -> Result<Vec<(GeneratedName, String, String)>, Vec<String>> {
    let then = d.generated_names(to);
    let renamed = |c: String| -> String {
        renames
            .iter()
            .find(|(old, _)| *old == c)
            .map_or(c, |(_, new)| new.clone())
    };
    let mut pending: Vec<(GeneratedName, String, String)> = d
        .generated_names(from)
        .into_iter()
        .filter_map(|(what, old)| {
            let what = match what {
                GeneratedName::PrimaryKey => GeneratedName::PrimaryKey,
                GeneratedName::Unique(c) => GeneratedName::Unique(renamed(c)),
                GeneratedName::Sequence(c) => GeneratedName::Sequence(renamed(c)),
            };
            let new = &then.iter().find(|(w, _)| *w == what)?.1;
            (*new != old).then(|| (what, old, new.clone()))
        })
        .collect();
    let mut out = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let free = pending
            .iter()
            .position(|(_, _, new)| !pending.iter().any(|(_, old, _)| old == new));
        match free {
            Some(i) => out.push(pending.remove(i)),
            None => return Err(pending.into_iter().map(|(_, old, _)| old).collect()),
        }
    }
    Ok(out)
}

/// Whether `c` has a UNIQUE constraint of its own: declared `unique`, and not the table's
/// one-column primary key (which is unique already).
pub(super) fn unique_column(t: &Table, c: &Column) -> bool {
    c.unique && !(t.primary_key.len() == 1 && t.primary_key[0] == c.name)
}

/// PostgreSQL names a table's primary key `{table}_pkey`, its SERIAL sequences
/// `{table}_{column}_seq` and its UNIQUE columns' constraints `{table}_{column}_key`, but numbers
/// one (`…_key1`) when another name of the database is that already: another table's (`t1.x_y`
/// and `t1_x.y`), or the same table's (two long column names that shorten to the same 63
/// bytes); which of the two got the number depends on which was created first (a column added
/// later comes second, wherever the spec lists it). Such a name that a change makes (a UNIQUE
/// added, a column or table renamed) while another object of the new spec has it, or drops (or
/// renames away) while another object of `previousSpec` had it, is refused
/// (`UNSUPPORTED_FEATURE`), not guessed. The names are counted, not collected: a table with two
/// columns of one such name makes or drops it once more or less.
pub(super) fn refuse_shared_generated_names(
    d: &dyn Dialect,
    before: &[Table],
    tables: &[Table],
    originals: &[(&Table, &Table)],
    report: &mut Report,
) {
    // The names the database makes for a table (not the table's, its indexes', its UNIQUE and
    // CHECK constraints' and its foreign keys', which the spec gives), each with how many of
    // its objects the table would give it.
    let generated = |t: &Table| -> HashMap<String, usize> {
        let given = |n: &String| {
            *n == t.name
                || t.primary_key_name.as_ref() == Some(n)
                || t.indexes.iter().any(|i| &i.name == n)
                || t.unique_constraints.iter().any(|u| &u.name == n)
                || t.check_constraints.iter().any(|c| &c.name == n)
        };
        let without_keys = Table {
            foreign_keys: Vec::new(),
            ..t.clone()
        };
        let mut counts: HashMap<String, usize> = HashMap::new();
        for n in d.database_wide_names(&without_keys) {
            if !given(&n) {
                *counts.entry(n).or_insert(0) += 1;
            }
        }
        counts
    };
    let count = |ts: &[Table]| {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for t in ts {
            for n in d.database_wide_names(&as_created(d, t)) {
                *counts.entry(n).or_insert(0) += 1;
            }
        }
        counts
    };
    let (mut in_previous, mut in_spec) = (None, None);
    for (original, table) in originals {
        let (was, is) = (
            generated(&as_created(d, original)),
            generated(&as_created(d, table)),
        );
        let more = |a: &HashMap<String, usize>, b: &HashMap<String, usize>| -> Vec<String> {
            let mut names: Vec<String> = a
                .iter()
                .filter(|&(n, &k)| k > b.get(n).copied().unwrap_or(0))
                .map(|(n, _)| n.clone())
                .collect();
            names.sort_unstable();
            names
        };
        let made = more(&is, &was).into_iter().map(|n| (n, true));
        let dropped = more(&was, &is).into_iter().map(|n| (n, false));
        for (name, is_made) in made.chain(dropped) {
            let name = &name;
            let counts = if is_made {
                in_spec.get_or_insert_with(|| count(tables))
            } else {
                in_previous.get_or_insert_with(|| count(before))
            };
            if counts.get(name).copied().unwrap_or(0) < 2 {
                continue;
            }
            let (owner, other) = if is_made {
                (*table, *original)
            } else {
                (*original, *table)
            };
            // The column whose UNIQUE gets or loses the name (renamed, or its `unique` added or
            // removed), else the first that has it.
            let named = |t: &Table, c: &Column| {
                unique_column(t, c) && d.column_unique_name(&t.name, &c.name) == *name
            };
            let counterpart = |c: &Column| -> Option<&Column> {
                let renamed = table.renamed_columns.iter().find_map(|(old, new)| {
                    let (from, to) = if is_made { (new, old) } else { (old, new) };
                    (*from == c.name).then_some(to)
                });
                other.column(renamed.unwrap_or(&c.name))
            };
            let having: Vec<&Column> = owner.columns.iter().filter(|c| named(owner, c)).collect();
            let column = having
                .iter()
                .find(|c| !counterpart(c).is_some_and(|o| named(other, o)))
                .or(having.first());
            let label = name.rsplit('_').next().unwrap_or_default();
            // A UNIQUE column's name may be shared within the table too; a primary key's or a
            // sequence's only with another table's.
            let (whose, suggestion) = if column.is_some() {
                ("another table's, or another column's of the same table once shortened to 63 bytes", "declare a UNIQUE as a uniqueConstraints entry with a name of its own instead of \"unique\": true, or choose a table or column name whose generated names no other object has")
            } else {
                (
                    "another table's",
                    "choose a table or column name whose generated names no other object has",
                )
            };
            let mut issue = Issue::error(
                Code::UnsupportedFeature,
                format!("this change {} the name '{name}', which the database {} for '{}' itself and also gives another object {} ({whose}): it numbers the one created second ('…_{label}1'), and which that was a migration from previousSpec cannot know", if is_made { "makes" } else { "drops" }, if is_made { "would make" } else { "made" }, owner.name, if is_made { "of this spec" } else { "of previousSpec" }),
            )
            .table(&table.name)
            .suggest(suggestion);
            if let Some(c) = column {
                issue = issue.column(&c.name);
            }
            report.push(issue);
        }
        // An auto-increment column whose type changes changes its sequence too, by name
        // (`ALTER SEQUENCE … AS`): a name shared, before or after, could be the other's.
        for (what, name) in d.generated_names(&as_created(d, table)) {
            let GeneratedName::Sequence(column) = &what else {
                continue;
            };
            let old_name = table
                .renamed_columns
                .iter()
                .find_map(|(old, new)| (new == column).then_some(old))
                .unwrap_or(column);
            let (Some(new), Some(old)) = (table.column(column), original.column(old_name)) else {
                continue;
            };
            if !old.auto_increment
                || d.same_stored_type(&column_type(d, original, old), &column_type(d, table, new))
            {
                continue;
            }
            let was = d
                .generated_names(&as_created(d, original))
                .into_iter()
                .find_map(|(what, n)| {
                    (what == GeneratedName::Sequence(old_name.clone())).then_some(n)
                });
            let shared_now = in_spec
                .get_or_insert_with(|| count(tables))
                .get(&name)
                .copied()
                .unwrap_or(0)
                > 1;
            let shared_before = was.is_some_and(|was| {
                in_previous
                    .get_or_insert_with(|| count(before))
                    .get(&was)
                    .copied()
                    .unwrap_or(0)
                    > 1
            });
            if shared_now || shared_before {
                report.push(
                    Issue::error(
                        Code::UnsupportedFeature,
                        format!("the type of the auto-increment column '{column}' changes, and with it its sequence '{name}', a name the database also gives another object (another table's, made of another table and column name, or the same once shortened to 63 bytes): it numbers the one created second ('…_seq1'), and which that was a migration from previousSpec cannot know"),
                    )
                    .table(&table.name)
                    .column(column)
                    .suggest(format!("keep the column's type, or change it by hand: ALTER SEQUENCE on the name that SELECT pg_get_serial_sequence('{}', '{column}') gives", d.identifier(&table.name).replace('\'', "''"))),
                );
            }
        }
        // A primary key that changes is dropped by its name, and made under the new one: a
        // name shared, before or after, could be the other's.
        let renamed = |c: &String| {
            table
                .renamed_columns
                .iter()
                .find_map(|(old, new)| (old == c).then(|| new.clone()))
                .unwrap_or_else(|| c.clone())
        };
        let key_was: Vec<String> = original.primary_key.iter().map(renamed).collect();
        if key_was != table.primary_key {
            let shared = |name: Option<String>, counts: &HashMap<String, usize>| {
                name.filter(|n| counts.get(n).copied().unwrap_or(0) > 1)
            };
            let shared = shared(
                (original.primary_key_name.is_none())
                    .then(|| d.primary_key_name(&original.name))
                    .flatten(),
                in_previous.get_or_insert_with(|| count(before)),
            )
            .or_else(|| {
                shared(
                    (table.primary_key_name.is_none())
                        .then(|| d.primary_key_name(&table.name))
                        .flatten(),
                    in_spec.get_or_insert_with(|| count(tables)),
                )
            });
            if let Some(name) = shared {
                report.push(
                    Issue::error(
                        Code::UnsupportedFeature,
                        format!("the primary key of '{}' changes, so its constraint is dropped and made again by its name, '{name}', a name the database also gives another object (another table's key, the same once shortened to 63 bytes): it numbers the one created second ('…_pkey1'), and which that was a migration from previousSpec cannot know", table.name),
                    )
                    .table(&table.name)
                    .suggest(format!("keep the key, or change it by hand: DROP CONSTRAINT on the name that SELECT conname FROM pg_constraint WHERE conrelid = '{}'::regclass AND contype = 'p' gives", d.identifier(&original.name).replace('\'', "''"))),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec_change::test_support::*;

    #[test]
    fn a_retyped_key_whose_sequence_name_another_table_shares_is_refused() {
        // `t1.x_y` and `t1_x.y` both make `t1_x_y_seq`: PostgreSQL calls the second
        // `t1_x_y_seq1`, so `ALTER SEQUENCE t1_x_y_seq` could retype the other table's (found
        // by a review).
        let t = |ty: &str| {
            [
                r#"{"name":"t1","columns":[{"name":"x_y","type":"INTEGER","nullable":false,"autoIncrement":true}]}"#.to_string(),
                format!(r#"{{"name":"t1_x","columns":[{{"name":"y","type":"{ty}","nullable":false,"autoIncrement":true}}]}}"#),
            ]
        };
        let result = crate::generate_str(&postgres_change(&t("BIGINT"), &t("INTEGER")));
        let errors: Vec<_> = result
            .validation
            .errors
            .iter()
            .map(|e| (e.code, e.table.as_deref(), e.column.as_deref()))
            .collect();
        assert_eq!(
            errors,
            [(Code::UnsupportedFeature, Some("t1_x"), Some("y"))]
        );
        assert!(result.up_migration.is_empty());
        // Alone, the same change is made.
        let alone = |ty: &str| [t(ty)[1].clone()];
        let result = crate::generate_str(&postgres_change(&alone("BIGINT"), &alone("INTEGER")));
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        assert!(result
            .up_migration
            .contains("ALTER SEQUENCE t1_x_y_seq AS BIGINT;"));
    }

    #[test]
    fn a_column_made_unique_gets_the_name_the_database_would_give_it() {
        let mut next = users();
        next.columns[1].unique = true;
        let (c, _) = change(DatabaseType::Postgresql, &users(), &next, false);
        assert_eq!(
            c.core.up,
            ["ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);"]
        );
        assert_eq!(
            c.core.down,
            ["ALTER TABLE users DROP CONSTRAINT users_email_key;"]
        );
        let (c, _) = change(DatabaseType::Mysql, &users(), &next, false);
        assert_eq!(c.core.down, ["ALTER TABLE users DROP INDEX email;"]);
    }

    #[test]
    fn postgres_cuts_generated_names_as_postgres_does() {
        let long = "a".repeat(60);
        assert_eq!(
            crate::dialect::postgres_object_name(&long, Some("email"), "key"),
            format!("{}_email_key", "a".repeat(53))
        );
        assert_eq!(
            crate::dialect::postgres_object_name("t", Some("c"), "key"),
            "t_c_key"
        );
    }

    #[test]
    fn a_column_unique_whose_generated_name_another_object_shares_is_refused() {
        let table = |name: &str, column: &str, unique: bool| {
            format!(
                r#"{{"name":"{name}","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"{column}","type":"INTEGER","nullable":true,"unique":{unique}}}],"primaryKey":["id"]}}"#
            )
        };
        let spec = |tables: [String; 2], previous: [String; 2]| postgres_change(&tables, &previous);
        // t1.x_y and t1_x.y both make t1_x_y_key: the second one created is t1_x_y_key1.
        let result = crate::generate_str(&spec(
            [table("t1", "x_y", true), table("t1_x", "y", true)],
            [table("t1", "x_y", true), table("t1_x", "y", false)],
        ));
        let errors: Vec<(Code, Option<&str>)> = result
            .validation
            .errors
            .iter()
            .map(|e| (e.code, e.column.as_deref()))
            .collect();
        assert_eq!(
            errors,
            [(Code::UnsupportedFeature, Some("y"))],
            "{:?}",
            result.validation.errors
        );
        assert!(result.validation.errors[0].message.contains("'t1_x_y_key'"));
        // Alone with its name, it is added under it.
        let result = crate::generate_str(&spec(
            [table("t1", "x_y", false), table("t1_x", "y", true)],
            [table("t1", "x_y", false), table("t1_x", "y", false)],
        ));
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        assert!(
            result
                .up_migration
                .contains("ADD CONSTRAINT t1_x_y_key UNIQUE (y)"),
            "{}",
            result.up_migration
        );
        // MySQL names it after the column, in its table: nothing is shared.
        let result = crate::generate_str(
            &spec(
                [table("t1", "x_y", true), table("t1_x", "y", true)],
                [table("t1", "x_y", true), table("t1_x", "y", false)],
            )
            .replace("postgresql", "mysql"),
        );
        assert!(result.validation.valid, "{:?}", result.validation.errors);
    }

    /// Checked on PostgreSQL 15: two UNIQUE columns of one table whose `{table}_{column}_key`
    /// shortens to the same 63 bytes are `…_key` and `…_key1`, the second by when it was made;
    /// dropping the first name dropped the other column's UNIQUE (its column no longer unique),
    /// and adding a UNIQUE under it failed ("relation already exists").
    #[test]
    fn unique_columns_of_one_table_whose_generated_names_shorten_alike_are_refused() {
        let long = |prefix: &str, end: &str| format!("{prefix}_{}{end}", "x".repeat(56));
        let (t, a, b) = (long("tab", ""), long("col", "a"), long("col", "b"));
        let shared = crate::dialect::postgres_object_name(&t, Some(&a), "key");
        assert_eq!(
            shared,
            crate::dialect::postgres_object_name(&t, Some(&b), "key")
        );
        // The table `name` (renamed from `from`), with `a` and the column `b` (renamed from
        // `b_from`), each unique or not.
        let table = |name: &str,
                     from: Option<&str>,
                     a_unique: bool,
                     b: &str,
                     b_from: Option<&str>,
                     b_unique: bool| {
            let renamed = |from: Option<&str>| {
                from.map(|f| format!(r#","renamedFrom":"{f}""#))
                    .unwrap_or_default()
            };
            format!(
                r#"{{"name":"{name}"{},"columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"{a}","type":"INTEGER","nullable":true,"unique":{a_unique}}},{{"name":"{b}","type":"INTEGER","nullable":true,"unique":{b_unique}{}}},{{"name":"z","type":"INTEGER","nullable":true}}],"primaryKey":["id"]}}"#,
                renamed(from),
                renamed(b_from)
            )
        };
        let refused = |tables: String, previous: String| -> Vec<(Code, Option<String>, bool)> {
            let result = crate::generate_str(&postgres_change(&[tables], &[previous]));
            result
                .validation
                .errors
                .iter()
                .map(|e| {
                    (
                        e.code,
                        e.column.clone(),
                        e.message.contains(&format!("'{shared}'")),
                    )
                })
                .collect()
        };
        let one = |column: &str| vec![(Code::UnsupportedFeature, Some(column.to_string()), true)];
        // `unique` added to b: its name is a's.
        assert_eq!(
            refused(
                table(&t, None, true, &b, None, true),
                table(&t, None, true, &b, None, false)
            ),
            one(&b)
        );
        // `unique` removed from b (or from a): which of the two has the name is not known.
        assert_eq!(
            refused(
                table(&t, None, true, &b, None, false),
                table(&t, None, true, &b, None, true)
            ),
            one(&b)
        );
        assert_eq!(
            refused(
                table(&t, None, false, &b, None, true),
                table(&t, None, true, &b, None, true)
            ),
            one(&a)
        );
        // b renamed away from the shared name, or onto it.
        assert_eq!(
            refused(
                table(&t, None, true, "short_b", Some(&b), true),
                table(&t, None, true, &b, None, true)
            ),
            one(&b)
        );
        assert_eq!(
            refused(
                table(&t, None, true, &b, Some("short_b"), true),
                table(&t, None, true, "short_b", None, true)
            ),
            one(&b)
        );
        // The table renamed: both names renamed.
        let errors = refused(
            table("short_t", Some(&t), true, &b, None, true),
            table(&t, None, true, &b, None, true),
        );
        assert_eq!(
            errors.iter().map(|e| e.0).collect::<Vec<_>>(),
            [Code::UnsupportedFeature, Code::UnsupportedFeature],
            "{errors:?}"
        );
        // Any other change leaves both names as they are.
        let result = crate::generate_str(&postgres_change(
            &[table(&t, None, true, &b, None, true).replace(
                r#""name":"z","type":"INTEGER""#,
                r#""name":"z","type":"BIGINT""#,
            )],
            &[table(&t, None, true, &b, None, true)],
        ));
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        assert_eq!(
            result.up_migration.matches("ALTER TABLE").count(),
            1,
            "{}",
            result.up_migration
        );
        // Short names are each their own: b's UNIQUE comes and goes under its name.
        let result = crate::generate_str(&postgres_change(
            &[table("t", None, true, "b", None, true).replace(&a, "a")],
            &[table("t", None, true, "b", None, false).replace(&a, "a")],
        ));
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        assert!(
            result
                .up_migration
                .contains("ADD CONSTRAINT t_b_key UNIQUE (b)"),
            "{}",
            result.up_migration
        );
    }

    /// Checked on PostgreSQL 15: with `users.email` renamed `people.mail` in one migration, the
    /// UNIQUE went `users_email_key` → `people_email_key` → `people_mail_key` and the sequence
    /// `users_id_seq` → `people_id_seq` → `people_uid_seq`; another table's index named
    /// `people_email_key` or `people_id_seq` (or, for the down migration, `users_mail_key` or
    /// `users_uid_seq`) made the migration fail.
    #[test]
    fn a_table_and_its_columns_renamed_at_once_rename_generated_names_straight_to_their_final_ones()
    {
        let other = r#"{"name":"other","columns":[{"name":"id","type":"INTEGER","nullable":false},{"name":"z","type":"INTEGER","nullable":true}],"primaryKey":["id"],"indexes":[{"name":"people_email_key","columns":["z"]},{"name":"people_id_seq","columns":["id","z"]},{"name":"users_mail_key","columns":["z","id"]},{"name":"users_uid_seq","columns":["id"]}]}"#;
        let users = r#"{"name":"users","columns":[{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},{"name":"email","type":"VARCHAR","length":100,"nullable":true,"unique":true}],"primaryKey":["id"]}"#;
        let people = r#"{"name":"people","renamedFrom":"users","columns":[{"name":"uid","renamedFrom":"id","type":"INTEGER","nullable":false,"autoIncrement":true},{"name":"mail","renamedFrom":"email","type":"VARCHAR","length":100,"nullable":true,"unique":true}],"primaryKey":["uid"]}"#;
        let result = crate::generate_str(&postgres_change(
            &[people.to_string(), other.to_string()],
            &[users.to_string(), other.to_string()],
        ));
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        let statements = |sql: &str| -> Vec<String> {
            sql.lines()
                .filter(|l| l.starts_with("ALTER TABLE"))
                .map(str::to_string)
                .collect()
        };
        assert_eq!(
            statements(&result.up_migration),
            [
                "ALTER TABLE users RENAME TO people;",
                "ALTER TABLE people RENAME COLUMN id TO uid;",
                "ALTER TABLE people RENAME COLUMN email TO mail;",
                "ALTER TABLE people RENAME CONSTRAINT users_pkey TO people_pkey;",
                "ALTER TABLE users_id_seq RENAME TO people_uid_seq;",
                "ALTER TABLE people RENAME CONSTRAINT users_email_key TO people_mail_key;",
            ],
            "{}",
            result.up_migration
        );
        assert_eq!(
            statements(&result.down_migration),
            [
                "ALTER TABLE people RENAME TO users;",
                "ALTER TABLE users RENAME COLUMN uid TO id;",
                "ALTER TABLE users RENAME COLUMN mail TO email;",
                "ALTER TABLE users RENAME CONSTRAINT people_pkey TO users_pkey;",
                "ALTER TABLE people_uid_seq RENAME TO users_id_seq;",
                "ALTER TABLE users RENAME CONSTRAINT people_mail_key TO users_email_key;",
            ],
            "{}",
            result.down_migration
        );
        // A UNIQUE that goes from a renamed column of a renamed table goes under its name.
        let unkeyed = people.replace(r#","unique":true"#, "");
        let result = crate::generate_str(&postgres_change(
            &[unkeyed, other.to_string()],
            &[users.to_string(), other.to_string()],
        ));
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        assert!(
            result
                .up_migration
                .contains("ALTER TABLE people DROP CONSTRAINT users_email_key;"),
            "{}",
            result.up_migration
        );
        assert!(
            result
                .down_migration
                .contains("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);"),
            "{}",
            result.down_migration
        );
    }

    /// A generated name that another one of the table has until it is renamed waits for it;
    /// names that go round a cycle are refused.
    #[test]
    fn generated_names_are_renamed_in_an_order_in_which_none_is_taken() {
        let table = |name: &str, extra: &str, columns: &[(&str, &str)]| {
            let columns: Vec<String> = columns
                .iter()
                .map(|(c, from)| {
                    let from = if from.is_empty() {
                        String::new()
                    } else {
                        format!(r#","renamedFrom":"{from}""#)
                    };
                    format!(
                        r#"{{"name":"{c}","type":"INTEGER","nullable":true,"unique":true{from}}}"#
                    )
                })
                .collect();
            format!(
                r#"{{"name":"{name}"{extra},"columns":[{{"name":"id","type":"INTEGER","nullable":false}},{}],"primaryKey":["id"]}}"#,
                columns.join(",")
            )
        };
        // t renamed t_x, x_y renamed w, y listed first: y's new name t_x_y_key is x_y's until
        // x_y's is renamed.
        let result = crate::generate_str(&postgres_change(
            &[table(
                "t_x",
                r#","renamedFrom":"t""#,
                &[("y", ""), ("w", "x_y")],
            )],
            &[table("t", "", &[("y", ""), ("x_y", "")])],
        ));
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        let at = |sql: &str, statement: &str| {
            sql.find(statement)
                .unwrap_or_else(|| panic!("{statement} not in {sql}"))
        };
        let up = &result.up_migration;
        assert!(
            at(up, "RENAME CONSTRAINT t_x_y_key TO t_x_w_key;")
                < at(up, "RENAME CONSTRAINT t_y_key TO t_x_y_key;"),
            "{up}"
        );
        let down = &result.down_migration;
        assert!(
            at(down, "RENAME CONSTRAINT t_x_y_key TO t_y_key;")
                < at(down, "RENAME CONSTRAINT t_x_w_key TO t_x_y_key;"),
            "{down}"
        );
        // p renamed p_q, q_n renamed m and q_m renamed n: p_q_n_key becomes m's name p_q_m_key,
        // which q_m's is until it becomes p_q_n_key.
        let result = crate::generate_str(&postgres_change(
            &[table(
                "p_q",
                r#","renamedFrom":"p""#,
                &[("m", "q_n"), ("n", "q_m")],
            )],
            &[table("p", "", &[("q_n", ""), ("q_m", "")])],
        ));
        let errors: Vec<(Code, Option<&str>)> = result
            .validation
            .errors
            .iter()
            .map(|e| (e.code, e.table.as_deref()))
            .collect();
        assert_eq!(
            errors,
            [(Code::UnsupportedFeature, Some("p_q"))],
            "{:?}",
            result.validation.errors
        );
        assert!(
            result.validation.errors[0].message.contains("'p_q_n_key'"),
            "{}",
            result.validation.errors[0].message
        );
    }

    #[test]
    fn renames_onto_a_generated_name_another_object_has_are_refused_and_others_say_what_is_wrong() {
        let table = |name: &str, column: &str, extra: &str| {
            format!(
                r#"{{"name":"{name}","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"{column}","type":"INTEGER","nullable":true,"unique":true{extra}}}],"primaryKey":["id"]}}"#
            )
        };
        let codes = |tables: &[String], previous: &[String]| -> Vec<(Code, Option<String>)> {
            let result = crate::generate_str(&postgres_change(tables, previous));
            result
                .validation
                .errors
                .iter()
                .map(|e| (e.code, e.table.clone()))
                .collect()
        };
        // t9 renamed to t1_x: its y's UNIQUE becomes t1_x_y_key, which t1.x_y's has.
        let renamed_table = format!(
            r#"{},"renamedFrom":"t9"}}"#,
            table("t1_x", "y", "").trim_end_matches('}')
        );
        assert_eq!(
            codes(
                &[table("t1", "x_y", ""), renamed_table],
                &[table("t1", "x_y", ""), table("t9", "y", "")]
            ),
            [(Code::UnsupportedFeature, Some("t1_x".to_string()))]
        );
        // t1_x.z renamed to y: the same name.
        assert_eq!(
            codes(
                &[
                    table("t1", "x_y", ""),
                    table("t1_x", "y", r#","renamedFrom":"z""#)
                ],
                &[table("t1", "x_y", ""), table("t1_x", "z", "")]
            ),
            [(Code::UnsupportedFeature, Some("t1_x".to_string()))]
        );
        // A table renamed to a long name whose `{table}_pkey` (the table's name cut to 58
        // bytes) another table's has: no UNIQUE column to declare otherwise.
        let long = |end: &str| format!("{}{end}", "p".repeat(58));
        let keyed = |name: &str| {
            format!(
                r#"{{"name":"{name}","columns":[{{"name":"id","type":"INTEGER","nullable":false}}],"primaryKey":["id"]}}"#
            )
        };
        let result = crate::generate_str(&postgres_change(
            &[
                keyed(&long("aaa")),
                format!(
                    r#"{},"renamedFrom":"d"}}"#,
                    keyed(&long("bbb")).trim_end_matches('}')
                ),
            ],
            &[keyed(&long("aaa")), keyed("d")],
        ));
        let errors = &result.validation.errors;
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0]
                .message
                .contains(&format!("the name '{}_pkey'", "p".repeat(58)))
                && errors[0].message.contains("(another table's)")
                && errors[0].column.is_none(),
            "{errors:?}"
        );
        assert_eq!(
            errors[0].suggestion.as_deref(),
            Some("choose a table or column name whose generated names no other object has")
        );
        // renamedFrom its own name renames nothing.
        assert!(codes(
            &[table("t1", "x_y", r#","renamedFrom":"x_y""#)],
            &[table("t1", "x_y", "")]
        )
        .is_empty());
        // A column of a table marked existing is not renamed.
        let existing = table("t1", "x_z", r#","renamedFrom":"x_y""#).replacen(
            r#""name":"t1","#,
            r#""name":"t1","existing":true,"#,
            1,
        );
        assert_eq!(
            codes(&[existing], &[table("t1", "x_y", "")]),
            [(Code::InvalidSpec, Some("t1".to_string()))]
        );
    }
}
