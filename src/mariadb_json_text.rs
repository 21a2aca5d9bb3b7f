//! Whether MariaDB's `json_valid` may take a text that serde_json refuses.
//!
//! A MySQL JSON column is LONGTEXT with `CHECK (json_valid(…))` on MariaDB, and MariaDB 10.11's
//! `json_valid` is looser than RFC 8259 (each seen on the server, `SELECT json_valid(…)`,
//! `tests/mysql_json_valid_agreement.rs`). Its number reader (strings/json_lib.c,
//! `skip_num_constant`) takes characters while they may go on a number (a `-` first, digits,
//! one `.` after the whole part, `e`/`E` after digits or the `.`, then any signs, then digits;
//! after a first `0` only `.` or `e`) and stops at the first that may not, without asking
//! whether the number is whole there:
//! - followed by a space, tab, CR, LF, `,`, `]` or `}`, any such start of a number is taken
//!   (`[-]`, `[1e]`, `[1e-+]`, `[1.e]`, `- `, `1e `, `{"a":2.}`);
//! - at the very end of the text, only one that has its digits, with a `.` last or none
//!   (`1.`, `-0.`, `1.e5`, `1e-+5`; not `-`, `1e`, `1.e`, `1e+`);
//! - followed by anything else (`1.5.`, `[--1]`, `[-.5]`, `[01]`, `1-2`), it is refused, as
//!   the character after a number must end it.
//!
//! In a string a backslash may come before any character but a control character (`"\x"`,
//! `"\'"`, `"\ "`). It is not looser about a number starting with `+` or `.`, a word other
//! than `true`/`false`/`null` (in any other case), a trailing comma, whitespace other than
//! space, tab, CR and LF, or `\u` escapes (four hex digits, surrogates paired). [`read`] reads
//! a text as serde_json does, and when serde_json refuses it, reads again a stricter form of it
//! in which every number MariaDB takes and JSON does not is `0` and every such escape a plain
//! letter: what serde_json refuses of that, MariaDB refuses too. A number followed by what
//! cannot follow one is refused whatever serde_json says (its `0` would run into what follows:
//! `[1-]` is no `[10]`).

/// serde_json's reading of `s`, or, when serde_json refuses `s` but `s` may be one of MariaDB's
/// looser JSON texts (a number MariaDB takes unfinished, a backslash before any character in a
/// string), serde_json's reading of its strict form. The error is serde_json's about `s`
/// itself, but where serde_json says only that a number is past its range (`[1e400x]`, which
/// a JSON column's check lets by) and MariaDB surely refuses the text: then it says where.
pub(crate) fn read(s: &str) -> Result<serde_json::Value, serde_json::Error> {
    let refused_at = |at: usize, e: Option<serde_json::Error>| {
        let custom = || {
            <serde_json::Error as serde::de::Error>::custom(format!(
                "a number ends at character {} with what cannot follow a number (MariaDB's json_valid refuses it)",
                at + 1
            ))
        };
        match e {
            Some(e) if !e.to_string().contains("out of range") => e,
            _ => custom(),
        }
    };
    match (serde_json::from_str(s), strict_form(s)) {
        (Ok(v), Ok(_)) => Ok(v),
        (Ok(_), Err(at)) => Err(refused_at(at, None)),
        (Err(e), Err(at)) => Err(refused_at(at, Some(e))),
        (Err(e), Ok(strict)) => serde_json::from_str(&strict).map_err(|_| e),
    }
}

/// `s` with every number MariaDB takes that JSON does not replaced by `0`, and, in a string,
/// every escape that is not `\uXXXX`, nor a backslash before a control character, replaced by
/// `a`; or, where MariaDB surely refuses `s` for a number followed by what cannot follow one
/// (`1.5.`, `[--1]`, `[1-]`, `01`), the index (in characters) of that number's last one. A
/// number here starts with a digit or `-` and ends where MariaDB's reader stops
/// ([`mariadb_number`]); one that JSON reads (`1e400` too) is kept as it is, so that
/// serde_json still says what it says about it.
fn strict_form(s: &str) -> Result<String, usize> {
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
                // MariaDB refuses a backslash before a control character (JE_ESCAPING), as
                // serde_json does.
                '\\' if chars.get(i + 1).is_some_and(|c| !c.is_ascii_control()) => {
                    out.push('a');
                    i += 2;
                    continue;
                }
                _ => {}
            }
            out.push(ch);
            i += 1;
        } else if ch.is_ascii_digit() || ch == '-' {
            let (end, whole_at_end) = mariadb_number(&chars, i);
            let run: String = chars[i..end].iter().collect();
            // What follows a number in MariaDB's reader: the end of the text (where it must be
            // whole), or a space, tab, CR, LF, `,`, `]` or `}`; anything else is refused.
            let takes = match chars.get(end) {
                None => whole_at_end,
                Some(c) => matches!(c, ' ' | '\t' | '\r' | '\n' | ',' | ']' | '}'),
            };
            if !takes {
                return Err(end.max(i + 1) - 1);
            }
            if is_json_number(&run) {
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
    Ok(out)
}

/// Where MariaDB 10.11's number reader (strings/json_lib.c, `json_num_states`) stops on the
/// number starting at `chars[start]` (a digit or `-`), and whether it takes what it read
/// there when the text ends there (its `END_OK` column). It reads a `-` first; a `0` (after
/// which only a `.` or `e` goes on) or digits; after them a `.`, then digits; after the digits
/// or the `.`, an `e`/`E`; after that any number of signs, then digits, then nothing more.
fn mariadb_number(chars: &[char], start: usize) -> (usize, bool) {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Minus,
        Zero,
        Whole,
        Fraction,
        Exponent,
        ExponentDigits,
    }
    use State::*;
    let mut state = match chars[start] {
        '-' => Minus,
        '0' => Zero,
        _ => Whole,
    };
    let mut j = start + 1;
    while let Some(&c) = chars.get(j) {
        let next = match (state, c) {
            (Minus, '0') => Zero,
            (Minus, '1'..='9') => Whole,
            (Zero | Whole, '.') => Fraction,
            (Zero | Whole | Fraction, 'e' | 'E') => Exponent,
            (Whole, '0'..='9') => Whole,
            (Fraction, '0'..='9') => Fraction,
            (Exponent, '+' | '-') => Exponent,
            (Exponent | ExponentDigits, '0'..='9') => ExponentDigits,
            _ => break,
        };
        state = next;
        j += 1;
    }
    (j, !matches!(state, Minus | Exponent))
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
    /// those both refuse stay refused (with serde_json's own error). The server says the same
    /// of these and many more in tests/mysql_json_valid_agreement.rs (each here was asked of
    /// it, those with a line break or a control character too).
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
            "- ",
            "1e ",
            "1e-+\t",
            "[-0.e]",
            "1e-+5",
            "[0e]",
            "-0E+ ",
            "1e\r\n",
            "[-\n]",
            "[1.e5 ,2.]",
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
            "1.5.",
            "[1.5.]",
            "[-.5]",
            "[1 .5]",
            "-",
            "1e",
            "1e+",
            "1.e",
            "[1e5e]",
            "[1e5-]",
            "[1-]",
            "[0e5.]",
            "\"\\\u{1}\"",
        ] {
            let strict = serde_json::from_str::<serde_json::Value>(refused).unwrap_err();
            assert_eq!(
                read(refused).unwrap_err().to_string(),
                strict.to_string(),
                "{refused}"
            );
        }
        // Past its range and followed by what cannot follow a number: said as MariaDB's refusal.
        let e = read("[1e400x]").unwrap_err().to_string();
        assert!(e.contains("at character 6"), "{e}");
    }

    /// A number JSON reads is kept, so serde_json still reads its value (and its range); one
    /// MariaDB refuses for what follows it is said where it ends.
    #[test]
    fn keeps_the_numbers_json_reads() {
        assert_eq!(
            strict_form("[1., 2.5e3, -0, 1e400]").as_deref(),
            Ok("[0, 2.5e3, -0, 1e400]")
        );
        assert_eq!(
            strict_form("{\"a-1.\":\"\\x\\u00e9\"}").as_deref(),
            Ok("{\"a-1.\":\"a\\u00e9\"}")
        );
        // A number followed by what cannot follow one: where it ends (its last character).
        assert_eq!(strict_form("[1.5.]"), Err(3));
        assert_eq!(strict_form("[--1]"), Err(1));
        assert!(is_json_number("-0.5E-7") && !is_json_number("-") && !is_json_number("1.e5"));
    }
}
