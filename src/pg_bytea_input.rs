//! Whether PostgreSQL 15 reads a string as `bytea` (its `byteain`), and if not, its words: a
//! string literal beside a bytea in `||` is read as one (`'\x01'::bytea || 'bad'` is the bytes
//! of `bad`; `'\x01'::bytea || '\xzz'` refuses the migration: invalid hexadecimal digit: "z").
//! `\x` starts the hex format: pairs of hex digits, with spaces, tabs and line ends between
//! pairs only; anything else is the escape format, where a backslash starts `\\` or three
//! octal digits from `\000` to `\377`. (With `standard_conforming_strings`, PostgreSQL's
//! default, the literal's text is its content.)

/// PostgreSQL's error for reading `s` as bytea, or `None` where it reads it.
pub(crate) fn refusal(s: &str) -> Option<String> {
    match s.strip_prefix("\\x") {
        Some(hex) => hex_refusal(hex),
        None => escape_refusal(s.as_bytes()),
    }
}

/// The error for the hex digits `hex` (after `\x`), as PostgreSQL's `hex_decode` gives it.
fn hex_refusal(hex: &str) -> Option<String> {
    let mut chars = hex.chars();
    while let Some(c) = chars.next() {
        if matches!(c, ' ' | '\n' | '\t' | '\r') {
            continue;
        }
        for digit in [Some(c), chars.next()] {
            match digit {
                None => return Some("invalid hexadecimal data: odd number of digits".to_string()),
                Some(d) if !d.is_ascii_hexdigit() => {
                    return Some(format!("invalid hexadecimal digit: \"{d}\""))
                }
                Some(_) => {}
            }
        }
    }
    None
}

/// The error for the escape format `s`, as PostgreSQL's `byteain` gives it.
fn escape_refusal(s: &[u8]) -> Option<String> {
    let mut i = 0;
    while i < s.len() {
        if s[i] != b'\\' {
            i += 1;
        } else if s.get(i + 1) == Some(&b'\\') {
            i += 2;
        } else if matches!(s.get(i + 1..i + 4), Some([a, b, c]) if (b'0'..=b'3').contains(a)
            && (b'0'..=b'7').contains(b) && (b'0'..=b'7').contains(c))
        {
            i += 4;
        } else {
            return Some("invalid input syntax for type bytea".to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::refusal;

    /// Each as PostgreSQL 15 reads it (`SELECT '…'::bytea`; the test `pg_expr_types_server`
    /// runs them beside a bytea).
    #[test]
    fn bytea_input_is_read_as_postgresql_reads_it() {
        for taken in [
            "bad",
            "",
            "\\x",
            "\\x41 42",
            "\\x4142\n",
            "\\101",
            "a\\\\b",
            "é",
        ] {
            assert_eq!(refusal(taken), None, "{taken}");
        }
        for (refused, words) in [
            ("\\xzz", "invalid hexadecimal digit: \"z\""),
            ("\\x4 1", "invalid hexadecimal digit: \" \""),
            ("\\x0", "invalid hexadecimal data: odd number of digits"),
            ("\\xé", "invalid hexadecimal digit: \"é\""),
            ("\\", "invalid input syntax for type bytea"),
            ("\\q", "invalid input syntax for type bytea"),
            ("\\1", "invalid input syntax for type bytea"),
            ("a\\400", "invalid input syntax for type bytea"),
        ] {
            assert_eq!(refusal(refused).as_deref(), Some(words), "{refused}");
        }
    }
}
