//! What a pull for PostgreSQL or MySQL renames, as a list a program can read (`renamed` of
//! `pullDatabase`): each table, column, index and constraint of the SQLite file whose name no
//! spec can give, with the name the pulled spec gives it instead (see `pull_names`). These
//! objects are in the spec, under the new name, so they are not in `leftOut`, which lists only
//! what the spec has no form for.

use std::collections::HashSet;

use crate::dialect::Dialect;
use crate::introspect::{ExistingSchema, ExistingTable};
use crate::pull_names::{first_suggestion, listed_whatever_its_names, PulledNames};
use crate::spec::DatabaseType;
use crate::validate::is_snake_identifier;
use serde_json::Value;

/// One name of the database that the pulled spec gives another.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Renamed {
    /// What is renamed: `table`, `column`, `index`, `unique` (a UNIQUE constraint of the
    /// `CREATE TABLE`) or `check`.
    pub kind: &'static str,
    /// The table it belongs to, as the spec names it (for a `table`, its new name: `to`), as
    /// `leftOut`'s `table` is.
    pub table: String,
    /// Its name in the database.
    pub from: String,
    /// Its name in the spec.
    pub to: String,
    /// Why the spec cannot give the database's name, as a phrase: "it is not lowercase snake_case,
    /// which a spec's names are", "it is a reserved word in postgresql", ….
    pub why: String,
}

/// Why a spec for `d` cannot give `from`, a `kind` ([`Renamed::kind`]) that the pull names
/// `to`: capital letters, not snake_case, past the length limit, or a reserved word; and when
/// `to` is not the name suggested first (it was another's: `_2`, `_3`, … added), that too.
fn why(d: &dyn Dialect, kind: &str, from: &str, to: &str) -> String {
    let db = d.database_type().as_str();
    let max = d.max_identifier_bytes();
    let lower = from.to_ascii_lowercase();
    let longer = format!("longer than the {max} bytes {db} keeps");
    let mut out = if is_snake_identifier(from) {
        if from.len() > max {
            format!("it is {longer}")
        } else {
            format!("it is a reserved word in {db}")
        }
    } else if is_snake_identifier(&lower) {
        let mut s = "it has capital letters, and a spec's names are lowercase".to_string();
        if lower.len() > max {
            s.push_str(&format!("; it is also {longer}"));
        } else if d.is_reserved(&lower) {
            s.push_str(&format!("; '{lower}' is a reserved word in {db}"));
        }
        s
    } else if from.len() > max {
        format!("it is not lowercase snake_case, which a spec's names are, and {longer}")
    } else {
        "it is not lowercase snake_case, which a spec's names are".to_string()
    };
    let first = first_suggestion(d, kind, from);
    if to != first {
        out.push_str(&format!(
            ", and '{first}', the name suggested first, is another of the spec's names"
        ));
    }
    out
}

/// What a pull of `schema` for `database_type` renames, table by table in table order, each
/// table's own name first, then its columns', then its indexes' and constraints' (once per
/// name); empty for SQLite, whose pull keeps the file's names. `spec` is the pulled spec
/// (`pull::spec_json`): an index the pull does not list as one (one standing for a column's
/// `unique` flag, one on a generated column) is not listed here either.
pub fn renamed(schema: &ExistingSchema, database_type: DatabaseType, spec: &Value) -> Vec<Renamed> {
    let dialect = crate::dialect::for_database(database_type);
    let names = PulledNames::of(schema, dialect);
    let in_spec = |r: &Renamed| {
        let field = match r.kind {
            "index" => "indexes",
            "unique" => "uniqueConstraints",
            "check" => "checkConstraints",
            _ => return true,
        };
        spec["tables"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|t| t["name"] == r.table.as_str())
            .flat_map(|t| t[field].as_array().into_iter().flatten())
            .any(|o| o["name"] == r.to.as_str())
    };
    schema
        .tables()
        .iter()
        .filter(|t| database_type != DatabaseType::Sqlite && listed_whatever_its_names(t))
        .flat_map(|t| renamed_in(t, &names, dialect))
        .filter(in_spec)
        .collect()
}

/// What [`renamed`] lists of the file's table `t`.
fn renamed_in(t: &ExistingTable, names: &PulledNames, d: &dyn Dialect) -> Vec<Renamed> {
    let own = t.table.name.as_str();
    let table = names.table(own).to_string();
    let entry = |kind: &'static str, from: &str, to: &str| Renamed {
        kind,
        table: table.clone(),
        from: from.to_string(),
        to: to.to_string(),
        why: why(d, kind, from, to),
    };
    let mut out = Vec::new();
    if table != own {
        out.push(entry("table", own, &table));
    }
    for c in &t.table.columns {
        let to = names.column(own, &c.name);
        if to != c.name {
            out.push(entry("column", &c.name, to));
        }
    }
    let objects = t
        .indexes
        .iter()
        .map(|ix| ("index", &ix.index.name))
        .chain(
            t.table
                .unique_constraints
                .iter()
                .map(|u| ("unique", &u.name)),
        )
        .chain(t.table.check_constraints.iter().map(|c| ("check", &c.name)));
    let mut seen = HashSet::new();
    for (kind, from) in objects {
        let to = names.object(own, from);
        if to != from.as_str() && seen.insert(from.clone()) {
            out.push(entry(kind, from, to));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each reason is said as the name shows it; a number added to a taken suggestion too.
    #[test]
    fn each_reason_is_said() {
        let pg = crate::dialect::for_database(DatabaseType::Postgresql);
        assert_eq!(
            why(pg, "index", "IDX_a", "idx_a"),
            "it has capital letters, and a spec's names are lowercase"
        );
        assert_eq!(
            why(pg, "table", "order items", "order_items"),
            "it is not lowercase snake_case, which a spec's names are"
        );
        assert_eq!(
            why(pg, "table", "user", "users"),
            "it is a reserved word in postgresql"
        );
        let long = "a".repeat(70);
        assert_eq!(
            why(pg, "column", &long, &"a".repeat(63)),
            "it is longer than the 63 bytes postgresql keeps"
        );
        assert_eq!(
            why(pg, "column", "firstName", "first_name_2"),
            "it has capital letters, and a spec's names are lowercase, and 'first_name', the name suggested first, is another of the spec's names"
        );
        assert_eq!(
            why(pg, "table", "User", "users"),
            "it has capital letters, and a spec's names are lowercase; 'user' is a reserved word in postgresql"
        );
        assert_eq!(
            why(pg, "column", "Col_2", "col_2"),
            "it has capital letters, and a spec's names are lowercase"
        );
        assert_eq!(
            why(pg, "column", "Col_2", "col_2_2"),
            "it has capital letters, and a spec's names are lowercase, and 'col_2', the name suggested first, is another of the spec's names"
        );
    }
}
