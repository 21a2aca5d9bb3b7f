//! A fixed list of words arranged for lookups by hash, compared in ASCII upper case without
//! allocating: sqlparser's keywords for the fast tokenizer, each dialect's reserved words for
//! validation. A binary search over the same lists costs a string comparison per step; in the
//! profile that was a tenth of the self-check's instructions (keywords) and about 5% of a
//! PostgreSQL generation (reserved words, asked for every table, column and constraint name).

/// An open-addressing table from a word to its position in the list it was built from. It can
/// be a `static` (`WordTable::new` is `const`); the slots are built on the first lookup.
pub struct WordTable {
    words: &'static [&'static str],
    /// Positions in `words`, `u16::MAX` for an empty slot; the length is a power of two over
    /// twice the number of words.
    slots: std::sync::OnceLock<Box<[u16]>>,
}

/// FNV-1a of the ASCII upper case of `word`.
fn hash_upper(word: &[u8]) -> usize {
    word.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b.to_ascii_uppercase())).wrapping_mul(0x100_0000_01b3)
    }) as usize
}

impl WordTable {
    /// The table of `words` (fewer than 32,767 of them; a word listed twice is found at its
    /// first position).
    pub const fn new(words: &'static [&'static str]) -> Self {
        WordTable {
            words,
            slots: std::sync::OnceLock::new(),
        }
    }

    /// The list the table was built from.
    pub fn words(&self) -> &'static [&'static str] {
        self.words
    }

    fn slots(&self) -> &[u16] {
        self.slots.get_or_init(|| {
            assert!(self.words.len() < usize::from(u16::MAX) / 2);
            let size = (self.words.len() * 2).next_power_of_two().max(16);
            let mut slots = vec![u16::MAX; size].into_boxed_slice();
            for (i, w) in self.words.iter().enumerate() {
                let mut slot = hash_upper(w.as_bytes()) & (size - 1);
                while slots[slot] != u16::MAX {
                    slot = (slot + 1) & (size - 1);
                }
                slots[slot] = i as u16;
            }
            slots
        })
    }

    /// The position of `word` in the list, compared without regard to ASCII case.
    pub fn position(&self, word: &[u8]) -> Option<usize> {
        let slots = self.slots();
        let mask = slots.len() - 1;
        let mut slot = hash_upper(word) & mask;
        loop {
            let i = slots[slot];
            if i == u16::MAX {
                return None;
            }
            if self.words[usize::from(i)]
                .as_bytes()
                .eq_ignore_ascii_case(word)
            {
                return Some(usize::from(i));
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Whether `word` is in the list (ASCII case aside).
    pub fn contains(&self, word: &str) -> bool {
        self.position(word.as_bytes()).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_word_and_nothing_else() {
        static WORDS: &[&str] = &["add", "all", "alter", "and", "as", "select", "table"];
        static T: WordTable = WordTable::new(WORDS);
        let t = &T;
        for (i, w) in WORDS.iter().enumerate() {
            assert_eq!(t.position(w.as_bytes()), Some(i), "{w}");
            assert_eq!(t.position(w.to_uppercase().as_bytes()), Some(i), "{w}");
        }
        for w in ["", "a", "tables", "selec", "users", "ad", "select_", "_all"] {
            assert!(!t.contains(w), "{w}");
        }
        assert!(!t.contains(&"a".repeat(1000)));
    }

    #[test]
    fn an_empty_list_finds_nothing() {
        static EMPTY: WordTable = WordTable::new(&[]);
        assert!(!EMPTY.contains("x"));
    }
}
