//! The fast path of parsing: a well-formed spec deserialises straight into typed structs,
//! without building a `serde_json::Value` (which costs about 13 bytes of memory per byte of
//! JSON). Anything irregular — an unknown field, a wrong type, an unknown enum value, a number
//! out of range, an empty list — makes this path give up (`None`), and the loose parser in
//! `parse` reads the spec again to say exactly what is wrong. Both paths build the same model.

use crate::limits;
use crate::spec::*;
use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawSpec<'a> {
    #[serde(rename = "$schema")]
    _schema: Option<String>,
    description: String,
    database_type: String,
    #[serde(borrow)]
    tables: Tables<'a>,
    existing_db_path: Option<String>,
    file_format: Option<String>,
    generate_types: Option<bool>,
    now: Option<String>,
    timestamps: Option<bool>,
    allow_data_loss: Option<bool>,
    drop_tables_not_in_spec: Option<bool>,
    self_check: Option<String>,
    #[serde(borrow)]
    previous_spec: Option<&'a RawValue>,
    /// What a pull left out (`introspect --json` writes it): not read.
    #[serde(borrow, rename = "leftOut")]
    _left_out: Option<&'a RawValue>,
    /// What a pull renamed (`introspect --json` writes it): not read.
    #[serde(borrow, rename = "renamed")]
    _renamed: Option<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawTable {
    name: String,
    renamed_from: Option<String>,
    description: Option<String>,
    columns: Vec<RawColumn>,
    primary_key: Option<Vec<String>>,
    primary_key_name: Option<String>,
    foreign_keys: Option<Vec<RawForeignKey>>,
    unique_constraints: Option<Vec<RawNamedColumns>>,
    check_constraints: Option<Vec<RawCheck>>,
    indexes: Option<Vec<RawIndex>>,
    timestamps: Option<bool>,
    existing: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawColumn {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    nullable: bool,
    #[serde(default, deserialize_with = "present")]
    default: Option<RawDefault>,
    unique: Option<bool>,
    auto_increment: Option<bool>,
    description: Option<String>,
    renamed_from: Option<String>,
    length: Option<u32>,
    precision: Option<u32>,
    scale: Option<u32>,
}

/// A default as written: `null` is kept apart from an absent field.
enum RawDefault {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    Str(String),
    Expression(String),
}

/// Read by kind of JSON value, in one pass: serde's `untagged` would buffer each default and try
/// the variants in turn, making (and formatting) an error for every variant that does not fit —
/// three for each string default.
impl<'de> Deserialize<'de> for RawDefault {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Kind;
        impl<'de> Visitor<'de> for Kind {
            type Value = RawDefault;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("null, a boolean, a number, a string or { expression }")
            }
            fn visit_unit<E: de::Error>(self) -> Result<RawDefault, E> {
                Ok(RawDefault::Null)
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<RawDefault, E> {
                Ok(RawDefault::Bool(b))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<RawDefault, E> {
                Ok(RawDefault::Number(n.into()))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<RawDefault, E> {
                Ok(RawDefault::Number(n.into()))
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<RawDefault, E> {
                serde_json::Number::from_f64(n)
                    .map(RawDefault::Number)
                    .ok_or_else(|| E::custom("not a finite number"))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<RawDefault, E> {
                Ok(RawDefault::Str(s.to_owned()))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<RawDefault, E> {
                Ok(RawDefault::Str(s))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<RawDefault, A::Error> {
                RawExpression::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|e| RawDefault::Expression(e.expression))
            }
        }
        d.deserialize_any(Kind)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExpression {
    expression: String,
}

fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<RawDefault>, D::Error> {
    RawDefault::deserialize(d).map(Some)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawForeignKey {
    columns: Vec<String>,
    referenced_table: String,
    referenced_columns: Vec<String>,
    on_delete: Option<String>,
    on_update: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNamedColumns {
    name: String,
    columns: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    name: String,
    expression: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndex {
    name: String,
    columns: Vec<String>,
    unique: Option<bool>,
    #[serde(rename = "type")]
    method: Option<String>,
    #[serde(rename = "where")]
    predicate: Option<String>,
}

/// Parses a well-formed spec, or `None` when the loose parser must look at it.
pub fn parse_well_formed(text: &str) -> Option<MigrationSpec> {
    // The tables' texts found by a structural scan, the rest parsed on its own; serde_json's
    // pass over the whole text when the scan cannot say.
    let split = crate::json_split::split_array_member(text, "tables")
        .filter(|s| s.elements.len() <= limits::MAX_TABLES);
    match split {
        Some(split) => {
            let outer = split.outer(text);
            let raw: RawSpec = serde_json::from_str(&outer).ok()?;
            let tables = split.elements.iter().map(|r| &text[r.clone()]).collect();
            spec(raw, Tables(tables))
        }
        None => parse_whole(text),
    }
}

/// [`parse_well_formed`] with serde_json reading the whole text to find the tables.
fn parse_whole(text: &str) -> Option<MigrationSpec> {
    let mut raw: RawSpec = serde_json::from_str(text).ok()?;
    let tables = std::mem::replace(&mut raw.tables, Tables(Vec::new()));
    spec(raw, tables)
}

/// The spec of its outer fields and tables (those in `raw` are not looked at).
fn spec(raw: RawSpec, tables: Tables) -> Option<MigrationSpec> {
    Some(MigrationSpec {
        description: raw.description,
        database_type: DatabaseType::parse(&raw.database_type)?,
        tables: tables.convert()?,
        existing_db_path: raw.existing_db_path,
        file_format: match raw.file_format {
            None => FileFormat::Timestamp,
            Some(f) => FileFormat::parse(&f)?,
        },
        generate_types: raw.generate_types.unwrap_or(false),
        now: raw.now,
        timestamps: raw.timestamps.unwrap_or(true),
        allow_data_loss: raw.allow_data_loss.unwrap_or(false),
        drop_tables_not_in_spec: raw.drop_tables_not_in_spec.unwrap_or(false),
        self_check: match raw.self_check {
            None => SelfCheck::Full,
            Some(c) => SelfCheck::parse(&c)?,
        },
        // Read the same way; its own previousSpec is history this migration does not need.
        previous: match raw.previous_spec {
            None => None,
            Some(text) => {
                let mut previous = parse_well_formed(text.get())?;
                previous.previous = None;
                Some(Box::new(previous))
            }
        },
    })
}

/// Specs of at least this many tables are converted on two threads.
const PARALLEL_TABLES: usize = 64;

/// The spec's tables as their JSON text, each turned into the model on its own
/// ([`Tables::convert`]): the raw form of one table exists at a time per thread, not a raw copy
/// of the whole spec beside the model (at 10,000 tables that copy raised the peak of parsing by
/// about 17 MB), and large specs are converted on two threads. Where each table's text begins
/// and ends is found by `json_split`'s scan (or, when it cannot say, by serde_json reading the
/// whole text, which was a serial tenth of a 1,000-table PostgreSQL generation).
struct Tables<'a>(Vec<&'a str>);

impl<'de: 'a, 'a> Deserialize<'de> for Tables<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Each<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for Each<'a> {
            type Value = Tables<'a>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of tables")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tables<'a>, A::Error> {
                let mut tables = Vec::new();
                while let Some(raw) = seq.next_element::<&'de RawValue>()? {
                    if tables.len() >= limits::MAX_TABLES {
                        return Err(de::Error::custom("more tables than the limit"));
                    }
                    tables.push(raw.get());
                }
                Ok(Tables(tables))
            }
        }
        d.deserialize_seq(Each(std::marker::PhantomData))
    }
}

impl Tables<'_> {
    /// Every table in the model, in spec order, or `None` when one is irregular (the loose
    /// parser then reads the spec again to say what is wrong).
    fn convert(self) -> Option<Vec<Table>> {
        crate::parallel::map_in_order(&self.0, PARALLEL_TABLES, |raw| {
            serde_json::from_str::<RawTable>(raw).ok().and_then(table)
        })
        .into_iter()
        .collect()
    }
}

/// `v` in an allocation of its length. serde_json gives no length for a list, so a list it
/// reads grows as it is read (room for 4 at its first item): kept as read, the lists of a
/// 10,000-table spec (foreign keys, indexes, checks, their column names) held about 7 MB of
/// empty slots for the whole generation. The lists of the model are made to their length for
/// the same reason (`Vec::with_capacity`; `collect` from a list of the same size would reuse its
/// allocation, spare room included).
fn exact<T>(v: Vec<T>) -> Vec<T> {
    if v.capacity() == v.len() {
        return v;
    }
    let mut made = Vec::with_capacity(v.len());
    made.extend(v);
    made
}

/// One well-formed table in the model, or `None`.
fn table(t: RawTable) -> Option<Table> {
    let parse_opt = |v: Option<String>, f: fn(&str) -> Option<FkAction>| match v {
        None => Some(None),
        Some(s) => f(&s).map(Some),
    };
    let non_empty = |v: Vec<String>| (!v.is_empty()).then(|| exact(v));
    if t.columns.is_empty() || t.columns.len() > limits::MAX_COLUMNS_PER_TABLE {
        return None;
    }
    let mut columns = Vec::with_capacity(t.columns.len());
    let mut renamed_columns = Vec::new();
    for c in t.columns {
        if let Some(old) = c.renamed_from {
            renamed_columns.push((old, c.name.clone()));
        }
        let in_range = |v: Option<u32>, max: u32| v.is_none_or(|v| v <= max);
        if !in_range(c.length, limits::MAX_LENGTH)
            || !in_range(c.precision, 1000)
            || !in_range(c.scale, 1000)
        {
            return None;
        }
        let default = match c.default {
            None => None,
            Some(RawDefault::Null) => Some(DefaultValue::Null),
            Some(RawDefault::Bool(b)) => Some(DefaultValue::Bool(b)),
            Some(RawDefault::Number(n)) => Some(DefaultValue::Number(n.to_string())),
            Some(RawDefault::Str(s)) => Some(match NowKind::parse(&s) {
                Some(kind) => DefaultValue::Now(kind),
                None => DefaultValue::Str(s),
            }),
            Some(RawDefault::Expression(e)) => Some(DefaultValue::Expression(e)),
        };
        columns.push(Column {
            name: c.name,
            ty: ColumnType::parse(&c.ty)?,
            length: c.length,
            precision: c.precision,
            scale: c.scale,
            nullable: c.nullable,
            default,
            unique: c.unique.unwrap_or(false),
            auto_increment: c.auto_increment.unwrap_or(false),
            description: c.description,
            auto_timestamp: false,
        });
    }
    let raw_keys = t.foreign_keys.unwrap_or_default();
    let mut foreign_keys = Vec::with_capacity(raw_keys.len());
    for fk in raw_keys {
        foreign_keys.push(ForeignKey {
            columns: non_empty(fk.columns)?,
            referenced_table: fk.referenced_table,
            referenced_columns: non_empty(fk.referenced_columns)?,
            on_delete: parse_opt(fk.on_delete, FkAction::parse)?,
            on_update: parse_opt(fk.on_update, FkAction::parse)?,
            name: fk.name,
        });
    }
    let raw_uniques = t.unique_constraints.unwrap_or_default();
    let mut unique_constraints = Vec::with_capacity(raw_uniques.len());
    for u in raw_uniques {
        unique_constraints.push(UniqueConstraint {
            name: u.name,
            columns: non_empty(u.columns)?,
        });
    }
    let raw_checks = t.check_constraints.unwrap_or_default();
    let mut check_constraints = Vec::with_capacity(raw_checks.len());
    check_constraints.extend(raw_checks.into_iter().map(|c| CheckConstraint {
        name: c.name,
        expression: c.expression,
    }));
    let raw_indexes = t.indexes.unwrap_or_default();
    let mut indexes = Vec::with_capacity(raw_indexes.len());
    for ix in raw_indexes {
        let method = match ix.method {
            None => None,
            Some(m) => Some(IndexType::parse(&m)?),
        };
        indexes.push(Index {
            name: ix.name,
            columns: non_empty(ix.columns)?,
            unique: ix.unique.unwrap_or(false),
            method,
            predicate: ix.predicate,
        });
    }
    let primary_key = match t.primary_key {
        None => Vec::new(),
        Some(pk) => non_empty(pk)?,
    };
    Some(Table {
        name: t.name,
        description: t.description,
        columns,
        primary_key,
        primary_key_name: t.primary_key_name,
        foreign_keys,
        unique_constraints,
        check_constraints,
        indexes,
        timestamps: t.timestamps,
        existing: t.existing.unwrap_or(false),
        declared_types: None,
        renamed_columns,
        renamed_from: t.renamed_from,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Report;

    /// Every spec file in the repository gives the same model by both paths.
    #[test]
    fn both_paths_build_the_same_model() {
        let mut files: Vec<std::path::PathBuf> = Vec::new();
        for dir in ["examples", "__test__/fixtures"] {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                if entry.path().extension().is_some_and(|e| e == "json") {
                    files.push(entry.path());
                }
            }
        }
        assert!(files.len() > 10, "spec files found: {}", files.len());
        let mut fast = 0;
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            let value: serde_json::Value = serde_json::from_str(&text).unwrap();
            // Fixtures nest the spec under "spec" and leave the dialect to their runner.
            let mut spec_value = value.get("spec").cloned().unwrap_or(value);
            if spec_value.get("databaseType").is_none() {
                spec_value["databaseType"] = serde_json::json!("postgresql");
            }
            let spec_text = spec_value.to_string();
            let mut report = Report::default();
            let slow =
                crate::parse::parse_spec(&serde_json::from_str(&spec_text).unwrap(), &mut report);
            if let Some(quick) = parse_well_formed(&spec_text) {
                fast += 1;
                assert!(
                    report.is_valid() && report.warnings.is_empty(),
                    "{}: fast path took a spec the loose parser complains about",
                    f.display()
                );
                assert_eq!(Some(quick), slow, "{}", f.display());
            }
        }
        assert!(fast > 10, "the fast path took only {fast} specs");
    }

    /// `renamedFrom` of a column and of a table reads alike on both paths (per table).
    #[test]
    fn renamed_from_reads_alike_on_both_paths() {
        let quick = read_alike_on_both_paths(
            r#"{"description":"d","databaseType":"mysql","tables":[{"name":"people","renamedFrom":"users","columns":[{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},{"name":"mail","type":"TEXT","nullable":true,"renamedFrom":"email"}]}]}"#,
        );
        let t = &quick.tables[0];
        assert_eq!(t.renamed_from.as_deref(), Some("users"));
        assert_eq!(
            t.renamed_columns,
            [("email".to_string(), "mail".to_string())]
        );
    }

    /// A table's `primaryKeyName` reads alike on both paths.
    #[test]
    fn primary_key_name_reads_alike_on_both_paths() {
        let quick = read_alike_on_both_paths(
            r#"{"description":"d","databaseType":"postgresql","tables":[{"name":"m","primaryKey":["a","b"],"primaryKeyName":"m_a_b_pk","columns":[{"name":"a","type":"INTEGER","nullable":false},{"name":"b","type":"INTEGER","nullable":false}]}]}"#,
        );
        assert_eq!(
            quick.tables[0].primary_key_name.as_deref(),
            Some("m_a_b_pk")
        );
    }

    /// The spec `text` read on the fast path, which must be well-formed and give the model the
    /// loose parser gives, with no issue.
    fn read_alike_on_both_paths(text: &str) -> MigrationSpec {
        let quick = parse_well_formed(text).expect("well-formed");
        let mut report = Report::default();
        let slow = crate::parse::parse_spec(&serde_json::from_str(text).unwrap(), &mut report);
        assert!(
            report.is_valid() && report.warnings.is_empty(),
            "{report:?}"
        );
        assert_eq!(Some(&quick), slow.as_ref());
        quick
    }

    /// A spec large enough to be converted on two threads gives the model the loose parser
    /// gives, tables in spec order; one irregular table anywhere sends it to the loose parser.
    #[test]
    fn large_specs_convert_on_two_threads_in_order() {
        let table = |i: usize| {
            format!(
                r#"{{"name":"t{i}","columns":[{{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}},{{"name":"v{i}","type":"VARCHAR","length":{},"nullable":true,"default":"x{i}"}}],"primaryKey":["id"],"indexes":[{{"name":"idx_t{i}_v","columns":["v{i}"],"unique":{}}}]}}"#,
                10 + i,
                i.is_multiple_of(2)
            )
        };
        let n = PARALLEL_TABLES * 5 + 3;
        let tables: Vec<String> = (0..n).map(table).collect();
        let text = format!(
            r#"{{"description":"d","databaseType":"postgresql","tables":[{}]}}"#,
            tables.join(",")
        );
        let quick = parse_well_formed(&text).expect("a regular spec takes the fast path");
        let mut report = Report::default();
        let slow = crate::parse::parse_spec(&serde_json::from_str(&text).unwrap(), &mut report);
        assert!(report.is_valid() && report.warnings.is_empty());
        assert_eq!(Some(&quick), slow.as_ref());
        // The same text with the key escaped, which the structural scan does not recognise:
        // serde_json's pass over the whole text finds the same tables.
        let escaped = text.replacen(r#""tables""#, r#""\u0074ables""#, 1);
        assert!(crate::json_split::split_array_member(&escaped, "tables").is_none());
        assert_eq!(parse_well_formed(&escaped).as_ref(), Some(&quick));
        let names: Vec<String> = quick.tables.iter().map(|t| t.name.clone()).collect();
        assert_eq!(names, (0..n).map(|i| format!("t{i}")).collect::<Vec<_>>());
        for bad in [0, n / 2, n - 1] {
            let irregular = text.replace(
                &format!(r#""name":"v{bad}","type":"VARCHAR""#),
                &format!(r#""name":"v{bad}","type":"VARCHAR","typo":1"#),
            );
            assert_ne!(irregular, text);
            assert!(parse_well_formed(&irregular).is_none(), "table {bad}");
        }
    }

    #[test]
    fn irregular_specs_go_to_the_loose_parser() {
        let base = r#"{"description":"d","databaseType":"sqlite","tables":[{"name":"t","columns":[{"name":"id","type":"INTEGER","nullable":false}]}]}"#;
        assert!(parse_well_formed(base).is_some());
        for bad in [
            base.replace("\"nullable\":false", "\"nullable\":false,\"nulable\":true"),
            base.replace("INTEGER", "integer"),
            base.replace("\"nullable\":false", "\"nullable\":\"no\""),
            base.replace("\"sqlite\"", "\"oracle\""),
            base.replace("\"nullable\":false", "\"nullable\":false,\"length\":-1"),
            base.replace("\"nullable\":false", "\"nullable\":false,\"default\":[1]"),
            base.replace(
                "\"nullable\":false",
                "\"nullable\":false,\"default\":{\"expression\":\"1\",\"x\":1}",
            ),
            base.replace("}]}]}", "}],\"primaryKey\":[]}]}"),
        ] {
            assert!(parse_well_formed(&bad).is_none(), "{bad}");
        }
        let with_null = base.replace("\"nullable\":false", "\"nullable\":true,\"default\":null");
        assert_eq!(
            parse_well_formed(&with_null).unwrap().tables[0].columns[0].default,
            Some(DefaultValue::Null)
        );
    }

    /// Every kind of default reads as the loose parser reads it; a default of no kind (a list,
    /// an object with another field, an expression that is not a string) sends the spec there.
    #[test]
    fn every_kind_of_default_reads_alike_on_both_paths() {
        let spec = |default: &str| {
            format!(
                r#"{{"description":"d","databaseType":"postgresql","tables":[{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false,"default":{default}}}],"primaryKey":["id"]}}]}}"#
            )
        };
        let kinds = [
            ("null", Some(DefaultValue::Null)),
            ("true", Some(DefaultValue::Bool(true))),
            ("false", Some(DefaultValue::Bool(false))),
            ("7", Some(DefaultValue::Number("7".into()))),
            ("-7", Some(DefaultValue::Number("-7".into()))),
            (
                "18446744073709551615",
                Some(DefaultValue::Number("18446744073709551615".into())),
            ),
            ("1.5", Some(DefaultValue::Number("1.5".into()))),
            ("-2.5e3", Some(DefaultValue::Number("-2500.0".into()))),
            (r#""it's""#, Some(DefaultValue::Str("it's".into()))),
            (r#""\u00e9\n""#, Some(DefaultValue::Str("\u{e9}\n".into()))),
            (
                r#""CURRENT_TIMESTAMP""#,
                Some(DefaultValue::Now(NowKind::Timestamp)),
            ),
            (
                r#"{"expression":"1 + 1"}"#,
                Some(DefaultValue::Expression("1 + 1".into())),
            ),
        ];
        for (default, expected) in kinds {
            let text = spec(default);
            let quick = parse_well_formed(&text).unwrap_or_else(|| panic!("{default}"));
            assert_eq!(quick.tables[0].columns[0].default, expected, "{default}");
            let mut report = Report::default();
            let slow = crate::parse::parse_spec(&serde_json::from_str(&text).unwrap(), &mut report);
            assert_eq!(Some(&quick), slow.as_ref(), "{default}");
        }
        for irregular in [
            "[1]",
            "{}",
            r#"{"expression":1}"#,
            r#"{"expression":"1","x":1}"#,
        ] {
            assert!(parse_well_formed(&spec(irregular)).is_none(), "{irregular}");
        }
    }

    /// Thousands of texts a few edits away from a valid spec (quotes, backslashes, brackets,
    /// commas, colons and blanks inserted, deleted or replaced): the structural scan's path
    /// gives what serde_json reading the whole text gives, spec or no spec.
    #[test]
    fn the_scan_path_equals_the_whole_text_path_on_edited_texts() {
        let base = r#"{"description":"d \"q\" [x]","databaseType":"postgresql","tables":[{"name":"a","columns":[{"name":"id","type":"INTEGER","nullable":false,"default":{"expression":"1"}}],"primaryKey":["id"]},{"name":"b","description":"]},{","columns":[{"name":"id","type":"INTEGER","nullable":false}],"primaryKey":["id"],"indexes":[{"name":"i","columns":["id"],"unique":true}]}],"now":"2026-01-01T00:00:00Z"}"#;
        assert!(parse_well_formed(base).is_some());
        let pieces: &[&str] = &[
            "\"",
            "\\",
            "[",
            "]",
            "{",
            "}",
            ",",
            ":",
            " ",
            "\n",
            "x",
            "1",
            "[]",
            "{}",
            "\"tables\":",
        ];
        let mut rng = crate::test_rng::Rng(0x2545_f491_4f6c_dd1d);
        let mut next = |n: usize| rng.below(n);
        let (mut agreed_some, mut agreed_none) = (0, 0);
        for _ in 0..20_000 {
            let mut text = base.to_string();
            for _ in 0..1 + next(3) {
                let at = next(text.len() + 1);
                let at = (0..=at)
                    .rev()
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(0);
                match next(3) {
                    0 => text.insert_str(at, pieces[next(pieces.len())]),
                    1 if at < text.len() => {
                        text.remove(at);
                    }
                    _ if at < text.len() => {
                        text.remove(at);
                        text.insert_str(at, pieces[next(pieces.len())]);
                    }
                    _ => {}
                }
            }
            let scanned = parse_well_formed(&text);
            assert_eq!(scanned, parse_whole(&text), "{text}");
            if scanned.is_some() {
                agreed_some += 1;
            } else {
                agreed_none += 1;
            }
        }
        assert!(
            agreed_some > 500 && agreed_none > 500,
            "{agreed_some} / {agreed_none}"
        );
    }

    /// Every list of the model is allocated to its length, not as serde_json grew it while
    /// reading (room for 4 at the first item): the spare room of a 10,000-table spec's lists
    /// was about 7 MB of its peak memory.
    #[test]
    fn the_model_lists_hold_no_spare_room() {
        let text = r#"{"description":"d","databaseType":"postgresql","tables":[
            {"name":"a","columns":[{"name":"id","type":"INTEGER","nullable":false}],
             "primaryKey":["id"]},
            {"name":"b","primaryKey":["id"],
             "columns":[{"name":"id","type":"INTEGER","nullable":false},
                        {"name":"a_id","type":"INTEGER","nullable":false},
                        {"name":"n","type":"INTEGER","nullable":false}],
             "foreignKeys":[{"columns":["a_id"],"referencedTable":"a","referencedColumns":["id"]}],
             "uniqueConstraints":[{"name":"uq_b_n","columns":["n"]}],
             "checkConstraints":[{"name":"chk_b_n","expression":"n > 0"}],
             "indexes":[{"name":"idx_b_a","columns":["a_id"]},{"name":"idx_b_n","columns":["n","a_id"]}]}
        ]}"#;
        let spec = parse_well_formed(text).expect("a well-formed spec");
        let b = &spec.tables[1];
        let tight = |what: &str, len: usize, capacity: usize| {
            assert_eq!(capacity, len, "{what}: {len} items in room for {capacity}");
        };
        tight(
            "foreign keys",
            b.foreign_keys.len(),
            b.foreign_keys.capacity(),
        );
        tight(
            "unique constraints",
            b.unique_constraints.len(),
            b.unique_constraints.capacity(),
        );
        tight(
            "checks",
            b.check_constraints.len(),
            b.check_constraints.capacity(),
        );
        tight("indexes", b.indexes.len(), b.indexes.capacity());
        tight("primary key", b.primary_key.len(), b.primary_key.capacity());
        let fk = &b.foreign_keys[0];
        tight("key columns", fk.columns.len(), fk.columns.capacity());
        tight(
            "referenced columns",
            fk.referenced_columns.len(),
            fk.referenced_columns.capacity(),
        );
        tight(
            "unique columns",
            b.unique_constraints[0].columns.len(),
            b.unique_constraints[0].columns.capacity(),
        );
        for ix in &b.indexes {
            tight("index columns", ix.columns.len(), ix.columns.capacity());
        }
    }
}
