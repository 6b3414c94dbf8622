//! A tiny tokenizer: runs of letters/digits and single punctuation characters, with byte offsets.

use crate::annotate::classes::{ALNUM, ASCII_CLASSES, SPACE, UPPER};

/// One token of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// First byte, relative to the sentence.
    pub start: usize,
    /// One past the last byte, relative to the sentence.
    pub end: usize,
    /// Lower-cased text: borrowed from the sentence when it is already lower case, else
    /// from the sentence's buffer of lower-cased words.
    lowered: &'a str,
    /// True when no whitespace separates this token from the previous one.
    pub glued: bool,
    /// True when the token starts with an upper-case letter.
    pub capitalised: bool,
}

impl<'a> Token<'a> {
    /// Lower-cased text.
    pub fn lower(&self) -> &'a str {
        self.lowered
    }

    /// True for a run of ASCII digits.
    pub fn is_digits(&self) -> bool {
        !self.lower().is_empty() && self.lower().bytes().all(|b| b.is_ascii_digit())
    }

    /// The token's value when it is a run of at most nine digits.
    pub fn digits(&self) -> Option<u32> {
        (self.is_digits() && self.lower().len() <= 9)
            .then(|| self.lower().parse().ok())
            .flatten()
    }

    /// True for a word (starts with a letter).
    pub fn is_word(&self) -> bool {
        self.lower().chars().next().is_some_and(char::is_alphabetic)
    }
}

/// Splits `text` into tokens. Apostrophes and hyphens are tokens of their own. The
/// lower-cased text of the tokens that are not lower case already goes to `lowered`
/// (cleared first, reused from sentence to sentence), one allocation for all of them
/// instead of a `String` per such token.
pub fn tokenize<'a>(text: &'a str, lowered: &'a mut String) -> Vec<Token<'a>> {
    lowered.clear();
    // About one token per five bytes of running text: spares most regrowth.
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    let mut glued = false;
    let mut start = 0;
    while let Some(&b) = text.as_bytes().get(start) {
        let class = ASCII_CLASSES[usize::from(b)];
        // The token's end, whether it is upper case or not ASCII (needs lowering), and
        // whether it starts with a capital.
        let (end, unlowered, capitalised) = if b.is_ascii() {
            if class & SPACE != 0 {
                glued = false;
                start += 1;
                continue;
            }
            if class & ALNUM != 0 {
                let upper = class & UPPER != 0;
                let (end, unlowered) = alphanumeric_end(text, start + 1, upper);
                (end, unlowered, upper)
            } else {
                (start + 1, false, false)
            }
        } else {
            let Some(c) = char_at(text, start) else {
                break;
            };
            let end = start + c.len_utf8();
            if is_punctuation(c) {
                // A token of its own, and its own lower case.
                (end, false, false)
            } else if c.is_whitespace() {
                glued = false;
                start = end;
                continue;
            } else if c.is_alphanumeric() {
                (alphanumeric_end(text, end, true).0, true, c.is_uppercase())
            } else {
                (end, true, false)
            }
        };
        let word = &text[start..end];
        let lower = if unlowered {
            push_lowercase(lowered, word);
            // Filled in below, once `lowered` is complete: a token is never empty.
            ""
        } else {
            word
        };
        tokens.push(Token {
            start,
            end,
            lowered: lower,
            glued: glued && !tokens.is_empty(),
            capitalised,
        });
        glued = true;
        start = end;
    }
    if !lowered.is_empty() {
        // Complete now: the tokens may borrow it.
        let lowered: &'a str = lowered;
        point_into(&mut tokens, text, lowered);
    }
    tokens
}

/// Points each token that was left without its lower-cased text to its piece of
/// `lowered`, where the pieces follow one another in token order.
fn point_into<'a>(tokens: &mut [Token<'a>], text: &str, lowered: &'a str) {
    let mut from = 0;
    for t in tokens.iter_mut().filter(|t| t.lowered.is_empty()) {
        let to = from + lowercase_len(&text[t.start..t.end]);
        t.lowered = lowered.get(from..to).unwrap_or_default();
        from = to;
    }
}

/// Appends `word` in lower case to `lowered`.
fn push_lowercase(lowered: &mut String, word: &str) {
    if word.is_ascii() {
        let at = lowered.len();
        lowered.push_str(word);
        lowered[at..].make_ascii_lowercase();
    } else {
        // `str::to_lowercase`, not per character: a final sigma depends on its context.
        lowered.push_str(&word.to_lowercase());
    }
}

/// The length in bytes of `word.to_lowercase()`, without building it: a final sigma
/// (`ς`) has the length of any other (`σ`), so each character's own lower case counts.
fn lowercase_len(word: &str) -> usize {
    if word.is_ascii() {
        word.len()
    } else {
        word.chars()
            .flat_map(char::to_lowercase)
            .map(char::len_utf8)
            .sum()
    }
}

/// Where the run of letters and digits going on at byte `i` of `text` ends, and whether
/// it holds an upper-case or non-ASCII character (or `unlowered` already said so).
fn alphanumeric_end(text: &str, mut i: usize, unlowered: bool) -> (usize, bool) {
    let mut seen = if unlowered { UPPER } else { 0 };
    while let Some(&b) = text.as_bytes().get(i) {
        let class = ASCII_CLASSES[usize::from(b)];
        if class & ALNUM != 0 {
            seen |= class;
            i += 1;
            continue;
        }
        match char_at(text, i) {
            Some(c) if !b.is_ascii() && !is_punctuation(c) && c.is_alphanumeric() => {
                seen |= UPPER;
                i += c.len_utf8();
            }
            _ => break,
        }
    }
    (i, seen & UPPER != 0)
}

/// Dashes, quotes and the ellipsis (`‐` to `‧`, in General Punctuation): neither space
/// nor letter, and without case. The most frequent non-ASCII characters of news text,
/// told without a search of the Unicode tables.
fn is_punctuation(c: char) -> bool {
    matches!(c, '\u{2010}'..='\u{2027}')
}

/// The character at byte `i` of `text` (a character boundary), or `None` at the end.
/// Decodes UTF-8 only for non-ASCII bytes: most of running text is ASCII.
fn char_at(text: &str, i: usize) -> Option<char> {
    match *text.as_bytes().get(i)? {
        b if b.is_ascii() => Some(char::from(b)),
        _ => text.get(i..)?.chars().next(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_numbers_and_punctuation() {
        let mut lowered = String::new();
        let t = tokenize("Op 15-10-2016, één 30-daags", &mut lowered);
        let words: Vec<&str> = t.iter().map(|t| t.lower()).collect();
        assert_eq!(
            words,
            ["op", "15", "-", "10", "-", "2016", ",", "één", "30", "-", "daags"]
        );
        assert!(!t[1].glued && t[2].glued && t[3].glued);
        assert_eq!(&"Op 15-10-2016, één 30-daags"[t[7].start..t[7].end], "één");
    }

    /// The tokenizer as written before its ASCII fast path and lowering buffer: over
    /// `char_indices`, with a `String` per token that is not lower case. Returns
    /// (start, end, lower case, glued).
    fn tokenize_chars(text: &str) -> Vec<(usize, usize, String, bool)> {
        let mut tokens = Vec::new();
        let mut chars = text.char_indices().peekable();
        let mut glued = false;
        while let Some((start, c)) = chars.next() {
            if c.is_whitespace() {
                glued = false;
                continue;
            }
            let mut end = start + c.len_utf8();
            if c.is_alphanumeric() {
                while let Some(&(i, next)) = chars.peek().filter(|(_, n)| n.is_alphanumeric()) {
                    end = i + next.len_utf8();
                    chars.next();
                }
            }
            let after = glued && !tokens.is_empty();
            tokens.push((start, end, text[start..end].to_lowercase(), after));
            glued = true;
        }
        tokens
    }

    #[test]
    fn punctuation_is_no_space_letter_or_case() {
        for c in ('\u{2000}'..='\u{206F}').filter(|c| is_punctuation(*c)) {
            assert!(!c.is_whitespace() && !c.is_alphanumeric(), "{c:?}");
            assert_eq!(c.to_lowercase().to_string(), c.to_string(), "{c:?}");
        }
        assert!(is_punctuation('’') && is_punctuation('—') && !is_punctuation('\u{2028}'));
    }

    #[test]
    fn ascii_fast_path_changes_no_token() {
        let texts = [
            "",
            " ",
            "Op 15-10-2016, één 30-daags",
            "  Ça va? Zo’n 3½ jaar\u{a0}later — ’s avonds ²³ ÉÉN\tTWEE\n",
            "„Nee”, zei ze‚ ‘ja’… ‐ ‑ ‒ – — ― ‖ ‗ ‚ ‛ “ ” „ ‟ † ‡ • ‣ ․ ‥ … ‧\u{2028}x\u{2029}",
            "naïef café-Ärger 𝔘𝔫𝔦 日本語 x\u{200b}y 'S MORGENS",
            // A final sigma lowers by its context; `İ` lowers to three bytes.
            "ΟΔΟΣ ΟΔΟΣ'Α Σ İSTANBUL İ DŽungla ǅ X",
        ];
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let seeds: Vec<String> = std::fs::read_dir(seeds)
            .expect("seeds")
            .map(|entry| std::fs::read_to_string(entry.expect("seed").path()).expect("seed text"))
            .collect();
        let mut lowered = String::new();
        for text in texts.into_iter().chain(seeds.iter().map(String::as_str)) {
            let fast: Vec<_> = tokenize(text, &mut lowered)
                .iter()
                .map(|t| (t.start, t.end, t.lower().to_string(), t.glued))
                .collect();
            assert_eq!(fast, tokenize_chars(text), "{text:?}");
        }
    }
}
