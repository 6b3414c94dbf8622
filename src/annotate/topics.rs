//! Layer `topic`: sentence topics from a cue lexicon (codebook section 4).
//!
//! # Data files
//!
//! `schema/topics.csv` lists the topic codes, one a row:
//! `code,label,definition,iptc_code,iptc_label,threshold`. `definition` is the codebook's
//! "the sentence is about" column, `iptc_code`/`iptc_label` the nearest IPTC Media Topic and
//! `threshold` the summed cue weight a sentence needs before it gets the topic.
//!
//! `schema/topic_cues.csv` lists the cues, one a row:
//! `id,topic,cue,mode,weight,requires,excludes,note`.
//!
//! * `id` is stable (`ceasefire_01`) and is what the `rule` column cites, as
//!   `cue:schema/topic_cues.csv#ID@HASH` with `HASH` the first 8 hex digits of the sha256
//!   of the row's line (so an edited row keeps its id but changes its hash); the cues that
//!   fired together are joined with `+`.
//! * `cue` is a Dutch word, stem or phrase; `|` separates alternatives.
//! * `mode` says how the cue matches a word (case and diacritics are ignored):
//!   - `word`: the whole word. A single form also matches with the endings
//!     `-e`, `-en`, `-n`, `-s`, and in its plural where that changes the spelling
//!     (`prijs` → `prijzen`, `proef` → `proeven`, `crisis` → `crises`); when alternatives
//!     are listed, exactly those forms match.
//!   - `stem` (`sanctie*`): any word that starts with the cue, so closed compounds whose
//!     modifier is the cue match too (`sanctieregime`); a stem written in the singular
//!     also matches such a changed plural (`gasprijs*` matches `gasprijzen`).
//!   - `head` (`*akkoord`): any word that ends with the cue, i.e. compounds whose head is the
//!     cue (`vredesakkoord`); a single form also takes the `word` endings.
//!   - `phrase`: several words in a row (`op de top`); hyphens separate words, so
//!     `staakt-het-vuren` matches both the hyphenated and the spaced spelling. A word of the
//!     phrase that ends in `*` matches as a stem.
//!
//!   A `word` or `head` cue whose form contains a hyphen or space is read as a phrase.
//! * `weight`: what the cue adds to its topic's sum in one sentence (each cue counts once).
//! * `requires`: `|`-separated patterns of which at least one must occur in the same
//!   sentence for the cue to count. A pattern is `stem*`, `*head`, a multi-word phrase, or a
//!   word (with the simple endings).
//! * `excludes`: `|`-separated patterns in the same syntax; any one of them occurring in the
//!   sentence cancels the cue (`gas geven` is no energy).
//! * `note`: why the cue is there or how it overlaps another topic.
//!
//! # Decision
//!
//! A sentence gets a topic when the weights of the distinct cues of that topic that fired in
//! it reach the topic's threshold; several topics may apply, and a sentence without cues gets
//! none. Cues of one topic that match the same word add up: a compound row on top of its
//! stem row (`*vredesakkoord` and `vrede*`) makes the compound stronger evidence.
//! The annotation's span is the earliest cue; its `rule` lists every cue that fired, in text
//! order, and [`TopicDecision::spans`] holds the span of each.
//!
//! **Context** (weak evidence from neighbours, [`CONTEXT_FACTOR`]): a sentence whose own
//! cues of a topic weigh something but stay below the threshold still gets the topic when
//! the sentence before or after it *in the same paragraph* reaches at least
//! `CONTEXT_FACTOR` times the threshold from its own cues, and the sentence has no topic of
//! its own (a sentence with its own topic is about that; `nucleaire escalatie` is no
//! fighting). Such an annotation is kept apart by its `rule`:
//! `context:schema/topic_cues.csv#OWN@HASH+…+NEIGHBOUR@HASH+…`, the sentence's own weak cues
//! first (the span is the first of them), then the neighbour's cues of the topic. A
//! sentence with no cue of the topic never gets it from context, so a heading, too, gets a
//! topic only when its own words hold a cue of it (codebook section 4).

use rustc_hash::FxHashMap;

use anyhow::{bail, Context};

use super::fold::{fold, fold_char};
use super::trie::ByteTrie;
use super::{Annotator, LexiconFile};
use crate::model::{Annotation, ByteSpan, Detail, Document, Layer, Sentence, TopicDetail};

const TOPICS_PATH: &str = "schema/topics.csv";
const CUES_PATH: &str = "schema/topic_cues.csv";

/// Lexicon files this annotator reads.
pub const LEXICON_FILES: &[LexiconFile] = &[
    LexiconFile {
        path: TOPICS_PATH,
        contents: include_str!("../../schema/topics.csv"),
    },
    LexiconFile {
        path: CUES_PATH,
        contents: include_str!("../../schema/topic_cues.csv"),
    },
];

/// Endings a single-form `word` or `head` cue also takes.
const ENDINGS: &[&str] = &["", "e", "en", "n", "s"];

/// A sentence whose own cues of a topic fall short of the threshold still gets the topic
/// when a neighbouring sentence of the same paragraph has cues of it weighing at least this
/// many times the threshold (a `context:` decision).
pub const CONTEXT_FACTOR: f64 = 2.0;

/// Slack for comparing summed weights with a threshold.
const EPSILON: f64 = 1e-9;

/// One topic code of codebook section 4.
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    /// Code written in the `label` column (`ceasefire_peace`).
    pub code: String,
    /// Short human-readable name.
    pub label: String,
    /// What a sentence with this topic is about.
    pub definition: String,
    /// Nearest IPTC Media Topic code.
    pub iptc_code: String,
    /// Name of that IPTC Media Topic.
    pub iptc_label: String,
    /// Summed cue weight a sentence needs for this topic.
    pub threshold: f64,
}

/// How a cue matches words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchMode {
    /// The whole word (with simple endings when one form is given).
    Word,
    /// Words starting with the cue.
    Stem,
    /// Words ending with the cue (compound heads).
    Head,
    /// Consecutive words.
    Phrase,
}

impl MatchMode {
    fn parse(s: &str) -> anyhow::Result<Self> {
        Ok(match s {
            "word" => MatchMode::Word,
            "stem" => MatchMode::Stem,
            "head" => MatchMode::Head,
            "phrase" => MatchMode::Phrase,
            other => bail!("unknown match mode {other:?}"),
        })
    }
}

/// One row of the cue lexicon.
#[derive(Debug, Clone)]
pub struct Cue {
    /// Stable id (`ceasefire_01`).
    pub id: String,
    /// Index into [`TopicCoder::topics`].
    pub topic: usize,
    /// The cue as written in the lexicon.
    pub cue: String,
    /// How it matches.
    pub mode: MatchMode,
    /// What it adds to its topic's sum.
    pub weight: f64,
    /// Why it is there.
    pub note: String,
    /// First 8 hex digits of the sha256 of the cue's lexicon line, cited in `rule` so a
    /// later diff can tell an edited row (same id, new hash) from a new one.
    pub row_hash: String,
    patterns: Vec<Pattern>,
    requires: Vec<Pattern>,
    excludes: Vec<Pattern>,
}

impl Cue {
    /// Whether the cue has a `requires` condition.
    pub fn has_requires(&self) -> bool {
        !self.requires.is_empty()
    }

    /// Whether the cue has an `excludes` condition.
    pub fn has_excludes(&self) -> bool {
        !self.excludes.is_empty()
    }

    /// The cue's match forms, folded, for comparing cue strings across topics.
    pub fn forms(&self) -> Vec<String> {
        self.patterns
            .iter()
            .flat_map(Pattern::sample_forms)
            .collect()
    }

    /// A text the cue itself matches (its first form).
    pub fn sample(&self) -> String {
        self.patterns
            .first()
            .map(Pattern::sample)
            .unwrap_or_default()
    }

    /// A text for each of its `requires` alternatives.
    pub fn requires_samples(&self) -> Vec<String> {
        self.requires.iter().map(Pattern::sample).collect()
    }

    /// A text for each of its `excludes` alternatives.
    pub fn excludes_samples(&self) -> Vec<String> {
        self.excludes.iter().map(Pattern::sample).collect()
    }
}

/// One word of a phrase pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PhraseWord {
    text: String,
    prefix: bool,
}

impl PhraseWord {
    fn matches(&self, token: &str) -> bool {
        if self.prefix {
            token.starts_with(&self.text)
        } else {
            token == self.text
        }
    }
}

/// A compiled match pattern over folded word tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pattern {
    /// Any of these exact forms.
    Word(Vec<String>),
    /// Words starting with this.
    Stem(String),
    /// Words ending with any of these forms.
    Head(Vec<String>),
    /// Consecutive words.
    Phrase(Vec<PhraseWord>),
}

impl Pattern {
    /// Number of tokens matched when the pattern matches at `tokens[i]`.
    #[cfg(test)]
    fn matches_at(&self, tokens: &Tokens, i: usize) -> Option<usize> {
        let first = tokens.norm(i)?;
        let hit = match self {
            Pattern::Word(forms) => forms.iter().any(|f| f == first),
            Pattern::Stem(stem) => first.starts_with(stem.as_str()),
            Pattern::Head(forms) => forms.iter().any(|f| first.ends_with(f.as_str())),
            Pattern::Phrase(words) => {
                let hit = words
                    .iter()
                    .enumerate()
                    .all(|(k, w)| tokens.norm(i + k).is_some_and(|t| w.matches(t)));
                return hit.then_some(words.len());
            }
        };
        hit.then_some(1)
    }

    /// [`Pattern::matches_at`] at a token the index found the pattern by, whose first word
    /// is then known to match: only a phrase's later words are left to check.
    fn matches_after_key(&self, tokens: &Tokens, i: usize) -> Option<usize> {
        match self {
            Pattern::Phrase(words) => {
                let rest = words
                    .iter()
                    .enumerate()
                    .skip(1)
                    .all(|(k, w)| tokens.norm(i + k).is_some_and(|t| w.matches(t)));
                rest.then_some(words.len())
            }
            _ => Some(1),
        }
    }

    /// Whether the pattern matches anywhere in `tokens`.
    #[cfg(test)]
    fn occurs_in(&self, tokens: &Tokens) -> bool {
        (0..tokens.len()).any(|i| self.matches_at(tokens, i).is_some())
    }

    /// Index keys: which lookup finds the pattern from the first token.
    fn keys(&self) -> Vec<(KeyKind, String)> {
        match self {
            Pattern::Word(forms) => forms.iter().map(|f| (KeyKind::Exact, f.clone())).collect(),
            Pattern::Stem(stem) => vec![(KeyKind::Prefix, stem.clone())],
            Pattern::Head(forms) => forms.iter().map(|f| (KeyKind::Suffix, f.clone())).collect(),
            Pattern::Phrase(words) => words
                .first()
                .map(|w| {
                    let kind = if w.prefix {
                        KeyKind::Prefix
                    } else {
                        KeyKind::Exact
                    };
                    vec![(kind, w.text.clone())]
                })
                .unwrap_or_default(),
        }
    }

    /// A text that this pattern matches.
    fn sample(&self) -> String {
        match self {
            Pattern::Word(forms) | Pattern::Head(forms) => {
                forms.first().cloned().unwrap_or_default()
            }
            Pattern::Stem(stem) => stem.clone(),
            Pattern::Phrase(words) => words
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        }
    }

    /// The base forms, without generated endings, for overlap checks.
    fn sample_forms(&self) -> Vec<String> {
        match self {
            Pattern::Word(forms) | Pattern::Head(forms) => forms.clone(),
            _ => vec![self.sample()],
        }
    }
}

/// What an index key leads to: a cue's pattern to verify, or a condition pattern (a
/// `requires` or `excludes` alternative) whose presence in the sentence is noted. Both are
/// found in the same walk over the sentence's words, so conditions cost no second scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// Pattern `.1` of cue `.0` (indices into [`TopicCoder::cues`] and its patterns).
    Cue(usize, usize),
    /// Index into [`TopicCoder::conditions`].
    Condition(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum KeyKind {
    // The discriminants index `TopicCoder::index`.
    Exact,
    Prefix,
    Suffix,
}

/// A word of a sentence: its byte range in the document and where its folded form lies
/// in [`Tokens::buf`].
#[derive(Debug, Clone)]
struct Token {
    start: usize,
    end: usize,
    norm: std::ops::Range<usize>,
}

/// The words of one sentence. Reused from sentence to sentence, so that coding a sentence
/// allocates nothing once the buffers have grown: the folded forms share one string.
#[derive(Debug, Default)]
struct Tokens {
    buf: String,
    list: Vec<Token>,
}

impl Tokens {
    /// Splits `text` into runs of letters and digits; offsets are shifted by `base`.
    ///
    /// `buf` starts with the whole text lower-cased in one go, which is the folded form of
    /// every word without a non-ASCII character (most words): such a word's form is its
    /// own range there. Only the other words are folded one by one, after the text. Byte
    /// by byte: an ASCII byte is its own character, so only the other characters are
    /// decoded.
    fn fill(&mut self, text: &str, base: usize) {
        let Tokens { buf, list } = self;
        buf.clear();
        list.clear();
        buf.push_str(text);
        buf.make_ascii_lowercase();
        let mut i = 0;
        while i < text.len() {
            let (alphanumeric, len) = char_class(text, i);
            if !alphanumeric {
                i += len;
                continue;
            }
            let (start, mut ascii) = (i, len == 1);
            i += len;
            loop {
                match text.as_bytes().get(i) {
                    // The common case on its own: an ASCII letter or digit.
                    Some(&b) if b < 128 => {
                        if !b.is_ascii_alphanumeric() {
                            break;
                        }
                        i += 1;
                    }
                    Some(_) => {
                        let (alphanumeric, len) = char_class(text, i);
                        if !alphanumeric {
                            break;
                        }
                        ascii = false;
                        i += len;
                    }
                    None => break,
                }
            }
            let norm = if ascii {
                start..i
            } else {
                let from = buf.len();
                fold_word(&text[start..i], buf);
                from..buf.len()
            };
            list.push(Token {
                start: base + start,
                end: base + i,
                norm,
            });
        }
    }

    /// [`Tokens::fill`] as it was written first, character by character: the reference
    /// the byte loop is tested against.
    #[cfg(test)]
    fn fill_chars(&mut self, text: &str, base: usize) {
        self.buf.clear();
        self.list.clear();
        let mut start = None;
        for (i, c) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    self.push(&text[s..i], base + s, base + i);
                    start = None;
                }
                _ => {}
            }
        }
    }

    /// Appends one word, folded as [`fold`] does.
    #[cfg(test)]
    fn push(&mut self, word: &str, start: usize, end: usize) {
        let from = self.buf.len();
        fold_word(word, &mut self.buf);
        self.list.push(Token {
            start,
            end,
            norm: from..self.buf.len(),
        });
    }

    fn len(&self) -> usize {
        self.list.len()
    }

    /// The folded form of word `i`.
    fn norm(&self, i: usize) -> Option<&str> {
        self.list.get(i).and_then(|t| self.buf.get(t.norm.clone()))
    }
}

/// Appends the folded form of `word` (a run of letters and digits) to `buf`, as [`fold`]
/// does.
fn fold_word(word: &str, buf: &mut String) {
    for c in word.chars() {
        if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else {
            fold_char(c, buf);
        }
    }
}

/// Whether the character at byte `i` of `text` is a letter or digit, and its length in
/// bytes; past the end, no letter. `i` is a character boundary.
#[inline]
fn char_class(text: &str, i: usize) -> (bool, usize) {
    match text.as_bytes().get(i) {
        Some(&b) if b < 128 => (b.is_ascii_alphanumeric(), 1),
        Some(_) => text
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
        None => (false, 1),
    }
}

/// Buffers one coder call reuses across sentences.
#[derive(Debug, Default)]
struct Scratch {
    tokens: Tokens,
    hits: Vec<CueHit>,
    /// Per cue: already hit in this sentence (reset after each sentence).
    seen: Vec<bool>,
    /// Per condition pattern: occurs in this sentence (reset before each sentence).
    present: Vec<bool>,
    /// The candidates of one token.
    candidates: Vec<Target>,
}

/// Splits a lexicon pattern into folded words, keeping `*` marks.
fn pattern_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '*'))
        .filter(|w| !w.is_empty())
        .map(fold)
        .collect()
}

fn phrase(words: &[String]) -> Pattern {
    Pattern::Phrase(
        words
            .iter()
            .map(|w| PhraseWord {
                text: w.trim_matches('*').to_string(),
                prefix: w.ends_with('*'),
            })
            .collect(),
    )
}

/// The forms a single-form `word` or `head` cue matches: its endings, and its plural when
/// the plural changes the spelling ([`changed_plural`]).
fn with_endings(form: &str) -> Vec<String> {
    let mut forms: Vec<String> = ENDINGS.iter().map(|e| format!("{form}{e}")).collect();
    forms.extend(changed_plural(form));
    forms
}

/// The patterns of a `stem*`: the stem, and its plural when the plural changes the
/// spelling (`gasprijs*` also matches `gasprijzen`, `kernproef*` `kernproeven`), since
/// the lexicon's stems are written in the singular.
fn stem_patterns(stem: &str) -> impl Iterator<Item = Pattern> {
    std::iter::once(stem.to_string())
        .chain(changed_plural(stem))
        .map(Pattern::Stem)
}

/// The Dutch plural in `-en` of a noun whose plural is not the noun plus an ending
/// (folded form in, folded form out), or `None` when the plural only adds one:
/// - a final `f` voices to `v` (`proef` → `proeven`, `graf` → `graven`), and so does a
///   final `s` unless a short vowel stands before it (`prijs` → `prijzen`, `grens` →
///   `grenzen`; but `gas` → `gassen`, which the stem and the endings match already);
/// - a doubled vowel before it, which the open syllable makes single, loses one letter
///   (`kaas` → `kazen`);
/// - the Greek `-isis` becomes `-ises` (`crisis` → `crises`).
///
/// Nouns whose `s` stays (`mens` → `mensen`) get a voiced form too (`menzen`); it is not
/// a Dutch word, so it matches nothing.
fn changed_plural(form: &str) -> Option<String> {
    if let Some(base) = form.strip_suffix("isis") {
        return Some(format!("{base}ises"));
    }
    let is_vowel = |b: &u8| b"aeiou".contains(b);
    let body = &form[..form.len().checked_sub(1)?];
    let voiced = match (form.as_bytes().last()?, body.as_bytes()) {
        (b's', [.., before, vowel]) if is_vowel(vowel) && !is_vowel(before) => return None,
        (b's', _) => 'z',
        (b'f', _) => 'v',
        _ => return None,
    };
    let body = match body.as_bytes() {
        [.., a, b] if a == b && is_vowel(a) => &body[..body.len() - 1],
        _ => body,
    };
    // Too short to be a noun of the lexicon (`is`, `af`).
    (body.chars().count() >= 2).then(|| format!("{body}{voiced}en"))
}

/// Compiles the `cue` column under `mode`.
fn cue_patterns(cue: &str, mode: MatchMode) -> anyhow::Result<Vec<Pattern>> {
    let alternatives: Vec<Vec<String>> = cue
        .split('|')
        .map(pattern_words)
        .filter(|w| !w.is_empty())
        .collect();
    let wordless = |alt: &Vec<String>| alt.iter().any(|w| w.trim_matches('*').is_empty());
    if alternatives.is_empty() || alternatives.iter().any(wordless) {
        bail!("cue {cue:?} has an alternative without a word");
    }
    let single = alternatives.len() == 1;
    let mut words = Vec::new();
    let mut patterns = Vec::new();
    for alt in &alternatives {
        if mode == MatchMode::Phrase || alt.len() > 1 {
            patterns.push(phrase(alt));
            continue;
        }
        let w = alt[0].trim_matches('*').to_string();
        match mode {
            MatchMode::Stem => patterns.extend(stem_patterns(&w)),
            _ if single => words.extend(with_endings(&w)),
            _ => words.push(w),
        }
    }
    if !words.is_empty() {
        patterns.insert(
            0,
            match mode {
                MatchMode::Head => Pattern::Head(words),
                _ => Pattern::Word(words),
            },
        );
    }
    Ok(patterns)
}

/// Compiles a `requires` or `excludes` column. An alternative without a letter or digit
/// is an error: dropping it would silently turn a requirement into none.
fn condition_patterns(column: &str) -> anyhow::Result<Vec<Pattern>> {
    if column.trim().is_empty() {
        return Ok(Vec::new());
    }
    let mut patterns = Vec::new();
    for alt in column.split('|').map(str::trim) {
        let words = pattern_words(alt);
        if words.is_empty() || words.iter().any(|w| w.trim_matches('*').is_empty()) {
            bail!("condition {alt:?} has no word");
        }
        if words.len() > 1 {
            patterns.push(phrase(&words));
        } else if alt.starts_with('*') {
            patterns.push(Pattern::Head(with_endings(words[0].trim_matches('*'))));
        } else if alt.ends_with('*') {
            patterns.extend(stem_patterns(words[0].trim_matches('*')));
        } else {
            patterns.push(Pattern::Word(with_endings(&words[0])));
        }
    }
    Ok(patterns)
}

#[derive(Debug, serde::Deserialize)]
struct TopicRow {
    code: String,
    label: String,
    definition: String,
    iptc_code: String,
    iptc_label: String,
    threshold: f64,
}

#[derive(Debug, serde::Deserialize)]
struct CueRow {
    id: String,
    topic: String,
    cue: String,
    mode: String,
    weight: f64,
    requires: String,
    excludes: String,
    note: String,
}

fn parse_topics(csv_text: &str) -> anyhow::Result<Vec<Topic>> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    reader
        .deserialize::<TopicRow>()
        .enumerate()
        .map(|(i, row)| {
            let row = row.with_context(|| format!("{TOPICS_PATH} row {}", i + 2))?;
            Ok(Topic {
                code: row.code,
                label: row.label,
                definition: row.definition,
                iptc_code: row.iptc_code,
                iptc_label: row.iptc_label,
                threshold: row.threshold,
            })
        })
        .collect()
}

fn parse_cue(row: CueRow, topics: &[Topic]) -> anyhow::Result<Cue> {
    let topic = topics
        .iter()
        .position(|t| t.code == row.topic)
        .with_context(|| format!("unknown topic {:?}", row.topic))?;
    let mode = MatchMode::parse(&row.mode)?;
    Ok(Cue {
        patterns: cue_patterns(&row.cue, mode)?,
        requires: condition_patterns(&row.requires).context("requires")?,
        excludes: condition_patterns(&row.excludes).context("excludes")?,
        id: row.id,
        topic,
        cue: row.cue,
        mode,
        weight: row.weight,
        note: row.note,
        row_hash: String::new(),
    })
}

fn parse_cues(csv_text: &str, topics: &[Topic]) -> anyhow::Result<Vec<Cue>> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    reader
        .deserialize::<CueRow>()
        .enumerate()
        .map(|(i, row)| {
            let ctx = || format!("{CUES_PATH} row {}", i + 2);
            let mut cue = parse_cue(row.with_context(ctx)?, topics).with_context(ctx)?;
            // Rows hold no quoted line breaks (checked by a test), so row i is line i + 1.
            let line = csv_text.lines().nth(i + 1).unwrap_or_default();
            cue.row_hash = crate::ingest::sha256_hex(line.trim_end_matches('\r').as_bytes())
                .chars()
                .take(8)
                .collect();
            Ok(cue)
        })
        .collect()
}

/// Where a cue matched in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CueHit {
    cue: usize,
    span: ByteSpan,
}

/// Adds every shorter prefix (stems) or suffix (heads) of `key` to `map` with no entries,
/// so that a lookup that finds nothing proves no longer prefix (suffix) is a key either.
fn close_key(map: &mut FxHashMap<String, Vec<Target>>, kind: KeyKind, key: &str) {
    let cuts: Vec<usize> = key.char_indices().map(|(b, _)| b).skip(1).collect();
    for b in cuts {
        let part = match kind {
            KeyKind::Prefix => &key[..b],
            KeyKind::Suffix => &key[b..],
            KeyKind::Exact => return,
        };
        map.entry(part.to_string()).or_default();
    }
}

/// The stem (prefix) or head (suffix) keys of an index as a trie, so that walking a
/// token's prefixes or suffixes costs one table step per byte instead of one hash lookup
/// per cut. Each key's node holds a range of `targets`: its targets, in index order, all
/// in one array (a node without targets costs one comparison, not a list to visit).
#[derive(Debug)]
struct KeyTrie {
    trie: ByteTrie<(u32, u32)>,
    targets: Vec<Target>,
}

impl KeyTrie {
    /// The keys of `index`; suffix keys are stored reversed (`reversed`).
    fn new(index: &FxHashMap<String, Vec<Target>>, reversed: bool) -> Self {
        let keys: Vec<Vec<u8>> = index
            .keys()
            .map(|key| {
                let mut bytes = key.as_bytes().to_vec();
                if reversed {
                    bytes.reverse();
                }
                bytes
            })
            .collect();
        let mut trie: ByteTrie<(u32, u32)> = ByteTrie::new(&keys);
        let mut targets = Vec::new();
        for (key, entries) in keys.iter().zip(index.values()) {
            if let Some(range) = trie.node(key).and_then(|n| trie.value_mut(n)) {
                // A lexicon holds far fewer than 2^32 targets.
                let start = targets.len() as u32;
                targets.extend_from_slice(entries);
                *range = (start, targets.len() as u32);
            }
        }
        KeyTrie { trie, targets }
    }

    /// The child of `node` along `byte`.
    #[inline]
    fn child(&self, node: usize, byte: u8) -> Option<usize> {
        self.trie.child(node, byte)
    }

    /// The targets of the key that ends at `node` (none if no key does).
    #[inline]
    fn targets(&self, node: usize) -> &[Target] {
        match self.trie.value(node) {
            Some(&(start, end)) if start < end => self
                .targets
                .get(start as usize..end as usize)
                .unwrap_or_default(),
            _ => &[],
        }
    }
}

/// A cue's `requires` and `excludes` alternatives, as indices into
/// [`TopicCoder::conditions`].
#[derive(Debug, Clone, Default)]
struct CueConditions {
    requires: Vec<usize>,
    excludes: Vec<usize>,
}

impl CueConditions {
    /// Whether the conditions hold in a sentence in which `present` says which condition
    /// patterns occur.
    fn hold(&self, present: &[bool]) -> bool {
        (self.requires.is_empty() || self.requires.iter().any(|&k| present[k]))
            && !self.excludes.iter().any(|&k| present[k])
    }
}

/// The distinct `requires` and `excludes` patterns of `cues` (many cues share some, such
/// as `oorlog*`), and per cue the indices of its own into them.
fn distinct_conditions(cues: &[Cue]) -> (Vec<Pattern>, Vec<CueConditions>) {
    let mut distinct: Vec<Pattern> = Vec::new();
    let mut ids = |patterns: &[Pattern]| -> Vec<usize> {
        patterns
            .iter()
            .map(|p| {
                distinct.iter().position(|d| d == p).unwrap_or_else(|| {
                    distinct.push(p.clone());
                    distinct.len() - 1
                })
            })
            .collect()
    };
    let per_cue = cues
        .iter()
        .map(|cue| CueConditions {
            requires: ids(&cue.requires),
            excludes: ids(&cue.excludes),
        })
        .collect();
    (distinct, per_cue)
}

/// One topic decision for one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicDecision {
    /// Index into [`TopicCoder::topics`].
    pub topic: usize,
    /// The earliest cue that fired, as a byte span of the text that was coded.
    pub span: ByteSpan,
    /// Indices into [`TopicCoder::cues`] of the cues that fired, in text order.
    pub cues: Vec<usize>,
    /// The span of each of those cues, in the same order.
    pub spans: Vec<ByteSpan>,
    /// Their summed weight.
    pub score: f64,
    /// For a context decision: the neighbouring sentence that carries the topic.
    pub context: Option<ContextSupport>,
}

/// The scored topics of a document's sentences, in one list.
#[derive(Debug, Default)]
struct Scored {
    /// Every sentence's scored topics ([`TopicCoder::score`]), sentence after sentence.
    decisions: Vec<TopicDecision>,
    /// Per sentence: where its scored topics end in `decisions`.
    ends: Vec<usize>,
}

impl Scored {
    /// The scored topics of sentence `i` (none past the last sentence).
    fn sentence(&self, i: usize) -> &[TopicDecision] {
        let start = i.checked_sub(1).and_then(|p| self.ends.get(p)).copied();
        match self.ends.get(i) {
            Some(&end) => self
                .decisions
                .get(start.unwrap_or(0)..end)
                .unwrap_or_default(),
            None => &[],
        }
    }
}

/// What becomes of one scored topic of a sentence.
#[derive(Debug)]
enum Outcome {
    /// The sentence's own cues reach the threshold.
    Own,
    /// A context decision, leaning on this neighbour.
    Context(ContextSupport),
    /// No annotation.
    Dropped,
}

/// The neighbouring sentence a context decision leans on.
#[derive(Debug, Clone, PartialEq)]
pub struct ContextSupport {
    /// The neighbour's [`Sentence::index`].
    pub sentence: u32,
    /// Its cues of the topic (indices into [`TopicCoder::cues`]), in text order.
    pub cues: Vec<usize>,
    /// Their spans, in the same order.
    pub spans: Vec<ByteSpan>,
}

impl TopicDecision {
    /// The spans of every cue the decision's rule names, in the rule's order: the
    /// sentence's own cues, then a context neighbour's.
    pub fn cue_spans(&self) -> Vec<ByteSpan> {
        let theirs = self.context.iter().flat_map(|c| &c.spans);
        self.spans.iter().chain(theirs).copied().collect()
    }
}

/// A gate in front of the whole-word lookup: which lengths the keys starting with each
/// byte have, and which the keys ending with each byte have. Most words of a sentence
/// (`de`, `het`, `van`) fail it and cost no hash lookup.
#[derive(Debug)]
struct WordGate {
    /// Per first byte: bit `n` set when a key of `n` bytes starts with it (bit 63: longer).
    first: [u64; 256],
    /// Per last byte: the same for the keys ending with it.
    last: [u64; 256],
}

impl WordGate {
    fn new<'a>(keys: impl Iterator<Item = &'a String>) -> Self {
        let mut gate = WordGate {
            first: [0; 256],
            last: [0; 256],
        };
        for key in keys {
            let (Some(&first), Some(&last)) = (key.as_bytes().first(), key.as_bytes().last())
            else {
                continue;
            };
            gate.first[usize::from(first)] |= Self::length_bit(key);
            gate.last[usize::from(last)] |= Self::length_bit(key);
        }
        gate
    }

    fn length_bit(word: &str) -> u64 {
        1 << word.len().min(63)
    }

    /// Whether `word` may be a key: false only when none is.
    #[inline]
    fn admits(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
            return false;
        };
        self.first[usize::from(first)] & self.last[usize::from(last)] & Self::length_bit(word) != 0
    }
}

/// Codes sentence topics from the cue lexicon. Build it once and reuse it.
pub struct TopicCoder {
    topics: Vec<Topic>,
    cues: Vec<Cue>,
    /// The distinct `requires` and `excludes` patterns of all cues.
    conditions: Vec<Pattern>,
    /// Per cue: its conditions as indices into `conditions`.
    cue_conditions: Vec<CueConditions>,
    /// Per [`KeyKind`]: key → targets to verify.
    index: [FxHashMap<String, Vec<Target>>; 3],
    /// Which words may be whole-word keys of `index`.
    word_gate: WordGate,
    /// The longest key, for [`TopicCoder::candidates_by_lookup`].
    #[cfg(test)]
    max_key: usize,
    /// The prefix keys of `index` as a trie (what the candidate walk reads).
    prefixes: KeyTrie,
    /// The suffix keys of `index`, reversed, as a trie.
    suffixes: KeyTrie,
    /// Per cue: `ID@HASH`, as [`TopicCoder::rule`] cites it.
    citations: Vec<String>,
}

impl TopicCoder {
    /// Builds the coder from the compiled-in lexicon files.
    pub fn new() -> anyhow::Result<Self> {
        Self::from_csv(LEXICON_FILES[0].contents, LEXICON_FILES[1].contents)
    }

    /// Builds the coder from the texts of `topics.csv` and `topic_cues.csv`.
    pub fn from_csv(topics_csv: &str, cues_csv: &str) -> anyhow::Result<Self> {
        let topics = parse_topics(topics_csv)?;
        let cues = parse_cues(cues_csv, &topics)?;
        let (conditions, cue_conditions) = distinct_conditions(&cues);
        let mut index: [FxHashMap<String, Vec<Target>>; 3] = Default::default();
        let cue_patterns = cues.iter().enumerate().flat_map(|(c, cue)| {
            let targets = (0..cue.patterns.len()).map(move |p| Target::Cue(c, p));
            cue.patterns.iter().zip(targets)
        });
        // Cue patterns first, so each key lists its cues' patterns in lexicon order.
        let condition_patterns = conditions
            .iter()
            .zip((0..conditions.len()).map(Target::Condition));
        for (pattern, target) in cue_patterns.chain(condition_patterns) {
            for (kind, key) in pattern.keys() {
                close_key(&mut index[kind as usize], kind, &key);
                let entry = index[kind as usize].entry(key).or_default();
                if !entry.contains(&target) {
                    entry.push(target);
                }
            }
        }
        #[cfg(test)]
        let max_key = index
            .iter()
            .flat_map(|m| m.keys().map(String::len))
            .max()
            .unwrap_or(0);
        let word_gate = WordGate::new(index[KeyKind::Exact as usize].keys());
        let prefixes = KeyTrie::new(&index[KeyKind::Prefix as usize], false);
        let suffixes = KeyTrie::new(&index[KeyKind::Suffix as usize], true);
        let citations = cues
            .iter()
            .map(|c| format!("{}@{}", c.id, c.row_hash))
            .collect();
        Ok(TopicCoder {
            topics,
            cues,
            conditions,
            cue_conditions,
            index,
            word_gate,
            #[cfg(test)]
            max_key,
            prefixes,
            suffixes,
            citations,
        })
    }

    /// The topic codes, in lexicon order.
    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    /// The cues, in lexicon order.
    pub fn cues(&self) -> &[Cue] {
        &self.cues
    }

    /// The `rule` value for a set of fired cues:
    /// `cue:schema/topic_cues.csv#ID@HASH+ID@HASH`, `HASH` being [`Cue::row_hash`].
    pub fn rule(&self, cues: &[usize]) -> String {
        self.rule_with("cue:", cues, &[])
    }

    /// `PREFIX` `schema/topic_cues.csv#` and the citations of `cues`, then of `more`,
    /// joined with `+`: built in one string (a rule is written for every annotation).
    fn rule_with(&self, prefix: &str, cues: &[usize], more: &[usize]) -> String {
        let mut rule = String::with_capacity(prefix.len() + CUES_PATH.len() + 1 + 24 * cues.len());
        rule.push_str(prefix);
        rule.push_str(CUES_PATH);
        rule.push('#');
        for (k, &c) in cues.iter().chain(more).enumerate() {
            if k > 0 {
                rule.push('+');
            }
            rule.push_str(&self.citations[c]);
        }
        rule
    }

    /// Appends to `found` every target whose index key fits `token`: the whole token, its
    /// prefixes (stems) and its suffixes (compound heads). (Collected rather than handed
    /// to a callback: the caller's one loop over them is compiled inline.)
    fn candidates(&self, token: &str, found: &mut Vec<Target>) {
        let words = &self.index[KeyKind::Exact as usize];
        if let Some(entries) = self
            .word_gate
            .admits(token)
            .then(|| words.get(token))
            .flatten()
        {
            found.extend_from_slice(entries);
        }
        // Shortest prefix first (a phrase's span depends on which of its cue's patterns is
        // tried first); the trie holds every prefix of a stem key, so a miss ends the walk.
        // Only nodes of whole keys hold targets, and a key ends on a character boundary of
        // any token it is a prefix of, so no boundary check is needed.
        let bytes = token.as_bytes();
        let mut node = ByteTrie::<()>::ROOT;
        for &b in bytes {
            let Some(next) = self.prefixes.child(node, b) else {
                break;
            };
            node = next;
            found.extend_from_slice(self.prefixes.targets(node));
        }
        // Heads match one word, so their order does not matter: shortest suffix first.
        let mut node = ByteTrie::<()>::ROOT;
        for &b in bytes.iter().rev() {
            let Some(next) = self.suffixes.child(node, b) else {
                break;
            };
            node = next;
            found.extend_from_slice(self.suffixes.targets(node));
        }
    }

    /// [`TopicCoder::candidates`] as it was written first, with one hash lookup
    /// per prefix and suffix: the reference the trie walk is tested against.
    #[cfg(test)]
    fn candidates_by_lookup(&self, token: &str, mut found: impl FnMut(Target)) {
        // Whether `key` is in the index (as a key or a prefix/suffix of one).
        let mut visit = |kind: KeyKind, key: &str| match self.index[kind as usize].get(key) {
            Some(entries) => {
                entries.iter().copied().for_each(&mut found);
                true
            }
            None => false,
        };
        visit(KeyKind::Exact, token);
        let ends = token
            .char_indices()
            .skip(1)
            .map(|(b, _)| b)
            .chain(std::iter::once(token.len()));
        for b in ends.take_while(|&b| b <= self.max_key) {
            if !visit(KeyKind::Prefix, &token[..b]) {
                break;
            }
        }
        for (b, _) in token.char_indices().rev() {
            if token.len() - b > self.max_key || !visit(KeyKind::Suffix, &token[b..]) {
                break;
            }
        }
    }

    /// Every cue that matches in the tokens, at its first position, before conditions,
    /// into `scratch.hits` in text order; and which condition patterns occur, into
    /// `scratch.present`.
    fn raw_hits(&self, scratch: &mut Scratch) {
        let Scratch {
            tokens,
            hits,
            seen,
            present,
            candidates,
        } = scratch;
        hits.clear();
        seen.resize(self.cues.len(), false);
        present.clear();
        present.resize(self.conditions.len(), false);
        for i in 0..tokens.len() {
            let Some(token) = tokens.norm(i) else {
                continue;
            };
            candidates.clear();
            self.candidates(token, candidates);
            for &target in candidates.iter() {
                match target {
                    Target::Cue(c, p) => {
                        if seen[c] {
                            continue;
                        }
                        if let Some(n) = self.cues[c].patterns[p].matches_after_key(tokens, i) {
                            let span =
                                ByteSpan::new(tokens.list[i].start, tokens.list[i + n - 1].end);
                            seen[c] = true;
                            hits.push(CueHit { cue: c, span });
                        }
                    }
                    Target::Condition(k) => {
                        if !present[k] && self.conditions[k].matches_after_key(tokens, i).is_some()
                        {
                            present[k] = true;
                        }
                    }
                }
            }
        }
        for h in hits.iter() {
            seen[h.cue] = false;
        }
        hits.sort_by_key(|h| (h.span.start, std::cmp::Reverse(h.span.end), h.cue));
    }

    /// The cues that fire in `text`: matched, requirement met, no exclusion present; into
    /// `scratch.hits`.
    fn fired(&self, scratch: &mut Scratch, text: &str, base: usize) {
        scratch.tokens.fill(text, base);
        self.raw_hits(scratch);
        let Scratch { hits, present, .. } = scratch;
        hits.retain(|h| self.cue_conditions[h.cue].hold(present));
    }

    /// [`TopicCoder::fired`] with each condition checked by its own scan of the tokens:
    /// the reference the one-walk condition check is tested against.
    #[cfg(test)]
    fn fired_by_scan(&self, scratch: &mut Scratch, text: &str) -> Vec<CueHit> {
        scratch.tokens.fill(text, 0);
        self.raw_hits(scratch);
        let Scratch { tokens, hits, .. } = scratch;
        hits.retain(|h| {
            let cue = &self.cues[h.cue];
            (cue.requires.is_empty() || cue.requires.iter().any(|p| p.occurs_in(tokens)))
                && !cue.excludes.iter().any(|p| p.occurs_in(tokens))
        });
        hits.clone()
    }

    /// Indices of the cues that fire in `text`.
    pub fn fired_cues(&self, text: &str) -> Vec<usize> {
        let mut scratch = Scratch::default();
        self.fired(&mut scratch, text, 0);
        scratch.hits.iter().map(|h| h.cue).collect()
    }

    /// Every topic with at least one fired cue in one sentence of text, threshold or not;
    /// spans are byte offsets into `text` plus `base`.
    pub fn score(&self, text: &str, base: usize) -> Vec<TopicDecision> {
        self.score_with(&mut Scratch::default(), text, base)
    }

    /// [`TopicCoder::score`] with reused buffers.
    fn score_with(&self, scratch: &mut Scratch, text: &str, base: usize) -> Vec<TopicDecision> {
        let mut decisions = Vec::new();
        self.score_into(scratch, text, base, &mut decisions);
        decisions
    }

    /// [`TopicCoder::score`], appended to `decisions` (whose earlier entries are other
    /// sentences').
    fn score_into(
        &self,
        scratch: &mut Scratch,
        text: &str,
        base: usize,
        decisions: &mut Vec<TopicDecision>,
    ) {
        self.fired(scratch, text, base);
        let from = decisions.len();
        for &hit in &scratch.hits {
            let cue = &self.cues[hit.cue];
            match decisions[from..].iter_mut().find(|d| d.topic == cue.topic) {
                Some(d) => {
                    d.cues.push(hit.cue);
                    d.spans.push(hit.span);
                    d.score += cue.weight;
                }
                None => {
                    // Sized for all the topic's hits, so pushing the later ones never grows.
                    let n = scratch
                        .hits
                        .iter()
                        .filter(|h| self.cues[h.cue].topic == cue.topic)
                        .count();
                    let (mut cues, mut spans) = (Vec::with_capacity(n), Vec::with_capacity(n));
                    cues.push(hit.cue);
                    spans.push(hit.span);
                    decisions.push(TopicDecision {
                        topic: cue.topic,
                        span: hit.span,
                        cues,
                        spans,
                        score: cue.weight,
                        context: None,
                    });
                }
            }
        }
        decisions[from..].sort_by_key(|d| d.topic);
    }

    /// Whether a sentence's own cues reach the topic's threshold.
    fn reaches(&self, d: &TopicDecision) -> bool {
        d.score + EPSILON >= self.topics[d.topic].threshold
    }

    /// Codes one sentence of text from its own words; spans are byte offsets into `text`
    /// plus `base`.
    pub fn code(&self, text: &str, base: usize) -> Vec<TopicDecision> {
        let mut decisions = self.score(text, base);
        decisions.retain(|d| self.reaches(d));
        decisions
    }

    /// The topic codes `text` gets.
    pub fn codes(&self, text: &str) -> Vec<&str> {
        self.code(text, 0)
            .into_iter()
            .map(|d| self.topics[d.topic].code.as_str())
            .collect()
    }

    /// Codes the sentences of one document: each sentence's own decisions, plus the
    /// context decisions ([`CONTEXT_FACTOR`]) its neighbours in the paragraph support.
    /// `texts[i]` is the text of `sentences[i]` (`None` when it cannot be sliced).
    pub fn code_document(
        &self,
        sentences: &[Sentence],
        texts: &[Option<&str>],
    ) -> Vec<Vec<TopicDecision>> {
        let mut coded = vec![Vec::new(); sentences.len().min(texts.len())];
        self.for_each_decision(sentences, texts, |i, d| coded[i].push(d));
        coded
    }

    /// [`TopicCoder::code_document`], handing each decision with the position of its
    /// sentence to `emit`, in sentence order: the scores of all sentences are kept in one
    /// list, and no decision is copied (a context decision copies its neighbour's cues).
    fn for_each_decision(
        &self,
        sentences: &[Sentence],
        texts: &[Option<&str>],
        mut emit: impl FnMut(usize, TopicDecision),
    ) {
        let mut scratch = Scratch::default();
        let mut scored = Scored::default();
        for (s, t) in sentences.iter().zip(texts) {
            if let Some(t) = t {
                self.score_into(&mut scratch, t, s.bytes.start, &mut scored.decisions);
            }
            scored.ends.push(scored.decisions.len());
        }
        // Decide everything against the scores first, then hand the decisions out.
        let outcomes: Vec<Outcome> = (0..scored.ends.len())
            .flat_map(|i| {
                let scored = &scored;
                scored
                    .sentence(i)
                    .iter()
                    .map(move |d| self.decide(sentences, scored, i, d))
            })
            .collect();
        let mut i = 0;
        for (k, (mut d, outcome)) in scored.decisions.into_iter().zip(outcomes).enumerate() {
            while scored.ends.get(i).is_some_and(|&end| end <= k) {
                i += 1;
            }
            match outcome {
                Outcome::Own => emit(i, d),
                Outcome::Context(support) => {
                    d.context = Some(support);
                    emit(i, d);
                }
                Outcome::Dropped => {}
            }
        }
    }

    /// The decision for one scored topic of sentence `i`: its own when the cues reach the
    /// threshold, a context decision when a neighbour carries the topic strongly, or none.
    fn decide(
        &self,
        sentences: &[Sentence],
        scored: &Scored,
        i: usize,
        d: &TopicDecision,
    ) -> Outcome {
        if self.reaches(d) {
            return Outcome::Own;
        }
        // A sentence with a topic of its own is about that; its weak cues of other topics
        // are side words (`nucleaire escalatie` is no fighting), so context stays out.
        if scored.sentence(i).iter().any(|o| self.reaches(o)) {
            return Outcome::Dropped;
        }
        let strong = CONTEXT_FACTOR * self.topics[d.topic].threshold;
        let neighbours = [i.checked_sub(1), i.checked_add(1)];
        let support = neighbours
            .into_iter()
            .flatten()
            .filter(|&j| {
                sentences
                    .get(j)
                    .is_some_and(|n| n.paragraph == sentences[i].paragraph)
            })
            .find_map(|j| {
                scored
                    .sentence(j)
                    .iter()
                    .find(|n| n.topic == d.topic && n.score + EPSILON >= strong)
                    .map(|n| ContextSupport {
                        sentence: sentences[j].index,
                        cues: n.cues.clone(),
                        spans: n.spans.clone(),
                    })
            });
        support.map_or(Outcome::Dropped, Outcome::Context)
    }

    /// The `rule` value of a decision: [`TopicCoder::rule`] for the sentence's own cues;
    /// for a context decision `context:schema/topic_cues.csv#` with the sentence's own
    /// (weak) cues first and then the neighbour's cues.
    pub fn decision_rule(&self, d: &TopicDecision) -> String {
        match &d.context {
            None => self.rule(&d.cues),
            Some(support) => self.rule_with("context:", &d.cues, &support.cues),
        }
    }
}

impl Annotator for TopicCoder {
    fn layer(&self) -> Layer {
        Layer::Topic
    }

    fn annotate(&self, document: &Document, sentences: &[Sentence], out: &mut Vec<Annotation>) {
        let texts: Vec<Option<&str>> = sentences
            .iter()
            .map(|s| document.text.get(s.bytes.start..s.bytes.end))
            .collect();
        self.for_each_decision(sentences, &texts, |i, decision| {
            let rule = self.decision_rule(&decision);
            // [`TopicDecision::cue_spans`], moved rather than copied.
            let mut cue_spans = decision.spans;
            if let Some(support) = decision.context {
                cue_spans.extend(support.spans);
            }
            out.push(Annotation {
                sentence: sentences[i].index,
                label: self.topics[decision.topic].code.clone(),
                span: Some(decision.span),
                rule,
                detail: Detail::Topic(TopicDetail { cue_spans }),
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    fn coder() -> &'static TopicCoder {
        static CODER: std::sync::OnceLock<TopicCoder> = std::sync::OnceLock::new();
        CODER.get_or_init(|| TopicCoder::new().expect("lexicon loads"))
    }

    fn has(text: &str, code: &str) -> bool {
        coder().codes(text).contains(&code)
    }

    /// Texts whose tokens probe the candidate walk: the seeds, and every index key alone,
    /// with an ending, inside a longer word and with a diacritic in front.
    fn probe_texts(coder: &TopicCoder) -> Vec<String> {
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut texts: Vec<String> = std::fs::read_dir(seeds)
            .expect("seeds")
            .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("seed"))
            .collect();
        for key in coder.index.iter().flat_map(|m| m.keys()) {
            texts.push(format!(
                "{key} {key}en x{key} {key}s é{key} {key}ë {key} de"
            ));
        }
        texts.push("Beëindigen één Oekraïense staakt-het-vuren ÉÉN ß İ".into());
        texts
    }

    #[test]
    fn the_trie_walk_and_the_key_check_change_no_candidate() {
        let coder = coder();
        let (mut checked, mut tokens) = (0, Tokens::default());
        for text in probe_texts(coder) {
            tokens.fill(&text, 0);
            for i in 0..tokens.len() {
                let token = tokens.norm(i).expect("token");
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                coder.candidates(token, &mut fast);
                coder.candidates_by_lookup(token, |t| slow.push(t));
                assert_eq!(fast, slow, "{token}");
                for target in fast {
                    let pattern = match target {
                        Target::Cue(c, p) => &coder.cues[c].patterns[p],
                        Target::Condition(k) => &coder.conditions[k],
                    };
                    let full = pattern.matches_at(&tokens, i);
                    assert_eq!(pattern.matches_after_key(&tokens, i), full, "{token}");
                    checked += usize::from(full.is_some());
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    /// Sentences for the conditions: every cue's sample alone, with each of its
    /// requirements and with each of its exclusions, and the probe texts.
    fn condition_texts(coder: &TopicCoder) -> Vec<String> {
        let mut texts = probe_texts(coder);
        for cue in coder.cues() {
            let sample = cue.sample();
            texts.push(format!("Zij zagen {sample} gisteren."));
            let requires = cue.requires_samples();
            for req in requires.iter().chain([&String::new()]) {
                texts.push(format!("Zij zagen {sample} {req} gisteren."));
                for exc in cue.excludes_samples() {
                    texts.push(format!("{exc}: zij zagen {sample} {req}, {exc}."));
                }
            }
        }
        texts
    }

    #[test]
    fn the_one_walk_condition_check_changes_no_fired_cue() {
        let coder = coder();
        let (mut scratch, mut fired) = (Scratch::default(), 0);
        for text in condition_texts(coder) {
            let slow = coder.fired_by_scan(&mut scratch, &text);
            coder.fired(&mut scratch, &text, 0);
            assert_eq!(scratch.hits, slow, "{text}");
            fired += slow.len();
        }
        assert!(fired > 1000, "{fired}");
    }

    #[test]
    fn the_byte_tokenizer_agrees_with_the_char_one() {
        let (mut fast, mut slow) = (Tokens::default(), Tokens::default());
        let mut texts = probe_texts(coder());
        texts.push("a1-B2 ,x`y' Z 'q'  9 ".into());
        texts.push("Ⅻ² ½x ﬁn ǅa 𝔄b١٢ e\u{301}é — “Zij” Straße".into());
        for text in &texts {
            fast.fill(text, 7);
            slow.fill_chars(text, 7);
            let spans = |t: &Tokens| -> Vec<(usize, usize, String)> {
                (0..t.len())
                    .map(|i| (t.list[i].start, t.list[i].end, t.norm(i).unwrap().into()))
                    .collect()
            };
            assert_eq!(spans(&fast), spans(&slow), "{text}");
        }
    }

    #[test]
    fn lexicon_is_consistent() {
        let coder = coder();
        assert_eq!(coder.topics().len(), 11);
        for t in coder.topics() {
            assert!(!t.definition.is_empty(), "{} lacks a definition", t.code);
            assert!(
                t.iptc_code.len() == 8 && t.iptc_code.bytes().all(|b| b.is_ascii_digit()),
                "{} has IPTC id {:?}",
                t.code,
                t.iptc_code
            );
            assert!(!t.iptc_label.is_empty() && t.threshold > 0.0);
        }
        let mut ids = HashSet::new();
        for cue in coder.cues() {
            assert!(ids.insert(cue.id.as_str()), "duplicate id {}", cue.id);
            assert!(cue.weight > 0.0, "{} has no weight", cue.id);
        }
        // The same cue string in two topics needs a note saying why.
        let mut by_form: HashMap<String, Vec<&Cue>> = HashMap::new();
        for cue in coder.cues() {
            for form in cue.forms() {
                by_form.entry(form).or_default().push(cue);
            }
        }
        let mut unexplained: Vec<String> = Vec::new();
        for (form, cues) in by_form {
            let topics: HashSet<usize> = cues.iter().map(|c| c.topic).collect();
            if topics.len() > 1 {
                let silent = cues.iter().filter(|c| c.note.is_empty());
                unexplained.extend(silent.map(|c| format!("{form:?} in {}", c.id)));
            }
        }
        unexplained.sort();
        assert!(
            unexplained.is_empty(),
            "cues in several topics without a note: {unexplained:?}"
        );
    }

    /// A text each alternative of a cue matches, as written in the lexicon (`*` dropped).
    fn alternative_samples(cue: &Cue) -> Vec<String> {
        cue.cue
            .split('|')
            .map(|a| a.trim().replace('*', ""))
            .filter(|a| !a.is_empty())
            .collect()
    }

    /// The texts that meet a cue's requirement (one per alternative), or the empty text.
    fn requirement_samples(cue: &Cue) -> Vec<String> {
        if cue.has_requires() {
            cue.requires_samples()
        } else {
            vec![String::new()]
        }
    }

    /// Unreachable cue alternatives: those that do not fire in a plain sentence once the
    /// cue's requirement is met (an exclusion always cancels it, the requirement cannot be
    /// met, or folding or tokenising loses the form).
    fn unreachable(coder: &TopicCoder) -> Vec<String> {
        let mut dead = Vec::new();
        for (c, cue) in coder.cues().iter().enumerate() {
            for alt in alternative_samples(cue) {
                let fires = requirement_samples(cue).iter().any(|req| {
                    let text = format!("Zij zagen {alt} {req} gisteren.");
                    coder.fired_cues(&text).contains(&c)
                });
                if !fires {
                    dead.push(format!("{} {alt:?}", cue.id));
                }
            }
        }
        dead
    }

    /// Alternatives listed by two rows of one topic with the same mode and conditions:
    /// they would count the same words twice without anyone meaning to.
    fn listed_twice(coder: &TopicCoder) -> Vec<String> {
        let mut seen: HashMap<(usize, String), &str> = HashMap::new();
        let mut twice = Vec::new();
        for cue in coder.cues() {
            for alt in cue.cue.split('|') {
                let key = format!(
                    "{}|{:?}|{:?}|{:?}",
                    fold(alt.trim()),
                    cue.mode,
                    cue.requires_samples(),
                    cue.excludes_samples()
                );
                if let Some(other) = seen.insert((cue.topic, key), &cue.id) {
                    twice.push(format!("{alt:?} in {other} and {}", cue.id));
                }
            }
        }
        twice
    }

    /// Cue alternatives that also fire a cue of another topic while neither row has a note
    /// saying why.
    fn silent_overlaps(coder: &TopicCoder) -> Vec<String> {
        let cues = coder.cues();
        let mut silent = Vec::new();
        for cue in cues {
            let req = requirement_samples(cue).swap_remove(0);
            let background = coder.fired_cues(&format!("Zij zagen {req} gisteren."));
            for alt in alternative_samples(cue) {
                let text = format!("Zij zagen {alt} {req} gisteren.");
                for other in coder.fired_cues(&text) {
                    let o = &cues[other];
                    let overlap = o.topic != cue.topic && !background.contains(&other);
                    if overlap && cue.note.is_empty() && o.note.is_empty() {
                        silent.push(format!("{} {alt:?} also fires {}", cue.id, o.id));
                    }
                }
            }
        }
        silent
    }

    #[test]
    fn every_cue_alternative_can_fire() {
        let dead = unreachable(coder());
        assert!(dead.is_empty(), "cues that cannot fire: {dead:?}");
    }

    #[test]
    fn no_cue_is_listed_twice_in_a_topic() {
        let twice = listed_twice(coder());
        assert!(twice.is_empty(), "{twice:?}");
    }

    #[test]
    fn cross_topic_overlaps_have_a_reason() {
        let silent = silent_overlaps(coder());
        assert!(silent.is_empty(), "overlaps without a note: {silent:?}");
    }

    /// The lexicon checks find what they are for in a lexicon made to fail them.
    #[test]
    fn lexicon_checks_catch_broken_rows() {
        let topics = LEXICON_FILES[0].contents;
        let header = "id,topic,cue,mode,weight,requires,excludes,note\n";
        let broken =
            |rows: &str| TopicCoder::from_csv(topics, &format!("{header}{rows}")).expect("parses");
        // Cancelled by its own exclusion; a requirement that its exclusion cancels.
        let dead = unreachable(&broken(
            "a_01,energy,gas,word,2,,gas,\na_02,energy,olie,word,2,vat,vat*,\n",
        ));
        assert_eq!(dead, ["a_01 \"gas\"", "a_02 \"olie\""]);
        let twice = listed_twice(&broken(
            "a_01,energy,gas,word,2,,,\na_02,energy,gas|olie,word,2,,,\n",
        ));
        assert_eq!(twice.len(), 1, "{twice:?}");
        let silent = silent_overlaps(&broken(
            "a_01,energy,gas,word,2,,,\na_02,diplomacy,gas*,stem,1,,,\n",
        ));
        assert!(!silent.is_empty());
        let noted = silent_overlaps(&broken(
            "a_01,energy,gas,word,2,,,\na_02,diplomacy,gas*,stem,1,,,why\n",
        ));
        assert!(noted.is_empty(), "{noted:?}");
    }

    #[test]
    fn decisions_list_every_cue_with_its_span() {
        let coder = coder();
        let text = "Rusland bombardeert met raketten en drones het stroomnet.";
        let decisions = coder.code(text, 0);
        let mil = decisions
            .iter()
            .find(|d| coder.topics()[d.topic].code == "military_operations")
            .expect("military_operations");
        assert!(mil.cues.len() >= 3, "{:?}", mil.cues);
        assert_eq!(mil.cues.len(), mil.spans.len());
        assert_eq!(mil.span, mil.spans[0]);
        for (&c, span) in mil.cues.iter().zip(&mil.spans) {
            let word = &text[span.start..span.end];
            assert!(
                coder.fired_cues(word).contains(&c),
                "{} does not match its span {word:?}",
                coder.cues()[c].id
            );
        }
        let words: Vec<&str> = mil.spans.iter().map(|s| &text[s.start..s.end]).collect();
        assert!(
            words.contains(&"raketten") && words.contains(&"drones"),
            "{words:?}"
        );
    }

    /// Codes `sentences` (text, paragraph) as one document; returns the annotations.
    fn annotate_paragraphs(sentences: &[(&str, u32)]) -> (String, Vec<Annotation>) {
        let mut text = String::new();
        let mut spans = Vec::new();
        for (i, (s, paragraph)) in sentences.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(s);
            spans.push(Sentence {
                index: i as u32,
                paragraph: *paragraph,
                bytes: ByteSpan::new(start, text.len()),
            });
        }
        let month = crate::model::PubDate::month(2025, 3).expect("valid month");
        let doc = Document::from_text("d", month, &text);
        let mut out = Vec::new();
        coder().annotate(&doc, &spans, &mut out);
        (text, out)
    }

    fn topics_of(out: &[Annotation], sentence: u32) -> Vec<&str> {
        out.iter()
            .filter(|a| a.sentence == sentence)
            .map(|a| a.label.as_str())
            .collect()
    }

    #[test]
    fn a_weak_cue_takes_the_topic_of_a_strong_neighbour() {
        let (text, out) = annotate_paragraphs(&[
            ("Poetin dreigt met kernwapens.", 0),
            ("Daar voegde hij aan toe: ik bluf niet.", 0),
        ]);
        assert_eq!(topics_of(&out, 1), ["nuclear"]);
        let a = out.iter().find(|a| a.sentence == 1).expect("annotation");
        let span = a.span.expect("span");
        assert_eq!(&text[span.start..span.end], "bluf");
        assert!(
            a.rule
                .starts_with("context:schema/topic_cues.csv#nuclear_17@"),
            "{}",
            a.rule
        );
        assert!(
            a.rule.contains("+nuclear_01@"),
            "names the neighbour's cue: {}",
            a.rule
        );
        let Detail::Topic(detail) = &a.detail else {
            panic!("a topic detail: {a:?}");
        };
        let cue_texts: Vec<&str> = detail
            .cue_spans
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(
            cue_texts.first(),
            Some(&"bluf"),
            "own cue first: {cue_texts:?}"
        );
        assert!(
            cue_texts[1..].iter().any(|t| t.starts_with("kernwapen")),
            "the neighbour's cue span: {cue_texts:?}"
        );
        assert_eq!(
            cue_texts.len(),
            a.rule.matches('@').count(),
            "one span per cue the rule names"
        );
        // The neighbour's own decision stays a plain cue decision.
        let own = out.iter().find(|a| a.sentence == 0).expect("annotation");
        assert!(own.rule.starts_with("cue:"), "{}", own.rule);
    }

    #[test]
    fn context_needs_a_weak_cue_a_strong_neighbour_and_the_same_paragraph() {
        // No cue of the topic at all.
        let (_, out) = annotate_paragraphs(&[
            ("Poetin dreigt met kernwapens.", 0),
            ("Hij zei het gisteren.", 0),
        ]);
        assert!(topics_of(&out, 1).is_empty());
        // Another paragraph.
        let (_, out) = annotate_paragraphs(&[
            ("Poetin dreigt met kernwapens.", 0),
            ("Ik bluf niet, zei hij.", 1),
        ]);
        assert!(topics_of(&out, 1).is_empty());
        // The neighbour's evidence is only just enough for itself (one weight-1 cue).
        let (_, out) =
            annotate_paragraphs(&[("Het IAEA kwam langs.", 0), ("Ik bluf niet, zei hij.", 0)]);
        assert_eq!(topics_of(&out, 0), ["nuclear"]);
        assert!(topics_of(&out, 1).is_empty());
    }

    #[test]
    fn a_sentence_with_a_topic_of_its_own_takes_none_from_context() {
        // `dreigt` is a weak nuclear cue, but the sentence is about fighting.
        let (_, out) = annotate_paragraphs(&[
            ("Poetin dreigt met kernwapens.", 0),
            ("Het leger dreigt met een nieuw offensief.", 0),
        ]);
        assert_eq!(topics_of(&out, 1), ["military_operations"]);
    }

    #[test]
    fn switching_off_is_weak_knocking_out_is_fighting() {
        assert!(!has(
            "Hij schakelde de televisie uit.",
            "military_operations"
        ));
        assert!(has(
            "Drones hebben de luchtverdediging uitgeschakeld.",
            "military_operations"
        ));
    }

    #[test]
    fn fewer_texts_than_sentences_do_not_panic() {
        let sentences: Vec<Sentence> = (0..3)
            .map(|i| Sentence {
                index: i,
                paragraph: 0,
                bytes: ByteSpan::new(0, 4),
            })
            .collect();
        let coded = coder().code_document(&sentences, &[Some("Ik bluf niet.")]);
        assert_eq!(coded.len(), 1);
        assert!(coded[0].is_empty(), "no neighbour, no context: {coded:?}");
    }

    #[test]
    fn the_central_bank_is_no_power_station() {
        assert!(!has("De centrale bank verhoogt de rente.", "energy"));
        assert!(has(
            "De centrale bank verhoogt de rente.",
            "sanctions_economy"
        ));
        assert!(has(
            "Drones troffen twee centrales en het stroomnet.",
            "energy"
        ));
    }

    #[test]
    fn changed_plurals_follow_dutch_spelling() {
        let cases = [
            ("gasprijs", Some("gasprijzen")),
            ("ziekenhuis", Some("ziekenhuizen")),
            ("grens", Some("grenzen")),
            ("verlies", Some("verliezen")),
            ("kaas", Some("kazen")),
            ("kernproef", Some("kernproeven")),
            ("massagraf", Some("massagraven")),
            ("graaf", Some("graven")),
            ("gasbedrijf", Some("gasbedrijven")),
            ("kabinetscrisis", Some("kabinetscrises")),
            // A short vowel before the `s`: the plural doubles it (`gassen`).
            ("gas", None),
            ("congres", None),
            ("stembus", None),
            // No `s` or `f`, or too short.
            ("oorlog", None),
            ("drone", None),
            ("af", None),
            ("s", None),
            ("", None),
        ];
        for (form, plural) in cases {
            assert_eq!(changed_plural(form).as_deref(), plural, "{form}");
        }
    }

    #[test]
    fn singular_cues_match_plurals_that_change_the_spelling() {
        assert!(has(
            "De gasprijzen liggen hoger dan voor de invasie.",
            "energy"
        ));
        assert!(has(
            "Noord-Korea voerde opnieuw kernproeven uit.",
            "nuclear"
        ));
        assert!(has(
            "In de massagraven lagen honderden lichamen.",
            "humanitarian"
        ));
        let topics = LEXICON_FILES[0].contents;
        let header = "id,topic,cue,mode,weight,requires,excludes,note\n";
        let coder = TopicCoder::from_csv(
            topics,
            &format!(
                "{header}a_01,energy,prijs,word,2,,,\na_02,diplomacy,*brief,head,2,,,\n\
                 a_03,territory,verleggen,word,2,grens*,,\n"
            ),
        )
        .expect("parses");
        let codes = |text: &str| coder.codes(text);
        assert_eq!(codes("De prijzen stijgen."), ["energy"]);
        assert_eq!(codes("Hij schreef twee protestbrieven."), ["diplomacy"]);
        // A `requires` stem is met by its plural too.
        assert_eq!(codes("Zij willen de grenzen verleggen."), ["territory"]);
        assert!(codes("Zij willen de regels verleggen.").is_empty());
    }

    #[test]
    fn fighting_formation_flight_and_political_support() {
        assert!(has(
            "In Bachmoet wordt nog altijd zwaar gevochten.",
            "military_operations"
        ));
        assert!(!has(
            "Zij vechten tegen de inflatie.",
            "military_operations"
        ));
        assert!(has(
            "De EU nam nieuwe strafmaatregelen tegen Iran.",
            "sanctions_economy"
        ));
        assert!(has("De formatie loopt vast.", "domestic_politics"));
        assert!(!has(
            "De straaljagers vlogen in formatie.",
            "domestic_politics"
        ));
        assert!(has(
            "Informateur Plasterk sprak met de partijen.",
            "domestic_politics"
        ));
        assert!(has(
            "Duizenden mensen sloegen op de vlucht.",
            "humanitarian"
        ));
        assert!(!has("De verdachte is op de vlucht.", "humanitarian"));
        // Backing Ukraine's membership or in a poll is no weapons, money or guarantees.
        let support = "Nederland steunt het Oekraïense verzoek om EU-lidmaatschap.";
        assert!(!has(support, "military_aid"));
        assert!(!has(
            "Een meerderheid steunt Oekraïne nog altijd, blijkt uit een peiling.",
            "military_aid"
        ));
        assert!(has("Nederland steunt Oekraïne met wapens.", "military_aid"));
    }

    #[test]
    fn a_secretary_general_is_no_general() {
        let coder = coder();
        let fired_ids = |text: &str| -> Vec<&str> {
            let cues = coder.cues();
            coder
                .fired_cues(text)
                .into_iter()
                .map(|i| cues[i].id.as_str())
                .collect()
        };
        let general = |text: &str| fired_ids(text).contains(&"milops_57");
        assert!(general("Generaal Syrski sprak in Kiev."));
        assert!(general("De generaals spraken."));
        assert!(!general(
            "Secretaris-generaal Stoltenberg sprak in Brussel."
        ));
        assert!(!general(
            "De VN-secretaris-generaal en de directeur-generaal spraken."
        ));
    }

    #[test]
    fn a_condition_without_a_word_is_an_error() {
        let topics = LEXICON_FILES[0].contents;
        let header = "id,topic,cue,mode,weight,requires,excludes,note\n";
        for row in [
            "a_01,energy,olie,word,2,!!!,,",
            "a_01,energy,olie,word,2,vat|,,",
            "a_01,energy,olie,word,2,,*,",
            "a_01,energy,*,stem,2,,,",
            "a_01,energy,olie|**,word,2,,,",
        ] {
            let err = TopicCoder::from_csv(topics, &format!("{header}{row}\n"));
            assert!(err.is_err(), "{row} loaded");
        }
        let ok = TopicCoder::from_csv(topics, &format!("{header}a_01,energy,olie,word,2,,,\n"));
        assert!(ok.is_ok());
    }

    #[test]
    fn unknown_topic_is_an_error() {
        let topics = LEXICON_FILES[0].contents;
        let cues = "id,topic,cue,mode,weight,requires,excludes,note\nx_01,nope,vrede,word,1,,,\n";
        assert!(TopicCoder::from_csv(topics, cues).is_err());
    }

    /// Every `requires` alternative makes its cue fire, and the cue alone does not.
    #[test]
    fn every_requirement_rule_holds() {
        let coder = coder();
        for (c, cue) in coder.cues().iter().enumerate() {
            if !cue.has_requires() {
                continue;
            }
            let alone = format!("Zij zagen {} gisteren.", cue.sample());
            assert!(
                !coder.fired_cues(&alone).contains(&c),
                "{} fired without requirement",
                cue.id
            );
            for req in cue.requires_samples() {
                let with = format!("Zij zagen {} gisteren met {req}.", cue.sample());
                assert!(
                    coder.fired_cues(&with).contains(&c),
                    "{} did not fire in {with:?}",
                    cue.id
                );
            }
        }
    }

    /// Every `excludes` alternative cancels its cue.
    #[test]
    fn every_exclusion_rule_holds() {
        let coder = coder();
        for (c, cue) in coder.cues().iter().enumerate() {
            if !cue.has_excludes() {
                continue;
            }
            let req = cue
                .requires_samples()
                .into_iter()
                .next()
                .unwrap_or_default();
            let base = format!("Zij zagen {} {req} gisteren.", cue.sample());
            assert!(
                coder.fired_cues(&base).contains(&c),
                "{} does not fire in {base:?}",
                cue.id
            );
            for exc in cue.excludes_samples() {
                let text = format!("Zij zagen {} {req} gisteren, {exc}.", cue.sample());
                assert!(
                    !coder.fired_cues(&text).contains(&c),
                    "{} not cancelled by {exc:?}",
                    cue.id
                );
            }
        }
    }

    #[test]
    fn exclusions_in_natural_sentences() {
        assert!(!has(
            "Hij moest flink gas geven om op tijd te komen.",
            "energy"
        ));
        assert!(has("Europa koopt minder gas uit Rusland.", "energy"));
        assert!(!has("Het bestand tegen kou is groot.", "ceasefire_peace"));
        assert!(!has(
            "Het met veel bombarie aangekondigde plan.",
            "military_operations"
        ));
        assert!(has(
            "Rusland bombardeert het stroomnet.",
            "military_operations"
        ));
        assert!(!has(
            "Hij liet in zijn defensief gedrag niets los.",
            "defence_security"
        ));
        assert!(has(
            "Oekraïne eist een einde aan de oorlog.",
            "ceasefire_peace"
        ));
        assert!(!has(
            "Aan het einde van de dag ging hij naar huis.",
            "ceasefire_peace"
        ));
    }

    #[test]
    fn requirements_in_natural_sentences() {
        assert!(!has("De kerncentrale levert veel stroom.", "nuclear"));
        assert!(has(
            "Een drone-aanval trof de kerncentrale van Zaporizja.",
            "nuclear"
        ));
        assert!(has(
            "Het IAEA maakt zich zorgen over de kerncentrale.",
            "nuclear"
        ));
        assert!(!has(
            "De kosten van de verbouwing vallen mee.",
            "sanctions_economy"
        ));
        assert!(has(
            "De kosten van de oorlog lopen op.",
            "sanctions_economy"
        ));
    }

    #[test]
    fn codebook_examples() {
        let c = coder();
        assert_eq!(
            c.codes("Rusland bombardeert het stroomnet"),
            ["military_operations", "energy"]
        );
        assert!(c
            .codes("Het is niet bekend om welke doelwitten het ging.")
            .is_empty());
        assert!(has(
            "Een 30-daags staakt-het-vuren in Oekraïne.",
            "ceasefire_peace"
        ));
        assert!(has("Een staakt het vuren.", "ceasefire_peace"));
        assert!(has(
            "Dat bracht hun vredesakkoord in gevaar.",
            "ceasefire_peace"
        ));
        assert!(has("De sanctiepakketten van de EU.", "sanctions_economy"));
        assert!(has(
            "Estland verhoogt zijn defensie-uitgaven.",
            "defence_security"
        ));
    }

    #[test]
    fn everyday_sentences_get_no_topic() {
        let coder = coder();
        for text in [
            "De wedstrijd eindigde in een gelijkspel.",
            "Het bestand bevat alle adressen van de klanten.",
            "De partij begint om acht uur.",
            "Hij stond achter de bar.",
            "De top van de Mount Everest is 8849 meter hoog.",
            "Hij gaf flink gas op de snelweg.",
            "De burgemeester opende het nieuwe museum.",
            "Het Leger des Heils deelt soep uit.",
        ] {
            assert!(
                coder.codes(text).is_empty(),
                "{text:?} got {:?}",
                coder.codes(text)
            );
        }
    }

    #[test]
    fn no_cue_no_topic() {
        assert!(coder().codes("").is_empty());
        assert!(coder().codes("Beeld AP").is_empty());
        assert!(coder().codes("!!! … ’’").is_empty());
    }

    #[test]
    fn annotations_name_their_cues_and_stay_in_the_sentence() {
        let coder = coder();
        let text = "Intro. Rusland bombardeert met raketten het stroomnet.";
        let doc = Document::from_text(
            "d",
            crate::model::PubDate::month(2025, 3).expect("valid month"),
            text,
        );
        let sentences = [
            Sentence {
                index: 0,
                paragraph: 0,
                bytes: ByteSpan::new(0, 6),
            },
            Sentence {
                index: 1,
                paragraph: 0,
                bytes: ByteSpan::new(7, text.len()),
            },
        ];
        let mut out = Vec::new();
        coder.annotate(&doc, &sentences, &mut out);
        let mil = out
            .iter()
            .find(|a| a.label == "military_operations")
            .expect("military_operations");
        assert_eq!(mil.sentence, 1);
        let span = mil.span.expect("span");
        assert_eq!(&text[span.start..span.end], "bombardeert");
        assert!(
            mil.rule.starts_with("cue:schema/topic_cues.csv#milops_"),
            "{}",
            mil.rule
        );
        assert!(mil.rule.contains('+'), "two cues fired: {}", mil.rule);
        for a in &out {
            let s = a.span.expect("span");
            assert!(s.start >= 7 && s.end <= text.len());
            let Detail::Topic(detail) = &a.detail else {
                panic!("a topic detail: {a:?}");
            };
            assert_eq!(
                detail.cue_spans.first(),
                Some(&s),
                "the first cue span is the span"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_spans_stay_inside(text in "\\PC{0,80}", base in 0usize..1000) {
            let coder = coder();
            for d in coder.code(&text, base) {
                proptest::prop_assert!(d.span.start >= base && d.span.end <= base + text.len());
                proptest::prop_assert!(d.span.start < d.span.end && !d.cues.is_empty());
            }
        }
    }

    #[test]
    fn folding_ignores_case_and_diacritics() {
        assert!(has("Zij willen de oorlog BEEINDIGEN.", "ceasefire_peace"));
        assert!(has("Zij willen de oorlog beëindigen.", "ceasefire_peace"));
    }

    #[test]
    fn rules_cite_each_cue_with_the_hash_of_its_line() {
        let coder = TopicCoder::new().unwrap();
        // One line per row, so the hash is of that row's line.
        let lines = LEXICON_FILES[1].contents.lines().count();
        assert_eq!(
            lines,
            coder.cues().len() + 1,
            "a cue row spans several lines"
        );
        let first = &coder.cues()[0];
        assert_eq!(first.row_hash.len(), 8);
        assert!(first.row_hash.chars().all(|c| c.is_ascii_hexdigit()));
        let rule = coder.rule(&[0]);
        assert_eq!(
            rule,
            format!("cue:{CUES_PATH}#{}@{}", first.id, first.row_hash)
        );
        let hashes: std::collections::HashSet<&str> =
            coder.cues().iter().map(|c| c.row_hash.as_str()).collect();
        assert_eq!(
            hashes.len(),
            coder.cues().len(),
            "distinct rows, distinct hashes"
        );
    }
}
