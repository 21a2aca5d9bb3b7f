//! The renames a spec asks for (`renamedFrom` of a table or column): which hold, which are
//! refused, and a table as it is under its renamed columns and name.

use crate::dialect::Dialect;
use crate::report::{Code, Issue, Report};
use crate::spec::*;
use std::borrow::Cow;
use std::collections::HashMap;

/// What a `renamedFrom` of a column or table (`what`) says, from `old` to `new`, where `holder`
/// ("previousSpec", or "previousSpec's table 'users'") has names by `had`: `Ok(true)` to
/// rename, `Ok(false)` when the holder has the new name only (the spec still says `renamedFrom`
/// once the rename is made: nothing to do), and the error otherwise — a name the holder does
/// not have, one it has beside the new name, one the spec still lists (`listed`), one another
/// rename takes (`taken`), or `refused` for another reason. `source` is where the old names
/// are ("previousSpec", "the database").
pub(crate) struct Rename<'a> {
    pub(crate) what: &'static str,
    pub(crate) holder: &'a str,
    pub(crate) source: &'a str,
    pub(crate) old: &'a str,
    pub(crate) new: &'a str,
}

impl Rename<'_> {
    /// The decision; see [`Rename`].
    pub(crate) fn decide(
        &self,
        had: impl Fn(&str) -> bool,
        listed: bool,
        taken: bool,
        refused: Option<&str>,
    ) -> Result<bool, Box<Issue>> {
        let (what, holder, source, new) = (self.what, self.holder, self.source, self.new);
        let said = crate::report::clip(self.old);
        if self.old == new {
            return Ok(false);
        }
        let created = if what == "table" { "created" } else { "added" };
        let mut suggestion = format!("give renamedFrom the {what}'s name in {source}, or leave renamedFrom out (the {what} is then {created}, and the old one kept or dropped); to swap two names, go through a third in two migrations");
        let why = if had(new) {
            if !had(self.old) {
                return Ok(false);
            }
            format!("{holder} has both '{said}' and '{new}': a {what} is not renamed onto another one (nor two swapped) in one migration")
        } else if !had(self.old) {
            format!("{holder} has neither '{said}' nor '{new}'")
        } else if let Some(why) = refused {
            if why.contains("existing: true") {
                let table = if what == "table" {
                    "the table"
                } else {
                    "its table"
                };
                suggestion = format!("list {table} without \"existing\": true to rename the {what}, or leave renamedFrom out");
            }
            why.to_string()
        } else if listed {
            suggestion = format!("rename '{said}' in this migration and give its name to the other {what} in the next one, or leave renamedFrom out");
            format!("the spec still lists a {what} '{said}' too: a name is not given up and taken again in one migration (a chain of renames, or a new {what} under the old name)")
        } else if taken {
            format!("another {what} is renamed from '{said}' too")
        } else {
            return Ok(true);
        };
        Err(Box::new(
            Issue::error(
                Code::InvalidSpec,
                format!("the {what} '{new}' has renamedFrom '{said}', but {why}"),
            )
            .suggest(suggestion),
        ))
    }
}

/// The tables the spec renames (`renamedFrom`), as new name → name in `previousSpec` (its
/// tables by name), and those whose rename is refused (an error filed); see [`Rename`].
pub(super) fn table_renames(
    previous: &HashMap<String, usize>,
    tables: &[Table],
    report: &mut Report,
) -> (HashMap<String, String>, HashMap<String, String>) {
    let mut out: HashMap<String, String> = HashMap::new();
    let mut refused = HashMap::new();
    for t in tables {
        let Some(old) = &t.renamed_from else {
            continue;
        };
        let rename = Rename {
            what: "table",
            holder: "previousSpec",
            source: "previousSpec",
            old,
            new: &t.name,
        };
        let decided = rename.decide(
            |name| previous.contains_key(name),
            tables.iter().any(|o| &o.name == old),
            out.values().any(|o| o == old),
            t.existing.then_some(
                "the table is marked existing: true, which this migration leaves as it is",
            ),
        );
        match decided {
            Ok(true) => {
                out.insert(t.name.clone(), old.clone());
            }
            Ok(false) => {}
            Err(issue) => {
                refused.insert(t.name.clone(), old.clone());
                report.push((*issue).table(&t.name));
            }
        }
    }
    (out, refused)
}

/// The columns of `table` renamed from a column of `previous` (`renamedFrom`), as (old, new);
/// see [`Rename`].
pub(super) fn renames(
    previous: &Table,
    table: &Table,
    report: &mut Report,
) -> Vec<(String, String)> {
    renames_and_refused(previous, table, report).0
}

/// Column renames, as (old name, new name).
type ColumnRenames = Vec<(String, String)>;

/// [`renames`], and the renames refused, whose errors are filed.
pub(super) fn renames_and_refused(
    previous: &Table,
    table: &Table,
    report: &mut Report,
) -> (ColumnRenames, ColumnRenames) {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut refused = Vec::new();
    let holder = format!("previousSpec's table '{}'", table.name);
    for (old, new) in &table.renamed_columns {
        let rename = Rename {
            what: "column",
            holder: &holder,
            source: "previousSpec",
            old,
            new,
        };
        let decided = rename.decide(
            |name| previous.column(name).is_some(),
            table.column(old).is_some(),
            out.iter().any(|(o, _)| o == old),
            table
                .column(old)
                .filter(|c| c.auto_timestamp)
                .map(|_| "the table's timestamps add a column of that name"),
        );
        match decided {
            Ok(true) => out.push((old.clone(), new.clone())),
            Ok(false) => {}
            Err(issue) => {
                refused.push((old.clone(), new.clone()));
                report.push((*issue).table(&table.name).column(new));
            }
        }
    }
    (out, refused)
}

/// `table` named `name` (its foreign keys to itself too), with the columns of `renames` (old,
/// new) renamed, in its primary key, UNIQUE constraints, indexes (a partial one's predicate
/// included, read by `d`) and foreign keys too (not in CHECKs: one that names such a column is
/// written again after the rename).
pub(super) fn with_renamed<'t>(
    d: &dyn Dialect,
    table: &'t Table,
    name: &str,
    renames: &[(String, String)],
) -> Cow<'t, Table> {
    if renames.is_empty() && table.name == name {
        return Cow::Borrowed(table);
    }
    let rename = |c: &mut String| {
        if let Some((_, new)) = renames.iter().find(|(old, _)| old == c) {
            *c = new.clone();
        }
    };
    let mut t = table.clone();
    t.columns.iter_mut().for_each(|c| rename(&mut c.name));
    t.primary_key.iter_mut().for_each(rename);
    for u in &mut t.unique_constraints {
        u.columns.iter_mut().for_each(rename);
    }
    // A partial index's predicate reads the columns anew, as the database rewrites it on
    // RENAME COLUMN (PostgreSQL's `WHERE active` reads `WHERE is_active` after it; SQLite's
    // too): the same index, kept, and no new rule for the rows (a trial: `idx_users_email …
    // WHERE active` dropped and created again, with a warning that rows could refuse it).
    // As written where it cannot be read.
    let new_name = |i: &sqlparser::ast::Ident| {
        let (_, new) = renames
            .iter()
            .find(|(old, _)| crate::expr::names_column(i, old))?;
        Some(crate::expr::renamed_ident(i, new))
    };
    for i in &mut t.indexes {
        i.columns.iter_mut().for_each(rename);
        if let Some(p) = &i.predicate {
            if let Some(anew) = crate::expr::replace_columns(d.parser(), p, &new_name) {
                i.predicate = Some(anew);
            }
        }
    }
    for fk in &mut t.foreign_keys {
        fk.columns.iter_mut().for_each(rename);
        if fk.referenced_table == t.name {
            fk.referenced_columns.iter_mut().for_each(rename);
            fk.referenced_table = name.to_string();
        }
    }
    t.name = name.to_string();
    Cow::Owned(t)
}

/// Renames `table` to `name`, if that is another name.
pub(super) fn rename_table(d: &dyn Dialect, table: &Table, name: &str) -> Vec<String> {
    if table.name == name {
        return Vec::new();
    }
    d.rename_table(table, name)
}

#[cfg(test)]
mod tests {

    use crate::report::Code;
    use crate::spec_change::test_support::*;

    #[test]
    fn a_refused_column_rename_stops_a_migration_that_changes_the_primary_key_too() {
        let previous = r#"{"name":"t","columns":[{"name":"id","type":"INTEGER","nullable":false},{"name":"kk","type":"INTEGER","nullable":false},{"name":"j","type":"INTEGER","nullable":false}],"primaryKey":["id"]}"#;
        let table = r#"{"name":"t","columns":[{"name":"id","type":"INTEGER","nullable":false},{"name":"k","type":"INTEGER","nullable":false,"renamedFrom":"kx"},{"name":"j","type":"INTEGER","nullable":false}],"primaryKey":["k","j"]}"#;
        let result = crate::generate_str(&postgres_change(
            &[table.to_string()],
            &[previous.to_string()],
        ));
        let codes: Vec<Code> = result.validation.errors.iter().map(|e| e.code).collect();
        assert_eq!(codes, [Code::InvalidSpec], "{:?}", result.validation.errors);
        assert!(result.up_migration.is_empty());
    }

    #[test]
    fn a_table_renamed_is_altered_and_what_renamed_from_says_wrong_is_an_error() {
        let table = |name: &str, extra: &str| {
            format!(
                r#"{{"name":"{name}","columns":[{{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}}]{extra}}}"#
            )
        };
        let spec = postgres_change;
        let orders = |to: &str, existing: bool| {
            format!(
                r#"{{"name":"orders","existing":{existing},"columns":[{{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}},{{"name":"user_id","type":"INTEGER","nullable":true}}],"foreignKeys":[{{"columns":["user_id"],"referencedTable":"{to}","referencedColumns":["id"]}}]}}"#
            )
        };
        let (orders, previous_orders) = (orders("people", true), orders("users", false));
        let result = crate::generate_str(&spec(
            &[table("people", r#","renamedFrom":"users""#), orders.clone()],
            &[table("users", ""), previous_orders.clone()],
        ));
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        assert_eq!(
            result.up_migration.trim_end(),
            "ALTER TABLE users RENAME TO people;\nALTER TABLE people RENAME CONSTRAINT users_pkey TO people_pkey;\nALTER TABLE users_id_seq RENAME TO people_id_seq;"
        );
        use crate::output::Operation;
        assert_eq!(result.metadata.operations[0].operation, Operation::Alter);
        let refused = |tables: &[String], previous: &[String]| -> Vec<String> {
            let result = crate::generate_str(&spec(tables, previous));
            result
                .validation
                .errors
                .iter()
                .map(|e| e.message.clone())
                .collect()
        };
        let neither = refused(
            &[table("people", r#","renamedFrom":"usr""#)],
            &[table("users", "")],
        );
        assert!(
            neither[0].contains("has neither 'usr' nor 'people'"),
            "{neither:?}"
        );
        let still = refused(
            &[
                table("people", r#","renamedFrom":"users""#),
                table("users", ""),
            ],
            &[table("users", "")],
        );
        assert!(
            still[0].contains("still lists a table 'users'"),
            "{still:?}"
        );
        let both = refused(
            &[table("people", r#","renamedFrom":"users""#)],
            &[table("users", ""), table("people", "")],
        );
        assert!(
            both[0].contains("has both 'users' and 'people'"),
            "{both:?}"
        );
        // Two tables swapped, with columns of their own renamed: the two refusals only, not
        // what comparing each with the other's previous table would say of its columns.
        let with_column = |name: &str, extra: &str| {
            format!(
                r#"{{"name":"{name}","columns":[{{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}},{{"name":"y","type":"TEXT","nullable":false,"renamedFrom":"x"}}]{extra}}}"#
            )
        };
        let swapped = refused(
            &[
                with_column("people", r#","renamedFrom":"users""#),
                table("users", r#","renamedFrom":"people""#),
            ],
            &[
                with_column("users", "").replace(
                    r#""name":"y","type":"TEXT","nullable":false,"renamedFrom":"x""#,
                    r#""name":"x","type":"TEXT","nullable":false"#,
                ),
                table("people", ""),
            ],
        );
        assert_eq!(swapped.len(), 2, "{swapped:?}");
        assert!(
            swapped.iter().all(|m| m.contains("(nor two swapped)")),
            "{swapped:?}"
        );
        // Once made, the rename is in previousSpec: nothing is renamed again.
        let done = crate::generate_str(&spec(
            &[table("people", r#","renamedFrom":"users""#)],
            &[table("people", "")],
        ));
        assert_eq!(done.metadata.operations[0].operation, Operation::Skip);
    }
}
