//! MariaDB (InnoDB) refuses `ON UPDATE CASCADE` from a NOT NULL column to a nullable referenced
//! column ("Foreign key constraint is incorrectly formed", errno 150) unless ON DELETE is CASCADE
//! or NO ACTION. Checked on MariaDB 10.11: `CREATE TABLE p (a INT UNIQUE); CREATE TABLE c (x INT
//! NOT NULL, FOREIGN KEY (x) REFERENCES p (a) ON UPDATE CASCADE)` is refused, as with ON DELETE
//! RESTRICT; with ON DELETE CASCADE or NO ACTION, a nullable x, or a NOT NULL a it is taken.
//! The generator called such a spec valid and the migration failed on the server. Found by the
//! random engine test (__test__/engines-random.test.mjs, MariaDB seed 466).

use migration_generator::generate_json;
use serde_json::{json, Value};

fn generate(
    local_nullable: bool,
    remote_nullable: bool,
    on_delete: Option<&str>,
    on_update: &str,
) -> Value {
    let mut fk = json!({ "columns": ["p_a"], "referencedTable": "p", "referencedColumns": ["a"], "onUpdate": on_update });
    if let Some(d) = on_delete {
        fk["onDelete"] = json!(d);
    }
    let spec = json!({
        "description": "fk", "databaseType": "mysql", "timestamps": false, "now": "2026-02-09T12:00:00Z",
        "tables": [
            { "name": "p", "columns": [
                { "name": "id", "type": "INT", "nullable": false, "autoIncrement": true },
                { "name": "a", "type": "CHAR", "length": 1, "nullable": remote_nullable, "unique": true }
            ] },
            { "name": "c", "columns": [
                { "name": "id", "type": "INT", "nullable": false, "autoIncrement": true },
                { "name": "p_a", "type": "CHAR", "length": 1, "nullable": local_nullable }
            ], "foreignKeys": [fk] }
        ]
    });
    serde_json::from_str(&generate_json(&spec.to_string())).unwrap()
}

fn valid(v: &Value) -> bool {
    v["validation"]["valid"].as_bool().unwrap()
}

#[test]
fn on_update_cascade_from_not_null_to_nullable_is_refused_for_mysql() {
    for on_delete in [None, Some("RESTRICT")] {
        let v = generate(false, true, on_delete, "CASCADE");
        assert!(!valid(&v), "{on_delete:?}: {}", v["validation"]);
        let e = &v["validation"]["errors"][0];
        assert_eq!(e["code"], "INVALID_FOREIGN_KEY", "{e}");
        assert!(
            e["message"].as_str().unwrap().contains("ON UPDATE CASCADE"),
            "{e}"
        );
    }
}

#[test]
fn the_forms_mariadb_takes_stay_valid() {
    for (ln, rn, on_delete, on_update) in [
        (false, true, Some("CASCADE"), "CASCADE"),
        (false, true, Some("NO ACTION"), "CASCADE"),
        (true, true, None, "CASCADE"),
        (false, false, None, "CASCADE"),
        (false, true, None, "RESTRICT"),
        (false, true, None, "NO ACTION"),
    ] {
        let v = generate(ln, rn, on_delete, on_update);
        assert!(
            valid(&v),
            "{ln} {rn} {on_delete:?} {on_update}: {}",
            v["validation"]
        );
    }
}
