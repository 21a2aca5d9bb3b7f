//! A MySQL migration from `previousSpec` that must drop foreign keys before statements the rows
//! may refuse first looks for such rows and stops before any change (src/mysql_rows_guard.rs).
//! A user trial on MariaDB 10.11 (`orgs.id` INT to BIGINT with the columns referencing it, a
//! CHECK tightened while a row held 'enterprise'): the migration dropped two keys, failed at the
//! CHECK, and run again, up or down, failed at `DROP FOREIGN KEY` (ERROR 1091), which a
//! migration runner (Knex, Kysely) cannot get past. Run here on the MariaDB 10.11 server
//! (tests/common/servers.rs): the failing run leaves the database as it was, and once the rows
//! are mended up, down and up again succeed. Skipped loudly where the server cannot be reached,
//! unless CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generate};
use serde_json::{json, Value};
use servers::Server;

/// The trial's schema: `orgs` (a CHECK on `plan`), `teams` and `memberships` referencing it;
/// with `next`, the ids BIGINT, the CHECK without 'enterprise', a UNIQUE and a key of two
/// columns on `memberships`.
fn spec(next: bool) -> Value {
    let int = if next { "BIGINT" } else { "INTEGER" };
    let plans = if next {
        "plan IN ('free', 'pro')"
    } else {
        "plan IN ('free', 'pro', 'enterprise')"
    };
    let org =
        json!({ "columns": ["org_id"], "referencedTable": "orgs", "referencedColumns": ["id"] });
    let mut memberships = json!({ "name": "memberships", "columns": [
        col("id", "INTEGER", json!({ "nullable": false, "autoIncrement": true })),
        col("org_id", int, json!({ "nullable": false })),
        col("team_no", "INTEGER", json!({})),
        col("email", "VARCHAR", json!({ "length": 100, "nullable": false })) ],
        "foreignKeys": [{ "columns": ["org_id"], "referencedTable": "orgs", "referencedColumns": ["id"], "onDelete": "CASCADE" }] });
    if next {
        memberships["foreignKeys"].as_array_mut().unwrap().push(json!({ "name": "fk_memberships_team",
            "columns": ["org_id", "team_no"], "referencedTable": "teams", "referencedColumns": ["org_id", "team_no"] }));
        memberships["uniqueConstraints"] =
            json!([{ "name": "uq_memberships_email", "columns": ["org_id", "email"] }]);
    }
    json!({ "description": "keys", "databaseType": "mysql", "timestamps": false, "tables": [
        { "name": "orgs", "columns": [
            col("id", int, json!({ "nullable": false, "autoIncrement": true })),
            col("plan", "VARCHAR", json!({ "length": 20, "nullable": false })) ],
          "checkConstraints": [{ "name": "chk_orgs_plan", "expression": plans }] },
        { "name": "teams", "primaryKey": ["org_id", "team_no"], "columns": [
            col("org_id", int, json!({ "nullable": false })),
            col("team_no", "INTEGER", json!({ "nullable": false })) ], "foreignKeys": [org] },
        memberships ] })
}

/// The schema's tables and keys as the server describes them, to compare.
fn described(db: &servers::Scratch) -> String {
    let mut out = String::new();
    for t in ["orgs", "teams", "memberships"] {
        out += &db.exec(&format!("SHOW CREATE TABLE {t};"));
    }
    out.replace(|c: char| c.is_ascii_digit(), "")
}

#[test]
fn rows_refusing_the_change_stop_it_before_any_change_and_it_runs_once_they_are_mended() {
    let mut next = spec(true);
    next["previousSpec"] = spec(false);
    let g = generate(&next);
    let up = g["upMigration"].as_str().unwrap();
    let down = g["downMigration"].as_str().unwrap();
    // The look-up comes after the session's SETs and before the first DROP FOREIGN KEY.
    let guard = up.find("SET @mg_rows_refuse").expect(up);
    assert!(
        up.find("SET SESSION sql_mode = CONCAT_WS").unwrap() < guard,
        "{up}"
    );
    assert!(guard < up.find("DROP FOREIGN KEY").unwrap(), "{up}");
    for rule in [
        "the CHECK ''chk_orgs_plan''",
        "the UNIQUE ''uq_memberships_email''",
        "the new foreign key ''fk_memberships_team''",
    ] {
        assert!(up[guard..].contains(rule), "{rule}: {up}");
    }
    let said: Vec<&Value> = (g["validation"]["warnings"].as_array().unwrap().iter())
        .filter(|w| {
            w["message"]
                .as_str()
                .unwrap()
                .contains("first looks for existing rows")
        })
        .collect();
    assert_eq!(said.len(), 1, "{}", g["validation"]["warnings"]);
    assert_eq!(said[0]["code"], "ROWS_REFUSE_CHANGE");
    assert!(
        !said[0]["message"]
            .as_str()
            .unwrap()
            .contains("stays dropped"),
        "{}",
        said[0]["message"]
    );
    let Some(db) = Server::MariaDb.scratch("rows_guard") else {
        return;
    };
    db.exec(generate(&spec(false))["upMigration"].as_str().unwrap());
    db.exec("INSERT INTO orgs (plan) VALUES ('free'), ('enterprise');
        INSERT INTO teams (org_id, team_no) VALUES (1, 1);
        INSERT INTO memberships (org_id, team_no, email) VALUES (1, 1, 'a'), (1, 2, 'b'), (2, NULL, 'a'), (1, NULL, 'a');");
    let before = described(&db);
    // Each refusal in turn stops the migration, nothing changed, its message naming it.
    let mends = [
        (
            "chk_orgs_plan",
            "UPDATE orgs SET plan = 'pro' WHERE plan = 'enterprise';",
        ),
        (
            "uq_memberships_email",
            "UPDATE memberships SET email = 'c' WHERE team_no IS NULL AND org_id = 1;",
        ),
        (
            "fk_memberships_team",
            "UPDATE memberships SET team_no = 1 WHERE team_no = 2;",
        ),
    ];
    for (rule, mend) in mends {
        let failed = db.run(up).unwrap_err();
        assert!(
            failed.contains("ERROR 1231")
                && failed.contains("the migration stopped before any change: rows refuse the ")
                && failed.contains(rule),
            "{rule}: {failed}"
        );
        assert_eq!(described(&db), before, "{rule}: changed by the stopped run");
        db.exec(mend);
    }
    db.exec(up);
    let after = described(&db);
    assert!(
        after.contains("`fk_memberships_team`") && after.contains("bigint"),
        "{after}"
    );
    db.exec(down);
    assert_eq!(described(&db), before);
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
