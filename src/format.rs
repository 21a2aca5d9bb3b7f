//! The migration file: its name (`YYYYMMDDHHMMSS_description.sql` or `NNN_description.sql`),
//! its header, and the up and down sections.

use crate::dialect::comment_text;
use crate::spec::FileFormat;
use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};

/// Longest description part of a file name.
const MAX_SLUG: usize = 100;

/// The description as lowercase snake_case `[a-z0-9_]`: never a path separator. Latin letters
/// with accents and Cyrillic and Greek letters are written in ASCII (`añadir_índice` ->
/// `anadir_indice`, `пользователи` -> `polzovateli`); a description whose letters are all of
/// other scripts gives `migration`. Empty only when the description has no letter or digit of
/// any script.
pub fn slug(description: &str) -> String {
    let mut out = String::with_capacity(description.len().min(MAX_SLUG));
    let mut prev_lower = false;
    let mut other_letters = false;
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
        } else if let Some(ascii) = ascii_letters(c) {
            out.push_str(ascii);
            prev_lower = true;
        } else {
            other_letters |= c.is_alphanumeric();
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            prev_lower = false;
        }
    }
    out.truncate(MAX_SLUG);
    let out = out.trim_end_matches('_');
    if out.is_empty() && other_letters {
        return "migration".to_string();
    }
    out.to_string()
}

/// The ASCII spelling of a letter of the Latin-1 and Latin Extended-A blocks (its base letter;
/// `ß` -> `ss`, `æ` -> `ae`), of the Cyrillic alphabets (Russian and Ukrainian romanised) or of
/// Greek, of a Latin digraph or ligature (`ǆ` -> `dz`, `ﬁ` -> `fi`) or of a fullwidth letter or
/// digit (`Ａ` -> `a`), in lower case (empty for the Cyrillic hard and soft signs); `None` for
/// anything else.
pub(crate) fn ascii_letters(c: char) -> Option<&'static str> {
    const LATIN_1: [&str; 64] = [
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",
        "i", // À..Ï
        "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th",
        "ss", // Ð..ß
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",
        "i", // à..ï
        "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th",
        "y", // ð..ÿ
    ];
    // U+0100..U+017F in pairs (upper, lower) mostly: the base letter of each.
    const LATIN_EXTENDED_A: [&str; 128] = [
        "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d",
        "d", // Ā..ď
        "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g",
        "g", // Đ..ğ
        "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i",
        "i", // Ġ..į
        "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l",
        "l", // İ..Ŀ
        "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o",
        "o", // ŀ..ŏ
        "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s",
        "s", // Ő..ş
        "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u",
        "u", // Š..ů
        "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z",
        "s", // Ű..ſ
    ];
    // U+0430..U+044F (а..я), then the lower-case letters of U+0450..U+045F that Ukrainian and
    // others use are mapped below.
    const CYRILLIC: [&str; 32] = [
        "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o",
        "p", // а..п
        "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu",
        "ya", // р..я
    ];
    // U+03B1..U+03C9 (α..ω), final sigma included.
    const GREEK: [&str; 25] = [
        "a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r", "s",
        "s", "t", "y", "f", "ch", "ps", "o",
    ];
    let lower = |c: char| c.to_lowercase().next().unwrap_or(c);
    Some(match c as u32 {
        // × and ÷ sit among the Latin-1 letters: not letters.
        0xD7 | 0xF7 => return None,
        0xC0..=0xFF => LATIN_1[(c as u32 - 0xC0) as usize],
        0x100..=0x17F => LATIN_EXTENDED_A[(c as u32 - 0x100) as usize],
        0x410..=0x44F => CYRILLIC[(lower(c) as u32 - 0x430) as usize],
        0x401 | 0x451 => "yo",
        0x404 | 0x454 => "ye",
        0x406 | 0x456 => "i",
        0x407 | 0x457 => "yi",
        0x490 | 0x491 => "g",
        0x391..=0x3A9 | 0x3B1..=0x3C9 => {
            let l = lower(c) as u32;
            if (0x3B1..=0x3C9).contains(&l) {
                GREEK[(l - 0x3B1) as usize]
            } else {
                return None;
            }
        }
        0x386 | 0x3AC => "a",
        0x388 | 0x3AD => "e",
        0x389 | 0x3AE | 0x38A | 0x3AF => "i",
        0x38C | 0x3CC | 0x38F | 0x3CE => "o",
        0x38E | 0x3CD => "y",
        // Latin Extended-B's digraphs, and the Latin ligatures.
        0x1C4..=0x1C6 => "dz",
        0x1C7..=0x1C9 => "lj",
        0x1CA..=0x1CC => "nj",
        0xFB00 => "ff",
        0xFB01 => "fi",
        0xFB02 => "fl",
        0xFB03 => "ffi",
        0xFB04 => "ffl",
        0xFB05 | 0xFB06 => "st",
        // Fullwidth digits and Latin letters (as East Asian input methods type them).
        0xFF10..=0xFF19 => DIGITS[(c as u32 - 0xFF10) as usize],
        0xFF21..=0xFF3A => LETTERS[(c as u32 - 0xFF21) as usize],
        0xFF41..=0xFF5A => LETTERS[(c as u32 - 0xFF41) as usize],
        _ => return None,
    })
}

/// The ASCII digits, as `&'static str`s.
const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

/// The ASCII lowercase letters, as `&'static str`s.
const LETTERS: [&str; 26] = [
    "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s",
    "t", "u", "v", "w", "x", "y", "z",
];

/// Parses the spec's `now`: RFC 3339, or a date and time without zone (taken as UTC). A
/// leap second (`:60`), which chrono reads at any minute, is refused: it would name the file
/// `…HHMM60` and write a `generatedAt` that JavaScript's `Date` cannot read.
pub fn parse_now(text: &str) -> Option<DateTime<Utc>> {
    use chrono::{Datelike, Timelike};
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
    // A leap second is not a time a file name can hold, nor a year of more than four digits
    // (UTC: '9999-12-31T23:59:59-14:00' is year 10000), which would start it with '+'.
    (parsed.nanosecond() < 1_000_000_000 && (0..=9999).contains(&parsed.year())).then_some(parsed)
}

/// What the header and file name are made from.
pub struct FileInfo<'a> {
    /// The spec's description.
    pub description: &'a str,
    /// `sqlite`, `postgresql` or `mysql`.
    pub database: &'a str,
    /// The tables the migration changes (written `(none)` when it changes none).
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
            description_comment(self.description)
        ));
        head.push_str(&format!("-- Database: {}\n", self.database));
        if self.tables.is_empty() {
            // A migration that changes no table (`NO_CHANGES`).
            head.push_str("-- Tables: (none)\n");
        } else {
            push_wrapped(&mut head, "-- Tables: ", self.tables);
        }
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

/// A description as a `--` comment writes it (the header's, a table's or a column's): on one
/// line ([`comment_text`]), and, when it holds the word `migration`, with no two dashes
/// together (`- - DOWN MIGRATION`), so that no runner finds a marker in it (`-- UP MIGRATION`,
/// `-- DOWN MIGRATION`, in any case or spacing): one splitting the file at the first
/// `-- DOWN MIGRATION` split the header of a user trial whose description was the marker.
pub fn description_comment(description: &str) -> String {
    let mut text = comment_text(description);
    if text.to_ascii_lowercase().contains("migration") {
        while text.contains("--") {
            text = text.replace("--", "- -");
        }
    }
    text
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
/// `-- DOWN MIGRATION`), as a runner that splits the file would read it: at any line
/// terminator a runner may split at (LF, a lone CR, U+0085, U+2028, U+2029, as for
/// descriptions), leading blanks aside (a byte-order mark too, which JavaScript's `trimStart`,
/// as the CLI's `up` uses it, takes for one), in any case, and with the loose spacing a
/// runner's pattern may allow (`--DOWN MIGRATION`, `---  down\tmigration`).
pub fn has_marker_line(sql: &str) -> bool {
    sql.split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'])
        .any(|line| {
            let blank = |c: char| c.is_whitespace() || c == '\u{feff}';
            let Some(comment) = line.trim_start_matches(blank).strip_prefix("--") else {
                return false;
            };
            let mut words = comment
                .trim_start_matches(|c: char| c == '-' || blank(c))
                .split(blank)
                .filter(|w| !w.is_empty());
            let (Some(first), Some(second)) = (words.next(), words.next()) else {
                return false;
            };
            (first.eq_ignore_ascii_case("UP") || first.eq_ignore_ascii_case("DOWN"))
                && second.len() >= 9
                && second.is_char_boundary(9)
                && second[..9].eq_ignore_ascii_case("MIGRATION")
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

    /// A description holding the markers' text does not put it in the header: the file holds
    /// `-- DOWN MIGRATION` once, where the down script begins.
    #[test]
    fn the_header_never_holds_a_marker() {
        let tables = vec!["a".to_string()];
        let file = |description: &str| {
            info(description, &tables, "2026-01-02T03:04:05Z").file_content("UP;", "DOWN;")
        };
        for description in [
            "-- DOWN MIGRATION",
            "x --- UP MIGRATION -- DOWN MIGRATION\n-- DOWN MIGRATION",
            "--down\tmigration",
        ] {
            let file = file(description);
            assert_eq!(file.matches("-- DOWN MIGRATION").count(), 1, "{file}");
            assert_eq!(file.matches("-- UP MIGRATION").count(), 1, "{file}");
            let down = file.find("-- DOWN MIGRATION").unwrap();
            assert!(
                file[down..].contains("DOWN;") && !file[down..].contains("UP;"),
                "{file}"
            );
            let header = file.lines().find(|l| l.starts_with("-- Description: "));
            assert!(!header.unwrap()[3..].contains("--"), "{file}");
        }
        assert!(file("-- DOWN MIGRATION").contains("-- Description: - - DOWN MIGRATION\n"));
        // Nor does a table's or a column's description, in the up script.
        let spec = r#"{"description":"d","databaseType":"sqlite","now":"2026-01-02T03:04:05Z","tables":[{"name":"t","description":"x -- DOWN MIGRATION y","columns":[{"name":"id","type":"INTEGER","nullable":false,"description":"-- UP MIGRATION"}],"primaryKey":["id"]}]}"#;
        let whole = crate::generate_str(spec).file_content;
        assert_eq!(whole.matches("-- DOWN MIGRATION").count(), 1, "{whole}");
        assert_eq!(whole.matches("-- UP MIGRATION").count(), 1, "{whole}");
        // Other descriptions keep their dashes.
        assert!(file("a -- b").contains("-- Description: a -- b\n"));
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
        assert_eq!(slug("日本"), "migration");
        assert_eq!(slug("日本 users"), "users");
        assert_eq!(slug("!!! ..."), "");
        assert_eq!(slug("Añadir índice a Çà"), "anadir_indice_a_ca");
        assert_eq!(slug("Straße Œuvre Łódź"), "strasse_oeuvre_lodz");
        assert_eq!(slug("Добавить пользователей"), "dobavit_polzovateley");
        assert_eq!(slug("Ёлка їжак"), "yolka_yizhak");
        assert_eq!(slug("Προσθήκη χρηστών"), "prosthiki_christon");
        assert_eq!(slug("2×3÷4"), "2_3_4");
        assert_eq!(slug("ﬁle ﬂow"), "file_flow");
        assert_eq!(slug("Ａｄｄ ｕｓｅｒｓ ２"), "add_users_2");
        assert_eq!(slug("Ǆuro"), "dzuro");
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
        assert!(parse_now("9999-12-31T23:59:59Z").is_some());
        assert!(parse_now("9999-12-31T23:59:59-14:00").is_none());
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
    fn marker_lines_are_found_with_the_spacing_and_case_a_runner_may_allow() {
        for sql in [
            "a\n-- DOWN MIGRATION\nb",
            "a\n--DOWN MIGRATION",
            "a\r  ---  down\tmigration",
            "a\u{2028}\u{feff}-- Up Migration;",
            "x\n--\tUP   MIGRATIONS",
        ] {
            assert!(has_marker_line(sql), "{sql:?}");
        }
        for sql in [
            "a -- DOWN MIGRATION",
            "a\n-- DOWN",
            "a\n-- DOWNMIGRATION",
            "a\n-- SIDEWAYS MIGRATION",
            "a\n-- DOWN MIGRATIO",
            "a\n- DOWN MIGRATION",
            "a\n-- DOWN é MIGRATION",
            "a\n-- UP M\u{e9}GRATION",
        ] {
            assert!(!has_marker_line(sql), "{sql:?}");
        }
    }

    /// A migration that changes no table (`NO_CHANGES`) says so on its `-- Tables:` line, which
    /// was left empty.
    #[test]
    fn a_migration_of_no_table_says_none() {
        let content = info("x", &[], "2026-02-09T12:00:00Z").file_content("", "");
        assert!(
            content.lines().any(|l| l == "-- Tables: (none)"),
            "{content}"
        );
        assert!(!content.lines().any(|l| l.trim_end() == "-- Tables:"));
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
