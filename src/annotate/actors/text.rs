//! Text helpers for the actor matcher: folding with a map back to the original bytes,
//! and a small word tokenizer.

pub(crate) use crate::annotate::fold::fold;
use crate::annotate::fold::fold_char;

/// Text folded for matching (lower case, diacritics dropped, typographic apostrophes as
/// `'`), with for every folded byte the original character it came from.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// For each byte of `text`: (start, end) byte offsets of the original character.
    /// Empty when the original was ASCII: folding then keeps every byte where it was.
    origin: Vec<(usize, usize)>,
}

impl Folded {
    /// Folds `s`.
    #[cfg(test)]
    pub fn new(s: &str) -> Self {
        let mut folded = Folded::default();
        folded.fill(s);
        folded
    }

    /// Folds `s` into this value, reusing its buffers (one allocation per document, not
    /// per sentence).
    pub fn fill(&mut self, s: &str) {
        self.text.clear();
        self.origin.clear();
        if s.is_ascii() {
            // One byte in, one byte out: no map needed.
            push_folded_ascii(&mut self.text, s);
            return;
        }
        // Runs of ASCII in bulk (each byte its own origin), other characters one by one.
        let mut i = 0;
        while let Some(rest) = s.get(i..).filter(|r| !r.is_empty()) {
            let run = rest
                .bytes()
                .position(|b| !b.is_ascii())
                .unwrap_or(rest.len());
            push_folded_ascii(&mut self.text, &rest[..run]);
            self.origin.extend((i..i + run).map(|k| (k, k + 1)));
            i += run;
            let Some(c) = rest[run..].chars().next() else {
                break;
            };
            let before = self.text.len();
            fold_char(c, &mut self.text);
            self.origin.extend(std::iter::repeat_n(
                (i, i + c.len_utf8()),
                self.text.len() - before,
            ));
            i += c.len_utf8();
        }
    }

    /// [`Folded::fill`] character by character: the reference the fast paths are tested
    /// against.
    #[cfg(test)]
    fn fill_by_char(&mut self, s: &str) {
        self.text.clear();
        self.origin.clear();
        for (i, c) in s.char_indices() {
            let before = self.text.len();
            fold_char(c, &mut self.text);
            if !s.is_ascii() {
                self.origin.extend(std::iter::repeat_n(
                    (i, i + c.len_utf8()),
                    self.text.len() - before,
                ));
            }
        }
    }

    /// The original byte range of the folded range `start..end` (`end > start`).
    pub fn original(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        if end <= start {
            return None;
        }
        if self.origin.is_empty() {
            return (end <= self.text.len()).then_some((start, end));
        }
        let first = self.origin.get(start)?;
        let last = self.origin.get(end.checked_sub(1)?)?;
        Some((first.0, last.1))
    }
}

/// Appends ASCII `s` folded as [`fold_char`] folds each of its characters: lower case,
/// and a backtick as `'`.
fn push_folded_ascii(out: &mut String, s: &str) {
    let from = out.len();
    out.push_str(s);
    out[from..].make_ascii_lowercase();
    if s.contains('`') {
        let tail = out.split_off(from);
        out.push_str(&tail.replace('`', "'"));
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
    /// The cue kinds of the token (see `Cues::kinds`); 0 until the matcher fills it in.
    pub kinds: u16,
}

impl Token<'_> {
    /// Whether the word starts with an upper-case letter.
    pub fn capitalised(&self) -> bool {
        self.word && self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether the token is a cue of one of the kinds in `bits`.
    pub fn is(&self, bits: u16) -> bool {
        self.kinds & bits != 0
    }

    /// The token in lower case.
    pub fn lower(&self) -> String {
        self.text.to_lowercase()
    }
}

/// Splits a sentence into words (runs of letters and digits, joined by single inner
/// hyphens: `NAVO-top` is one word) and single punctuation characters; spaces are dropped.
#[cfg(test)]
pub fn tokenize(s: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    tokenize_into(s, &mut tokens);
    tokens
}

/// [`tokenize`] into a reused vector (cleared first).
pub fn tokenize_into<'a>(s: &'a str, tokens: &mut Vec<Token<'a>>) {
    tokens.clear();
    let mut i = 0;
    while let Some(c) = char_at(s, i) {
        let start = i;
        i += c.len_utf8();
        if c.is_whitespace() {
            continue;
        }
        let word = c.is_alphanumeric();
        if word {
            i = word_end(s, i);
        }
        tokens.push(Token {
            start,
            end: i,
            text: &s[start..i],
            word,
            kinds: 0,
        });
    }
}

/// The character at byte `i` of `s` (a character boundary); decodes only non-ASCII.
fn char_at(s: &str, i: usize) -> Option<char> {
    let b = *s.as_bytes().get(i)?;
    if b.is_ascii() {
        Some(char::from(b))
    } else {
        s.get(i..)?.chars().next()
    }
}

/// Where the word continuing at byte `i` ends.
fn word_end(s: &str, mut i: usize) -> usize {
    let bytes = s.as_bytes();
    loop {
        // ASCII letters and digits, the bulk of a word, without decoding.
        while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
            i += 1;
        }
        let Some(c) = char_at(s, i) else {
            return i;
        };
        // A hyphen joins only when a letter or digit follows: `NAVO-top`.
        let joins = c == '-' && char_at(s, i + 1).is_some_and(char::is_alphanumeric);
        if !(c.is_alphanumeric() || joins) {
            return i;
        }
        i += c.len_utf8();
    }
}

/// Index of the token that contains byte `pos`, if any.
pub fn token_at(tokens: &[Token], pos: usize) -> Option<usize> {
    // Tokens are sorted and disjoint: the first one ending after `pos` is the only
    // candidate.
    let i = tokens.partition_point(|t| t.end <= pos);
    tokens.get(i).filter(|t| t.start <= pos).map(|_| i)
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
        let mut f = Folded::new("x");
        f.fill("De `NAVO`");
        assert_eq!(f.text, "de 'navo'");
        assert_eq!(f.original(4, 8), Some((4, 8)));
        assert_eq!(f.original(4, 10), None);
    }

    #[test]
    fn folding_in_runs_agrees_with_folding_by_character() {
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut texts: Vec<String> = std::fs::read_dir(seeds)
            .expect("seeds")
            .flat_map(|e| {
                let text = std::fs::read_to_string(e.expect("entry").path()).expect("seed");
                text.lines().map(str::to_string).collect::<Vec<_>>()
            })
            .collect();
        texts.extend(
            [
                "",
                "`",
                "ï",
                "A`b’C",
                "İstanbul ß Ǆ é`É` NAVO’s",
                "Oekraïne",
                "x\u{301}y",
            ]
            .map(String::from),
        );
        let (mut fast, mut slow) = (Folded::default(), Folded::default());
        for text in &texts {
            fast.fill(text);
            slow.fill_by_char(text);
            assert_eq!(
                (&fast.text, &fast.origin),
                (&slow.text, &slow.origin),
                "{text}"
            );
        }
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
        assert_eq!(token_at(&t, 2), None); // the space
        assert_eq!(token_at(&t, 0), Some(0));
        assert_eq!(token_at(&t, 19), Some(4));
        assert_eq!(token_at(&t, 20), Some(5));
        assert_eq!(token_at(&t, 21), None);
        assert!(t[1].capitalised() && !t[0].capitalised());
        let t = tokenize("a- -b x--y é-ë 3-");
        let words: Vec<(&str, bool)> = t.iter().map(|t| (t.text, t.word)).collect();
        assert_eq!(
            words,
            [
                ("a", true),
                ("-", false),
                ("-", false),
                ("b", true),
                ("x", true),
                ("-", false),
                ("-", false),
                ("y", true),
                ("é-ë", true),
                ("3", true),
                ("-", false)
            ]
        );
    }
}
