//! Whether a text stored in `sqlite_master` is one statement. SQLite writes there the text of
//! the `CREATE` that made each object, and reads only its first statement back when it loads the
//! schema: whatever follows (`CREATE TABLE t(a); ATTACH '/other.db' AS v; DELETE FROM v.x`) it
//! ignores. Such a tail is never written by SQLite; a file edited through
//! `PRAGMA writable_schema` may hold one (a hostile-input trial), and this package, which writes
//! stored texts into migrations and replays them in its checks, would run it. A database whose
//! stored texts have one is refused (see [`beyond_first_statement`]).

/// What follows the first statement of `sql` other than blanks, comments and semicolons, if
/// anything does. The statement ends at its first `;` outside strings, quoted names, variables
/// and comments; a `CREATE TRIGGER`'s at the first `;` after the `END` that closes its body,
/// which is the `END` right after a `;` (each statement of the body ends with one, and none
/// begins with `END`: one that closes a `CASE`, or a column named `end`, never stands there).
/// SQLite's own splitting.
pub fn beyond_first_statement(sql: &str) -> Option<&str> {
    // Without a `;` there is one statement: the common case, a byte search (scanning every
    // stored text cost introspection of 1,000 tables a third of its time).
    if !sql.contains(';') {
        return None;
    }
    let end = first_statement_end(sql)?;
    let rest = &sql[end + 1..];
    let mut scan = Scanner::new(rest);
    while let Some(token) = scan.next_token() {
        if token != Token::Semicolon {
            return Some(rest[scan.start..].trim_end_matches(|c: char| c.is_ascii_whitespace()));
        }
    }
    None
}

/// The byte offset of the `;` that ends the first statement of `sql` (None: it has none).
fn first_statement_end(sql: &str) -> Option<usize> {
    let mut scan = Scanner::new(sql);
    // Words seen before the trigger's name decide whether it is one: CREATE [TEMP] TRIGGER.
    let mut leading: Vec<&str> = Vec::new();
    let mut trigger = false;
    let mut after_semicolon = false;
    let mut after_body_end = false;
    while let Some(token) = scan.next_token() {
        let semicolon = token == Token::Semicolon;
        match token {
            Token::Semicolon if !trigger || after_body_end => return Some(scan.start),
            Token::Word(w) => {
                if leading.len() < 3 {
                    leading.push(w);
                    let is = |i: usize, word: &str| leading[i].eq_ignore_ascii_case(word);
                    let temp = |i: usize| is(i, "TEMP") || is(i, "TEMPORARY");
                    trigger |= is(0, "CREATE")
                        && match leading.len() {
                            2 => is(1, "TRIGGER"),
                            3 => temp(1) && is(2, "TRIGGER"),
                            _ => false,
                        };
                }
                after_body_end = after_semicolon && w.eq_ignore_ascii_case("END");
            }
            _ => after_body_end = false,
        }
        after_semicolon = semicolon;
    }
    None
}

/// A token, as far as splitting statements needs.
#[derive(Debug, PartialEq)]
enum Token<'a> {
    /// `;`.
    Semicolon,
    /// An unquoted word (a keyword or a name).
    Word(&'a str),
    /// Anything else: a string, a quoted name, a number, an operator.
    Other,
}

/// SQLite's tokenizer, as far as [`Token`] goes. Blanks and comments are skipped; an
/// unterminated string, quoted name or comment runs to the end of the text.
struct Scanner<'a> {
    text: &'a str,
    at: usize,
    /// Where the last token returned began.
    start: usize,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner {
            text,
            at: 0,
            start: 0,
        }
    }

    /// The next token, after any blanks and comments.
    fn next_token(&mut self) -> Option<Token<'a>> {
        let bytes = self.text.as_bytes();
        loop {
            let b = *bytes.get(self.at)?;
            self.start = self.at;
            match b {
                // SQLite's blanks: space, and \t \n \v \f \r.
                b' ' | 0x09..=0x0d => self.at += 1,
                b'-' if bytes.get(self.at + 1) == Some(&b'-') => {
                    self.at = self.text[self.at..]
                        .find('\n')
                        .map_or(bytes.len(), |n| self.at + n + 1);
                }
                b'/' if bytes.get(self.at + 1) == Some(&b'*') => {
                    self.at = self.text[self.at + 2..]
                        .find("*/")
                        .map_or(bytes.len(), |n| self.at + 2 + n + 2);
                }
                b';' => {
                    self.at += 1;
                    return Some(Token::Semicolon);
                }
                b'\'' | b'"' | b'`' => {
                    self.at = quoted_end(bytes, self.at, b);
                    return Some(Token::Other);
                }
                // A variable (`$a`, `:a`, `@a`, `#a`): SQLite takes `$a(…)` as one token up to
                // `)` or a blank, quotes and all (`$a(')` holds no string).
                b'$' | b'@' | b':' | b'#' => {
                    self.at += 1;
                    self.at += bytes[self.at..]
                        .iter()
                        .take_while(|&&c| is_word_byte(c) || c == b':')
                        .count();
                    if bytes.get(self.at) == Some(&b'(') {
                        let len = bytes[self.at..]
                            .iter()
                            .take_while(|&&c| c != b')' && !matches!(c, b' ' | 0x09..=0x0d))
                            .count();
                        self.at += len;
                        if bytes.get(self.at) == Some(&b')') {
                            self.at += 1;
                        }
                    }
                    return Some(Token::Other);
                }
                b'[' => {
                    self.at = self.text[self.at..]
                        .find(']')
                        .map_or(bytes.len(), |n| self.at + n + 1);
                    return Some(Token::Other);
                }
                _ if is_word_byte(b) => {
                    let len = bytes[self.at..]
                        .iter()
                        .take_while(|&&c| is_word_byte(c))
                        .count();
                    let word = &self.text[self.at..self.at + len];
                    self.at += len;
                    // `x'00'` is a blob: one token with its string.
                    if matches!(word, "x" | "X") && bytes.get(self.at) == Some(&b'\'') {
                        self.at = quoted_end(bytes, self.at, b'\'');
                        return Some(Token::Other);
                    }
                    return Some(Token::Word(word));
                }
                _ => {
                    // One character (whole, so that slicing stays on a boundary).
                    self.at += self.text[self.at..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8);
                    return Some(Token::Other);
                }
            }
        }
    }
}

/// Where the string or quoted name opened by `quote` at `from` ends (past its closing quote; a
/// doubled quote is one inside it), or the text's end.
fn quoted_end(bytes: &[u8], from: usize, quote: u8) -> usize {
    let mut i = from + 1;
    while i < bytes.len() {
        if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

/// A byte of an unquoted word: a letter, a digit, `_`, `$` (not first), or any byte of a
/// character past ASCII.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_statement_has_nothing_beyond() {
        for sql in [
            "CREATE TABLE t(a)",
            "CREATE TABLE t(a);",
            "CREATE TABLE t(a) ; ;  -- note\n/* more */",
            "CREATE TABLE t(a TEXT DEFAULT 'x; DROP TABLE y', \"b;c\" INT, [d;e] INT, `f;g` INT)",
            "CREATE TABLE t(a DEFAULT 'it''s; fine', b BLOB DEFAULT x'3b')",
            "CREATE TABLE t(a INT -- a comment; with a semicolon\n, b INT /* and; here */)",
            "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = 1; DELETE FROM u; END",
            "CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN SELECT CASE WHEN 1 THEN 2 END; END;",
            "create trigger tr after insert on t when new.a = 1 begin select case new.a when 1 then case 2 when 2 then 3 end end; insert into u values (';'); end",
            "CREATE VIEW v AS SELECT 'a;b' AS x",
            "CREATE TABLE é(ü TEXT)",
            "CREATE TABLE t(a TEXT DEFAULT 'unterminated; ATTACH",
            // A column named `end`, bare, in a trigger's body (a review).
            "CREATE TRIGGER tr AFTER INSERT ON ev BEGIN UPDATE ev SET last = NEW.end; END",
            "CREATE TRIGGER tr AFTER INSERT ON ev BEGIN SELECT CASE WHEN NEW.end THEN 1 END; UPDATE ev SET end = 1 WHERE end = 2; END;",
        ] {
            assert_eq!(beyond_first_statement(sql), None, "{sql}");
        }
    }

    #[test]
    fn a_tail_is_found() {
        for (sql, tail) in [
            (
                "CREATE TABLE t(a); ATTACH '/x.db' AS v; DELETE FROM v.important",
                "ATTACH '/x.db' AS v; DELETE FROM v.important",
            ),
            ("CREATE TABLE t(a);DELETE FROM victim", "DELETE FROM victim"),
            ("CREATE INDEX i ON t(a); -- x\n SELECT 1", "SELECT 1"),
            (
                "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END; DROP TABLE t",
                "DROP TABLE t",
            ),
            (
                "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT CASE WHEN 1 THEN 1 END; END; ATTACH 'x' AS y",
                "ATTACH 'x' AS y",
            ),
            (
                "CREATE VIEW v AS SELECT 1; WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c",
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c",
            ),
            ("CREATE TABLE t(a);\u{a0}", "\u{a0}"),
            // A variable SQLite takes whole, quote and all (a review: the quote opened a string
            // that hid the tail).
            (
                "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT DEFAULT ($a(')));CREATE TABLE pwned(x)",
                "CREATE TABLE pwned(x)",
            ),
            (
                "CREATE TABLE t(a DEFAULT (:b(\"x)); SELECT 1",
                "SELECT 1",
            ),
        ] {
            assert_eq!(beyond_first_statement(sql), Some(tail), "{sql}");
        }
    }

    /// Checked against SQLite's own splitting: what `sqlite3_prepare` leaves as the tail of each
    /// text is what is found beyond the statement (on a schema the statements can be made on).
    #[test]
    fn sqlite_splits_alike() {
        let conn = crate::sqlite_memory::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t(a, b); CREATE TABLE u(a);")
            .unwrap();
        for sql in [
            "CREATE TABLE t2(a TEXT DEFAULT 'x; y'); SELECT 1",
            "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT CASE WHEN 1 THEN 1 END; UPDATE u SET a = ';'; END; SELECT 2",
            "CREATE VIEW v AS SELECT [a;] FROM (SELECT 1 AS [a;]); SELECT 3",
            "CREATE INDEX i ON t(a) /* ; */ WHERE b = 'x;'; SELECT 4",
            "CREATE TRIGGER tr2 AFTER INSERT ON t BEGIN SELECT CASE WHEN NEW.end THEN 1 END; UPDATE t SET a = NEW.end; END; SELECT 5",
            // (A variable cannot stand in a CREATE outside a schema's load: a SELECT shows how
            // SQLite splits around one.)
            "SELECT $v(') AS x, :w(\"y) AS z; SELECT 6",
        ] {
            let ours = beyond_first_statement(sql).unwrap();
            let prepared = conn.prepare(sql).map(|_| ()).unwrap_err();
            assert!(
                matches!(prepared, rusqlite::Error::MultipleStatement),
                "{sql}: {prepared}"
            );
            // SQLite's tail, through the C API: the statement it compiled ends where ours does.
            let tail = sqlite_tail(&conn, sql);
            assert_eq!(tail.trim_start_matches(';').trim(), ours, "{sql}");
        }
    }

    /// The text `sqlite3_prepare_v2` leaves after the first statement of `sql`.
    fn sqlite_tail(conn: &rusqlite::Connection, sql: &str) -> String {
        use rusqlite::ffi;
        let c = std::ffi::CString::new(sql).unwrap();
        let mut stmt = std::ptr::null_mut();
        let mut tail: *const std::os::raw::c_char = std::ptr::null();
        // SAFETY: the handle is the live connection's; `c` outlives the call, and `tail` points
        // into it; the statement is finalized before returning.
        unsafe {
            let rc = ffi::sqlite3_prepare_v2(conn.handle(), c.as_ptr(), -1, &mut stmt, &mut tail);
            assert_eq!(rc, ffi::SQLITE_OK, "{sql}");
            ffi::sqlite3_finalize(stmt);
            let offset = tail.offset_from(c.as_ptr()) as usize;
            sql[offset..].to_string()
        }
    }
}
