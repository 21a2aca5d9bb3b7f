//! A MySQL TEXT column that a migration from `previousSpec` puts in a UNIQUE or an index, its
//! type left as it was (src/mysql_key_text.rs): MySQL cannot index TEXT without a prefix length,
//! so the column becomes VARCHAR(255), a narrowing from LONGTEXT. A user trial only added
//! `"unique": true` to `slug` and an index on `body` and was told of a type change it never
//! made, with "keep the type" as the fix. Its `TYPE_NARROWING` now says why and what to do, and
//! gives the query that finds the rows longer than 255 characters, which refuse the migration:
//! run on MariaDB 10.11 with such a row, the migration is refused (Data too long), the query
//! finds that row, and the fix it suggests (a VARCHAR of the length the values need) migrates
//! every row as it was.
//!
//! The MariaDB tests run in a scratch database of their own (`mg_rt_*`,
//! tests/common/servers.rs), dropped afterwards; a server that cannot be reached is skipped with
//! a loud line, unless CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generate, generated};
use serde_json::{json, Value};
use servers::Server;

/// The table `docs` with `slug` as `slug` gives (NOT NULL) and a nullable TEXT `body`, with the
/// table's fields of `extra`.
fn docs(slug: Value, extra: Value) -> Value {
    let mut t = json!({ "name": "docs", "primaryKey": ["id"], "columns": [
        col("id", "INTEGER", json!({ "nullable": false })),
        slug,
        col("body", "TEXT", json!({})) ] });
    t.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    t
}

/// A MySQL spec of the one table.
fn spec(table: Value) -> Value {
    json!({ "description": "s", "databaseType": "mysql", "timestamps": false, "tables": [table] })
}

/// The user trial's previousSpec: `slug` TEXT NOT NULL, `body` TEXT, in no key.
fn before() -> Value {
    spec(docs(
        col("slug", "TEXT", json!({ "nullable": false })),
        json!({}),
    ))
}

/// The user trial's spec: `slug` given `"unique": true` (its type left TEXT), an index on
/// `body`, from [`before`]; `allowDataLoss` as given.
fn after(allow_data_loss: bool) -> Value {
    let mut s = spec(docs(
        col("slug", "TEXT", json!({ "nullable": false, "unique": true })),
        json!({ "indexes": [{ "name": "idx_docs_body", "columns": ["body"] }] }),
    ));
    s["previousSpec"] = before();
    s["allowDataLoss"] = json!(allow_data_loss);
    s
}

/// The `TYPE_NARROWING` of `column` among `list` (errors or warnings).
fn narrowing<'a>(list: &'a Value, column: &str) -> &'a Value {
    (list.as_array().unwrap().iter())
        .find(|i| i["code"] == "TYPE_NARROWING" && i["column"] == column)
        .unwrap_or_else(|| panic!("no TYPE_NARROWING of {column} in {list}"))
}

/// Without allowDataLoss: an error that names the cause (the UNIQUE, the index, MySQL's TEXT
/// keys) and the fix (a VARCHAR of the length the values need, or the column out of the key),
/// not "keep the type".
#[test]
fn the_error_says_the_key_makes_text_varchar_and_what_to_do() {
    let out = generated(&after(false));
    let errors = &out["validation"]["errors"];
    let slug = narrowing(errors, "slug");
    assert_eq!(slug["type"], "error");
    let message = slug["message"].as_str().unwrap();
    assert!(
        message.starts_with("'slug' is TEXT in previousSpec and in the spec, but MySQL cannot index a TEXT column without a prefix length, which the spec has no field for, so the UNIQUE this migration adds to it makes it VARCHAR(255): changing 'slug' from LONGTEXT to VARCHAR(255) "),
        "{message}"
    );
    assert_eq!(
        slug["suggestion"],
        "give 'slug' \"type\": \"VARCHAR\" and a \"length\" its longest value fits (at most 768 in a key; the longest now: SELECT MAX(CHAR_LENGTH(slug)) FROM docs) and set allowDataLoss: true (LONGTEXT to VARCHAR narrows too; rows longer than the length refuse the migration); or leave 'slug' out of the UNIQUE; or set allowDataLoss: true to take VARCHAR(255), once the rows longer than 255 characters, which refuse the migration, are shortened (found with: SELECT * FROM docs WHERE CHAR_LENGTH(slug) > 255)"
    );
    let body = narrowing(errors, "body");
    assert!(
        (body["message"].as_str().unwrap())
            .contains("so the index idx_docs_body makes it VARCHAR(255): "),
        "{body}"
    );
    assert!(
        (body["suggestion"].as_str().unwrap())
            .contains("or leave 'body' out of the index idx_docs_body; ")
            && (body["suggestion"].as_str().unwrap())
                .ends_with("(found with: SELECT * FROM docs WHERE CHAR_LENGTH(body) > 255)"),
        "{body}"
    );
    // A type the user changed keeps the words of any narrowing.
    let mut changed = after(false);
    changed["tables"][0]["columns"][1] = col(
        "slug",
        "VARCHAR",
        json!({ "nullable": false, "unique": true, "length": 400 }),
    );
    let out = generated(&changed);
    let slug = narrowing(&out["validation"]["errors"], "slug");
    assert!(
        (slug["message"].as_str().unwrap())
            .starts_with("changing 'slug' from LONGTEXT to VARCHAR(400) "),
        "{slug}"
    );
}

/// With allowDataLoss: a warning that says rows longer than 255 characters make MySQL refuse
/// the migration, with the query that finds them.
#[test]
fn the_warning_gives_the_query_of_the_rows_that_refuse_it() {
    let out = generate(&after(true));
    let slug = narrowing(&out["validation"]["warnings"], "slug");
    assert!(
        (slug["message"].as_str().unwrap()).contains(
            "a value longer than 255 characters, spaces at its end included, refuses the migration"
        ),
        "{slug}"
    );
    assert_eq!(
        slug["suggestion"],
        "before running it, shorten or delete the rows longer than 255 characters, each of which makes MySQL refuse the migration (Data too long), found with: SELECT * FROM docs WHERE CHAR_LENGTH(slug) > 255; or give 'slug' \"type\": \"VARCHAR\" and a \"length\" its longest value fits (at most 768 in a key; the longest now: SELECT MAX(CHAR_LENGTH(slug)) FROM docs)"
    );
}

/// A table created with a UNIQUE TEXT column: VARCHAR(255) from the start, said by
/// LOSSY_TYPE_MAPPING with the length limit of a key (no rows to refuse anything).
#[test]
fn a_created_table_says_the_key_column_is_varchar_255() {
    let mut first = after(false);
    first.as_object_mut().unwrap().remove("previousSpec");
    let out = generate(&first);
    let lossy: Vec<&Value> = (out["validation"]["warnings"].as_array().unwrap().iter())
        .filter(|w| w["code"] == "LOSSY_TYPE_MAPPING")
        .collect();
    assert_eq!(lossy.len(), 2, "{lossy:?}");
    assert_eq!(lossy[0]["column"], "slug");
    assert_eq!(lossy[0]["message"], "MySQL cannot index a TEXT column without a prefix length, which the spec has no field for, so this key column is VARCHAR(255): a longer value is refused (Data too long)");
    assert!(
        (lossy[0]["suggestion"].as_str().unwrap()).contains("at most 768 characters in a key"),
        "{}",
        lossy[0]
    );
    let up = out["upMigration"].as_str().unwrap();
    assert!(up.contains("slug VARCHAR(255) NOT NULL UNIQUE"), "{up}");
}

/// On MariaDB with a row of 300 characters: the up migration is refused (Data too long), the
/// warning's query finds that row, and with the fix it suggests (`slug` VARCHAR(400)) every row
/// is migrated as it was; a short row only, VARCHAR(255) takes it.
#[test]
fn a_row_longer_than_255_refuses_it_on_mariadb_and_the_query_finds_it() {
    let Some(db) = Server::MariaDb.scratch("key_text") else {
        return;
    };
    db.exec(generate(&before())["upMigration"].as_str().unwrap());
    let long = "x".repeat(300);
    db.exec(&format!(
        "INSERT INTO docs (id, slug, body) VALUES (1, 'short', 'b'), (2, '{long}', 'c');"
    ));
    let out = generate(&after(true));
    let suggestion = narrowing(&out["validation"]["warnings"], "slug")["suggestion"]
        .as_str()
        .unwrap()
        .to_string();
    let query = suggestion
        .split("found with: ")
        .nth(1)
        .unwrap()
        .split("; ")
        .next()
        .unwrap();
    assert_eq!(db.exec(&format!("SELECT id FROM ({query}) q;")), "2\n");
    let error = db.run(out["upMigration"].as_str().unwrap()).unwrap_err();
    assert!(error.contains("Data too long for column 'slug'"), "{error}");
    // One ALTER TABLE: refused, it changed nothing.
    assert_eq!(
        db.exec("SELECT column_type FROM information_schema.columns WHERE table_schema = DATABASE() AND column_name = 'slug';"),
        "longtext\n"
    );
    // The fix the suggestion gives: a VARCHAR the values fit.
    let mut fixed = after(true);
    fixed["tables"][0]["columns"][1] = col(
        "slug",
        "VARCHAR",
        json!({ "nullable": false, "unique": true, "length": 400 }),
    );
    let up = generate(&fixed)["upMigration"]
        .as_str()
        .unwrap()
        .to_string();
    db.exec(&up);
    assert_eq!(
        db.exec("SELECT id, CHAR_LENGTH(slug) FROM docs ORDER BY id;"),
        "1\t5\n2\t300\n"
    );
    // The long row gone, VARCHAR(255) is taken as the user's spec has it.
    let Some(db) = Server::MariaDb.scratch("key_text_short") else {
        return;
    };
    db.exec(generate(&before())["upMigration"].as_str().unwrap());
    db.exec("INSERT INTO docs (id, slug, body) VALUES (1, 'short', 'b');");
    db.exec(generate(&after(true))["upMigration"].as_str().unwrap());
    assert_eq!(
        db.exec("SELECT column_type FROM information_schema.columns WHERE table_schema = DATABASE() AND column_name = 'slug';"),
        "varchar(255)\n"
    );
}
