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
    /// four times the number of words.
    slots: std::sync::OnceLock<Box<[u16]>>,
}

/// A hash of `word` that ignores ASCII case, from its length and its first and last four
/// bytes with bit 5 cleared (which upper-cases ASCII letters: bytes equal but for ASCII case
/// hash alike): a lookup costs a few instructions whatever the word's length. Words alike in
/// all of these (`CURRENT_DATE`, `CURRENT_TIME`) only share a slot chain; the lookup compares
/// whole words. Measured against a hash of every byte (FNV-1a), keyword lookups took about
/// half the instructions (callgrind, 1,000-table PostgreSQL generation, ~100,000 lookups).
#[inline]
fn hash_upper(word: &[u8]) -> u64 {
    const FOLD: u32 = 0xdfdf_dfdf;
    let n = word.len();
    let (first, last) = if n >= 4 {
        let four =
            |at: usize| u32::from_le_bytes([word[at], word[at + 1], word[at + 2], word[at + 3]]);
        (four(0), four(n - 4))
    } else {
        let short = word.iter().rev().fold(0u32, |k, b| k << 8 | u32::from(*b));
        (short, 0)
    };
    let key = (u64::from(first & FOLD) << 32 | u64::from(last & FOLD)) ^ n as u64;
    let h = key.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (h ^ h >> 32).wrapping_mul(0xd6e8_feb8_6659_fd93)
}

/// The slot of `hash` in a table of `1 << bits` slots (the hash's high bits, which mix best).
fn slot_of(hash: u64, bits: u32) -> usize {
    (hash >> (64 - bits)) as usize
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
            // At most a quarter full: most words looked up are names, not in the list, and a miss
            // ends at the first empty slot (at a load under a half, after two slots on average).
            let size = (self.words.len() * 4).next_power_of_two().max(16);
            let bits = size.trailing_zeros();
            let mut slots = vec![u16::MAX; size].into_boxed_slice();
            for (i, w) in self.words.iter().enumerate() {
                let mut slot = slot_of(hash_upper(w.as_bytes()), bits);
                while slots[slot] != u16::MAX {
                    slot = (slot + 1) & (size - 1);
                }
                slots[slot] = i as u16;
            }
            slots
        })
    }

    /// The position of `word` in the list, compared without regard to ASCII case.
    #[inline]
    pub fn position(&self, word: &[u8]) -> Option<usize> {
        self.find(word).0
    }

    /// [`WordTable::position`], with the number of words compared to find it.
    #[inline]
    fn find(&self, word: &[u8]) -> (Option<usize>, usize) {
        let slots = self.slots();
        let mask = slots.len() - 1;
        let mut slot = slot_of(hash_upper(word), slots.len().trailing_zeros());
        let mut compared = 0;
        loop {
            let i = slots[slot];
            if i == u16::MAX {
                return (None, compared);
            }
            compared += 1;
            // Words mostly come in the list's own case (sqlparser's keywords upper case, as the
            // renderers write them; reserved words and names lower case): a plain comparison
            // first, which is a memcmp, before the byte-by-byte case-folding one.
            let listed = self.words[usize::from(i)].as_bytes();
            if listed == word || listed.eq_ignore_ascii_case(word) {
                return (Some(usize::from(i)), compared);
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

    /// The cheap hash spreads sqlparser's ~900 keywords well enough that finding one compares
    /// few words: what keeps the lookup cheap.
    #[test]
    fn keywords_are_found_in_few_comparisons() {
        static KEYWORDS: WordTable = WordTable::new(sqlparser::keywords::ALL_KEYWORDS);
        let words = KEYWORDS.words();
        let counts: Vec<usize> = words
            .iter()
            .map(|w| KEYWORDS.find(w.to_lowercase().as_bytes()).1)
            .collect();
        let mean = counts.iter().sum::<usize>() as f64 / words.len() as f64;
        let worst = counts.iter().max().copied().unwrap_or(0);
        // Linear probing at this load (under a half) has a longest chain of about ten for a
        // good hash; a poor one (the length and first byte alone) gives means above 3.
        assert!(mean < 1.6 && worst <= 12, "mean {mean:.2}, worst {worst}");
    }

    #[test]
    fn an_empty_list_finds_nothing() {
        static EMPTY: WordTable = WordTable::new(&[]);
        assert!(!EMPTY.contains("x"));
    }
}
