//! A table split in one migration: `orders` loses `street` and `city`, and `order_addresses`,
//! created with a foreign key to `orders`, has both (same names and types). A user trial was
//! only told the values are lost (`DATA_LOSS`). The warning now names the new table and gives the
//! `INSERT INTO … SELECT … FROM orders` that keeps them, and the up migration creates the new
//! table before it drops the columns, so that the statement goes in one place, which the
//! warning names: after the new table's last statement (its `CREATE TABLE` or last index),
//! before the change of `orders` that drops them, both quoted. Here, on SQLite (from
//! previousSpec in memory, and from a database file, `existingDbPath`; with plain `DROP COLUMN`
//! and with the rebuild another change of `orders` needs), PostgreSQL 15 and MariaDB 10.11
//! (tests/common/servers.rs, skipped loudly where a server cannot be reached, unless CI=true),
//! the statement is pasted at that place, no other statement moved; the up migration then keeps
//! every row's values and drops the columns, and the down migration gives back the schema the
//! database had (its catalog compared), the rows of `orders` kept. Without `allowDataLoss` the
//! columns are kept, and `COLUMN_NOT_IN_SPEC` gives the same statement with the
//! `allowDataLoss` it needs.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;
#[path = "common/sqlite_files.rs"]
mod sqlite_files;

use generated_json::{col, generate};
use rusqlite::Connection;
use serde_json::{json, Value};
use servers::Server;

/// `orders (id, total, street, city)`, or split: `orders (id, total)` and `order_addresses (id,
/// order_id → orders.id, street, city)`, with an index on `order_id`. With `rebuild`, the split
/// also makes `total` NOT NULL with a default, which SQLite changes by a rebuild.
fn orders(db: &str, split: bool, rebuild: bool) -> Value {
    let total = match split && rebuild {
        true => json!({"nullable": false, "default": "0"}),
        false => json!({}),
    };
    let mut cols = vec![
        col(
            "id",
            "INTEGER",
            json!({"nullable": false, "autoIncrement": true}),
        ),
        col("total", "INTEGER", total),
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
        ], "foreignKeys": [{"columns": ["order_id"], "referencedTable": "orders", "referencedColumns": ["id"]}],
           "indexes": [{"name": "idx_order_addresses_order", "columns": ["order_id"]}]}));
    }
    json!({"description": "s", "databaseType": db, "timestamps": false, "tables": tables})
}

/// The split, from `orders` with its columns as previousSpec.
fn split(db: &str, allow_data_loss: bool, rebuild: bool) -> Value {
    let mut next = orders(db, true, rebuild);
    next["previousSpec"] = orders(db, false, false);
    next["allowDataLoss"] = json!(allow_data_loss);
    generate(&next)
}

/// The statement the suggestion of the `code` warning on each of street and city gives (the
/// same for both), after checking what the suggestion says around it; for `DATA_LOSS`, with the
/// two statements it names the place between: the one it follows, the one it goes before.
fn statement_of(g: &Value, code: &str) -> (String, Option<(String, String)>) {
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
        let place = if code == "COLUMN_NOT_IN_SPEC" {
            assert!(s.contains("set allowDataLoss: true (this migration keeps them in 'orders'; with it, they are dropped) and add this statement to the up migration it writes then (after the CREATE TABLE of 'order_addresses' and before the statement that drops them from 'orders', as that migration's DATA_LOSS warning says): INSERT INTO"), "{s}");
            None
        } else {
            let start = "keep them with this statement (paste it right after the CREATE TABLE of 'order_addresses' and its indexes, on the line after `";
            let at = s.find(start).unwrap_or_else(|| panic!("{s}")) + start.len();
            let (after, rest) = s[at..].split_once("`, before `").unwrap();
            let end = "`, where the up migration starts the change of 'orders' that drops them: it creates 'order_addresses' first): INSERT INTO";
            let (before, _) = rest.split_once(end).unwrap_or_else(|| panic!("{s}"));
            Some((after.to_string(), before.to_string()))
        };
        let at = s.find("INSERT INTO").unwrap_or_else(|| panic!("{s}"));
        let end = at + s[at..].find(';').unwrap() + 1;
        found.push((s[at..end].to_string(), place));
    }
    assert_eq!(found[0], found[1]);
    found.remove(0)
}

/// A statement as the warning quotes it: its first statement (SQLite's rebuild is one text of
/// several) on one line, a `CREATE TABLE`'s columns left out.
fn as_quoted(statement: &str) -> String {
    let first = statement
        .find(';')
        .map_or(statement, |end| &statement[..=end]);
    let line = first.split_whitespace().collect::<Vec<_>>().join(" ");
    match (line.starts_with("CREATE TABLE "), line.find(" (")) {
        (true, Some(open)) => format!("{} (…);", &line[..open]),
        _ => line,
    }
}

/// Whether `statement` drops street or city from `orders` (or renames `orders` away, as
/// SQLite's rebuild does first).
fn drops_a_column(statement: &str) -> bool {
    let line = statement.split_whitespace().collect::<Vec<_>>().join(" ");
    line.contains("ALTER TABLE orders RENAME TO")
        || (line.starts_with("ALTER TABLE orders")
            && ["DROP COLUMN street", "DROP COLUMN city"]
                .iter()
                .any(|d| line.contains(d)))
}

/// The up migration with `statement` pasted where the warning says (`place`: the statement it
/// follows, the one it goes before, which must come next), no other statement moved: the
/// up migration's statements are split at blank lines and line ends after a `;`, the first
/// statement that drops one of the columns must come after the place.
fn with_copy(up: &str, statement: &str, place: &(String, String)) -> String {
    let blocks: Vec<&str> = up.split("\n\n").collect();
    let (after, before) = place;
    let at = (blocks.iter().enumerate())
        .find_map(|(b, block)| {
            let last = block.rsplit(";\n").next()?;
            (as_quoted(last) == *after).then_some(b)
        })
        .unwrap_or_else(|| panic!("no block ends with {after}:\n{up}"));
    let next = blocks.get(at + 1).unwrap_or_else(|| panic!("{up}"));
    assert_eq!(&as_quoted(next), before, "{up}");
    let first_drop = (blocks.iter())
        .position(|b| b.split(";\n").any(drops_a_column))
        .unwrap_or_else(|| panic!("no drop:\n{up}"));
    assert!(first_drop > at, "a drop before the place:\n{up}");
    let mut out: Vec<&str> = blocks[..=at].to_vec();
    out.push(statement);
    out.extend(&blocks[at + 1..]);
    out.join("\n\n")
}

const ROWS: &str = "INSERT INTO orders (total, street, city) VALUES (10, '1 Main St', 'Oslo'), (20, NULL, 'Bergen'), (30, '3 High St', NULL);";
const COPIED: &str = "SELECT o.id, o.total, a.street, a.city FROM orders o JOIN order_addresses a ON a.order_id = o.id ORDER BY o.id";
const EXPECTED: [&str; 3] = ["1|10|1 Main St|Oslo", "2|20||Bergen", "3|30|3 High St|"];

/// SQLite's catalog: each object's text (spaces made one, none inside parentheses' ends), each
/// table's columns, indexes and foreign keys, as the PRAGMAs report them.
fn sqlite_catalog(conn: &Connection) -> Vec<String> {
    let queries = [
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name",
        "SELECT m.name, p.cid, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden FROM sqlite_master m, pragma_table_xinfo(m.name) p WHERE m.type = 'table' ORDER BY 1, 2",
        "SELECT m.name, l.name, l.\"unique\", l.origin, l.partial FROM sqlite_master m, pragma_index_list(m.name) l WHERE m.type = 'table' ORDER BY 1, 2",
        "SELECT m.name, f.id, f.seq, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' ORDER BY 1, 2, 3",
    ];
    let mut rows = Vec::new();
    for q in queries {
        let mut stmt = conn.prepare(q).unwrap();
        let n = stmt.column_count();
        let found = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| {
                        let v: rusqlite::types::Value = r.get(i)?;
                        Ok(match v {
                            rusqlite::types::Value::Text(t) => t
                                .split_whitespace()
                                .collect::<Vec<_>>()
                                .join(" ")
                                .replace("( ", "(")
                                .replace(" )", ")"),
                            other => format!("{other:?}"),
                        })
                    })
                    .collect::<rusqlite::Result<Vec<String>>>()
                    .map(|v| v.join("|"))
            })
            .unwrap();
        rows.extend(found.map(Result::unwrap));
    }
    rows
}

/// The split's values in the new table, and how many of the columns `orders` still has.
fn sqlite_copied(conn: &Connection) -> (Vec<String>, i64) {
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
    let left: i64 = conn
        .query_row(
            "SELECT count(*) FROM pragma_table_info('orders') WHERE name IN ('street', 'city')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    (rows, left)
}

/// On SQLite `conn` (at the previous schema, with [`ROWS`]): the up migration of `g` with the
/// statement pasted where its warning says keeps the values and drops the columns; its down
/// migration gives back the catalog the database had, with the rows of `orders`.
fn run_on_sqlite(conn: &Connection, g: &Value, what: &str) {
    let (statement, place) = statement_of(g, "DATA_LOSS");
    assert_eq!(
        statement,
        "INSERT INTO order_addresses (order_id, street, city) SELECT id, street, city FROM orders;",
        "{what}"
    );
    let place = place.unwrap();
    let catalog = sqlite_catalog(conn);
    let up = with_copy(g["upMigration"].as_str().unwrap(), &statement, &place);
    conn.execute_batch(&up)
        .unwrap_or_else(|e| panic!("{what}: {e}\n{up}"));
    let (rows, left) = sqlite_copied(conn);
    assert_eq!(rows, EXPECTED, "{what}");
    assert_eq!(left, 0, "{what}: the columns are dropped");
    let down = g["downMigration"].as_str().unwrap();
    conn.execute_batch(down)
        .unwrap_or_else(|e| panic!("{what}: {e}\n{down}"));
    assert_eq!(
        sqlite_catalog(conn),
        catalog,
        "{what}: the down migration\n{down}"
    );
    let kept: Vec<(i64, i64)> = (conn
        .prepare("SELECT id, total FROM orders ORDER BY id")
        .unwrap())
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
    .unwrap()
    .map(Result::unwrap)
    .collect();
    assert_eq!(kept, [(1, 10), (2, 20), (3, 30)], "{what}");
}

#[test]
fn the_split_s_copy_statement_keeps_the_values_on_sqlite() {
    for rebuild in [false, true] {
        let what = format!("previousSpec, rebuild: {rebuild}");
        let (previous, g) = (
            generate(&orders("sqlite", false, false)),
            split("sqlite", true, rebuild),
        );
        let up = g["upMigration"].as_str().unwrap();
        assert_eq!(
            rebuild,
            up.contains("RENAME TO _mg_old_orders"),
            "{what}: {up}"
        );
        let (statement, _) = statement_of(&g, "DATA_LOSS");
        assert_eq!(
            statement_of(&split("sqlite", false, rebuild), "COLUMN_NOT_IN_SPEC").0,
            statement,
            "{what}"
        );
        let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
        conn.execute_batch(previous["upMigration"].as_str().unwrap())
            .unwrap();
        conn.execute_batch(ROWS).unwrap();
        run_on_sqlite(&conn, &g, &what);
    }
}

/// From a database file (`existingDbPath`): the file's `orders`, with rows, split the same way.
#[test]
fn the_split_s_copy_statement_keeps_the_values_on_a_sqlite_file() {
    for rebuild in [false, true] {
        let what = format!("existingDbPath, rebuild: {rebuild}");
        let path = sqlite_files::database(
            "split-copy",
            &format!("{rebuild}"),
            &format!("CREATE TABLE orders (id INTEGER PRIMARY KEY AUTOINCREMENT, total INTEGER, street VARCHAR(100), city TEXT);\n{ROWS}"),
        );
        let mut next = orders("sqlite", true, rebuild);
        next["existingDbPath"] = json!(path.to_str().unwrap());
        next["allowDataLoss"] = json!(true);
        let g = generate(&next);
        let up = g["upMigration"].as_str().unwrap();
        assert_eq!(
            rebuild,
            up.contains("RENAME TO _mg_old_orders"),
            "{what}: {up}"
        );
        let conn = sqlite_files::open(&path);
        run_on_sqlite(&conn, &g, &what);
    }
}

/// The server's catalog: each column (in order, without its position number, which PostgreSQL
/// does not give back to a column added again), constraint and index.
fn server_catalog(db: &servers::Scratch) -> String {
    match db.server {
        Server::Postgres => db.exec(
            "SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, column_default \
               FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position;\n\
             SELECT conrelid::regclass, conname, contype, pg_get_constraintdef(oid) FROM pg_constraint \
               WHERE connamespace = current_schema()::regnamespace ORDER BY 1, 2;\n\
             SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1, 2;\n\
             SELECT sequencename, data_type FROM pg_sequences WHERE schemaname = current_schema() ORDER BY 1;",
        ),
        Server::MariaDb => db.exec(
            "SELECT table_name, column_name, column_type, is_nullable, column_default, extra \
               FROM information_schema.columns WHERE table_schema = DATABASE() ORDER BY table_name, ordinal_position;\n\
             SELECT table_name, constraint_name, constraint_type FROM information_schema.table_constraints \
               WHERE constraint_schema = DATABASE() ORDER BY 1, 2;\n\
             SELECT table_name, index_name, non_unique, seq_in_index, column_name FROM information_schema.statistics \
               WHERE table_schema = DATABASE() ORDER BY 1, 2, 4;",
        ),
    }
}

#[test]
fn the_split_s_copy_statement_keeps_the_values_on_the_servers() {
    for server in [Server::Postgres, Server::MariaDb] {
        let dbt = server.database_type();
        let (previous, g) = (
            generate(&orders(dbt, false, false)),
            split(dbt, true, false),
        );
        let (statement, place) = statement_of(&g, "DATA_LOSS");
        assert_eq!(
            statement,
            "INSERT INTO order_addresses (order_id, street, city) SELECT id, street, city FROM orders;",
            "{dbt}"
        );
        assert_eq!(
            statement_of(&split(dbt, false, false), "COLUMN_NOT_IN_SPEC").0,
            statement
        );
        let Some(db) = server.scratch("split_copy") else {
            continue;
        };
        db.exec(previous["upMigration"].as_str().unwrap());
        db.exec(ROWS);
        let catalog = server_catalog(&db);
        let up = with_copy(
            g["upMigration"].as_str().unwrap(),
            &statement,
            &place.unwrap(),
        );
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
        let down = g["downMigration"].as_str().unwrap();
        db.run(down)
            .unwrap_or_else(|e| panic!("{dbt}: {e}\n{down}"));
        assert_eq!(
            server_catalog(&db),
            catalog,
            "{dbt}: the down migration\n{down}"
        );
        assert_eq!(
            db.exec("SELECT id, total FROM orders ORDER BY id;")
                .replace('\t', "|"),
            "1|10\n2|20\n3|30\n",
            "{dbt}"
        );
    }
}
