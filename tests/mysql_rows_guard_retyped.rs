//! The check a MySQL migration makes of the rows before its first change (src/mysql_rows_guard.rs)
//! where it drops foreign keys before statements the rows may refuse: type changes that refuse
//! values (text made shorter, text made an integer, an integer made one of a smaller range, as
//! the down migration of `orgs.id` INT to BIGINT does) and rules on a table an earlier
//! statement changes in columns they do not read (a CHECK on `plan` beside a column added and
//! another retyped). MySQL's ALTER is not transactional: a refused one after the keys' drop
//! leaves them dropped, and the migration run again fails at `DROP FOREIGN KEY` (ERROR 1091).
//! Run on the MariaDB 10.11 server (tests/common/servers.rs): each refusal stops the migration
//! before any change, the schema as it was, with a message naming it; once the rows are mended
//! the migration runs, is undone and runs again. Skipped loudly where the server cannot be
//! reached, unless CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generate};
use serde_json::{json, Value};
use servers::Server;

/// `orgs` (a CHECK on `plan`, a text `code`), `teams` and `memberships` referencing it; with
/// `next`, the ids BIGINT, the CHECK without 'enterprise', `code` an INTEGER, a column `tier`
/// added to `orgs` and its `name` made VARCHAR(10).
fn spec(next: bool) -> Value {
    let int = if next { "BIGINT" } else { "INTEGER" };
    let plans = if next {
        "plan IN ('free', 'pro')"
    } else {
        "plan IN ('free', 'pro', 'enterprise')"
    };
    let mut orgs_columns = vec![
        col(
            "id",
            int,
            json!({ "nullable": false, "autoIncrement": true }),
        ),
        col(
            "plan",
            "VARCHAR",
            json!({ "length": 20, "nullable": false }),
        ),
        col("code", if next { "INTEGER" } else { "TEXT" }, json!({})),
        col(
            "name",
            "VARCHAR",
            json!({ "length": if next { 10 } else { 100 } }),
        ),
    ];
    if next {
        orgs_columns.push(col("tier", "INTEGER", json!({})));
    }
    let org =
        json!({ "columns": ["org_id"], "referencedTable": "orgs", "referencedColumns": ["id"] });
    json!({ "description": "keys", "databaseType": "mysql", "timestamps": false,
        "allowDataLoss": true, "tables": [
        { "name": "orgs", "columns": orgs_columns,
          "checkConstraints": [{ "name": "chk_orgs_plan", "expression": plans }] },
        { "name": "teams", "primaryKey": ["org_id", "team_no"], "columns": [
            col("org_id", int, json!({ "nullable": false })),
            col("team_no", "INTEGER", json!({ "nullable": false })) ], "foreignKeys": [org] },
        { "name": "memberships", "columns": [
            col("id", "INTEGER", json!({ "nullable": false, "autoIncrement": true })),
            col("org_id", int, json!({ "nullable": false })),
            col("email", "VARCHAR", json!({ "length": 100, "nullable": false })) ],
          "foreignKeys": [{ "columns": ["org_id"], "referencedTable": "orgs",
            "referencedColumns": ["id"], "onDelete": "CASCADE" }] } ] })
}

/// The schema's tables and keys as the server describes them, to compare (counters aside).
fn described(db: &servers::Scratch) -> String {
    let mut out = String::new();
    for t in ["orgs", "teams", "memberships"] {
        out += &db.exec(&format!("SHOW CREATE TABLE {t};"));
    }
    out.replace(|c: char| c.is_ascii_digit(), "")
}

/// Runs `migration` until it runs, each time mending the rows of the refusal its stop names
/// (one of `mends`: the words the message holds, and the mend), the schema unchanged by the
/// stopped runs; every one of `mends` must be met once.
fn run_mending(db: &servers::Scratch, migration: &str, which: &str, mends: &[(&str, &str)]) {
    let before = described(db);
    let mut met = Vec::new();
    while let Err(failed) = db.run(migration) {
        assert!(
            failed.contains("ERROR 1231")
                && failed.contains(&format!(
                    "the {which} stopped before any change: rows refuse"
                )),
            "{which}: {failed}"
        );
        let (said, mend) = (mends.iter())
            .find(|(said, _)| failed.contains(said))
            .unwrap_or_else(|| panic!("{which}: no mend for {failed}"));
        assert!(!met.contains(said), "{which}: {said} again: {failed}");
        assert_eq!(described(db), before, "{which}: changed by the stopped run");
        met.push(*said);
        db.exec(mend);
    }
    assert_eq!(met.len(), mends.len(), "{which}: {met:?}");
}

#[test]
fn rows_refusing_a_type_change_or_a_rule_beside_other_changes_stop_the_migration_first() {
    let mut next = spec(true);
    next["previousSpec"] = spec(false);
    let g = generate(&next);
    let up = g["upMigration"].as_str().unwrap();
    let down = g["downMigration"].as_str().unwrap();
    let warnings = g["validation"]["warnings"].to_string();
    for (sql, rules) in [
        (
            up,
            &[
                "the CHECK ''chk_orgs_plan'' of ''orgs''",
                "the change of ''code'' of ''orgs''",
                "the change of ''name'' of ''orgs''",
            ][..],
        ),
        (down, &["the change of ''id'' of ''orgs''"][..]),
    ] {
        let guard = sql.find("SET @mg_rows_refuse").expect(sql);
        assert!(guard < sql.find("DROP FOREIGN KEY").unwrap(), "{sql}");
        for rule in rules {
            assert!(sql[guard..].contains(rule), "{rule}: {sql}");
        }
    }
    // Every refusal is looked for: no key is said to stay dropped if rows refuse it.
    let keys_said: Vec<&str> = (g["validation"]["warnings"].as_array().unwrap().iter())
        .map(|w| w["message"].as_str().unwrap())
        .filter(|m| m.contains("DROP FOREIGN KEY"))
        .collect();
    assert_eq!(keys_said.len(), 2, "{warnings}");
    assert!(
        keys_said[0].starts_with("the migration first looks for existing rows that ")
            && keys_said[1].starts_with("the down migration first looks for rows written since"),
        "{keys_said:?}"
    );
    let Some(db) = Server::MariaDb.scratch("rows_guard_retyped") else {
        return;
    };
    db.exec(generate(&spec(false))["upMigration"].as_str().unwrap());
    db.exec(
        "INSERT INTO orgs (plan, code, name) VALUES ('enterprise', ' 42 ', 'Acme'),
          ('free', '42.0', 'Some Longer Name'), ('pro', NULL, NULL);
        INSERT INTO teams (org_id, team_no) VALUES (1, 1);
        INSERT INTO memberships (org_id, email) VALUES (1, 'a@b.c'), (2, 'someone@example.com');",
    );
    let before = described(&db);
    run_mending(
        &db,
        up,
        "migration",
        &[
            (
                "chk_orgs_plan",
                "UPDATE orgs SET plan = 'pro' WHERE plan = 'enterprise';",
            ),
            (
                "the change of 'code'",
                "UPDATE orgs SET code = '+042' WHERE code = '42.0';",
            ),
            (
                "the change of 'name'",
                "UPDATE orgs SET name = 'Longer' WHERE id = 2;",
            ),
        ],
    );
    let after = described(&db);
    assert!(
        after.contains("bigint") && after.contains("`tier`"),
        "{after}"
    );
    assert_eq!(
        db.exec("SELECT GROUP_CONCAT(code ORDER BY id) FROM orgs;")
            .trim(),
        "42,42"
    );
    // A key written since beyond INT's range stops the down migration before its first change.
    db.exec(
        "INSERT INTO orgs (id, plan) VALUES (3000000000, 'free');
        INSERT INTO memberships (org_id, email) VALUES (3000000000, 'big@o.rg');",
    );
    run_mending(
        &db,
        down,
        "down migration",
        &[(
            "of 'orgs'",
            "DELETE FROM orgs WHERE id = 3000000000; ALTER TABLE orgs AUTO_INCREMENT = 1;",
        )],
    );
    assert_eq!(described(&db), before);
    db.exec(up);
    assert_eq!(described(&db), after);
    db.exec(down);
    assert_eq!(described(&db), before);
}

/// A UNIQUE over a column whose NULLs the migration fills with its new default just before
/// cannot be looked for before the migration (the rows it reads are not there yet): it stays
/// said as what leaves the keys dropped, with why, and is not in the check, which looks for the
/// CHECK over a column nothing changes; the migration runs where no row refuses either.
#[test]
fn a_rule_over_a_column_filled_before_it_is_said_not_looked_for() {
    let with_role = |next: bool| {
        let mut s = spec(next);
        let memberships = &mut s["tables"][2];
        let role = if next {
            col(
                "role",
                "VARCHAR",
                json!({ "length": 10, "nullable": false, "default": "member" }),
            )
        } else {
            col("role", "VARCHAR", json!({ "length": 10 }))
        };
        memberships["columns"].as_array_mut().unwrap().push(role);
        if next {
            memberships["uniqueConstraints"] =
                json!([{ "name": "uq_memberships_role", "columns": ["org_id", "role"] }]);
        }
        s
    };
    let mut next = with_role(true);
    next["previousSpec"] = with_role(false);
    let g = generate(&next);
    let up = g["upMigration"].as_str().unwrap();
    let guard = up.find("SET @mg_rows_refuse").expect(up);
    let first_change = up.find("ALTER TABLE").unwrap();
    assert!(guard < first_change, "{up}");
    assert!(!up[..first_change].contains("uq_memberships_role"), "{up}");
    assert!(up[..first_change].contains("chk_orgs_plan"), "{up}");
    let said: Vec<&str> = (g["validation"]["warnings"].as_array().unwrap().iter())
        .map(|w| w["message"].as_str().unwrap())
        .filter(|m| m.starts_with("if existing rows refuse"))
        .collect();
    assert_eq!(said.len(), 1, "{}", g["validation"]["warnings"]);
    assert!(
        said[0].contains("the UNIQUE 'uq_memberships_role' of 'memberships'")
            && said[0].contains("cannot look for those rows before its first change")
            && said[0].contains("the migration first looks for existing rows that "),
        "{}",
        said[0]
    );
    let Some(db) = Server::MariaDb.scratch("rows_guard_filled") else {
        return;
    };
    db.exec(generate(&with_role(false))["upMigration"].as_str().unwrap());
    db.exec(
        "INSERT INTO orgs (plan, code) VALUES ('free', '7');
        INSERT INTO memberships (org_id, email, role) VALUES (1, 'a', NULL), (1, 'b', 'admin');",
    );
    let before = described(&db);
    db.exec(up);
    db.exec(g["downMigration"].as_str().unwrap());
    assert_eq!(described(&db), before);
}
