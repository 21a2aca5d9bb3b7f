//! A spec that repeats one entry very many times (a user trial: a primary key of 2,000,000
//! names, an index given 1,000,000 times) had an issue said for every entry, two for some: 6 to
//! 16 s, 2.5 GB, then a report too long for a JavaScript string. A list longer than any table
//! can have is `LIMIT_EXCEEDED` before its entries are checked, and a report lists at most
//! `MAX_ISSUES_LISTED` errors and as many warnings, the rest counted in one more issue.

use migration_generator::generate_json;
use migration_generator::limits::{
    MAX_COLUMNS_PER_TABLE, MAX_CONSTRAINTS_PER_TABLE, MAX_ISSUES_LISTED,
};
use serde_json::Value;
use std::time::{Duration, Instant};

/// Peak resident memory of this process so far, in MiB (Linux; 0 elsewhere).
fn peak_rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

/// The result of `spec` as JSON, asserting it came within `limit`, under 1 GiB, and as at most
/// `max_bytes` of JSON text.
fn bounded(what: &str, spec: &str, limit: Duration, max_bytes: usize) -> Value {
    let start = Instant::now();
    let json = generate_json(spec);
    let took = start.elapsed();
    let peak = peak_rss_mib();
    eprintln!(
        "{what}: {} bytes in {took:?}, {} bytes out, peak RSS {peak} MiB",
        spec.len(),
        json.len()
    );
    assert!(took < limit, "{what} took {took:?}");
    assert!(peak < 1024, "{what}: peak RSS {peak} MiB");
    assert!(
        json.len() <= max_bytes,
        "{what}: {} bytes of result",
        json.len()
    );
    serde_json::from_str(&json).unwrap()
}

/// A PostgreSQL spec of one table `t` with an `id` column and `extra` fields (JSON text).
fn one_table(extra: &str) -> String {
    format!(
        r#"{{"description":"x","databaseType":"postgresql","now":"2026-02-09T12:00:00Z","tables":[{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}}]{extra}}}]}}"#
    )
}

/// `n` copies of `entry`, comma-separated.
fn copies(entry: &str, n: usize) -> String {
    vec![entry; n].join(",")
}

/// The errors' `[code, message]`.
fn said(r: &Value) -> Vec<(String, String)> {
    (r["validation"]["errors"].as_array().unwrap().iter())
        .map(|e| {
            (
                e["code"].as_str().unwrap().to_string(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_list_longer_than_any_table_has_is_limit_exceeded_before_its_entries_are_checked() {
    let limit = Duration::from_secs(20);
    // The trial's: an 8 MB primary key of 2,000,000 unknown names, and 1,000,000 copies of
    // one index (30 MB).
    let r = bounded(
        "primaryKey of 2,000,000",
        &one_table(&format!(
            r#","primaryKey":[{}]"#,
            copies(r#""x""#, 2_000_000)
        )),
        limit,
        2_000,
    );
    assert_eq!(
        said(&r),
        [(
            "LIMIT_EXCEEDED".to_string(),
            format!(
                "table 't': primaryKey has 2000000 entries; the limit is {MAX_COLUMNS_PER_TABLE}"
            )
        )]
    );
    assert_eq!(r["validation"]["errors"][0]["table"], "t");
    assert_eq!(r["upMigration"], "");
    let index = r#"{"name":"i","columns":["id"]}"#;
    let r = bounded(
        "1,000,000 indexes",
        &one_table(&format!(
            r#","primaryKey":["id"],"indexes":[{}]"#,
            copies(index, 1_000_000)
        )),
        limit,
        2_000,
    );
    assert_eq!(
        said(&r),
        [(
            "LIMIT_EXCEEDED".to_string(),
            format!(
                "table 't': indexes has 1000000 entries; the limit is {MAX_CONSTRAINTS_PER_TABLE}"
            )
        )]
    );
    // Each list of a table, and of previousSpec's tables, the first one past its limit said.
    let cases = [
        (
            r#","primaryKey":["id"],"foreignKeys":[{"columns":[COLS],"referencedTable":"t","referencedColumns":["id"]}]"#,
            "foreignKeys[0].columns has 1001 entries; the limit is 1000",
        ),
        (
            r#","primaryKey":["id"],"uniqueConstraints":[{"name":"u","columns":["id"]},{"name":"v","columns":[COLS]}]"#,
            "uniqueConstraints[1].columns has 1001 entries; the limit is 1000",
        ),
        (
            r#","primaryKey":["id"],"indexes":[{"name":"i","columns":[COLS]}]"#,
            "indexes[0].columns has 1001 entries; the limit is 1000",
        ),
    ];
    let cols = copies(r#""id""#, MAX_COLUMNS_PER_TABLE + 1);
    for (extra, message) in cases {
        let r = bounded(
            message,
            &one_table(&extra.replace("COLS", &cols)),
            limit,
            2_000,
        );
        assert_eq!(
            said(&r),
            [(
                "LIMIT_EXCEEDED".to_string(),
                format!("table 't': {message}")
            )]
        );
    }
    let checks = copies(
        r#"{"name":"c","expression":"id > 0"}"#,
        MAX_CONSTRAINTS_PER_TABLE + 1,
    );
    let table = format!(
        r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}}],"primaryKey":["id"],"checkConstraints":[{checks}]}}"#
    );
    let spec = one_table(r#","primaryKey":["id"]"#).replacen(
        r#""tables""#,
        &format!(r#""previousSpec":{{"description":"x","databaseType":"postgresql","tables":[{table}]}},"tables""#),
        1,
    );
    let r = bounded("previousSpec's checks", &spec, limit, 2_000);
    assert_eq!(
        said(&r),
        [(
            "LIMIT_EXCEEDED".to_string(),
            "previousSpec table 't': checkConstraints has 1001 entries; the limit is 1000"
                .to_string()
        )]
    );
    // At the limits, the lists are read as ever: 1,000 indexes of one name are 999
    // DUPLICATE_NAME errors, listed in full.
    let r = bounded(
        "1,000 indexes",
        &one_table(&format!(
            r#","primaryKey":["id"],"indexes":[{}]"#,
            copies(index, MAX_CONSTRAINTS_PER_TABLE)
        )),
        limit,
        1_000_000,
    );
    let errors = said(&r);
    assert_eq!(errors.len(), 999);
    assert!(
        errors.iter().all(|(code, _)| code == "DUPLICATE_NAME"),
        "{:?}",
        &errors[..3]
    );
}

#[test]
fn a_report_lists_the_first_thousand_errors_and_warnings_and_counts_the_rest() {
    // 1,500 tables, each with an index named twice: a DUPLICATE_NAME error, and a
    // REDUNDANT_INDEX warning, a table.
    let tables: Vec<String> = (0..1_500)
        .map(|i| {
            format!(
                r#"{{"name":"t{i}","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"a","type":"INTEGER","nullable":true}}],"primaryKey":["id"],"indexes":[{{"name":"i{i}","columns":["a"]}},{{"name":"i{i}","columns":["a"]}}]}}"#
            )
        })
        .collect();
    let spec = format!(
        r#"{{"description":"x","databaseType":"postgresql","now":"2026-02-09T12:00:00Z","tables":[{}]}}"#,
        tables.join(",")
    );
    let r = bounded("1,500 tables", &spec, Duration::from_secs(60), 2_000_000);
    let errors = r["validation"]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), MAX_ISSUES_LISTED + 1);
    assert!(errors[..MAX_ISSUES_LISTED]
        .iter()
        .all(|e| e["code"] == "DUPLICATE_NAME"));
    assert_eq!(errors[0]["table"], "t0");
    assert_eq!(errors[MAX_ISSUES_LISTED - 1]["table"], "t999");
    let last = &errors[MAX_ISSUES_LISTED];
    assert_eq!(last["type"], "error");
    assert_eq!(last["code"], "LIMIT_EXCEEDED");
    assert_eq!(
        last["message"],
        "500 more errors are not listed (DUPLICATE_NAME): a report lists the first 1000 errors"
    );
    assert_eq!(
        last["suggestion"],
        "fix the issues listed (one mistake repeated is often behind many of them), then generate again to see the rest"
    );
    assert_eq!(r["validation"]["valid"], false);
    // Each table's two indexes on one column also warn (REDUNDANT_INDEX): 1,500 warnings.
    let warnings = r["validation"]["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), MAX_ISSUES_LISTED + 1);
    let last = &warnings[MAX_ISSUES_LISTED];
    assert_eq!(
        (last["type"].as_str(), last["code"].as_str()),
        (Some("warning"), Some("LIMIT_EXCEEDED"))
    );
    let more = last["message"].as_str().unwrap();
    assert!(
        more.starts_with("500 more warnings are not listed (")
            && more.ends_with("): a report lists the first 1000 warnings"),
        "{more}"
    );
    // 1,000 errors are listed as they are, with no summary.
    let spec = format!(
        r#"{{"description":"x","databaseType":"postgresql","now":"2026-02-09T12:00:00Z","tables":[{}]}}"#,
        tables[..MAX_ISSUES_LISTED].join(",")
    );
    let r = bounded("1,000 tables", &spec, Duration::from_secs(60), 2_000_000);
    let errors = r["validation"]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), MAX_ISSUES_LISTED);
    assert!(errors.iter().all(|e| e["code"] == "DUPLICATE_NAME"));
}
