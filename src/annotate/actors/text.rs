//! Text helpers for the actor matcher: folding with a map back to the original bytes,
//! and a small word tokenizer.

use crate::annotate::classes::{ALNUM, ASCII_CLASSES, SPACE, UPPER};
pub(crate) use crate::annotate::fold::fold;
use crate::annotate::fold::fold_char;

/// Text folded for matching (lower case, diacritics dropped, typographic apostrophes as
/// `'`), with a map from every folded byte back to the original character it came from.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    /// The folded text (UTF-8; bytes, which the automaton reads, so that ASCII folds in
    /// one pass).
    pub text: Vec<u8>,
    /// A buffer for the fold of one non-ASCII character.
    char_fold: String,
    /// The non-ASCII characters of the original, in order. An ASCII character folds to
    /// one byte, so every folded byte outside these marks lies at the offset of its
    /// original byte shifted as much as by the last mark before it: a sentence needs
    /// one entry per non-ASCII character rather than one per byte (none when ASCII).
    marks: Vec<Mark>,
}

/// Where one non-ASCII character went: its original bytes and the folded bytes it became
/// (none for a dropped combining mark).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    folded: (usize, usize),
    original: (usize, usize),
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
        self.marks.clear();
        if s.is_ascii() {
            // Most sentences: one byte in, one byte out, and no marks.
            push_folded_ascii(&mut self.text, s.as_bytes());
            return;
        }
        // Runs of ASCII in bulk (each byte folds in place), other characters one by one.
        let mut i = 0;
        while let Some(rest) = s.get(i..).filter(|r| !r.is_empty()) {
            let run = rest
                .bytes()
                .position(|b| !b.is_ascii())
                .unwrap_or(rest.len());
            push_folded_ascii(&mut self.text, &rest.as_bytes()[..run]);
            i += run;
            let Some(c) = rest[run..].chars().next() else {
                break;
            };
            let before = self.text.len();
            if let Some(folded) = LATIN_FOLDS.get((c as usize).wrapping_sub(0x80)) {
                self.text.extend_from_slice(folded.as_bytes());
            } else {
                self.char_fold.clear();
                fold_char(c, &mut self.char_fold);
                self.text.extend_from_slice(self.char_fold.as_bytes());
            }
            self.marks.push(Mark {
                folded: (before, self.text.len()),
                original: (i, i + c.len_utf8()),
            });
            i += c.len_utf8();
        }
    }

    /// The original byte range of the folded range `start..end` (`end > start`).
    pub fn original(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        if end <= start || end > self.text.len() {
            return None;
        }
        if self.marks.is_empty() {
            return Some((start, end)); // an ASCII sentence folds in place
        }
        Some((self.origin(start).0, self.origin(end - 1).1))
    }

    /// The original character of folded byte `at` (inside the text), as a byte range.
    fn origin(&self, at: usize) -> (usize, usize) {
        // Marks are sorted by their folded ranges; the first one ending after `at` holds
        // it if it starts at or before it, else `at` is an ASCII byte after the mark
        // before.
        let next = self.marks.partition_point(|m| m.folded.1 <= at);
        if let Some(m) = self.marks.get(next).filter(|m| m.folded.0 <= at) {
            return m.original;
        }
        let (folded, original) = next
            .checked_sub(1)
            .and_then(|i| self.marks.get(i))
            .map_or((0, 0), |m| (m.folded.1, m.original.1));
        let byte = original + (at - folded);
        (byte, byte + 1)
    }
}

/// [`Folded::fill`] character by character, with a map entry for every folded byte: the
/// reference the sparse map and the ASCII runs are tested against.
#[cfg(test)]
fn fold_by_char(s: &str) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut origin = Vec::new();
    for (i, c) in s.char_indices() {
        let before = text.len();
        fold_char(c, &mut text);
        origin.extend(std::iter::repeat_n(
            (i, i + c.len_utf8()),
            text.len() - before,
        ));
    }
    (text, origin)
}

/// The folds ([`fold_char`]) of the Latin characters from U+0080 to U+024F (`é`, `ï`,
/// `ğ`), made once: folding one of them takes a Unicode decomposition.
static LATIN_FOLDS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    (0x80..0x250)
        .map(|u| {
            let mut folded = String::new();
            if let Some(c) = char::from_u32(u) {
                fold_char(c, &mut folded);
            }
            folded
        })
        .collect()
});

/// Appends ASCII `run` folded as [`fold_char`] folds each of its characters: lower case,
/// and a backtick as `'`.
fn push_folded_ascii(out: &mut Vec<u8>, run: &[u8]) {
    let from = out.len();
    out.extend_from_slice(run);
    let folded = &mut out[from..];
    folded.make_ascii_lowercase();
    if run.contains(&b'`') {
        for b in folded.iter_mut().filter(|b| **b == b'`') {
            *b = b'\'';
        }
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
    /// Whether it is a word starting with an upper-case letter.
    capital: bool,
    /// Whether it is all ASCII.
    ascii: bool,
    /// The cue kinds of the token (see `Cues::kinds`); 0 until the matcher fills it in.
    pub kinds: u16,
}

impl Token<'_> {
    /// Whether the word starts with an upper-case letter.
    pub fn capitalised(&self) -> bool {
        self.capital
    }

    /// Whether the token is all ASCII.
    pub fn is_ascii(&self) -> bool {
        self.ascii
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

/// Appends the tokens of `s` ([`tokenize`]) to `tokens`.
pub fn tokenize_into<'a>(s: &'a str, tokens: &mut Vec<Token<'a>>) {
    let classes = &*CLASSES;
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let start = i;
        let (class, mut ascii) = if b.is_ascii() {
            i += 1;
            (ASCII_CLASSES[usize::from(b)], true)
        } else {
            let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            i += c.len_utf8();
            (class_of(classes, c), false)
        };
        if class & SPACE != 0 {
            continue;
        }
        let word = class & ALNUM != 0;
        if word {
            let (end, all_ascii) = word_end(classes, s, i);
            i = end;
            ascii &= all_ascii;
        }
        let Some(text) = s.get(start..i) else {
            break;
        };
        tokens.push(Token {
            start,
            end: i,
            text,
            word,
            capital: word && class & UPPER != 0,
            ascii,
            kinds: 0,
        });
    }
}

/// The character at byte `i` of `s` (a character boundary) and its length in bytes;
/// decodes only non-ASCII.
fn char_at(s: &str, i: usize) -> Option<(char, usize)> {
    let b = *s.as_bytes().get(i)?;
    if b.is_ascii() {
        Some((char::from(b), 1))
    } else {
        let c = s.get(i..)?.chars().next()?;
        Some((c, c.len_utf8()))
    }
}

/// Where the word continuing at byte `i` ends, and whether that part is all ASCII.
fn word_end(classes: &[u8], s: &str, mut i: usize) -> (usize, bool) {
    let bytes = s.as_bytes();
    let mut ascii = true;
    loop {
        // ASCII letters and digits, the bulk of a word, without decoding.
        while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
            i += 1;
        }
        let Some((c, len)) = char_at(s, i) else {
            return (i, ascii);
        };
        // A hyphen joins only when a letter or digit follows: `NAVO-top`.
        let joins =
            c == '-' && char_at(s, i + 1).is_some_and(|(n, _)| class_of(classes, n) & ALNUM != 0);
        if !(class_of(classes, c) & ALNUM != 0 || joins) {
            return (i, ascii);
        }
        ascii &= len == 1;
        i += len;
    }
}

/// Characters below this one have their class in [`CLASSES`]: Latin, Greek, Cyrillic
/// and the general punctuation (`’`, `–`) news text is made of.
const CLASSES_END: u32 = 0x2100;

/// The classes of the characters below [`CLASSES_END`], read once from the standard
/// library's Unicode tables: a table look-up instead of a search in those tables for
/// every non-ASCII character.
static CLASSES: std::sync::LazyLock<Box<[u8]>> = std::sync::LazyLock::new(|| {
    (0..CLASSES_END)
        .map(|u| char::from_u32(u).map_or(0, class_by_std))
        .collect()
});

/// The class bits ([`ALNUM`], [`SPACE`], [`UPPER`]) of `c`, from `classes` ([`CLASSES`],
/// dereferenced once per sentence).
fn class_of(classes: &[u8], c: char) -> u8 {
    if c.is_ascii() {
        return ASCII_CLASSES[c as usize];
    }
    classes
        .get(c as usize)
        .copied()
        .unwrap_or_else(|| class_by_std(c))
}

/// [`class_of`] from the standard library's Unicode tables.
fn class_by_std(c: char) -> u8 {
    let bit = |yes: bool, bit: u8| if yes { bit } else { 0 };
    bit(c.is_alphanumeric(), ALNUM) | bit(c.is_whitespace(), SPACE) | bit(c.is_uppercase(), UPPER)
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
        assert_eq!(f.text, b"in oekraine's");
        let at = "in oekraine's".find("oekraine").unwrap();
        let (s, e) = f.original(at, at + "oekraine".len()).unwrap();
        assert_eq!(&"In Oekraïne’s"[s..e], "Oekraïne");
        let mut f = Folded::new("x");
        f.fill("De `NAVO`");
        assert_eq!(f.text, b"de 'navo'");
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
                "\u{301}Ⱥb ẞc\u{301}",
                "Ağrı Łódź Øresund Ærø ÿ\u{80}\u{24F}\u{250}",
            ]
            .map(String::from),
        );
        // Every character with a made fold, in a word.
        texts.extend(
            (0x7f..0x251)
                .filter_map(char::from_u32)
                .map(|c| format!("A{c}b")),
        );
        let mut fast = Folded::default();
        for text in &texts {
            fast.fill(text);
            let (slow, origin) = fold_by_char(text);
            assert_eq!(fast.text, slow.as_bytes(), "{text}");
            // Every folded range maps back as the per-byte map has it (a range maps
            // its first and last byte, so short ranges and suffixes cover them all).
            let expected = |start: usize, end: usize| {
                (end > start)
                    .then(|| Some((origin.get(start)?.0, origin.get(end - 1)?.1)))
                    .flatten()
            };
            for start in 0..=slow.len() + 1 {
                for end in (start..start + 4).chain([slow.len(), slow.len() + 1]) {
                    assert_eq!(
                        fast.original(start, end),
                        expected(start, end),
                        "{text} {start}..{end}"
                    );
                }
            }
        }
    }

    /// The tokenizer as first written, on the standard library's character methods:
    /// the reference for the class table and the ASCII runs.
    fn tokenize_by_std(s: &str) -> Vec<(usize, usize, bool, bool)> {
        let mut tokens = Vec::new();
        let mut chars = s.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if c.is_whitespace() {
                continue;
            }
            let mut end = start + c.len_utf8();
            if c.is_alphanumeric() {
                while let Some(&(i, n)) = chars.peek() {
                    let joins =
                        n == '-' && s[i + 1..].chars().next().is_some_and(char::is_alphanumeric);
                    if !(n.is_alphanumeric() || joins) {
                        break;
                    }
                    end = i + n.len_utf8();
                    chars.next();
                }
            }
            tokens.push((
                start,
                end,
                c.is_alphanumeric(),
                c.is_alphanumeric() && c.is_uppercase(),
            ));
        }
        tokens
    }

    #[test]
    fn the_class_table_is_the_standard_library() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(class_of(&CLASSES, c), class_by_std(c), "{c:?}");
        }
    }

    #[test]
    fn the_tokenizer_agrees_with_the_standard_library() {
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut texts: Vec<String> = std::fs::read_dir(seeds)
            .expect("seeds")
            .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("seed"))
            .collect();
        texts.extend(
            [
                "",
                "-",
                "a-",
                "-a",
                "a--b",
                "é-ë",
                "É-3",
                "x\u{301}y",
                "İstanbul ß\u{2003}Ǆ",
                "\u{10400}\u{1D400}-a \u{3000}x",
                "’s NAVO’s 12-3 Ⅻ ²a",
            ]
            .map(String::from),
        );
        for text in &texts {
            let fast: Vec<_> = tokenize(text)
                .iter()
                .map(|t| {
                    assert_eq!(t.text, &text[t.start..t.end]);
                    assert_eq!(t.is_ascii(), t.text.is_ascii(), "{}", t.text);
                    (t.start, t.end, t.word, t.capitalised())
                })
                .collect();
            assert_eq!(fast, tokenize_by_std(text), "{text}");
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
