//! Names across the schema, table by table: duplicate tables, and the names of tables, indexes
//! and constraints that share a namespace (the schema's or the table's) or clash with the names
//! the database gives objects of its own accord (PostgreSQL's `{table}_pkey`, MySQL's key of a
//! UNIQUE column).

use super::{
    names::{check_name, name_bound, Known, NameKind},
    ExistingTables,
};
use crate::dialect::{postgres_object_name, Dialect};
use crate::report::{Code, Issue, Report};
use crate::spec::*;
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::borrow::Cow;

/// What the pass over names across tables found about one table: its issues that come before
/// and after the table's own ([`table_reports`](super::table_reports)).
#[derive(Default)]
pub(super) struct TableNames {
    /// The table repeats an earlier table's name: its own checks are not reported.
    pub(super) duplicate: bool,
    /// About the table's name.
    pub(super) before: Report,
    /// About the names of its indexes and constraints.
    pub(super) after: Report,
}

/// The names of the foreign keys of the table of `previous` (a spec's previousSpec) that `t` is
/// (by `renamedFrom` or name), as previousSpec names them: a spec that keeps one
/// (`Post_authorId_fkey`) keeps what the database has ([`Known::InPrevious`]).
fn previous_fk_names<'p>(
    previous: Option<&'p MigrationSpec>,
    t: &Table,
) -> impl Iterator<Item = String> + 'p {
    let before = super::lookups::previous_table(previous, t);
    before
        .into_iter()
        .flat_map(|p| p.foreign_keys.iter().map(|fk| fk.name(&p.name)))
}

/// Names across the schema, table by table: duplicate tables, the table's own name, and the
/// names of indexes and constraints that share a namespace (the schema's or the table's) or
/// clash with names the database gives objects itself.
pub(super) fn schema_names(
    d: &dyn Dialect,
    tables: &[Table],
    existing: ExistingTables,
    held: bool,
    previous: Option<&MigrationSpec>,
) -> Vec<TableNames> {
    // SQLite compares table names without regard to ASCII case: `user` beside a table marked
    // existing as `"User"` is that table (its CREATE TABLE IF NOT EXISTS is skipped, and the down
    // migration's DROP TABLE drops "User" with its rows). Only the name with capitals of a table
    // marked existing is folded (another is refused as not snake_case already).
    let folds = d.database_type() == DatabaseType::Sqlite;
    let mut seen_tables: HashMap<Cow<str>, &str> = HashMap::with_capacity(tables.len());
    // Sized up front: a map grown by doubling holds its old and new tables at once.
    let names: usize = tables
        .iter()
        .map(|t| 1 + t.indexes.len() + t.unique_constraints.len())
        .sum();
    let mut global_names: GlobalNames = HashMap::with_capacity(names);
    let global_constraints = d.database_type() == DatabaseType::Mysql;
    let implicit = implicit_names(d, tables);
    let mut generated_fks: GeneratedForeignKeyNames = HashMap::new();
    let mut out = Vec::with_capacity(tables.len());
    for t in tables {
        let mut found = TableNames::default();
        let key = if folds && t.existing && t.name.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(t.name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(t.name.as_str())
        };
        if let Some(first) = seen_tables.get(&key) {
            let message = if *first == t.name {
                format!(
                    "the table '{}' is defined more than once",
                    crate::report::clip(&t.name)
                )
            } else {
                format!(
                    "the tables '{}' and '{}' are one table on SQLite, which compares table names without regard to case (CREATE TABLE IF NOT EXISTS would skip the second, and the down migration's DROP TABLE would drop the first with its rows)",
                    crate::report::clip(first),
                    crate::report::clip(&t.name)
                )
            };
            found.before.push(
                Issue::error(Code::DuplicateTable, message)
                    .table(&t.name)
                    .suggest("merge the definitions or rename one of them"),
            );
            found.duplicate = true;
            out.push(found);
            continue;
        }
        seen_tables.insert(key, t.name.as_str());
        let report = &mut found.before;
        let tname = t.name.clone();
        // The database has the table under this very name (not only one SQLite would match).
        let in_database = existing(&t.name).is_some_and(|e| e.table.name == t.name);
        // previousSpec has the table under this very name (a rename's name is the spec's).
        let in_previous = t.renamed_from.is_none()
            && previous.is_some_and(|p| p.tables.iter().any(|p| p.name == t.name));
        let known = if t.existing {
            Known::Referenced
        } else if held {
            Known::Held
        } else if !in_database && in_previous {
            Known::InPrevious
        } else {
            Known::database(in_database)
        };
        if check_name(
            d,
            NameKind::Table,
            &t.name,
            known,
            |i| i.table(&tname),
            report,
        ) {
            claim(
                &mut global_names,
                Cow::Borrowed(&t.name),
                &t.name,
                "table",
                report,
            );
            clash_with_implicit(d, &implicit, &t.name, &t.name, "table", report);
        }
        let report = &mut found.after;
        let mut table_names: HashSet<String> = HashSet::new();
        let claim_local = |table_names: &mut HashSet<String>, name: &str, report: &mut Report| {
            if !table_names.insert(name.to_string()) {
                report.push(
                    Issue::error(
                        Code::DuplicateName,
                        format!("the table has two constraints named '{name}'"),
                    )
                    .table(&t.name)
                    .constraint(name)
                    .suggest("give each constraint its own name"),
                );
            }
        };
        // PostgreSQL's primary key is an index named as the key (`primaryKeyName`), a relation
        // of the schema; SQLite keeps the name in the table's text alone, MySQL none.
        if let (Some(name), DatabaseType::Postgresql) = (&t.primary_key_name, d.database_type()) {
            claim(
                &mut global_names,
                Cow::Borrowed(name),
                &t.name,
                "primary key",
                report,
            );
            clash_with_implicit(d, &implicit, name, &t.name, "primary key", report);
            claim_local(&mut table_names, name, report);
        }
        for ix in &t.indexes {
            claim(
                &mut global_names,
                Cow::Borrowed(&ix.name),
                &t.name,
                "index",
                report,
            );
            clash_with_implicit(d, &implicit, &ix.name, &t.name, "index", report);
        }
        for u in &t.unique_constraints {
            claim(
                &mut global_names,
                Cow::Borrowed(&u.name),
                &t.name,
                "unique constraint",
                report,
            );
            clash_with_implicit(d, &implicit, &u.name, &t.name, "unique constraint", report);
            claim_local(&mut table_names, &u.name, report);
        }
        for c in &t.check_constraints {
            if global_constraints {
                claim(
                    &mut global_names,
                    Cow::Borrowed(&c.name),
                    &t.name,
                    "check constraint",
                    report,
                );
                // MariaDB: "Duplicate CHECK constraint name" for a CHECK named like a
                // UNIQUE key of its table, the key of a UNIQUE column too.
                clash_with_implicit(d, &implicit, &c.name, &t.name, "check constraint", report);
            }
            claim_local(&mut table_names, &c.name, report);
        }
        if !d.inline_foreign_keys() {
            for fk in &t.foreign_keys {
                let name = fk.name(&t.name);
                if let Some(given) = &fk.name {
                    // A name of the spec's own: the rules every constraint name follows.
                    let tname = t.name.clone();
                    if !check_name(
                        d,
                        NameKind::Constraint,
                        given,
                        if t.existing {
                            Known::Referenced
                        } else if held {
                            Known::Held
                        } else if previous_fk_names(previous, t).any(|n| n == *given) {
                            Known::InPrevious
                        } else {
                            Known::New
                        },
                        |i| i.table(&tname).constraint(given),
                        report,
                    ) {
                        continue;
                    }
                } else if name.len() > d.max_identifier_bytes() {
                    report.push(
                        Issue::error(
                            Code::IdentifierTooLong,
                            format!("the generated foreign-key name '{name}' is {} bytes; {}", name.len(), name_bound(d)),
                        )
                        .table(&t.name)
                        .constraint(&name)
                        .suggest("name the foreign key (foreignKeys[].name), or shorten the table or column names (the name made is fk_{table}_{columns})"),
                    );
                }
                // A clash is said in terms of what can be changed: a generated name by naming
                // the foreign key (or renaming what it is made of), a given one by renaming it.
                let what = if fk.name.is_some() {
                    "the foreign-key name"
                } else {
                    "the generated foreign-key name (fk_{table}_{columns})"
                };
                let scope = (!global_constraints).then_some(t.name.as_str());
                if let Some(&(table, columns)) = generated_fks.get(&(scope, name.clone())) {
                    let issue = if fk.name.is_none()
                        && table == t.name
                        && columns == fk.columns.as_slice()
                    {
                        Issue::error(Code::DuplicateName, format!("the table has two foreign keys on ({}), both named '{name}' (fk_{{table}}_{{columns}})", fk.columns.join(", ")))
                            .suggest("keep one foreign key per list of columns, or name them (foreignKeys[].name)")
                    } else {
                        let unique_in = if global_constraints {
                            "MySQL keeps foreign-key names unique across the schema"
                        } else {
                            "a table's constraint names must differ"
                        };
                        Issue::error(Code::DuplicateName, format!("{what} '{name}' of '{}' ({}) is also the name of a foreign key of '{table}' ({}); {unique_in}", t.name, fk.columns.join(", "), columns.join(", ")))
                            .suggest("give one of them another name (foreignKeys[].name)")
                    };
                    report.push(issue.table(&t.name).constraint(&name));
                    continue;
                }
                let taken = if global_constraints {
                    // A table of that name is no clash: a foreign key is not in its namespace.
                    global_names
                        .get(name.as_str())
                        .and_then(|h| h.clash(Holder::Constraint))
                } else {
                    None
                };
                if let Some(owner) =
                    taken.or_else(|| table_names.contains(&name).then_some(t.name.as_str()))
                {
                    report.push(
                        Issue::error(Code::DuplicateName, format!("{what} '{name}' is already the name of an index or constraint of '{owner}'"))
                            .table(&t.name)
                            .constraint(&name)
                            .suggest("rename that index or constraint, or name the foreign key otherwise (foreignKeys[].name)"),
                    );
                    continue;
                }
                generated_fks.insert((scope, name.clone()), (&t.name, &fk.columns));
                if global_constraints {
                    claim(
                        &mut global_names,
                        Cow::Owned(name.clone()),
                        &t.name,
                        "foreign key",
                        report,
                    );
                    // InnoDB names the index it makes for the foreign key after it.
                    clash_with_implicit(d, &implicit, &name, &t.name, "foreign key", report);
                }
                claim_local(&mut table_names, &name, report);
            }
        }
        out.push(found);
    }
    out
}

/// Foreign-key names (given or generated) met so far, keyed by (table, name) where the namespace is the table's and
/// by (None, name) where it is the schema's, with the table and columns of the key.
pub(super) type GeneratedForeignKeyNames<'a> =
    HashMap<(Option<&'a str>, String), (&'a str, &'a [String])>;

/// Names the database gives objects of its own accord, keyed by (table, name) where the
/// namespace is the table's and by (None, name) where it is the schema's: PostgreSQL's indexes
/// for the primary key (`{table}_pkey`) and UNIQUE columns (`{table}_{column}_key`) and its
/// SERIAL sequences (`{table}_{column}_seq`), which share one namespace with tables and indexes;
/// MySQL's key for a UNIQUE column, named after the column.
pub(super) type ImplicitNames<'a> = HashMap<(Option<&'a str>, Cow<'a, str>), Implicit<'a>>;

/// What owns an implicit name (its description is only written when a spec name clashes).
#[derive(Clone, Copy)]
pub(super) enum Implicit<'a> {
    /// PostgreSQL's index of a table's primary key.
    PrimaryKeyIndex(&'a str),
    /// PostgreSQL's index of a UNIQUE column (table, column).
    UniqueIndex(&'a str, &'a str),
    /// PostgreSQL's sequence of a SERIAL column (table, column).
    Sequence(&'a str, &'a str),
    /// MySQL's key of a UNIQUE column (table, column).
    UniqueKey(&'a str, &'a str),
    /// MariaDB's `CHECK (json_valid(…))` of a JSON column, named after the column (table,
    /// column): only a CHECK's name clashes with it.
    JsonCheck(&'a str, &'a str),
}

impl std::fmt::Display for Implicit<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Implicit::PrimaryKeyIndex(t) => write!(f, "the index of the primary key of '{t}'"),
            Implicit::UniqueIndex(t, c) => write!(f, "the index of the UNIQUE column {t}.{c}"),
            Implicit::Sequence(t, c) => write!(f, "the sequence of the SERIAL column {t}.{c}"),
            Implicit::UniqueKey(t, c) => write!(f, "the key of the UNIQUE column {t}.{c}"),
            Implicit::JsonCheck(t, c) => {
                write!(
                    f,
                    "the CHECK (json_valid(…)) of the JSON column {t}.{c} (MariaDB's)"
                )
            }
        }
    }
}

/// Names claimed in the schema's namespace: each name and who holds it.
pub(super) type GlobalNames<'a> = HashMap<Cow<'a, str>, Holders<'a>>;

/// Who holds a name of the schema's namespace.
#[derive(Clone, Copy, Default)]
pub(super) struct Holders<'a> {
    /// The table of that name.
    table: Option<&'a str>,
    /// The first index or constraint of that name: the table it belongs to, and whether it is
    /// in the tables' namespace too ([`Holder::Index`]).
    object: Option<(&'a str, bool)>,
}

/// What claims a name, which decides what it clashes with. PostgreSQL keeps indexes (and so
/// unique constraints and primary keys, which make one) in the namespace of tables, as SQLite
/// keeps indexes; CHECK and FOREIGN KEY constraint names are not in it on any database, so a
/// CHECK or foreign key may share a table's name (they are claimed only on MySQL, which keeps
/// their names unique across the schema).
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Holder {
    Table,
    Index,
    Constraint,
}

impl Holder {
    /// The kind of what a [`claim`] names (`"table"`, `"index"`, `"check constraint"`, …).
    fn of(what: &str) -> Holder {
        match what {
            "table" => Holder::Table,
            "index" | "unique constraint" | "primary key" => Holder::Index,
            _ => Holder::Constraint,
        }
    }
}

impl<'a> Holders<'a> {
    /// The table that already holds the name against a claim by `kind`, if any.
    fn clash(&self, kind: Holder) -> Option<&'a str> {
        let object = self.object.map(|(owner, _)| owner);
        match kind {
            Holder::Table => self.table.or(self
                .object
                .filter(|&(_, indexed)| indexed)
                .map(|(owner, _)| owner)),
            Holder::Index => self.table.or(object),
            Holder::Constraint => object,
        }
    }
}

/// The [`ImplicitNames`] the database would give the objects of `tables`.
pub(super) fn implicit_names<'a>(d: &dyn Dialect, tables: &'a [Table]) -> ImplicitNames<'a> {
    // Most tables have one or two (a primary key index, a sequence).
    let mut out = ImplicitNames::with_capacity(tables.len() * 2);
    for t in tables {
        let single_pk = |c: &Column| t.primary_key.len() == 1 && t.primary_key[0] == c.name;
        match d.database_type() {
            DatabaseType::Postgresql => {
                // A name another implicit one already has makes PostgreSQL's
                // `ChooseRelationName` add a number to the label (`t1_x_y_key1` for the second
                // of `t1.x_y` and `t1_x.y`), shortened again: that name is taken too, and an
                // index of the spec named so would be skipped by its `IF NOT EXISTS`.
                let mut add = |column: Option<&str>, label: &str, what: Implicit<'a>| {
                    let mut name = postgres_object_name(&t.name, column, label);
                    let mut pass = 0;
                    while out.contains_key(&(None, Cow::Borrowed(name.as_str()))) {
                        pass += 1;
                        name = postgres_object_name(&t.name, column, &format!("{label}{pass}"));
                    }
                    out.insert((None, Cow::Owned(name)), what);
                };
                if !t.primary_key.is_empty() && t.primary_key_name.is_none() {
                    add(None, "pkey", Implicit::PrimaryKeyIndex(&t.name));
                }
                for c in &t.columns {
                    if c.unique && !single_pk(c) {
                        add(
                            Some(&c.name),
                            "key",
                            Implicit::UniqueIndex(&t.name, &c.name),
                        );
                    }
                    if c.auto_increment {
                        add(Some(&c.name), "seq", Implicit::Sequence(&t.name, &c.name));
                    }
                }
            }
            DatabaseType::Mysql => {
                for c in &t.columns {
                    let what = if c.unique && !single_pk(c) {
                        Implicit::UniqueKey(&t.name, &c.name)
                    } else if c.ty.is_json() {
                        Implicit::JsonCheck(&t.name, &c.name)
                    } else {
                        continue;
                    };
                    out.insert(
                        (Some(t.name.as_str()), Cow::Borrowed(c.name.as_str())),
                        what,
                    );
                }
            }
            DatabaseType::Sqlite => {}
        }
    }
    out
}

/// `DUPLICATE_NAME` when a name of the spec is one the database gives an object of its own: on
/// PostgreSQL the spec's `CREATE … IF NOT EXISTS` of a table or index would be skipped without
/// an error (it is silently missing), and a constraint's makes its CREATE TABLE fail; MySQL
/// refuses the index.
pub(super) fn clash_with_implicit(
    d: &dyn Dialect,
    implicit: &ImplicitNames,
    name: &str,
    table: &str,
    what: &str,
    report: &mut Report,
) {
    // A table's name is not in the namespace of its own keys (MySQL takes a table `email` with
    // a UNIQUE column `email`), only in the schema's.
    let owner = implicit
        .get(&(None, Cow::Borrowed(name)))
        .or_else(|| {
            (what != "table")
                .then(|| implicit.get(&(Some(table), Cow::Borrowed(name))))
                .flatten()
        })
        .filter(|owner| !matches!(owner, Implicit::JsonCheck(..)) || what == "check constraint");
    if let Some(owner) = owner {
        let postgres = d.database_type() == DatabaseType::Postgresql;
        let consequence = if postgres && matches!(what, "table" | "index") {
            "PostgreSQL would skip the spec's CREATE … IF NOT EXISTS without an error, leaving it out"
        } else if postgres {
            // A constraint is written in its table's CREATE TABLE, which then fails.
            "PostgreSQL would refuse the CREATE TABLE (relation or constraint already exists)"
        } else if what == "check constraint" {
            "MariaDB would refuse it as a duplicate CHECK constraint name"
        } else if what == "foreign key" {
            "MySQL would refuse the index it makes for the foreign key as a duplicate key name"
        } else {
            "MySQL would refuse it as a duplicate key name"
        };
        report.push(
            Issue::error(
                Code::DuplicateName,
                format!(
                    "the {what} name '{name}' is the name {} gives {owner}; {consequence}",
                    d.database_type().as_str()
                ),
            )
            .table(table)
            .constraint(name)
            .suggest(match what {
                "table" => "rename the table (or the column whose object has the name)",
                "index" => "choose another name, for example idx_{table}_{columns}",
                "check constraint" => {
                    "choose another name, for example chk_{table}_{what it checks}"
                }
                "foreign key" => "choose another name, for example fk_{table}_{columns}",
                _ => {
                    "choose another name, for example uq_{table}_{columns} for a unique constraint"
                }
            }),
        );
    }
}

/// Records a name in a namespace shared by the whole schema; a second use that clashes with the
/// first ([`Holders::clash`]) is `DUPLICATE_NAME`.
pub(super) fn claim<'a>(
    names: &mut GlobalNames<'a>,
    name: Cow<'a, str>,
    table: &'a str,
    what: &str,
    report: &mut Report,
) {
    let kind = Holder::of(what);
    if let Some(owner) = names.get(&name).and_then(|h| h.clash(kind)) {
        report.push(
            Issue::error(Code::DuplicateName, format!("the {what} name '{name}' is already used (by '{owner}'); names of indexes and constraints are unique across the schema, as PostgreSQL and SQLite need them, so that one spec works on every database"))
                .table(table)
                .constraint(&name)
                .suggest("prefix index and constraint names with their table, for example idx_{table}_{column}"),
        );
    } else {
        let holders = names.entry(name).or_default();
        match kind {
            Holder::Table => holders.table = Some(table),
            _ => holders.object = Some((table, kind == Holder::Index)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::test_support::{codes_only, error_codes};

    /// On PostgreSQL an index named like an implicit one would be skipped (CREATE INDEX IF NOT
    /// EXISTS), a constraint so named makes its CREATE TABLE fail ("relation "users_email_key"
    /// already exists", PostgreSQL 15): the message says which (a user trial read the first for
    /// the second).
    #[test]
    fn postgres_clash_messages_say_what_the_database_would_do() {
        let message = |extra: &str| {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"postgresql","timestamps":false,"tables":[{{"name":"users","columns":[
                {{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},
                {{"name":"email","type":"TEXT","nullable":false,"unique":true}},
                {{"name":"e2","type":"TEXT","nullable":false}}],{extra}}}]}}"#
            ));
            r.validation.errors[0].message.clone()
        };
        assert!(
            message(r#""uniqueConstraints":[{"name":"users_email_key","columns":["e2"]}]"#)
                .ends_with(
                "PostgreSQL would refuse the CREATE TABLE (relation or constraint already exists)"
            )
        );
        assert!(message(r#""indexes":[{"name":"users_email_key","columns":["e2"],"unique":false}]"#)
            .ends_with("PostgreSQL would skip the spec's CREATE … IF NOT EXISTS without an error, leaving it out"));
    }

    /// Checked on PostgreSQL 15 and MariaDB 10.11: PostgreSQL printed "relation … already exists,
    /// skipping" and left the index and the table out; MariaDB refused "Duplicate key name".
    #[test]
    fn names_the_database_gives_its_own_objects_are_refused() {
        let users = r#"{"name":"users","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true},
            {"name":"email","type":"VARCHAR","length":100,"nullable":false,"unique":true},
            {"name":"nick","type":"VARCHAR","length":100,"nullable":false}],
            "indexes":[{"name":"INDEX_NAME","columns":["nick"],"unique":false}]}"#;
        let seq = r#"{"name":"users_id_seq","columns":[{"name":"id","type":"INT","nullable":false}],"primaryKey":["id"]}"#;
        let dup = |name: &str| ("DUPLICATE_NAME".to_string(), Some(name.to_string()));
        let pg = error_codes(
            "postgresql",
            &format!("{},{seq}", users.replace("INDEX_NAME", "users_email_key")),
        );
        assert_eq!(pg, vec![dup("users_email_key"), dup("users_id_seq")]);
        let pg = error_codes("postgresql", &users.replace("INDEX_NAME", "users_pkey"));
        assert_eq!(pg, vec![dup("users_pkey")]);
        assert_eq!(
            error_codes("mysql", &users.replace("INDEX_NAME", "email")),
            vec![dup("email")]
        );
        // Each database's own names only: these are free elsewhere.
        assert!(error_codes(
            "mysql",
            &format!("{},{seq}", users.replace("INDEX_NAME", "users_email_key"))
        )
        .is_empty());
        assert!(error_codes("postgresql", &users.replace("INDEX_NAME", "email")).is_empty());
        assert!(error_codes(
            "sqlite",
            &format!("{},{seq}", users.replace("INDEX_NAME", "email"))
        )
        .is_empty());
    }

    /// The names PostgreSQL 15 gave a table of `a`×T bytes with a SERIAL primary key `b`×C and a
    /// UNIQUE column `b`×C (read from pg_class and pg_constraint): the sequence and the UNIQUE
    /// index are `a`×A `_` `b`×B `_seq`/`_key`, the primary key's index `a`×P `_pkey`.
    #[test]
    fn postgres_shortens_its_own_names_as_the_server_does() {
        // (T, C, A, B, P)
        let seen = [
            (63, 2, 56, 2, 58),
            (58, 2, 56, 2, 58),
            (59, 2, 56, 2, 58),
            (56, 2, 56, 2, 56),
            (57, 2, 56, 2, 57),
            (63, 63, 29, 29, 58),
            (40, 30, 29, 29, 40),
            (30, 40, 29, 29, 30),
            (31, 31, 29, 29, 31),
            (32, 31, 29, 29, 32),
            (31, 32, 29, 29, 31),
            (50, 5, 50, 5, 50),
            (50, 6, 50, 6, 50),
            (10, 60, 10, 48, 10),
            (55, 3, 55, 3, 55),
            (61, 1, 57, 1, 58),
            (29, 30, 29, 29, 29),
        ];
        for (t, c, a, b, p) in seen {
            let table = "a".repeat(t);
            let column = "b".repeat(c);
            for label in ["seq", "key"] {
                assert_eq!(
                    postgres_object_name(&table, Some(&column), label),
                    format!("{}_{}_{label}", "a".repeat(a), "b".repeat(b)),
                    "{t} {c} {label}"
                );
            }
            assert_eq!(
                postgres_object_name(&table, None, "pkey"),
                format!("{}_pkey", "a".repeat(p)),
                "{t}"
            );
        }
    }

    /// Checked on PostgreSQL 15: each spec passed validation and then "relation … already exists,
    /// skipping" left the second table (or the index) out, because a longer table's sequence,
    /// primary-key index or UNIQUE index had taken the name shortened to 63 bytes.
    #[test]
    fn postgres_long_implicit_names_are_predicted() {
        let long = "b".repeat(63);
        let a = format!(
            r#"{{"name":"{long}","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},
            {{"name":"email","type":"VARCHAR","length":100,"nullable":false,"unique":true}}]INDEXES}}"#
        );
        let other = |name: &str| {
            format!(
                r#"{},{{"name":"{name}","columns":[{{"name":"id","type":"INT","nullable":false}}],"primaryKey":["id"]}}"#,
                a.replace("INDEXES", "")
            )
        };
        let dup = |name: &str| ("DUPLICATE_NAME".to_string(), Some(name.to_string()));
        for name in [
            format!("{}_id_seq", "b".repeat(56)),
            format!("{}_pkey", "b".repeat(58)),
            format!("{}_email_key", "b".repeat(53)),
        ] {
            assert_eq!(error_codes("postgresql", &other(&name)), vec![dup(&name)]);
            // A name one byte off is free.
            assert!(
                error_codes("postgresql", &other(&name[1..])).is_empty(),
                "{name}"
            );
        }
        let index = format!("{}_email_key", "b".repeat(53));
        let with_index = a.replace(
            "INDEXES",
            &format!(
                r#","indexes":[{{"name":"{index}","columns":["id","email"],"unique":false}}]"#
            ),
        );
        assert_eq!(error_codes("postgresql", &with_index), vec![dup(&index)]);
    }

    /// Checked on PostgreSQL 15 (a user trial): `t1.x_y` and `t1_x.y` both make `t1_x_y_key`,
    /// so PostgreSQL names the second `t1_x_y_key1`, and the spec's index of that name was
    /// skipped ("relation already exists, skipping") on a valid spec; shortened to 63 bytes the
    /// number takes a byte of the names, as PostgreSQL's `ChooseRelationName` does.
    #[test]
    fn postgres_numbered_implicit_names_are_predicted() {
        let dup = |name: &str| ("DUPLICATE_NAME".to_string(), Some(name.to_string()));
        let spec = |table1: &str, column1: &str, table2: &str, column2: &str, index: &str| {
            format!(
                r#"{{"name":"{table1}","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"{column1}","type":"TEXT","nullable":false,"unique":true}}]}},
                {{"name":"{table2}","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"{column2}","type":"TEXT","nullable":false,"unique":true}},{{"name":"z","type":"TEXT","nullable":true}}],
                "indexes":[{{"name":"{index}","columns":["z"]}}]}}"#
            )
        };
        assert_eq!(
            error_codes("postgresql", &spec("t1", "x_y", "t1_x", "y", "t1_x_y_key1")),
            vec![dup("t1_x_y_key1")]
        );
        assert!(
            error_codes("postgresql", &spec("t1", "x_y", "t1_x", "y", "t1_x_y_key2")).is_empty()
        );
        assert!(
            error_codes("postgresql", &spec("t1", "x_y", "t1_x", "w", "t1_x_y_key1")).is_empty()
        );
        let table = "organization_membership_invitation_acceptance_records_x";
        let (a, b) = (
            "external_reference_code_primary_aaaa",
            "external_reference_code_primary_bbbb",
        );
        let shortened = "organization_membership_invit_external_reference_code_prim_key1";
        let two_columns = format!(
            r#"{{"name":"{table}","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"{a}","type":"TEXT","nullable":false,"unique":true}},{{"name":"{b}","type":"TEXT","nullable":false,"unique":true}},{{"name":"z","type":"TEXT","nullable":true}}],
            "indexes":[{{"name":"{shortened}","columns":["z"]}}]}}"#
        );
        assert_eq!(
            error_codes("postgresql", &two_columns),
            vec![dup(shortened)]
        );
    }

    /// Checked on MariaDB 10.11: InnoDB names the index it makes for a foreign key after the
    /// constraint, which clashed with a UNIQUE column's key of that name ("Duplicate key name",
    /// error 1061, after the tables were created); a CHECK named like a UNIQUE column's key was
    /// "Duplicate CHECK constraint name" (error 1826). A table may share its name with a column's
    /// key: MariaDB took a table `email` with a UNIQUE column `email`.
    #[test]
    fn mysql_foreign_keys_and_checks_clash_with_unique_column_keys() {
        let dup = |name: &str| ("DUPLICATE_NAME".to_string(), Some(name.to_string()));
        let users = r#"{"name":"users","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true},
            {"name":"manager_id","type":"INT","nullable":true},
            {"name":"fk_users_manager_id","type":"INT","nullable":true,"unique":true}],
            "foreignKeys":[{"columns":["manager_id"],"referencedTable":"users","referencedColumns":["id"]}]}"#;
        assert_eq!(
            error_codes("mysql", users),
            vec![dup("fk_users_manager_id")]
        );
        let t = r#"{"name":"t","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true},
            {"name":"chk_t_a","type":"INT","nullable":true,"unique":true}],
            "checkConstraints":[{"name":"chk_t_a","expression":"chk_t_a > 0"}]}"#;
        assert_eq!(error_codes("mysql", t), vec![dup("chk_t_a")]);
        // The same names are free on the other databases.
        for db in ["postgresql", "sqlite"] {
            assert!(error_codes(db, users).is_empty(), "{db}");
            assert!(error_codes(db, t).is_empty(), "{db}");
        }
        let email = r#"{"name":"email","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true},
            {"name":"email","type":"INT","nullable":true,"unique":true}]}"#;
        assert!(error_codes("mysql", email).is_empty());
        // MariaDB's JSON is LONGTEXT with a CHECK (json_valid(attrs)) named after the column:
        // a CHECK of that name was "Duplicate CHECK constraint name" on MariaDB 10.11 (a user
        // trial); an index or foreign key may have it.
        let json = |kind: &str| {
            format!(
                r#"{{"name":"a","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},
            {{"name":"attrs","type":"{kind}","nullable":true}},{{"name":"n","type":"INT","nullable":true}}],
            "checkConstraints":[{{"name":"attrs","expression":"n > 0"}}]}}"#
            )
        };
        assert_eq!(error_codes("mysql", &json("JSON")), vec![dup("attrs")]);
        assert_eq!(error_codes("mysql", &json("JSONB")), vec![dup("attrs")]);
        assert!(error_codes("mysql", &json("TEXT")).is_empty());
        assert!(error_codes("postgresql", &json("JSON")).is_empty());
        let indexed = r#"{"name":"a","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true},
            {"name":"attrs","type":"JSON","nullable":true},{"name":"n","type":"INT","nullable":true}],
            "indexes":[{"name":"attrs","columns":["n"]}]}"#;
        assert!(error_codes("mysql", indexed).is_empty());
    }

    /// A CHECK or foreign key may be named like a table on every database (MySQL took
    /// `CONSTRAINT audit CHECK (n > 0)` beside a table `audit`; they were refused as
    /// "already used"); an index or unique constraint named like a table is still refused (it
    /// is in the tables' namespace on PostgreSQL and SQLite), and CHECK and foreign-key names
    /// still clash with each other and with indexes on MySQL.
    #[test]
    fn checks_and_foreign_keys_may_be_named_like_a_table() {
        let audit = r#"{"name":"audit","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true}]}"#;
        let users = |extra: &str| {
            format!(
                r#"{{"name":"users","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"n","type":"INT","nullable":true}},{{"name":"audit_id","type":"INT","nullable":true}}]{extra}}}"#
            )
        };
        let check = r#","checkConstraints":[{"name":"audit","expression":"n > 0"}]"#;
        let fk = r#","foreignKeys":[{"name":"audit","columns":["audit_id"],"referencedTable":"audit","referencedColumns":["id"]}]"#;
        let index = r#","indexes":[{"name":"audit","columns":["n"],"unique":false}]"#;
        let unique = r#","uniqueConstraints":[{"name":"audit","columns":["n"]}]"#;
        let dup = vec![("DUPLICATE_NAME".to_string(), Some("audit".to_string()))];
        for db in ["sqlite", "postgresql", "mysql"] {
            for extra in [check, fk] {
                // The table before the constraint and after it.
                let before = format!("{audit},{}", users(extra));
                let after = format!("{},{audit}", users(extra));
                assert!(error_codes(db, &before).is_empty(), "{db} {extra}");
                assert!(error_codes(db, &after).is_empty(), "{db} {extra}");
            }
            for extra in [index, unique] {
                let r = crate::generate_str(&format!(
                    r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{audit},{}]}}"#,
                    users(extra)
                ));
                let codes: Vec<_> = r
                    .validation
                    .errors
                    .iter()
                    .map(|e| (e.code.as_str().to_string(), e.constraint.clone()))
                    .collect();
                assert_eq!(codes, dup, "{db} {extra}");
                let message = &r.validation.errors[0].message;
                assert!(
                    message.ends_with("name 'audit' is already used (by 'audit'); names of indexes and constraints are unique across the schema, as PostgreSQL and SQLite need them, so that one spec works on every database"),
                    "{message}"
                );
            }
        }
        // Constraint against constraint is as before on MySQL: a CHECK named like another
        // table's foreign key or index is refused.
        let other = |extra: &str| {
            format!(
                r#"{{"name":"other","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"n","type":"INT","nullable":true}},{{"name":"audit_id","type":"INT","nullable":true}}]{extra}}}"#
            )
        };
        for extra in [fk, index] {
            let two = format!("{audit},{},{}", users(check), other(extra));
            assert_eq!(error_codes("mysql", &two), dup, "{extra}");
        }
        let two = format!("{audit},{},{}", users(check), other(check));
        assert_eq!(error_codes("mysql", &two), dup);
    }

    /// MySQL 8.0 keeps FOREIGN KEY and CHECK names unique per schema (MariaDB 10.11 refused a
    /// second foreign key of the same name on another table, errno 121); the spec's names of
    /// either kind are refused across tables.
    #[test]
    fn mysql_foreign_key_and_check_names_are_unique_across_tables() {
        let table = |name: &str, check: &str| {
            format!(
                r#"{{"name":"{name}","columns":[{{"name":"id","type":"INT","nullable":false}},{{"name":"a","type":"INT","nullable":true}}],"primaryKey":["id"],
                "checkConstraints":[{{"name":"{check}","expression":"a > 0"}}]}}"#
            )
        };
        let dup = |name: &str| ("DUPLICATE_NAME".to_string(), Some(name.to_string()));
        let two = format!("{},{}", table("t1", "ck_a"), table("t2", "ck_a"));
        assert_eq!(error_codes("mysql", &two), vec![dup("ck_a")]);
        // fk_a_b_c of table a_b (column c) and of table a (column b_c).
        let fk = |table: &str, column: &str| {
            format!(
                r#"{{"name":"{table}","columns":[{{"name":"id","type":"INT","nullable":false}},{{"name":"{column}","type":"INT","nullable":true}}],"primaryKey":["id"],
                "foreignKeys":[{{"columns":["{column}"],"referencedTable":"{table}","referencedColumns":["id"]}}]}}"#
            )
        };
        let two = format!("{},{}", fk("a_b", "c"), fk("a", "b_c"));
        assert_eq!(error_codes("mysql", &two), vec![dup("fk_a_b_c")]);
        // Said in terms of what the spec can change (it cannot name a foreign key).
        let messages = |db: &str, tables: &str| {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{tables}]}}"#
            ));
            r.validation
                .errors
                .iter()
                .map(|e| {
                    format!(
                        "{} | {}",
                        e.message,
                        e.suggestion.clone().unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
        };
        let found = messages("mysql", &two);
        assert!(
            found[0].starts_with(
                "the generated foreign-key name (fk_{table}_{columns}) 'fk_a_b_c' of 'a' (b_c) is also the name of a foreign key of 'a_b' (c)"
            ),
            "{found:?}"
        );
        assert!(
            found[0].contains("give one of them another name (foreignKeys[].name)"),
            "{found:?}"
        );
        // Named, the two are fine.
        let named = two.replacen(
            r#""referencedColumns":["id"]}"#,
            r#""referencedColumns":["id"],"name":"fk_ab_c"}"#,
            1,
        );
        assert!(
            messages("mysql", &named).is_empty(),
            "{:?}",
            messages("mysql", &named)
        );
        assert!(messages("postgresql", &two).is_empty());
        // Two foreign keys on one column: one error, on every database that names them.
        let twice = r#"{"name":"t","columns":[{"name":"id","type":"INT","nullable":false},{"name":"p","type":"INT","nullable":true}],"primaryKey":["id"],
            "foreignKeys":[{"columns":["p"],"referencedTable":"t","referencedColumns":["id"]},{"columns":["p"],"referencedTable":"t","referencedColumns":["id"],"onDelete":"CASCADE"}]}"#;
        for db in ["mysql", "postgresql"] {
            let found = messages(db, twice);
            assert_eq!(found.len(), 1, "{db} {found:?}");
            assert!(
                found[0].starts_with("the table has two foreign keys on (p), both named 'fk_t_p'"),
                "{found:?}"
            );
        }
        // A generated name some index or constraint already has: rename that one.
        let check = r#"{"name":"t","columns":[{"name":"id","type":"INT","nullable":false},{"name":"p","type":"INT","nullable":true}],"primaryKey":["id"],
            "checkConstraints":[{"name":"fk_t_p","expression":"p > 0"}],
            "foreignKeys":[{"columns":["p"],"referencedTable":"t","referencedColumns":["id"]}]}"#;
        for db in ["mysql", "postgresql"] {
            let found = messages(db, check);
            assert_eq!(found.len(), 1, "{db} {found:?}");
            assert!(found[0].contains("(fk_{table}_{columns}) 'fk_t_p' is already the name of an index or constraint of 't' | rename that index or constraint, or name the foreign key otherwise"), "{found:?}");
        }
        // A given name follows the rules of every constraint name, and clashes as one.
        let fk_named = |name: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false}},{{"name":"p","type":"INT","nullable":true}},{{"name":"q","type":"INT","nullable":true}}],"primaryKey":["id"],
                "foreignKeys":[{{"columns":["p"],"referencedTable":"t","referencedColumns":["id"],"name":"{name}"}},{{"columns":["q"],"referencedTable":"t","referencedColumns":["id"],"name":"t_q_ref"}}]}}"#
            )
        };
        for db in ["mysql", "postgresql"] {
            assert!(messages(db, &fk_named("t_p_ref")).is_empty(), "{db}");
            assert_eq!(
                codes_only(db, &fk_named("Bad Name")),
                ["INVALID_CONSTRAINT_NAME"]
            );
            assert_eq!(codes_only(db, &fk_named("select")), ["RESERVED_KEYWORD"]);
            assert_eq!(
                codes_only(db, &fk_named(&"k".repeat(70))),
                ["IDENTIFIER_TOO_LONG"]
            );
            let found = messages(db, &fk_named("t_q_ref"));
            assert_eq!(found.len(), 1, "{db} {found:?}");
            assert!(found[0].starts_with("the foreign-key name 't_q_ref' of 't' (q) is also the name of a foreign key of 't' (p)"), "{found:?}");
        }
    }

    /// SQLite compares table names without regard to case: a new `user` beside Prisma's
    /// `"User"` marked existing is that table (a reviewer: CREATE TABLE IF NOT EXISTS skipped it
    /// and the down migration dropped "User" with its rows). DUPLICATE_TABLE there, saying why;
    /// PostgreSQL and MySQL (on Linux) keep them apart.
    #[test]
    fn sqlite_tables_whose_names_differ_only_in_case_are_one_table() {
        let tables = r#"{"name":"Team","existing":true,"columns":[{"name":"id","type":"INTEGER","nullable":false}],"primaryKey":["id"]},{"name":"team","columns":[{"name":"id","type":"INTEGER","nullable":false}],"primaryKey":["id"]}"#;
        assert_eq!(codes_only("sqlite", tables), vec!["DUPLICATE_TABLE"]);
        let r = crate::generate_str(&format!(
            r#"{{"description":"d","databaseType":"sqlite","timestamps":false,"tables":[{tables}]}}"#
        ));
        assert!(
            r.validation.errors[0]
                .message
                .contains("'Team' and 'team' are one table on SQLite"),
            "{:?}",
            r.validation.errors
        );
        for db in ["postgresql", "mysql"] {
            assert_eq!(codes_only(db, tables), Vec::<String>::new(), "{db}");
        }
    }
}
