//! A tiny tokenizer: runs of letters/digits and single punctuation characters, with byte offsets.

use std::borrow::Cow;

/// One token of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// First byte, relative to the sentence.
    pub start: usize,
    /// One past the last byte, relative to the sentence.
    pub end: usize,
    /// Lower-cased text: borrowed from the sentence when it is already lower case.
    lowered: Cow<'a, str>,
    /// True when no whitespace separates this token from the previous one.
    pub glued: bool,
}

impl Token<'_> {
    /// Lower-cased text.
    pub fn lower(&self) -> &str {
        &self.lowered
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

/// Splits `text` into tokens. Apostrophes and hyphens are tokens of their own.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    // About one token per five bytes of running text: spares most regrowth.
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    let mut glued = false;
    let mut start = 0;
    while let Some(c) = char_at(text, start) {
        let mut end = start + c.len_utf8();
        if c.is_whitespace() {
            glued = false;
            start = end;
            continue;
        }
        if c.is_alphanumeric() {
            end = alphanumeric_end(text, end);
        }
        tokens.push(Token {
            start,
            end,
            lowered: lowercase(&text[start..end]),
            glued: glued && !tokens.is_empty(),
        });
        glued = true;
        start = end;
    }
    tokens
}

/// Where the run of letters and digits going on at byte `i` of `text` ends. ASCII bytes
/// are checked as bytes (for them `char::is_alphanumeric` is `is_ascii_alphanumeric`).
fn alphanumeric_end(text: &str, mut i: usize) -> usize {
    while let Some(&b) = text.as_bytes().get(i) {
        if b.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        match char_at(text, i) {
            Some(c) if !b.is_ascii() && c.is_alphanumeric() => i += c.len_utf8(),
            _ => break,
        }
    }
    i
}

/// The character at byte `i` of `text` (a character boundary), or `None` at the end.
/// Decodes UTF-8 only for non-ASCII bytes: most of running text is ASCII.
fn char_at(text: &str, i: usize) -> Option<char> {
    match *text.as_bytes().get(i)? {
        b if b.is_ascii() => Some(char::from(b)),
        _ => text.get(i..)?.chars().next(),
    }
}

/// `word` in lower case, allocating only when it has upper-case or non-ASCII letters
/// (most tokens of running text have neither).
fn lowercase(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_numbers_and_punctuation() {
        let t = tokenize("Op 15-10-2016, één 30-daags");
        let words: Vec<&str> = t.iter().map(|t| t.lower()).collect();
        assert_eq!(
            words,
            ["op", "15", "-", "10", "-", "2016", ",", "één", "30", "-", "daags"]
        );
        assert!(!t[1].glued && t[2].glued && t[3].glued);
        assert_eq!(&"Op 15-10-2016, één 30-daags"[t[7].start..t[7].end], "één");
    }

    /// The tokenizer as written before its ASCII fast path: over `char_indices`.
    fn tokenize_chars(text: &str) -> Vec<Token<'_>> {
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
            tokens.push(Token {
                start,
                end,
                lowered: lowercase(&text[start..end]),
                glued: glued && !tokens.is_empty(),
            });
            glued = true;
        }
        tokens
    }

    #[test]
    fn ascii_fast_path_changes_no_token() {
        let texts = [
            "",
            " ",
            "Op 15-10-2016, één 30-daags",
            "  Ça va? Zo’n 3½ jaar\u{a0}later — ’s avonds ²³ ÉÉN\tTWEE\n",
            "naïef café-Ärger 𝔘𝔫𝔦 日本語 x\u{200b}y 'S MORGENS",
        ];
        for text in texts {
            assert_eq!(tokenize(text), tokenize_chars(text), "{text:?}");
        }
    }
}
