//! Resource bounds: huge and hostile inputs come back as clear errors or valid output, in bounded
//! time and memory, never as a hang, a crash or an exhausted machine. The cases run one after
//! another in one test so the process's peak memory can be read between them.

use migration_generator::generate_str;
use migration_generator::limits;
use migration_generator::output::GeneratedMigration;
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

/// Generates from `text`, asserting it takes less than `limit` and the process stays under 2 GiB.
fn bounded(what: &str, text: &str, limit: Duration) -> GeneratedMigration {
    let start = Instant::now();
    let r = generate_str(text);
    let took = start.elapsed();
    let peak = peak_rss_mib();
    eprintln!(
        "{what}: {} bytes in {took:?}, peak RSS {peak} MiB",
        text.len()
    );
    assert!(took < limit, "{what} took {took:?}");
    assert!(peak < 2048, "{what}: peak RSS {peak} MiB");
    r
}

/// The distinct error codes, in order of first appearance.
fn codes(r: &GeneratedMigration) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for e in &r.validation.errors {
        if !out.contains(&e.code.as_str()) {
            out.push(e.code.as_str());
        }
    }
    out
}

/// A column as JSON text (`c0` is the primary key). Specs are built as text: building 50 MB of
/// `serde_json::Value`s in a debug build takes longer than generating from them.
fn column(i: usize, description: &str) -> String {
    let description = if description.is_empty() {
        String::new()
    } else {
        format!(",\"description\":\"{description}\"")
    };
    format!(
        "{{\"name\":\"c{i}\",\"type\":\"INTEGER\",\"nullable\":{}{description}}}",
        i != 0
    )
}

fn table(name: &str, columns: &[String], foreign_keys: &[String]) -> String {
    format!(
        "{{\"name\":\"{name}\",\"primaryKey\":[\"c0\"],\"columns\":[{}],\"foreignKeys\":[{}]}}",
        columns.join(","),
        foreign_keys.join(",")
    )
}

fn spec(db: &str, tables: &[String]) -> String {
    format!(
        "{{\"description\":\"limits\",\"databaseType\":\"{db}\",\"now\":\"2026-02-09T12:00:00Z\",\"timestamps\":false,\"tables\":[{}]}}",
        tables.join(",")
    )
}

fn foreign_key(column: &str, table: &str) -> String {
    format!("{{\"columns\":[\"{column}\"],\"referencedTable\":\"{table}\",\"referencedColumns\":[\"c0\"]}}")
}

#[test]
fn oversized_spec_is_refused_before_parsing() {
    let text = " ".repeat(limits::MAX_SPEC_BYTES + 1);
    let r = bounded("spec over the byte limit", &text, Duration::from_secs(5));
    assert_eq!(codes(&r), ["LIMIT_EXCEEDED"]);
    assert!(r.validation.errors[0].message.contains("the limit is"));
}

#[test]
fn huge_and_hostile_inputs_are_bounded() {
    // A 50 MB spec: 2,500 tables of 20 columns, each column with a 1 KB description.
    let description = "x".repeat(1000);
    let columns: Vec<String> = (0..20).map(|i| column(i, &description)).collect();
    let tables: Vec<String> = (0..2500)
        .map(|t| table(&format!("t{t}"), &columns, &[]))
        .collect();
    let text = spec("sqlite", &tables);
    assert!(text.len() > 50_000_000, "{} bytes", text.len());
    let r = bounded("50 MB spec", &text, Duration::from_secs(120));
    assert!(r.validation.valid, "{:?}", codes(&r));
    assert_eq!(r.metadata.operations.len(), 2500);
    drop(text);

    // 100,000 columns in one table: over the per-table limit, refused without building SQL.
    let columns: Vec<String> = (0..100_000).map(|i| column(i, "")).collect();
    let text = spec("postgresql", &[table("wide", &columns, &[])]);
    let r = bounded(
        "100,000 columns in one table",
        &text,
        Duration::from_secs(30),
    );
    assert_eq!(codes(&r), ["LIMIT_EXCEEDED"]);
    assert!(r.validation.errors[0].message.contains("100000 columns"));

    // 100,000 columns over 100 tables at the per-table limit: generated.
    let columns: Vec<String> = (0..limits::MAX_COLUMNS_PER_TABLE)
        .map(|i| column(i, ""))
        .collect();
    let tables: Vec<String> = (0..100)
        .map(|t| table(&format!("w{t}"), &columns, &[]))
        .collect();
    let text = spec("sqlite", &tables);
    let r = bounded(
        "100 tables of 1,000 columns",
        &text,
        Duration::from_secs(120),
    );
    assert!(r.validation.valid, "{:?}", codes(&r));
    assert_eq!(r.up_migration.matches("CREATE TABLE").count(), 100);

    // More tables than the limit: refused.
    let tables: Vec<String> = (0..limits::MAX_TABLES + 1)
        .map(|t| table(&format!("t{t}"), &[column(0, "")], &[]))
        .collect();
    let r = bounded(
        "too many tables",
        &spec("mysql", &tables),
        Duration::from_secs(30),
    );
    assert_eq!(codes(&r), ["LIMIT_EXCEEDED"]);

    // CHECK expressions at their own limit in every table, past the limit of all together (an
    // orchestrator trial's 63 MB of them took 21 s): refused before any is parsed.
    let unit = format!("{}c0{} > 0", "abs(".repeat(8), ")".repeat(8));
    let expression =
        vec![unit.as_str(); limits::MAX_EXPRESSION_BYTES / (unit.len() + 4)].join(" OR ");
    let tables: Vec<String> = (0..limits::MAX_EXPRESSION_BYTES_TOTAL / expression.len() + 1)
        .map(|t| {
            let mut table = table(&format!("t{t}"), &[column(0, "")], &[]);
            table.insert_str(
                table.len() - 1,
                &format!(",\"checkConstraints\":[{{\"name\":\"chk_t{t}\",\"expression\":\"{expression}\"}}]"),
            );
            table
        })
        .collect();
    let r = bounded(
        "expressions past the limit of all together",
        &spec("postgresql", &tables),
        Duration::from_secs(10),
    );
    assert_eq!(codes(&r), ["LIMIT_EXCEEDED"]);
    assert!(r.validation.errors[0].message.contains("bytes together"));

    // Deeply nested junk: where the spec goes, and inside fields the parser reads.
    for (what, text) in [
        ("a million nested arrays", "[".repeat(1_000_000)),
        ("a million nested objects", "{\"a\":".repeat(1_000_000)),
        (
            "nested junk in a table field",
            format!(
                "{{\"description\":\"d\",\"databaseType\":\"sqlite\",\"tables\":[{{\"name\":\"t\",\"junk\":{}1{}}}]}}",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
        ),
        (
            "nested junk as a default",
            format!(
                "{{\"description\":\"d\",\"databaseType\":\"sqlite\",\"tables\":[{{\"name\":\"t\",\"columns\":[{{\"name\":\"c\",\"type\":\"TEXT\",\"nullable\":true,\"default\":{}{}}}]}}]}}",
                "{\"expression\":".repeat(50_000),
                "}".repeat(50_000)
            ),
        ),
    ] {
        let r = bounded(what, &text, Duration::from_secs(10));
        assert_eq!(codes(&r), ["INVALID_SPEC"], "{what}");
        // Said as the nesting it is (serde_json stops at 128 levels, before the text's end).
        assert!(
            r.validation.errors[0]
                .message
                .starts_with("the spec is nested more than 127 levels deep"),
            "{what}: {}",
            r.validation.errors[0].message
        );
    }
}

#[test]
fn cyclic_foreign_keys_over_ten_thousand_tables_are_bounded() {
    let n = 10_000;
    // A ring t0 → t1 → … → t9999 → t0, plus a chord from every tenth table to its mirror.
    let columns = [column(0, ""), column(1, ""), column(2, "")];
    let tables: Vec<String> = (0..n)
        .map(|i| {
            let mut fks = vec![foreign_key("c1", &format!("t{}", (i + 1) % n))];
            if i % 10 == 0 {
                fks.push(foreign_key("c2", &format!("t{}", n - 1 - i)));
            }
            table(&format!("t{i}"), &columns, &fks)
        })
        .collect();
    for db in ["sqlite", "postgresql", "mysql"] {
        let text = spec(db, &tables);
        let r = bounded(
            &format!("a 10,000-table foreign-key cycle on {db}"),
            &text,
            Duration::from_secs(120),
        );
        assert!(r.validation.valid, "{db}: {:?}", codes(&r));
        let cycles: Vec<_> = r
            .validation
            .warnings
            .iter()
            .filter(|w| w.code.as_str() == "CIRCULAR_FOREIGN_KEY")
            .collect();
        assert_eq!(cycles.len(), 1, "{db}: one cycle through every table");
        assert_eq!(r.up_migration.matches("CREATE TABLE").count(), n);
        // (SQLite's down also drops the temporary table of its guard: `DROP TABLE _mg_…`.)
        assert_eq!(
            r.down_migration.matches("DROP TABLE IF EXISTS t").count(),
            n
        );
    }
}
