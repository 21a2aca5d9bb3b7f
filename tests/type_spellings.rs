//! A column whose type is only spelled otherwise in the spec than in `previousSpec` (a user
//! trial's PostgreSQL `DECIMAL(10,2)` made `NUMERIC(10,2)` was written as an `ALTER COLUMN …
//! TYPE`, which takes an exclusive lock and is refused under a view) is no change.
//!
//! Every pair of the spec's column types (each with the lengths, precisions and scales it
//! takes) is tried on each engine: the type the engine stores for each (PostgreSQL 15's
//! `format_type`, MariaDB 10.11's `COLUMN_TYPE` and its CHECKs, SQLite's table text) is read
//! from a table the generator creates, and a migration from one to the other is `NO_CHANGES`
//! exactly when the engine stores both the same, with the TypeScript of the spec as it is.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::generated as generate;
use migration_generator::spec::ColumnType;
use serde_json::{json, Value};
use servers::Server;

/// Every type of the spec, with each length, precision and scale (or none) it takes.
fn variants() -> Vec<Value> {
    let mut out = Vec::new();
    for ty in ColumnType::ALL {
        let base = json!({ "type": ty.as_str(), "nullable": true });
        let with = |extra: Value| {
            let mut c = base.clone();
            c.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            c
        };
        out.push(base.clone());
        if ty.takes_length() {
            out.extend([1, 36].map(|n| with(json!({ "length": n }))));
        }
        if ty.takes_precision() {
            out.push(with(json!({ "precision": 10 })));
            out.push(with(json!({ "precision": 10, "scale": 0 })));
            out.push(with(json!({ "precision": 10, "scale": 2 })));
        }
        if ty.takes_fractional_seconds() {
            out.extend([0, 3, 6].map(|p| with(json!({ "precision": p }))));
        }
    }
    out
}

/// The table `p`: an `id` key and `columns`.
fn spec(db: &str, columns: Vec<Value>) -> Value {
    let id = json!({ "name": "id", "type": "INTEGER", "nullable": false });
    let columns: Vec<Value> = std::iter::once(id).chain(columns).collect();
    json!({ "description": "s", "databaseType": db, "timestamps": false,
            "tables": [{ "name": "p", "primaryKey": ["id"], "columns": columns }] })
}

fn named(c: &Value, name: &str) -> Value {
    let mut c = c.clone();
    c["name"] = json!(name);
    c
}

fn up(spec: &Value) -> String {
    let v = generate(spec);
    assert!(v["validation"]["valid"].as_bool().unwrap(), "{v}");
    v["upMigration"].as_str().unwrap().to_string()
}

/// The type each variant is stored with on `db` ("postgresql", "mysql", "sqlite"), read from
/// the engine, or `None` where no engine of it can be reached.
fn stored_types(db: &str, variants: &[Value]) -> Option<Vec<String>> {
    let columns = (variants.iter().enumerate())
        .map(|(i, c)| named(c, &format!("c{i}")))
        .collect();
    let sql = up(&spec(db, columns));
    match db {
        // Each variant's table text, CHECKs included.
        "sqlite" => Some(
            (variants.iter())
                .map(|c| {
                    let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
                    conn.execute_batch(&up(&spec(db, vec![named(c, "x")])))
                        .unwrap();
                    conn.query_row("SELECT sql FROM sqlite_master WHERE name = 'p'", [], |r| {
                        r.get(0)
                    })
                    .unwrap()
                })
                .collect(),
        ),
        "postgresql" => {
            let db = Server::Postgres.scratch("spellings")?;
            db.exec(&sql);
            let out = db.exec(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute \
                 WHERE attrelid = 'p'::regclass AND attnum > 0 ORDER BY attnum;",
            );
            Some(
                out.lines()
                    .skip(1)
                    .map(|l| l.split('|').nth(1).unwrap().to_string())
                    .collect(),
            )
        }
        _ => {
            let db = Server::MariaDb.scratch("spellings")?;
            db.exec(&sql);
            // MariaDB's JSON is LONGTEXT with a CHECK (json_valid).
            let out = db.exec(
                "SELECT c.COLUMN_TYPE, REPLACE(COALESCE(k.CHECK_CLAUSE, ''), c.COLUMN_NAME, 'x') \
                 FROM information_schema.COLUMNS c LEFT JOIN information_schema.CHECK_CONSTRAINTS k \
                 ON k.CONSTRAINT_SCHEMA = c.TABLE_SCHEMA AND k.TABLE_NAME = c.TABLE_NAME \
                 AND k.CONSTRAINT_NAME = c.COLUMN_NAME \
                 WHERE c.TABLE_SCHEMA = DATABASE() AND c.TABLE_NAME = 'p' ORDER BY c.ORDINAL_POSITION;",
            );
            Some(out.lines().skip(1).map(str::to_string).collect())
        }
    }
}

/// Every pair of variants: `NO_CHANGES` (and empty migrations) exactly when the engine stores
/// both the same; then the TypeScript is the spec's, as generated without previousSpec.
fn pairs_are_no_change_exactly_when_stored_the_same(db: &str) {
    let variants = variants();
    let Some(stored) = stored_types(db, &variants) else {
        return;
    };
    assert_eq!(stored.len(), variants.len());
    let mut wrong = Vec::new();
    for (i, a) in variants.iter().enumerate() {
        for (j, b) in variants.iter().enumerate() {
            if i == j {
                continue;
            }
            let mut now = spec(db, vec![named(b, "x")]);
            now["previousSpec"] = spec(db, vec![named(a, "x")]);
            now["allowDataLoss"] = json!(true);
            let v = generate(&now);
            // SQLite's note that it does not apply a shorter length (it stores both as TEXT):
            // said exactly where a text column's length becomes shorter, and besides
            // NO_CHANGES.
            let shorter = |w: &Value| {
                w["code"] == "LOSSY_TYPE_MAPPING"
                    && w["message"]
                        .as_str()
                        .unwrap()
                        .contains("which SQLite does not apply")
            };
            let text =
                |c: &Value| ["TEXT", "VARCHAR", "CHAR"].contains(&c["type"].as_str().unwrap());
            // A CHAR without a length is CHAR(1).
            let length = |c: &Value| match c["type"].as_str().unwrap() {
                "CHAR" => Some(c["length"].as_u64().unwrap_or(1)),
                _ => c["length"].as_u64(),
            };
            let narrowed = db == "sqlite"
                && text(a)
                && b["type"] != "TEXT"
                && text(b)
                && length(b).is_some_and(|n| length(a).is_none_or(|o| n < o));
            let noted = (v["validation"]["warnings"].as_array().unwrap().iter()).any(shorter);
            assert_eq!(noted, narrowed, "{a} -> {b}: {v}");
            let codes: Vec<&str> = (v["validation"]["warnings"].as_array().unwrap().iter())
                .filter(|w| !shorter(w))
                .chain(v["validation"]["errors"].as_array().unwrap())
                .map(|w| w["code"].as_str().unwrap())
                .collect();
            // Besides NO_CHANGES, only what the spec alone is told (LOSSY_TYPE_MAPPING).
            let alone = generate(&spec(db, vec![named(b, "x")]));
            let spec_alone: Vec<&str> = (alone["validation"]["warnings"].as_array().unwrap())
                .iter()
                .map(|w| w["code"].as_str().unwrap())
                .collect();
            let no_change = codes.contains(&"NO_CHANGES")
                && codes
                    .iter()
                    .all(|c| *c == "NO_CHANGES" || spec_alone.contains(c))
                && v["upMigration"] == "";
            let same = stored[i] == stored[j];
            if no_change != same {
                wrong.push(format!(
                    "{a} -> {b}: stored {:?} / {:?}, said {codes:?}, up {:?}",
                    stored[i], stored[j], v["upMigration"]
                ));
                continue;
            }
            if same {
                let down = v["downMigration"].as_str().unwrap();
                assert!(
                    !down.contains("ALTER")
                        && !v["upMigration"].as_str().unwrap().contains("ALTER"),
                    "{a} -> {b}: {v}"
                );
                assert_eq!(v["typeDefinitions"], alone["typeDefinitions"], "{a} -> {b}");
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{db}: {} pairs\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn postgres_pairs_of_one_stored_type_are_no_change() {
    pairs_are_no_change_exactly_when_stored_the_same(Server::Postgres.database_type());
}

#[test]
fn mariadb_pairs_of_one_stored_type_are_no_change() {
    pairs_are_no_change_exactly_when_stored_the_same(Server::MariaDb.database_type());
}

#[test]
fn sqlite_pairs_of_one_stored_type_are_no_change() {
    pairs_are_no_change_exactly_when_stored_the_same("sqlite");
}
