//! Reads what the PRAGMAs do not say from a stored `CREATE TABLE` text: CHECK constraints (name
//! and expression, as written) and the names of UNIQUE constraints. A small linear scanner over
//! SQLite's lexical rules (strings, quoted names, comments, parentheses) — the stored text was
//! accepted by SQLite, so only its structure at the top level of the column list matters.

/// A CHECK constraint as written.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckText {
    /// `CONSTRAINT name`, if any.
    pub name: Option<String>,
    /// The expression between the parentheses, exactly as written (trimmed).
    pub expression: String,
}

/// What the scanner found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableText {
    /// CHECK constraints, column-level then table-level in text order.
    pub checks: Vec<CheckText>,
    /// Named UNIQUE constraints: name and columns.
    pub named_uniques: Vec<(String, Vec<String>)>,
    /// The primary key's name, where `CONSTRAINT name PRIMARY KEY` gives it one (on the column
    /// or the table).
    pub primary_key_name: Option<String>,
}

/// A token of stored SQL text; positions are byte offsets into the text (`start, end`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Tok {
    /// An unquoted word: a name or a keyword.
    Word(usize, usize),
    /// A quoted name: `"…"`, `` `…` `` or `[…]`.
    Quoted(usize, usize),
    /// A string literal `'…'`.
    Str(usize, usize),
    /// A numeric literal.
    Num(usize, usize),
    /// A blob literal `x'…'`.
    Blob(usize, usize),
    /// `(`
    Open(usize),
    /// `)`
    Close(usize),
    /// `,`
    Comma,
    /// Any other character (operators, `.`, `;`), at its position.
    Other(usize),
    /// An unterminated string or quoted name.
    Bad,
}

/// The length of the numeric literal at the start of `b` (SQLite's rules: decimal with an
/// optional fraction and exponent, or hexadecimal; `_` between digits).
fn number_len(b: &[u8]) -> usize {
    let digit = |c: u8| c.is_ascii_digit() || c == b'_';
    if b.len() > 2 && b[0] == b'0' && (b[1] | 0x20) == b'x' && b[2].is_ascii_hexdigit() {
        return 2 + b[2..]
            .iter()
            .take_while(|c| c.is_ascii_hexdigit() || **c == b'_')
            .count();
    }
    let mut i = b.iter().take_while(|c| digit(**c)).count();
    if b.get(i) == Some(&b'.') {
        i += 1;
        i += b[i..].iter().take_while(|c| digit(**c)).count();
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(b.get(i + 1), Some(b'+' | b'-')));
        if b.get(i + 1 + sign).is_some_and(u8::is_ascii_digit) {
            i += 1 + sign;
            i += b[i..].iter().take_while(|c| digit(**c)).count();
        }
    }
    i
}

/// Bytes that continue an unquoted word: letters, digits, `_`, `$` and every byte of a
/// non-ASCII character.
const WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        table[c] = b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80;
        c += 1;
    }
    table
};

/// `sql` on one line, without its comments: each run of blanks and comments between two tokens
/// becomes one space (none where there was none), so `a>0` stays as it is; strings and quoted
/// names are as written (a string holding a line break keeps it). A CHECK or a partial index's
/// WHERE written over several lines or with a comment reads so, as a spec can hold it, and a
/// word in a comment is no clause (a user trial).
pub(crate) fn one_line(sql: &str) -> String {
    let b = sql.as_bytes();
    let mut out = String::with_capacity(sql.len());
    let mut i = 0;
    loop {
        let start = skip_blanks_and_comments(b, i);
        let mut end = start;
        if next_token(b, &mut end).is_none() {
            break;
        }
        if start > i && !out.is_empty() {
            out.push(' ');
        }
        // An unterminated string runs to the end of the text.
        let end = end.max(start + 1).min(sql.len());
        out.push_str(&sql[start..end]);
        i = end;
    }
    out
}

/// Splits stored SQL into tokens (whitespace and comments dropped).
pub(crate) fn lex(sql: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(sql.len() / 4);
    let mut i = 0;
    while let Some(t) = next_token(sql.as_bytes(), &mut i) {
        out.push(t);
    }
    out
}

/// The token at byte `*i` of `b` or after the blanks and comments there, moving `*i` past it;
/// `None` at the end of the text.
pub(crate) fn next_token(b: &[u8], i: &mut usize) -> Option<Tok> {
    let mut j = skip_blanks_and_comments(b, *i);
    *i = j;
    let c = *b.get(j)?;
    let start = j;
    let token = match c {
        b'x' | b'X' if b.get(j + 1) == Some(&b'\'') => {
            j += 2;
            while j < b.len() && b[j] != b'\'' {
                j += 1;
            }
            if j < b.len() {
                j += 1;
                Tok::Blob(start, j)
            } else {
                Tok::Bad
            }
        }
        b'\'' | b'"' | b'`' => {
            j += 1;
            let mut closed = false;
            while j < b.len() {
                if b[j] == c {
                    if b.get(j + 1) == Some(&c) {
                        j += 2;
                        continue;
                    }
                    closed = true;
                    break;
                }
                j += 1;
            }
            j = (j + 1).min(b.len());
            match (closed, c) {
                (false, _) => Tok::Bad,
                (true, b'\'') => Tok::Str(start, j),
                _ => Tok::Quoted(start, j),
            }
        }
        b'[' => {
            while j < b.len() && b[j] != b']' {
                j += 1;
            }
            if j < b.len() {
                j += 1;
                Tok::Quoted(start, j)
            } else {
                Tok::Bad
            }
        }
        b'0'..=b'9' => {
            j += number_len(&b[j..]).max(1);
            Tok::Num(start, j)
        }
        b'.' if b.get(j + 1).is_some_and(u8::is_ascii_digit) => {
            j += 1 + number_len(&b[j + 1..]);
            Tok::Num(start, j)
        }
        b'(' => {
            j += 1;
            Tok::Open(start)
        }
        b')' => {
            j += 1;
            Tok::Close(start)
        }
        b',' => {
            j += 1;
            Tok::Comma
        }
        c if WORD_BYTE[c as usize] => {
            j += 1;
            while j < b.len() && WORD_BYTE[b[j] as usize] {
                j += 1;
            }
            Tok::Word(start, j)
        }
        _ => {
            j += 1;
            Tok::Other(start)
        }
    };
    *i = j;
    Some(token)
}

/// The position of the first byte at or after `j` that is neither a blank nor in a comment
/// (`b.len()` when there is none).
#[inline]
fn skip_blanks_and_comments(b: &[u8], mut j: usize) -> usize {
    while j < b.len() {
        match b[j] {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0c => j += 1,
            b'-' if b.get(j + 1) == Some(&b'-') => {
                while j < b.len() && b[j] != b'\n' {
                    j += 1;
                }
            }
            b'/' if b.get(j + 1) == Some(&b'*') => {
                j += 2;
                while j < b.len() && !(b[j] == b'*' && b.get(j + 1) == Some(&b'/')) {
                    j += 1;
                }
                j = (j + 2).min(b.len());
            }
            _ => break,
        }
    }
    j
}

/// A name token's value (quotes removed, doubled quotes undone).
pub(crate) fn name(sql: &str, t: Tok) -> Option<String> {
    match t {
        Tok::Word(a, b) => Some(sql[a..b].to_string()),
        Tok::Quoted(a, b) if b >= a + 2 => {
            let q = &sql[a..a + 1];
            let inner = &sql[a + 1..b - 1];
            Some(if q == "[" {
                inner.to_string()
            } else {
                inner.replace(&format!("{q}{q}"), q)
            })
        }
        _ => None,
    }
}

/// Whether `t` is the unquoted word `word` (ASCII case-insensitive).
#[inline]
pub(crate) fn is_word(sql: &str, t: Tok, word: &str) -> bool {
    matches!(t, Tok::Word(a, b) if b - a == word.len() && sql.as_bytes()[a..b].eq_ignore_ascii_case(word.as_bytes()))
}

/// The index of the `Close` matching the `Open` at `open`.
pub(crate) fn matching(tokens: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        match t {
            Tok::Open(_) => depth += 1,
            Tok::Close(_) => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// How many times `words` stand one after another as unquoted words of `sql` (ASCII
/// case-insensitive; not inside a string, a quoted name or a comment); with `after_columns`,
/// only after the parenthesis that closes the first parenthesized list (where a table option
/// such as `STRICT` is).
pub(crate) fn word_runs(sql: &str, words: &[&str], after_columns: bool) -> usize {
    let tokens = lex(sql);
    let from = if after_columns {
        let Some(open) = tokens.iter().position(|t| matches!(t, Tok::Open(_))) else {
            return 0;
        };
        match matching(&tokens, open) {
            Some(close) => close + 1,
            None => return 0,
        }
    } else {
        0
    };
    match tokens.get(from..) {
        Some(rest) if !words.is_empty() => rest
            .windows(words.len())
            .filter(|run| run.iter().zip(words).all(|(t, w)| is_word(sql, *t, w)))
            .count(),
        _ => 0,
    }
}

/// Whether each foreign key of a `CREATE TABLE` text is `DEFERRABLE INITIALLY DEFERRED`, in text
/// order: each `REFERENCES` at the top level of the column list starts one (column or table
/// constraint alike: neither word can be an unquoted name in SQLite), and a deferral clause
/// there applies to the last one started, as SQLite applies it. Only `DEFERRABLE INITIALLY
/// DEFERRED` defers; `NOT DEFERRABLE …` and `DEFERRABLE [INITIALLY IMMEDIATE]` are SQLite's
/// immediate check. `None` when the text has no column list or a deferral clause before any
/// `REFERENCES`.
pub(crate) fn foreign_key_deferrals(sql: &str) -> Option<Vec<bool>> {
    let tokens = lex(sql);
    let open = tokens.iter().position(|t| matches!(t, Tok::Open(_)))?;
    let close = matching(&tokens, open)?;
    let mut deferred: Vec<bool> = Vec::new();
    let mut depth = 0usize;
    let mut i = open + 1;
    while i < close {
        let t = tokens[i];
        match t {
            Tok::Open(_) => depth += 1,
            Tok::Close(_) => depth = depth.saturating_sub(1),
            Tok::Bad => return None,
            _ if depth > 0 => {}
            _ if is_word(sql, t, "REFERENCES") => deferred.push(false),
            _ if is_word(sql, t, "DEFERRABLE") => {
                let not = i > open + 1 && is_word(sql, tokens[i - 1], "NOT");
                let initially_deferred = tokens.get(i + 1..i + 3).is_some_and(|w| {
                    is_word(sql, w[0], "INITIALLY") && is_word(sql, w[1], "DEFERRED")
                });
                *deferred.last_mut()? = !not && initially_deferred;
            }
            _ => {}
        }
        i += 1;
    }
    Some(deferred)
}

/// Scans a `CREATE TABLE` text. Unparseable text gives an empty result.
pub fn scan(sql: &str) -> TableText {
    scan_tokens(sql, &lex(sql))
}

/// [`scan`] of text already split into `tokens` by [`lex`].
fn scan_tokens(sql: &str, tokens: &[Tok]) -> TableText {
    let mut out = TableText::default();
    let Some(open) = tokens.iter().position(|t| matches!(t, Tok::Open(_))) else {
        return out;
    };
    let Some(close) = matching(tokens, open) else {
        return out;
    };
    // Items of the column list, split at top-level commas.
    let mut items: Vec<&[Tok]> = Vec::new();
    let (mut start, mut depth) = (open + 1, 0usize);
    for i in open + 1..close {
        match tokens[i] {
            Tok::Open(_) => depth += 1,
            Tok::Close(_) => depth -= 1,
            Tok::Comma if depth == 0 => {
                items.push(&tokens[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&tokens[start..close]);

    let mut table_checks = Vec::new();
    for item in items {
        let Some(&first) = item.first() else { continue };
        let is_table_constraint = ["constraint", "primary", "unique", "check", "foreign"]
            .iter()
            .any(|w| is_word(sql, first, w));
        let mut i = 0;
        let mut depth = 0usize;
        while i < item.len() {
            match item[i] {
                Tok::Open(_) => depth += 1,
                Tok::Close(_) => depth = depth.saturating_sub(1),
                t if depth == 0
                    && is_word(sql, t, "primary")
                    && i >= 2
                    && is_word(sql, item[i - 2], "constraint") =>
                {
                    out.primary_key_name = name(sql, item[i - 1]).or(out.primary_key_name);
                }
                t if depth == 0 && (is_word(sql, t, "check") || is_word(sql, t, "unique")) => {
                    let constraint_name = (i >= 2 && is_word(sql, item[i - 2], "constraint"))
                        .then(|| name(sql, item[i - 1]))
                        .flatten();
                    if is_word(sql, t, "check") {
                        if let (Some(Tok::Open(a)), Some(end)) =
                            (item.get(i + 1), matching(item, i + 1))
                        {
                            if let Tok::Close(b) = item[end] {
                                let check = CheckText {
                                    name: constraint_name,
                                    expression: sql[a + 1..b].trim().to_string(),
                                };
                                if is_table_constraint {
                                    table_checks.push(check)
                                } else {
                                    out.checks.push(check)
                                }
                                i = end + 1;
                                continue;
                            }
                        }
                    } else if let Some(n) = constraint_name {
                        let columns = if let (Some(Tok::Open(_)), Some(end)) =
                            (item.get(i + 1), matching(item, i + 1))
                        {
                            item[i + 2..end]
                                .split(|t| *t == Tok::Comma)
                                .filter_map(|part| part.first().and_then(|&t| name(sql, t)))
                                .collect()
                        } else {
                            name(sql, first).into_iter().collect()
                        };
                        out.named_uniques.push((n, columns));
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }
    out.checks.extend(table_checks);
    out
}

/// The predicate of a partial index's stored `CREATE INDEX … WHERE …` text, as written.
pub fn index_predicate(sql: &str) -> Option<String> {
    // Most indexes have none: without the letters of WHERE anywhere in the text there is no
    // such word to find, and the text is not split into tokens (splitting every index's text
    // was 5% of the instructions of introspecting the bench's 1,000-table file; 3.4% net).
    let b = sql.as_bytes();
    let has_where = (0..b.len().saturating_sub(4))
        .any(|i| (b[i] | 0x20) == b'w' && b[i + 1..i + 5].eq_ignore_ascii_case(b"here"));
    if !has_where {
        return None;
    }
    let tokens = lex(sql);
    let open = tokens.iter().position(|t| matches!(t, Tok::Open(_)))?;
    let close = matching(&tokens, open)?;
    let at = tokens[close + 1..]
        .iter()
        .position(|&t| is_word(sql, t, "where"))?
        + close
        + 1;
    let Tok::Word(_, end) = tokens[at] else {
        return None;
    };
    let text = sql[end..].trim().trim_end_matches(';').trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// The text of each key in a `CREATE INDEX` statement's parenthesized list, in key order and as
/// written, without a trailing `ASC` or `DESC` (`["lower(name)", "id"]` for
/// `CREATE INDEX i ON t (lower(name) DESC, id)`); empty when the text has no such list.
pub fn index_keys(sql: &str) -> Vec<String> {
    let b = sql.as_bytes();
    let mut at = 0;
    let mut depth = 0usize;
    let mut keys = Vec::new();
    // The current key's tokens: start, end, and whether it is the word ASC or DESC.
    let mut spans: Vec<(usize, usize, bool)> = Vec::new();
    let mut finish = |spans: &mut Vec<(usize, usize, bool)>| {
        if spans.len() > 1 && spans.last().is_some_and(|s| s.2) {
            spans.pop();
        }
        if let (Some(first), Some(last)) = (spans.first(), spans.last()) {
            keys.push(sql[first.0..last.1].to_string());
        }
        spans.clear();
    };
    while let Some(t) = next_token(b, &mut at) {
        let end = at;
        let (start, order) = match t {
            Tok::Word(s, _) => (s, is_word(sql, t, "asc") || is_word(sql, t, "desc")),
            Tok::Quoted(s, _) | Tok::Str(s, _) | Tok::Num(s, _) | Tok::Blob(s, _) => (s, false),
            Tok::Open(s) | Tok::Close(s) | Tok::Other(s) => (s, false),
            Tok::Comma => (end - 1, false),
            Tok::Bad => return Vec::new(),
        };
        match t {
            Tok::Open(_) if depth == 0 => {
                depth = 1;
                continue;
            }
            Tok::Open(_) => depth += 1,
            Tok::Close(_) if depth == 1 => {
                finish(&mut spans);
                return keys;
            }
            Tok::Close(_) => depth = depth.saturating_sub(1),
            Tok::Comma if depth == 1 => {
                finish(&mut spans);
                continue;
            }
            _ => {}
        }
        if depth >= 1 {
            spans.push((start, end, order));
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blanks and comments between tokens are one space (none where there was none); strings,
    /// quoted names and what is glued together stay as written.
    #[test]
    fn one_line_drops_comments_and_line_breaks_outside_strings() {
        for (sql, expected) in [
            (
                "s IN ('a', 'b')\n    AND n > 0",
                "s IN ('a', 'b') AND n > 0",
            ),
            ("length(e) <= 5 /* max */", "length(e) <= 5"),
            ("n > 1 -- trailing\n", "n > 1"),
            ("a>0/*x*/AND\tb", "a>0 AND b"),
            (
                "s <> 'a  -- b\nc'  AND \"q  r\" = 1",
                "s <> 'a  -- b\nc' AND \"q  r\" = 1",
            ),
            ("x = 'open", "x = 'open"),
            ("", ""),
        ] {
            assert_eq!(one_line(sql), expected, "{sql:?}");
        }
    }

    #[test]
    fn index_keys_as_written() {
        assert_eq!(
            index_keys("CREATE INDEX \"i(\" ON \"t(\" ( lower(name) DESC, \"a,b\" , substr(x, 1, 2) COLLATE NOCASE ASC, (n + 1)) WHERE n > 0"),
            vec!["lower(name)", "\"a,b\"", "substr(x, 1, 2) COLLATE NOCASE", "(n + 1)"]
        );
        assert_eq!(index_keys("CREATE INDEX i ON t(desc)"), vec!["desc"]);
        assert!(index_keys("CREATE INDEX i ON t").is_empty());
    }

    #[test]
    fn finds_checks_and_named_uniques_as_written() {
        let sql = "CREATE TABLE \"t\" (\n  id INTEGER PRIMARY KEY, -- a comment with CHECK (x)\n  age INTEGER CHECK (age >= 0) /* CHECK (no) */,\n  code TEXT CONSTRAINT uq_code UNIQUE,\n  s TEXT DEFAULT 'a,b)(' CHECK(s <> ')'),\n  CONSTRAINT \"chk_x\" CHECK (id <> '\\'''''  AND (age IS NULL OR age < 200)),\n  CONSTRAINT uq_pair UNIQUE (age, [s] COLLATE NOCASE),\n  CHECK (length(code) > 0)\n)";
        let t = scan(sql);
        assert_eq!(
            t.checks,
            vec![
                CheckText {
                    name: None,
                    expression: "age >= 0".into()
                },
                CheckText {
                    name: None,
                    expression: "s <> ')'".into()
                },
                CheckText {
                    name: Some("chk_x".into()),
                    expression: "id <> '\\'''''  AND (age IS NULL OR age < 200)".into()
                },
                CheckText {
                    name: None,
                    expression: "length(code) > 0".into()
                },
            ]
        );
        assert_eq!(
            t.named_uniques,
            vec![
                ("uq_code".into(), vec!["code".into()]),
                ("uq_pair".into(), vec!["age".into(), "s".into()])
            ]
        );
    }

    #[test]
    fn partial_index_predicates_as_written() {
        assert_eq!(
            index_predicate("CREATE INDEX i ON t(a, lower(b)) WHERE a > 0 AND b <> 'where'"),
            Some("a > 0 AND b <> 'where'".into())
        );
        assert_eq!(
            index_predicate("CREATE UNIQUE INDEX \"w\" ON \"where\" (x)"),
            None
        );
        // WHERE in any case, at the very end of the text, and after a line break.
        assert_eq!(
            index_predicate("create index i on t(a) wHeRe a IS NOT NULL;"),
            Some("a IS NOT NULL".into())
        );
        assert_eq!(
            index_predicate("CREATE INDEX i ON t(a)\nWHERE\n  a > 1"),
            Some("a > 1".into())
        );
        assert_eq!(index_predicate("CREATE INDEX i ON t(a) WHERE"), None);
        // No WHERE: no predicate, however the text ends.
        for sql in [
            "CREATE INDEX i ON t(a)",
            "CREATE INDEX i ON t(wher)",
            "CREATE INDEX i ON t(a) WHER",
            "WHER",
            "",
        ] {
            assert_eq!(index_predicate(sql), None, "{sql:?}");
        }
    }

    #[test]
    fn junk_gives_nothing_and_never_panics() {
        for sql in [
            "",
            "CREATE TABLE",
            "CREATE TABLE t (",
            "CREATE TABLE t (a CHECK (",
            "))((",
            "'unterminated",
            "[x",
            "CREATE TABLE t (a, CONSTRAINT)",
        ] {
            let _ = scan(sql);
        }
        assert_eq!(scan("CREATE TABLE t (a CHECK ("), TableText::default());
    }
}
