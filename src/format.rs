//! The migration file: its name (`YYYYMMDDHHMMSS_description.sql` or `NNN_description.sql`),
//! its header, and the up and down sections.

use crate::dialect::comment_text;
use crate::spec::FileFormat;
use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};

/// Longest description part of a file name.
const MAX_SLUG: usize = 100;

/// The description as lowercase snake_case `[a-z0-9_]`: never a path separator, never empty
/// unless the description has no letter or digit at all.
pub fn slug(description: &str) -> String {
    let mut out = String::with_capacity(description.len().min(MAX_SLUG));
    let mut prev_lower = false;
    for c in description.chars() {
        if out.len() >= MAX_SLUG {
            break;
        }
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            prev_lower = true;
        } else {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            prev_lower = false;
        }
    }
    out.trim_end_matches('_').to_string()
}

/// Parses the spec's `now`: RFC 3339, or a date and time without zone (taken as UTC). A
/// leap second (`:60`), which chrono reads at any minute, is refused: it would name the file
/// `…HHMM60` and write a `generatedAt` that JavaScript's `Date` cannot read.
pub fn parse_now(text: &str) -> Option<DateTime<Utc>> {
    use chrono::Timelike;
    let parsed = DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            [
                "%Y-%m-%dT%H:%M:%S%.f",
                "%Y-%m-%d %H:%M:%S%.f",
                "%Y-%m-%dT%H:%M",
            ]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
            .map(|n| n.and_utc())
        })?;
    (parsed.nanosecond() < 1_000_000_000).then_some(parsed)
}

/// What the header and file name are made from.
pub struct FileInfo<'a> {
    /// The spec's description.
    pub description: &'a str,
    /// `sqlite`, `postgresql` or `mysql`.
    pub database: &'a str,
    /// The tables the migration changes.
    pub tables: &'a [String],
    /// The instant of generation.
    pub now: DateTime<Utc>,
    /// `CREATE`, `ALTER` or `MIXED`.
    pub operation: &'a str,
    /// File naming.
    pub format: FileFormat,
}

impl FileInfo<'_> {
    /// The migration's identifier: the timestamp, or `001` for numbered files (the number is
    /// chosen when the file is written next to the others).
    pub fn id(&self) -> String {
        match self.format {
            FileFormat::Timestamp => self.now.format("%Y%m%d%H%M%S").to_string(),
            FileFormat::Numbered => "001".to_string(),
        }
    }

    /// `{id}_{slug}.sql`.
    pub fn filename(&self) -> String {
        format!("{}_{}.sql", self.id(), slug(self.description))
    }

    /// The instant as JavaScript's `toISOString()` writes it.
    pub fn generated_at(&self) -> String {
        self.now.to_rfc3339_opts(SecondsFormat::Millis, true)
    }

    /// The whole file: header, `-- UP MIGRATION`, up, `-- DOWN MIGRATION`, down.
    pub fn file_content(&self, up: &str, down: &str) -> String {
        self.file_frame(up.is_empty(), down.is_empty())
            .around(up, down)
    }

    /// The file without its two scripts: what stands before the up script, between it and the
    /// down script, and after. An empty script is written as `-- (no changes)`, which the frame
    /// then carries.
    pub fn file_frame(&self, up_is_empty: bool, down_is_empty: bool) -> FileFrame {
        // The header lists every table (a few lines per hundred tables): sized in.
        let tables: usize = self.tables.iter().map(|t| t.len() + 2).sum();
        let mut head = String::with_capacity(tables + tables / 8 + 512);
        head.push_str(&format!("-- Migration: {}\n", self.id()));
        head.push_str(&format!(
            "-- Description: {}\n",
            comment_text(self.description)
        ));
        head.push_str(&format!("-- Database: {}\n", self.database));
        push_wrapped(&mut head, "-- Tables: ", self.tables);
        head.push_str(&format!("-- Generated: {}\n", self.generated_at()));
        head.push_str(&format!("-- Operation: {}\n\n", self.operation));
        head.push_str("-- UP MIGRATION\n\n");
        let no_changes = |empty: bool| if empty { "-- (no changes)" } else { "" };
        head.push_str(no_changes(up_is_empty));
        FileFrame {
            head,
            middle: format!("\n\n-- DOWN MIGRATION\n\n{}", no_changes(down_is_empty)),
            tail: "\n".to_string(),
        }
    }
}

/// A migration file without its scripts: the file is `head + up + middle + down + tail`. Kept
/// apart so that a large file is not a second copy of its scripts until it is needed whole
/// (JavaScript joins the parts without copying them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileFrame {
    /// The header, `-- UP MIGRATION` and a blank line.
    pub head: String,
    /// Between the up and the down script: `-- DOWN MIGRATION` between blank lines.
    pub middle: String,
    /// After the down script: a line break.
    pub tail: String,
}

impl FileFrame {
    /// The whole file around these scripts.
    pub fn around(&self, up: &str, down: &str) -> String {
        let mut s = String::with_capacity(
            self.head.len() + up.len() + self.middle.len() + down.len() + self.tail.len(),
        );
        for part in [&self.head, up, &self.middle, down, &self.tail] {
            s.push_str(part);
        }
        s
    }
}

/// Writes `prefix a, b, c` as comment lines of at most 120 characters.
fn push_wrapped(out: &mut String, prefix: &str, items: &[String]) {
    let mut line = String::from(prefix);
    for (i, item) in items.iter().enumerate() {
        let piece = if i + 1 < items.len() {
            format!("{item},")
        } else {
            item.clone()
        };
        if line.len() + piece.len() + 1 > 120 && line.len() > prefix.len() {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from("--   ");
        }
        line.push_str(&piece);
        line.push(' ');
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

/// Whether a line of `sql` reads as one of the file's markers (`-- UP MIGRATION`,
/// `-- DOWN MIGRATION`), as a runner that splits the file would read it: leading blanks aside,
/// in any case.
pub fn has_marker_line(sql: &str) -> bool {
    sql.lines().any(|line| {
        let l = line.trim_start().to_ascii_uppercase();
        l.starts_with("-- UP MIGRATION") || l.starts_with("-- DOWN MIGRATION")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A SQLite `CREATE` file of `tables` with this description, generated at `now`.
    fn info<'a>(description: &'a str, tables: &'a [String], now: &str) -> FileInfo<'a> {
        FileInfo {
            description,
            database: "sqlite",
            tables,
            now: parse_now(now).unwrap(),
            operation: "CREATE",
            format: FileFormat::Timestamp,
        }
    }

    /// The frame carries `-- (no changes)` for an empty script, and around the scripts it is
    /// the whole file.
    #[test]
    fn the_frame_around_the_scripts_is_the_file() {
        let tables = vec!["a".to_string()];
        let info = info("d", &tables, "2026-01-02T03:04:05Z");
        let file = info.file_content("UP;", "DOWN;");
        assert!(file.starts_with("-- Migration: 20260102030405\n"));
        assert!(file.ends_with("-- UP MIGRATION\n\nUP;\n\n-- DOWN MIGRATION\n\nDOWN;\n"));
        assert_eq!(info.file_frame(false, false).around("UP;", "DOWN;"), file);
        let empty = info.file_content("", "");
        assert!(empty.ends_with(
            "-- UP MIGRATION\n\n-- (no changes)\n\n-- DOWN MIGRATION\n\n-- (no changes)\n"
        ));
        assert_eq!(FileFrame::default().around("", ""), "");
    }

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(slug("create_users_table"), "create_users_table");
        assert_eq!(slug("Add phone to Users!"), "add_phone_to_users");
        assert_eq!(slug("../../etc/passwd"), "etc_passwd");
        assert_eq!(slug("addPhoneNumber"), "add_phone_number");
        assert_eq!(slug("日本"), "");
        assert!(slug(&"x".repeat(1000)).len() <= MAX_SLUG);
    }

    #[test]
    fn now_is_parsed_in_utc() {
        let info = info("d", &[], "2026-02-09T13:00:00+01:00");
        assert_eq!(info.filename(), "20260209120000_d.sql");
        assert_eq!(info.generated_at(), "2026-02-09T12:00:00.000Z");
        assert!(parse_now("yesterday").is_none());
        assert!(parse_now("2026-02-09T12:34:60Z").is_none());
        assert!(parse_now("2026-02-09 12:34:60").is_none());
        assert!(parse_now("2016-12-31T23:59:60Z").is_none());
        assert!(parse_now("2026-02-09T12:34:59.999Z").is_some());
        assert!(parse_now("2026-02-09 12:00:00").is_some());
    }

    #[test]
    fn header_has_every_field_and_no_line_escapes() {
        let tables = vec!["users".to_string()];
        let info = info(
            "x\n-- DOWN MIGRATION\nDROP TABLE users;",
            &tables,
            "2026-02-09T12:00:00Z",
        );
        let content = info.file_content(
            "CREATE TABLE users (id INTEGER);",
            "DROP TABLE IF EXISTS users;",
        );
        for field in [
            "-- Migration: 20260209120000",
            "-- Database: sqlite",
            "-- Tables: users",
            "-- Generated: 2026-02-09T12:00:00.000Z",
            "-- Operation: CREATE",
        ] {
            assert!(content.contains(field), "{field}");
        }
        assert_eq!(
            content
                .lines()
                .filter(|l| l.starts_with("-- DOWN MIGRATION"))
                .count(),
            1
        );
        assert!(content.lines().all(|l| !l.starts_with("DROP TABLE users;")));
    }

    #[test]
    fn long_table_lists_wrap_at_120() {
        let tables: Vec<String> = (0..100).map(|i| format!("table_number_{i}")).collect();
        let mut s = String::new();
        push_wrapped(&mut s, "-- Tables: ", &tables);
        assert!(s.lines().all(|l| l.len() <= 120 && l.starts_with("--")));
        assert!(s.contains("table_number_99"));
    }
}
