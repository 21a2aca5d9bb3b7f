//! Finds where the elements of one array member of a JSON object lie, by a structural scan that
//! only follows strings and brackets. It checks no more of the syntax than it needs to find
//! them (the separators between elements, the brackets): the caller hands each element, and the
//! object with the array emptied, to serde_json, which checks the rest. Finding the elements
//! this way costs a fraction of a full parse, and leaves the elements to be parsed in parallel;
//! serde_json's own pass over a 1,000-table spec (to find each table's text) was a serial
//! tenth of a PostgreSQL generation's instructions.

use std::ops::Range;

/// A JSON object's array member, found by [`split_array_member`].
#[derive(Debug, PartialEq)]
pub struct ArraySplit {
    /// The array, from `[` to `]` inclusive.
    pub array: Range<usize>,
    /// Each element's text, without the whitespace around it.
    pub elements: Vec<Range<usize>>,
}

impl ArraySplit {
    /// `text` with the array replaced by `[]`.
    pub fn outer(&self, text: &str) -> String {
        let mut s = String::with_capacity(text.len() - self.array.len() + 2);
        s.push_str(&text[..self.array.start]);
        s.push_str("[]");
        s.push_str(&text[self.array.end..]);
        s
    }
}

/// The first member of the top-level object in `text` whose key is written exactly `"key"` (no
/// escapes) and whose value is an array: where the array and its elements lie. `None` when the
/// text is not shaped so (not an object, no such member, an unterminated string or bracket, a
/// missing or doubled comma between elements), in which case the caller parses the text whole.
pub fn split_array_member(text: &str, key: &str) -> Option<ArraySplit> {
    let b = text.as_bytes();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    loop {
        i = skip_ws(b, i);
        if b.get(i) != Some(&b'"') {
            return None; // `}` of an object without the member, or not a key
        }
        let key_end = skip_string(b, i)?;
        let is_key = &b[i + 1..key_end - 1] == key.as_bytes();
        i = skip_ws(b, key_end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = skip_ws(b, i + 1);
        if is_key && b.get(i) == Some(&b'[') {
            return elements(b, i);
        }
        i = skip_ws(b, skip_value(b, i)?);
        match b.get(i) {
            Some(b',') => i += 1,
            _ => return None,
        }
    }
}

/// The array starting at `start` (a `[`) and its elements.
fn elements(b: &[u8], start: usize) -> Option<ArraySplit> {
    let mut elements = Vec::new();
    let mut i = skip_ws(b, start + 1);
    if b.get(i) == Some(&b']') {
        return Some(ArraySplit {
            array: start..i + 1,
            elements,
        });
    }
    loop {
        let end = skip_value(b, i)?;
        elements.push(i..end);
        i = skip_ws(b, end);
        match b.get(i) {
            Some(b',') => i = skip_ws(b, i + 1),
            Some(b']') => {
                return Some(ArraySplit {
                    array: start..i + 1,
                    elements,
                })
            }
            _ => return None,
        }
    }
}

/// The index after JSON whitespace from `i`.
fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// The index after the string starting at `i` (a `"`), or `None` when it is unterminated.
fn skip_string(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    loop {
        j = quote_or_backslash(b, j)?;
        if b[j] == b'"' {
            return Some(j + 1);
        }
        j += 2; // a backslash and the byte it escapes
    }
}

/// The index of the first `"` or `\` at or after `from`. Eight bytes at a time: most of a
/// spec's bytes are inside strings, and a byte-by-byte search was most of this scan's cost.
fn quote_or_backslash(b: &[u8], from: usize) -> Option<usize> {
    /// Each byte of `v` that is zero gets its high bit set; the lowest bit set is exact (a
    /// borrow can only mark bytes above a zero byte).
    fn zero_bytes(v: u64) -> u64 {
        v.wrapping_sub(0x0101_0101_0101_0101) & !v & 0x8080_8080_8080_8080
    }
    let mut i = from;
    while let Some(chunk) = b.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().ok()?);
        let hits = zero_bytes(w ^ 0x2222_2222_2222_2222) | zero_bytes(w ^ 0x5c5c_5c5c_5c5c_5c5c);
        if hits != 0 {
            return Some(i + (hits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b.get(i..)?
        .iter()
        .position(|&c| c == b'"' || c == b'\\')
        .map(|p| i + p)
}

/// The index after the value starting at `i`: a string, an object or array (to its matching
/// bracket, strings inside skipped), or a scalar (to the next delimiter). `None` when there is
/// no value there or it does not end.
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => skip_string(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match *b.get(j)? {
                    b'"' => {
                        j = skip_string(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        b',' | b']' | b'}' | b':' => None,
        _ => {
            let len = b[i..]
                .iter()
                .position(|c| matches!(c, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r'))
                .unwrap_or(b.len() - i);
            Some(i + len)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, split: &ArraySplit) -> Vec<&'a str> {
        split.elements.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn finds_the_elements_of_the_member() {
        let text = r#" { "a" : {"tables":[1,{"x":"]}"}]}, "t\"ables":[9], "tables" : [ {"n":"a\\"} ,[1,[2]] ,"s]" , -1.5e3,null ] , "z":1 } "#;
        let split = split_array_member(text, "tables").unwrap();
        assert_eq!(
            texts(text, &split),
            [r#"{"n":"a\\"}"#, "[1,[2]]", r#""s]""#, "-1.5e3", "null"]
        );
        let outer = split.outer(text);
        assert_eq!(
            outer,
            r#" { "a" : {"tables":[1,{"x":"]}"}]}, "t\"ables":[9], "tables" : [] , "z":1 } "#
        );
        let empty = r#"{"tables":[ ]}"#;
        let split = split_array_member(empty, "tables").unwrap();
        assert!(split.elements.is_empty());
        assert_eq!(split.outer(empty), r#"{"tables":[]}"#);
        let unicode = r#"{"d":"é\u00e9","tables":[{"name":"ünï"}]}"#;
        assert_eq!(
            texts(unicode, &split_array_member(unicode, "tables").unwrap()),
            [r#"{"name":"ünï"}"#]
        );
    }

    #[test]
    fn the_word_search_finds_the_first_quote_or_backslash() {
        let text = "abcdefghij\\klmnopqrstuvwxyz\"0123456789";
        let b = text.as_bytes();
        for from in 0..b.len() {
            let expected = b[from..]
                .iter()
                .position(|&c| c == b'"' || c == b'\\')
                .map(|p| from + p);
            assert_eq!(quote_or_backslash(b, from), expected, "from {from}");
        }
        assert_eq!(quote_or_backslash(b"", 0), None);
        assert_eq!(quote_or_backslash(b"abc", 5), None);
        // Bytes just above and below the two searched for, and high bytes, are not hits.
        let near = [b'!', b'#', b'[', b']', 0x80, 0xa2, 0xdc, 0xff, 0x00, 0x01];
        assert_eq!(quote_or_backslash(&near, 0), None);
    }

    /// Whatever is not shaped as the scan expects gives `None` (the caller then parses whole),
    /// never a wrong split and never a panic.
    #[test]
    fn gives_up_on_anything_unexpected() {
        for text in [
            "",
            "[]",
            "{}",
            r#"{"tables":5}"#,
            r#"{"tables":[1,]}"#,
            r#"{"tables":[,1]}"#,
            r#"{"tables":[1 2]}"#,
            r#"{"tables":[1,,2]}"#,
            r#"{"tables":[{"a":1}"#,
            r#"{"tables":["abc]}"#,
            r#"{"tables":["abc\"]}"#,
            r#"{"a":1 "tables":[]}"#,
            r#"{"a" 1,"tables":[]}"#,
            r#"{"\u0074ables":[1]}"#,
            r#"{"a":"x\"#,
            r#"{"a":{"b":[}"#,
            "{\"tables\":[\"\\",
        ] {
            assert_eq!(split_array_member(text, "tables"), None, "{text}");
        }
    }

    /// On any valid JSON object, the elements found are the array's elements as serde_json
    /// reads them, and the object with the array emptied reads as the object without them.
    #[test]
    fn agrees_with_serde_json_on_valid_json() {
        use serde_json::{json, Value};
        let values = [
            json!({"tables": [], "description": "x"}),
            json!({"description": "a \"quoted\" ]} string", "tables": [{"name": "t", "columns": [{"a": [1, 2, {"b": "}"}]}]}, 3, "x", null, true, [[]], {}], "now": null}),
            json!({"nested": {"tables": [1]}, "tables": [{"k": "\\"}, {"k": "\u{1F600}"}]}),
        ];
        for v in values {
            for text in [v.to_string(), serde_json::to_string_pretty(&v).unwrap()] {
                let split = split_array_member(&text, "tables").expect("a split");
                let found: Vec<Value> = split
                    .elements
                    .iter()
                    .map(|r| serde_json::from_str(&text[r.clone()]).unwrap())
                    .collect();
                assert_eq!(&Value::Array(found), &v["tables"], "{text}");
                let mut emptied = v.clone();
                emptied["tables"] = json!([]);
                let outer: Value = serde_json::from_str(&split.outer(&text)).unwrap();
                assert_eq!(outer, emptied, "{text}");
            }
        }
    }
}
