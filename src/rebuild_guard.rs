//! The check a SQLite table rebuild makes when it runs, right after renaming the table away:
//! that the table is still the one the migration was generated from. A database another
//! migration changed since (a teammate's branch that added a column or an index, run first; a
//! later migration not undone before this one's down) would otherwise lose what that migration
//! added: the rebuild copies only the columns it knows and recreates only the indexes and
//! triggers it knows, and without foreign keys off, a table that references this one since
//! would have its rows deleted (`ON DELETE CASCADE`) and its key left pointing at the dropped
//! table. The check is an `INSERT OR ROLLBACK` of a value that is 0 when the table is as
//! expected into a temporary table whose CHECK wants 0 ([`Expected::mismatch`] is that value),
//! so a difference rolls the whole rebuild back, whatever the runner does after an error.

use crate::dialect::quote_doubling;
use crate::introspect::ExistingTable;
use crate::spec::FkAction;
use std::collections::HashSet;

/// What a rebuild expects of the table when it runs.
pub(crate) struct Expected {
    /// What the table itself must be.
    shape: Shape,
    /// Its explicit indexes' and triggers' names.
    objects: Vec<String>,
    /// Whether no other table may reference it (the rebuild does not turn foreign keys off).
    unreferenced: bool,
}

/// How the table itself is compared.
enum Shape {
    /// A table of the database, as its catalog (`PRAGMA`s) shows it.
    Catalog(Catalog),
    /// A table the up migration's rebuild made, for the down migration's rebuild back: its
    /// stored text from its column list on, without double quotes or carriage returns, which
    /// says all of its columns and keys. A column added since changes it (`ALTER TABLE … ADD
    /// COLUMN` writes it into the text).
    Text(String),
}

/// A table as `PRAGMA table_info`, `index_list`, `index_info` and `foreign_key_list` show it.
struct Catalog {
    /// Its columns: name, declared type, NOT NULL, stored default, position in the primary
    /// key (0 outside it).
    columns: Vec<(String, String, bool, Option<String>, usize)>,
    /// Its explicit indexes: name, UNIQUE, partial, key columns in order (`''` for an
    /// expression), so that one a teammate redefined under the same name is seen.
    indexes: Vec<(String, bool, bool, Vec<String>)>,
    /// The key columns of its UNIQUE constraints, in order (indexes of origin `u`).
    unique_sets: Vec<Vec<String>>,
    /// Its foreign keys column by column: position in the key, local column, parent table
    /// (lowercased), ON UPDATE, ON DELETE. Introspection reads SET DEFAULT as no action (the
    /// spec has no SET DEFAULT; such a table is never rebuilt into a spec, but its columns can
    /// be dropped), so the catalog's SET DEFAULT is compared as NO ACTION.
    foreign_keys: Vec<(usize, String, String, &'static str, &'static str)>,
}

impl Expected {
    /// The table as `existing` has it, without the `dropped` columns (lowercased names; a
    /// column SQLite lets a migration drop is in no index, key or foreign key).
    pub(crate) fn catalog(
        existing: &ExistingTable,
        dropped: &HashSet<String>,
        unreferenced: bool,
    ) -> Expected {
        let table = &existing.table;
        let columns = table
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| !dropped.contains(&c.name.to_ascii_lowercase()))
            .map(|(i, c)| {
                let pk = table
                    .primary_key
                    .iter()
                    .position(|k| k == &c.name)
                    .map_or(0, |p| p + 1);
                (
                    c.name.clone(),
                    existing.declared_types[i].clone(),
                    existing.raw_not_null[i],
                    existing.raw_defaults[i].clone(),
                    pk,
                )
            })
            .collect();
        let indexes = existing
            .indexes
            .iter()
            .map(|i| {
                let index = &i.index;
                let partial = index.predicate.is_some();
                (
                    index.name.clone(),
                    index.unique,
                    partial,
                    index.columns.clone(),
                )
            })
            .collect();
        let action = |a: Option<FkAction>| a.map_or("NO ACTION", FkAction::as_str);
        let foreign_keys = table
            .foreign_keys
            .iter()
            .flat_map(|fk| {
                let parent = fk.referenced_table.to_ascii_lowercase();
                let (on_update, on_delete) = (action(fk.on_update), action(fk.on_delete));
                fk.columns.iter().enumerate().map(move |(seq, from)| {
                    (seq, from.clone(), parent.clone(), on_update, on_delete)
                })
            })
            .collect();
        Expected {
            shape: Shape::Catalog(Catalog {
                columns,
                indexes,
                unique_sets: existing.unique_sets.clone(),
                foreign_keys,
            }),
            objects: existing
                .indexes
                .iter()
                .map(|i| i.index.name.clone())
                .chain(existing.triggers.iter().map(|(n, _)| n.clone()))
                .collect(),
            unreferenced,
        }
    }

    /// The table a forward rebuild made, for the rebuild back: its text (`create_sql`), its
    /// indexes and triggers (`objects`).
    pub(crate) fn rebuilt(create_sql: &str, objects: Vec<String>, unreferenced: bool) -> Expected {
        Expected {
            shape: Shape::Text(comparable_body(create_sql)),
            objects,
            unreferenced,
        }
    }

    /// The value that is 0 when `table`, renamed to `old`, is as expected (the check's column).
    /// `renamed_along`: the rename ran with `legacy_alter_table` off, which wrote `old` where the
    /// text named `table` (a column through the table's name, a reference to itself).
    pub(crate) fn mismatch(&self, table: &str, old: &str, renamed_along: bool) -> String {
        let old_text = quote_doubling(old);
        let mut value = String::from("(");
        match &self.shape {
            Shape::Text(text) => {
                // The stored text, as [`comparable_body`] makes the expected one. (A rebuild of
                // a table that references itself turns foreign keys off, so the rename, under
                // legacy_alter_table, leaves the reference to itself as it was.)
                let mut stored =
                    "replace(replace(substr(sql, instr(sql, '(')), '\"', ''), char(13), '')"
                        .to_string();
                if renamed_along {
                    stored = format!("replace({stored}, {old_text}, {})", quote_doubling(table));
                }
                value.push_str(&format!(
                    "(SELECT {stored}\n    FROM sqlite_master WHERE type = 'table' AND name = {old_text})\n  IS NOT replace({}, char(13), '')",
                    quote_doubling(text)
                ));
            }
            Shape::Catalog(catalog) => value.push_str(&catalog.mismatch(table, &old_text)),
        }
        let list: Vec<String> = self.objects.iter().map(|n| quote_doubling(n)).collect();
        let objects = format!(
            "(SELECT name FROM sqlite_master\n    WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name = {old_text})"
        );
        value.push_str(&format!(
            "\n  OR (SELECT count(*) FROM {objects}) <> {}",
            list.len()
        ));
        if !list.is_empty() {
            value.push_str(&format!(
                "\n  OR (SELECT count(*) FROM {objects}\n    WHERE name IN ({})) <> {}",
                list.join(", "),
                list.len()
            ));
        }
        if self.unreferenced {
            // With foreign keys on, the rename pointed the referencing tables at `old`.
            value.push_str(&format!(
                "\n  OR (SELECT count(*) FROM sqlite_master AS m, pragma_foreign_key_list(m.name) AS f\n    WHERE m.type = 'table' AND m.name <> {old_text}\n    AND lower(f.\"table\") IN (lower({old_text}), lower({}))) > 0",
                quote_doubling(table)
            ));
        }
        value.push(')');
        value
    }
}

impl Catalog {
    /// The part of [`Expected::mismatch`] that compares the catalog (`old_text` is the renamed
    /// table as an SQL string).
    fn mismatch(&self, table: &str, old_text: &str) -> String {
        // Each column with its type, NOT NULL, default and key position: a teammate's column
        // added, dropped, renamed or changed (a rebuild of theirs that made it NOT NULL) makes
        // the table another one. (`''` stands for no default: a stored empty text is `''`.)
        let rows: Vec<String> = self
            .columns
            .iter()
            .map(|(name, ty, not_null, default, pk)| {
                format!(
                    "({}, {}, {}, {}, {pk})",
                    quote_doubling(name),
                    quote_doubling(ty),
                    u8::from(*not_null),
                    quote_doubling(default.as_deref().unwrap_or(""))
                )
            })
            .collect();
        let columns = format!("pragma_table_info({old_text})");
        let mut value = format!("(SELECT count(*) FROM {columns}) <> {}", rows.len());
        if !rows.is_empty() {
            value.push_str(&format!(
                "\n  OR (SELECT count(*) FROM {columns}\n    WHERE (name, type, \"notnull\", ifnull(dflt_value, ''), pk) IN (VALUES\n      {})) <> {}",
                rows.join(",\n      "),
                rows.len()
            ));
        }
        value.push_str(&self.key_mismatch(table, old_text));
        value
    }

    /// Each explicit index's definition, the UNIQUE constraints and the foreign keys, which
    /// `PRAGMA table_info` does not show: a teammate's rebuild that added a UNIQUE or a foreign
    /// key, or an index redefined under its name, would be lost otherwise.
    fn key_mismatch(&self, table: &str, old_text: &str) -> String {
        // An index of `l` with exactly these key columns in this order (`''` for an
        // expression, which introspection reads so too: the expression itself is not compared).
        let same_columns = |columns: &[String]| {
            let rows: Vec<String> = columns
                .iter()
                .enumerate()
                .map(|(i, c)| format!("({i}, {})", quote_doubling(c)))
                .collect();
            format!(
                "(SELECT count(*) FROM pragma_index_info(l.name)) = {n}\n      AND (SELECT count(*) FROM pragma_index_info(l.name)\n        WHERE (seqno, ifnull(name, '')) IN (VALUES {})) = {n}",
                rows.join(", "),
                n = columns.len()
            )
        };
        let list = format!("pragma_index_list({old_text}) AS l");
        let mut value = String::new();
        for (name, unique, partial, columns) in &self.indexes {
            value.push_str(&format!(
                "\n  OR NOT EXISTS (SELECT 1 FROM {list}\n    WHERE l.name = {} AND l.\"unique\" = {} AND l.partial = {}\n      AND {})",
                quote_doubling(name),
                u8::from(*unique),
                u8::from(*partial),
                same_columns(columns)
            ));
        }
        value.push_str(&format!(
            "\n  OR (SELECT count(*) FROM {list} WHERE l.origin = 'u') <> {}",
            self.unique_sets.len()
        ));
        for columns in &self.unique_sets {
            value.push_str(&format!(
                "\n  OR NOT EXISTS (SELECT 1 FROM {list} WHERE l.origin = 'u'\n      AND {})",
                same_columns(columns)
            ));
        }
        let keys = format!("pragma_foreign_key_list({old_text}) AS f");
        value.push_str(&format!(
            "\n  OR (SELECT count(*) FROM {keys}) <> {}",
            self.foreign_keys.len()
        ));
        if !self.foreign_keys.is_empty() {
            // With foreign keys on, the rename rewrote a reference to the table itself.
            let parent = format!(
                "CASE WHEN lower(f.\"table\") = lower({old_text}) THEN {} ELSE lower(f.\"table\") END",
                quote_doubling(&table.to_ascii_lowercase())
            );
            let action = |a: &str| format!("replace({a}, 'SET DEFAULT', 'NO ACTION')");
            let rows: Vec<String> = self
                .foreign_keys
                .iter()
                .map(|(seq, from, parent, on_update, on_delete)| {
                    format!(
                        "({seq}, {}, {}, {}, {})",
                        quote_doubling(from),
                        quote_doubling(parent),
                        quote_doubling(on_update),
                        quote_doubling(on_delete)
                    )
                })
                .collect();
            value.push_str(&format!(
                "\n  OR (SELECT count(*) FROM {keys}\n    WHERE (f.seq, f.\"from\",\n      {parent},\n      {}, {})\n    IN (VALUES\n      {})) <> {}",
                action("f.on_update"),
                action("f.on_delete"),
                rows.join(",\n      "),
                self.foreign_keys.len()
            ));
        }
        value
    }
}

/// A `CREATE TABLE` statement as [`Expected::mismatch`] compares a stored one: from its column
/// list on (SQLite normalises the words before it, and keeps no comment before them), without double quotes (a rename writes the
/// names it rewrites quoted), carriage returns (a file checked out with CRLF line ends, run by a
/// driver that keeps them) or the final `;`.
fn comparable_body(create_sql: &str) -> String {
    // From the `(` after `CREATE TABLE`: the table's description comment before it, which
    // SQLite does not store, may hold one (a review: "Accounts (one per person)").
    let start = create_sql.find("CREATE TABLE").unwrap_or(0);
    let body = create_sql[start..]
        .find('(')
        .map_or(create_sql, |i| &create_sql[start + i..]);
    body.trim_end()
        .trim_end_matches(';')
        .trim_end()
        .replace(['"', '\r'], "")
}
