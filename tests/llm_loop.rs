//! An orchestrator's loop over LLM-written specs, as a user trial ran it: generate, apply every
//! suggestion literally where it is JSON, generate again. The README promises suggestions can
//! be applied as they stand; a placeholder column (`"primaryKey": ["code"]`), a missing "did
//! you mean" (`org` for `orgs`) and aliased fields said one at a time (`tableName`, then
//! `fields`, then `notNull`) each cost rounds. Each spec here is valid after one or two.

#[path = "common/generated_json.rs"]
mod generated_json;

use generated_json::generated;
use serde_json::{json, Map, Value};

/// The first object, `v` itself or one within it, that has the field `key`.
fn holder<'v>(v: &'v mut Value, key: &str) -> Option<&'v mut Map<String, Value>> {
    if v.as_object().is_some_and(|o| o.contains_key(key)) {
        return v.as_object_mut();
    }
    let children: Vec<&mut Value> = match v {
        Value::Object(o) => o.values_mut().collect(),
        Value::Array(a) => a.iter_mut().collect(),
        _ => Vec::new(),
    };
    children.into_iter().find_map(|c| holder(c, key))
}

/// The object among `objects` (in an array of `within`) that has a string field equal to
/// `name` (its name, or the alias written for it).
fn named<'v>(within: &'v mut Value, name: &str) -> Option<&'v mut Value> {
    let has = |o: &Value| {
        o.as_object()
            .is_some_and(|o| o.values().any(|v| v.as_str() == Some(name)))
    };
    let arrays: Vec<&mut Value> = within
        .as_object_mut()?
        .values_mut()
        .filter(|v| v.is_array())
        .collect();
    arrays
        .into_iter()
        .flat_map(|a| a.as_array_mut().unwrap().iter_mut())
        .find(|o| has(o))
}

/// `"k": v` read as a one-field object.
fn member(text: &str) -> (String, Value) {
    let o: Map<String, Value> = serde_json::from_str(&format!("{{{text}}}"))
        .unwrap_or_else(|e| panic!("not a JSON member: {text} ({e})"));
    assert_eq!(o.len(), 1, "{text}");
    o.into_iter().next().unwrap()
}

/// Applies `issue`'s suggestion to `spec` as a literal reader would; panics on one that says
/// no JSON to write.
fn apply(spec: &mut Value, issue: &Value) {
    let s = issue["suggestion"].as_str().unwrap_or_default();
    if let Some((before, list)) =
        (s.rsplit_once("\"primaryKey\": ")).filter(|_| !s.contains(" instead of "))
    {
        // Said of a column or of the table: the key is the table's in either case. The JSON
        // ends the suggestion, the prose before it says what else to do.
        let table = issue["table"].as_str().unwrap();
        let table = named(spec, table).unwrap_or_else(|| panic!("no table {table}: {issue}"));
        let key: Value = serde_json::from_str(list)
            .unwrap_or_else(|e| panic!("the suggestion does not end with its JSON: {s} ({e})"));
        if before.contains("make it \"nullable\": false") {
            let column = key[0].as_str().unwrap();
            named(table, column).unwrap()["nullable"] = json!(false);
        }
        if let Some(field) = before
            .split("remove ")
            .nth(1)
            .filter(|f| f.starts_with('"'))
        {
            let field: String =
                serde_json::from_str(field.split(" from the column").next().unwrap())
                    .unwrap_or_else(|e| panic!("not a JSON string in {s} ({e})"));
            let column = issue["column"].as_str().unwrap();
            let column = named(table, column).unwrap();
            column.as_object_mut().unwrap().remove(&field).unwrap();
        }
        table["primaryKey"] = key;
        return;
    }
    if s.starts_with("foreign keys are the table's: ") {
        // A foreign key written on the column: the table's, and the column's field removed. The
        // JSON ends the suggestion.
        let at = s.find(": { ").unwrap_or_else(|| panic!("no JSON in {s}"));
        let key: Value = serde_json::from_str(&s[at + 2..])
            .unwrap_or_else(|e| panic!("the suggestion does not end with its JSON: {s} ({e})"));
        let field = issue["message"]
            .as_str()
            .unwrap()
            .split("has '")
            .nth(1)
            .unwrap();
        let field = field.split('\'').next().unwrap();
        let (t, c) = (
            issue["table"].as_str().unwrap(),
            issue["column"].as_str().unwrap(),
        );
        let table = named(spec, t).unwrap();
        named(table, c)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .remove(field)
            .unwrap();
        let keys = table.as_object_mut().unwrap().entry("foreignKeys");
        keys.or_insert(json!([])).as_array_mut().unwrap().push(key);
        return;
    }
    let mut target: &mut Value = spec;
    if let Some(t) = issue["table"].as_str() {
        target = named(target, t).unwrap_or_else(|| panic!("no table {t}: {issue}"));
        if let Some(c) = issue["column"].as_str() {
            target = named(target, c).unwrap_or_else(|| panic!("no column {c}: {issue}"));
        } else if let Some(c) = issue["constraint"].as_str() {
            // An index or constraint the spec names (a foreign key without a name: the table).
            let has = named(target, c).is_some();
            if has {
                target = named(target, c).unwrap();
            }
        }
    }
    let message = issue["message"].as_str().unwrap_or_default();
    if let Some(rest) = s
        .strip_prefix("rename it, for example to '")
        .or_else(|| s.strip_prefix("rename it to '"))
    {
        // A reserved word or a name not in snake_case as the table's, column's or index's
        // name: the name given.
        let meant = rest.split('\'').next().unwrap();
        target["name"] = json!(meant);
    } else if let (Some(rest), Some(path)) = (
        s.strip_prefix("did you mean '"),
        message.split(".foreignKeys[").nth(1),
    ) {
        // A foreign key's action: `foreignKeys[0].onDelete is 'cascade'`.
        let meant = rest.split('\'').next().unwrap();
        let (i, field) = path.split_once("].").unwrap();
        let field = field.split(' ').next().unwrap();
        target["foreignKeys"][i.parse::<usize>().unwrap()][field] = json!(meant);
    } else if let Some(members) = (s.rsplit_once("write ").or_else(|| s.rsplit_once("set ")))
        .map(|(_, m)| m)
        .filter(|m| !m.contains(" instead of ") && m.starts_with('"'))
    {
        // A type written with its parameters, a column made NOT NULL: the fields to write, the
        // JSON at the end.
        let o: Map<String, Value> = serde_json::from_str(&format!("{{{members}}}"))
            .unwrap_or_else(|e| panic!("not JSON members: {members} ({e})"));
        target.as_object_mut().unwrap().extend(o);
    } else if let Some(rest) = s.strip_prefix("rename ") {
        let (from, to) = rest.split_once(" to ").unwrap();
        let (from, to): (String, String) = (
            serde_json::from_str(from).unwrap(),
            serde_json::from_str(to).unwrap(),
        );
        let o = holder(target, &from).unwrap_or_else(|| panic!("no {from}: {issue}"));
        let value = o.remove(&from).unwrap();
        o.insert(to, value);
    } else if let Some(rest) = s.strip_prefix("write ") {
        let (new, old) = rest.split_once(" instead of ").unwrap();
        let ((key, value), (old_key, _)) = (member(new), member(old));
        let o = holder(target, &old_key).unwrap_or_else(|| panic!("no {old_key}: {issue}"));
        o.remove(&old_key);
        o.insert(key, value);
    } else if let Some(rest) = s.strip_prefix("did you mean '") {
        let meant = rest.split('\'').next().unwrap();
        let message = issue["message"].as_str().unwrap();
        let given = message.split("references the table '").nth(1).unwrap();
        let given = given.split('\'').next().unwrap();
        let fk = target["foreignKeys"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|fk| fk["referencedTable"] == given)
            .unwrap();
        fk["referencedTable"] = json!(meant);
    } else {
        panic!("no JSON to apply in the suggestion: {issue}");
    }
}

/// The rounds of fixes `spec` takes to be valid for `db` (errors' suggestions, and warnings'
/// about fields the spec knows by another name, applied literally), up to four.
fn rounds(db: &str, tables: Value) -> usize {
    let mut spec = json!({ "description": "llm", "databaseType": db, "tables": tables });
    for round in 0..4 {
        let result = generated(&spec);
        if result["validation"]["valid"] == true {
            return round;
        }
        let report = &result["validation"];
        let errors = report["errors"].as_array().unwrap().clone();
        let renames = report["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| {
                let s = w["suggestion"].as_str().unwrap_or_default();
                w["code"] == "UNKNOWN_FIELD"
                    && (s.starts_with("rename ") || s.starts_with("write "))
            })
            .cloned()
            .collect::<Vec<_>>();
        for issue in errors.iter().chain(&renames) {
            apply(&mut spec, issue);
        }
    }
    panic!("not valid after 4 rounds: {spec}");
}

const DIALECTS: [&str; 3] = ["sqlite", "postgresql", "mysql"];

/// `"primaryKey": ["code"]` whatever the columns were: pasted, UNKNOWN_COLUMN.
#[test]
fn a_missing_primary_key_names_a_column_of_the_table() {
    for db in DIALECTS {
        let products = json!([{ "name": "products", "columns": [
            { "name": "title", "type": "TEXT", "nullable": true },
            { "name": "sku", "type": "VARCHAR", "length": 32, "nullable": false }
        ] }]);
        assert_eq!(rounds(db, products), 1, "{db}");
        let marked_unique = json!([{ "name": "people", "columns": [
            { "name": "email", "type": "VARCHAR", "length": 200, "nullable": false, "unique": true },
            { "name": "uuid", "type": "VARCHAR", "length": 36, "nullable": false }
        ] }]);
        assert_eq!(rounds(db, marked_unique), 1, "{db}");
        let nullable_only = json!([{ "name": "events", "columns": [
            { "name": "at", "type": "VARCHAR", "length": 40, "nullable": true }
        ] }]);
        assert_eq!(rounds(db, nullable_only), 1, "{db}");
    }
    let result = generated(
        &json!({ "description": "d", "databaseType": "sqlite", "tables": [
        { "name": "people", "columns": [
            { "name": "nick", "type": "TEXT", "nullable": true },
            { "name": "email", "type": "TEXT", "nullable": false, "unique": true }
        ] }
    ] }),
    );
    assert_eq!(
        result["validation"]["errors"][0]["suggestion"],
        "name the column(s) whose values are unique, or add an id column with \"autoIncrement\": true; if those of 'email' are, add to the table: \"primaryKey\": [\"email\"]"
    );
}

/// `org` and `tag` got no "did you mean" (words under four letters got none); `user` did.
#[test]
fn a_foreign_key_to_one_of_many_gets_the_plural() {
    for (wanted, have) in [("org", "orgs"), ("tag", "tags"), ("users", "user")] {
        let tables = json!([
            { "name": have, "columns": [{ "name": "id", "type": "INTEGER", "nullable": false }],
              "primaryKey": ["id"] },
            { "name": "posts", "columns": [
                { "name": "id", "type": "INTEGER", "nullable": false },
                { "name": "ref_id", "type": "INTEGER", "nullable": false }
              ], "primaryKey": ["id"],
              "foreignKeys": [{ "columns": ["ref_id"], "referencedTable": wanted, "referencedColumns": ["id"] }] }
        ]);
        for db in DIALECTS {
            // PostgreSQL refuses a table named user (RESERVED_KEYWORD, "rename it, for example
            // to 'users'"), said alone: renamed as said, the foreign key finds 'users'.
            assert_eq!(rounds(db, tables.clone()), 1, "{db} {wanted}");
        }
    }
}

/// A table in another tool's words: `tableName`, `fields`, `dataType`, `notNull`. It took an
/// LLM about three rounds (the name first, the fields' warnings later, never mapped).
#[test]
fn fields_in_other_words_are_all_said_in_the_first_round() {
    let tables = json!([
        { "tableName": "users", "fields": [
            { "name": "id", "dataType": "INTEGER", "notNull": true },
            { "name": "email", "data_type": "TEXT", "required": false, "defaultValue": "x" }
        ], "primaryKey": ["id"] },
        { "table_name": "orgs", "cols": [
            { "column_name": "id", "sqlType": "INTEGER", "not_null": true },
            { "name": "owner_id", "type": "INTEGER", "isNullable": true }
        ], "primary_key": ["id"],
          "foreignKeys": [{ "column": "owner_id", "table": "users", "referencedColumn": "id" }] }
    ]);
    for db in DIALECTS {
        assert_eq!(rounds(db, tables.clone()), 1, "{db}");
    }
    // Said at once, each with the JSON to write; the table is read as meant (its primary key
    // is not said to be missing).
    let result = generated(
        &json!({ "description": "d", "databaseType": "sqlite", "tables": [
        { "tableName": "users", "fields": [{ "name": "id", "dataType": "INTEGER", "notNull": true }] }
    ] }),
    );
    let said: Vec<(&str, &str)> = result["validation"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["code"].as_str().unwrap(),
                e["suggestion"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        said[..4],
        [
            ("INVALID_SPEC", r#"rename "tableName" to "name""#),
            ("INVALID_SPEC", r#"rename "fields" to "columns""#),
            ("INVALID_SPEC", r#"rename "dataType" to "type""#),
            (
                "INVALID_SPEC",
                r#"write "nullable": false instead of "notNull": true"#
            ),
        ],
        "{said:?}"
    );
    assert_eq!(said[4].0, "MISSING_PRIMARY_KEY", "{said:?}");
    assert_eq!(said.len(), 5, "{said:?}");
    // Beside the field it stands for, an alias is a warning that names the field.
    let result = generated(
        &json!({ "description": "d", "databaseType": "sqlite", "tables": [
        { "name": "t", "columns": [{ "name": "id", "type": "INTEGER", "nullable": false, "notNull": true, "defaultValue": 1 }],
          "primaryKey": ["id"] }
    ] }),
    );
    let warnings: Vec<&str> = result["validation"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "UNKNOWN_FIELD")
        .map(|w| w["suggestion"].as_str().unwrap())
        .collect();
    // In the order of the fields as sent (serde_json's Value sorts an object's keys).
    assert_eq!(
        warnings,
        [
            r#"rename "defaultValue" to "default""#,
            r#"remove "notNull": the object gives "nullable" already"#
        ]
    );
}

/// A column's `isPrimaryKey` (or `primary`, `pk`) is the table's primary key.
#[test]
fn a_column_marked_as_the_key_takes_a_round_or_two() {
    let tables = json!([{ "name": "tags", "columns": [
        { "name": "id", "type": "INTEGER", "nullable": false, "isPrimaryKey": true },
        { "name": "label", "type": "TEXT", "nullable": false }
    ] }]);
    for db in DIALECTS {
        let n = rounds(db, tables.clone());
        assert!((1..=2).contains(&n), "{db}: {n}");
    }
}

/// Column and index renames suggested a name the table (the spec) already had: `Email` next to
/// `email` was told `email`, then DUPLICATE_COLUMN; the reserved `group` next to `group_value`,
/// `group_value`. Each now names a free name, valid after one round.
#[test]
fn a_suggested_rename_is_free_of_the_other_names() {
    let text = |n: &str| json!({ "name": n, "type": "TEXT", "nullable": true });
    let id = json!({ "name": "id", "type": "INTEGER", "nullable": false });
    for db in DIALECTS {
        for pair in [
            ["Email", "email"],
            ["userId", "user_id"],
            ["Email", "EMAIL"],
        ] {
            let tables = json!([{ "name": "users", "columns": [id, text(pair[0]), text(pair[1])],
                "primaryKey": ["id"] }]);
            assert_eq!(rounds(db, tables), 1, "{db} {pair:?}");
        }
        let tables = json!([{ "name": "users", "columns": [id, text("e"), text("f")],
            "primaryKey": ["id"], "indexes": [
                { "name": "E_Idx", "columns": ["e"] }, { "name": "e_idx", "columns": ["f"] }
            ] }]);
        assert_eq!(rounds(db, tables), 1, "{db}");
    }
    let tables = json!([{ "name": "users", "columns": [id, text("group"), text("group_value")],
        "primaryKey": ["id"] }]);
    assert_eq!(rounds("postgresql", tables), 1);
}

/// A column's `references` with `onDelete: 'cascade'` was told a foreign key with
/// `"onDelete": "cascade"`, which pasted gave INVALID_SPEC: the action is spelt as the spec
/// spells it, or left out when it is none. A foreign key's own `'cascade'` is told 'CASCADE'.
#[test]
fn a_foreign_key_suggested_from_a_column_pastes_valid() {
    let id = json!({ "name": "id", "type": "INTEGER", "nullable": false });
    for (action, said) in [
        ("cascade", Some("CASCADE")),
        ("set_null", Some("SET NULL")),
        ("wipe", None),
    ] {
        for db in DIALECTS {
            let tables = json!([
                { "name": "authors", "columns": [id], "primaryKey": ["id"] },
                { "name": "posts", "columns": [id, { "name": "author_id", "type": "INTEGER",
                    "nullable": true, "references": "authors(id)", "onDelete": action }],
                  "primaryKey": ["id"] }
            ]);
            let result =
                generated(&json!({ "description": "d", "databaseType": db, "tables": tables }));
            let s = result["validation"]["errors"][0]["suggestion"]
                .as_str()
                .unwrap()
                .to_string();
            match said {
                Some(a) => assert!(s.contains(&format!("\"onDelete\": \"{a}\" }}")), "{s}"),
                None => assert!(
                    !s.contains("\"onDelete\":") && s.contains("onDelete \"wipe\" is left out"),
                    "{s}"
                ),
            }
            assert_eq!(rounds(db, tables), 1, "{db} {action}");
        }
    }
    for db in DIALECTS {
        let tables = json!([
            { "name": "authors", "columns": [id], "primaryKey": ["id"] },
            { "name": "posts", "columns": [id, { "name": "author_id", "type": "INTEGER", "nullable": true }],
              "primaryKey": ["id"], "foreignKeys": [{ "columns": ["author_id"],
                "referencedTable": "authors", "referencedColumns": ["id"], "onDelete": "cascade" }] }
        ]);
        let result =
            generated(&json!({ "description": "d", "databaseType": db, "tables": tables }));
        // Named as other issues about a foreign key are.
        assert_eq!(
            result["validation"]["errors"][0]["constraint"], "fk_posts_author_id",
            "{db}"
        );
        assert_eq!(rounds(db, tables), 1, "{db}");
    }
}

/// A type written with out-of-range parameters was told them back (`"precision": 9` for
/// TIMESTAMP(9), while the same text said 0 to 6): the JSON to paste holds a valid value.
#[test]
fn a_type_with_parameters_out_of_range_is_told_a_valid_one() {
    let id = json!({ "name": "id", "type": "INTEGER", "nullable": false });
    for db in DIALECTS {
        for ty in [
            "TIMESTAMP(9)",
            "DATETIME(7)",
            "VARCHAR(0)",
            "DECIMAL(5,7)",
            "DECIMAL(0)",
            "TIMESTAMP(3)",
            "INT(11)",
            "TINYINT(1)",
            "UUID(4)",
            "BIGINT UNSIGNED",
        ] {
            let tables = json!([{ "name": "t", "columns": [id, { "name": "x", "type": ty, "nullable": true }],
                "primaryKey": ["id"] }]);
            assert_eq!(rounds(db, tables), 1, "{db} {ty}");
        }
    }
}

/// The JSON a suggestion ends with: a `"field": value` member, or an object (`{ … }`); `None`
/// when what follows the prose is not JSON to the end.
fn json_at_the_end(s: &str) -> Option<Value> {
    let member = (0..s.len())
        .filter(|&i| s.is_char_boundary(i) && s[i..].starts_with('"'))
        .find_map(|i| serde_json::from_str::<Map<String, Value>>(&format!("{{{}}}", &s[i..])).ok())
        .map(Value::Object);
    let object = (0..s.len())
        .filter(|&i| s.is_char_boundary(i) && s[i..].starts_with('{'))
        .find_map(|i| serde_json::from_str::<Value>(&s[i..]).ok());
    object.or(member)
}

/// The suggestions about a primary key or a foreign key written on a column, a missing primary
/// key and an autoIncrement column that is not the whole key gave their JSON and then prose
/// ("… to the table if its values are unique, or …"): pasted as it stood, the prose came along.
/// Each now ends with the JSON, the prose before it, as the type suggestions do; pasted, one
/// round makes the spec valid.
#[test]
fn key_suggestions_end_with_their_json() {
    let id = json!({ "name": "id", "type": "INTEGER", "nullable": false });
    let text = |n: &str, nullable: bool| json!({ "name": n, "type": "TEXT", "nullable": nullable });
    let cases = [
        // A column that says it is the key.
        json!([{ "name": "tags", "columns": [
            { "name": "id", "type": "INTEGER", "nullable": false, "isPrimaryKey": true },
            text("label", false)] }]),
        // No key: 'id', a unique NOT NULL column, a nullable one.
        json!([{ "name": "t", "columns": [id, text("n", true)] }]),
        json!([{ "name": "t", "columns": [text("sku", false), text("n", true)] }]),
        json!([{ "name": "t", "columns": [
            { "name": "email", "type": "TEXT", "nullable": true, "unique": true }] }]),
        // A foreign key on the column, with an action the spec spells otherwise and one it
        // does not have.
        json!([
            { "name": "authors", "columns": [id], "primaryKey": ["id"] },
            { "name": "posts", "columns": [id, { "name": "author_id", "type": "INTEGER",
                "nullable": true, "references": "authors(id)", "onDelete": "wipe",
                "onUpdate": "cascade" }], "primaryKey": ["id"] }
        ]),
        // autoIncrement on a column that is not the key, or part of a key of two.
        json!([{ "name": "t", "columns": [text("n", false),
            { "name": "num", "type": "INTEGER", "nullable": false, "autoIncrement": true }],
            "primaryKey": ["n"] }]),
        json!([{ "name": "t", "columns": [text("n", false),
            { "name": "num", "type": "INTEGER", "nullable": false, "autoIncrement": true }],
            "primaryKey": ["num", "n"] }]),
    ];
    for db in DIALECTS {
        for tables in &cases {
            let result = generated(
                &json!({ "description": "d", "databaseType": db, "tables": tables.clone() }),
            );
            let said: Vec<&str> = result["validation"]["errors"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|e| e["suggestion"].as_str())
                .filter(|s| s.contains("\"primaryKey\": [") || s.contains("\"referencedTable\""))
                .collect();
            assert!(!said.is_empty(), "{db} {tables}: {result}");
            for s in said {
                let json = json_at_the_end(s)
                    .unwrap_or_else(|| panic!("{db}: no JSON at the end of: {s}"));
                assert!(
                    json.get("primaryKey").is_some() || json.get("referencedTable").is_some(),
                    "{db}: {s}"
                );
            }
            assert_eq!(rounds(db, tables.clone()), 1, "{db} {tables}");
        }
    }
    // As said, for the foreign key: what is left out is said before the JSON.
    let result =
        generated(&json!({ "description": "d", "databaseType": "sqlite", "tables": cases[4] }));
    assert_eq!(
        result["validation"]["errors"][0]["suggestion"],
        "foreign keys are the table's: remove \"references\" from the column, and add to foreignKeys of table 'posts' (onDelete \"wipe\" is left out: it is not one of 'CASCADE', 'SET NULL', 'RESTRICT' or 'NO ACTION'): { \"columns\": [\"author_id\"], \"referencedTable\": \"authors\", \"referencedColumns\": [\"id\"], \"onUpdate\": \"CASCADE\" }"
    );
}

/// `"type": "serial"` on a nullable column took three reports to be valid: the type
/// (`"type": "INTEGER", "autoIncrement": true`), then the key nullable (its suggestion no JSON
/// to paste), each fix showing the next error. The first report now says all of it.
#[test]
fn a_serial_nullable_column_is_valid_after_one_round() {
    let text = json!({ "name": "n", "type": "TEXT", "nullable": true });
    let cases = [
        json!([{ "name": "t", "columns": [{ "name": "id", "type": "serial", "nullable": true }, text] }]),
        json!([{ "name": "t", "columns": [{ "name": "id", "type": "SERIAL", "nullable": true }, text],
            "primaryKey": ["id"] }]),
        json!([{ "name": "t", "columns": [{ "name": "num", "type": "bigserial", "nullable": true }, text] }]),
        // The type right, the column nullable: the key autoIncrement makes it.
        json!([{ "name": "t", "columns": [
            { "name": "id", "type": "INTEGER", "autoIncrement": true, "nullable": true }, text] }]),
        json!([{ "name": "t", "columns": [
            { "name": "id", "type": "INTEGER", "autoIncrement": true, "nullable": true }, text],
            "primaryKey": ["id"] }]),
        json!([{ "name": "t", "columns": [{ "name": "n", "type": "TEXT", "nullable": false },
            { "name": "num", "type": "INTEGER", "autoIncrement": true, "nullable": true }],
            "primaryKey": ["n"] }]),
    ];
    for db in DIALECTS {
        for tables in &cases {
            assert_eq!(rounds(db, tables.clone()), 1, "{db} {tables}");
        }
    }
}
