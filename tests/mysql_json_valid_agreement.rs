//! A MySQL JSON column's plain default is refused (INVALID_DEFAULT) exactly when MariaDB
//! 10.11's `json_valid`, which the column's CHECK calls, refuses the text
//! (src/mariadb_json_text.rs): MariaDB takes some unfinished numbers (`[-]`, `1.`, `1e `) but
//! not others (`1.5.`, `[--1]`, `[-.5]`, `1e`), and each was said the other way. Texts by hand
//! (number forms, nesting, commas, whitespace, escapes) and random ones, each asked of the
//! server with `SELECT json_valid(…)`. A number past a double's range (`1e400`) is the one
//! text MariaDB takes that stays refused, on purpose (MySQL 8.0's JSON refuses it). A line
//! break or control character other than a tab is left out: a plain string default refuses
//! it whatever the column (src/mariadb_json_text.rs's unit tests read them).
//!
//! Runs in a scratch database of its own (`mg_rt_*`, tests/common/servers.rs), dropped
//! afterwards; a server that cannot be reached is skipped with a loud line, unless CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/seeded.rs"]
#[allow(dead_code)]
mod seeded;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generated, items_with_code};
use serde_json::json;
use servers::Server;

/// The INVALID_DEFAULT messages validation gives a JSON column whose default is the plain
/// string `text`.
fn refusals(text: &str) -> Vec<String> {
    let spec = items_with_code("mysql", col("code", "JSON", json!({ "default": text })));
    (generated(&spec)["validation"]["errors"]
        .as_array()
        .unwrap()
        .iter())
    .filter(|x| x["code"] == "INVALID_DEFAULT")
    .map(|x| x["message"].as_str().unwrap().to_string())
    .collect()
}

/// Whether validation agrees with `json_valid`'s `valid` on the refusals of a text: refused
/// exactly where MariaDB refuses, but for a number past a double's range, refused on purpose.
fn agrees(valid: bool, refused: &[String]) -> bool {
    if valid {
        refused.iter().all(|m| m.contains("number out of range"))
    } else {
        !refused.is_empty()
    }
}

/// Number forms, each alone, in an array, as an object's value, before a space and before
/// another item.
fn numbers() -> Vec<String> {
    let forms = [
        "0",
        "-0",
        "1",
        "-1",
        "01",
        "-01",
        "00",
        "0.5",
        "00.5",
        "1.",
        "-0.",
        "0.",
        ".5",
        "-.5",
        "1.5",
        "1.5.",
        "1..5",
        "1.5.5",
        "1e",
        "1E5",
        "1e+",
        "1e-",
        "1e+5",
        "1e-+",
        "1e-+5",
        "1e5e",
        "1e5.",
        "1e5-",
        "1.e",
        "1.e5",
        "1.E+5",
        "1e.5",
        "-",
        "--1",
        "-+1",
        "+1",
        "+",
        "1-",
        "1-2",
        "1+2",
        "0x10",
        "0x",
        "1_000",
        "1,5",
        "-e",
        "-0e",
        "0e",
        "0e5",
        "0.e",
        "-0.e",
        "1e400",
        "-1e400",
        "1e-400",
        "123456789012345678901234567890",
        "2026-12-07",
    ];
    let mut out = Vec::new();
    for f in forms {
        for wrapped in [
            f.to_string(),
            format!("[{f}]"),
            format!("{{\"a\":{f}}}"),
            format!("{f} "),
            format!(" {f}  "),
            format!("{f}\t"),
            format!("[{f},1]"),
            format!("[1,{f}]"),
            format!("[{f} ]"),
            format!("{{\"a\":{f},\"b\":1}}"),
            format!("[{f}x]"),
            format!("[{f}\"a\"]"),
        ] {
            out.push(wrapped);
        }
    }
    out
}

/// Nesting, commas, whitespace, words and escapes.
fn others() -> Vec<String> {
    [
        "",
        " ",
        "\t",
        "\t1\t",
        "\u{a0}1",
        "\u{feff}1",
        "\u{2003}1",
        "[]",
        "{}",
        "[[]]",
        "[{}]",
        "{\"a\":[]}",
        "[[1],[2,[3]]]",
        "{\"a\":{\"b\":{}}}",
        "[",
        "]",
        "[1",
        "{",
        "{\"a\"",
        "{\"a\":",
        "{\"a\":1",
        "[1]]",
        "{}}",
        "[}",
        "{]",
        "[1,]",
        "[,1]",
        "[1,,2]",
        "[,]",
        "{\"a\":1,}",
        "{,\"a\":1}",
        "{\"a\":1,,\"b\":2}",
        "{\"a\" : 1 }",
        "{ \"a\"\t:\t1\t}",
        "{\"a\"1}",
        "{\"a\"::1}",
        "{a:1}",
        "{'a':1}",
        "{1:2}",
        "{\"a\":1 \"b\":2}",
        "[1 2]",
        "1 2",
        " [ 1 , 2 ] ",
        "{\"a\":1,\"a\":2}",
        "true",
        "false",
        "null",
        "True",
        "TRUE",
        "Null",
        "nul",
        "nulls",
        "[true,false,null]",
        "[truefalse]",
        "tru e",
        "NaN",
        "Infinity",
        "-Infinity",
        "undefined",
        "'a'",
        "abc",
        "é",
        "\"\"",
        "\"a\"",
        "\"é\"",
        "\"a'b\"",
        "\"a\tb\"",
        "\"\\\"\"",
        "\"\\\\\"",
        "\"\\/\"",
        "\"\\b\\f\\n\\r\\t\"",
        "\"\\x\"",
        "\"\\'\"",
        "\"\\ \"",
        "\"\\é\"",
        "\"\\\t\"",
        "\"\\",
        "\"\\\"",
        "\"a",
        "\"\\u00e9\"",
        "\"\\u00E9\"",
        "\"\\u12\"",
        "\"\\u12g4\"",
        "\"\\u\"",
        "\"\\u0000\"",
        "\"\\uD800\"",
        "\"\\uDC00\"",
        "\"\\uD83D\\uDE00\"",
        "\"\\uD83D\\u0041\"",
        "\"\\uD83Dx\"",
        "{\"\\k\":1}",
        "{\"\\u0061\":1}",
        "{\"a\\\"b\":1}",
        "\"a\" \"b\"",
        "[\"a\",]",
        "[\"a\"1]",
    ]
    .iter()
    .map(|t| t.to_string())
    .collect()
}

/// Random short texts of the characters that matter to a number and to JSON's structure.
fn random(seed: u64, count: usize) -> Vec<String> {
    let alphabet: Vec<char> = "[]{},:\"-+.eE0159\\xatrunl \t".chars().collect();
    let mut rng = seeded::Rng::new(seed);
    (0..count)
        .map(|_| {
            let n = 1 + rng.below(8);
            (0..n).map(|_| rng.pick(&alphabet)).collect()
        })
        .collect()
}

#[test]
fn json_defaults_are_refused_exactly_where_mariadb_refuses_them() {
    let Some(db) = Server::MariaDb.scratch("json_valid_agreement") else {
        return;
    };
    let texts: Vec<String> = (numbers().into_iter())
        .chain(others())
        .chain(random(11, 6000))
        .collect();
    let valid = db.json_valid(&texts);
    let (mut taken, mut disagreeing) = (0, Vec::new());
    for (text, valid) in texts.iter().zip(valid) {
        taken += usize::from(valid);
        let refused = refusals(text);
        if !agrees(valid, &refused) {
            disagreeing.push(format!("{text:?}: json_valid {valid}, refused {refused:?}"));
        }
    }
    assert!(
        disagreeing.is_empty(),
        "{} disagree:\n{}",
        disagreeing.len(),
        disagreeing.join("\n")
    );
    assert!(taken > 300 && taken < texts.len() / 2, "{taken} taken");
}

/// What the brief's texts do on the server: `1.5.` and `[--1]` are refused, both by MariaDB
/// and by validation; a default MariaDB takes (`[-]`) is inserted.
#[test]
fn the_refused_numbers_fail_on_the_server_and_in_validation() {
    let Some(db) = Server::MariaDb.scratch("json_valid_numbers") else {
        return;
    };
    for (text, taken) in [
        ("1.5.", false),
        ("[--1]", false),
        ("[-.5]", false),
        ("[-]", true),
    ] {
        assert_eq!(refusals(text).is_empty(), taken, "{text}");
        // The column made with a default of `[]`, the text then set as its default as written.
        let spec = items_with_code("mysql", col("code", "JSON", json!({ "default": "[]" })));
        let up = generated(&spec)["upMigration"]
            .as_str()
            .unwrap()
            .to_string();
        db.exec(&format!("DROP TABLE IF EXISTS items; {up}"));
        let quoted = text.replace('\'', "''");
        let set = format!("ALTER TABLE items ALTER COLUMN code SET DEFAULT '{quoted}';");
        db.exec(&set);
        let inserted = db.run("INSERT INTO items (id) VALUES (1);");
        assert_eq!(inserted.is_ok(), taken, "{text}: {inserted:?}");
    }
}
