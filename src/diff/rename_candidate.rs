//! The rename hint of `COLUMN_NOT_IN_SPEC` and `DATA_LOSS`: which column the spec adds may be
//! one that goes, renamed (the spec says a rename with `renamedFrom`, which it then lacks).

use crate::spec::{Column, ColumnType};

/// The column the spec adds that may be `gone` renamed: of the added columns whose type is
/// [`compatible`] with `gone`'s, the one there is, when `gone` is the one column of such a type
/// that goes (two going for one coming: no guess, or both would be told to take the one name).
/// A column of another kind of type is no rename to suggest (a user trial's `org_id BIGINT`
/// that went while `note TEXT` came was given `"renamedFrom": "org_id"` for `note`).
pub(crate) fn rename_candidate<'a>(
    gone: &Column,
    removed: &[&Column],
    added: &[&'a Column],
) -> Option<&'a Column> {
    if removed.iter().filter(|c| compatible(c.ty, gone.ty)).count() != 1 {
        return None;
    }
    let mut of_its_kind = added.iter().filter(|c| compatible(c.ty, gone.ty));
    match (of_its_kind.next(), of_its_kind.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Whether a column of type `a` renamed may be one of type `b`: the same type, or another size
/// or spelling of one kind of value, which a rename with a type change keeps as it is: two
/// integer types (`TINYINT` to `BIGINT`), two exact decimals (`NUMERIC`, `DECIMAL`), two text
/// types (`CHAR`, `VARCHAR`, `TEXT`), two JSON types, two of date and time (`TIMESTAMP`,
/// `DATETIME`). Not an integer for a `REAL` (whole numbers become approximate ones), nor a
/// `DATE` for a `TIMESTAMP`: any other type is compatible only with itself.
pub(crate) fn compatible(a: ColumnType, b: ColumnType) -> bool {
    let kind = |t: ColumnType| match t {
        _ if t.is_integer() => Some(0),
        ColumnType::Numeric | ColumnType::Decimal => Some(1),
        _ if t.is_text() => Some(2),
        _ if t.is_json() => Some(3),
        ColumnType::Timestamp | ColumnType::Datetime => Some(4),
        _ => None,
    };
    a == b || (kind(a).is_some() && kind(a) == kind(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(name: &str, ty: ColumnType) -> Column {
        Column::new(name, ty, true)
    }

    /// The user trial's `org_id BIGINT` dropped while `note TEXT` comes: no hint, one to one or
    /// not; a column of its kind of type gets it, one to one (`BIGINT` to `INTEGER`) or among
    /// others; two of its kind coming (or going) get none; a `DECIMAL` is not of its kind.
    #[test]
    fn the_hint_names_only_a_column_of_a_compatible_type() {
        let org_id = column("org_id", ColumnType::Bigint);
        let note = column("note", ColumnType::Text);
        let org = column("org", ColumnType::Integer);
        let other = column("other", ColumnType::Tinyint);
        let name = |c: Option<&Column>| c.map(|c| c.name.clone());
        assert_eq!(name(rename_candidate(&org_id, &[&org_id], &[&note])), None);
        assert_eq!(
            name(rename_candidate(&org_id, &[&org_id], &[&org])),
            Some("org".to_string())
        );
        assert_eq!(
            name(rename_candidate(&org_id, &[&org_id], &[&note, &org])),
            Some("org".to_string())
        );
        assert_eq!(
            name(rename_candidate(&org_id, &[&org_id], &[&org, &other])),
            None
        );
        let title = column("title", ColumnType::Varchar);
        assert_eq!(
            name(rename_candidate(&title, &[&org_id, &title], &[&note, &org])),
            Some("note".to_string())
        );
        assert_eq!(
            name(rename_candidate(&org_id, &[&org_id, &other], &[&org])),
            None
        );
        let amount = column("amount", ColumnType::Decimal);
        assert_eq!(
            name(rename_candidate(&org_id, &[&org_id], &[&amount])),
            None
        );
    }

    /// The whole generation, on each database, kept or dropped: `org_id BIGINT` going while
    /// `note TEXT` comes gets no `renamedFrom` hint; `org INTEGER` coming gets it.
    #[test]
    fn a_column_of_another_kind_coming_is_not_suggested_as_the_rename() {
        let hints = |db: &str, new: &str, allow: bool| -> Vec<String> {
            let t = |column: &str| {
                format!(
                    r#"{{"name":"m","columns":[{{"name":"id","type":"BIGINT","nullable":false,"autoIncrement":true}},{column}]}}"#
                )
            };
            let spec = format!(
                r#"{{"description":"d","databaseType":"{db}","allowDataLoss":{allow},"tables":[{}],"previousSpec":{{"description":"p","databaseType":"{db}","tables":[{}]}}}}"#,
                t(&format!(
                    r#"{{"name":"{new}","type":"{}","nullable":true}}"#,
                    if new == "note" { "TEXT" } else { "INTEGER" }
                )),
                t(r#"{"name":"org_id","type":"BIGINT","nullable":false}"#),
            );
            let result = crate::generate_str(&spec);
            assert!(
                result.validation.valid,
                "{db}: {:?}",
                result.validation.errors
            );
            (result.validation.warnings.iter())
                .filter_map(|w| w.suggestion.clone())
                .filter(|s| s.contains("renamedFrom"))
                .collect()
        };
        for db in ["postgresql", "mysql", "sqlite"] {
            for allow in [false, true] {
                assert_eq!(
                    hints(db, "note", allow),
                    Vec::<String>::new(),
                    "{db} {allow}"
                );
                let hint = hints(db, "org", allow);
                assert_eq!(hint.len(), 1, "{db} {allow}: {hint:?}");
                assert!(
                    hint[0].starts_with("if 'org' is 'org_id' renamed, give the column 'org' \"renamedFrom\": \"org_id\""),
                    "{db} {allow}: {hint:?}"
                );
            }
        }
    }

    /// Kinds, not spellings: every type is compatible with itself and with the others of its
    /// kind, and with no type of another kind.
    #[test]
    fn compatible_types_are_those_of_one_kind_of_value() {
        use ColumnType::*;
        let kinds: [&[ColumnType]; 10] = [
            &[Integer, Int, Bigint, Tinyint],
            &[Numeric, Decimal],
            &[Real],
            &[Text, Varchar, Char],
            &[Json, Jsonb],
            &[Timestamp, Datetime],
            &[Date],
            &[Boolean],
            &[Uuid],
            &[Blob],
        ];
        let kind_of = |t: ColumnType| kinds.iter().position(|k| k.contains(&t)).unwrap();
        for &a in ColumnType::ALL {
            for &b in ColumnType::ALL {
                assert_eq!(compatible(a, b), kind_of(a) == kind_of(b), "{a:?} {b:?}");
            }
        }
    }
}
