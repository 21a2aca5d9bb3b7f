//! What stays in the database with a column the spec leaves out (kept without
//! `allowDataLoss`): its UNIQUE and CHECK constraints, indexes and foreign keys, which the
//! `COLUMN_NOT_IN_SPEC` warning names. A user trial removed two columns and the CHECK on one
//! of them from the spec: the migration was empty, the warnings named the columns, and nothing
//! said that the CHECK, which the spec no longer had, was still there.

use super::kept::{kept_foreign_keys, on_kept_columns, own_unique_name, spec_names};
use super::words;
use crate::dialect::Dialect;
use crate::spec::Table;

/// The words `COLUMN_NOT_IN_SPEC` adds, after "it is kept", for the column `column` of
/// `previous` that `table` (the same table in the spec) leaves out: ", and so are the CHECK
/// 'c' and the index 'i' on it, which stay in the database although the spec does not list
/// them", or nothing when nothing else is kept with it. An object the spec gives the name of
/// to one of its own is not kept (`CONSTRAINT_NOT_IN_SPEC` / `INDEX_NOT_IN_SPEC` say so).
/// SQLite's migrations (`diff`, from previousSpec or a file: `previous` the table as the
/// database has it) say it too, as their rebuild keeps those.
pub(crate) fn kept_with_column(
    d: &dyn Dialect,
    previous: &Table,
    table: &Table,
    column: &str,
) -> String {
    let named = kept_on_column(d, previous, table, column);
    match named.as_slice() {
        [] => String::new(),
        [one] => format!(", and so is {one} on it, which stays in the database although the spec does not list it"),
        [first @ .., last] => format!(
            ", and so are {} and {last} on it, which stay in the database although the spec does not list them",
            first.join(", ")
        ),
    }
}

/// What is kept with `column` (see [`kept_with_column`]), each as "the CHECK 'name'": UNIQUE
/// constraints (the column's own, under the name the database gives it, too), CHECKs,
/// indexes, foreign keys. A CHECK or an index's WHERE is on the column when its parsed text
/// names it (not in a string literal).
fn kept_on_column(d: &dyn Dialect, previous: &Table, table: &Table, column: &str) -> Vec<String> {
    let Some((_, on)) = on_kept_columns(d, previous, table) else {
        return Vec::new();
    };
    let is = |name: &str| name.eq_ignore_ascii_case(column);
    let names = |columns: &[String], text: Option<&str>| {
        columns.iter().any(|c| is(c))
            || text.is_some_and(|t| match crate::expr::check_expression(d.parser(), t) {
                Ok(names) => names.iter().any(|n| is(n)),
                Err(_) => words(t).any(is),
            })
    };
    let kept = |name: &str| !spec_names(table, name);
    let mut out = Vec::new();
    let own = own_unique_name(d, previous, &table.name, column).filter(|n| kept(n));
    let uniques = (on.uniques.iter())
        .filter(|u| names(&u.columns, None))
        .map(|u| u.name.clone());
    for name in own.into_iter().chain(uniques).filter(|n| kept(n)) {
        out.push(format!("the UNIQUE constraint '{name}'"));
    }
    for c in on.checks.iter().filter(|c| names(&[], Some(&c.expression))) {
        if kept(&c.name) {
            out.push(format!("the CHECK '{}'", c.name));
        }
    }
    for i in (on.indexes.iter()).filter(|i| names(&i.columns, i.predicate.as_deref())) {
        if kept(&i.name) {
            out.push(format!("the index '{}'", i.name));
        }
    }
    for fk in kept_foreign_keys(previous, table) {
        if fk.columns.iter().any(|c| is(c)) {
            out.push(format!("the foreign key '{}'", fk.name(&previous.name)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::report::Code;
    use crate::spec_change::test_support::*;

    /// The column's CHECK, index, UNIQUE and foreign key are named on its warning, the other
    /// kept column's warning names none; one whose name the spec takes is not (it is dropped).
    #[test]
    fn what_stays_with_a_kept_column_is_named_on_its_warning() {
        let users = r#"{"name":"users","columns":[{"name":"id","type":"INTEGER","nullable":false}],"primaryKey":["id"]}"#;
        let on_kept = r#",{"name":"owner_id","type":"INTEGER","nullable":true},{"name":"n","type":"INTEGER","nullable":true}"#;
        let rules = r#","foreignKeys":[{"name":"fk_t_owner","columns":["owner_id"],"referencedTable":"users","referencedColumns":["id"]}],"checkConstraints":[{"name":"ck_t_n","expression":"n > 0"}],"uniqueConstraints":[{"name":"uq_t_n","columns":["n"]}],"indexes":[{"name":"ix_t_n","columns":["n"]}]"#;
        for db in ["sqlite", "postgresql", "mysql"] {
            let previous = [users.to_string(), table(on_kept, rules)];
            let kept_messages = |tables: &[String]| {
                let spec = postgres_change(tables, &previous).replace("postgresql", db);
                warnings_of(&spec, Code::ColumnNotInSpec)
            };
            assert_eq!(
                kept_messages(&[users.to_string(), table("", "")]),
                vec![
                    "the column 'owner_id' is in previousSpec but not in the spec; it is kept, and so is the foreign key 'fk_t_owner' on it, which stays in the database although the spec does not list it".to_string(),
                    "the column 'n' is in previousSpec but not in the spec; it is kept, and so are the UNIQUE constraint 'uq_t_n', the CHECK 'ck_t_n' and the index 'ix_t_n' on it, which stay in the database although the spec does not list them".to_string(),
                ],
                "{db}"
            );
            // The spec gives 'ix_t_n' to an index of its own: that one goes, and is not said kept.
            let taken = r#","indexes":[{"name":"ix_t_n","columns":["id"]}]"#;
            let messages = kept_messages(&[users.to_string(), table("", taken)]);
            assert_eq!(messages[1], "the column 'n' is in previousSpec but not in the spec; it is kept, and so are the UNIQUE constraint 'uq_t_n' and the CHECK 'ck_t_n' on it, which stay in the database although the spec does not list them", "{db}");
        }
    }
}
