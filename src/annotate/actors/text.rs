//! Text helpers for the actor matcher: folding with a map back to the original bytes,
//! and a small word tokenizer.

pub(crate) use crate::annotate::fold::fold;
use crate::annotate::fold::fold_char;

/// Text folded for matching (lower case, diacritics dropped, typographic apostrophes as
/// `'`), with for every folded byte the original character it came from.
#[derive(Debug, Clone)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// For each byte of `text`: (start, end) byte offsets of the original character.
    origin: Vec<(usize, usize)>,
}

impl Folded {
    /// Folds `s`.
    pub fn new(s: &str) -> Self {
        let mut text = String::with_capacity(s.len());
        let mut origin = Vec::with_capacity(s.len());
        for (i, c) in s.char_indices() {
            let before = text.len();
            fold_char(c, &mut text);
            origin.extend(std::iter::repeat_n(
                (i, i + c.len_utf8()),
                text.len() - before,
            ));
        }
        Folded { text, origin }
    }

    /// The original byte range of the folded range `start..end` (`end > start`).
    pub fn original(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        if end <= start {
            return None;
        }
        let first = self.origin.get(start)?;
        let last = self.origin.get(end.checked_sub(1)?)?;
        Some((first.0, last.1))
    }
}

/// An actor id made from a name by the codebook rule: lower-case ASCII, diacritics
/// dropped, spaces as `_` (hyphens kept, other characters dropped).
pub fn ascii_id(name: &str) -> String {
    let mut id = String::with_capacity(name.len());
    for c in fold(name).chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            id.push(c);
        } else if c.is_whitespace() && !id.is_empty() && !id.ends_with('_') {
            id.push('_');
        }
    }
    id.trim_end_matches('_').to_string()
}

/// A word or a single punctuation character of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// First byte in the sentence.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The token's text.
    pub text: &'a str,
    /// Whether it is a word (letters and digits, with inner hyphens).
    pub word: bool,
}

impl Token<'_> {
    /// Whether the word starts with an upper-case letter.
    pub fn capitalised(&self) -> bool {
        self.word && self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// The token in lower case.
    pub fn lower(&self) -> String {
        self.text.to_lowercase()
    }
}

/// Splits a sentence into words (runs of letters and digits, joined by single inner
/// hyphens: `NAVO-top` is one word) and single punctuation characters; spaces are dropped.
pub fn tokenize(s: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if !c.is_alphanumeric() {
            let end = start + c.len_utf8();
            tokens.push(Token {
                start,
                end,
                text: &s[start..end],
                word: false,
            });
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() {
            let c = chars[j].1;
            let joins = c == '-' && chars.get(j + 1).is_some_and(|n| n.1.is_alphanumeric());
            if !(c.is_alphanumeric() || (joins && j > i)) {
                break;
            }
            j += 1;
        }
        let end = chars.get(j).map_or(s.len(), |n| n.0);
        tokens.push(Token {
            start,
            end,
            text: &s[start..end],
            word: true,
        });
        i = j;
    }
    tokens
}

/// Index of the token that contains byte `pos`, if any.
pub fn token_at(tokens: &[Token], pos: usize) -> Option<usize> {
    tokens.iter().position(|t| t.start <= pos && pos < t.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_case_and_diacritics_and_maps_back() {
        let f = Folded::new("In Oekraïne’s");
        assert_eq!(f.text, "in oekraine's");
        let at = f.text.find("oekraine").unwrap();
        let (s, e) = f.original(at, at + "oekraine".len()).unwrap();
        assert_eq!(&"In Oekraïne’s"[s..e], "Oekraïne");
    }

    #[test]
    fn ids_follow_the_codebook_rule() {
        assert_eq!(ascii_id("François Godement"), "francois_godement");
        assert_eq!(ascii_id("DJ Jopie"), "dj_jopie");
        assert_eq!(ascii_id("Recep Tayyip Erdoğan"), "recep_tayyip_erdogan");
    }

    #[test]
    fn tokenizer_keeps_hyphenated_compounds_together() {
        let t = tokenize("de NAVO-top, in Kiev.");
        let words: Vec<&str> = t.iter().map(|t| t.text).collect();
        assert_eq!(words, ["de", "NAVO-top", ",", "in", "Kiev", "."]);
        assert_eq!(token_at(&t, 5), Some(1));
        assert!(t[1].capitalised() && !t[0].capitalised());
    }
}
