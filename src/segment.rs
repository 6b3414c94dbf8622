//! Stage 3: paragraphs and sentences (codebook section 1).
//!
//! The input is normalised text: trimmed lines, single spaces, paragraphs separated by a
//! blank line (`\n\n`), a single `\n` inside a paragraph being a soft line break. (Any run
//! of blank or whitespace-only lines is also read as one paragraph break, so the function
//! is total on any text.)
//!
//! Rules, in the order they are applied:
//! 1. A paragraph break is always a sentence break.
//! 2. A candidate boundary is a *terminator run*: one of `.` `!` `?` `…` `。` `！` `？`
//!    followed by any mix of further terminators and closing quotes or brackets
//!    (`.”`, `!’`, `?”`, `...“`, `.)`). It is a boundary only when whitespace follows
//!    and the next token starts a new sentence (the CJK full stops need no space). A run
//!    with no letter or digit before it in its sentence (a leading `...`) never ends one.
//! 3. The next token continues the sentence when it starts with `,` `;` `:` or a closing
//!    bracket (the reporting clause after a quote: `stoppen.’, zegt een bron.`), when it
//!    is only a detached stop (`foutje :-? .`), or when it starts with a
//!    lower-case letter (`afgerond... of dat`, `"Wel heb je ooit!" riep ze`), except
//!    after a bare `?`/`!` (`Wat is SP.A ? of ...`). A clitic (`'s`, `'t`, `’n`) is looked
//!    through to the word after it; an opening bracket before a lower-case word starts a
//!    new sentence.
//! 4. A single `.` after an abbreviation, an initial or a number needs more evidence:
//!    - a *title* (`dr.`, `prof.`, `St.`) never ends a sentence;
//!    - a *plain* abbreviation (`o.a.`, `nr.`, `jl.`), any abbreviation with inner
//!      periods (`d.w.z.`, `V.S.`), and a single letter (`J. Borrell`) end one only when
//!      the next word is a common sentence starter (`optie A. Daarna`), and for an
//!      initial not a name particle (`J. De Vries`); never before a digit (`nr. 12`);
//!    - a number (`om 14. Vandaag`) ends one, unless it is a list marker (`1. De ...`) or
//!      a label after one capitalised word (`Hoofdstuk 3. Discussie`). Numbers written
//!      with inner periods (`3.5`, `18.03.2025`) never contain a candidate, as no
//!      whitespace follows their inner periods.
//! 5. A soft line break ends a heading-like sentence: one that started on that line, has
//!    at most twelve words, ends in a letter or digit (possibly inside closing quotes),
//!    and is followed by a line that starts a new sentence (`Verhoging`, `… Beeld AP`).
//!
//! Data files (tab-separated, one header row, no comments):
//! - `schema/abbreviations.txt`: `abbreviation` (with its final period, as written) and
//!   `kind` (`title` or `plain`). A lower-case entry also matches its capitalised form,
//!   anywhere for a title, at the start of a sentence for a plain abbreviation; other
//!   matching is case-sensitive (so `VS.` is not `vs.`).
//! - `schema/sentence_starters.txt`: `word` (lower case, ASCII) and `name_particle`
//!   (`yes`/`no`): closed-class words that often begin a Dutch sentence, and whether they
//!   also occur capitalised inside names after an initial.
//!
//! The scan looks at each byte once through a lookup table and does work only at
//! terminators and line breaks; it allocates only the output.

use crate::annotate::LexiconFile;
use crate::model::{ByteSpan, Sentence};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The data files the segmenter reads, for the release manifest.
pub const LEXICON_FILES: &[LexiconFile] = &[
    LexiconFile {
        path: "schema/abbreviations.txt",
        contents: include_str!("../schema/abbreviations.txt"),
    },
    LexiconFile {
        path: "schema/sentence_starters.txt",
        contents: include_str!("../schema/sentence_starters.txt"),
    },
];

/// The sentences of one normalised text and its paragraph count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segmented {
    /// Sentences in text order; every paragraph break is a sentence break.
    pub sentences: Vec<Sentence>,
    /// Number of paragraphs.
    pub n_paragraphs: u32,
}

/// Splits normalised text (paragraphs separated by blank lines) into sentences.
///
/// ```
/// let text = "Dr. Jansen kwam o.a. langs. Beeld AP\n\nKop";
/// let s = kroniek::segment::segment(text);
/// let texts: Vec<&str> = s.sentences.iter().map(|x| x.text(text)).collect();
/// assert_eq!(texts, ["Dr. Jansen kwam o.a. langs.", "Beeld AP", "Kop"]);
/// assert_eq!(s.n_paragraphs, 2);
/// ```
pub fn segment(text: &str) -> Segmented {
    let mut sentences = Vec::new();
    let mut n_paragraphs = 0u32;
    for_each_paragraph(text, |start, end| {
        let mut splitter = Splitter::new(text, start, end);
        splitter.run(|span| {
            sentences.push(Sentence {
                index: sentences.len() as u32,
                paragraph: n_paragraphs,
                bytes: span,
            })
        });
        n_paragraphs += 1;
    });
    Segmented {
        sentences,
        n_paragraphs,
    }
}

/// Calls `f(start, end)` for every paragraph, trimmed: blocks of non-blank lines.
fn for_each_paragraph(text: &str, mut f: impl FnMut(usize, usize)) {
    let mut current: Option<(usize, usize)> = None;
    let mut line_start = 0;
    for line in text.split('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if let Some((start, end)) = current.take() {
                f(start, end);
            }
        } else {
            let start = line_start + (line.len() - line.trim_start().len());
            let end = start + trimmed.len();
            current = Some(current.map_or((start, end), |(s, _)| (s, end)));
        }
        line_start += line.len() + 1;
    }
    if let Some((start, end)) = current {
        f(start, end);
    }
}

/// Bytes at which the scan must look closer: line breaks, ASCII terminators and the
/// lead bytes of `…` (E2), `。` (E3), `！`/`？` (EF).
const CANDIDATE: [bool; 256] = {
    let mut table = [false; 256];
    table[b'\n' as usize] = true;
    table[b'.' as usize] = true;
    table[b'!' as usize] = true;
    table[b'?' as usize] = true;
    table[0xE2] = true;
    table[0xE3] = true;
    table[0xEF] = true;
    table
};

/// Characters that can end a sentence.
fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？')
}

/// Terminators after which no space is written (CJK).
fn is_cjk_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？')
}

/// Closing quotes and brackets that belong to the sentence they follow. Curly opening
/// quotes are included because German-style `„…“` closes with `“`.
fn is_closer(c: char) -> bool {
    "\"'”“’‘»«›‹)]}".contains(c)
}

/// Opening quotes and brackets that may precede the first word of a sentence.
fn is_opener(c: char) -> bool {
    "\"'„“‟‘‚«»‹›([{¿¡".contains(c)
}

/// What the token after a candidate boundary tells about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next<'a> {
    /// `,` `;` `:` or a closing bracket: the sentence goes on.
    Continuation,
    /// A lower-case word.
    Lower,
    /// An opening bracket before a lower-case word: `(er zouden ...)`.
    Bracket,
    /// A capitalised word (its leading letters).
    Upper(&'a str),
    /// A digit.
    Digit,
    /// Anything else: a symbol, a dash, an ellipsis, a CJK character.
    Other,
}

/// How an abbreviation behaves before a capitalised word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AbbrevKind {
    /// Stands before a name (`dr.`, `St.`): never ends a sentence.
    Title,
    /// Ends a sentence only before a common sentence starter.
    Plain,
}

/// The compiled data files.
struct Lexicon {
    /// Abbreviation without its final period → kind, and whether the key is the
    /// capitalised variant of a lower-case entry.
    abbreviations: HashMap<String, (AbbrevKind, bool)>,
    /// Lower-case sentence starters, sorted, with their name-particle flag.
    starters: Vec<(&'static str, bool)>,
}

/// The lexicon, parsed once.
fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::parse(LEXICON_FILES[0].contents, LEXICON_FILES[1].contents))
}

/// The data rows of a tab-separated file: header skipped, blank lines ignored.
fn rows(contents: &str) -> impl Iterator<Item = (&str, &str)> {
    contents
        .lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let (a, b) = line.split_once('\t').unwrap_or((line, ""));
            (a.trim(), b.trim())
        })
}

impl Lexicon {
    /// Parses the two data files; rows with an unknown kind are skipped (a unit test
    /// checks that there are none).
    fn parse(abbreviations: &'static str, starters: &'static str) -> Lexicon {
        let mut map = HashMap::new();
        for (entry, kind) in rows(abbreviations) {
            let kind = match kind {
                "title" => AbbrevKind::Title,
                "plain" => AbbrevKind::Plain,
                _ => continue,
            };
            let key = entry.strip_suffix('.').unwrap_or(entry);
            if key.is_empty() {
                continue;
            }
            map.insert(key.to_string(), (kind, false));
        }
        let variants: Vec<(String, AbbrevKind)> = map
            .iter()
            .filter(|(key, _)| key.starts_with(|c: char| c.is_lowercase()))
            .map(|(key, &(kind, _))| (capitalise(key), kind))
            .collect();
        for (key, kind) in variants {
            map.entry(key).or_insert((kind, true));
        }
        let mut starter_list: Vec<(&'static str, bool)> = rows(starters)
            .filter(|(word, _)| !word.is_empty())
            .map(|(word, particle)| (word, particle == "yes"))
            .collect();
        starter_list.sort_unstable_by(|a, b| a.0.cmp(b.0));
        Lexicon {
            abbreviations: map,
            starters: starter_list,
        }
    }

    /// The kind of `word` (without its final period) if it is a listed abbreviation.
    fn abbreviation(&self, word: &str, sentence_initial: bool) -> Option<AbbrevKind> {
        let &(kind, variant) = self.abbreviations.get(word)?;
        (!variant || kind == AbbrevKind::Title || sentence_initial).then_some(kind)
    }

    /// `Some(is_name_particle)` if `word` (any case) is a sentence starter.
    fn starter(&self, word: &str) -> Option<bool> {
        let key = word.as_bytes();
        self.starters
            .binary_search_by(|(s, _)| {
                s.bytes()
                    .map(|b| b.to_ascii_lowercase())
                    .cmp(key.iter().map(|b| b.to_ascii_lowercase()))
            })
            .ok()
            .map(|i| self.starters[i].1)
    }
}

/// `word` with its first character upper-cased.
fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Splits one paragraph `[start, end)` into sentences.
struct Splitter<'a> {
    text: &'a str,
    end: usize,
    /// First byte of the current sentence.
    sent_start: usize,
    /// First byte of the current line.
    line_start: usize,
    /// Whether the current sentence has a letter or digit before `alnum_checked`.
    has_alnum: bool,
    alnum_checked: usize,
}

impl<'a> Splitter<'a> {
    fn new(text: &'a str, start: usize, end: usize) -> Self {
        Splitter {
            text,
            end,
            sent_start: start,
            line_start: start,
            has_alnum: false,
            alnum_checked: start,
        }
    }

    /// Scans the paragraph, calling `emit` with each trimmed sentence span.
    fn run(&mut self, mut emit: impl FnMut(ByteSpan)) {
        let bytes = self.text.as_bytes();
        let mut i = self.sent_start;
        while i < self.end {
            if !CANDIDATE[bytes[i] as usize] {
                i += 1;
                continue;
            }
            if bytes[i] == b'\n' {
                self.soft_break(i, &mut emit);
                i += 1;
                continue;
            }
            let first = self.text[i..].chars().next().unwrap_or(' ');
            if !is_terminator(first) {
                i += 1;
                continue;
            }
            i = self.terminator_run(i, &mut emit);
        }
        if self.sent_start < self.end {
            emit(ByteSpan::new(self.sent_start, self.end));
        }
    }

    /// Ends the current sentence at `end` (exclusive) and starts the next at the first
    /// non-whitespace byte from `next`.
    fn close(&mut self, end: usize, next: usize, emit: &mut impl FnMut(ByteSpan)) {
        let trimmed = self.text[self.sent_start..end].trim_end().len();
        if trimmed > 0 {
            emit(ByteSpan::new(self.sent_start, self.sent_start + trimmed));
        }
        let rest = &self.text[next..self.end];
        self.sent_start = next + (rest.len() - rest.trim_start().len());
        self.has_alnum = false;
        self.alnum_checked = self.sent_start;
    }

    /// Whether the current sentence has a letter or digit before `upto` (amortised
    /// linear: each byte is checked at most once per sentence).
    fn sentence_has_alnum(&mut self, upto: usize) -> bool {
        if !self.has_alnum && upto > self.alnum_checked {
            let from = self.alnum_checked.max(self.sent_start);
            self.has_alnum = self.text[from..upto].chars().any(char::is_alphanumeric);
            self.alnum_checked = upto;
        }
        self.has_alnum
    }

    /// Handles the terminator run starting at `start`; returns where scanning resumes.
    fn terminator_run(&mut self, start: usize, emit: &mut impl FnMut(ByteSpan)) -> usize {
        let mut run_end = start;
        let mut cjk = false;
        for c in self.text[start..self.end].chars() {
            if !is_terminator(c) && !is_closer(c) {
                break;
            }
            cjk |= is_cjk_terminator(c);
            run_end += c.len_utf8();
        }
        let Some(after) = self.text[run_end..self.end].chars().next() else {
            return run_end;
        };
        if after.is_whitespace() {
            let rest = &self.text[run_end..self.end];
            let next_start = run_end + (rest.len() - rest.trim_start().len());
            if self.ends_sentence(start, run_end, next_start) {
                self.close(run_end, next_start, emit);
            }
        } else if cjk && self.sentence_has_alnum(start) {
            self.close(run_end, run_end, emit);
        }
        run_end
    }

    /// Whether the terminator run `[run_start, run_end)` followed by whitespace and the
    /// token at `next_start` ends the current sentence.
    fn ends_sentence(&mut self, run_start: usize, run_end: usize, next_start: usize) -> bool {
        if !self.sentence_has_alnum(run_start) {
            return false;
        }
        let run = &self.text[run_start..run_end];
        match classify_next(&self.text[next_start..self.end]) {
            Next::Continuation => false,
            Next::Lower => run.chars().all(|c| matches!(c, '!' | '?')),
            next if run == "." => self.period_ends_sentence(run_start, next),
            _ => true,
        }
    }

    /// Rule 4: a single period after an abbreviation, initial or number.
    fn period_ends_sentence(&self, period: usize, next: Next) -> bool {
        let before = &self.text[self.sent_start..period];
        let token_start = before
            .rfind(char::is_whitespace)
            .map_or(self.sent_start, |i| self.sent_start + i + 1);
        let token = self.text[token_start..period].trim_start_matches(is_opener);
        let core = token.rsplit('/').next().unwrap_or(token);
        if core.is_empty() {
            return true;
        }
        if is_number(core) {
            return token_start != self.sent_start
                && !is_label(&self.text[self.sent_start..token_start]);
        }
        let initial_word = token_start == self.sent_start;
        match lexicon().abbreviation(core, initial_word) {
            Some(AbbrevKind::Title) => false,
            Some(AbbrevKind::Plain) => ambiguous_ends(next, false),
            None if has_inner_periods(core) => ambiguous_ends(next, false),
            None if is_single_letter(core) => {
                ambiguous_ends(next, core.starts_with(char::is_uppercase))
            }
            None => true,
        }
    }

    /// Rule 5: a soft line break at `nl` after a heading-like sentence.
    fn soft_break(&mut self, nl: usize, emit: &mut impl FnMut(ByteSpan)) {
        let line_start = std::mem::replace(&mut self.line_start, nl + 1);
        if self.sent_start > nl || self.sent_start < line_start {
            return;
        }
        let line = &self.text[self.sent_start..nl];
        let last = line
            .trim_end()
            .trim_end_matches(is_closer)
            .chars()
            .next_back();
        if !last.is_some_and(char::is_alphanumeric) || line.split_whitespace().nth(12).is_some() {
            return;
        }
        match classify_next(self.text[nl..self.end].trim_start()) {
            Next::Continuation | Next::Lower => {}
            _ => self.close(nl, nl, emit),
        }
    }
}

/// Rule 4 for plain abbreviations and single letters: end only before a sentence
/// starter (for an initial, one that is not a name particle) or a non-word token.
fn ambiguous_ends(next: Next, initial: bool) -> bool {
    match next {
        Next::Upper(word) => lexicon()
            .starter(word)
            .is_some_and(|particle| !(initial && particle)),
        Next::Other => true,
        Next::Continuation | Next::Lower | Next::Bracket | Next::Digit => false,
    }
}

/// Classifies the token that starts `rest` (rule 3).
fn classify_next(rest: &str) -> Next<'_> {
    let mut chars = rest.chars();
    let Some(first) = chars.next() else {
        return Next::Other;
    };
    match first {
        ',' | ';' | ')' | ']' | '}' => return Next::Continuation,
        ':' if chars.next().is_none_or(char::is_whitespace) => return Next::Continuation,
        _ => {}
    }
    if is_detached_stop(rest) {
        return Next::Continuation;
    }
    if let Some(after) = clitic_rest(rest) {
        return classify_word(after);
    }
    let word = rest.trim_start_matches(is_opener);
    let class = classify_word(word);
    if class == Next::Lower && matches!(first, '(' | '[') {
        return Next::Bracket;
    }
    class
}

/// A token of stops and closers only (`:-? .`, `garant\n.`): it belongs to the sentence
/// before it. Stops at the first other character, so a long token costs nothing.
fn is_detached_stop(rest: &str) -> bool {
    let mut chars = rest.chars();
    chars.next().is_some_and(is_terminator)
        && chars
            .take_while(|c| !c.is_whitespace())
            .all(|c| is_terminator(c) || is_closer(c))
}

/// The text after a leading clitic token (`'s Avonds` → `Avonds`), if there is one.
fn clitic_rest(rest: &str) -> Option<&str> {
    let mut chars = rest.chars();
    let apostrophe = chars.next()?;
    let letter = chars.next()?;
    let space = chars.next()?;
    let is_clitic = matches!(apostrophe, '\'' | '’' | '‘')
        && matches!(letter, 's' | 't' | 'n' | 'k' | 'm')
        && space.is_whitespace();
    is_clitic.then(|| chars.as_str().trim_start())
}

/// Classifies a word by its first character.
fn classify_word(word: &str) -> Next<'_> {
    match word.chars().next() {
        Some(c) if c.is_lowercase() => Next::Lower,
        Some(c) if c.is_uppercase() => {
            let len = word
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(word.len());
            Next::Upper(&word[..len])
        }
        Some(c) if c.is_numeric() => Next::Digit,
        _ => Next::Other,
    }
}

/// Digits with optional inner `.`/`,` separators: `14`, `3.1`, `1026.253.553`.
fn is_number(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
        && word.ends_with(|c: char| c.is_ascii_digit())
        && word
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
}

/// A label before a number: one capitalised word of letters (`Hoofdstuk 3.`).
fn is_label(before: &str) -> bool {
    let word = before.trim_end();
    word.len() <= 40
        && word.starts_with(char::is_uppercase)
        && word.chars().all(char::is_alphabetic)
}

/// An abbreviation written with inner periods: letter groups of one or two letters
/// (`d.w.z`, `V.S`, `Ph.D`), the final period excluded.
fn has_inner_periods(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|part| {
            let n = part.chars().count();
            (1..=2).contains(&n) && part.chars().all(char::is_alphabetic)
        })
}

/// A single letter (`J`, `p`).
fn is_single_letter(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        segment(text)
            .sentences
            .iter()
            .map(|s| &text[s.bytes.start..s.bytes.end])
            .collect()
    }

    #[test]
    fn ends_at_final_punctuation() {
        assert_eq!(
            texts("Hallo wereld! Hoe gaat het? Goed. Nou… Dan maar."),
            [
                "Hallo wereld!",
                "Hoe gaat het?",
                "Goed.",
                "Nou…",
                "Dan maar."
            ]
        );
    }

    #[test]
    fn paragraph_break_is_sentence_break() {
        let text = "Eerste zin zonder punt\n\nTweede. Derde.";
        let s = segment(text);
        assert_eq!(texts(text), ["Eerste zin zonder punt", "Tweede.", "Derde."]);
        assert_eq!(s.n_paragraphs, 2);
        let paragraphs: Vec<u32> = s.sentences.iter().map(|x| x.paragraph).collect();
        assert_eq!(paragraphs, [0, 1, 1]);
        let indices: Vec<u32> = s.sentences.iter().map(|x| x.index).collect();
        assert_eq!(indices, [0, 1, 2]);
    }

    #[test]
    fn heading_and_caption_lines_are_sentences() {
        assert_eq!(
            texts("Poetin in Samarkand. Beeld AP\n\nIndia lijkt te draaien\n\nIndia wacht."),
            [
                "Poetin in Samarkand.",
                "Beeld AP",
                "India lijkt te draaien",
                "India wacht."
            ]
        );
        // A heading followed by a soft line break.
        assert_eq!(
            texts("‘Enorme economische deals’\nTrump en Poetin keken uit."),
            ["‘Enorme economische deals’", "Trump en Poetin keken uit."]
        );
    }

    #[test]
    fn soft_line_breaks_inside_a_sentence_do_not_split() {
        assert_eq!(
            texts("Dit is een\nhele lange zin\nover regels.\nAmu vertelt:\nHier zie je het."),
            [
                "Dit is een\nhele lange zin\nover regels.",
                "Amu vertelt:\nHier zie je het."
            ]
        );
    }

    #[test]
    fn no_break_after_abbreviations() {
        for text in [
            "Dat zijn o.a. bijv. d.w.z. m.a.w. ca. 30 stuks.",
            "Hij sprak met mr. Jansen en dr. De Vries.",
            "Het gaat om nr. 12 van jl. maandag.",
            "Volgens prof. Smit en ir. Bakker en drs. Visser kwam St. Maarten vs. Saba.",
            "De docent is Dhr. Paijmans, zo blijkt.",
            "Zie bijl. IV en art. 7 van de wet.",
        ] {
            assert_eq!(texts(text), [text], "{text}");
        }
    }

    #[test]
    fn plain_abbreviation_before_sentence_starter_breaks() {
        assert_eq!(
            texts("Hij kocht rijst, pasta enz. Daarna ging hij."),
            ["Hij kocht rijst, pasta enz.", "Daarna ging hij."]
        );
        // Matching is case-sensitive: `VS` is not `vs.`.
        assert_eq!(
            texts("Hij vloog naar de VS. Rusland zweeg."),
            ["Hij vloog naar de VS.", "Rusland zweeg."]
        );
    }

    #[test]
    fn initials_do_not_break() {
        assert_eq!(
            texts("EU-chef J. Borrell en George W. Bush. Zij praatten."),
            ["EU-chef J. Borrell en George W. Bush.", "Zij praatten."]
        );
        assert_eq!(
            texts("Zo zei J. De Vries het."),
            ["Zo zei J. De Vries het."]
        );
        assert_eq!(
            texts("We kiezen optie A. Daarna praten we."),
            ["We kiezen optie A.", "Daarna praten we."]
        );
    }

    #[test]
    fn numbers_with_inner_periods_do_not_break() {
        assert_eq!(
            texts("Het groeide 3.5 procent op 18.03.2025 in Kiev."),
            ["Het groeide 3.5 procent op 18.03.2025 in Kiev."]
        );
        assert_eq!(
            texts("Het begint om 14. Vandaag praten we."),
            ["Het begint om 14.", "Vandaag praten we."]
        );
        assert_eq!(
            texts("Hoofdstuk 3. Discussie volgt. Klaar."),
            ["Hoofdstuk 3. Discussie volgt.", "Klaar."]
        );
        assert_eq!(texts("1. De eerste stap."), ["1. De eerste stap."]);
    }

    #[test]
    fn ellipsis_inside_a_sentence_does_not_break() {
        assert_eq!(
            texts("Het was bijna klaar... of dat dachten we. ...en toen niet. Weg… Echt."),
            [
                "Het was bijna klaar... of dat dachten we.",
                "...en toen niet.",
                "Weg…",
                "Echt."
            ]
        );
    }

    #[test]
    fn quotation_with_final_punctuation_closes_the_sentence() {
        assert_eq!(
            texts("Hij zei: ‘We stoppen.’ Ondertussen ging het door."),
            ["Hij zei: ‘We stoppen.’", "Ondertussen ging het door."]
        );
        assert_eq!(
            texts("Ze zei: „Dit is geweldig.“ Toen ging ze. „Echt?” „Ja!”"),
            [
                "Ze zei: „Dit is geweldig.“",
                "Toen ging ze.",
                "„Echt?”",
                "„Ja!”"
            ]
        );
        assert_eq!(
            texts("\"Is het in orde?\" \"Jawel.\""),
            ["\"Is het in orde?\"", "\"Jawel.\""]
        );
    }

    #[test]
    fn reporting_clause_stays_with_its_quote() {
        for text in [
            "‘Hij moet stoppen.’, zegt een inlichtingenbron.",
            "„We hebben goede gesprekken gehad”, aldus Trump.",
            "“Dit is gevaarlijk.”, zegt Borrell.",
            "\"Wel heb je ooit!\" riep ze uit.",
            "‘Is dit oké?’ vroeg ze.",
        ] {
            assert_eq!(texts(text), [text], "{text}");
        }
    }

    #[test]
    fn quote_running_over_several_sentences_splits_inside() {
        assert_eq!(
            texts("‘We stoppen. Ondertussen wachten we.’"),
            ["‘We stoppen.", "Ondertussen wachten we.’"]
        );
    }

    #[test]
    fn clitics_and_brackets_after_a_stop() {
        assert_eq!(
            texts("Hij kwam. 's Avonds ging hij. (er waren twee zinnen.)"),
            [
                "Hij kwam.",
                "'s Avonds ging hij.",
                "(er waren twee zinnen.)"
            ]
        );
    }

    #[test]
    fn no_space_no_break_except_cjk() {
        assert_eq!(
            texts("Dat rechtvaardigt.Inclusief kernwapens. Zie www.nos.nl voor meer."),
            [
                "Dat rechtvaardigt.Inclusief kernwapens.",
                "Zie www.nos.nl voor meer."
            ]
        );
        assert_eq!(
            texts("会议在两点。Please come!"),
            ["会议在两点。", "Please come!"]
        );
    }

    #[test]
    fn detached_stop_stays_with_its_sentence() {
        assert_eq!(
            texts("Een foutje :-? . Nog een.\nZe staan garant\n. Klaar."),
            [
                "Een foutje :-? .",
                "Nog een.",
                "Ze staan garant\n.",
                "Klaar."
            ]
        );
    }

    #[test]
    fn caption_after_a_sentence_on_a_soft_line() {
        assert_eq!(
            texts("Poetin in Samarkand. Beeld AP\nIndia lijkt te draaien\nIndia wacht."),
            [
                "Poetin in Samarkand.",
                "Beeld AP",
                "India lijkt te draaien",
                "India wacht."
            ]
        );
    }

    #[test]
    fn bare_question_mark_before_lower_case_breaks() {
        assert_eq!(
            texts("Wat is SP.A ? of SP.A."),
            ["Wat is SP.A ?", "of SP.A."]
        );
    }

    #[test]
    fn never_panics_and_covers_all_text() {
        let long = "a".repeat(1 << 20);
        let inputs = [
            "",
            "...",
            "!?!?…。",
            "\"",
            "„",
            "’ ‘ ” “",
            ". . . .",
            "(((( . ))))",
            "\n\n\n",
            " \n \n x",
            "x\n \ny",
            "'s",
            "A. B. C. D.",
            long.as_str(),
        ];
        for text in inputs {
            check_invariants(text);
        }
    }

    /// Spans are trimmed, ordered, non-overlapping and cover every non-whitespace byte.
    fn check_invariants(text: &str) {
        let s = segment(text);
        let mut covered = 0;
        let mut last_end = 0;
        for (i, sentence) in s.sentences.iter().enumerate() {
            let ByteSpan { start, end } = sentence.bytes;
            assert_eq!(sentence.index as usize, i);
            assert!(start >= last_end && start < end, "{text:?}");
            let part = &text[start..end];
            assert_eq!(part, part.trim(), "{text:?}");
            assert!(text[last_end..start].trim().is_empty(), "{text:?}");
            covered += part.len();
            last_end = end;
        }
        assert!(text[last_end..].trim().is_empty(), "{text:?}");
        for sentence in &s.sentences {
            let part = sentence.text(text);
            assert!(part.lines().all(|l| !l.trim().is_empty()), "{text:?}");
        }
        assert!(covered <= text.len());
        let n_para = s.sentences.last().map_or(0, |x| x.paragraph + 1);
        assert_eq!(n_para, s.n_paragraphs, "{text:?}");
    }

    proptest::proptest! {
        #[test]
        fn invariants_hold_on_tricky_text(
            text in "[aAbZé0-9 .!?…,;:'\"„“”‘’()\\[\\]/\n。-]{0,120}"
        ) {
            check_invariants(&text);
        }

        #[test]
        fn invariants_hold_on_any_text(text in "\\PC{0,80}") {
            check_invariants(&text);
        }
    }

    #[test]
    fn lexicon_rows_all_parse() {
        let lex = lexicon();
        let abbrev_rows = rows(LEXICON_FILES[0].contents).count();
        let originals = lex.abbreviations.values().filter(|(_, v)| !v).count();
        assert_eq!(originals, abbrev_rows);
        assert_eq!(lex.starters.len(), rows(LEXICON_FILES[1].contents).count());
        assert!(LEXICON_FILES[0]
            .contents
            .starts_with("abbreviation\tkind\n"));
        assert!(LEXICON_FILES[1]
            .contents
            .starts_with("word\tname_particle\n"));
        assert_eq!(lex.starter("Daarna"), Some(false));
        assert_eq!(lex.starter("De"), Some(true));
        assert_eq!(lex.starter("Borrell"), None);
    }
}
