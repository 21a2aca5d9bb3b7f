//! Columns named `interval`, `exists` or `trim`: PostgreSQL takes each as a column name (they are
//! "column name" key words there), MySQL takes `trim` (it does not reserve it), and the generator
//! accepts the names. sqlparser, which the self-check and the expression check parse with, read
//! each as the start of an interval literal, an EXISTS subquery or a TRIM call wherever it stood,
//! so a key or index over two columns came back as GENERATED_SQL_REJECTED ("a bug") and a CHECK or
//! partial-index WHERE naming the column as INVALID_CHECK_EXPRESSION / UNKNOWN_COLUMN 'IS', though
//! both engines run the SQL (checked on PostgreSQL 15 and MariaDB 10.11). Found by the random
//! engine test (__test__/engines-random.test.mjs).

use migration_generator::generate_json;
use serde_json::{json, Value};

/// The result (as JSON) of a spec of `tables` on `db`, without timestamps, at a fixed time.
fn result_for(db: &str, tables: Value) -> Value {
    let spec = json!({ "description": "kw", "databaseType": db, "timestamps": false, "now": "2026-02-09T12:00:00Z", "tables": tables });
    serde_json::from_str(&generate_json(&spec.to_string())).unwrap()
}

/// Asserts the result is valid, showing its errors otherwise.
fn assert_valid(r: &Value, what: &str) {
    assert_eq!(
        r["validation"]["valid"],
        json!(true),
        "{what}: {}",
        r["validation"]["errors"]
    );
}

fn generate(db: &str, word: &str) -> Value {
    let mut table = json!({
        "name": "kw_probe",
        "columns": [
            { "name": "id", "type": "INT", "nullable": false },
            { "name": word, "type": "INT", "nullable": true },
            { "name": "other", "type": "INT", "nullable": false }
        ],
        "primaryKey": ["other", "id"],
        "uniqueConstraints": [{ "name": "uq_kw_probe", "columns": [word, "id"] }],
        "checkConstraints": [{ "name": "chk_kw_probe", "expression": format!("{word} > 0 AND {word} IS NOT NULL AND {word} IN (1, 2) AND {word} BETWEEN 0 AND 9") }],
        "indexes": [{ "name": "idx_kw_probe", "columns": ["id", word], "unique": false }],
        "foreignKeys": [{ "columns": [word, "id"], "referencedTable": "kw_probe", "referencedColumns": ["other", "id"] }]
    });
    if db != "mysql" {
        table["indexes"][0]["where"] = json!(format!("{word} IS NOT NULL"));
    }
    result_for(db, json!([table]))
}

/// Per dialect, the keywords sqlparser reads as a special form that the database takes as a
/// column's name (the dialect does not reserve them).
const KEYWORD_COLUMNS: [(&str, &[&str]); 3] = [
    ("postgresql", &["interval", "exists", "trim"]),
    ("mysql", &["trim", "any", "some"]),
    ("sqlite", &["interval", "trim", "any", "some"]),
];

#[test]
fn keyword_column_names_in_keys_checks_and_predicates() {
    for (db, words) in KEYWORD_COLUMNS {
        for word in words {
            let r = generate(db, word);
            assert_valid(&r, &format!("{db}, column {word}"));
            let up = r["upMigration"].as_str().unwrap();
            assert!(up.contains(&format!("UNIQUE ({word}, id)")), "{db}: {up}");
        }
    }
}

#[test]
fn the_keywords_themselves_still_parse_as_keywords() {
    // An interval literal, EXISTS and TRIM calls are still read as what they are.
    for (db, expr) in [
        ("postgresql", "trim(name) <> '' AND name <> 'x'"),
        ("mysql", "trim(name) <> '' AND name <> 'x'"),
        (
            "postgresql",
            "at > TIMESTAMP '2000-01-01 00:00:00' + INTERVAL '1 day'",
        ),
    ] {
        let r = result_for(
            db,
            json!([{
                "name": "kw_probe", "primaryKey": ["id"],
                "columns": [{ "name": "id", "type": "INT", "nullable": false }, { "name": "name", "type": "VARCHAR", "length": 10, "nullable": true }, { "name": "at", "type": "TIMESTAMP", "nullable": true }],
                "checkConstraints": [{ "name": "chk_kw_probe", "expression": expr }]
            }]),
        );
        assert_valid(&r, &format!("{db} {expr}"));
    }
    let r = result_for(
        "postgresql",
        json!([{
            "name": "kw_probe", "primaryKey": ["id"], "columns": [{ "name": "id", "type": "INT", "nullable": false }],
            "checkConstraints": [{ "name": "chk_kw_probe", "expression": "EXISTS (SELECT 1)" }]
        }]),
    );
    assert_eq!(
        r["validation"]["valid"],
        json!(false),
        "a subquery is still refused"
    );
}

/// MySQL lets a table or column be called `ilike`, `is` being reserved: the EXISTS of
/// `IF [NOT] EXISTS ilike` stays the clause's (it was read as a column name before `ilike`, and
/// a valid spec came back as GENERATED_SQL_REJECTED; found by the random engine test).
#[test]
fn if_not_exists_before_a_name_like_an_operator_stays_a_clause() {
    let r = result_for(
        "mysql",
        json!([{ "name": "ilike", "columns": [{ "name": "id", "type": "INT", "nullable": false }], "primaryKey": ["id"],
        "indexes": [{ "name": "ilike_id", "columns": ["id"], "unique": false }] }]),
    );
    assert_valid(&r, "ilike");
    assert!(r["upMigration"]
        .as_str()
        .unwrap()
        .contains("CREATE TABLE IF NOT EXISTS ilike ("));
    assert!(r["downMigration"]
        .as_str()
        .unwrap()
        .contains("DROP TABLE IF EXISTS ilike;"));
}

/// MySQL lets a table be called `only` (PostgreSQL reserves it); sqlparser read the `only` of
/// `ALTER TABLE only ADD CONSTRAINT …` as PostgreSQL's ONLY and ADD as the table, so a valid
/// spec with a foreign key on the table came back as GENERATED_SQL_REJECTED, though MariaDB 10.11
/// runs the statement (found by the random engine test, MariaDB seeds 304, 511, 589, 1109, 1211).
#[test]
fn alter_table_of_a_mysql_table_called_only() {
    let r = result_for(
        "mysql",
        json!([{ "name": "only", "columns": [
        { "name": "id", "type": "INT", "nullable": false, "autoIncrement": true },
        { "name": "parent", "type": "INT", "nullable": true }],
        "foreignKeys": [{ "columns": ["parent"], "referencedTable": "only", "referencedColumns": ["id"] }] }]),
    );
    assert_valid(&r, "only");
    assert!(
        r["upMigration"]
            .as_str()
            .unwrap()
            .contains("ALTER TABLE only\n  ADD CONSTRAINT"),
        "{}",
        r["upMigration"]
    );
}

/// The keyword sweep (__test__/engines/keyword-sweep.mjs: every sqlparser keyword and every
/// reserved word in every place a name stands, on SQLite, PostgreSQL 15, PGlite and MariaDB
/// 10.11) found more of the same: sqlparser reads ANY and SOME after any binary operator as the
/// start of `= ANY (…)`, and INTERVAL, EXISTS and TRIM before an arithmetic operator as their
/// special forms, so a CHECK or partial-index WHERE over a column called `any` or `some` (MySQL,
/// SQLite: neither reserves them), `interval`, `exists` or `trim` (PostgreSQL; `trim` on MySQL,
/// `interval` and `trim` on SQLite) came back as INVALID_CHECK_EXPRESSION ("Expected: (, found:
/// IN"), though each engine runs the SQL.
#[test]
fn keyword_columns_on_either_side_of_any_operator() {
    for (db, words) in KEYWORD_COLUMNS {
        for w in words {
            let check = format!(
                "{w} IS NULL OR id + {w} = 11 OR 12 = {w} OR 13 < {w} AND {w} <= 14 OR {w} * 2 = id - {w} \
                 OR {w} / 2 = 1 OR {w} % 3 = 1 OR {w} - 1 = 0 OR {w} + 1 = 0 OR NOT {w} <> 15 OR {w} IN (1, 2)"
            );
            let mut table = json!({
                "name": "kw_probe", "primaryKey": ["id"],
                "columns": [{ "name": "id", "type": "INT", "nullable": false }, { "name": w, "type": "INT", "nullable": true }],
                "checkConstraints": [{ "name": "chk_kw_probe", "expression": check }],
                "indexes": [{ "name": "idx_kw_probe", "columns": [w, "id"], "unique": false }]
            });
            if db != "mysql" {
                table["indexes"][0]["where"] = json!(format!("id > 0 AND {w} - 1 > 0 OR 0 = {w}"));
            }
            let r = result_for(db, json!([table]));
            assert_valid(&r, &format!("{db}, column {w}"));
        }
    }
}

/// `cast` and `raise` are SQLite keywords it takes as a column's name in `CREATE TABLE t (cast
/// INTEGER)` but refuses in a key, an index or a CHECK (`PRIMARY KEY (cast, id)`: syntax error
/// near ","): the generator accepted the name and then reported its own SQL as rejected
/// (GENERATED_SQL_REJECTED, "a bug"); it is a reserved word of SQLite now (found by the sweep).
#[test]
fn sqlite_refuses_cast_and_raise_as_names() {
    for w in ["cast", "raise"] {
        let r = result_for(
            "sqlite",
            json!([{ "name": "kw_probe", "primaryKey": [w, "id"],
                "columns": [{ "name": "id", "type": "INT", "nullable": false }, { "name": w, "type": "INT", "nullable": false }] }]),
        );
        let codes: Vec<&str> = r["validation"]["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["RESERVED_KEYWORD"], "{w}: {}", r["validation"]);
        // Elsewhere, as ever: MySQL takes both as names, PostgreSQL `raise` (it reserves CAST).
        for db in ["postgresql", "mysql"] {
            if db == "postgresql" && w == "cast" {
                continue;
            }
            let r = result_for(
                db,
                json!([{ "name": w, "primaryKey": [w, "id"],
                    "columns": [{ "name": "id", "type": "INT", "nullable": false }, { "name": w, "type": "INT", "nullable": false }],
                    "checkConstraints": [{ "name": "chk_kw_probe", "expression": format!("{w} > 0") }] }]),
            );
            assert_valid(&r, &format!("{db}, {w}"));
        }
    }
}

/// What the sweep's fix must not change: where the word opens its form (a parenthesis after it;
/// a string after INTERVAL), or where the dialect reserves it, it is still the keyword.
#[test]
fn the_forms_still_parse_as_forms() {
    let columns = json!([{ "name": "id", "type": "INT", "nullable": false }, { "name": "name", "type": "VARCHAR", "length": 10, "nullable": true }, { "name": "at", "type": "TIMESTAMP", "nullable": true }]);
    let check = |db: &str, expr: &str| {
        result_for(
            db,
            json!([{ "name": "kw_probe", "primaryKey": ["id"], "columns": columns,
                "checkConstraints": [{ "name": "chk_kw_probe", "expression": expr }] }]),
        )
    };
    for (db, expr) in [
        ("sqlite", "trim(name) <> '' AND trim (name) <> 'x'"),
        (
            "mysql",
            "trim(name) <> '' AND at + INTERVAL 1 DAY > '2000-01-01 00:00:00'",
        ),
        ("mysql", "at > '2000-01-01 00:00:00' + INTERVAL -1 DAY"),
        (
            "postgresql",
            "at > TIMESTAMP '2000-01-01 00:00:00' - INTERVAL '1 day' * 2",
        ),
        (
            "postgresql",
            "id = ANY (ARRAY[1, 2]) AND id <> ALL (ARRAY[3])",
        ),
    ] {
        assert_valid(&check(db, expr), &format!("{db} {expr}"));
    }
    // Subqueries are still found behind the words that open them.
    for (db, expr) in [
        ("mysql", "id = ANY (SELECT 1)"),
        ("mysql", "id = SOME (SELECT 1)"),
        ("sqlite", "id = ANY (SELECT 1)"),
        ("postgresql", "EXISTS (SELECT 1)"),
    ] {
        let r = check(db, expr);
        assert_eq!(r["validation"]["valid"], json!(false), "{db} {expr}");
    }
}

/// Every sqlparser keyword that a dialect does not reserve is, to the expression check, a
/// column on either side of every operator, as an argument and in CASE (the forms of the keyword
/// sweep's CHECKs, which each engine ran for every such word; `(word)` alone is left out: SQLite
/// reads `(with` as a WITH clause and refuses it, as the check does). Four words SQLite leaves
/// free are read by sqlparser as values, not columns, and so are missing from the columns the
/// check reports, though SQLite reads them as the column when the table has one (TRUE and FALSE:
/// "if there are columns named TRUE or FALSE, the identifiers refer to the columns"; LOCALTIME
/// and LOCALTIMESTAMP are not SQLite keywords at all): the expression is still accepted, and
/// SQLite runs it; known, not fixed.
#[test]
fn every_keyword_a_dialect_leaves_free_is_a_column_in_expressions() {
    use migration_generator::dialect::for_database;
    use migration_generator::expr::check_expression;
    use migration_generator::spec::DatabaseType;
    let forms = [
        "# IS NULL OR # IN (1, 2) OR # NOT IN (3) OR # BETWEEN 5 AND 9 OR abs(#) = 4 OR -# = 10 \
         OR id + # = 11 OR 12 = # OR 13 < # AND # <= 14 OR NOT # <> 15 OR # * 2 = id - # \
         OR coalesce(#, id) = 16 OR CASE WHEN # > 0 THEN # ELSE 0 END = 17 OR # - 1 = 0 \
         OR # + 1 = 0 OR # / 2 = 1 OR # % 3 = 1 OR # IS NOT NULL AND id = 0",
        "# LIKE 'a%' OR # NOT LIKE 'b%' OR lower(#) = # OR '' < # OR # IN ('x', 'y') OR # = upper(#)",
        "# > 0",
        "# <> ''",
    ];
    let mut refused = Vec::new();
    let mut tried = 0;
    for db in [
        DatabaseType::Sqlite,
        DatabaseType::Postgresql,
        DatabaseType::Mysql,
    ] {
        let d = for_database(db);
        for keyword in sqlparser::keywords::ALL_KEYWORDS {
            let w = keyword.to_ascii_lowercase();
            if !migration_generator::validate::is_snake_identifier(&w) || d.is_reserved(&w) {
                continue;
            }
            for form in forms {
                tried += 1;
                let expr = form.replace('#', &w);
                let read_as_a_value = db == DatabaseType::Sqlite
                    && ["true", "false", "localtime", "localtimestamp"].contains(&w.as_str());
                match check_expression(d.parser(), &expr) {
                    Ok(columns) if columns.contains(&w) != read_as_a_value => {}
                    other => refused.push(format!("{db:?} {w}: {other:?}")),
                }
            }
        }
    }
    assert!(tried > 8000, "{tried}");
    assert!(
        refused.is_empty(),
        "{} refused: {refused:#?}",
        refused.len()
    );
}
