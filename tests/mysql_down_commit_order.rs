//! The order of a MySQL down migration's table changes, run on MariaDB 10.11 with rows
//! (src/commit_order.rs): as the up migration, the down migration runs first the changes the
//! rows may refuse (a type narrowed back, a column made NOT NULL again without a default), and
//! last those that lose values (a column the up migration added, dropped again), so that rows
//! written since that refuse it leave every value where it was.
//!
//! Each test runs in a scratch database of its own (`mg_rt_*`, tests/common/servers.rs),
//! dropped afterwards; a server that cannot be reached is skipped with a loud line, unless
//! CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generate};
use serde_json::{json, Value};
use servers::Server;

fn table(name: &str, columns: Vec<Value>) -> Value {
    let mut all = vec![col("id", "INTEGER", json!({ "nullable": false }))];
    all.extend(columns);
    json!({ "name": name, "primaryKey": ["id"], "columns": all })
}

fn spec(tables: Vec<Value>) -> Value {
    json!({ "description": "s", "databaseType": "mysql", "timestamps": false, "tables": tables })
}

/// previousSpec, in the spec's order: `widened` (whose INTEGER becomes BIGINT), `loosened`
/// (whose NOT NULL column becomes nullable) and `grows` (which gets a column); the spec. None
/// of the three changes may refuse or loses values up, so the up migration runs them in the
/// spec's order, and its reverse would drop `grows`'s column first.
fn specs() -> (Value, Value) {
    let before = spec(vec![
        table("widened", vec![col("n", "INTEGER", json!({}))]),
        table(
            "loosened",
            vec![col("v", "INTEGER", json!({ "nullable": false }))],
        ),
        table("grows", vec![]),
    ]);
    let mut after = spec(vec![
        table("widened", vec![col("n", "BIGINT", json!({}))]),
        table("loosened", vec![col("v", "INTEGER", json!({}))]),
        table("grows", vec![col("extra", "INTEGER", json!({}))]),
    ]);
    after["previousSpec"] = before.clone();
    (before, after)
}

/// Where `table`'s `ALTER TABLE` is in `sql`.
fn at(sql: &str, table: &str) -> usize {
    sql.find(&format!("ALTER TABLE {table}"))
        .unwrap_or_else(|| panic!("no ALTER TABLE {table} in {sql}"))
}

/// The down migration undoes first the changes rows written since may refuse (`widened`'s
/// BIGINT made INT again, `loosened`'s NOT NULL put back), and last the one that loses values
/// (`grows`'s column dropped), whatever the up migration's order.
#[test]
fn the_down_migration_runs_what_may_refuse_first_and_what_loses_values_last() {
    let (_, after) = specs();
    let out = generate(&after);
    let down = out["downMigration"].as_str().unwrap();
    assert!(at(down, "widened") < at(down, "grows"), "{down}");
    assert!(at(down, "loosened") < at(down, "grows"), "{down}");
}

/// What the tables hold and how their columns are, as one text to compare.
fn state(db: &servers::Scratch) -> String {
    let mut out = db.exec(
        "SELECT table_name, column_name, column_type, is_nullable FROM information_schema.columns WHERE table_schema = DATABASE() ORDER BY table_name, ordinal_position",
    );
    for t in ["grows", "widened", "loosened"] {
        out.push_str(&db.exec(&format!("SELECT '{t}', t.* FROM {t} t ORDER BY id")));
    }
    out
}

/// Up, then a row out of INT's range written to `widened`, whose change comes after
/// `loosened`'s NOT NULL put back (which may refuse too, and runs first): the down migration
/// looks for that row before its first change and stops there (src/mysql_rows_guard.rs), every
/// table as it was (`loosened` used to be NOT NULL again, the down migration part-run), and
/// `grows` keeps its column and the value written there. Mended, the down migration runs
/// whole, and the up migration runs again.
#[test]
fn a_refused_down_migration_leaves_the_values_it_would_drop_on_mariadb() {
    let Some(db) = Server::MariaDb.scratch("down_order") else {
        return;
    };
    let (before, after) = specs();
    let out = generate(&after);
    let (up, down) = (
        out["upMigration"].as_str().unwrap(),
        out["downMigration"].as_str().unwrap(),
    );
    db.exec(generate(&before)["upMigration"].as_str().unwrap());
    db.exec("INSERT INTO grows (id) VALUES (1); INSERT INTO widened (id, n) VALUES (1, 1); INSERT INTO loosened (id, v) VALUES (1, 1);");
    db.exec(up);
    db.exec("UPDATE grows SET extra = 42; INSERT INTO widened (id, n) VALUES (2, 3000000000);");
    let was = state(&db);
    let error = db.run(down).unwrap_err();
    assert!(
        error.contains("ERROR 1231")
            && error.contains("the down migration stopped before any change: rows refuse the change of 'n' of 'widened'"),
        "{error}\n{down}"
    );
    assert_eq!(state(&db), was, "{down}");
    // Mended, the down migration runs whole and leaves the tables as previousSpec has them;
    // up runs again.
    db.exec("UPDATE widened SET n = 2 WHERE id = 2");
    db.exec(down);
    assert_eq!(
        db.exec("SELECT column_name, column_type, is_nullable FROM information_schema.columns WHERE table_schema = DATABASE() ORDER BY table_name, ordinal_position"),
        "id\tint(11)\tNO\nid\tint(11)\tNO\nv\tint(11)\tNO\nid\tint(11)\tNO\nn\tint(11)\tYES\n"
    );
    db.exec(up);
    assert_eq!(
        db.exec("SELECT id, n FROM widened ORDER BY id"),
        "1\t1\n2\t2\n"
    );
}

/// A NULL written since into `loosened` refuses the NOT NULL the down migration puts back:
/// refused first, it leaves `grows`'s column and `widened`'s type as they were.
#[test]
fn a_null_refusing_the_down_migration_leaves_the_other_tables_on_mariadb() {
    let Some(db) = Server::MariaDb.scratch("down_order_null") else {
        return;
    };
    let (before, after) = specs();
    let out = generate(&after);
    let (up, down) = (
        out["upMigration"].as_str().unwrap(),
        out["downMigration"].as_str().unwrap(),
    );
    db.exec(generate(&before)["upMigration"].as_str().unwrap());
    db.exec(up);
    db.exec("INSERT INTO grows (id, extra) VALUES (1, 42); INSERT INTO loosened (id, v) VALUES (1, NULL);");
    let was = state(&db);
    let error = db.run(down).unwrap_err();
    assert!(error.contains("'v'"), "{error}\n{down}");
    assert_eq!(state(&db), was, "{down}");
}
