//! Stage 2: normalisation of an article body into the text every offset refers to.
//!
//! Policy (also in the README):
//! 1. Mojibake is repaired first, while the bytes it hides are still intact: a run of
//!    characters that are exactly the cp1252/Latin-1 reading of one UTF-8 encoded
//!    character (`Ã¯` → `ï`, `â€™` → `’`) is replaced by that character. A run is repaired
//!    only when it decodes to exactly one valid multi-byte character, so ordinary text
//!    that happens to contain `Ã` is left alone. Every repair is counted.
//! 2. CRLF and lone CR become LF; Unicode NFC.
//! 3. BOM, soft hyphens, zero-width characters and other control characters are dropped
//!    (counted); tab, NBSP and every other Unicode space character become a plain space.
//! 4. Runs of spaces collapse to one; lines are trimmed.
//! 5. One or more blank lines make a paragraph break, written as exactly one blank line;
//!    the text has no leading or trailing blank lines.
//!
//! Quotes, apostrophes and dashes are kept as written: they are data.

use crate::model::NormaliseStats;
use std::borrow::Cow;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The normalised text and what normalisation changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalised {
    /// Normalised text: trimmed lines, paragraphs separated by `\n\n`.
    pub text: String,
    /// Repair counts.
    pub stats: NormaliseStats,
}

/// Normalises an article body (see the module documentation for the policy).
///
/// ```
/// let n = kroniek::normalise::normalise("  Oekra\u{c3}\u{af}ne\u{a0} wint.\r\n\r\n\r\nKiev ");
/// assert_eq!(n.text, "Oekraïne wint.\n\nKiev");
/// assert_eq!(n.stats.mojibake_repairs, 1);
/// ```
pub fn normalise(body: &str) -> Normalised {
    let mut stats = NormaliseStats::default();
    let repaired = repair_mojibake(body, &mut stats.mojibake_repairs);
    let unified = unify_line_ends_and_compose(repaired);

    let mut text = String::with_capacity(unified.len());
    let mut pending_break = false;
    for line in unified.split('\n') {
        // The separator goes in first and comes out again if the line is blank.
        let before = text.len();
        if !text.is_empty() {
            text.push_str(if pending_break { "\n\n" } else { "\n" });
        }
        let start = text.len();
        clean_line_into(line, &mut text, &mut stats.invisibles_dropped);
        if text.len() == start {
            text.truncate(before);
            pending_break = !text.is_empty();
            continue;
        }
        pending_break = false;
    }
    Normalised { text, stats }
}

/// CRLF and lone CR to LF, then NFC; text that is already both (nearly all) is not copied.
fn unify_line_ends_and_compose(text: Cow<'_, str>) -> Cow<'_, str> {
    let text = if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        text
    };
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// Appends `line` to `out` without invisible characters, with every space character as a
/// plain space, runs of spaces collapsed, and trimmed.
fn clean_line_into(line: &str, out: &mut String, dropped: &mut u64) {
    let start = out.len();
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        // Visible ASCII, nearly all of the text, is copied a run at a time.
        let run = rest.bytes().take_while(u8::is_ascii_graphic).count();
        if run > 0 {
            out.push_str(&rest[..run]);
            rest = &rest[run..];
            continue;
        }
        rest = &rest[c.len_utf8()..];
        if is_invisible(c) {
            *dropped += 1;
        } else if c == ' ' || c.is_whitespace() {
            if out.len() > start && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    if out.len() > start && out.ends_with(' ') {
        out.pop();
    }
}

/// True when `body` keeps at least one character after normalisation: something other than
/// whitespace and the invisible characters [`normalise`] drops.
///
/// ```
/// assert!(kroniek::normalise::has_text(" Kyiv\n"));
/// assert!(!kroniek::normalise::has_text(" \u{1}\u{200B}\n"));
/// ```
pub fn has_text(body: &str) -> bool {
    body.chars().any(|c| !c.is_whitespace() && !is_invisible(c))
}

/// Characters that carry no text: BOM, soft hyphen, zero-width characters, controls.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{FEFF}' | '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}'
    ) || (c.is_control() && !c.is_whitespace())
}

/// The byte a character stands for when UTF-8 was misread as cp1252 (or Latin-1).
fn cp1252_byte(c: char) -> Option<u8> {
    let code = c as u32;
    if (0xA0..=0xFF).contains(&code) || (0x80..=0x9F).contains(&code) {
        return Some(code as u8);
    }
    let byte = match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(byte)
}

/// Length of the UTF-8 sequence a lead byte announces, for lead bytes of multi-byte
/// characters only.
fn utf8_sequence_len(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

/// Replaces every run of characters that is the cp1252 reading of exactly one UTF-8
/// encoded character by that character, counting the repairs.
fn repair_mojibake<'a>(text: &'a str, repairs: &mut u64) -> Cow<'a, str> {
    let mut out = String::new();
    let mut copied = 0;
    // Every mojibake run starts with a character in U+00C2..U+00F4, whose UTF-8 encoding
    // starts with the byte 0xC3: only there is a run looked for. Dutch letters such as
    // `ë` are in that range too, so the run must also decode.
    for at in memchr::memchr_iter(0xC3, text.as_bytes()) {
        if at < copied {
            // Inside the run repaired last.
            continue;
        }
        let mut window = ['\0'; 4];
        let mut len = 0;
        for next in text[at..].chars().take(4) {
            window[len] = next;
            len += 1;
        }
        if !('\u{C2}'..='\u{F4}').contains(&window[0]) {
            continue;
        }
        if let Some((decoded, used)) = decode_run(&window[..len]) {
            out.push_str(&text[copied..at]);
            out.push(decoded);
            copied = at + window[..used].iter().map(|c| c.len_utf8()).sum::<usize>();
            *repairs += 1;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// Decodes one misread UTF-8 character at the start of `chars`, if there is one.
fn decode_run(chars: &[char]) -> Option<(char, usize)> {
    let lead = cp1252_byte(*chars.first()?)?;
    let len = utf8_sequence_len(lead)?;
    if chars.len() < len {
        return None;
    }
    let mut bytes = [0u8; 4];
    bytes[0] = lead;
    for (k, &c) in chars[1..len].iter().enumerate() {
        let b = cp1252_byte(c)?;
        if !(0x80..=0xBF).contains(&b) {
            return None;
        }
        bytes[k + 1] = b;
    }
    let decoded = std::str::from_utf8(&bytes[..len]).ok()?;
    let c = decoded.chars().next()?;
    // A decoded control character would be a guess, not a repair.
    (!c.is_control()).then_some((c, len))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The normaliser as first written, a character at a time: the reference the
    /// fast paths (visible ASCII in runs, mojibake looked for at 0xC3 bytes) must match.
    fn normalise_char_by_char(body: &str) -> Normalised {
        let mut stats = NormaliseStats::default();
        let repaired = repair_mojibake_char_by_char(body, &mut stats.mojibake_repairs);
        let unified = unify_line_ends_and_compose(repaired);
        let mut text = String::new();
        let mut pending_break = false;
        for line in unified.split('\n') {
            let mut cleaned = String::new();
            for c in line.chars() {
                if is_invisible(c) {
                    stats.invisibles_dropped += 1;
                } else if c == ' ' || c.is_whitespace() {
                    if !cleaned.is_empty() && !cleaned.ends_with(' ') {
                        cleaned.push(' ');
                    }
                } else {
                    cleaned.push(c);
                }
            }
            if cleaned.ends_with(' ') {
                cleaned.pop();
            }
            if cleaned.is_empty() {
                pending_break = !text.is_empty();
                continue;
            }
            if !text.is_empty() {
                text.push_str(if pending_break { "\n\n" } else { "\n" });
            }
            text.push_str(&cleaned);
            pending_break = false;
        }
        Normalised { text, stats }
    }

    fn repair_mojibake_char_by_char<'a>(text: &'a str, repairs: &mut u64) -> Cow<'a, str> {
        let mut out = String::new();
        let mut copied = 0;
        let mut chars = text.char_indices();
        while let Some((at, c)) = chars.next() {
            if !('\u{C2}'..='\u{F4}').contains(&c) {
                continue;
            }
            let window: Vec<char> = text[at..].chars().take(4).collect();
            if let Some((decoded, used)) = decode_run(&window) {
                out.push_str(&text[copied..at]);
                out.push(decoded);
                copied = at + window[..used].iter().map(|c| c.len_utf8()).sum::<usize>();
                *repairs += 1;
                for _ in 1..used {
                    chars.next();
                }
            }
        }
        if copied == 0 {
            return Cow::Borrowed(text);
        }
        out.push_str(&text[copied..]);
        Cow::Owned(out)
    }

    /// Text mixing what each normalisation step acts on: mojibake pieces, accented
    /// letters, invisible and space characters, line ends.
    fn messy_text() -> impl Strategy<Value = String> {
        let pieces = prop_oneof![
            Just("Ã¯"),
            Just("Ã©"),
            Just("â€™"),
            Just("â€˜"),
            Just("Ã"),
            Just("Ã x"),
            Just("ë"),
            Just("é"),
            Just("i\u{308}"),
            Just("\u{a0}"),
            Just("\t"),
            Just(" "),
            Just("  "),
            Just("\u{200b}"),
            Just("\u{ad}"),
            Just("\u{feff}"),
            Just("\u{1}"),
            Just("\r\n"),
            Just("\r"),
            Just("\n"),
            Just("\n\n"),
            Just("Kiev"),
            Just("a,b."),
            Just("“q”"),
            Just("—"),
            Just("\u{2003}"),
            Just("Â"),
            Just("ðŸ‘"),
        ];
        prop::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn fast_paths_give_what_char_by_char_gives(body in messy_text()) {
            prop_assert_eq!(normalise(&body), normalise_char_by_char(&body));
        }

        #[test]
        fn any_text_normalises_as_char_by_char(body in "\\PC{0,60}") {
            prop_assert_eq!(normalise(&body), normalise_char_by_char(&body));
        }
    }

    #[test]
    fn repairs_mojibake_and_counts_it() {
        let n = normalise("OekraÃ¯ne en â€˜technischeâ€™ EÃ©n");
        assert_eq!(n.text, "Oekraïne en ‘technische’ Eén");
        assert_eq!(n.stats.mojibake_repairs, 4);
    }

    #[test]
    fn leaves_lone_latin1_letters_alone() {
        let n = normalise("Ã la carte, Âge, Ãx");
        assert_eq!(n.text, "Ã la carte, Âge, Ãx");
        assert_eq!(n.stats.mojibake_repairs, 0);
    }

    #[test]
    fn paragraphs_lines_and_spaces() {
        let n = normalise("\n\n  Een\u{a0}\u{a0}twee \t drie  \r\nvier\r\r\r  \n\nvijf\n\n");
        assert_eq!(n.text, "Een twee drie\nvier\n\nvijf");
    }

    #[test]
    fn drops_invisibles_keeps_quotes_and_dashes() {
        let n = normalise("\u{feff}“Ik\u{200b} bluf niet” — zegt hij ‘niet’ in Oe\u{ad}kraïne");
        assert_eq!(n.text, "“Ik bluf niet” — zegt hij ‘niet’ in Oekraïne");
        assert_eq!(n.stats.invisibles_dropped, 3);
    }

    #[test]
    fn composes_to_nfc() {
        let n = normalise("Oekrai\u{308}ne");
        assert_eq!(n.text, "Oekraïne");
    }

    #[test]
    fn empty_and_blank_input() {
        assert_eq!(normalise("").text, "");
        assert_eq!(normalise(" \n\n \u{a0}\n").text, "");
    }
}
