//! A column made text from `previousSpec` (a user trial's INTEGER into VARCHAR(20), BOOLEAN into
//! VARCHAR(10), PostgreSQL's UUID into CHAR(36), refused as `TYPE_NARROWING` though every value
//! fits) on PostgreSQL 15 and MariaDB 10.11: where the new length holds the text of every value
//! of the old type, the migration is accepted without `allowDataLoss`, and the up migration then
//! the down migration keep every value's text, the extreme values included (a BOOLEAN's text,
//! which differs between the databases, and PostgreSQL's CHAR padding, are said); where it is
//! too short, the error says the longest value and the length, and the up migration refuses
//! that value (nothing is cut).

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::generated as generate;
use serde_json::{json, Value};
use servers::{Scratch, Server};

/// What the generator is to say of a change.
#[derive(Clone, Copy, Debug)]
enum Said {
    /// Accepted, nothing said of the change.
    Kept,
    /// Accepted, with a `TYPE_NARROWING` warning holding this.
    KeptSaying(&'static str),
    /// A `TYPE_NARROWING` error holding this (the longest value's text).
    Refused(&'static str),
}

/// A change: the old column, the new one, what is said, and the values to try (SQL literals).
struct Case {
    old: Value,
    new: Value,
    said: Said,
    values: &'static [&'static str],
}

fn ty(ty: &str, extra: Value) -> Value {
    let mut c = json!({ "type": ty });
    c.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    c
}

fn varchar(n: u32) -> Value {
    ty("VARCHAR", json!({ "length": n }))
}

const INTS: &[&str] = &["-2147483648", "2147483647", "0"];
const BIGINTS: &[&str] = &["-9223372036854775808", "9223372036854775807"];
const UUIDS: &[&str] = &["'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'"];
const DECIMALS: &[&str] = &["-99999999.99", "99999999.99", "0.5"];
const FRACTIONS: &[&str] = &["-0.99", "0.01"];

fn cases(server: Server) -> Vec<Case> {
    use Said::*;
    let case = |old: Value, new: Value, said: Said, values: &'static [&'static str]| Case {
        old,
        new,
        said,
        values,
    };
    let plain = |t: &str| ty(t, json!({}));
    let decimal = |p: u32, s: u32| ty("DECIMAL", json!({ "precision": p, "scale": s }));
    let mut all = vec![
        case(plain("INTEGER"), varchar(20), Kept, INTS),
        case(plain("INTEGER"), varchar(11), Kept, INTS),
        case(
            plain("INTEGER"),
            varchar(10),
            Refused("-2147483648', has 11 characters"),
            INTS,
        ),
        case(plain("BIGINT"), varchar(20), Kept, BIGINTS),
        case(
            plain("BIGINT"),
            varchar(19),
            Refused("-9223372036854775808', has 20 characters"),
            BIGINTS,
        ),
        case(decimal(10, 2), varchar(12), Kept, DECIMALS),
        case(
            decimal(10, 2),
            varchar(11),
            Refused("-99999999.99', has 12 characters"),
            DECIMALS,
        ),
        case(decimal(2, 2), varchar(5), Kept, FRACTIONS),
    ];
    if server == Server::Postgres {
        all.extend([
            case(plain("TINYINT"), varchar(6), Kept, &["-32768", "32767"]),
            case(
                plain("TINYINT"),
                varchar(5),
                Refused("-32768', has 6 characters"),
                &["-32768"],
            ),
            case(
                plain("BOOLEAN"),
                varchar(10),
                KeptSaying("'true' or 'false'"),
                &["true", "false"],
            ),
            case(
                plain("BOOLEAN"),
                varchar(5),
                KeptSaying("'true' or 'false'"),
                &["true", "false"],
            ),
            case(
                plain("BOOLEAN"),
                varchar(4),
                Refused("false', has 5 characters"),
                &["false"],
            ),
            case(
                plain("UUID"),
                ty("CHAR", json!({ "length": 36 })),
                Kept,
                UUIDS,
            ),
            case(plain("UUID"), varchar(36), Kept, UUIDS),
            // NUMERIC(1) holds NaN, longer than its '-9' (a reviewer's).
            case(decimal(1, 0), varchar(3), Kept, &["-9", "'NaN'"]),
            case(
                decimal(1, 0),
                varchar(2),
                Refused("NaN', has 3 characters"),
                &["-9", "'NaN'"],
            ),
            case(
                plain("UUID"),
                varchar(35),
                Refused("', has 36 characters"),
                UUIDS,
            ),
            case(
                plain("INTEGER"),
                ty("CHAR", json!({ "length": 11 })),
                KeptSaying("padded with spaces to 11 characters"),
                INTS,
            ),
        ]);
    } else {
        all.extend([
            case(plain("TINYINT"), varchar(4), Kept, &["-128", "127"]),
            case(
                plain("TINYINT"),
                varchar(3),
                Refused("-128', has 4 characters"),
                &["-128"],
            ),
            case(
                plain("BOOLEAN"),
                varchar(10),
                KeptSaying("'1' or '0'"),
                &["true", "false", "-128", "127"],
            ),
            case(
                plain("BOOLEAN"),
                varchar(4),
                KeptSaying("'1' or '0'"),
                &["true", "false", "-128"],
            ),
            case(
                plain("BOOLEAN"),
                varchar(1),
                Refused("-128', has 4 characters"),
                &["-128"],
            ),
            case(plain("UUID"), varchar(36), Kept, UUIDS),
            case(
                plain("INTEGER"),
                ty("CHAR", json!({ "length": 11 })),
                Kept,
                INTS,
            ),
            case(
                plain("DATE"),
                varchar(10),
                Kept,
                &["'9999-12-31'", "'1000-01-01'", "'0000-00-00'"],
            ),
            case(
                plain("DATE"),
                varchar(9),
                Refused("9999-12-31', has 10 characters"),
                &["'9999-12-31'"],
            ),
            case(
                plain("DATETIME"),
                varchar(19),
                Kept,
                &["'9999-12-31 23:59:59'", "'0000-00-00 00:00:00'"],
            ),
            case(
                ty("DATETIME", json!({ "precision": 3 })),
                varchar(23),
                Kept,
                &["'9999-12-31 23:59:59.999'", "'2024-01-01 00:00:00'"],
            ),
            case(
                ty("TIMESTAMP", json!({ "precision": 6 })),
                varchar(26),
                Kept,
                &["'9999-12-31 23:59:59.999999'"],
            ),
            case(
                ty("DATETIME", json!({ "precision": 3 })),
                varchar(22),
                Refused("9999-12-31 23:59:59.999', has 23 characters"),
                &["'9999-12-31 23:59:59.999'"],
            ),
        ]);
    }
    all
}

/// The spec of the table `t{i}`: an `id` key and `x`.
fn spec(server: Server, i: usize, x: &Value) -> Value {
    let mut x = x.clone();
    x["name"] = json!("x");
    x["nullable"] = json!(true);
    json!({ "description": "s", "databaseType": server.database_type(), "timestamps": false,
            "tables": [{ "name": format!("t{i}"), "primaryKey": ["id"], "columns": [
                { "name": "id", "type": "INTEGER", "nullable": false }, x ] }] })
}

/// The text of every value of `x`, in the order of the keys.
fn texts(db: &Scratch, i: usize) -> String {
    let cast = match db.server {
        Server::Postgres => "CAST(x AS TEXT)",
        Server::MariaDb => "CAST(x AS CHAR)",
    };
    db.exec(&format!("SELECT {cast} FROM t{i} ORDER BY id;"))
}

fn codes(v: &Value, kind: &str) -> Vec<(String, String)> {
    (v["validation"][kind].as_array().unwrap().iter())
        .map(|w| {
            (
                w["code"].as_str().unwrap().to_string(),
                w["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn try_on(server: Server) {
    let Some(db) = server.scratch("text_conv") else {
        return;
    };
    for (i, case) in cases(server).iter().enumerate() {
        let (old, new) = (spec(server, i, &case.old), spec(server, i, &case.new));
        let mut change = new.clone();
        change["previousSpec"] = old.clone();
        let v = generate(&change);
        let what = format!("{server:?} {} -> {}", case.old, case.new);
        let (errors, warnings) = (codes(&v, "errors"), codes(&v, "warnings"));
        let narrowing: Vec<&(String, String)> = (errors.iter().chain(&warnings))
            .filter(|(c, _)| c == "TYPE_NARROWING")
            .collect();
        match case.said {
            Said::Kept => assert!(errors.is_empty() && narrowing.is_empty(), "{what}: {v}"),
            Said::KeptSaying(words) => {
                assert!(errors.is_empty(), "{what}: {v}");
                assert!(
                    narrowing.len() == 1 && narrowing[0].1.contains(words),
                    "{what}: {narrowing:?}"
                );
            }
            Said::Refused(words) => {
                assert!(
                    errors
                        .iter()
                        .any(|(c, m)| c == "TYPE_NARROWING" && m.contains(words)),
                    "{what}: {errors:?}"
                );
            }
        }
        db.exec(generate(&old)["upMigration"].as_str().unwrap());
        let rows: Vec<String> = (case.values.iter().enumerate())
            .map(|(k, value)| format!("({k}, {value})"))
            .collect();
        db.exec(&format!(
            "INSERT INTO t{i} (id, x) VALUES {};",
            rows.join(", ")
        ));
        let before = texts(&db, i);
        change["allowDataLoss"] = json!(true);
        let v = generate(&change);
        let (up, down) = (
            v["upMigration"].as_str().unwrap(),
            v["downMigration"].as_str().unwrap(),
        );
        if let Said::Refused(_) = case.said {
            // The longest value refuses the up migration; nothing is cut.
            assert!(db.run(up).is_err(), "{what}: {up}");
            assert_eq!(texts(&db, i), before, "{what}");
            continue;
        }
        db.exec(up);
        assert_eq!(texts(&db, i), before, "{what}: up {up}");
        db.exec(down);
        assert_eq!(texts(&db, i), before, "{what}: down {down}");
    }
}

#[test]
fn postgres_text_that_holds_every_value_is_accepted_and_keeps_it() {
    try_on(Server::Postgres);
}

#[test]
fn mariadb_text_that_holds_every_value_is_accepted_and_keeps_it() {
    try_on(Server::MariaDb);
}
