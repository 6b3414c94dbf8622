//! Layer `date`: temporal expressions normalised to TIMEX3 (codebook section 2).
//!
//! Three steps per sentence:
//! 1. a pre-filter ([`aho_corasick`] over every time word's stem, plus digits) skips
//!    sentences that cannot hold an expression;
//! 2. [`recognise`] tokenizes the sentence and runs token-pattern rules that say what an
//!    expression denotes without the publication date (a [`recognise::Referent`]);
//!    the leftmost-longest matches win and a governing preposition before a calendar
//!    expression (`tot`, `sinds`, `vanaf`, `rond`, `voor`, `na`) becomes its modifier
//!    without entering the span (`op` and `in` add nothing);
//! 3. [`resolve`] turns a referent into a value, precision and interval against the
//!    document's publication date (DCT).
//!
//! News mode: a year-less weekday, month, day or season points back from the DCT, unless
//! the sentence carries a future cue (`cues.tsv`: `zal`, `gaat`, `volgende`, ...). `deze`
//! with a weekday is the day in the DCT's ISO week (`deze vrijdag`), as `deze week` is
//! that week. The nth week of a month is the nth whose Thursday falls in the month, as
//! ISO 8601 gives each week to the year that holds its Thursday (`de eerste week van
//! januari 2015` → `2015-W01`).
//! With a DCT known only to the month, expressions that need the day (weekdays, `gisteren`,
//! `vorige week`, clock times) get the DCT's month as value and interval. With no DCT
//! at all ([`DateTagger::tag_text`] with `None`), what depends on it stays `X` in the
//! value, TIMEX3's convention, and the interval stays empty: `18 maart` → `XXXX-03-18`,
//! `vrijdag` → `XXXX-WXX-5`, `gisteren` → `XXXX-XX-XX`, `vorig jaar` → `XXXX`; a field a
//! holiday moves in is unknown too (`Pasen` → `XXXX-XX-XX`).
//!
//! A reference clock time ([`DateTagger::tag_text_at`]; never in a release, whose DCT is a
//! day) resolves `over een uur`, `3 minuten vanaf nu` and a leading `30 minuten later` to a
//! TIME (the `clock` module); without one they stay durations.
//!
//! Future mode (`--temporal-mode future`, the convention of dialogue and of the Duckling
//! suite): year-less expressions take their next occurrence, a bare weekday is never the
//! DCT's own day, a clock time read on a 12-hour dial (`om drie uur`, `half vier`, not
//! `15.00` or `3:30`) between 1 and 6 is the afternoon, and counted weeks, months and years
//! (`de komende 3 maanden`) are whole calendar units after (or before) the DCT's.
//!
//! Counted periods bound to the DCT keep their duration value and get an interval: `de
//! komende drie dagen` from the day after the DCT, `binnen 9 maanden` from the DCT itself,
//! `de afgelopen 5 jaar` up to the day before it (news mode). Ranges (`13 t/m 15 juli`,
//! `5 tot 6 's middags`) are ISO 8601 `start/end` values; a count before or after a day
//! (`2 weken voor Kerst`) is that day moved; a clock time next to a day takes that day.
//!
//! Edge words (`begin`, `midden`/`medio`/`half`/`halverwege`, `eind`/`einde`) keep the
//! value of what they modify (`begin 2025` → `2025`), set the modifier `START`, `MID` or
//! `END`, and narrow the interval to the first, middle or last third of its days
//! (rounded down): `begin 2025` → 2025-01-01..2025-05-01, `half maart` →
//! 2025-03-11..2025-03-21, `eind maart` → 2025-03-22..2025-03-31. `donderdag laat` /
//! `vroeg` set `END` / `START` on a single day, so its interval stays that day.
//!
//! Vocabulary files under `schema/dates/`, tab-separated, one header row each:
//!
//! | file | columns |
//! |---|---|
//! | `months.tsv` | `form`, `month` (1–12); abbreviations count only next to a day or year |
//! | `weekdays.tsv` | `form`, `weekday` (1 = Monday) |
//! | `day_parts.tsv` | `form`, `part` (`MO`, `AF`, `EV`, `NI`), also as compound tail (`woensdagochtend`) |
//! | `deictic.tsv` | `form`, `day_offset` from the DCT, `part` (may be empty) |
//! | `seasons.tsv` | `form`, `season` (`SP`, `SU`, `FA`, `WI`) |
//! | `numbers.tsv` | `form`, `value` (`X` for vague counts), `kind` (`cardinal`, `tens`, `fraction`, `ordinal`, `vague`) |
//! | `units.tsv` | `form`, `unit` (`S`, `MIN`, `H`, `D`, `W`, `WE`, `M`, `Y`), `factor`, `kind` (`singular`, `plural`, `adjective`, `lengthy`, `abbreviation`: only after a count, no pre-filter word) |
//! | `sets.tsv` | `form`, TIMEX `value` of the recurrence |
//! | `vague.tsv` | `phrase` (space-separated words), `value` (`PAST_REF`, `PRESENT_REF`, `FUTURE_REF`) |
//! | `holidays.tsv` | `form`, `date` (`MM-DD`, `MM-W#N` for the Nth weekday W (1 = Monday) of month MM, or `easter±N`; a trailing `!` moves a Sunday to the Saturday before, `+N` moves N days on) |
//! | `cues.tsv` | `form`, `cue` (`future`) |
//! | `modifiers.tsv` | `form`, `modifier` (`-` for none), `kind` (`preposition`, `edge`, `quantity`) |
//! | `relative.tsv` | `form`, `direction` (-1 previous, 0 this, 1 next) |
//!
//! Compound numbers (`eenentwintig`, `drieënhalf`) are built from `numbers.tsv` in code.

mod clock;
pub mod recognise;
pub mod resolve;
pub mod tokens;
pub mod vocab;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use chrono::{NaiveDateTime, NaiveTime};

use super::{Annotator, LexiconFile};
use crate::model::{
    Annotation, ByteSpan, DateDetail, DatePrecision, Detail, Document, Layer, PubDate, Sentence,
    TimePrecision, TimexType,
};
use recognise::{Mention, Recogniser, Referent};
use resolve::{Context, Resolved};
use vocab::Vocabulary;

macro_rules! lexicon {
    ($name:literal) => {
        LexiconFile {
            path: concat!("schema/dates/", $name),
            contents: include_str!(concat!("../../../schema/dates/", $name)),
        }
    };
}

/// Lexicon files this annotator reads.
pub const LEXICON_FILES: &[LexiconFile] = &[
    lexicon!("months.tsv"),
    lexicon!("weekdays.tsv"),
    lexicon!("weekday_abbreviations.tsv"),
    lexicon!("day_parts.tsv"),
    lexicon!("deictic.tsv"),
    lexicon!("seasons.tsv"),
    lexicon!("numbers.tsv"),
    lexicon!("units.tsv"),
    lexicon!("sets.tsv"),
    lexicon!("vague.tsv"),
    lexicon!("holidays.tsv"),
    lexicon!("cues.tsv"),
    lexicon!("modifiers.tsv"),
    lexicon!("relative.tsv"),
];

/// Tokens that end a clause for the future-cue check.
const CLAUSE_BREAKS: &[&str] = &[
    ",", ";", ":", "(", ")", "\"", "“", "”", "„", "‘", "’", "–", "—",
];

/// How many tokens may separate an expression from the one before it for that one to
/// lend its year (`een jaar geleden tijdens de herfst`).
const ANCHOR_GAP: usize = 3;

/// Which way a year-less or underspecified expression points from the reference date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TemporalMode {
    /// News reports: past bias unless tense or words in the clause point forward.
    #[default]
    News,
    /// Dialogue/agenda convention (Duckling): always the next occurrence.
    Future,
}

impl TemporalMode {
    /// The name used on the command line and in the manifest.
    pub fn as_str(self) -> &'static str {
        match self {
            TemporalMode::News => "news",
            TemporalMode::Future => "future",
        }
    }
}

impl std::str::FromStr for TemporalMode {
    type Err = anyhow::Error;

    fn from_str(s: &str) -> anyhow::Result<Self> {
        match s {
            "news" => Ok(TemporalMode::News),
            "future" => Ok(TemporalMode::Future),
            other => anyhow::bail!("unknown temporal mode {other:?} (news, future)"),
        }
    }
}

/// Finds and normalises temporal expressions.
pub struct DateTagger {
    vocab: Vocabulary,
    prefilter: AhoCorasick,
    mode: TemporalMode,
}

impl DateTagger {
    /// Builds the tagger.
    pub fn new() -> anyhow::Result<Self> {
        let vocab = Vocabulary::load()?;
        let prefilter = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostFirst)
            // Run once per sentence: a DFA answers `is_match` in one pass.
            .kind(Some(AhoCorasickKind::DFA))
            .build(vocab.trigger_words())?;
        Ok(DateTagger {
            vocab,
            prefilter,
            mode: TemporalMode::News,
        })
    }

    /// The same tagger resolving in `mode`.
    pub fn with_mode(mut self, mode: TemporalMode) -> Self {
        self.mode = mode;
        self
    }

    /// Cheap check: can `text` hold a temporal expression at all?
    fn may_contain_time(&self, text: &str) -> bool {
        has_digit(text) || self.prefilter.is_match(text)
    }

    /// For every token: does its clause carry a future cue? Clauses end at `,;:()` and
    /// quotes, so that `zal` in one clause does not move a weekday in another.
    fn future_clauses(&self, tokens: &[tokens::Token<'_>]) -> Vec<bool> {
        let mut out = vec![false; tokens.len()];
        let mut clause_start = 0;
        for i in 0..=tokens.len() {
            let boundary = tokens
                .get(i)
                .is_none_or(|t| CLAUSE_BREAKS.contains(&t.lower()));
            if boundary {
                let clause = clause_start..i;
                let future = clause.clone().any(|k| self.is_future_cue(tokens, k));
                out[clause].iter_mut().for_each(|f| *f = future);
                clause_start = i + 1;
            }
        }
        out
    }

    /// A future cue at token `k`. `gaat`/`gaan` count only as the auxiliary, not in
    /// `het gaat om`, `gaat het goed`, `gaat over`.
    fn is_future_cue(&self, tokens: &[tokens::Token<'_>], k: usize) -> bool {
        let word = tokens[k].lower();
        if !self.vocab.future_cues.contains_key(word) {
            return false;
        }
        let near = |d: isize| {
            k.checked_add_signed(d)
                .and_then(|j| tokens.get(j))
                .map_or("", |t| t.lower())
        };
        // `laten we afspreken`: the hortative, not `heeft laten vallen`.
        let hortative = word != "laten" || matches!(near(1), "we" | "wij");
        hortative
            && !(matches!(word, "gaat" | "gaan")
                && (near(-1) == "het"
                    || matches!(
                        near(1),
                        "het" | "om" | "over" | "er" | "goed" | "slecht" | "mis"
                    )))
    }

    /// `sinds september` looks back whatever the tense.
    fn looks_back(&self, tokens: &[tokens::Token<'_>], first: usize) -> bool {
        first > 0 && matches!(tokens[first - 1].lower(), "sinds" | "sedert")
    }

    /// The date annotations of one sentence. `previous` is the document's last calendar
    /// value so far and is updated.
    pub fn tag_sentence(
        &self,
        document: &Document,
        sentence: &Sentence,
        previous: &mut Option<Resolved>,
    ) -> Vec<Annotation> {
        self.tag_in(document, sentence, previous, &mut String::new())
    }

    /// [`Self::tag_sentence`] with a buffer for the sentence's lower-cased words, reused
    /// from sentence to sentence.
    fn tag_in(
        &self,
        document: &Document,
        sentence: &Sentence,
        previous: &mut Option<Resolved>,
        lowered: &mut String,
    ) -> Vec<Annotation> {
        let Some(text) = document.text.get(sentence.bytes.start..sentence.bytes.end) else {
            return Vec::new();
        };
        let at = SentenceAt {
            index: sentence.index,
            offset: sentence.bytes.start,
        };
        self.tag(text, at, Some(&document.published), None, previous, lowered)
    }

    /// The date annotations of `text` read as one sentence (index 0, spans relative to
    /// `text`), resolved against `dct`. With no DCT (`None`), what depends on it stays `X`
    /// in the value and the interval stays empty, as TIMEX3 does:
    ///
    /// ```
    /// use kroniek::annotate::dates::DateTagger;
    ///
    /// let tagger = DateTagger::new().unwrap();
    /// let found = tagger.tag_text("Hij kwam op 18 maart om 21.00 uur aan.", None);
    /// assert_eq!(found[0].label, "XXXX-03-18T21:00");
    /// ```
    pub fn tag_text(&self, text: &str, dct: Option<&PubDate>) -> Vec<Annotation> {
        self.tag_text_at(text, dct, None)
    }

    /// As [`Self::tag_text`], with the reference's clock time when the caller knows it (a
    /// publication date is a day; a transcript or a message has a time). Expressions
    /// relative to the clock then resolve to a TIME instead of staying a duration:
    ///
    /// ```
    /// use chrono::NaiveTime;
    /// use kroniek::annotate::dates::DateTagger;
    /// use kroniek::model::PubDate;
    ///
    /// let tagger = DateTagger::new().unwrap();
    /// let dct: PubDate = "2016-11-07".parse().unwrap();
    /// let clock = NaiveTime::from_hms_opt(16, 12, 0);
    /// let found = tagger.tag_text_at("Ik ben over een uur terug.", Some(&dct), clock);
    /// assert_eq!(found[0].label, "2016-11-07T17:12");
    /// let found = tagger.tag_text("Ik ben over een uur terug.", Some(&dct));
    /// assert_eq!(found[0].label, "PT1H");
    /// ```
    pub fn tag_text_at(
        &self,
        text: &str,
        dct: Option<&PubDate>,
        clock: Option<NaiveTime>,
    ) -> Vec<Annotation> {
        let at = SentenceAt {
            index: 0,
            offset: 0,
        };
        // A clock time means something only on a known day.
        let reference = dct
            .filter(|d| d.precision == DatePrecision::Day)
            .zip(clock)
            .map(|(d, t)| d.start.and_time(t));
        self.tag(text, at, dct, reference, &mut None, &mut String::new())
    }

    fn tag(
        &self,
        text: &str,
        sentence: SentenceAt,
        dct: Option<&PubDate>,
        reference: Option<NaiveDateTime>,
        previous: &mut Option<Resolved>,
        lowered: &mut String,
    ) -> Vec<Annotation> {
        if !self.may_contain_time(text) {
            return Vec::new();
        }
        let tokens = tokens::tokenize(text, lowered);
        let recogniser = Recogniser::new(&self.vocab, &tokens);
        let mentions = recogniser.mentions();
        // Most sentences that pass the pre-filter hold no expression: no clause check.
        if mentions.is_empty() {
            return Vec::new();
        }
        let had_previous = previous.is_some();
        let future_clauses = self.future_clauses(&tokens);
        let mut out = Vec::new();
        let mut before: Option<(usize, Resolved)> = None;
        let mut bounds = Vec::new();
        for m in mentions {
            let anchor = before
                .as_ref()
                .filter(|(last, _)| {
                    // A coordinated expression (`2019 en maart`) does not borrow the year.
                    m.first <= last + ANCHOR_GAP + 1
                        && tokens[last + 1..m.first]
                            .iter()
                            .all(|t| !matches!(t.lower(), "en" | "of" | "," | ";"))
                })
                .map(|(_, r)| r);
            let context = Context {
                dct,
                future: self.mode == TemporalMode::Future
                    || (future_clauses[m.first] && !self.looks_back(&tokens, m.first)),
                anchor,
                previous: previous.as_ref(),
                strictly_future: self.mode == TemporalMode::Future,
            };
            let Some(resolved) = context.resolve(&m.referent).filter(representable) else {
                continue;
            };
            let mut resolved = finish(resolved, &m);
            // Future mode (agenda convention): `om drie uur` between 1 and 6 is afternoon.
            if self.mode == TemporalMode::Future && m.rule == recognise::CLOCK_12H {
                resolved.value = to_afternoon_until(&resolved.value, 6);
            }
            let span = ByteSpan::new(
                sentence.offset + tokens[m.first].start,
                sentence.offset + tokens[m.last].end,
            );
            let mut m = m;
            let mut span = span;
            // `vandaag om 21.00 uur`, `18 maart, 21:00`, `dinsdag in de ochtend`: one
            // expression, the time's value.
            // A part of day joins only a plain day right before it (`vandaag avond`), or
            // before the `in` its span leaves out (`dinsdag in de ochtend`).
            let right_after = |last: usize| {
                last + 1 == m.first || (last + 2 == m.first && tokens[last + 1].lower() == "in")
            };
            let target = merge_target(&before, &m, &out, &tokens).filter(|day| {
                !matches!(m.referent, Referent::DayPart(_))
                    || (day.label.len() == 10
                        && before.as_ref().is_some_and(|(l, _)| right_after(*l)))
            });
            if let (true, Some(day)) = (joins_day(&m.referent), target) {
                span.start = day.span.map_or(span.start, |s| s.start);
                if let Referent::DayPart(part) = m.referent {
                    resolved = resolve::day_with_part(day, part);
                } else {
                    // `op de 15e, 20:00`: the time is on that day even when the comma kept
                    // the day from anchoring it.
                    if let (Some(date), true) = (day.label.get(..10), resolved.value.len() >= 10) {
                        resolved.value = resolved
                            .value
                            .split('/')
                            .map(|p| format!("{date}{}", p.get(10..).unwrap_or("")))
                            .collect::<Vec<_>>()
                            .join("/");
                        if let Detail::Date(d) = &day.detail {
                            (resolved.start, resolved.end) = (d.start, d.end);
                        }
                    }
                    // `vanmiddag om 2 uur` is 14:00, `vanavond om 8 uur` 20:00; `vanavond om
                    // 1.00` stays in the night.
                    // `afgelopen nacht om 8` is 20:00, `vannacht om 3` 03:00.
                    let first_pm_hour = match &day.label {
                        l if l.ends_with("TAF") => Some(1),
                        l if l.ends_with("TEV") => Some(5),
                        l if l.ends_with("TNI") => Some(7),
                        _ => None,
                    };
                    if let Some(from) = first_pm_hour {
                        resolved.value = to_afternoon(&resolved.value, from);
                    }
                }
                m.rule = format!("{}+{}", day.rule, m.rule).into();
                out.pop();
                if let Some((first, _)) = bounds.pop() {
                    m.first = first;
                }
            }
            // Without a DCT a calendar value has no interval, but still anchors what follows
            // (`18 maart om 21.00 uur` → `XXXX-03-18T21:00`).
            let calendar =
                resolved.start.is_some() || (dct.is_none() && resolved.value.starts_with("XXXX"));
            if calendar {
                *previous = Some(resolved.clone());
                before = Some((m.last, resolved.clone()));
            }
            out.push(annotation(sentence.index, span, &m, resolved));
            bounds.push((m.first, m.last));
        }
        merge_offsets(&tokens, &mut out, &mut bounds);
        merge_durations(&tokens, &mut out, &mut bounds);
        merge_set_time(&tokens, &mut out, &mut bounds);
        merge_week_day(&tokens, &mut out, &mut bounds);
        merge_time_then_day(&tokens, &mut out, &mut bounds);
        merge_ranges(&tokens, &mut out, &mut bounds, dct);
        out.iter_mut().for_each(past_midnight);
        if let Some(at) = reference {
            let context = clock::Relative {
                tokens: &tokens,
                recogniser: &recogniser,
                mode: self.mode,
                at,
            };
            context.resolve(&mut out, &bounds, had_previous);
        }
        out
    }
}

/// `van 23.00 tot 01.00 uur`: a clock range whose end comes before its start on the same
/// day ends on the next day (value and interval).
fn past_midnight(a: &mut Annotation) {
    let Some((first, second)) = a.label.split_once('/') else {
        return;
    };
    let same_day = first.get(..10) == second.get(..10);
    if !(has_clock_time(first) && has_clock_time(second) && same_day) || second >= first {
        return;
    }
    let Ok(day) = chrono::NaiveDate::parse_from_str(&first[..10], "%Y-%m-%d") else {
        return;
    };
    let Some(next) = day.succ_opt() else {
        return;
    };
    a.label = format!("{first}/{}{}", next.format("%Y-%m-%d"), &second[10..]);
    if let Detail::Date(d) = &mut a.detail {
        if d.end == Some(day) {
            d.end = Some(next);
        }
    }
}

/// Whether `text` holds an ASCII digit. Sixteen bytes at a time without an early exit
/// inside, which compiles to vector compares; a byte-at-a-time `any` runs every sentence
/// through a compare and a branch per byte.
fn has_digit(text: &str) -> bool {
    let digit = |b: &u8| b.is_ascii_digit();
    let mut chunks = text.as_bytes().chunks_exact(16);
    chunks
        .by_ref()
        .any(|c| c.iter().fold(false, |found, b| found | digit(b)))
        || chunks.remainder().iter().any(digit)
}

/// Where a sentence sits in its document: its index and the byte offset of its text.
#[derive(Debug, Clone, Copy)]
struct SentenceAt {
    index: u32,
    offset: usize,
}

/// Referents that join a day right before them into one expression.
fn joins_day(r: &Referent) -> bool {
    match r {
        Referent::Time(..) | Referent::DayPart(_) => true,
        Referent::Range(a, _) => matches!(**a, Referent::Time(..)),
        _ => false,
    }
}

/// Every clock hour `1..=last` in `value` moved past noon.
fn to_afternoon_until(value: &str, last: u32) -> String {
    value
        .split('/')
        .map(|point| match point.find('T') {
            Some(t) => match point.get(t + 1..t + 3).map(str::parse::<u32>) {
                Some(Ok(h)) if (1..=last).contains(&h) => {
                    format!("{}{:02}{}", &point[..=t], h + 12, &point[t + 3..])
                }
                _ => point.to_string(),
            },
            None => point.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The clock hour of a point value (`2025-03-18T15:00` → 15).
fn clock_hour(point: &str) -> Option<u32> {
    let t = point.find('T')?;
    point.get(t + 1..t + 3)?.parse().ok()
}

/// Every clock hour `from..=11` in `value` moved past noon (`vanavond om 8 uur`).
fn to_afternoon(value: &str, from: u32) -> String {
    value
        .split('/')
        .map(|point| {
            let mut point = point.to_string();
            if let Some(t) = point.find('T') {
                if let Some(Ok(h)) = point.get(t + 1..t + 3).map(str::parse::<u32>) {
                    if (from..=11).contains(&h) {
                        point.replace_range(t + 1..t + 3, &format!("{:02}", h + 12));
                    }
                }
            }
            point
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The detail of a date annotation.
fn date_detail(a: &Annotation) -> Option<&DateDetail> {
    match &a.detail {
        Detail::Date(d) => Some(d),
        _ => None,
    }
}

/// A single day (`2025-03-18`), the kind of value other expressions attach to.
fn is_single_day(a: &Annotation) -> bool {
    a.label.len() == 10
        && date_detail(a).is_some_and(|d| d.precision == TimePrecision::Day && d.start == d.end)
}

/// The lower-cased tokens between two annotations' token bounds.
fn between<'t>(tokens: &'t [tokens::Token<'_>], last: usize, first: usize) -> Vec<&'t str> {
    tokens
        .get(last + 1..first)
        .unwrap_or_default()
        .iter()
        .map(|t| t.lower())
        .collect()
}

/// Joins annotation `i + 1` into annotation `i`: the span and token bounds grow.
fn absorb_next(
    out: &mut Vec<Annotation>,
    bounds: &mut Vec<(usize, usize)>,
    i: usize,
) -> Annotation {
    let next = out.remove(i + 1);
    let (_, next_last) = bounds.remove(i + 1);
    bounds[i].1 = next_last;
    if let (Some(span), Some(end)) = (out[i].span.as_mut(), next.span) {
        span.end = end.end;
    }
    next
}

/// Joins neighbouring expressions: for each pair `out[i]`, `out[i + 1]` with the words
/// `link` between them, `test` says whether they are one expression and hands `apply` what
/// it found; the second is then removed and `apply` folds it into the first, whose span,
/// token bounds and rule (`first+second`) grow.
fn merge_pairs<T>(
    tokens: &[tokens::Token<'_>],
    out: &mut Vec<Annotation>,
    bounds: &mut Vec<(usize, usize)>,
    test: impl Fn(&[&str], &Annotation, &Annotation) -> Option<T>,
    apply: impl Fn(&mut Annotation, Annotation, T),
) {
    let mut i = 0;
    while i + 1 < out.len() {
        let link = between(tokens, bounds[i].1, bounds[i + 1].0);
        if let Some(found) = test(&link, &out[i], &out[i + 1]) {
            let second = absorb_next(out, bounds, i);
            let first = &mut out[i];
            first.rule = format!("{}+{}", first.rule, second.rule);
            apply(first, second, found);
        }
        i += 1;
    }
}

/// `3 dagen na de 12e januari`, `2 weken voor Kerst`, `4 maanden vanaf morgen`: a count of
/// days, weeks, months or years before or after a day is that day moved.
fn merge_offsets(
    tokens: &[tokens::Token<'_>],
    out: &mut Vec<Annotation>,
    bounds: &mut Vec<(usize, usize)>,
) {
    let moved_day = |link: &[&str], count: &Annotation, day: &Annotation| {
        let link = match link {
            [rest @ .., "de" | "het"] => rest,
            link => link,
        };
        let sign = match link {
            ["na"] | ["vanaf"] | ["gerekend", "vanaf"] | ["na", "afloop", "van"] => 1,
            ["voor"] | ["vóór"] => -1,
            _ => 0,
        };
        (sign != 0 && is_single_day(day))
            .then(|| shift_day(&count.label, day, sign))
            .flatten()
    };
    merge_pairs(tokens, out, bounds, moved_day, |first, _, day| {
        first.label = day.format("%Y-%m-%d").to_string();
        first.detail = Detail::Date(DateDetail {
            timex_type: TimexType::Date,
            precision: TimePrecision::Day,
            start: Some(day),
            end: Some(day),
            modifier: None,
        });
    });
}

/// The day `anchor` moved by the duration `value` (`P3D`, `P2W`, `P4M`, `P1Y`).
fn shift_day(value: &str, anchor: &Annotation, sign: i64) -> Option<chrono::NaiveDate> {
    let body = value.strip_prefix('P')?;
    let unit = body.chars().last()?;
    let n: i64 = body[..body.len() - 1].parse().ok()?;
    let start = date_detail(anchor)?.start?;
    let n = sign * n;
    match unit {
        'D' => start.checked_add_signed(chrono::Duration::try_days(n)?),
        'W' => start.checked_add_signed(chrono::Duration::try_weeks(n)?),
        'M' | 'Y' => {
            let months = if unit == 'Y' { n.checked_mul(12)? } else { n };
            let m = chrono::Months::new(u32::try_from(months.unsigned_abs()).ok()?);
            if months >= 0 {
                start.checked_add_months(m)
            } else {
                start.checked_sub_months(m)
            }
        }
        _ => None,
    }
}

/// Duration units from the largest down, as TIMEX writes them (`T` starts the time part).
const DURATION_ORDER: &[&str] = &["Y", "M", "W", "D", "TH", "TM", "TS"];

/// The number and unit of a simple duration value (`P2Y` → `2`, `Y`; `PT30M` → `30`, `TM`).
fn duration_parts(value: &str) -> Option<(&str, String)> {
    let body = value.strip_prefix('P')?;
    let (time, body) = match body.strip_prefix('T') {
        Some(rest) => ("T", rest),
        None => ("", body),
    };
    let unit_at = body.find(|c: char| c.is_ascii_alphabetic())?;
    let (n, unit) = body.split_at(unit_at);
    let digits = !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    (digits && unit.len() == 1).then(|| (n, format!("{time}{unit}")))
}

/// `1 uur en 30 minuten`, `twee jaar en drie maanden`: durations in falling units joined by
/// `en` are one duration (`PT1H30M`, `P2Y3M`).
fn merge_durations(
    tokens: &[tokens::Token<'_>],
    out: &mut Vec<Annotation>,
    bounds: &mut Vec<(usize, usize)>,
) {
    let joined = |link: &[&str], first: &Annotation, second: &Annotation| {
        let types = [first, second]
            .map(|a| date_detail(a).is_some_and(|d| d.timex_type == TimexType::Duration));
        let (_, u1) = duration_parts(&first.label)?;
        let (n2, u2) = duration_parts(&second.label)?;
        let rank = |u: &str| DURATION_ORDER.iter().position(|x| *x == u);
        let falling = rank(&u1)? < rank(&u2)?;
        let value = match u2.strip_prefix('T') {
            Some(unit) if u1.starts_with('T') => format!("{}{n2}{unit}", first.label),
            Some(unit) => format!("{}T{n2}{unit}", first.label),
            None => format!("{}{n2}{u2}", first.label),
        };
        (types == [true, true] && falling && link == ["en"]).then_some(value)
    };
    merge_pairs(tokens, out, bounds, joined, |first, _, value| {
        first.label = value;
    });
}

/// What `nu` and `heden` stand for as the end of a range: the DCT's day, or its month when
/// the DCT gives no day.
fn now(published: &PubDate) -> Now {
    let (start, end) = (published.start, published.end);
    let value = if start == end {
        start.format("%Y-%m-%d").to_string()
    } else {
        start.format("%Y-%m").to_string()
    };
    (value, start, end)
}

/// The value and interval `nu` stands for in a range (see [`now`]).
type Now = (String, chrono::NaiveDate, chrono::NaiveDate);

/// `volgende week op dinsdag`: a week and a day in it (resolved in that week) are one
/// expression with the day's value.
fn merge_week_day(
    tokens: &[tokens::Token<'_>],
    out: &mut Vec<Annotation>,
    bounds: &mut Vec<(usize, usize)>,
) {
    let day_in_week = |link: &[&str], first: &Annotation, second: &Annotation| {
        let week = date_detail(first).is_some_and(|d| d.precision == TimePrecision::Week)
            && !first.label.ends_with("WE");
        let inside = match (date_detail(first), date_detail(second)) {
            (Some(w), Some(d)) if d.start.is_some() => w.start <= d.start && d.end <= w.end,
            // No DCT: an unknown week and a weekday of an unknown week.
            (Some(w), Some(_)) => w.start.is_none() && second.label.starts_with("XXXX-WXX-"),
            _ => false,
        };
        (week && inside && link == ["op"] && second.label.get(..10).is_some()).then_some(())
    };
    merge_pairs(tokens, out, bounds, day_in_week, |first, second, ()| {
        first.label = second.label;
        first.detail = second.detail;
    });
}

/// True for a value with a clock time (`2013-02-12T16:00`, not `…TAF`).
fn has_clock_time(label: &str) -> bool {
    label.get(10..11) == Some("T") && label.as_bytes().get(11).is_some_and(u8::is_ascii_digit)
}

/// `elke maandag om 16.00`, `donderdagen om 17.30`: a recurring day at a clock time is one
/// set; a weekly set takes the time into its value (`XXXX-WXX-1T16:00`).
fn merge_set_time(
    tokens: &[tokens::Token<'_>],
    out: &mut Vec<Annotation>,
    bounds: &mut Vec<(usize, usize)>,
) {
    let set_at_time = |link: &[&str], first: &Annotation, second: &Annotation| {
        let set = date_detail(first).is_some_and(|d| d.timex_type == TimexType::Set)
            && (first.label.starts_with("XXXX-WXX-")
                || first.label.starts_with("XXXX-XX-XXT")
                || first.label == "P1D");
        let time = has_clock_time(&second.label) && !second.label.contains('/');
        (set && time && matches!(link, [] | ["om"])).then_some(())
    };
    merge_pairs(tokens, out, bounds, set_at_time, |first, second, ()| {
        // `XXXX-WXX-1T16:00`; `elke avond om 19.13` and `elke dag 15.00` are
        // `XXXX-XX-XXT19:13`.
        let day = match first.label.as_str() {
            "P1D" => "XXXX-XX-XX".to_string(),
            label => label.split('T').next().unwrap_or("").to_string(),
        };
        first.label = format!("{day}{}", &second.label[10..]);
    });
}

/// `20.30 vandaag`, `om 13.00 28 februari 2013`, `14.00 - 14.30 op dinsdag`: a clock time
/// (or range) right before a day takes that day.
fn merge_time_then_day(
    tokens: &[tokens::Token<'_>],
    out: &mut Vec<Annotation>,
    bounds: &mut Vec<(usize, usize)>,
) {
    let time_on_day = |link: &[&str], first: &Annotation, second: &Annotation| {
        let clock = date_detail(first).is_some_and(|d| d.timex_type == TimexType::Time)
            && has_clock_time(&first.label);
        let day_part = second.label.len() == 13
            && date_detail(second).is_some_and(|d| d.precision == TimePrecision::Day);
        let day = is_single_day(second) || day_part;
        (clock && matches!(link, [] | ["op"] | ["de"]) && day).then_some(())
    };
    merge_pairs(tokens, out, bounds, time_on_day, |first, second, ()| {
        let day = second.label[..10].to_string();
        // `half zes morgenavond` is 17:30; but a range with an end past noon
        // (`8 uur 's morgens-15:00 gisterenmiddag`) is already on the 24-hour dial.
        let past_noon = first
            .label
            .split('/')
            .any(|p| clock_hour(p).is_some_and(|h| h >= 12));
        match second.label.get(10..) {
            Some("TAF") if !past_noon => first.label = to_afternoon(&first.label, 1),
            Some("TEV") if !past_noon => first.label = to_afternoon(&first.label, 5),
            _ => {}
        }
        first.label = first
            .label
            .split('/')
            .map(|p| format!("{day}{}", p.get(10..).unwrap_or("")))
            .collect::<Vec<_>>()
            .join("/");
        if let (Detail::Date(d), Some(s)) = (&mut first.detail, date_detail(&second)) {
            d.start = s.start;
            d.end = s.end;
        }
    });
}

/// Token sequences that join two calendar expressions into one range.
const RANGE_LINKS: &[&[&str]] = &[
    &["tot"],
    &["tot", "het"],
    &["tot", "de"],
    &["tot", "op"],
    &["en", "het"],
    &["en", "de"],
    &["t", "/", "m"],
    &["tot", "en", "met"],
    &["-"],
    &["–"],
    &["~"],
    &["en"],
];

/// `2014 tot 2018`, `13 t/m 15 juli`, `tussen 2014 en 2018`: two calendar expressions joined
/// by a range link become one expression whose value is the ISO 8601 interval `start/end`
/// of both values and whose interval runs from the first's start to the second's end.
/// `en` links only after `tussen`, so `2019 en maart` stays two expressions.
fn merge_ranges(
    tokens: &[tokens::Token<'_>],
    out: &mut Vec<Annotation>,
    bounds: &mut Vec<(usize, usize)>,
    published: Option<&PubDate>,
) {
    let mut i = 0;
    while i + 1 < out.len() {
        let ((_, last), (first, _)) = (bounds[i], bounds[i + 1]);
        let link: Vec<&str> = tokens[last + 1..first].iter().map(|t| t.lower()).collect();
        // `tussen 2014 en 2018`, `tussen het einde van 2007 en ...`.
        let word = |k: Option<usize>| k.and_then(|k| tokens.get(k)).map_or("", |t| t.lower());
        let first = bounds[i].0;
        let between = word(first.checked_sub(1)) == "tussen"
            || (matches!(word(first.checked_sub(1)), "het" | "de")
                && word(first.checked_sub(2)) == "tussen");
        // A range is not extended again (`maart tot mei tot juli`).
        // `maart tot op heden`: the second holds the link.
        let holds_link = link.is_empty() && word(Some(bounds[i + 1].0)) == "tot";
        let linked = (RANGE_LINKS.contains(&link.as_slice()) || holds_link)
            && (link.first() != Some(&"en") || between)
            && !out[i].label.contains('/')
            && !out[i + 1].label.contains('/');
        // `tussen nu en 21 mei`, `van maart tot op heden`: `nu` is the DCT's day there.
        // Formatted only here: most sentences hold no range.
        let now = published.filter(|_| linked).map(now);
        if let Some(now) = &now {
            for k in [i, i + 1] {
                let (a, b) = bounds[k];
                let single = a == b || word(Some(a)) == "tot";
                if single
                    && matches!(word(Some(b)), "nu" | "heden")
                    && out[k].label == "PRESENT_REF"
                {
                    out[k].label.clone_from(&now.0);
                    if let Detail::Date(d) = &mut out[k].detail {
                        (d.start, d.end) = (Some(now.1), Some(now.2));
                        d.precision = if now.1 == now.2 {
                            TimePrecision::Day
                        } else {
                            TimePrecision::Month
                        };
                    }
                }
            }
        }
        if let Some(now) = &now {
            // `tussen nu en 1-1-1980` stays as written: only a year-less end moves.
            let (a, b) = bounds[i + 1];
            let explicit_year = out[i + 1].rule.contains("numeric_date")
                || tokens[a..=b]
                    .iter()
                    .any(|t| t.is_digits() && t.lower().len() == 4);
            if !explicit_year {
                order_ends(out, i, now);
            }
        }
        // `het middaguur vandaag tot het middaguur morgen`: two clock times on days.
        let clocks = [&out[i], &out[i + 1]]
            .iter()
            .all(|a| has_clock_time(&a.label) && !a.label.contains('/'));
        // Without a DCT an end may be unresolved (`1 januari 2000 tot dinsdag`).
        let placed = |a: &Annotation| {
            date_detail(a).is_some_and(|d| d.start.is_some() || a.label.starts_with("XXXX"))
        };
        let ordered = |a: &DateDetail, b: &DateDetail| match (a.start, b.end) {
            (Some(start), Some(end)) => start <= end,
            _ => true,
        };
        match (linked, &out[i].detail, &out[i + 1].detail) {
            (true, Detail::Date(a), Detail::Date(b))
                if ((a.timex_type == TimexType::Date && b.timex_type == TimexType::Date)
                    || clocks)
                    && placed(&out[i])
                    && placed(&out[i + 1])
                    && ordered(a, b) =>
            {
                let end = b.end;
                let second = out.remove(i + 1);
                let (_, second_last) = bounds.remove(i + 1);
                let merged = &mut out[i];
                merged.label = format!("{}/{}", merged.label, second.label);
                merged.rule = format!("{}..{}", merged.rule, second.rule);
                if let (Some(span), Some(end_span)) = (merged.span.as_mut(), second.span) {
                    span.end = end_span.end;
                }
                if let Detail::Date(d) = &mut merged.detail {
                    d.end = end;
                    if d.start.is_none() || d.end.is_none() {
                        (d.start, d.end) = (None, None);
                    }
                }
                bounds[i].1 = second_last;
            }
            _ => i += 1,
        }
    }
}

/// A range runs forward: `van volgende maandag tot vrijdag` ends on the Friday after that
/// Monday, `tussen nu en 21 mei` on the next 21 May. A weekday second end moves on by
/// weeks, a day or month next to `nu` by years.
fn order_ends(out: &mut [Annotation], i: usize, now: &Now) {
    let (Some(a), Some(b)) = (date_detail(&out[i]), date_detail(&out[i + 1])) else {
        return;
    };
    let (Some(a_start), Some(b_end)) = (a.start, b.end) else {
        return;
    };
    if a_start <= b_end {
        return;
    }
    let weekday = out[i + 1].rule.ends_with("weekday") && is_single_day(&out[i + 1]);
    let from_now = out[i].label == now.0 && out[i + 1].label.len() >= 7;
    if !weekday && !from_now {
        return;
    }
    let moved = |d: chrono::NaiveDate| {
        if weekday {
            let weeks = (a_start - d).num_days().div_euclid(7) + 1;
            d.checked_add_signed(chrono::Duration::try_weeks(weeks)?)
        } else {
            d.checked_add_months(chrono::Months::new(12))
        }
    };
    let second = &mut out[i + 1];
    let Detail::Date(d) = &mut second.detail else {
        return;
    };
    let (Some(start), Some(end)) = (d.start.and_then(moved), d.end.and_then(moved)) else {
        return;
    };
    let value = if second.label.len() == 10 {
        start.format("%Y-%m-%d").to_string()
    } else if second.label.len() == 7 {
        start.format("%Y-%m").to_string()
    } else {
        return;
    };
    (d.start, d.end) = (Some(start), Some(end));
    second.label = value;
}

/// TIMEX3 has no negative or five-digit years (`2040 jaren geleden` from 1990).
fn representable(r: &Resolved) -> bool {
    let digits = r.value.bytes().take_while(u8::is_ascii_digit).count();
    !r.value.starts_with('-') && digits <= 4
}

/// The day annotation a clock time directly follows (at most one word, `om`, between;
/// not `of`/`en`, which coordinate two expressions).
fn merge_target<'a>(
    before: &Option<(usize, Resolved)>,
    m: &Mention,
    out: &'a [Annotation],
    tokens: &[tokens::Token<'_>],
) -> Option<&'a Annotation> {
    let (last, resolved) = before.as_ref()?;
    let day = out.last()?;
    // `vandaag tot het middaguur morgen`: a range link parts the day from the time too.
    let coordinated = tokens.get(last + 1..m.first).is_some_and(|t| {
        t.iter()
            .any(|t| matches!(t.lower(), "of" | "en" | "tot" | "-" | "–"))
    });
    let adjacent = m.first <= last + 2 && !coordinated;
    // A day (or part of one), not a counted period with a day's precision (`60 vorige
    // jaren 0.00`).
    let a_day =
        resolved.precision == TimePrecision::Day && resolved.timex_type != TimexType::Duration;
    (adjacent && a_day && day.label == resolved.value).then_some(day)
}

/// Applies the mention's edge to the interval.
fn finish(mut resolved: Resolved, m: &Mention) -> Resolved {
    if let (Some(edge), false) = (m.edge, matches!(m.referent, Referent::Weekday(..))) {
        resolve::narrow(&mut resolved, edge);
    }
    resolved
}

fn annotation(sentence: u32, span: ByteSpan, m: &Mention, r: Resolved) -> Annotation {
    Annotation {
        sentence,
        label: r.value,
        span: Some(span),
        rule: m.rule.to_string(),
        detail: Detail::Date(DateDetail {
            timex_type: r.timex_type,
            precision: r.precision,
            start: r.start,
            end: r.end,
            modifier: m.modifier,
        }),
    }
}

impl Annotator for DateTagger {
    fn layer(&self) -> Layer {
        Layer::Date
    }

    fn annotate(&self, document: &Document, sentences: &[Sentence], out: &mut Vec<Annotation>) {
        let mut previous = None;
        let mut lowered = String::new();
        for sentence in sentences {
            out.extend(self.tag_in(document, sentence, &mut previous, &mut lowered));
        }
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_undated;
