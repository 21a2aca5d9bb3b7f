//! A column's or constraint's rename suggestion that, followed as it stands, gives another
//! error: `Email` next to `email` was told "rename it to 'email'" (then DUPLICATE_COLUMN),
//! `group` next to `group_value` "rename it, for example to 'group_value'", and an index
//! `E_Idx` next to `e_idx` the name of the other (a user trial). The suggestion then names a
//! free name instead, and says why, as a table's does (`renames_clear_of_other_tables`).

use super::names::{spells_in_ascii, to_snake_case};
use crate::dialect::Dialect;
use crate::report::{Issue, Report};
use crate::spec::Table;
use foldhash::{HashMap, HashSet};

/// Rewrites each error's suggestion to rename a column (or an index or constraint) to a name
/// the table already has for another column (the spec already has for another index or
/// constraint), or one an earlier suggestion gave, so that it names a free one instead:
/// `'email_2' ('email' is another column of the table)`. `tables` are the effective tables: the
/// columns the timestamps option adds (`created_at`, `updated_at`) are among their names.
pub(super) fn renames_clear_of_other_names(tables: &[Table], d: &dyn Dialect, report: &mut Report) {
    let mut constraints: HashSet<String> = HashSet::default();
    for t in tables {
        constraints.extend(t.indexes.iter().map(|i| i.name.clone()));
        constraints.extend(t.unique_constraints.iter().map(|u| u.name.clone()));
        constraints.extend(t.check_constraints.iter().map(|c| c.name.clone()));
        constraints.extend(t.foreign_keys.iter().map(|f| f.name(&t.name)));
    }
    // The names each table's suggestions already gave, by table (columns) or for all.
    let mut given_columns: HashMap<String, HashSet<String>> = HashMap::default();
    for issue in &mut report.errors {
        let Some(table_name) = issue.table.clone() else {
            continue;
        };
        let (own, what) = match (&issue.column, &issue.constraint) {
            (Some(c), None) => (c.clone(), "column of the table"),
            (None, Some(c)) => (c.clone(), "index or constraint of the spec"),
            _ => continue,
        };
        let Some(to) = renamed_to(issue) else {
            continue;
        };
        let taken_here = |n: &str, given: &HashSet<String>| {
            n != own
                && (given.contains(n)
                    || if what.starts_with("column") {
                        tables
                            .iter()
                            .find(|t| t.name == table_name)
                            .is_some_and(|t| t.column(n).is_some())
                    } else {
                        constraints.contains(n)
                    })
        };
        let key = if what.starts_with("column") {
            table_name.clone()
        } else {
            String::new()
        };
        let given = given_columns.entry(key).or_default();
        if !taken_here(&to, given) {
            given.insert(to);
            continue;
        }
        let base = if spells_in_ascii(&own) {
            to_snake_case(&own)
        } else {
            to.clone()
        };
        let Some(free) = (2..1000).map(|n| format!("{base}_{n}")).find(|n| {
            !taken_here(n, given) && !d.is_reserved(n) && n.len() <= d.max_identifier_bytes()
        }) else {
            continue;
        };
        let Some(suggestion) = &issue.suggestion else {
            continue;
        };
        // A column the spec does not list: the timestamps option's (a rename to it would
        // take its place, and the column would no longer be the automatic one).
        let added = what.starts_with("column")
            && !given.contains(&to)
            && (tables.iter().find(|t| t.name == table_name))
                .and_then(|t| t.column(&to))
                .is_some_and(|c| c.auto_timestamp);
        let why = if added {
            "the column the timestamps option adds to the table".to_string()
        } else {
            format!("another {what}")
        };
        // A rename from previousSpec's name ends with its JSON, which names the free one too.
        let json = |n: &str| format!("\"name\": {}", serde_json::Value::String(n.to_string()));
        issue.suggestion = Some(if suggestion.contains(&json(&to)) {
            suggestion
                .replacen(
                    &format!("'{to}'"),
                    &format!("'{free}' ('{to}' is {why})"),
                    1,
                )
                .replacen(&json(&to), &json(&free), 1)
        } else {
            format!(
                "{} ('{to}' is {why})",
                suggestion.replacen(&format!("'{to}'"), &format!("'{free}'"), 1)
            )
        });
        given.insert(free);
    }
}

/// The name `issue`'s suggestion renames its column or constraint to: `rename it to 'x'`,
/// `rename it, for example to 'x'`, `rename the column, for example to 'x'`.
fn renamed_to(issue: &Issue) -> Option<String> {
    let s = issue.suggestion.as_deref()?;
    let rest = [
        "rename it to '",
        "rename it, for example to '",
        "rename the column, for example to '",
    ]
    .iter()
    .find_map(|p| s.strip_prefix(p))?;
    let (to, _) = rest.split_once('\'')?;
    Some(to.to_string())
}

#[cfg(test)]
mod tests {
    use crate::report::Issue;

    fn suggestions(spec: &str) -> Vec<String> {
        let r = crate::generate_str(spec);
        r.validation
            .errors
            .iter()
            .filter_map(|i: &Issue| i.suggestion.clone())
            .collect()
    }

    /// A column's rename never names another column of its table, nor what another column's
    /// rename already named; an index's never another index's name.
    #[test]
    fn a_suggested_rename_names_a_free_name() {
        let spec = |db: &str, columns: &str, indexes: &str| {
            format!(
                r#"{{"description":"d","databaseType":"{db}","tables":[{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{columns}],"primaryKey":["id"],"indexes":[{indexes}]}}]}}"#
            )
        };
        let col = |n: &str| format!(r#"{{"name":"{n}","type":"TEXT","nullable":true}}"#);
        for db in ["sqlite", "postgresql", "mysql"] {
            let cols = [col("Email"), col("email")].join(",");
            assert_eq!(
                suggestions(&spec(db, &cols, "")),
                ["rename it to 'email_2' ('email' is another column of the table)"],
                "{db}"
            );
            let cols = [col("Email"), col("EMAIL")].join(",");
            assert_eq!(
                suggestions(&spec(db, &cols, "")),
                [
                    "rename it to 'email'",
                    "rename it to 'email_2' ('email' is another column of the table)"
                ],
                "{db}"
            );
            let cols = [col("e"), col("f")].join(",");
            let indexes = r#"{"name":"E_Idx","columns":["e"]},{"name":"e_idx","columns":["f"]}"#;
            assert_eq!(
                suggestions(&spec(db, &cols, indexes)),
                ["rename it to 'e_idx_2' ('e_idx' is another index or constraint of the spec)"],
                "{db}"
            );
        }
        let cols = [col("group"), col("group_value")].join(",");
        assert_eq!(
            suggestions(&spec("postgresql", &cols, "")),
            ["rename it, for example to 'group_2' ('group_value' is another column of the table)"]
        );
    }

    /// The columns the timestamps option adds (`created_at`, `updated_at`) are names the table
    /// has: a rename never names one, and the reason says where it comes from. A table read in
    /// part (its primaryKey not a list: only its names are checked) got no free name at all:
    /// `createdAt` was told 'created_at', the automatic column's name or a column of the spec.
    #[test]
    fn a_suggested_rename_is_free_of_the_timestamps_columns() {
        let spec = |db: &str, timestamps: bool, key: &str, columns: &str| {
            format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":{timestamps},"tables":[{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{columns}],"primaryKey":{key}}}]}}"#
            )
        };
        let col = |n: &str| format!(r#"{{"name":"{n}","type":"TIMESTAMP","nullable":true}}"#);
        let added = |n: &str| {
            format!("rename it to '{n}_2' ('{n}' is the column the timestamps option adds to the table)")
        };
        for db in ["sqlite", "postgresql", "mysql"] {
            for key in [r#"["id"]"#, r#""id""#] {
                let cols = [col("createdAt"), col("UpdatedAt")].join(",");
                let said = suggestions(&spec(db, true, key, &cols));
                let renames: Vec<&String> =
                    said.iter().filter(|s| s.starts_with("rename")).collect();
                assert_eq!(
                    renames,
                    [&added("created_at"), &added("updated_at")],
                    "{db} {key}"
                );
                // Without timestamps the names are free.
                let said = suggestions(&spec(db, false, key, &cols));
                let renames: Vec<&String> =
                    said.iter().filter(|s| s.starts_with("rename")).collect();
                assert_eq!(
                    renames,
                    ["rename it to 'created_at'", "rename it to 'updated_at'"],
                    "{db} {key}"
                );
                // A column of the spec of that name, in a table read whole or in part.
                let cols = [col("createdAt"), col("created_at")].join(",");
                let said = suggestions(&spec(db, false, key, &cols));
                let renames: Vec<&String> =
                    said.iter().filter(|s| s.starts_with("rename")).collect();
                assert_eq!(
                    renames,
                    ["rename it to 'created_at_2' ('created_at' is another column of the table)"],
                    "{db} {key}"
                );
            }
        }
    }
}
