//! A table split in one migration: `orders` loses `street` and `city`, and `order_addresses`,
//! created with a foreign key to `orders`, has both (same names and types). A user trial was
//! only told the values are lost (`DATA_LOSS`). The warning now names the new table and gives the
//! `INSERT INTO … SELECT … FROM orders` that keeps them; here, on SQLite (in memory), PostgreSQL
//! 15 and MariaDB 10.11 (tests/common/servers.rs, skipped loudly where a server cannot be
//! reached, unless CI=true), that statement is put in the up migration as the warning says
//! (after the new table, the drops moved after it), which then runs and keeps every row's values.
//! Without `allowDataLoss` the columns are kept, and `COLUMN_NOT_IN_SPEC` gives the same
//! statement with the `allowDataLoss` it needs.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generate};
use serde_json::{json, Value};
use servers::Server;

/// `orders (id, total, street, city)`, or split: `orders (id, total)` and `order_addresses (id,
/// order_id → orders.id, street, city)`.
fn orders(db: &str, split: bool) -> Value {
    let mut cols = vec![
        col(
            "id",
            "INTEGER",
            json!({"nullable": false, "autoIncrement": true}),
        ),
        col("total", "INTEGER", json!({})),
    ];
    if !split {
        cols.push(col("street", "VARCHAR", json!({"length": 100})));
        cols.push(col("city", "TEXT", json!({})));
    }
    let mut tables = vec![json!({"name": "orders", "primaryKey": ["id"], "columns": cols})];
    if split {
        tables.push(json!({"name": "order_addresses", "primaryKey": ["id"], "columns": [
            col("id", "INTEGER", json!({"nullable": false, "autoIncrement": true})),
            col("order_id", "INTEGER", json!({"nullable": false})),
            col("street", "VARCHAR", json!({"length": 100})),
            col("city", "TEXT", json!({})),
        ], "foreignKeys": [{"columns": ["order_id"], "referencedTable": "orders", "referencedColumns": ["id"]}]}));
    }
    json!({"description": "s", "databaseType": db, "timestamps": false, "tables": tables})
}

/// The split, from `orders` with its columns as previousSpec.
fn split(db: &str, allow_data_loss: bool) -> Value {
    let mut next = orders(db, true);
    next["previousSpec"] = orders(db, false);
    next["allowDataLoss"] = json!(allow_data_loss);
    generate(&next)
}

/// The statement the suggestion of the `code` warning on each of street and city gives (the
/// same for both), after checking what the suggestion says around it.
fn statement_of(g: &Value, code: &str) -> String {
    let warnings = g["validation"]["warnings"].as_array().unwrap();
    let mut found = Vec::new();
    for column in ["street", "city"] {
        let w = (warnings.iter())
            .find(|w| w["code"] == code && w["table"] == "orders" && w["column"] == column)
            .unwrap_or_else(|| panic!("no {code} on {column}: {warnings:?}"));
        let s = w["suggestion"].as_str().unwrap();
        assert!(
            s.starts_with("'order_addresses', which this migration creates with a foreign key to 'orders', has columns of the same names and types (street, city): if the values move there, "),
            "{s}"
        );
        assert!(
            s.contains("run after the CREATE TABLE of 'order_addresses' (and its foreign keys) and before the statements that drop them from 'orders', where the up migration writes those first, move them after it"),
            "{s}"
        );
        if code == "COLUMN_NOT_IN_SPEC" {
            assert!(s.contains("set allowDataLoss: true (this migration keeps them in 'orders'; with it, they are dropped)"), "{s}");
        }
        let at = s.find("INSERT INTO").unwrap_or_else(|| panic!("{s}"));
        let end = at + s[at..].find(';').unwrap() + 1;
        found.push(s[at..end].to_string());
    }
    assert_eq!(found[0], found[1]);
    found.remove(0)
}

/// The up migration with `statement` put where the suggestion says: after the last statement
/// about `order_addresses`, the drops from `orders` moved after it (the up migration writes them
/// first, which is checked).
fn with_copy(up: &str, statement: &str) -> String {
    let parts: Vec<&str> = (up.split(";\n"))
        .map(|p| p.trim().trim_end_matches(';'))
        .filter(|p| !p.is_empty())
        .collect();
    let is_drop = |p: &&str| p.contains("orders") && p.contains("DROP COLUMN");
    let first_drop = parts.iter().position(is_drop).expect("the drops");
    let created = (parts.iter())
        .position(|p| p.contains("CREATE TABLE order_addresses"))
        .unwrap();
    assert!(first_drop < created, "the drops come first:\n{up}");
    let drops: Vec<&str> = parts.iter().copied().filter(is_drop).collect();
    let rest: Vec<&str> = parts.iter().copied().filter(|p| !is_drop(p)).collect();
    let last = rest
        .iter()
        .rposition(|p| p.contains("order_addresses"))
        .unwrap();
    let mut out: Vec<String> = rest[..=last].iter().map(|p| format!("{p};")).collect();
    out.push(statement.to_string());
    out.extend(
        drops
            .iter()
            .chain(&rest[last + 1..])
            .map(|p| format!("{p};")),
    );
    out.join("\n")
}

const ROWS: &str = "INSERT INTO orders (total, street, city) VALUES (10, '1 Main St', 'Oslo'), (20, NULL, 'Bergen'), (30, '3 High St', NULL);";
const COPIED: &str = "SELECT o.id, o.total, a.street, a.city FROM orders o JOIN order_addresses a ON a.order_id = o.id ORDER BY o.id";
const EXPECTED: [&str; 3] = ["1|10|1 Main St|Oslo", "2|20||Bergen", "3|30|3 High St|"];

#[test]
fn the_split_s_copy_statement_keeps_the_values_on_sqlite() {
    let (previous, g) = (generate(&orders("sqlite", false)), split("sqlite", true));
    let statement = statement_of(&g, "DATA_LOSS");
    assert_eq!(
        statement,
        "INSERT INTO order_addresses (order_id, street, city) SELECT id, street, city FROM orders;"
    );
    assert_eq!(
        statement_of(&split("sqlite", false), "COLUMN_NOT_IN_SPEC"),
        statement
    );
    let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    conn.execute_batch(previous["upMigration"].as_str().unwrap())
        .unwrap();
    conn.execute_batch(ROWS).unwrap();
    let up = with_copy(g["upMigration"].as_str().unwrap(), &statement);
    conn.execute_batch(&up)
        .unwrap_or_else(|e| panic!("{e}\n{up}"));
    let rows: Vec<String> = conn
        .prepare(COPIED)
        .unwrap()
        .query_map([], |r| {
            let text = |i: usize| r.get::<_, Option<String>>(i).map(Option::unwrap_or_default);
            Ok(format!(
                "{}|{}|{}|{}",
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                text(2)?,
                text(3)?
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows, EXPECTED);
    let left: i64 = conn
        .query_row(
            "SELECT count(*) FROM pragma_table_info('orders') WHERE name IN ('street', 'city')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0, "the columns are dropped");
}

#[test]
fn the_split_s_copy_statement_keeps_the_values_on_the_servers() {
    for server in [Server::Postgres, Server::MariaDb] {
        let dbt = server.database_type();
        let (previous, g) = (generate(&orders(dbt, false)), split(dbt, true));
        let statement = statement_of(&g, "DATA_LOSS");
        assert_eq!(
            statement_of(&split(dbt, false), "COLUMN_NOT_IN_SPEC"),
            statement
        );
        let Some(db) = server.scratch("split_copy") else {
            continue;
        };
        db.exec(previous["upMigration"].as_str().unwrap());
        db.exec(ROWS);
        let up = with_copy(g["upMigration"].as_str().unwrap(), &statement);
        db.run(&up).unwrap_or_else(|e| panic!("{dbt}: {e}\n{up}"));
        let rows: Vec<String> = (db
            .exec(&format!("{COPIED};").replace(
                "o.id, o.total, a.street, a.city",
                "o.id, o.total, COALESCE(a.street, ''), COALESCE(a.city, '')",
            ))
            .lines())
        .map(|l| l.replace('\t', "|"))
        .collect();
        assert_eq!(rows, EXPECTED, "{dbt}");
        let here = match server {
            Server::Postgres => "current_schema()",
            Server::MariaDb => "DATABASE()",
        };
        let left = db.rows(&format!("SELECT column_name FROM information_schema.columns WHERE table_schema = {here} AND table_name = 'orders' AND column_name IN ('street', 'city')"));
        assert_eq!(left, 0, "{dbt}: the columns are dropped");
    }
}
