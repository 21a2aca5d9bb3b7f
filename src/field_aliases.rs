//! Other names of the spec's fields that LLM-written and hand-written specs use (`tableName`,
//! `fields`, `dataType`, `notNull`, …), and the exact JSON that says the same in the spec's
//! words. A required field missing beside its alias is read from the alias (its error says
//! what to write), so that one report says all such problems of a spec at once.

use serde_json::{Map, Value};

/// How an alias's value becomes the field's.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// The same value (`"tableName": "users"` is `"name": "users"`).
    Same,
    /// A boolean meaning the opposite (`"notNull": true` is `"nullable": false`).
    Inverted,
    /// A list given as one name (`"column": "user_id"` is `"columns": ["user_id"]`).
    List,
}

/// One spec field and the other names it goes by.
struct Alias {
    field: &'static str,
    spellings: &'static [&'static str],
    shape: Shape,
}

const fn alias(field: &'static str, spellings: &'static [&'static str], shape: Shape) -> Alias {
    Alias {
        field,
        spellings,
        shape,
    }
}

/// The fields of a table object.
const TABLE: &[Alias] = &[
    alias("name", &["tableName", "table_name", "table"], Shape::Same),
    alias("columns", &["fields", "cols", "attributes"], Shape::Same),
    alias(
        "primaryKey",
        &["primary_key", "primaryKeys", "primary_keys", "pk"],
        Shape::Same,
    ),
    alias(
        "foreignKeys",
        &["foreign_keys", "references", "fks", "relations"],
        Shape::Same,
    ),
    alias(
        "uniqueConstraints",
        &["unique_constraints", "uniques"],
        Shape::Same,
    ),
    alias(
        "checkConstraints",
        &["check_constraints", "checks"],
        Shape::Same,
    ),
    alias("indexes", &["indices"], Shape::Same),
    alias("description", &["comment"], Shape::Same),
];

/// The fields of a column object (a column's primary key, foreign key and index fields are the
/// table's: see `parse::Reader::table_level_field`).
const COLUMN: &[Alias] = &[
    alias(
        "name",
        &["columnName", "column_name", "column"],
        Shape::Same,
    ),
    alias(
        "type",
        &[
            "dataType",
            "data_type",
            "datatype",
            "sqlType",
            "sql_type",
            "columnType",
            "column_type",
        ],
        Shape::Same,
    ),
    alias(
        "nullable",
        &["notNull", "not_null", "notnull", "required"],
        Shape::Inverted,
    ),
    alias(
        "nullable",
        &["isNullable", "is_nullable", "null", "optional"],
        Shape::Same,
    ),
    alias("default", &["default_value", "defaultValue"], Shape::Same),
    alias(
        "autoIncrement",
        &["auto_increment", "autoincrement", "autoIncrements"],
        Shape::Same,
    ),
    alias("unique", &["isUnique", "is_unique"], Shape::Same),
    alias("description", &["comment"], Shape::Same),
];

/// The fields of a foreign key object.
const FOREIGN_KEY: &[Alias] = &[
    alias("columns", &["column", "fromColumns"], Shape::List),
    alias(
        "referencedTable",
        &[
            "references",
            "referenced_table",
            "refTable",
            "table",
            "foreignTable",
            "toTable",
        ],
        Shape::Same,
    ),
    alias(
        "referencedColumns",
        &[
            "referenced_columns",
            "refColumns",
            "foreignColumns",
            "toColumns",
            "referencedColumn",
            "refColumn",
            "foreignColumn",
            "toColumn",
        ],
        Shape::List,
    ),
    alias("onDelete", &["on_delete", "ondelete"], Shape::Same),
    alias("onUpdate", &["on_update", "onupdate"], Shape::Same),
];

/// The kind of object whose fields are meant.
#[derive(Clone, Copy)]
pub(crate) enum Object {
    /// An entry of `tables`.
    Table,
    /// An entry of a table's `columns`.
    Column,
    /// An entry of a table's `foreignKeys`.
    ForeignKey,
}

impl Object {
    fn aliases(self) -> &'static [Alias] {
        match self {
            Object::Table => TABLE,
            Object::Column => COLUMN,
            Object::ForeignKey => FOREIGN_KEY,
        }
    }
}

/// An alias read in place of a missing required field.
pub(crate) struct ReadInstead {
    /// The alias as written.
    pub alias: String,
    /// The field it stands for.
    pub field: &'static str,
    /// The exact JSON to write instead.
    pub suggestion: String,
}

/// What to write for the alias `key` (with `value`) of `object`'s `field`, and the field's
/// value: `None` when `key` is no alias, or its value cannot be turned into the field's.
fn rewrite(object: Object, key: &str, value: &Value) -> Option<(&'static str, Value, String)> {
    let a = object
        .aliases()
        .iter()
        .find(|a| a.spellings.iter().any(|s| s.eq_ignore_ascii_case(key)))?;
    let key_json = Value::String(key.to_string());
    let field_json = Value::String(a.field.to_string());
    let clip = |v: &Value| {
        let text = v.to_string();
        if text.chars().count() > 120 {
            None
        } else {
            Some(text)
        }
    };
    Some(match (a.shape, value) {
        (Shape::Inverted, Value::Bool(b)) => {
            let field = Value::Bool(!b);
            let suggestion = format!("write {field_json}: {field} instead of {key_json}: {b}");
            (a.field, field, suggestion)
        }
        (Shape::Inverted, _) => return None,
        (Shape::List, Value::String(one)) => {
            let field = Value::Array(vec![Value::String(one.clone())]);
            let suggestion = format!(
                "write {field_json}: {field} instead of {key_json}: {}",
                clip(value)?
            );
            (a.field, field, suggestion)
        }
        _ => (
            a.field,
            value.clone(),
            format!("rename {key_json} to {field_json}"),
        ),
    })
}

/// `obj` with each missing field of `required` read from its alias where it has one (the alias
/// removed), and what was read so. Borrowed as it is when nothing was.
pub(crate) fn read_aliases<'o>(
    obj: &'o Map<String, Value>,
    object: Object,
    required: &[&str],
) -> (std::borrow::Cow<'o, Map<String, Value>>, Vec<ReadInstead>) {
    let mut read = Vec::new();
    let mut out: Option<Map<String, Value>> = None;
    for (key, value) in obj {
        let Some((field, field_value, suggestion)) = rewrite(object, key, value) else {
            continue;
        };
        let current = out.as_ref().unwrap_or(obj);
        if !required.contains(&field) || current.contains_key(field) {
            continue;
        }
        let map = out.get_or_insert_with(|| obj.clone());
        map.remove(key.as_str());
        map.insert(field.to_string(), field_value);
        read.push(ReadInstead {
            alias: key.clone(),
            field,
            suggestion,
        });
    }
    // In the order of `required` (name first), not the object's.
    read.sort_by_key(|r| required.iter().position(|f| *f == r.field));
    match out {
        Some(map) => (std::borrow::Cow::Owned(map), read),
        None => (std::borrow::Cow::Borrowed(obj), read),
    }
}

/// For an unknown field of `object` that is an alias of one of its fields: the exact JSON to
/// write (`"nullable": false` for `"notNull": true`), or to remove it when `obj` gives the
/// field already.
pub(crate) fn alias_suggestion(
    object: Object,
    key: &str,
    obj: &Map<String, Value>,
) -> Option<String> {
    let (field, _, suggestion) = rewrite(object, key, &obj[key])?;
    Some(if obj.contains_key(field) {
        format!(
            "remove {}: the object gives {} already",
            Value::String(key.to_string()),
            Value::String(field.to_string())
        )
    } else {
        suggestion
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(json: &str) -> Map<String, Value> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_missing_required_field_is_read_from_its_alias() {
        let obj = map(r#"{"name":"id","dataType":"INTEGER","notNull":true,"defaultValue":1}"#);
        let (read, said) = read_aliases(&obj, Object::Column, &["name", "type", "nullable"]);
        assert_eq!(read["type"], "INTEGER");
        assert_eq!(read["nullable"], false);
        assert!(!read.contains_key("dataType") && !read.contains_key("notNull"));
        // An optional field's alias is left to the unknown-field warning.
        assert!(read.contains_key("defaultValue") && !read.contains_key("default"));
        let suggestions: Vec<&str> = said.iter().map(|r| r.suggestion.as_str()).collect();
        assert_eq!(
            suggestions,
            [
                r#"rename "dataType" to "type""#,
                r#"write "nullable": false instead of "notNull": true"#
            ]
        );
        assert_eq!(
            alias_suggestion(Object::Column, "defaultValue", &read).as_deref(),
            Some(r#"rename "defaultValue" to "default""#)
        );
    }

    #[test]
    fn a_field_given_beside_its_alias_is_kept() {
        let obj = map(r#"{"name":"t","tableName":"u"}"#);
        let (read, said) = read_aliases(&obj, Object::Table, &["name", "columns"]);
        assert_eq!(read["name"], "t");
        assert!(said.is_empty());
        assert_eq!(
            alias_suggestion(Object::Table, "tableName", &read).as_deref(),
            Some(r#"remove "tableName": the object gives "name" already"#)
        );
        // A one-name list is written as a list; a non-boolean notNull is not guessed at.
        let fk = map(r#"{"column":"user_id","table":"users","referencedColumn":"id"}"#);
        let (read, _) = read_aliases(
            &fk,
            Object::ForeignKey,
            &["columns", "referencedTable", "referencedColumns"],
        );
        assert_eq!(read["columns"], serde_json::json!(["user_id"]));
        assert_eq!(read["referencedColumns"], serde_json::json!(["id"]));
        assert_eq!(read["referencedTable"], "users");
        let odd = map(r#"{"notNull":"yes"}"#);
        assert!(read_aliases(&odd, Object::Column, &["nullable"])
            .1
            .is_empty());
    }
}
