//! Whether MariaDB's `json_valid` may take a text that serde_json refuses.
//!
//! A MySQL JSON column is LONGTEXT with `CHECK (json_valid(…))` on MariaDB, and MariaDB 10.11's
//! `json_valid` is looser than RFC 8259 (each seen on the server, `SELECT json_valid(…)`,
//! `tests/mysql_default_fails_inserts.rs`):
//! - a number may end in `.` with no digit after it (`1.`, `[1.]`, `0.`, `1.e5`, `{"a":2.}`);
//! - in an array or object a number may stop early (`[-]`, `[1e]`, `[1e+]`, `[1.e]`, `[1e-+]`);
//! - in a string a backslash may come before any character (`"\x"`, `"\'"`, `"\ "`).
//!
//! It is not looser about a number starting with `+` or `.`, leading zeros (`01`), a word other
//! than `true`/`false`/`null` (in any other case), a trailing comma, or whitespace other than
//! space, tab, CR and LF. [`read`] reads a text as serde_json does, and when serde_json refuses
//! it, reads again a stricter form of it in which every such loose number is `0` and every such
//! escape a plain letter: what it refuses, MariaDB refuses too.

/// serde_json's reading of `s`, or, when serde_json refuses `s` but `s` may be one of MariaDB's
/// looser JSON texts (a number ending in `.` or stopping early, a backslash before any
/// character in a string), serde_json's reading of its strict form. The error is serde_json's
/// about `s` itself.
pub(crate) fn read(s: &str) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::from_str(s).or_else(|e| serde_json::from_str(&strict_form(s)).map_err(|_| e))
}

/// `s` with every number MariaDB may take that JSON does not replaced by `0`, and, in a string,
/// every escape that is not `\uXXXX` replaced by `a`. A number here starts with a digit or `-`
/// ([`number_end`] says where it ends); one that JSON reads (`1e400` too) is kept as it is, so
/// that serde_json still says what it says about it. Looser than MariaDB (`1.5.` is `0`), never
/// stricter.
fn strict_form(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut in_string = false;
    while i < chars.len() {
        let ch = chars[i];
        if in_string {
            match ch {
                '"' => in_string = false,
                '\\' if chars.get(i + 1) == Some(&'u') => {
                    // serde_json and MariaDB both read `\u` with four hex digits only.
                    out.push_str("\\u");
                    i += 2;
                    continue;
                }
                '\\' if i + 1 < chars.len() => {
                    out.push('a');
                    i += 2;
                    continue;
                }
                _ => {}
            }
            out.push(ch);
            i += 1;
        } else if ch.is_ascii_digit() || ch == '-' {
            let end = number_end(&chars, i);
            let run: String = chars[i..end].iter().collect();
            // MariaDB refuses a leading zero (`01`, `[-01]`, `00.5`) as JSON does.
            let leading_zero = run.trim_start_matches('-').starts_with("0")
                && run.trim_start_matches('-')[1..].starts_with(|c: char| c.is_ascii_digit());
            if is_json_number(&run) || leading_zero {
                out.push_str(&run);
            } else {
                out.push('0');
            }
            i = end;
        } else {
            in_string = ch == '"';
            out.push(ch);
            i += 1;
        }
    }
    out
}

/// Where the number starting at `chars[start]` ends: digits, `.`, `e` and `E`, and a sign
/// first, right after `e`/`E`, or after such a sign (MariaDB takes `[1e-+]`; it refuses
/// `[1-]`, `[1-2]`, `[--1]`, so `2026-12-07` is three numbers and no JSON text).
fn number_end(chars: &[char], start: usize) -> usize {
    let mut j = start + 1;
    while let Some(&c) = chars.get(j) {
        let sign_may_follow = matches!(chars[j - 1], 'e' | 'E')
            || (j - 1 > start && matches!(chars[j - 1], '+' | '-'));
        let goes_on = match c {
            '0'..='9' | '.' | 'e' | 'E' => true,
            '+' | '-' => sign_may_follow,
            _ => false,
        };
        if !goes_on {
            break;
        }
        j += 1;
    }
    j
}

/// Whether `s` is a number as JSON writes it: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn is_json_number(s: &str) -> bool {
    let b = s.strip_prefix('-').unwrap_or(s).as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let whole = digits(0);
    if whole == 0 || (whole > 1 && b[0] == b'0') {
        return false;
    }
    let mut i = whole;
    if b.get(i) == Some(&b'.') {
        let n = digits(i + 1);
        if n == 0 {
            return false;
        }
        i += 1 + n;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let n = digits(i);
        if n == 0 {
            return false;
        }
        i += n;
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts MariaDB 10.11's json_valid was seen to take and serde_json refuses are read;
    /// those both refuse stay refused (with serde_json's own error).
    #[test]
    fn reads_what_mariadb_takes_and_refuses_what_it_refuses() {
        for taken in [
            "1.",
            "[1.]",
            "0.",
            "-0.",
            "1.e5",
            "1.E+5",
            "{\"a\":2.}",
            "[1.,2.]",
            "[-]",
            "[1e]",
            "[1e+]",
            "[1.e]",
            "[1e-+]",
            "{\"a\":-,\"b\":1}",
            "\"\\x\"",
            "\"\\'\"",
            "{\"\\k\":1}",
        ] {
            assert!(
                serde_json::from_str::<serde_json::Value>(taken).is_err(),
                "{taken}"
            );
            assert!(read(taken).is_ok(), "{taken}");
        }
        for refused in [
            "01",
            "+1",
            ".5",
            "[.5]",
            "[+1]",
            "[01]",
            "NaN",
            "True",
            "'a'",
            "[1,]",
            "{a:1}",
            "",
            " ",
            "1 2",
            "abc",
            "\"\\u12\"",
            "\"\\\"",
            "[--1]",
            "[-a]",
            "[1x]",
            "2026-12-07",
            "[1e400]",
            "1-2",
        ] {
            let strict = serde_json::from_str::<serde_json::Value>(refused).unwrap_err();
            assert_eq!(
                read(refused).unwrap_err().to_string(),
                strict.to_string(),
                "{refused}"
            );
        }
    }

    /// A number JSON reads is kept, so serde_json still reads its value (and its range).
    #[test]
    fn keeps_the_numbers_json_reads() {
        assert_eq!(
            strict_form("[1., 2.5e3, -0, 1e400]"),
            "[0, 2.5e3, -0, 1e400]"
        );
        assert_eq!(
            strict_form("{\"a-1.\":\"\\x\\u00e9\"}"),
            "{\"a-1.\":\"a\\u00e9\"}"
        );
        assert!(is_json_number("-0.5E-7") && !is_json_number("-") && !is_json_number("1.e5"));
    }
}
