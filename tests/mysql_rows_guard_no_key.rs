//! The check a MySQL migration from `previousSpec` makes of the rows before its first change
//! (src/mysql_rows_guard.rs) where it drops no foreign key: MySQL commits each statement, so
//! rows that refuse a statement after the first change leave the database part-migrated, and
//! the migration run again from its start (Knex, Kysely) fails at its first statement (the
//! UNIQUE it added: ERROR 1061, a column it added: ERROR 1060). Here `members` gets a UNIQUE
//! (the first change), `orders` a CHECK, a shorter `note` and `st` made NOT NULL after it,
//! `accounts` a column and `tags` is created; the down migration drops `tags`, then narrows
//! `orders.qty` and `accounts.n` back from BIGINT. Run on the MariaDB 10.11 server
//! (tests/common/servers.rs): rows refusing the first statement fail it with nothing changed
//! (no check is written for it); those refusing a later one stop the migration before any
//! change, the schema as it was, with a message naming the rule; once the rows are mended, up,
//! down and up again run whole. Skipped loudly where the server cannot be reached, unless
//! CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generate};
use serde_json::{json, Value};
use servers::Server;

/// `accounts`, `members` and `orders`; with `next`, `accounts.n` and `orders.qty` BIGINT, a
/// column `nickname` added to `accounts`, a UNIQUE on `members.email`, a CHECK on
/// `orders.qty`, `orders.note` VARCHAR(10) from VARCHAR(100), `orders.st` NOT NULL without a
/// default, and a table `tags`.
fn spec(next: bool) -> Value {
    let int = if next { "BIGINT" } else { "INTEGER" };
    let key = || col("id", "INTEGER", json!({ "nullable": false }));
    let mut accounts = json!({ "name": "accounts", "primaryKey": ["id"],
        "columns": [key(), col("n", int, json!({}))] });
    let mut members = json!({ "name": "members", "primaryKey": ["id"],
        "columns": [key(), col("email", "VARCHAR", json!({ "length": 100 }))] });
    let mut orders = json!({ "name": "orders", "primaryKey": ["id"], "columns": [key(),
        col("qty", int, json!({})),
        col("note", "VARCHAR", json!({ "length": if next { 10 } else { 100 } })),
        col("st", "VARCHAR", json!({ "length": 5, "nullable": !next }))] });
    let mut tables = vec![];
    if next {
        accounts["columns"].as_array_mut().unwrap().push(col(
            "nickname",
            "VARCHAR",
            json!({ "length": 20 }),
        ));
        members["uniqueConstraints"] =
            json!([{ "name": "uq_members_email", "columns": ["email"] }]);
        orders["checkConstraints"] = json!([{ "name": "chk_orders_qty", "expression": "qty > 0" }]);
        tables.push(json!({ "name": "tags", "primaryKey": ["id"], "columns": [key()] }));
    }
    tables.splice(0..0, [accounts, members, orders]);
    json!({ "description": "no key", "databaseType": "mysql", "timestamps": false,
        "allowDataLoss": true, "tables": tables })
}

/// The schema's tables and keys as the server describes them, to compare.
fn described(db: &servers::Scratch) -> String {
    let tables = db.exec("SHOW TABLES;");
    let mut out = tables.clone();
    for t in tables.lines() {
        out += &db.exec(&format!("SHOW CREATE TABLE `{t}`;"));
    }
    out
}

/// Runs `migration` until it runs or fails otherwise than by its check of the rows, each time
/// mending the rows of the refusal its stop names (one of `mends`: the words the message
/// holds, and the mend), the schema unchanged by the stopped runs; every one of `mends` must be
/// met once. Gives the last run's error, if any.
fn run_mending(
    db: &servers::Scratch,
    migration: &str,
    which: &str,
    mends: &[(&str, &str)],
) -> Result<String, String> {
    let before = described(db);
    let mut met = Vec::new();
    let last = loop {
        let failed = match db.run(migration) {
            Err(failed) if failed.contains("ERROR 1231") => failed,
            last => break last,
        };
        assert_eq!(
            described(db),
            before,
            "{which}: changed by the stopped run: {failed}"
        );
        assert!(
            failed.contains(&format!(
                "the {which} stopped before any change: rows refuse"
            )),
            "{which}: {failed}"
        );
        let (said, mend) = (mends.iter())
            .find(|(said, _)| failed.contains(said))
            .unwrap_or_else(|| panic!("{which}: no mend for {failed}"));
        assert!(!met.contains(said), "{which}: {said} again: {failed}");
        met.push(*said);
        db.exec(mend);
    };
    assert_eq!(met.len(), mends.len(), "{which}: {met:?}");
    last
}

/// The messages of the warnings of `g` that start with `start`.
fn said<'a>(g: &'a Value, start: &str) -> Vec<&'a Value> {
    (g["validation"]["warnings"].as_array().unwrap().iter())
        .filter(|w| w["message"].as_str().unwrap().starts_with(start))
        .collect()
}

#[test]
fn rows_refusing_a_statement_after_the_first_change_stop_the_migration_before_any_change() {
    let mut next = spec(true);
    next["previousSpec"] = spec(false);
    let g = generate(&next);
    let up = g["upMigration"].as_str().unwrap();
    let down = g["downMigration"].as_str().unwrap();
    // The look-up comes after the session's SETs and before the first change; the UNIQUE of
    // the first statement, which fails before anything changes, is not looked for.
    let first_change = up.find("ALTER TABLE").expect(up);
    let guard = up.find("SET @mg_rows_refuse").expect(up);
    assert!(
        up.find("SET SESSION sql_mode = CONCAT_WS").unwrap() < guard,
        "{up}"
    );
    assert!(guard < first_change, "{up}");
    assert!(
        up[first_change..].starts_with("ALTER TABLE members ADD CONSTRAINT uq_members_email"),
        "{up}"
    );
    for rule in [
        "the CHECK ''chk_orders_qty'' of ''orders''",
        "the change of ''note'' of ''orders''",
        "the change of ''st'' of ''orders''",
    ] {
        assert!(up[guard..first_change].contains(rule), "{rule}: {up}");
    }
    assert!(!up[..first_change].contains("uq_members_email"), "{up}");
    let down_change = down.find("DROP TABLE IF EXISTS tags").expect(down);
    let down_guard = down.find("SET @mg_rows_refuse").expect(down);
    assert!(down_guard < down_change, "{down}");
    for rule in [
        "the change of ''qty'' of ''orders''",
        "the change of ''n'' of ''accounts''",
    ] {
        assert!(
            down[down_guard..down_change].contains(rule),
            "{rule}: {down}"
        );
    }
    // Each way says that it looks first, and no key left dropped.
    for (start, code, rules) in [
        (
            "the migration first looks for existing rows that ",
            "ROWS_REFUSE_CHANGE",
            &[
                "the CHECK 'chk_orders_qty' of 'orders'",
                "the change of 'st' of 'orders'",
            ][..],
        ),
        (
            "the down migration first looks for rows written since that ",
            "DOWN_DATA_LOSS",
            &["the change of 'n' of 'accounts'"][..],
        ),
    ] {
        let said = said(&g, start);
        assert_eq!(said.len(), 1, "{start}: {}", g["validation"]["warnings"]);
        assert_eq!(said[0]["code"], code);
        let message = said[0]["message"].as_str().unwrap();
        assert!(
            !message.contains("FOREIGN KEY") && !message.contains("stays dropped"),
            "{message}"
        );
        assert!(message.contains("error 1231"), "{message}");
        for rule in rules {
            assert!(message.contains(rule), "{rule}: {message}");
        }
    }
    let Some(db) = Server::MariaDb.scratch("rows_guard_no_key") else {
        return;
    };
    db.exec(generate(&spec(false))["upMigration"].as_str().unwrap());
    db.exec(
        "INSERT INTO accounts (id, n) VALUES (1, 5);
        INSERT INTO members (id, email) VALUES (1, 'a@b.c'), (2, 'a@b.c'), (3, NULL), (4, NULL);
        INSERT INTO orders (id, qty, note, st) VALUES (1, 0, 'short', 'ok'),
          (2, 3, 'a note longer than ten', 'ok'), (3, 4, NULL, NULL);",
    );
    let before = described(&db);
    let failed = run_mending(
        &db,
        up,
        "migration",
        &[
            ("chk_orders_qty", "UPDATE orders SET qty = 1 WHERE qty = 0;"),
            (
                "the change of 'note'",
                "UPDATE orders SET note = 'long' WHERE id = 2;",
            ),
            (
                "the change of 'st'",
                "UPDATE orders SET st = 'new' WHERE st IS NULL;",
            ),
        ],
    )
    .unwrap_err();
    // Rows refusing the first statement fail it: nothing has changed yet.
    assert!(failed.contains("Duplicate entry"), "{failed}");
    assert_eq!(
        described(&db),
        before,
        "changed by the refused first statement"
    );
    db.exec("UPDATE members SET email = 'c@d.e' WHERE id = 2;");
    db.exec(up);
    let after = described(&db);
    assert!(
        after.contains("`nickname`") && after.contains("`tags`"),
        "{after}"
    );
    // Rows written since beyond INT's range stop the down migration before its first change
    // (the drop of `tags`).
    db.exec(
        "INSERT INTO accounts (id, n) VALUES (2, 3000000000);
        INSERT INTO orders (id, qty, st) VALUES (4, 3000000000, 'x');",
    );
    run_mending(
        &db,
        down,
        "down migration",
        &[
            (
                "the change of 'qty'",
                "UPDATE orders SET qty = 9 WHERE id = 4;",
            ),
            (
                "the change of 'n'",
                "UPDATE accounts SET n = 9 WHERE id = 2;",
            ),
        ],
    )
    .unwrap();
    assert_eq!(
        described(&db).replace("\n", ""),
        before.replace("\n", ""),
        "the down migration undoes the up migration"
    );
    db.exec(up);
    assert_eq!(described(&db), after);
    // With no rows refusing, the session's mode comes back as it was.
    assert_eq!(
        db.exec(&format!(
            "SET SESSION sql_mode = 'ANSI_QUOTES';\n{down}\n{up}\nSELECT @@SESSION.sql_mode;"
        ))
        .trim(),
        "ANSI_QUOTES"
    );
}

/// Where the first change is the only statement rows may refuse, it fails before anything
/// changes: no look-up is written, and the migration's rows refusing it leave the database as
/// it was.
#[test]
fn a_refusal_of_the_first_change_alone_is_not_looked_for() {
    let only_first = |next: bool| {
        let mut s = spec(false);
        if next {
            s["tables"][1]["uniqueConstraints"] =
                json!([{ "name": "uq_members_email", "columns": ["email"] }]);
            s["tables"][0]["columns"].as_array_mut().unwrap().push(col(
                "nickname",
                "VARCHAR",
                json!({ "length": 20 }),
            ));
        }
        s
    };
    let mut next = only_first(true);
    next["previousSpec"] = only_first(false);
    let g = generate(&next);
    let up = g["upMigration"].as_str().unwrap();
    assert!(!up.contains("@mg_rows_refuse"), "{up}");
    assert!(
        up[up.find("ALTER TABLE").expect(up)..].starts_with("ALTER TABLE members ADD CONSTRAINT"),
        "{up}"
    );
    assert!(
        said(&g, "the migration first looks for").is_empty(),
        "{}",
        g["validation"]["warnings"]
    );
    let Some(db) = Server::MariaDb.scratch("rows_guard_first_only") else {
        return;
    };
    db.exec(
        generate(&only_first(false))["upMigration"]
            .as_str()
            .unwrap(),
    );
    db.exec("INSERT INTO members (id, email) VALUES (1, 'a'), (2, 'a');");
    let before = described(&db);
    let failed = db.run(up).unwrap_err();
    assert!(failed.contains("Duplicate entry"), "{failed}");
    assert_eq!(described(&db), before);
    db.exec("UPDATE members SET email = 'b' WHERE id = 2;");
    db.exec(up);
    assert!(described(&db).contains("`nickname`"));
}
