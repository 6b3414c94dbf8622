//! Recognition: token patterns that find temporal expressions and say what they mean
//! independently of the publication date ([`Referent`]).
//!
//! Every rule is a function `(position) -> Option<Mention>`; at every position that
//! passed the cheap per-token check, the rules that can start at its word run (see
//! `rule_starts`), and the leftmost-longest mentions win.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::tokens::Token;
use super::vocab::{
    DayPart, NumberWord, Phrase, PhraseList, Unit, Vocabulary, MIN_STEM_CHARS, YEAR_WORDS,
};

/// Whether a year-less weekday looks back, forward, or follows the sentence's tense.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Past or future by the sentence's tense (news mode: past unless future cues).
    Bias,
    /// Strictly before the DCT (`afgelopen`, `vorige`).
    Past,
    /// Strictly after the DCT (`komende`, `volgende`).
    Future,
    /// In the ISO week this many weeks from the DCT's week (`vorige week woensdag`).
    Week(i64),
}

/// How a year is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearRef {
    /// Written out (`2022`).
    Explicit(i32),
    /// Relative to the DCT's year (`vorig jaar` is -1).
    Shift(i32),
    /// Not given: nearest by the sentence's tense, or the preceding expression's year.
    Open,
    /// The previous (-1), current (0) or next (1) occurrence of a season.
    Occurrence(i32),
}

/// What an expression denotes, before resolution against the DCT.
#[derive(Debug, Clone, PartialEq)]
pub enum Referent {
    /// A calendar year (`2014`).
    Year(YearRef),
    /// `maart 2020`, `in november`.
    Month(YearRef, u32),
    /// `18 maart`, `11 december 2019`.
    DayMonth(YearRef, u32, u32),
    /// A season (`SP`, `SU`, `FA`, `WI`).
    Season(YearRef, &'static str),
    /// A quarter (1..=4).
    Quarter(YearRef, u32),
    /// A half year (1 or 2).
    Half(YearRef, u32),
    /// A decade by its first year (`1990`).
    Decade(i32),
    /// A century by its ordinal (`de 15e eeuw` is 15: 1400–1499).
    Century(i32),
    /// An ISO week number.
    IsoWeek(YearRef, u32),
    /// A weekday (1 = Monday) with optional part of day.
    Weekday(u32, Direction, Option<DayPart>),
    /// A day relative to the DCT (`gisteren` is -1).
    DayOffset(i64, Option<DayPart>),
    /// A calendar unit (`D`, `W`, `M`, `Y`) shifted from the DCT's (`vorige week`).
    Shift(&'static str, i64),
    /// A holiday: `MM-DD` or `easter±N`.
    Holiday(YearRef, &'static str),
    /// A clock time.
    Time(u32, u32),
    /// A length of time, as TIMEX value.
    Duration(String),
    /// A recurring time, as TIMEX value.
    Set(String),
    /// `PAST_REF`, `PRESENT_REF`, `FUTURE_REF`.
    Vague(&'static str),
    /// `diezelfde dag`: the previous expression's value.
    SameAsPrevious,
    /// A part of a day not yet tied to a day (`'s avonds`, `in de ochtend`).
    DayPart(DayPart),
    /// A day of the month without a month (`op de 15e`), optionally on a weekday
    /// (`maandag de 21e`).
    DayOfMonth(u32, Option<u32>),
    /// Two expressions joined into one range (`13 t/m 15 juli`, `5 tot 6 's middags`).
    Range(Box<Referent>, Box<Referent>),
    /// A counted period bound to the DCT (`de komende drie dagen`, `de afgelopen 5 jaar`):
    /// the duration's TIMEX value, its unit (`D`, `W`, `M`, `Y`, ...) and the signed count.
    /// `binnen` counts from the DCT itself (`from_dct`), `komende` from the day after.
    Counted(String, &'static str, i64, bool),
    /// The nth (`-1`: last) weekday, day or week in a month or year (`de laatste maandag
    /// van maart`, `de eerste week van 2015`).
    Nth(Box<Referent>, NthKind, i32),
    /// A part of a given day (`de avond van 4 maart`).
    WithPart(Box<Referent>, DayPart),
    /// The ISO week of a day (`de week van 10 april`).
    WeekOf(Box<Referent>),
    /// A day this many weeks or months from the DCT (`over twee weken`).
    DayShift(&'static str, i64),
    /// The unit (`D`, `W`, `WE`, `M`, `Y`) this many units from the one holding the previous
    /// expression, else from the DCT's (`dezelfde week`, `de dag erna`, `drie jaar later`).
    FromPrevious(&'static str, i64),
    /// `het weekend`: in news the last one begun, in the future the coming one.
    Weekend,
}

/// What [`Referent::Nth`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NthKind {
    /// A weekday (1 = Monday).
    Weekday(u32),
    /// A day.
    Day,
    /// A week (Monday to Sunday) of the period: the nth whose Thursday falls in it, as
    /// ISO 8601 numbers the weeks of a year.
    Week,
}

/// A recognised expression: a token range and its meaning.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// First token.
    pub first: usize,
    /// Last token (inclusive).
    pub last: usize,
    /// What it denotes.
    pub referent: Referent,
    /// The rule or lexicon row that fired: a rule's name is borrowed, so that a candidate
    /// mention (most lose to a longer one) allocates nothing for it.
    pub rule: Cow<'static, str>,
    /// TIMEX3 modifier from a hedge, edge word or preposition.
    pub modifier: Option<&'static str>,
    /// `START`, `MID` or `END` when an edge word narrows the interval.
    pub edge: Option<&'static str>,
}

impl Mention {
    fn new(
        first: usize,
        last: usize,
        referent: Referent,
        rule: impl Into<Cow<'static, str>>,
    ) -> Self {
        Mention {
            first,
            last,
            referent,
            rule: rule.into(),
            modifier: None,
            edge: None,
        }
    }
}

/// Rule name of a clock time read on a 12-hour dial (`om drie uur`).
pub const CLOCK_12H: &str = "clock_time_12h";

/// Words before `<n> uur` that make it a clock time.
const CLOCK_PREPOSITIONS: &[&str] = &["om", "rond", "omstreeks", "vanaf", "tot", "tegen"];
/// The hours one to twelve in the colloquial plural (`om vieren`).
const HOUR_PLURALS: &[&str] = &[
    "enen", "tweeën", "drieën", "vieren", "vijven", "zessen", "zevenen", "achten", "negenen",
    "tienen", "elven", "twaalven",
];
/// Verbs before `<n> jaar` that make it an age (`hij is 37 jaar`).
/// Words that bound a counted duration to the present (`binnen [de komende] 9 maanden`,
/// `de afgelopen drie dagen`, `over 5 minuten`); they belong to the expression's span.
const DURATION_LEADS: &[&str] = &[
    "binnen",
    "komende",
    "aankomende",
    "afgelopen",
    "voorbije",
    "laatste",
    "vorige",
    "volgende",
    "over",
];

/// Leads of a counted duration that bind it to the DCT: forward (`de komende drie dagen`,
/// `binnen 9 maanden`) or back (`de afgelopen 5 jaar`).
const FORWARD_LEADS: &[&str] = &["binnen", "komende", "aankomende", "volgende"];
const BACKWARD_LEADS: &[&str] = &["afgelopen", "voorbije", "laatste", "vorige"];

/// Words after a number that make it a measure, not a clock time (`1.50 meter`).
const MEASURES: &[&str] = &[
    "%", "procent", "meter", "m", "km", "cm", "mm", "kilo", "kg", "gram", "euro", "dollar", "pond",
    "miljoen", "miljard", "punten", "liter", "graden", "x", "keer",
];
/// Words that may follow a bare day number (`op de 15e om 8 uur`); a noun after it
/// (`de 3e plaats`) makes it a rank, not a day.
const AFTER_BARE_DAY: &[&str] = &[
    "om", "rond", "tussen", "van", "tot", "en", "of", "terug", "weer", "al", "nog", "is", "was",
    "zal", "ook", "dan", "pas", "s",
];
/// Words that link the two ends of a range.
const RANGE_WORDS: &[&[&str]] = &[
    &["tot", "en", "met"],
    &["t", "/", "m"],
    &["tot"],
    &["-"],
    &["–"],
    &["~"],
];

/// Words after which `voor` names the date something is set for (`gepland voor woensdag`,
/// `staat op de agenda voor 12 maart`), not a time before it.
const SET_FOR: &[&str] = &[
    "gepland",
    "geplande",
    "agenda",
    "vastgesteld",
    "vastgelegd",
    "uitgesteld",
];

const COPULAS: &[&str] = &["is", "was", "ben", "werd", "wordt", "zijn", "waren", "bent"];
/// Words before `morgen` that make it the noun "morning", not "tomorrow".
const MORNING_DETERMINERS: &[&str] = &["de", "deze", "die", "elke", "iedere", "s", "goede"];
/// Words after `nu` that make it the conjunction "now that".
const NU_CONJUNCTION_NEXT: &[&str] = &[
    "de", "het", "een", "die", "dat", "deze", "dit", "hij", "zij", "ze", "we", "wij", "ik", "jij",
    "je", "u", "men", "er", "zijn", "haar", "hun", "ons", "onze", "mijn",
];
/// Words before `recent` that make it an adjective.
const RECENT_ADJECTIVE_BEFORE: &[&str] = &[
    "een", "het", "de", "dit", "zo", "zeer", "heel", "vrij", "meest", "te", "erg", "nog",
];
/// Verbs and function words that may follow a year (`2014 was een rampjaar`).
const AFTER_YEAR: &[&str] = &[
    "was", "werd", "is", "wordt", "zal", "zou", "had", "heeft", "en", "of", "tot", "tegen", "al",
    "nog", "werden", "waren", "zijn", "bleek", "begon", "kwam", "ging", "stond", "lag", "van",
];
/// Words before a four-digit number that make it a year whatever follows.
const STRONG_BEFORE_YEAR: &[&str] = &[
    "in",
    "sinds",
    "tot",
    "vanaf",
    "rond",
    "omstreeks",
    "begin",
    "eind",
    "einde",
    "midden",
    "medio",
    "jaar",
    "sedert",
    "anno",
    "zomer",
    "winter",
    "lente",
    "herfst",
    "voorjaar",
    "najaar",
];
/// Words before a four-digit number that make it a year when no noun follows.
const WEAK_BEFORE_YEAR: &[&str] = &[
    "van", "voor", "vóór", "na", "tussen", "en", "of", "t/m", "-", "–", "/",
];

/// Finds every expression in one sentence.
pub struct Recogniser<'a> {
    vocab: &'a Vocabulary,
    tokens: &'a [Token<'a>],
    /// Each token's reading (number, weekday, relative word, ...), looked up once: many
    /// rules ask for it.
    info: Vec<WordInfo>,
    /// Whether rules run only where they can start ([`rule_starts`],
    /// [`Recogniser::dated`]); off only in tests, which compare both.
    gate_rules: bool,
}

/// Every string literal of this file's source: the words the rules compare tokens with.
/// Taken from the source itself so that a new rule word can never be missed by
/// [`Recogniser::inert`].
fn rule_words() -> impl Iterator<Item = &'static str> {
    // Comments quote English glosses ("morning"); code quotes rule words.
    include_str!("recognise.rs")
        .lines()
        .flat_map(|line| {
            let code = line.split("//").next().unwrap_or("");
            code.split('\u{22}').skip(1).step_by(2)
        })
        .filter(|w| !w.is_empty())
}

/// Words that make a token worth running the rules at (see [`Recogniser::inert`]): every
/// rule word and every vocabulary word.
pub(super) fn anchor_words(vocab: &Vocabulary) -> Vec<&'static str> {
    let mut words: Vec<&'static str> = rule_words().collect();
    let phrase_lists = [
        &vocab.vague,
        &vocab.holidays,
        &vocab.quantities,
        &vocab.number_phrases,
    ];
    words.extend(
        phrase_lists
            .into_iter()
            .flatten()
            .flat_map(|p| p.words.iter().copied()),
    );
    words.extend(vocab.months.keys());
    words.extend(vocab.weekdays.keys());
    words.extend(vocab.weekday_abbreviations.keys());
    words.extend(vocab.day_parts.keys());
    words.extend(vocab.deictic.keys());
    words.extend(vocab.seasons.keys());
    words.extend(vocab.numbers.keys());
    words.extend(vocab.units.keys());
    words.extend(vocab.sets.keys());
    words.extend(vocab.future_cues.keys());
    words.extend(vocab.prepositions.keys());
    words.extend(vocab.edges.keys());
    words.extend(vocab.relative.keys());
    words
}

/// What the rules read of one word, found once per token: a vocabulary word's reading
/// comes from [`Vocabulary::words`] in one lookup, any other word's is computed.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WordInfo {
    /// Its number reading ([`Vocabulary::number`]).
    number: Option<NumberWord>,
    /// Its weekday reading, with a compounded part of day.
    weekday: Option<(u32, Option<DayPart>)>,
    /// Its direction as a relative word.
    relative: Option<i32>,
    /// Its [`PhraseList`] bits.
    phrase_starts: u8,
    /// A month name or a weekday abbreviation.
    month_or_abbreviation: bool,
    /// A rule or vocabulary word ([`anchor_words`]).
    anchor: bool,
    /// For an anchor word, bit `k` set: rule `k` of [`Recogniser::best_at`] can start at
    /// this word (see [`rule_starts`]). Other words get theirs computed where `best_at`
    /// runs, which is at few of them.
    starts: u64,
}

/// The full reading of `word` from the vocabulary's separate tables.
pub(super) fn word_info(vocab: &Vocabulary, word: &str) -> WordInfo {
    let mut info = WordInfo {
        number: vocab.number(word),
        weekday: weekday_of(vocab, word),
        relative: vocab.relative.get(word).copied(),
        phrase_starts: vocab.phrase_starts.get(word).copied().unwrap_or(0),
        month_or_abbreviation: vocab.months.contains_key(word)
            || vocab.weekday_abbreviations.contains_key(word),
        anchor: vocab.anchors.contains_key(word),
        starts: 0,
    };
    if info.anchor {
        info.starts = rule_starts(vocab, word, &info);
    }
    info
}

/// The reading of `word`: looked up for a vocabulary or rule word, else computed. Every
/// table behind [`word_info`] holds only anchor words, so a word outside
/// [`Vocabulary::words`] can only be a compound number or weekday.
fn lookup(vocab: &Vocabulary, word: &str) -> WordInfo {
    // Outside the table the word is no row of `numbers.tsv` or `weekdays.tsv` either.
    vocab.words.get(word).copied().unwrap_or_else(|| WordInfo {
        number: vocab.unlisted_number(word),
        weekday: weekday_compound(vocab, word),
        ..WordInfo::default()
    })
}

/// The rules of [`Recogniser::best_at`] that can start at `word` (whose reading is `info`
/// but for `starts`), as bits in the order of [`Recogniser::RULES`]. Each bit is what its
/// rule requires of its first token, read from the rule's code, so that `best_at` skips
/// only rules that return nothing there; `rule_gates_change_no_result` checks this.
fn rule_starts(vocab: &Vocabulary, word: &str, info: &WordInfo) -> u64 {
    // Every table below holds only anchor words: other words need no lookup.
    let table = info.anchor;
    let digit = word.bytes().any(|b| b.is_ascii_digit());
    let number = info.number.is_some();
    let relative = info.relative.is_some();
    let weekday = info.weekday.is_some();
    let phrase = |list: PhraseList| info.phrase_starts & list as u8 != 0;
    let count = number || phrase(PhraseList::Numbers);
    // As [`Recogniser::dated_at`].
    let dated = digit
        || number
        || relative
        || weekday
        || info.month_or_abbreviation
        || matches!(word, "half" | "kwart");
    let month = table && vocab.months.contains_key(word);
    let abbreviation = table && vocab.weekday_abbreviations.contains_key(word);
    let unit = table && vocab.units.contains_key(word);
    let article = matches!(word, "de" | "het");
    let deictic_compound = vocab.deictic_stems.iter().any(|(stem, _)| {
        word.strip_prefix(stem)
            .is_some_and(|rest| vocab.day_parts.contains_key(rest))
    });
    let weekday_plural = word
        .strip_suffix("en")
        .is_some_and(|stem| vocab.weekdays.contains_key(stem));
    let rules: [bool; Recogniser::RULES.len()] = [
        // numbered_period
        article || digit || matches!(word, "week" | "h1" | "h2" | "q1" | "q2" | "q3" | "q4"),
        // vague_phrase
        word == "recent" || phrase(PhraseList::Vague),
        // vague_plural
        matches!(
            word,
            "tot"
                | "de"
                | "het"
                | "laatste"
                | "afgelopen"
                | "voorbije"
                | "vorige"
                | "komende"
                | "volgende"
                | "aankomende"
        ),
        // numeric_date
        digit,
        // day_month
        dated,
        // month_year
        month,
        // season
        relative
            || matches!(word, "de" | "het" | "dit")
            || (table && vocab.seasons.contains_key(word)),
        // year
        digit
            || matches!(
                word,
                "fiscale"
                    | "fiscaal"
                    | "huidige"
                    | "huidig"
                    | "jaar"
                    | "kalenderjaar"
                    | "schooljaar"
                    | "boekjaar"
                    | "begrotingsjaar"
            )
            || YEAR_WORDS.iter().any(|(w, _)| *w == word),
        // decade
        matches!(word, "'" | "’" | "de" | "jaren"),
        // quarter
        article || dated,
        // weekday
        word == "deze" || relative || weekday || abbreviation,
        // deictic
        relative || (table && vocab.deictic.contains_key(word)) || deictic_compound,
        // relative_unit
        matches!(word, "later" | "eerder" | "vroeg") || article || relative,
        // ago_or_ahead
        word == "over" || unit || count || phrase(PhraseList::Quantities),
        // duration
        phrase(PhraseList::Quantities)
            || DURATION_LEADS.contains(&word)
            || matches!(word, "de" | "het" | "een" | "hele" | "gehele" | "heel")
            || unit
            || count,
        // set
        (table && vocab.sets.contains_key(word))
            || matches!(
                word,
                "weekenden" | "alle" | "eenmaal" | "elke" | "iedere" | "elk" | "ieder" | "per"
            )
            || weekday_plural,
        // holiday
        relative || word == "laatste" || phrase(PhraseList::Holidays),
        // clock_time
        dated || HOUR_PLURALS.contains(&word),
        // day_part_clock
        matches!(word, "'" | "’"),
        // day_part_phrase
        matches!(
            word,
            "'" | "’" | "‘" | "vroeg" | "later" | "laat" | "in" | "de" | "het" | "middaguur"
        ) || (table && vocab.day_parts.contains_key(word)),
        // day_of_month
        weekday || abbreviation || word == "de",
        // month_day
        month,
        // nth_in_period
        article || dated,
        // range
        dated,
        // counted_after
        count,
        // week_of
        word == "week",
        // weekend
        word == "weekend",
        // later_than_previous
        number,
        // edge
        table && vocab.edges.contains_key(word),
        // same_as_previous
        matches!(
            word,
            "diezelfde" | "dezelfde" | "datzelfde" | "hetzelfde" | "dat" | "die" | "de" | "het"
        ),
        // nu
        word == "nu",
        // rest_of
        word == "rest",
        // unit_after_next, unit_to_date
        period_unit(word).is_some(),
        period_unit(word).is_some(),
    ];
    rules
        .iter()
        .enumerate()
        .fold(0, |bits, (k, &can)| bits | (u64::from(can) << k))
}

/// A weekday name, possibly compounded with a part of day (`woensdagochtend`).
fn weekday_of(vocab: &Vocabulary, word: &str) -> Option<(u32, Option<DayPart>)> {
    if let Some(&d) = vocab.weekdays.get(word) {
        return Some((d, None));
    }
    weekday_compound(vocab, word)
}

/// False when `word` cannot start with `prefix` by its first byte: spares most calls of
/// `starts_with` (a `memcmp`) on words of running text.
fn same_first_byte(word: &str, prefix: &str) -> bool {
    prefix
        .bytes()
        .next()
        .is_none_or(|b| word.as_bytes().first() == Some(&b))
}

/// A weekday name compounded with a part of day (`woensdagochtend`).
fn weekday_compound(vocab: &Vocabulary, word: &str) -> Option<(u32, Option<DayPart>)> {
    if word.len() < vocab.weekday_compound_min {
        return None;
    }
    let &(name, d) = vocab
        .weekday_list
        .iter()
        .find(|(name, _)| same_first_byte(word, name) && word.starts_with(*name))?;
    let part = vocab.day_parts.get(&word[name.len()..])?;
    Some((d, Some(part)))
}

impl<'a> Recogniser<'a> {
    /// A recogniser over one sentence's tokens.
    pub fn new(vocab: &'a Vocabulary, tokens: &'a [Token<'a>]) -> Self {
        let info = tokens.iter().map(|t| lookup(vocab, t.lower())).collect();
        Recogniser {
            vocab,
            tokens,
            info,
            gate_rules: true,
        }
    }

    /// Whether a day, date or clock time can start at token `i`: a number (in digits, in
    /// words or glued to letters, as `15e`, `3maart`, `15u`), a month, a weekday (or its
    /// abbreviation), a relative word (`volgende 3 mei`) or `half`/`kwart` (`half vier`).
    /// `range`, `day_month` and `clock_time` reach their first token only through these
    /// readings, so elsewhere they are not run.
    fn dated_at(&self, i: usize) -> bool {
        let word = self.word(i);
        word.bytes().any(|b| b.is_ascii_digit())
            || self.num(i).is_some()
            || self.relative(i).is_some()
            || self.weekday_word(i).is_some()
            || self.info(i).month_or_abbreviation
            || matches!(word, "half" | "kwart")
    }

    /// See [`Recogniser::dated_at`]; found where a rule asks, which is at few tokens.
    fn dated(&self, i: usize) -> bool {
        // Ungated (tests only): every token, as though a date could start anywhere.
        i < self.tokens.len() && (!self.gate_rules || self.dated_at(i))
    }

    /// True when no rule can start at token `i`: a plain word that is no rule or
    /// vocabulary word, no number, no weekday and holds no time-word stem (compounds such
    /// as `kerstavond`, `jarenlang`). Most tokens of a sentence are inert, and skipping
    /// them spares running every rule there.
    fn inert(&self, i: usize) -> bool {
        let Some(t) = self.tokens.get(i) else {
            return false;
        };
        let word = t.lower();
        // The anchor bit first: it settles the most frequent words (`de`, `van`).
        !self.info(i).anchor
            // ASCII letters first: decoding characters is slower.
            && (word.bytes().all(|b| b.is_ascii_alphabetic())
                || word.chars().all(char::is_alphabetic))
            && self.num(i).is_none()
            && self.weekday_word(i).is_none()
            // A word shorter than every stem holds none.
            && !self
                .vocab
                .stems
                .as_ref()
                .is_none_or(|_| word.len() >= MIN_STEM_CHARS && self.vocab.holds_stem(word))
    }

    /// The number reading of token `k`.
    fn num(&self, k: usize) -> Option<NumberWord> {
        self.info(k).number
    }

    /// The reading of token `k` (empty past the end).
    fn info(&self, k: usize) -> WordInfo {
        self.info.get(k).copied().unwrap_or_default()
    }

    /// The direction of token `k` as a relative word (`vorige` -1, `deze` 0, `volgende` 1).
    fn relative(&self, k: usize) -> Option<i32> {
        self.info(k).relative
    }

    fn word(&self, i: usize) -> &'a str {
        self.tokens.get(i).map_or("", Token::lower)
    }

    /// Leftmost-longest mentions, without overlaps, with prepositions turned into modifiers.
    pub fn mentions(&self) -> Vec<Mention> {
        let mut out: Vec<Mention> = Vec::new();
        let mut i = 0;
        // Whether token `i` is inert, when found already (as the token after the last).
        let mut inert_here = None;
        while i < self.tokens.len() {
            if inert_here.take().unwrap_or_else(|| self.inert(i)) {
                i += 1;
                continue;
            }
            let inert_next = self.inert(i + 1);
            match self.best_before(i, inert_next) {
                Some(mut m) => {
                    self.attach_preposition(&mut m);
                    self.attach_comparison(&mut m, out.last().map_or(0, |p| p.last + 1));
                    inert_here = (m.last == i).then_some(inert_next);
                    i = m.last + 1;
                    out.push(m);
                }
                None => {
                    inert_here = Some(inert_next);
                    i += 1;
                }
            }
        }
        out
    }

    /// The longest mention starting at token `i`.
    fn best_at(&self, i: usize) -> Option<Mention> {
        self.best_before(i, self.inert(i + 1))
    }

    /// [`Recogniser::best_at`], told whether token `i + 1` is inert (the caller found it
    /// already).
    fn best_before(&self, i: usize, inert_next: bool) -> Option<Mention> {
        // Past the last token every rule runs, as without the gate.
        let starts = match self.info.get(i) {
            Some(_) if self.gate_rules && self.bare_article(i, inert_next) => 0,
            Some(info) if self.gate_rules && info.anchor => info.starts,
            Some(info) if self.gate_rules => rule_starts(self.vocab, self.word(i), info),
            _ => u64::MAX,
        };
        // Only the rules that can start here, in list order (the set bits, lowest first).
        let mut bits = starts & ((1 << Self::RULES.len()) - 1);
        let mut best: Option<Mention> = None;
        while bits != 0 {
            let k = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let Some(m) = Self::RULES.get(k).and_then(|rule| rule(self, i)) else {
                continue;
            };
            // On equal length the earlier rule wins.
            if best.as_ref().is_none_or(|b| m.last > b.last) {
                best = Some(m);
            }
        }
        best
    }

    /// True for `de`, `het` or `een` before an inert word (`inert_next`) (`de minister`): every rule
    /// that can start at an article (or at `een` as a count) reads the word after it as a
    /// number, a vocabulary or rule word, or a phrase's next word, none of which an inert
    /// word is. Articles are the most frequent words that rules start at, and mostly
    /// stand so: this spares most runs of the rules. `rule_gates_change_no_result` pins it.
    fn bare_article(&self, i: usize, inert_next: bool) -> bool {
        inert_next && matches!(self.word(i), "de" | "het" | "een")
    }

    /// The rules [`Recogniser::best_at`] runs, in order: of two mentions of equal length
    /// the earlier rule's wins. Bit `k` of [`rule_starts`] stands for rule `k`.
    const RULES: [fn(&Self, usize) -> Option<Mention>; 34] = [
        Self::numbered_period,
        Self::vague_phrase,
        Self::vague_plural,
        Self::numeric_date,
        Self::day_month,
        Self::month_year,
        Self::season,
        Self::year,
        Self::decade,
        Self::quarter,
        Self::weekday,
        Self::deictic,
        Self::relative_unit,
        Self::ago_or_ahead,
        Self::duration,
        Self::set,
        Self::holiday,
        Self::clock_time,
        Self::day_part_clock,
        Self::day_part_phrase,
        Self::day_of_month,
        Self::month_day,
        Self::nth_in_period,
        Self::range,
        Self::counted_after,
        Self::week_of,
        Self::weekend,
        Self::later_than_previous,
        Self::edge,
        Self::same_as_previous,
        Self::nu,
        Self::rest_of,
        Self::unit_after_next,
        Self::unit_to_date,
    ];

    // The rules that can start at a word are bits of a `u64`.
    const _FIT_A_U64: () = assert!(Self::RULES.len() < 64);

    /// `2018 of later`, `1-1-2016 en daarna` (ON_OR_AFTER) and `later dan 2018` (AFTER),
    /// `niet later dan 6:00` (BEFORE): the comparison belongs to the span. `free` is the
    /// first token the previous mention left free.
    fn attach_comparison(&self, m: &mut Mention, free: usize) {
        if !is_calendar(&m.referent) {
            return;
        }
        // Not `later in de middag`, `later dan`: there `later` starts another expression.
        if matches!(self.word(m.last + 1), "of" | "en")
            && matches!(self.word(m.last + 2), "later" | "daarna" | "hoger")
            && self.word(m.last + 3) != "dan"
            && self.best_at(m.last + 2).is_none()
        {
            m.last += 2;
            m.modifier = Some("ON_OR_AFTER");
            return;
        }
        let before = |k: usize| m.first.checked_sub(k).map_or("", |j| self.word(j));
        // `(al) zo vroeg als 7 uur`, `zo laat als 7 uur`.
        if before(1) == "als" {
            let modifier = match (before(3), before(2)) {
                ("zo", "vroeg") => Some("ON_OR_AFTER"),
                ("zo", "laat") => Some("BEFORE"),
                _ => None,
            };
            if let (Some(modifier), true) = (modifier, m.first >= free + 3) {
                m.first -= 3;
                m.modifier = Some(modifier);
                if m.first > free && self.word(m.first - 1) == "al" {
                    m.first -= 1;
                }
                return;
            }
        }
        let modifier = match (before(2), before(1)) {
            ("later", "dan") => "AFTER",
            ("eerder", "dan") => "BEFORE",
            _ => return,
        };
        if m.first < free + 2 {
            return;
        }
        m.first -= 2;
        m.modifier = Some(modifier);
        if m.first > free && self.word(m.first - 1) == "niet" {
            m.first -= 1;
            m.modifier = Some(if modifier == "AFTER" {
                "BEFORE"
            } else {
                "AFTER"
            });
        }
    }

    /// A governing preposition before a calendar expression becomes its modifier.
    fn attach_preposition(&self, m: &mut Mention) {
        if m.modifier.is_some() || m.first == 0 || !is_calendar(&m.referent) {
            return;
        }
        if let Some(&modifier) = self.vocab.prepositions.get(self.word(m.first - 1)) {
            // `gepland voor woensdag`: a date something is set for, not a bound.
            let set_for = self.word(m.first - 1) == "voor"
                && m.first >= 2
                && SET_FOR.contains(&self.word(m.first - 2));
            if modifier != "-" && !set_for {
                m.modifier = Some(modifier);
            }
        }
    }

    /// Matches `words` at token `i`, returning the last token index.
    fn phrase_at(&self, i: usize, words: &[&str]) -> Option<usize> {
        let all = words
            .iter()
            .enumerate()
            .all(|(k, w)| self.word(i + k) == *w);
        (all && !words.is_empty()).then(|| i + words.len() - 1)
    }

    /// The first (longest) of `phrases` (the list `list`) that matches at token `i`.
    fn phrase<'p>(&self, i: usize, phrases: &'p [Phrase], list: PhraseList) -> Option<&'p Phrase> {
        // Most tokens start no phrase of `list`: one lookup instead of a scan.
        let starts = self.info(i).phrase_starts;
        if starts & list as u8 == 0 {
            return None;
        }
        // Only the phrases that start with this word, in list order.
        self.vocab
            .phrases_starting(list, self.word(i))
            .iter()
            .filter_map(|&k| phrases.get(k))
            .find(|p| self.phrase_at(i, &p.words).is_some())
    }

    fn vague_phrase(&self, i: usize) -> Option<Mention> {
        if self.word(i) == "recent" {
            let before = if i == 0 { "" } else { self.word(i - 1) };
            let after = self.word(i + 1);
            // `een recent rapport`, `recente`: adjectives are not marked.
            if RECENT_ADJECTIVE_BEFORE.contains(&before) || after == "verleden" {
                return None;
            }
            return Some(Mention::new(
                i,
                i,
                Referent::Vague("PAST_REF"),
                "recent_adverb",
            ));
        }
        let p = self.phrase(i, &self.vocab.vague, PhraseList::Vague)?;
        let value = vague_value(p.value)?;
        // `vroeger dan verwacht` is a comparative, not a time.
        if p.words.len() == 1 && self.word(i + 1) == "dan" {
            return None;
        }
        Some(Mention::new(
            i,
            i + p.words.len() - 1,
            Referent::Vague(value),
            p.source.clone(),
        ))
    }

    /// `de laatste weken`, `de komende maanden`, `tot voor enkele maanden`.
    fn vague_plural(&self, i: usize) -> Option<Mention> {
        if self.word(i) == "tot" && self.word(i + 1) == "voor" {
            let (count_end, _) = self.count(i + 2)?;
            let unit = self.unit(count_end + 1)?;
            return (unit.kind == "plural" || unit.kind == "singular")
                .then(|| Mention::new(i, count_end + 1, Referent::Vague("PAST_REF"), "until_ago"));
        }
        let j = if matches!(self.word(i), "de" | "het") {
            i + 1
        } else {
            i
        };
        let value = match self.word(j) {
            "laatste" | "afgelopen" | "voorbije" | "vorige" => "PAST_REF",
            "komende" | "volgende" | "aankomende" => "FUTURE_REF",
            _ => return None,
        };
        let unit = self.unit(j + 1)?;
        (unit.kind == "plural" && unit.code != "H" && unit.code != "MIN")
            .then(|| Mention::new(i, j + 1, Referent::Vague(value), "vague_plural"))
    }

    /// `nu` as an adverb (`moet hij nu wel`), not as a conjunction (`nu de winter ...`).
    fn nu(&self, i: usize) -> Option<Mention> {
        if self.word(i) != "nu" {
            return None;
        }
        let next = self.word(i + 1);
        if NU_CONJUNCTION_NEXT.contains(&next) || next == "," || self.word(i + 1) == "eenmaal" {
            return None;
        }
        // `nu meteen`, `nu direct`: right now.
        let last = if matches!(next, "meteen" | "direct") {
            i + 1
        } else {
            i
        };
        Some(Mention::new(
            i,
            last,
            Referent::Vague("PRESENT_REF"),
            "nu_adverb",
        ))
    }

    /// `15-10-2016`, `15/10/2016`, `2016-10-15`, `18.03.2025`.
    fn numeric_date(&self, i: usize) -> Option<Mention> {
        let t = &self.tokens;
        let sep = self.word(i + 1);
        let glued = |k: usize| t.get(k).is_some_and(|t| t.glued);
        if !matches!(sep, "-" | "/" | ".") || !glued(i + 1) || !glued(i + 2) {
            return None;
        }
        let b = match t.get(i + 2)?.digits() {
            Some(b) => b,
            None => *self.vocab.months.get(self.word(i + 2))?,
        };
        let a = t[i].digits()?;
        // `12-2015`, `3/2016`: a month and a year.
        if t[i + 2].lower().len() == 4 && t[i].lower().len() <= 2 && (1..=12).contains(&a) {
            let y = self.year_token(i + 2)?;
            let referent = Referent::Month(YearRef::Explicit(y), a);
            return Some(Mention::new(i, i + 2, referent, "numeric_month_year"));
        }
        // `5-3-'18`: a two-digit year after an apostrophe.
        if self.word(i + 3) == sep
            && matches!(self.word(i + 4), "'" | "’")
            && glued(i + 3)
            && glued(i + 4)
            && glued(i + 5)
        {
            let c = t.get(i + 5).filter(|t| t.lower().len() == 2)?.digits()?;
            let y = if c <= 30 { 2000 + c } else { 1900 + c } as i32;
            NaiveDate::from_ymd_opt(y, b, a)?;
            let referent = Referent::DayMonth(YearRef::Explicit(y), b, a);
            return Some(Mention::new(i, i + 5, referent, "numeric_date"));
        }
        let full = self.word(i + 3) == sep && glued(i + 3) && glued(i + 4);
        // `2015-3`, `2019-10`: a year and a month (not `2009-10`, a season).
        let month_digits = t[i + 2].lower().len() <= 2 && t[i + 2].is_digits();
        if let (Some(y), true, false) = (self.year_token(i), month_digits, full) {
            let consecutive = (y + 1) % 100 == b as i32;
            if sep == "-" && (1..=12).contains(&b) && !consecutive && !glued(i + 3) {
                let referent = Referent::Month(YearRef::Explicit(y), b);
                return Some(Mention::new(i, i + 2, referent, "numeric_year_month"));
            }
        }
        let Some(c) = t.get(i + 4).filter(|_| full).and_then(Token::digits) else {
            return self.day_month_digits(i, a, b);
        };
        let (y, m, d) = match (t[i].lower().len(), t[i + 4].lower().len()) {
            (4, 1..=2) => (a, b, c),
            (1..=2, 4) => (c, b, a),
            // `31-10-74`: two-digit years up to 30 are this century.
            (1..=2, 2) if sep != "." || c > 12 => (if c <= 30 { 2000 + c } else { 1900 + c }, b, a),
            _ => return None,
        };
        NaiveDate::from_ymd_opt(y as i32, m, d)?;
        let referent = Referent::DayMonth(YearRef::Explicit(y as i32), m, d);
        Some(Mention::new(i, i + 4, referent, "numeric_date"))
    }

    /// `op 15-2`, `sinds 10/10`: a day and month in digits, only after a preposition,
    /// because alone they are as often scores or ratios.
    fn day_month_digits(&self, i: usize, d: u32, m: u32) -> Option<Mention> {
        let before = if i == 0 { "" } else { self.word(i - 1) };
        // `15-2-2016` is read whole; a glued full stop or comma after the month ends it.
        let next_glued = self.tokens.get(i + 3).is_some_and(|t| {
            t.glued
                && (t.is_word()
                    || t.is_digits()
                    || self
                        .tokens
                        .get(i + 4)
                        .is_some_and(|n| n.glued && !n.is_word()))
        });
        let month_word = !self.tokens[i + 2].is_digits();
        // `22/04`, `29/2`, `2/okt` need no preposition: a two-digit month, a day past 12 or
        // a month name rule out fractions (`1/2`); `24/7` is the idiom.
        let slash = self.word(i + 1) == "/"
            && (self.tokens[i + 2].lower().len() == 2 || d > 12 || month_word)
            && (d, m) != (24, 7);
        let ranged = (matches!(before, "van" | "tussen")
            && matches!(self.word(i + 3), "tot" | "en" | "-" | "t"))
            || (before == "en" && i >= 2 && self.tokens[i - 2].is_digits());
        let placed = matches!(before, "op" | "sinds" | "vanaf" | "tot" | "per")
            || (i > 0 && self.relative(i - 1).is_some())
            || ranged
            || (i > 0 && self.weekday_word(i - 1).is_some());
        if !(placed || slash || month_word) || next_glued || self.tokens[i].lower().len() > 2 {
            return None;
        }
        // `maandag 9-10 uur`, `maandag 8-9 's ochtends`: hours, not 9 October.
        let hours = self.word(i + 1) == "-"
            && (self.word(i + 3) == "uur" || (self.day_part_follows(i + 2) && d < m && m <= 24));
        if hours {
            return None;
        }
        // `3.5` after `op` is a date only with a day and month that exist (`op 10.10`).
        if (self.word(i + 1) == "." && !placed) || !(1..=12).contains(&m) || !(1..=31).contains(&d)
        {
            return None;
        }
        NaiveDate::from_ymd_opt(2000, m, d)?;
        Some(Mention::new(
            i,
            i + 2,
            Referent::DayMonth(YearRef::Open, m, d),
            "numeric_day_month",
        ))
    }

    /// `[vrijdag] 18 maart [2025]`; `volgende 6e april`, `deze 12/5`: a relative word
    /// picks the occurrence of a year-less date.
    fn day_month(&self, i: usize) -> Option<Mention> {
        if !self.dated(i) {
            return None;
        }
        if let Some(dir) = self.relative(i) {
            let mut m = self
                .day_month_plain(i + 1)
                .or_else(|| self.numeric_date(i + 1))?;
            let Referent::DayMonth(YearRef::Open, month, day) = m.referent else {
                return None;
            };
            m.referent = Referent::DayMonth(YearRef::Occurrence(dir), month, day);
            m.first = i;
            return Some(m);
        }
        self.day_month_plain(i)
    }

    fn day_month_plain(&self, i: usize) -> Option<Mention> {
        // `3maart`: a day glued to a full month name.
        let word = self.word(i);
        let glued_month = word.as_bytes().first().is_some_and(u8::is_ascii_digit)
            && word.as_bytes().last().is_some_and(u8::is_ascii_alphabetic);
        let digits = |w: &str| w.len() - w.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if glued_month && (1..=2).contains(&digits(word)) && word.len() >= digits(word) + 3 {
            let digits = digits(word);
            let month = *self.vocab.months.get(&word[digits..])?;
            let day: u32 = word[..digits].parse().ok()?;
            NaiveDate::from_ymd_opt(2000, month, day)?;
            let referent = Referent::DayMonth(YearRef::Open, month, day);
            return Some(Mention::new(i, i, referent, "day_month_glued"));
        }
        let weekday = self.weekday_word(i).is_some()
            || (self.weekday_abbreviation(i).is_some() && self.word(i + 1) == ".");
        let after = if self.word(i + 1) == "." {
            i + 2
        } else {
            i + 1
        };
        let day_at = match weekday {
            true if self.word(after) == "," => after + 1,
            true => after,
            false => i,
        };
        if day_at > i {
            // `maandag 12-4`
            if let Some(mut m) = self.numeric_date(day_at) {
                m.first = i;
                return Some(m);
            }
        }
        if day_at > i && self.word(day_at) == "de" {
            // `vrijdag de vijftiende maart`
            let mut m = self.day_month(day_at + 1)?;
            m.first = i;
            return Some(m);
        }
        let day = self.day_number(day_at)?;
        let mut month_at = day_at + 1;
        if self.word(month_at) == "van" {
            month_at += 1; // `de tweede van augustus`
        }
        let month = *self.vocab.months.get(self.word(month_at))?;
        // `31 dec. 1994`: the abbreviation's full stop.
        // `18 januari, 2019`: a comma before the year.
        let after = if matches!(self.word(month_at + 1), "." | ",") {
            month_at + 2
        } else {
            month_at + 1
        };
        // `4 juli van 1995`, `28 juni in 2020`.
        let of = matches!(self.word(after), "van" | "in") && self.year_token(after + 1).is_some();
        let after = after + usize::from(of);
        let (year, last) = match self.year_at(after) {
            Some((y, last)) => (YearRef::Explicit(y), last),
            None => (YearRef::Open, month_at),
        };
        Some(Mention::new(
            i,
            last,
            Referent::DayMonth(year, month, day),
            "day_month",
        ))
    }

    /// A day of the month: `18`, `4e`, `1ste`, `2de`.
    /// `tweeëntwintig`, `eerste` before a month: a day spelled out (`een` is an article).
    fn day_number_word(&self, k: usize) -> Option<u32> {
        if matches!(self.word(k), "een" | "één") {
            return None;
        }
        let n = match self.num(k)? {
            NumberWord::Cardinal(n) | NumberWord::Tens(n) => n,
            NumberWord::Ordinal(n) => f64::from(n),
            _ => return None,
        };
        (n.fract() == 0.0 && (1.0..=31.0).contains(&n)).then_some(n as u32)
    }

    fn day_number(&self, i: usize) -> Option<u32> {
        let word = self.word(i);
        let digits = word.trim_end_matches(|c: char| c.is_alphabetic());
        let suffix = &word[digits.len()..];
        if digits.is_empty() {
            return self.day_number_word(i);
        }
        if digits.len() > 2 || !matches!(suffix, "" | "e" | "ste" | "de") {
            return None;
        }
        let day: u32 = digits.parse().ok()?;
        (1..=31).contains(&day).then_some(day)
    }

    /// `maart 2020`, `november`; abbreviations only with a year.
    fn month_year(&self, i: usize) -> Option<Mention> {
        let word = self.word(i);
        let month = *self.vocab.months.get(word)?;
        let full = word.len() > 4 || matches!(word, "mei" | "juni" | "juli");
        if matches!(self.word(i + 1), "-" | "/" | ",") {
            // `dec/2018`: after a month name the slash is no path separator.
            let year = self
                .tokens
                .get(i + 2)
                .filter(|t| t.lower().len() == 4)
                .and_then(Token::digits);
            if let Some(y) = year.filter(|y| (1000..=2199).contains(y)).map(|y| y as i32) {
                let referent = Referent::Month(YearRef::Explicit(y), month);
                return Some(Mention::new(i, i + 2, referent, "month_year"));
            }
        }
        if let Some((year, last)) = self.of_year(i + 1) {
            return Some(Mention::new(
                i,
                last,
                Referent::Month(year, month),
                "month_year",
            ));
        }
        // `na feb`, `sinds okt`: an abbreviation after a preposition (not `jan`, a name).
        let placed = i > 0
            && self.vocab.prepositions.contains_key(self.word(i - 1))
            && !matches!(word, "jan" | "jun" | "jul");
        ((full || placed) && !self.capitalised_name(i))
            .then(|| Mention::new(i, i, Referent::Month(YearRef::Open, month), "month"))
    }

    /// A capitalised month word mid-sentence that is a name (`keizer Augustus`), unless a
    /// preposition makes it the month (`in Augustus`).
    fn capitalised_name(&self, i: usize) -> bool {
        i > 0
            && self.word(i) == "augustus"
            && self.tokens[i].capitalised
            && !self.vocab.prepositions.contains_key(self.word(i - 1))
    }

    /// `de winter`, `zomer 2022`, `de zomer van 2022`, `vorige winter`, `vorig jaar zomer`.
    fn season(&self, i: usize) -> Option<Mention> {
        let mut j = i;
        let mut year = YearRef::Open;
        if let Some(dir) = self.relative(j) {
            year = YearRef::Shift(dir);
            j += 1;
            if self.word(j) == "jaar" {
                j += 1;
            }
        } else if matches!(self.word(j), "de" | "het" | "dit") {
            j += 1;
        }
        let season = *self.vocab.seasons.get(self.word(j))?;
        let mut last = j;
        if let Some((y, l)) = self.of_year(j + 1) {
            (year, last) = (y, l);
        }
        // `vorige winter` is the previous occurrence of the season, not last year's winter.
        if let (YearRef::Shift(dir), false) = (year, self.word(i + 1) == "jaar") {
            year = YearRef::Occurrence(dir);
        }
        Some(Mention::new(
            i,
            last,
            Referent::Season(year, season),
            "season",
        ))
    }

    /// A four-digit year that the context marks as a year.
    fn year(&self, i: usize) -> Option<Mention> {
        // `jaar 2008`, `kalenderjaar 2008`, `het schooljaar 2008`: the noun joins the span.
        // `het fiscale jaar 2008`, `schooljaar '18`: likewise.
        let (noun_at, noun_end) = match (self.word(i), self.word(i + 1)) {
            ("fiscale" | "fiscaal" | "huidige" | "huidig", "jaar") => (i + 1, i + 1),
            _ => (i, i),
        };
        if matches!(
            self.word(noun_at),
            "jaar" | "kalenderjaar" | "schooljaar" | "boekjaar" | "begrotingsjaar"
        ) {
            let (y, last) = self.year_token(noun_end + 1).map_or_else(
                || self.short_year(noun_end + 1),
                |y| Some((y, noun_end + 1)),
            )?;
            let referent = Referent::Year(YearRef::Explicit(y));
            return Some(Mention::new(i, last, referent, "year_noun"));
        }
        if let Some((y, last)) = self.year_in_words(i) {
            let referent = Referent::Year(YearRef::Explicit(y));
            return Some(Mention::new(i, last, referent, "year_words"));
        }
        let y = self.year_token(i)?;
        let before = if i == 0 { "" } else { self.word(i - 1) };
        // `2017 april`: a year before a month name.
        if let Some(&month) = self
            .vocab
            .months
            .get(self.word(i + 1))
            .filter(|_| self.word(i + 1).len() > 4 || self.word(i + 1) == "mei")
        {
            let referent = Referent::Month(YearRef::Explicit(y), month);
            return Some(Mention::new(i, i + 1, referent, "year_month"));
        }
        let next = self.tokens.get(i + 1);
        let next_is_noun = next.is_some_and(|t| t.is_word() && !AFTER_YEAR.contains(&t.lower()));
        if self.vocab.months.contains_key(before) && i > 0 {
            return None; // part of `maart 2020`, found by month_year
        }
        // `in 2007 en 2009`, `2022-2023`: a year coordinated with a year is a year.
        let coordinated =
            i >= 2 && WEAK_BEFORE_YEAR.contains(&before) && self.year_token(i - 2).is_some();
        // `na 2018 vertrekken`: after `na` a year of this era is a year whatever follows.
        let strong = STRONG_BEFORE_YEAR.contains(&before)
            || coordinated
            || (before == "na" && (1900..=2100).contains(&y));
        if next_is_noun && !strong {
            return None; // `2000 soldaten`, `van 1000 km`
        }
        if !strong && !WEAK_BEFORE_YEAR.contains(&before) && !(1900..=2100).contains(&y) {
            return None; // a bare `1500` is more likely an amount
        }
        let mut last = i;
        // `2022-2023` stays two years; `'22` is not handled.
        if self.word(i + 1) == "-" && self.tokens.get(i + 2).is_some_and(|t| t.is_digits()) {
            last = i;
        }
        Some(Mention::new(
            i,
            last,
            Referent::Year(YearRef::Explicit(y)),
            "year",
        ))
    }

    /// `'18` at `k`: a two-digit year after an apostrophe (up to 30 in this century), and
    /// its last token.
    fn short_year(&self, k: usize) -> Option<(i32, usize)> {
        if !matches!(self.word(k), "'" | "’") || !self.tokens.get(k + 1).is_some_and(|t| t.glued)
        {
            return None;
        }
        let t = self.tokens.get(k + 1).filter(|t| t.lower().len() == 2)?;
        let c = t.digits()? as i32;
        Some((if c <= 30 { 2000 + c } else { 1900 + c }, k + 1))
    }

    /// A token that can be a year: four digits in 1000..=2199, no thousands separator.
    fn year_token(&self, i: usize) -> Option<i32> {
        let t = self.tokens.get(i)?;
        let glued_number = |k: usize| {
            self.tokens.get(k).is_some_and(|n| n.glued)
                && matches!(self.word(k), "." | ",")
                && self
                    .tokens
                    .get(k + 1)
                    .is_some_and(|n| n.glued && n.is_digits())
        };
        if t.lower().len() != 4
            || glued_number(i + 1)
            || (i > 0 && t.glued && self.word(i - 1) == ".")
        {
            return None;
        }
        // Inside identifiers and URLs (`id=1687&`) a number is no year.
        let odd_neighbour = |k: Option<usize>| {
            k.and_then(|k| self.tokens.get(k)).is_some_and(|n| {
                // `2014~2018` is a range.
                n.lower() != "~"
                    && n.lower()
                        .chars()
                        .all(|c| c.is_alphanumeric() || "=/_&?#@~+%".contains(c))
            })
        };
        if (t.glued && odd_neighbour(i.checked_sub(1)))
            || (self.tokens.get(i + 1).is_some_and(|n| n.glued) && odd_neighbour(Some(i + 1)))
        {
            return None;
        }
        let y = t.digits()?;
        (1000..=2199).contains(&y).then_some(y as i32)
    }

    /// `de jaren negentig`, `de jaren 90`, `de jaren '90`, `de jaren 1990`, `'90s`.
    fn decade(&self, i: usize) -> Option<Mention> {
        if matches!(self.word(i), "'" | "’") && self.tokens.get(i + 1).is_some_and(|t| t.glued) {
            let n = self
                .word(i + 1)
                .strip_suffix('s')
                .and_then(|d| d.parse::<i32>().ok());
            let n = n.filter(|n| *n % 10 == 0 && self.word(i + 1).len() == 3)?;
            // Recognizers' span leaves the apostrophe out.
            let referent = Referent::Decade(1900 + n);
            return Some(Mention::new(i + 1, i + 1, referent, "decade_short"));
        }
        let j = if self.word(i) == "de" { i + 1 } else { i };
        if self.word(j) != "jaren" {
            return None;
        }
        let mut k = j + 1;
        if matches!(self.word(k), "'" | "’") {
            k += 1;
        }
        let t = self.tokens.get(k)?;
        let start = match (t.digits(), self.num(k)) {
            (Some(n), _) if t.lower().len() == 4 && n % 10 == 0 => n as i32,
            (Some(n), _) if t.lower().len() == 2 && n % 10 == 0 => 1900 + n as i32,
            (_, Some(NumberWord::Tens(n))) => 1900 + n as i32,
            _ => return None,
        };
        Some(Mention::new(i, k, Referent::Decade(start), "decade"))
    }

    /// `de 15e eeuw`, `week 31`, `Q1 2019`, `2019 Q3`.
    fn numbered_period(&self, i: usize) -> Option<Mention> {
        let j = if matches!(self.word(i), "de" | "het") {
            i + 1
        } else {
            i
        };
        if self.word(j + 1) == "eeuw" {
            let digits = self.word(j).trim_end_matches(|c: char| c.is_alphabetic());
            let suffix = &self.word(j)[digits.len()..];
            let n: i32 = digits.parse().ok().filter(|n| (1..=30).contains(n))?;
            return matches!(suffix, "e" | "ste" | "de")
                .then(|| Mention::new(i, j + 1, Referent::Century(n), "century"));
        }
        if self.word(j) == "week" {
            let n = self
                .tokens
                .get(j + 1)?
                .digits()
                .filter(|n| (1..=53).contains(n))?;
            let (year, last) = match self.year_token(j + 2) {
                Some(y) => (YearRef::Explicit(y), j + 2),
                None => (YearRef::Shift(0), j + 1),
            };
            return Some(Mention::new(
                i,
                last,
                Referent::IsoWeek(year, n),
                "iso_week",
            ));
        }
        let quarter = |k: usize| match self.word(k) {
            "q1" => Some(1),
            "q2" => Some(2),
            "q3" => Some(3),
            "q4" => Some(4),
            _ => None,
        };
        // `H2 2019`, `H1-2020`: a half year, only with its year (`H2` alone is a formula).
        if let Some(h) = match self.word(i) {
            "h1" => Some(1),
            "h2" => Some(2),
            _ => None,
        } {
            let at = if self.word(i + 1) == "-" {
                i + 2
            } else {
                i + 1
            };
            let y = self.year_token(at)?;
            let referent = Referent::Half(YearRef::Explicit(y), h);
            return Some(Mention::new(i, at, referent, "half_code"));
        }
        if let Some(y) = self.year_token(i) {
            let q = quarter(i + 1)?;
            return Some(Mention::new(
                i,
                i + 1,
                Referent::Quarter(YearRef::Explicit(y), q),
                "quarter_code",
            ));
        }
        let q = quarter(i)?;
        // `Q1-2019`, `Q1 van 2017`.
        let at = if matches!(self.word(i + 1), "-" | "van") {
            i + 2
        } else {
            i + 1
        };
        let (year, last) = match self.year_token(at) {
            Some(y) => (YearRef::Explicit(y), at),
            None => (YearRef::Shift(0), i),
        };
        Some(Mention::new(
            i,
            last,
            Referent::Quarter(year, q),
            "quarter_code",
        ))
    }

    /// `het eerste kwartaal [van 2025]`, `de tweede helft van het jaar`.
    fn quarter(&self, i: usize) -> Option<Mention> {
        let j = if matches!(self.word(i), "de" | "het") {
            i + 1
        } else {
            i
        };
        // Both readings below are numbers.
        if !self.dated(j) {
            return None;
        }
        let n = match self.num(j) {
            Some(NumberWord::Ordinal(n)) => n,
            _ => self.day_number(j).filter(|_| !self.tokens[j].is_digits())? as i32,
        };
        let is_half = match self.word(j + 1) {
            "kwartaal" => false,
            "helft" | "halfjaar" => true,
            _ => return None,
        };
        let (max, n) = if is_half { (2, n) } else { (4, n) };
        let n = if n == -1 { max } else { n };
        if !(1..=max).contains(&n) {
            return None;
        }
        let (year, last) = self.of_year(j + 2).unwrap_or((YearRef::Open, j + 1));
        let referent = if is_half {
            Referent::Half(year, n as u32)
        } else {
            Referent::Quarter(year, n as u32)
        };
        Some(Mention::new(i, last, referent, "quarter"))
    }

    /// `[van] 2025`, `van dit jaar`, `van vorig jaar` after a period word.
    fn of_year(&self, i: usize) -> Option<(YearRef, usize)> {
        // `juni van 2020`, `juni in 2017`.
        let k = if self.word(i) == "van"
            || (self.word(i) == "in" && self.year_token(i + 1).is_some())
        {
            i + 1
        } else {
            i
        };
        if let Some(y) = self.year_token(k) {
            return Some((YearRef::Explicit(y), k));
        }
        if self.word(k) == "het" && self.word(k + 1) == "jaar" {
            return Some((YearRef::Shift(0), k + 1));
        }
        let dir = self.relative(k)?;
        (self.word(k + 1) == "jaar").then_some((YearRef::Shift(dir), k + 1))
    }

    /// `[afgelopen] donderdag[ochtend] [laat]`, `vorige week woensdag`, `woensdag vorige week`.
    fn weekday(&self, i: usize) -> Option<Mention> {
        // `deze afgelopen woensdag`: `deze` adds nothing to the relative word.
        let deze = self.word(i) == "deze" && self.relative(i + 1).is_some();
        let mut j = i + usize::from(deze);
        let mut direction = Direction::Bias;
        if let Some(dir) = self.relative(j) {
            if self.word(j + 1) == "week" {
                direction = Direction::Week(dir.into());
                j += 2;
            } else {
                // `deze vrijdag` is the Friday of the DCT's week, as `deze week` is that week.
                direction = match dir {
                    d if d < 0 => Direction::Past,
                    d if d > 0 => Direction::Future,
                    _ => Direction::Week(0),
                };
                j += 1;
            }
        }
        // `di.`, `zat.`: an abbreviation counts only with its full stop.
        let (weekday, part, mut last) = match self.weekday_word(j) {
            Some((d, part)) => (d, part, j),
            None => (self.weekday_abbreviation(j)?, None, j + 1),
        };
        let mut mention_edge = None;
        // `woensdag vorige week`, `dinsdag van volgende week`.
        let of = usize::from(self.word(j + 1) == "van");
        if let Some(dir) = self.relative(j + 1 + of) {
            if self.word(j + 2 + of) == "week" && direction == Direction::Bias {
                direction = Direction::Week(dir.into());
                last = j + 2 + of;
            }
        }
        // `woensdag vroeg op de dag`
        let on_the_day = |k: usize| {
            if (self.word(k + 1), self.word(k + 2), self.word(k + 3)) == ("op", "de", "dag") {
                k + 3
            } else {
                k
            }
        };
        match self.word(last + 1) {
            "laat" => (last, mention_edge) = (on_the_day(last + 1), Some("END")),
            "vroeg" => (last, mention_edge) = (on_the_day(last + 1), Some("START")),
            "jl" | "jongstleden" if direction == Direction::Bias => {
                direction = Direction::Past;
                last += 1;
            }
            _ => {}
        }
        let mut m = Mention::new(
            i,
            last,
            Referent::Weekday(weekday, direction, part),
            "weekday",
        );
        m.edge = mention_edge;
        Some(m)
    }

    /// A weekday name, possibly compounded with a part of day (`woensdagochtend`).
    /// The weekday of an abbreviation at `i` followed by a glued full stop (`di.`).
    fn weekday_abbreviation(&self, i: usize) -> Option<u32> {
        let dot = self.tokens.get(i + 1)?;
        // A sentence-final `zo.` is the adverb; the abbreviation stands before more text or alone.
        let placed = i == 0 || i + 2 < self.tokens.len();
        (dot.lower() == "." && dot.glued && placed)
            .then(|| self.vocab.weekday_abbreviations.get(self.word(i)).copied())
            .flatten()
    }

    fn weekday_word(&self, i: usize) -> Option<(u32, Option<DayPart>)> {
        self.info(i).weekday
    }

    /// `vandaag`, `gisteravond`, `morgen` (not `de morgen`, `'s morgens`).
    fn deictic(&self, i: usize) -> Option<Mention> {
        if let Some(dir) = self.relative(i) {
            // `deze avond`, `afgelopen nacht`, `komende avond`: this, the previous or the
            // next day's part.
            let part = *self.vocab.day_parts.get(self.word(i + 1))?;
            // `de komende morgen` is rare; `morgen` after `komende` is the part of day.
            return Some(Mention::new(
                i,
                i + 1,
                Referent::DayOffset(dir.signum().into(), Some(part)),
                "this_day_part",
            ));
        }
        let Some(&(offset, part)) = self.vocab.deictic.get(self.word(i)) else {
            // `gisterenavond`: a deictic day compounded with a part of day.
            let word = self.word(i);
            let (offset, part) = self
                .vocab
                .deictic_stems
                .iter()
                .filter_map(|&(stem, offset)| {
                    let part = *self.vocab.day_parts.get(word.strip_prefix(stem)?)?;
                    Some((stem.len(), offset, part))
                })
                .max()
                .map(|(_, offset, part)| (offset, part))?;
            return Some(Mention::new(
                i,
                i,
                Referent::DayOffset(offset, Some(part)),
                "deictic_compound",
            ));
        };
        if self.word(i) == "morgen" && i > 0 && MORNING_DETERMINERS.contains(&self.word(i - 1)) {
            return None;
        }
        let rule = format!("deictic:{}", self.word(i));
        Some(Mention::new(i, i, Referent::DayOffset(offset, part), rule))
    }

    /// `vorige week`, `deze maand`, `het afgelopen jaar`, `volgend jaar`, `dit weekend`,
    /// `afgelopen augustus`.
    fn relative_unit(&self, i: usize) -> Option<Mention> {
        // `later deze week`, `eerder dit jaar`: the later or earlier part of the period.
        if let Some(edge) = match self.word(i) {
            "later" => Some("END"),
            "eerder" | "vroeg" => Some("START"),
            _ => None,
        } {
            // `later op de dag`, `eerder in de week`, `later in het jaar`: the current unit.
            let this_unit = || {
                let k = match (self.word(i + 1), self.word(i + 2)) {
                    ("in" | "op", "de" | "het") => i + 3,
                    _ => return None,
                };
                let unit = match self.word(k) {
                    "dag" => "D",
                    "week" => "W",
                    "maand" => "M",
                    "jaar" => "Y",
                    _ => return None,
                };
                Some(Mention::new(
                    i,
                    k,
                    Referent::Shift(unit, 0),
                    "edge+this_unit",
                ))
            };
            let mut m = self
                .relative_unit(i + 1)
                .or_else(|| self.deictic(i + 1).filter(|m| m.last > i + 1))
                .or_else(this_unit)?;
            m.first = i;
            m.modifier = m.modifier.or(Some(edge));
            return Some(m);
        }
        let j = if matches!(self.word(i), "de" | "het") {
            i + 1
        } else {
            i
        };
        let dir = self.relative(j)?;
        if let Some(&month) = self.vocab.months.get(self.word(j + 1)) {
            let referent = Referent::Month(YearRef::Occurrence(dir), month);
            return Some(Mention::new(i, j + 1, referent, "relative_month"));
        }
        let unit = match self.word(j + 1) {
            "week" | "werkweek" => "W",
            "maand" => "M",
            // A school or fiscal year is named by the calendar year it starts in.
            "jaar" | "kalenderjaar" | "schooljaar" | "boekjaar" => "Y",
            "fiscaal" | "fiscale" if self.word(j + 2) == "jaar" => {
                let referent = Referent::Shift("Y", dir.into());
                return Some(Mention::new(i, j + 2, referent, "relative_unit"));
            }
            "dag" => "D",
            "kwartaal" => "Q",
            // `komend weekend` is the weekend ahead, this week's until it has begun.
            "weekend"
                if matches!(
                    self.word(j),
                    "komend" | "komende" | "aankomend" | "aankomende"
                ) =>
            {
                "WE+"
            }
            "weekend" => "WE",
            // `het afgelopen uur`, `het komende uur`: a clock hour is not known from a day's
            // DCT, so the hour's duration.
            "uur" if dir != 0 => {
                let referent = Referent::Counted("PT1H".into(), "H", dir.into(), false);
                return Some(Mention::new(j, j + 1, referent, "relative_hour"));
            }
            _ => return None,
        };
        // `het huidige jaar 2008`, `huidige jaar '18`: the year given wins.
        let named = self
            .year_token(j + 2)
            .map(|y| (y, j + 2))
            .or_else(|| self.short_year(j + 2));
        if let (Some((y, last)), "Y") = (named, unit) {
            let referent = Referent::Year(YearRef::Explicit(y));
            return Some(Mention::new(i, last, referent, "year_noun"));
        }
        // `afgelopen` with an article is still the previous unit (`de afgelopen week`).
        Some(Mention::new(
            i,
            j + 1,
            Referent::Shift(unit, dir.into()),
            "relative_unit",
        ))
    }

    /// `drie jaar geleden`, `over 30 jaar`.
    fn ago_or_ahead(&self, i: usize) -> Option<Mention> {
        let ahead = self.word(i) == "over";
        let count_at = if ahead { i + 1 } else { i };
        // `ruim twee jaar geleden`, `over bijna een maand`: a hedged count is still that
        // day or year, and the hedge says on which side of it the time lies (more than two
        // years ago is before the year two years back, in almost a month before the day).
        if let Some(p) = self.phrase(count_at, &self.vocab.quantities, PhraseList::Quantities) {
            let mut m = self.ago_or_ahead_counted(i, count_at + p.words.len(), ahead)?;
            m.modifier = Some(match (p.value, ahead) {
                ("MORE_THAN", false) | ("LESS_THAN", true) => "BEFORE",
                ("LESS_THAN", false) | ("MORE_THAN", true) => "AFTER",
                (other, _) => other,
            });
            return Some(m);
        }
        // `over twee dagen na vandaag` counts from `vandaag`, not from the DCT.
        if ahead {
            if let Some(m) = self.duration(count_at) {
                if matches!(m.rule.as_ref(), "anchored_shift" | "from_now")
                    || self.anchored(count_at, &m).is_some()
                {
                    return None;
                }
            }
        }
        // `jaren geleden`, `enkele weken geleden`, `over enkele maanden`: vague references.
        // (`over maanden` alone is too often "about months" to count.)
        if let Some(unit) = self.unit(count_at).filter(|u| u.kind == "plural" && !ahead) {
            return self.vague_shift(i, count_at, unit, ahead);
        }
        self.ago_or_ahead_counted(i, count_at, ahead)
    }

    /// [`Recogniser::ago_or_ahead`] from the count at `count_at` (`twee jaar geleden`,
    /// `over enkele maanden`).
    fn ago_or_ahead_counted(&self, i: usize, count_at: usize, ahead: bool) -> Option<Mention> {
        let (count_end, n) = self.count(count_at)?;
        let unit = self.unit(count_end + 1)?;
        let Some(n) = n else {
            return self.vague_shift(i, count_end + 1, unit, ahead);
        };
        let code = match unit.code {
            c @ ("D" | "W" | "M" | "Y") => c,
            _ => return None,
        };
        if n.fract() != 0.0 {
            return None;
        }
        let n = n as i64 * i64::from(unit.factor);
        // A number of weeks or months from a day is a day (`over twee weken`).
        let shift = |n: i64| match code {
            "W" | "M" => Referent::DayShift(code, n),
            _ => Referent::Shift(code, n),
        };
        if ahead {
            return Some(Mention::new(i, count_end + 1, shift(n), "ahead"));
        }
        (self.word(count_end + 2) == "geleden")
            .then(|| Mention::new(i, count_end + 2, shift(-n), "ago"))
    }

    /// An unknown count of units ago or ahead ending at the unit token `unit_at`.
    fn vague_shift(&self, i: usize, unit_at: usize, unit: Unit, ahead: bool) -> Option<Mention> {
        if !matches!(unit.code, "D" | "W" | "M" | "Y") {
            return None;
        }
        if ahead {
            return Some(Mention::new(
                i,
                unit_at,
                Referent::Vague("FUTURE_REF"),
                "ahead_vague",
            ));
        }
        (self.word(unit_at + 1) == "geleden")
            .then(|| Mention::new(i, unit_at + 1, Referent::Vague("PAST_REF"), "ago_vague"))
    }

    /// A count at token `i`: (last token, value or None for an unknown count).
    fn count(&self, i: usize) -> Option<(usize, Option<f64>)> {
        if let Some(p) = self.phrase(i, &self.vocab.number_phrases, PhraseList::Numbers) {
            return Some((i + p.words.len() - 1, None));
        }
        let t = self.tokens.get(i)?;
        if t.is_digits() && t.lower().len() > 4 {
            return None;
        }
        match self.num(i)? {
            NumberWord::Cardinal(n) | NumberWord::Tens(n) | NumberWord::Fraction(n) => {
                // `2,5 jaar`
                if self.word(i + 1) == ","
                    && self
                        .tokens
                        .get(i + 2)
                        .is_some_and(|d| d.glued && d.is_digits())
                {
                    let decimal: f64 = format!("0.{}", self.word(i + 2)).parse().ok()?;
                    return Some((i + 2, Some(n + decimal)));
                }
                Some((i, Some(n)))
            }
            NumberWord::Vague => Some((i, None)),
            NumberWord::Ordinal(_) => None,
        }
    }

    fn unit(&self, i: usize) -> Option<Unit> {
        self.vocab.units.get(self.word(i)).copied()
    }

    /// `[meer dan] twee uur`, `30 dagen`, `30-daags`, `enkele dagen`, `uren`, `jarenlang`.
    fn duration(&self, i: usize) -> Option<Mention> {
        let (hedge, j) = match self.phrase(i, &self.vocab.quantities, PhraseList::Quantities) {
            Some(p) => (Some(p.value), i + p.words.len()),
            None => (None, i),
        };
        if hedge.is_none() {
            if let Some(m) = self.led_duration(i) {
                return Some(m);
            }
        } else if i > 0
            && self.word(i - 1) == "om"
            && self.unit(j + 1).is_some_and(|u| u.code == "H")
        {
            // `om ongeveer drie uur` is a clock time (see `hedged_clock`).
            return None;
        }
        let mut m = self.bare_duration(j)?;
        if let Some(anchored) = self.anchored(j, &m) {
            m = anchored;
        }
        if let (Some(h), true) = (hedge, m.first == j) {
            m.first = i;
            m.modifier = Some(h);
        }
        Some(m)
    }

    /// `twee dagen na vandaag`, `drie weken vanaf morgen`, `2 dagen voor gisteren`: a count of
    /// days or weeks from a deictic day is that day shifted.
    fn anchored(&self, j: usize, m: &Mention) -> Option<Mention> {
        // `3 minuten vanaf nu`, `2 uur in de toekomst`: counted from now. A clock time is not
        // known from a day's DCT, so hours and minutes keep the duration; days shift.
        let from_now = match (self.word(m.last + 1), self.word(m.last + 2)) {
            ("vanaf", "nu") => Some(m.last + 2),
            ("in", "de") if self.word(m.last + 3) == "toekomst" => Some(m.last + 3),
            _ => None,
        };
        if let (Some(last), Referent::Duration(_)) = (from_now, &m.referent) {
            let (count_end, Some(n)) = self.count(j)? else {
                return None;
            };
            let unit = self.unit(count_end + 1)?;
            let n = n as i64 * i64::from(unit.factor);
            let referent = match unit.code {
                _ if n < 1 || count_end + 1 != m.last => return None,
                "D" => Referent::DayOffset(n, None),
                "W" => Referent::DayOffset(n.checked_mul(7)?, None),
                "M" | "Y" => Referent::Shift(unit.code, n),
                _ => m.referent.clone(),
            };
            return Some(Mention::new(j, last, referent, "from_now"));
        }
        let sign = match self.word(m.last + 1) {
            "na" | "vanaf" | "van" => 1,
            "voor" | "vóór" => -1,
            _ => return None,
        };
        let anchor = self.deictic(m.last + 2)?;
        let Referent::DayOffset(offset, None) = anchor.referent else {
            return None;
        };
        let (count_end, Some(n)) = self.count(j)? else {
            return None;
        };
        let unit = self.unit(count_end + 1)?;
        let days = match unit.code {
            "D" => 1,
            "W" => 7,
            _ => return None,
        };
        if n.fract() != 0.0 || count_end + 1 != m.last {
            return None;
        }
        let shift = sign * n as i64 * days * i64::from(unit.factor);
        Some(Mention::new(
            j,
            anchor.last,
            Referent::DayOffset(offset + shift, None),
            "anchored_shift",
        ))
    }

    /// `binnen de komende 10 maanden`, `de afgelopen drie dagen`: a counted duration whose
    /// lead words (see `DURATION_LEADS`, with an optional `de` between) extend its span.
    fn led_duration(&self, i: usize) -> Option<Mention> {
        // Starting at a lead word, not at `de`: the article stays outside like elsewhere.
        if !DURATION_LEADS.contains(&self.word(i)) {
            return None;
        }
        let mut j = i;
        let mut leads = 0;
        while j < self.tokens.len() && j < i + 4 {
            if DURATION_LEADS.contains(&self.word(j)) {
                leads += 1;
            } else if self.word(j) != "de" {
                break;
            }
            j += 1;
        }
        if leads == 0 {
            return None;
        }
        let mut m = self.bare_duration(j)?;
        // `over twee dagen na vandaag` counts from `vandaag`: the anchored reading wins.
        if m.first != j || (self.word(i) == "over" && self.anchored(j, &m).is_some()) {
            return None;
        }
        m.first = i;
        // `de komende drie dagen`, `binnen 9 maanden`: the days from the DCT on.
        let sign = if FORWARD_LEADS.contains(&self.word(i)) {
            1
        } else if BACKWARD_LEADS.contains(&self.word(i)) {
            -1
        } else {
            0
        };
        if let (true, Some((count_end, Some(n)))) = (sign != 0, self.count(j)) {
            if let Some(r) = self.unit(count_end + 1).and_then(|u| counted(n, u, sign)) {
                m.referent = match r {
                    Referent::Counted(v, u, n, _) => {
                        Referent::Counted(v, u, n, self.word(i) == "binnen")
                    }
                    other => other,
                };
                m.rule = "counted".into();
            }
        }
        Some(m)
    }

    fn bare_duration(&self, i: usize) -> Option<Mention> {
        // `de hele dag`, `een hele week`: one unit.
        let whole_at = if matches!(self.word(i), "de" | "het" | "een") {
            i + 1
        } else {
            i
        };
        if matches!(self.word(whole_at), "hele" | "gehele" | "heel") {
            let unit = self.unit(whole_at + 1).filter(|u| u.kind == "singular")?;
            let value = duration_value(Some(1.0), unit);
            return Some(Mention::new(
                i,
                whole_at + 1,
                Referent::Duration(value),
                "duration_whole",
            ));
        }
        if let Some(unit) = self.unit(i) {
            // A bare plural (`uren`) or `jarenlang`: an unknown count.
            // `weekenden` alone recurs (a set, see [`Self::set`]).
            let standalone = unit.kind == "lengthy"
                || (unit.kind == "plural"
                    && unit.code != "WE"
                    && !matches!(self.word(i.wrapping_sub(1)), "de" | "het" | "die" | "deze"));
            return standalone.then(|| {
                Mention::new(
                    i,
                    i,
                    Referent::Duration(duration_value(None, unit)),
                    "duration_plural",
                )
            });
        }
        let (count_end, n) = self.count(i)?;
        let mut unit_at = count_end + 1;
        if self.word(unit_at) == "-" && self.tokens.get(unit_at).is_some_and(|t| t.glued) {
            unit_at += 1;
            let unit = self.unit(unit_at)?;
            if unit.kind != "adjective" {
                return None;
            }
        }
        let unit = self.unit(unit_at)?;
        if unit.kind == "lengthy" || (n == Some(1.0) && unit.kind == "plural") {
            return None;
        }
        let before = if i == 0 { "" } else { self.word(i - 1) };
        // `om twee uur` is a clock time; `hij is 37 jaar (oud)` an age.
        let clock = CLOCK_PREPOSITIONS.contains(&before)
            || self.day_before(i)
            || self.listed_clock(i)
            || self.hedged_clock(i);
        if (clock && unit.code == "H")
            || (unit.code == "Y"
                && COPULAS.contains(&before)
                && self.word(unit_at + 1) != "geleden")
        {
            return None;
        }
        // A count of one needs `een`/`één` spelled out or a digit; `een` alone is an article.
        let value = duration_value(n, unit);
        Some(Mention::new(
            i,
            unit_at,
            Referent::Duration(value),
            "duration",
        ))
    }

    /// `maandelijkse`, `elke week`, `per jaar`.
    fn set(&self, i: usize) -> Option<Mention> {
        if let Some(&value) = self.vocab.sets.get(self.word(i)) {
            return Some(Mention::new(i, i, Referent::Set(value.into()), "set_word"));
        }
        // `weekenden`, `alle weekenden`, `alle maandagen`: every one.
        if self.word(i) == "weekenden" {
            let value = "XXXX-WXX-WE".to_string();
            return Some(Mention::new(i, i, Referent::Set(value), "set_weekends"));
        }
        if self.word(i) == "alle" {
            let mut m = self.set(i + 1).filter(|m| {
                m.last == i + 1 && matches!(m.rule.as_ref(), "set_weekends" | "set_weekdays")
            })?;
            m.first = i;
            return Some(m);
        }
        // `donderdagen`: a weekday in the plural recurs.
        if let Some(&d) = self
            .word(i)
            .strip_suffix("en")
            .and_then(|stem| self.vocab.weekdays.get(stem))
        {
            let value = format!("XXXX-WXX-{d}");
            return Some(Mention::new(i, i, Referent::Set(value), "set_weekdays"));
        }
        // `eenmaal per week`: once per unit.
        if self.word(i) == "eenmaal" && self.word(i + 1) == "per" {
            let mut m = self.set(i + 1)?;
            m.first = i;
            return Some(m);
        }
        // `elke avond`: a part of every day.
        if let (true, Some(part)) = (
            matches!(self.word(i), "elke" | "iedere"),
            self.vocab.day_parts.get(self.word(i + 1)),
        ) {
            let value = format!("XXXX-XX-XXT{part}");
            return Some(Mention::new(i, i + 1, Referent::Set(value), "set_day_part"));
        }
        if matches!(self.word(i), "elke" | "elk" | "ieder" | "iedere")
            && self.word(i + 1) == "weekend"
        {
            let value = "XXXX-WXX-WE".to_string();
            return Some(Mention::new(i, i + 1, Referent::Set(value), "set_weekend"));
        }
        if !matches!(self.word(i), "elke" | "iedere" | "per" | "elk" | "ieder") {
            return None;
        }
        if let Some((d, _)) = self.weekday_word(i + 1) {
            let value = format!("XXXX-WXX-{d}");
            return Some(Mention::new(i, i + 1, Referent::Set(value), "set_weekday"));
        }
        // `elke twee dagen`, `iedere drie weken`: every N units.
        if let Some((count_end, Some(n))) = self.count(i + 1) {
            let unit = self.unit(count_end + 1).filter(|u| u.kind == "plural")?;
            let value = duration_value(Some(n), unit);
            return Some(Mention::new(
                i,
                count_end + 1,
                Referent::Set(value),
                "set_every_n",
            ));
        }
        let unit = self.unit(i + 1)?;
        (unit.kind == "singular").then(|| {
            let value = duration_value(Some(1.0), unit);
            Mention::new(i, i + 1, Referent::Set(value), "set_every")
        })
    }

    /// `Kerstmis`, `tweede paasdag [2024]`.
    fn holiday(&self, i: usize) -> Option<Mention> {
        // `vorige Koningsdag`, `volgende Pasen`, `de laatste Pasen`: the previous or next
        // occurrence.
        let relative = self.relative(i);
        if let Some(dir) = relative.or_else(|| (self.word(i) == "laatste").then_some(-1)) {
            let mut m = self.holiday(i + 1)?;
            if let Referent::Holiday(YearRef::Open, spec) = m.referent {
                m.referent = Referent::Holiday(YearRef::Occurrence(dir), spec);
                m.first = i;
                return Some(m);
            }
            return None;
        }
        let p = self.phrase(i, &self.vocab.holidays, PhraseList::Holidays)?;
        let last = i + p.words.len() - 1;
        let (year, last) = match self.year_token(last + 1) {
            Some(y) => (YearRef::Explicit(y), last + 1),
            None => (YearRef::Open, last),
        };
        Some(Mention::new(
            i,
            last,
            Referent::Holiday(year, p.value),
            p.source.clone(),
        ))
    }

    /// `21.00 uur`, `21:00`, `om 9 uur`.
    fn clock_time(&self, i: usize) -> Option<Mention> {
        // Every reading below starts at an hour, `half`, `kwart` or a plural hour.
        if !self.dated(i) && !HOUR_PLURALS.contains(&self.word(i)) {
            return None;
        }
        let after_om = i > 0 && CLOCK_PREPOSITIONS.contains(&self.word(i - 1));
        // `twee uur op zijn vroegst`: the bound makes `N uur` a clock time.
        let bound = match (self.word(i + 2), self.word(i + 3), self.word(i + 4)) {
            ("op", "zijn", "vroegst") => Some("ON_OR_AFTER"),
            ("op", "zijn", "laatst") => Some("BEFORE"),
            _ => None,
        }
        .filter(|_| self.word(i + 1) == "uur");
        // `clock_digits` reads `after_om` only for an hour in digits or before `uur`:
        // elsewhere the neighbour checks below would be wasted.
        let read =
            self.tokens.get(i).and_then(Token::digits).is_some() || self.word(i + 1) == "uur";
        let after_om = read
            && (after_om
                || self.day_before(i)
                || bound.is_some()
                || self.listed_clock(i)
                || self.hedged_clock(i));
        let (hour, minute, last) = self
            .clock_digits(i, after_om)
            .or_else(|| self.clock_compact(i))
            .or_else(|| self.clock_words(i))
            .or_else(|| self.bare_hour_after_om(i))
            .or_else(|| self.hour_before_day_part(i))
            .or_else(|| self.hour_plural(i))?;
        // `om drie uur`, `half vier`: a 12-hour reading unless written 24-hour style
        // (`15.00`, `3:30`, `15u`) or fixed by a part of day.
        let notation = matches!(self.word(i + 1), ":" | ".") || self.clock_compact(i).is_some();
        let (fixed_hour, fixed_last) = self.day_part_after(last, hour);
        let twelve_hour = !notation && fixed_last == last && (1..=12).contains(&hour);
        let (hour, last) = (fixed_hour, fixed_last);
        if hour > 23 || minute > 59 {
            return None;
        }
        let rule = if twelve_hour { CLOCK_12H } else { "clock_time" };
        let mut m = Mention::new(i, last, Referent::Time(hour, minute), rule);
        if let (Some(b), true) = (bound, last == i + 1) {
            m.last = i + 4;
            m.modifier = Some(b);
        }
        Some(m)
    }

    /// `rond vieren`, `om zessen`: the colloquial plural of an hour after a clock
    /// preposition (`om te vieren` has `te` between).
    fn hour_plural(&self, i: usize) -> Option<(u32, u32, usize)> {
        if i == 0 || !CLOCK_PREPOSITIONS.contains(&self.word(i - 1)) {
            return None;
        }
        let hour = HOUR_PLURALS.iter().position(|w| *w == self.word(i))? as u32 + 1;
        Some((hour, 0, i))
    }

    /// `om 8 vanavond`: a bare hour right before a day with its part.
    fn hour_before_day_part(&self, i: usize) -> Option<(u32, u32, usize)> {
        // Only after a preposition: `won met 3-1 vanavond` has no clock time.
        let before = if i == 0 { "" } else { self.word(i - 1) };
        if !(CLOCK_PREPOSITIONS.contains(&before) || before == "op") {
            return None;
        }
        let hour = self.hour_word(i).filter(|h| *h <= 12)?;
        let part = self
            .vocab
            .deictic
            .get(self.word(i + 1))
            .and_then(|(_, p)| *p);
        part.is_some().then_some((hour, 0, i))
    }

    /// `terug om 7.`: a bare hour after `om` at the end of a clause.
    fn bare_hour_after_om(&self, i: usize) -> Option<(u32, u32, usize)> {
        // `omstreeks 5 in de ochtend`: a part of day makes a bare hour a clock time.
        if i > 0 && CLOCK_PREPOSITIONS.contains(&self.word(i - 1)) && self.day_part_follows(i) {
            let hour = self.hour_word(i).filter(|h| *h <= 12)?;
            return Some((hour, 0, i));
        }
        if i == 0 || self.word(i - 1) != "om" {
            return None;
        }
        // `om een ‘reassurance force’`: `een` is an article.
        if matches!(self.word(i), "een" | "één") {
            return None;
        }
        // `vrijdag 23 om 4 teruggaan`: after a date a word may follow; else the clause ends.
        let dated = i >= 2 && (self.day_before(i - 1) || self.day_number(i - 2).is_some());
        let ends = self
            .tokens
            .get(i + 1)
            .is_none_or(|t| matches!(t.lower(), "." | "," | ";" | "!" | "?" | ")"));
        if !ends && !dated {
            return None;
        }
        let hour = self.hour_word(i).filter(|h| *h <= 24)?;
        Some((hour % 24, 0, i))
    }

    /// An hour 1..=24 in digits or words.
    fn hour_word(&self, k: usize) -> Option<u32> {
        let t = self.tokens.get(k)?;
        if let Some(h) = t.digits() {
            return (t.lower().len() <= 2 && (1..=24).contains(&h)).then_some(h);
        }
        match self.num(k)? {
            NumberWord::Cardinal(h) if h.fract() == 0.0 && (1.0..=24.0).contains(&h) => {
                Some(h as u32)
            }
            _ => None,
        }
    }

    /// `om ongeveer drie uur`: a hedge between `om` and the hour keeps it a clock time.
    fn hedged_clock(&self, i: usize) -> bool {
        i >= 2
            && self.word(i - 2) == "om"
            && matches!(
                self.word(i - 1),
                "ongeveer" | "circa" | "ca" | "omstreeks" | "rond"
            )
    }

    /// `om 9 uur of 10 uur`: an hour listed after a clock time is one too.
    fn listed_clock(&self, i: usize) -> bool {
        i >= 4
            && matches!(self.word(i - 1), "of" | "en")
            && self.word(i - 2) == "uur"
            && CLOCK_PREPOSITIONS.contains(&self.word(i - 4))
    }

    /// A weekday or deictic day right before token `i` (`woensdag 4 uur`).
    fn day_before(&self, i: usize) -> bool {
        i > 0
            && (self.weekday_word(i - 1).is_some()
                || self.vocab.deictic.contains_key(self.word(i - 1)))
    }

    /// `'s ochtends om 7 uur`, `'s avonds om half acht`: a day part before a clock time.
    fn day_part_clock(&self, i: usize) -> Option<Mention> {
        if !matches!(self.word(i), "'" | "’") || self.word(i + 1) != "s" {
            return None;
        }
        let pm = match self.word(i + 2) {
            "middags" | "avonds" => true,
            "ochtends" | "morgens" | "nachts" => false,
            _ => return None,
        };
        if self.word(i + 3) != "om" {
            return self.day_part_range(i, pm);
        }
        let mut m = self.clock_time(i + 4)?;
        if let Referent::Time(hour, minute) = m.referent {
            if pm && hour < 12 {
                m.referent = Referent::Time(hour + 12, minute);
            }
        }
        m.first = i;
        Some(m)
    }

    /// `'s middags 5 tot zeven`: hours on a 12-hour dial after a part of day.
    fn day_part_range(&self, i: usize, pm: bool) -> Option<Mention> {
        let h1 = self.hour_word(i + 3).filter(|h| *h <= 12)?;
        let link = self.range_link(i + 4, false)?;
        let h2 = self.hour_word(link + 1).filter(|h| *h <= 12)?;
        let last = if self.word(link + 2) == "uur" {
            link + 2
        } else {
            link + 1
        };
        let shift = |h: u32| if pm && h < 12 { h + 12 } else { h };
        let referent = Referent::Range(
            Box::new(Referent::Time(shift(h1), 0)),
            Box::new(Referent::Time(shift(h2), 0)),
        );
        Some(Mention::new(i, last, referent, "day_part_range"))
    }

    /// `21.00 [uur]`, `21:00`, `om 9 uur`, `om negen uur`: (hour, minute, last token).
    fn clock_digits(&self, i: usize, after_om: bool) -> Option<(u32, u32, usize)> {
        let hour = match self.tokens.get(i)?.digits() {
            Some(h) => h,
            None if self.word(i + 1) == "uur" && (after_om || self.day_part_follows(i + 1)) => {
                match self.num(i) {
                    Some(NumberWord::Cardinal(h)) if h.fract() == 0.0 => h as u32,
                    _ => return None,
                }
            }
            None => return None,
        };
        let colon = matches!(self.word(i + 1), "." | ":")
            && self.tokens.get(i + 1).is_some_and(|t| t.glued)
            && self
                .tokens
                .get(i + 2)
                .is_some_and(|t| t.glued && minute_token(t.lower()).is_some());
        let (minute, mut last) = if colon {
            (minute_token(self.tokens[i + 2].lower())?, i + 2)
        } else if self.word(i + 1) == "uur" {
            // `14 uur 15`, `2 uur 15 's middags`: the minutes after `uur`.
            match self.minutes_after_uur(i + 2) {
                Some(m) => return Some((hour, m, i + 2)),
                None if after_om || self.day_part_follows(i + 1) => (0, i),
                None => return None,
            }
        } else {
            return None;
        };
        // `3.5` is a number; `21.00` is a time unless a measure or currency comes with it.
        if self.word(i + 1) == "." && self.word(last + 1) != "uur" && !self.dotted_time(i, last) {
            return None;
        }
        // `19:56:30`: seconds belong to the span.
        if self.word(last + 1) == ":"
            && self.tokens.get(last + 1).is_some_and(|t| t.glued)
            && self
                .tokens
                .get(last + 2)
                .is_some_and(|t| t.glued && t.lower().len() == 2 && t.is_digits())
        {
            last += 2;
        }
        if self.word(last + 1) == "uur" {
            last += 1;
        }
        Some((hour, minute, last))
    }

    /// `15` in `14 uur 15`: two digits up to 59 not followed by a unit (`2 uur 15 minuten`).
    fn minutes_after_uur(&self, k: usize) -> Option<u32> {
        let t = self.tokens.get(k)?;
        let m = t.digits().filter(|m| *m <= 59 && t.lower().len() == 2)?;
        let next = self.word(k + 1);
        (self.unit(k + 1).is_none() && !MEASURES.contains(&next) && next != "-").then_some(m)
    }

    /// `21.00`, `8.30` without `uur`: a time unless it is part of a longer number
    /// (`1.10.30`), a measure (`1.50 meter`) or an amount (`€ 2.50`).
    fn dotted_time(&self, i: usize, last: usize) -> bool {
        let before = if i == 0 { "" } else { self.word(i - 1) };
        let glued_before = self.tokens[i].glued && matches!(before, "." | "," | ":");
        let glued_after = self.tokens.get(last + 1).is_some_and(|t| t.glued)
            && matches!(self.word(last + 1), "." | "," | "%")
            && self.tokens.get(last + 2).is_some_and(|t| t.is_digits());
        self.tokens[i].lower().len() <= 2
            && !glued_before
            && !glued_after
            && !matches!(before, "€" | "$" | "£" | "ƒ" | "eur" | "usd")
            && !MEASURES.contains(&self.word(last + 1))
    }

    /// `15u`, `15h`, `17u10`.
    fn clock_compact(&self, i: usize) -> Option<(u32, u32, usize)> {
        let word = self.word(i);
        let (h, m) = word.split_once(['u', 'h'])?;
        let valid = |s: &str, max_len| {
            !s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit())
        };
        if !valid(h, 2) || !(m.is_empty() || (valid(m, 2) && m.len() == 2)) {
            return None;
        }
        Some((
            h.parse().ok()?,
            if m.is_empty() { 0 } else { m.parse().ok()? },
            i,
        ))
    }

    /// `half vier` (3:30), `kwart over twee`, `kwart voor 12`, `10 voor half negen`,
    /// `twintig over 3`, `15 minuten voor 12`.
    fn clock_words(&self, i: usize) -> Option<(u32, u32, usize)> {
        let with_uur = |k: usize| if self.word(k + 1) == "uur" { k + 1 } else { k };
        // `half 8 miljoen`, `over 3 dagen`: a measure or unit after the hour is no clock.
        let plain = |k: usize| {
            let next = self.word(k + 1);
            self.unit(k + 1).is_none_or(|u| u.code == "H") && !MEASURES.contains(&next)
        };
        // `H` or `half H` at k: minutes since midnight and the last token.
        let target = |k: usize| -> Option<(u32, usize)> {
            if self.word(k) == "half" {
                let h = self
                    .hour_word(k + 1)
                    .filter(|h| *h <= 12 || self.word(k + 2) == "uur")?;
                return plain(k + 1).then_some((((h + 23) % 24) * 60 + 30, k + 1));
            }
            let h = self.hour_word(k)?;
            plain(k).then_some(((h % 24) * 60, k))
        };
        let (offset, k) = match self.word(i) {
            "half" => return target(i).map(|(t, k)| (t / 60, t % 60, with_uur(k))),
            "kwart" => (15, i + 1),
            _ => {
                let t = self.tokens.get(i)?;
                let n = match t.digits() {
                    Some(n) => n,
                    None => match self.num(i)? {
                        NumberWord::Cardinal(n) | NumberWord::Tens(n) if n.fract() == 0.0 => {
                            n as u32
                        }
                        _ => return None,
                    },
                };
                if !(1..=29).contains(&n) {
                    return None;
                }
                let k = if matches!(self.word(i + 1), "minuten" | "minuut" | "min") {
                    i + 2
                } else {
                    i + 1
                };
                (n, k)
            }
        };
        let sign: i64 = match self.word(k) {
            "over" => 1,
            "voor" => -1,
            _ => return None,
        };
        let (base, last) = target(k + 1)?;
        let total = (i64::from(base) + sign * i64::from(offset)).rem_euclid(1440) as u32;
        Some((total / 60, total % 60, with_uur(last)))
    }

    /// Whether `'s ochtends`, `'s avonds`, ... follows token `last`: it makes `N uur` a
    /// clock time rather than a duration.
    fn day_part_follows(&self, last: usize) -> bool {
        self.day_part_after(last, 0).1 != last
    }

    /// `'s avonds` / `'s middags` after a clock time moves it past noon.
    fn day_part_after(&self, last: usize, hour: u32) -> (u32, usize) {
        // `in de ochtend`, `in de middag`: the same as `'s ochtends`.
        if (self.word(last + 1), self.word(last + 2)) == ("in", "de") {
            return match self.vocab.day_parts.get(self.word(last + 3)) {
                Some(&"AF" | &"EV") if hour < 12 => (hour + 12, last + 3),
                Some(_) => (hour, last + 3),
                None => (hour, last),
            };
        }
        if !matches!(self.word(last + 1), "'" | "’" | "‘") || self.word(last + 2) != "s" {
            return (hour, last);
        }
        match self.word(last + 3) {
            "middags" | "avonds" if hour < 12 => (hour + 12, last + 3),
            "ochtends" | "morgens" | "nachts" | "middags" | "avonds" => (hour, last + 3),
            _ => (hour, last),
        }
    }

    /// `'s avonds`, `in de ochtend`, `in de vroege ochtend`, `later in de middag`,
    /// `namiddag`, `het middaguur`, and a bare part word right after a day (`vandaag avond`).
    fn day_part_phrase(&self, i: usize) -> Option<Mention> {
        if matches!(self.word(i), "'" | "’" | "‘") && self.word(i + 1) == "s" {
            let part = adverbial_part(self.word(i + 2))?;
            return Some(Mention::new(
                i,
                i + 2,
                Referent::DayPart(part),
                "day_part_adverb",
            ));
        }
        let mut j = i;
        let mut edge = None;
        if let Some(e) = match self.word(j) {
            "vroeg" => Some("START"),
            "later" | "laat" => Some("END"),
            _ => None,
        } {
            edge = Some(e);
            j += 1;
            if self.word(j) != "in" {
                return None;
            }
        }
        if self.word(j) == "in" && self.word(j + 1) == "de" {
            let mut k = j + 2;
            if let Some(e) = match self.word(k) {
                "vroege" => Some("START"),
                "late" => Some("END"),
                _ => None,
            } {
                edge = edge.or(Some(e));
                k += 1;
            }
            let part = *self.vocab.day_parts.get(self.word(k))?;
            // A governing `in` stays outside the span (codebook section 2); after an edge
            // word (`vroeg in de ochtend`) it is inside the phrase.
            let first = if j == i { j + 1 } else { i };
            let mut m = match self.day_of_part(k + 1) {
                // `in de vroege ochtend van donderdag`: that day's part.
                Some(day) => {
                    let referent = Referent::WithPart(Box::new(day.referent), part);
                    Mention::new(first, day.last, referent, "part_of_day")
                }
                None => Mention::new(first, k, Referent::DayPart(part), "day_part_phrase"),
            };
            m.modifier = edge;
            return Some(m);
        }
        if edge.is_some() {
            return None;
        }
        // `de avond van 4 maart`: that day's part.
        let at = if self.word(i) == "de" { i + 1 } else { i };
        if let Some(&part) = self.vocab.day_parts.get(self.word(at)) {
            if let Some(day) = self.day_of_part(at + 1) {
                let referent = Referent::WithPart(Box::new(day.referent), part);
                return Some(Mention::new(at, day.last, referent, "part_of_day"));
            }
        }
        // `rond de middag`, `tegen de middag`: noon.
        let approx = i > 0 && matches!(self.word(i - 1), "rond" | "omstreeks" | "tegen");
        if approx && self.word(i) == "de" && self.word(i + 1) == "middag" {
            return Some(Mention::new(i, i + 1, Referent::Time(12, 0), "noon"));
        }
        let j = if self.word(i) == "het" { i + 1 } else { i };
        if self.word(j) == "middaguur" {
            return Some(Mention::new(i, j, Referent::Time(12, 0), "middaguur"));
        }
        let part = *self.vocab.day_parts.get(self.word(i))?;
        // `middag vandaag`, `ochtend morgen`: a part of the deictic day after it.
        if let Some(&(offset, None)) = self.vocab.deictic.get(self.word(i + 1)) {
            let referent = Referent::DayOffset(offset, Some(part));
            return Some(Mention::new(i, i + 1, referent, "part_before_day"));
        }
        // `namiddag`, `voormiddag` stand alone; other part words only right after a day.
        let alone = matches!(self.word(i), "namiddag" | "voormiddag");
        (alone || self.day_before(i))
            .then(|| Mention::new(i, i, Referent::DayPart(part), "day_part_word"))
    }

    /// The day a part of a day belongs to, from the `van` at `i`: `van 4 maart`, `van
    /// donderdag`. A night runs into the next day, `van zaterdag op zondag`, `van 23 op 24
    /// februari`: the mention takes both days and means the first, whose night it is.
    fn day_of_part(&self, i: usize) -> Option<Mention> {
        if self.word(i) != "van" {
            return None;
        }
        let next_day = |k: usize| self.day_month(k).or_else(|| self.weekday(k));
        if let (Some(day), "op") = (self.day_number(i + 1), self.word(i + 2)) {
            let mut m = self.day_month(i + 3)?;
            // Only a night within one month: `van 31 op 1 maart` would need the month
            // before, and is left to the rules for its parts.
            match m.referent {
                Referent::DayMonth(year, month, next) if next == day + 1 => {
                    m.referent = Referent::DayMonth(year, month, day);
                    return Some(m);
                }
                _ => return None,
            }
        }
        let mut day = next_day(i + 1)?;
        if self.word(day.last + 1) == "op" {
            if let Some(next) = next_day(day.last + 2) {
                day.last = next.last;
            }
        }
        Some(day)
    }

    /// A day number alone (`18`, `15e`, `vijftiende`) followed by what may follow a date.
    fn bare_day_at(&self, k: usize) -> Option<u32> {
        let d = self.day_number(k)?;
        let next = self.tokens.get(k + 1);
        // `19:00`, `8.30`, `15u`: the number is an hour.
        let digit_after = self
            .tokens
            .get(k + 2)
            .is_some_and(|t| t.glued && t.is_digits());
        let clock = next.is_some_and(|t| {
            t.glued
                && (matches!(t.lower(), "u" | "h")
                    || (matches!(t.lower(), ":" | ".") && digit_after))
        });
        // `maandag 8-9 's ochtends`, `maandag 9-10 uur`: a range of hours.
        let hours = self.word(k + 1) == "-"
            && self.tokens.get(k + 2).is_some_and(Token::is_digits)
            && (self.word(k + 3) == "uur" || self.day_part_follows(k + 2));
        let fits = !clock
            && !hours
            && (next.is_none_or(|t| !t.is_word() || AFTER_BARE_DAY.contains(&t.lower()))
                || self.clock_time(k + 1).is_some());
        (fits && !self.vocab.months.contains_key(self.word(k + 1))).then_some(d)
    }

    /// `maandag 21`, `vrijdag de 26e`, `op de 15e`: a day of the month without its month.
    /// Alone it needs a preposition and an ordinal (`de 3e plaats` is a rank).
    fn day_of_month(&self, i: usize) -> Option<Mention> {
        let abbreviated = self.weekday_abbreviation(i).map(|wd| (wd, i + 2));
        if let Some((wd, mut j)) = self
            .weekday_word(i)
            .filter(|(_, part)| part.is_none())
            .map(|(wd, _)| (wd, i + 1))
            .or(abbreviated)
        {
            if self.word(j) == "," {
                j += 1;
            }
            if self.word(j) == "de" {
                j += 1;
            }
            let d = self.bare_day_at(j)?;
            let referent = Referent::DayOfMonth(d, Some(wd));
            return Some(Mention::new(i, j, referent, "weekday_day"));
        }
        let before = if i == 0 { "" } else { self.word(i - 1) };
        if self.word(i) != "de"
            || !matches!(
                before,
                "op" | "tot" | "vanaf" | "sinds" | "voor" | "na" | "per"
            )
        {
            return None;
        }
        let t = self.tokens.get(i + 1)?;
        let ordinal = !t.is_digits()
            && (t.lower().starts_with(|c: char| c.is_ascii_digit())
                || matches!(self.num(i + 1), Some(NumberWord::Ordinal(_))));
        // `op de 17 van 14.00 tot 16.00`: a clock range after it shows the day.
        let timed = matches!(self.word(i + 2), "van" | "tussen") && self.range(i + 3).is_some();
        let d = self.bare_day_at(i + 1).filter(|_| ordinal || timed)?;
        // `de 9e van mei` is a full date.
        if self.day_month(i + 1).is_some() {
            return None;
        }
        Some(Mention::new(
            i,
            i + 1,
            Referent::DayOfMonth(d, None),
            "bare_day",
        ))
    }

    /// `februari 15`, `Aug 8`, `April 14, 2015`, `november de 15e`: month before day.
    fn month_day(&self, i: usize) -> Option<Mention> {
        let month = *self.vocab.months.get(self.word(i))?;
        if self.capitalised_name(i) {
            return None;
        }
        let j = if self.word(i + 1) == "de" {
            i + 2
        } else {
            i + 1
        };
        let t = self.tokens.get(j)?;
        if t.is_digits() && t.lower().len() > 2 {
            return None;
        }
        let d = self.day_number(j)?;
        let after = if self.word(j + 1) == "," {
            j + 2
        } else {
            j + 1
        };
        if let Some((y, last)) = self.year_at(after) {
            let referent = Referent::DayMonth(YearRef::Explicit(y), month, d);
            return Some(Mention::new(i, last, referent, "month_day"));
        }
        // `november de 15e`: the article and the ordinal leave no doubt.
        let ordinal = j == i + 2 && !t.is_digits();
        let d = if ordinal { d } else { self.bare_day_at(j)? };
        NaiveDate::from_ymd_opt(2000, month, d)?;
        let referent = Referent::DayMonth(YearRef::Open, month, d);
        Some(Mention::new(i, j, referent, "month_day"))
    }

    /// `het weekend`, `weekend`: a weekend without a relative word (those are
    /// [`Self::relative_unit`]'s); the article stays outside the span.
    fn weekend(&self, i: usize) -> Option<Mention> {
        if self.word(i) != "weekend" {
            return None;
        }
        // `een weekend` is a duration; `elk weekend` a set; `dat weekend` refers back.
        let before = if i == 0 { "" } else { self.word(i - 1) };
        if matches!(
            before,
            "een" | "elk" | "ieder" | "per" | "dat" | "hetzelfde" | "datzelfde" | "welk"
        ) {
            return None;
        }
        Some(Mention::new(i, i, Referent::Weekend, "weekend"))
    }

    /// Signed seconds of a count of clock units at `i` before `later` or `eerder`
    /// (`30 minuten later` → 1800): what the recogniser's own rule for these
    /// (`later_than_previous`, which resolves to a day) leaves on the day, for a caller
    /// that knows the reference clock time.
    pub fn clock_count(&self, i: usize) -> Option<i64> {
        let (count_end, Some(n)) = self.count(i)? else {
            return None;
        };
        let unit = self.unit(count_end + 1)?;
        let per_unit = match unit.code {
            "H" => 3600.0,
            "MIN" => 60.0,
            "S" => 1.0,
            _ => return None,
        };
        let sign = match self.word(count_end + 2) {
            "later" | "daarna" | "nadien" => 1,
            "eerder" | "daarvoor" | "ervoor" => -1,
            _ => return None,
        };
        let seconds = n * f64::from(unit.factor) * per_unit;
        (seconds > 0.0 && seconds.fract() == 0.0 && seconds < 1e9).then(|| sign * seconds as i64)
    }

    /// `drie jaar later`, `twee dagen eerder`, `30 minuten later`: a count from the previous
    /// expression (else from the DCT). Weeks count as days; hours and minutes stay on
    /// that day.
    fn later_than_previous(&self, i: usize) -> Option<Mention> {
        // Most tokens are no number: spare the phrase lookup in `count`.
        self.num(i)?;
        let (count_end, Some(n)) = self.count(i)? else {
            return None;
        };
        let unit = self.unit(count_end + 1)?;
        let sign = match self.word(count_end + 2) {
            "later" | "daarna" | "nadien" => 1,
            "eerder" | "daarvoor" | "ervoor" => -1,
            _ => return None,
        };
        // `later dan`, `eerder dan`: a comparison, not a shift; `later deze week` is an
        // expression of its own.
        if n.fract() != 0.0
            || self.word(count_end + 3) == "dan"
            || self.relative_unit(count_end + 2).is_some()
        {
            return None;
        }
        let n = sign * n as i64 * i64::from(unit.factor);
        let referent = match unit.code {
            "D" => Referent::FromPrevious("D", n),
            "W" => Referent::FromPrevious("D", n.checked_mul(7)?),
            "M" | "Y" => Referent::FromPrevious(unit.code, n),
            "H" | "MIN" | "S" => Referent::FromPrevious("D", 0),
            _ => return None,
        };
        Some(Mention::new(
            i,
            count_end + 2,
            referent,
            "later_than_previous",
        ))
    }

    /// `negentienhonderd zesennegentig`, `tweeduizend en vijftien`: a year in words and
    /// its last token.
    fn year_in_words(&self, i: usize) -> Option<(i32, usize)> {
        let word = self.word(i);
        if !(word.ends_with("honderd") || word.ends_with("duizend")) {
            return None;
        }
        let (_, base) = YEAR_WORDS.iter().find(|(w, _)| *w == word)?;
        let k = if self.word(i + 1) == "en" {
            i + 2
        } else {
            i + 1
        };
        let n = match self.num(k)? {
            NumberWord::Cardinal(n) | NumberWord::Tens(n) if n.fract() == 0.0 => n as i32,
            _ => return None,
        };
        (1..=99).contains(&n).then_some((base + n, k))
    }

    /// A year in digits or words at `k`: the year and its last token.
    fn year_at(&self, k: usize) -> Option<(i32, usize)> {
        self.year_token(k)
            .map(|y| (y, k))
            .or_else(|| self.year_in_words(k))
    }

    /// `de week van 10 april`, `de week beginnend op 4 februari`: the ISO week of a day.
    fn week_of(&self, i: usize) -> Option<Mention> {
        if self.word(i) != "week" {
            return None;
        }
        let mut k = match self.word(i + 1) {
            "van" => i + 2,
            "beginnend" | "startend" | "aanvangend" => i + 2,
            _ => return None,
        };
        if self.word(k) == "op" {
            k += 1;
        }
        let day = self.day_month(k).or_else(|| self.numeric_date(k))?;
        if !matches!(day.referent, Referent::DayMonth(..)) {
            return None;
        }
        let referent = Referent::WeekOf(Box::new(day.referent));
        Some(Mention::new(i, day.last, referent, "week_of"))
    }

    /// `de laatste maandag van maart`, `eerste dinsdag in oktober 2014`, `de 15e dag van
    /// volgende maand`, `de eerste week van 2015`.
    fn nth_in_period(&self, i: usize) -> Option<Mention> {
        let j = if matches!(self.word(i), "de" | "het") {
            i + 1
        } else {
            i
        };
        // Every reading of `n` below is a number.
        if !self.dated(j) {
            return None;
        }
        let t = self.tokens.get(j)?;
        // `20 ste`: the ordinal suffix written apart.
        let apart = t.is_digits() && matches!(self.word(j + 1), "ste" | "de" | "e");
        let n = match self.num(j) {
            _ if apart => self.day_number(j)? as i32,
            Some(NumberWord::Ordinal(n)) => n,
            _ if !t.is_digits() && t.lower().starts_with(|c: char| c.is_ascii_digit()) => {
                self.day_number(j)? as i32
            }
            _ => return None,
        };
        let at = j + usize::from(apart);
        // `de 20ste van de volgende maand`: a day, the noun left out.
        let (kind, of) = match (self.weekday_word(at + 1), self.word(at + 1)) {
            (Some((wd, None)), _) => (NthKind::Weekday(wd), at + 2),
            (_, "dag") => (NthKind::Day, at + 2),
            (_, "week") => (NthKind::Week, at + 2),
            (_, "van") if self.relative_unit(at + 2).is_some() => (NthKind::Day, at + 1),
            _ => return None,
        };
        if !matches!(self.word(of), "van" | "in") {
            return None;
        }
        let k = of + 1;
        let inner = [Self::month_year, Self::relative_unit, Self::year]
            .iter()
            .filter_map(|rule| rule(self, k))
            .max_by_key(|m| m.last)
            .or_else(|| {
                let y = self.year_token(k)?;
                Some(Mention::new(
                    k,
                    k,
                    Referent::Year(YearRef::Explicit(y)),
                    "year",
                ))
            })
            .or_else(|| {
                // `jan 2015`, `okt`: an abbreviated month counts here.
                let month = *self.vocab.months.get(self.word(k))?;
                let (year, last) = self.of_year(k + 1).unwrap_or((YearRef::Open, k));
                Some(Mention::new(k, last, Referent::Month(year, month), "month"))
            })
            .or_else(|| {
                // `de 31e dag van de maand`: the DCT's month.
                let unit = match (self.word(k), self.word(k + 1)) {
                    ("de", "maand") => "M",
                    ("het", "jaar") => "Y",
                    _ => return None,
                };
                Some(Mention::new(
                    k,
                    k + 1,
                    Referent::Shift(unit, 0),
                    "this_unit",
                ))
            })?;
        if !matches!(
            inner.referent,
            Referent::Month(..) | Referent::Year(_) | Referent::Shift("M" | "Y", _)
        ) {
            return None;
        }
        let referent = Referent::Nth(Box::new(inner.referent), kind, n);
        // The article stays outside the span.
        Some(Mention::new(j, inner.last, referent, "nth_in_period"))
    }

    /// The range link at `k` (`tot`, `t/m`, `-`, `en` after `tussen`): its last token.
    fn range_link(&self, k: usize, between: bool) -> Option<usize> {
        if between && self.word(k) == "en" {
            return Some(k);
        }
        RANGE_WORDS.iter().find_map(|w| self.phrase_at(k, w))
    }

    /// `13 t/m 15 juli`, `18-19 november`, `november 19-20`, `jan-feb 2017`,
    /// `van sep tot nov`, `5 tot 6 's middags`, `9:30 - 11:00`, `vandaag van vijf tot zeven`.
    fn range(&self, i: usize) -> Option<Mention> {
        if !self.dated(i) {
            return None;
        }
        let before = if i == 0 { "" } else { self.word(i - 1) };
        let between = before == "tussen";
        let led = between || before == "van";
        self.day_range(i, between)
            .or_else(|| self.date_range(i, between))
            .or_else(|| self.month_range(i, led, between))
            .or_else(|| self.clock_range(i, led, between))
    }

    /// `13 t/m 15 juli`, `18-19 november`, `november 19-20`: days sharing a month.
    fn day_range(&self, i: usize, between: bool) -> Option<Mention> {
        if let Some(&m) = self.vocab.months.get(self.word(i)) {
            let d1 = self.day_number(i + 1)?;
            let link = self.range_link(i + 2, between)?;
            let d2 = self.bare_day_at(link + 1)?;
            let first = Referent::DayMonth(YearRef::Open, m, d1);
            let second = Mention::new(
                link + 1,
                link + 1,
                Referent::DayMonth(YearRef::Open, m, d2),
                "day",
            );
            return Some(self.ranged(i, first, second));
        }
        let d = self.day_number(i)?;
        let link = self.range_link(i + 1, between)?;
        let second = self.day_month(link + 1)?;
        let Referent::DayMonth(year, m, _) = second.referent else {
            return None;
        };
        Some(self.ranged(i, Referent::DayMonth(year, m, d), second))
    }

    /// `26 juni tot 28 juni in 2020`, `18 nov-19 dec, 2015`, `1-5 - 7-5-2020`: two full
    /// dates, the first taking its year from the second.
    fn date_range(&self, i: usize, between: bool) -> Option<Mention> {
        let date_at = |k: usize| self.day_month(k).or_else(|| self.numeric_date(k));
        if let Some(m) = self.slashed_range(i) {
            return Some(m);
        }
        let first = date_at(i)?;
        let link = self.range_link(first.last + 1, between)?;
        let mut second = date_at(link + 1)?;
        // `1-5 - 7-5, 2020`: a year after a comma ends the range.
        if let (Referent::DayMonth(YearRef::Open, m, d), ",") =
            (&second.referent, self.word(second.last + 1))
        {
            if let Some(y) = self.year_token(second.last + 2) {
                second.referent = Referent::DayMonth(YearRef::Explicit(y), *m, *d);
                second.last += 2;
            }
        }
        if !matches!(second.referent, Referent::DayMonth(..)) {
            return None;
        }
        Some(self.ranged(i, first.referent, second))
    }

    /// `10/1-11/2/2017`: a day and month, a hyphen and a full date, all glued.
    fn slashed_range(&self, i: usize) -> Option<Mention> {
        if self.word(i + 1) != "/" {
            return None;
        }
        let t = self.tokens;
        let glued = |k: usize| t.get(k).is_some_and(|t| t.glued);
        let short = |k: usize| {
            t.get(k)
                .filter(|t| t.lower().len() <= 2)
                .and_then(Token::digits)
        };
        let (d, m) = (short(i)?, short(i + 2)?);
        let shape = self.word(i + 1) == "/" && self.word(i + 3) == "-";
        let all_glued = (i + 1..=i + 4).all(glued);
        if !(shape && all_glued) {
            return None;
        }
        let second = self.numeric_date(i + 4)?;
        let Referent::DayMonth(YearRef::Explicit(y), m2, _) = second.referent else {
            return None;
        };
        // `29/2-1/3/2019`: no such first day; the second date stands alone.
        NaiveDate::from_ymd_opt(if m > m2 { y - 1 } else { y }, m, d)?;
        Some(self.ranged(i, Referent::DayMonth(YearRef::Open, m, d), second))
    }

    /// `jan-feb 2017`, `van sep tot nov`, `tussen augustus en oktober`: months, the first
    /// taking its year from the second.
    fn month_range(&self, i: usize, led: bool, between: bool) -> Option<Mention> {
        if let Some(&m1) = self.vocab.months.get(self.word(i)) {
            let link = self.range_link(i + 1, between)?;
            let second = self.month_year(link + 1).or_else(|| {
                let m2 = *self.vocab.months.get(self.word(link + 1))?;
                let r = Referent::Month(YearRef::Open, m2);
                (led || link > i + 1 || self.tokens[link].glued)
                    .then(|| Mention::new(link + 1, link + 1, r, "month"))
            })?;
            let Referent::Month(year, m2) = second.referent else {
                return None;
            };
            let year = match year {
                YearRef::Explicit(y) if m1 > m2 => YearRef::Explicit(y - 1),
                other => other,
            };
            return Some(self.ranged(i, Referent::Month(year, m1), second));
        }
        None
    }

    /// A range mention from token `first` over `second`.
    fn ranged(&self, first_at: usize, first: Referent, second: Mention) -> Mention {
        // `26 juni tot 28 juni in 2020`: a year-less first end takes the second's year.
        let year_of = |r: &Referent| match r {
            Referent::DayMonth(YearRef::Explicit(y), m, _)
            | Referent::Month(YearRef::Explicit(y), m) => Some((*y, *m)),
            _ => None,
        };
        let first = match (first, year_of(&second.referent)) {
            (Referent::DayMonth(YearRef::Open, m, d), Some((y, m2))) => {
                Referent::DayMonth(YearRef::Explicit(if m > m2 { y - 1 } else { y }), m, d)
            }
            (Referent::Month(YearRef::Open, m), Some((y, m2))) => {
                Referent::Month(YearRef::Explicit(if m > m2 { y - 1 } else { y }), m)
            }
            (other, _) => other,
        };
        let referent = Referent::Range(Box::new(first), Box::new(second.referent));
        Mention::new(first_at, second.last, referent, "range")
    }

    /// A clock time or, in a range that shows it is one, a bare hour: (hour, minute, last).
    fn range_end(&self, k: usize, bare: bool) -> Option<(u32, u32, usize)> {
        self.clock_digits(k, true)
            .or_else(|| self.clock_compact(k))
            .or_else(|| self.clock_words(k))
            .or_else(|| {
                let h = self.hour_word(k).filter(|_| bare)?;
                Some((h % 24, 0, if self.word(k + 1) == "uur" { k + 1 } else { k }))
            })
    }

    /// `5 tot 6 's middags`, `van half acht tot 4 uur 's middags`, `9:30 - 11:00`.
    fn clock_range(&self, i: usize, led: bool, between: bool) -> Option<Mention> {
        // Bare hours need `van`/`tussen` after a day (`vandaag van vijf tot zeven`) or
        // `uur` / a part of day after the second end.
        let after_day = led
            && i >= 2
            && (self.day_before(i - 1)
                || self.vocab.months.contains_key(self.word(i - 2))
                || self.vocab.day_parts.contains_key(self.word(i - 2)));
        let (h1, m1, last1) = self.range_end(i, true)?;
        let (h1, part_end) = self.day_part_after(last1, h1);
        let first_has_part = part_end > last1;
        let last1 = part_end;
        let link = self.range_link(last1 + 1, between)?;
        let (h2, m2, last2) = self.range_end(link + 1, true)?;
        let (h2, end) = self.day_part_after(last2, h2);
        let explicit = |k: usize, last: usize| {
            last > k
                || self.word(k + 1) == "."
                || self.word(k + 1) == ":"
                || self.tokens[k].lower().contains(['u', 'h'])
        };
        let (explicit1, explicit2) = (explicit(i, last1), explicit(link + 1, last2));
        // `tussen 3 en 5 op 1-1-2015`: a date after the range shows the hours.
        // `tussen 7 en 9 afgelopen ochtend`: so does a day right after it.
        let dated = (self.word(end + 1) == "op"
            && (self.numeric_date(end + 2).is_some() || self.day_month(end + 2).is_some()))
            || (between && self.deictic(end + 1).is_some());
        let shown = end > last2
            || self.word(last2) == "uur"
            || explicit1
            || (led && (explicit2 || dated))
            || after_day;
        if !shown || (self.unit(end + 1).is_some() && end == last2) {
            return None;
        }
        // `5 tot 6 's middags`: the part of day moves both ends when they are in order.
        let h1 = if !first_has_part && h2 >= 12 && h2 - 12 >= h1 && h1 < 12 && end > last2 {
            h1 + 12
        } else {
            h1
        };
        // `09:30-07:30`: an end before the start on a 12-hour dial is in the afternoon.
        let h2 = if (h2, m2) < (h1, m1) && h2 < 12 && (h2 + 12, m2) > (h1, m1) {
            h2 + 12
        } else {
            h2
        };
        // `15-2 's avonds` is no range from 15:00 to 14:00: only written clock times
        // (`van 23.00 tot 01.00 uur`) run past midnight.
        let bare = !(explicit1 || explicit2 || self.word(last2) == "uur");
        if h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59 || (bare && (h2, m2) <= (h1, m1)) {
            return None;
        }
        let referent = Referent::Range(
            Box::new(Referent::Time(h1, m1)),
            Box::new(Referent::Time(h2, m2)),
        );
        Some(Mention::new(i, end, referent, "clock_range"))
    }

    /// `de 5 aankomende jaren`: a count before its lead word.
    fn counted_after(&self, i: usize) -> Option<Mention> {
        let (count_end, Some(n)) = self.count(i)? else {
            return None;
        };
        let lead = self.word(count_end + 1);
        let sign = if FORWARD_LEADS.contains(&lead) {
            1
        } else if BACKWARD_LEADS.contains(&lead) {
            -1
        } else {
            return None;
        };
        let unit = self.unit(count_end + 2)?;
        let referent = counted(n, unit, sign)
            .unwrap_or_else(|| Referent::Duration(duration_value(Some(n), unit)));
        Some(Mention::new(i, count_end + 2, referent, "counted"))
    }

    /// `begin 2025`, `eind vorig jaar`, `half maart`, `midden van de zomer`.
    fn edge(&self, i: usize) -> Option<Mention> {
        let modifier = *self.vocab.edges.get(self.word(i))?;
        let mut j = i + 1;
        if self.word(j) == "van" {
            j += 1;
        }
        // `eind van de maand`, `aan het eind van het jaar`: the DCT's unit.
        if matches!(self.word(j), "de" | "het") {
            let unit = match self.word(j + 1) {
                "dag" => Some("D"),
                "week" => Some("W"),
                "maand" => Some("M"),
                "jaar" => Some("Y"),
                _ => None,
            };
            if let Some(unit) = unit {
                let mut m = Mention::new(i, j + 1, Referent::Shift(unit, 0), "edge+this_unit");
                m.edge = Some(modifier);
                m.modifier = Some(modifier);
                return Some(m);
            }
        }
        // `eind van de zondag`: the article before a weekday adds nothing.
        if self.word(j) == "de" && self.weekday_word(j + 1).is_some() {
            j += 1;
        }
        let inner = [
            Self::month_year,
            Self::year,
            Self::relative_unit,
            Self::season,
            Self::decade,
            Self::deictic,
            Self::weekday,
        ]
        .iter()
        .filter_map(|rule| rule(self, j))
        .max_by_key(|m| m.last)?;
        let day = matches!(
            inner.referent,
            Referent::DayOffset(..) | Referent::Weekday(..)
        );
        // `begin maandag` is rare; `eind van morgen`, `halverwege vandaag` are not.
        if day && !(self.word(i + 1) == "van" || self.word(i) == "halverwege") {
            return None;
        }
        if self.word(i) == "half" && !matches!(inner.referent, Referent::Month(..)) {
            return None;
        }
        let mut m = inner;
        m.first = i;
        m.edge = Some(modifier);
        m.modifier = Some(modifier);
        m.rule = format!("edge+{}", m.rule).into();
        Some(m)
    }

    /// `het jaar tot op heden`, `de maand tot nu toe`: from the start of the DCT's unit to
    /// the DCT.
    fn unit_to_date(&self, i: usize) -> Option<Mention> {
        let unit = period_unit(self.word(i)).filter(|u| matches!(*u, "W" | "M" | "Y"))?;
        let last = [
            ["tot", "op", "heden"],
            ["tot", "nu", "toe"],
            ["tot", "op", "vandaag"],
        ]
        .iter()
        .find_map(|words| self.phrase_at(i + 1, words))?;
        let referent = Referent::Range(
            Box::new(Referent::Shift(unit, 0)),
            Box::new(Referent::DayOffset(0, None)),
        );
        Some(Mention::new(i, last, referent, "unit_to_date"))
    }

    /// `de week na volgende`, `het jaar voor vorig`: two units from the DCT's.
    fn unit_after_next(&self, i: usize) -> Option<Mention> {
        let unit = period_unit(self.word(i)).filter(|u| *u != "D")?;
        let n = match (self.word(i + 1), self.relative(i + 2)) {
            ("na", Some(1)) => 2,
            ("voor", Some(-1)) => -2,
            _ => return None,
        };
        // `de week na volgende week` names the unit again.
        let last = if self.word(i + 3) == self.word(i) {
            i + 3
        } else {
            i + 2
        };
        Some(Mention::new(
            i,
            last,
            Referent::Shift(unit, n),
            "unit_after_next",
        ))
    }

    /// `de rest van de week`, `de rest van het jaar`: the DCT's unit, its end.
    fn rest_of(&self, i: usize) -> Option<Mention> {
        if (self.word(i), self.word(i + 1)) != ("rest", "van") {
            return None;
        }
        let unit = match (self.word(i + 2), self.word(i + 3)) {
            ("de" | "het" | "deze" | "dit", noun) => period_unit(noun)?,
            _ => return None,
        };
        let mut m = Mention::new(i, i + 3, Referent::Shift(unit, 0), "rest_of");
        m.modifier = Some("END");
        Some(m)
    }

    /// `op diezelfde dag`, `dezelfde week`, `dat jaar`, `de dag erna`, `het jaar daarvoor`.
    fn same_as_previous(&self, i: usize) -> Option<Mention> {
        let same = matches!(
            self.word(i),
            "diezelfde" | "dezelfde" | "datzelfde" | "hetzelfde"
        );
        let unit = period_unit(self.word(i + 1));
        if let (true, Some(unit), false) = (same, unit, self.word(i + 1) == "dag") {
            let referent = Referent::FromPrevious(unit, 0);
            return Some(Mention::new(i, i + 1, referent, "same_unit"));
        }
        // `dat jaar`, `die week`, but not `die week na week`, `dat jaar op jaar`.
        let repeated = matches!(self.word(i + 2), "na" | "op" | "in" | "voor" | "tot")
            && self.word(i + 3) == self.word(i + 1);
        if let (true, Some(unit), false) = (
            matches!(self.word(i), "dat" | "die"),
            unit.filter(|u| *u != "D"),
            repeated,
        ) {
            let referent = Referent::FromPrevious(unit, 0);
            return Some(Mention::new(i, i + 1, referent, "that_unit"));
        }
        // `de dag erna`, `het jaar daarvoor`, `de week daarop`.
        if let (true, Some(unit)) = (matches!(self.word(i), "de" | "het"), unit) {
            let n = match self.word(i + 2) {
                "erna" | "daarna" | "daarop" | "nadien" => 1,
                "ervoor" | "daarvoor" | "tevoren" | "voordien" => -1,
                _ => return None,
            };
            let referent = Referent::FromPrevious(unit, n);
            // The article stays outside the span, as elsewhere.
            return Some(Mention::new(i + 1, i + 2, referent, "unit_after_previous"));
        }
        if !same {
            return None;
        }
        matches!(
            self.word(i + 1),
            "dag" | "week" | "maand" | "jaar" | "ochtend" | "avond"
        )
        .then(|| Mention::new(i, i + 1, Referent::SameAsPrevious, "same_as_previous"))
    }
}

/// The calendar unit a period noun names (`dag`, `week`, `weekend`, `maand`, `jaar`).
fn period_unit(word: &str) -> Option<&'static str> {
    Some(match word {
        "dag" => "D",
        "week" => "W",
        "weekend" => "WE",
        "maand" => "M",
        "jaar" => "Y",
        _ => return None,
    })
}

/// `30`, `30u`, `30h`: two-digit minutes, optionally with the hour letter glued on.
fn minute_token(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(['u', 'h']);
    (digits.len() == 2 && word.len() <= 3 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
        .filter(|m| *m <= 59)
}

/// The part of day a `'s` adverb names (`'s avonds`).
fn adverbial_part(word: &str) -> Option<DayPart> {
    Some(match word {
        "ochtends" | "morgens" => "MO",
        "middags" => "AF",
        "avonds" => "EV",
        "nachts" => "NI",
        _ => return None,
    })
}

/// True for referents that have a calendar position (prepositions modify only those).
fn is_calendar(r: &Referent) -> bool {
    !matches!(
        r,
        Referent::Duration(_) | Referent::Set(_) | Referent::Vague(_)
    )
}

/// A counted period bound to the DCT, for calendar units with a whole count.
fn counted(n: f64, unit: Unit, sign: i64) -> Option<Referent> {
    let code = match unit.code {
        c @ ("D" | "W" | "M" | "Y") => c,
        _ => return None,
    };
    if n.fract() != 0.0 || n < 1.0 {
        return None;
    }
    let value = duration_value(Some(n), unit);
    Some(Referent::Counted(
        value,
        code,
        sign * n as i64 * i64::from(unit.factor),
        false,
    ))
}

fn vague_value(value: &str) -> Option<&'static str> {
    ["PAST_REF", "PRESENT_REF", "FUTURE_REF"]
        .into_iter()
        .find(|v| *v == value)
}

/// TIMEX duration for `n` (None: unknown) units; the factor applies (`vijf kwartier` is PT75M).
pub fn duration_value(n: Option<f64>, unit: Unit) -> String {
    let time = matches!(unit.code, "H" | "MIN" | "S");
    let letter = match unit.code {
        "MIN" => "M",
        other => other,
    };
    let prefix = if time { "PT" } else { "P" };
    let Some(n) = n else {
        return format!("{prefix}X{letter}");
    };
    let n = n * f64::from(unit.factor);
    if n.fract() == 0.0 {
        // `vijf kwartier` is PT75M, `een eeuw` P100Y.
        return format!("{prefix}{}{letter}", n as u64);
    }
    // `drieënhalf jaar` is P3.5Y (ISO 8601 allows a decimal in the last unit).
    format!("{prefix}{}{letter}", (n * 1000.0).round() / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::dates::tokens::tokenize;
    use std::path::Path;

    /// Every string in a JSON value (the suites' sentences among them).
    fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }

    /// Every string of the temporal peer suites, or `None` (with a notice) when
    /// `../shared` is absent.
    fn suite_texts() -> Option<Vec<String>> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/peer-suites/temporal");
        if !dir.is_dir() {
            eprintln!("skipping the peer suites: {} is absent", dir.display());
            return None;
        }
        let mut texts = Vec::new();
        for name in ["recognizers-nl.json", "duckling-nl.json"] {
            let json = std::fs::read_to_string(dir.join(name)).unwrap();
            strings(&serde_json::from_str(&json).unwrap(), &mut texts);
        }
        assert!(texts.len() > 1000, "suites hold {} strings", texts.len());
        Some(texts)
    }

    /// Asserts that no rule matches at a token the gate skips.
    fn assert_gate_sound(vocab: &Vocabulary, text: &str) {
        let mut lowered = String::new();
        let tokens = tokenize(text, &mut lowered);
        let r = Recogniser::new(vocab, &tokens);
        for i in (0..tokens.len()).filter(|&i| r.inert(i)) {
            assert!(
                r.best_at(i).is_none(),
                "rule at skipped token {:?} of {text:?}",
                tokens[i].lower()
            );
        }
    }

    #[test]
    fn skipped_tokens_start_no_mention() {
        let vocab = Vocabulary::load().unwrap();
        let own = [
            "Op diezelfde dag ontving hij de minister, drie weken na kerstavond.",
            "Jarenlang woonde zij in Utrecht; donderdagavond om half negen vertrok de trein.",
            "Het kabinet wil binnen enkele maanden een besluit, begin volgend jaar of uiterlijk medio 2026.",
            "Een recent rapport van de Raad van State komt vroeger dan verwacht.",
        ];
        own.iter().for_each(|s| assert_gate_sound(&vocab, s));
        let Some(texts) = suite_texts() else {
            return;
        };
        texts.iter().for_each(|s| assert_gate_sound(&vocab, s));
    }

    /// Asserts that the per-rule gates (`dated` and [`rule_starts`]) change no result:
    /// with every token marked as one where a date can start and every rule run at every
    /// token, the same mentions come out.
    fn assert_rule_gates_sound(vocab: &Vocabulary, text: &str) {
        let mut lowered = String::new();
        let tokens = tokenize(text, &mut lowered);
        let gated = Recogniser::new(vocab, &tokens);
        let mut open = Recogniser::new(vocab, &tokens);
        open.gate_rules = false;
        for (i, token) in tokens.iter().enumerate() {
            assert_eq!(
                gated.best_at(i),
                open.best_at(i),
                "the gate at {:?} of {text:?} changes the result",
                token.lower()
            );
        }
    }

    #[test]
    fn rule_gates_change_no_result() {
        let vocab = Vocabulary::load().unwrap();
        let own = [
            "Op 3maart om 15u kwam hij, half vier, tussen 9.30-16.30 en van 13 t/m 15 juli.",
            "Volgende 3 mei en vrijdag de 26e rond vieren, de eerste maandag van maart 2020.",
            "Van 2014 tot 2030, kwart over twee en vijftien uur later, om 21.00 uur.",
        ];
        own.iter().for_each(|s| assert_rule_gates_sound(&vocab, s));
        let Some(mut texts) = suite_texts() else {
            return;
        };
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
        for entry in std::fs::read_dir(seeds).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            texts.extend(text.lines().map(str::to_string));
        }
        texts
            .iter()
            .for_each(|s| assert_rule_gates_sound(&vocab, s));
    }

    #[test]
    fn cheap_checks_change_no_weekday_compound() {
        let vocab = Vocabulary::load().unwrap();
        let plain = |word: &str| {
            let &(name, d) = vocab
                .weekday_list
                .iter()
                .find(|(name, _)| word.starts_with(*name))?;
            let part = vocab.day_parts.get(&word[name.len()..])?;
            Some((d, Some(*part)))
        };
        let mut words: Vec<String> = vec![String::new(), "minister".into(), "zondagavond".into()];
        for day in vocab.weekdays.keys() {
            for part in vocab.day_parts.keys() {
                // Every prefix too: the length check's edge.
                let compound = format!("{day}{part}");
                words.extend(
                    compound
                        .char_indices()
                        .map(|(k, _)| compound[..k].to_string()),
                );
                words.push(compound);
            }
            words.push(format!("{day}en"));
        }
        words.extend(vocab.anchors.keys().map(|w| w.to_string()));
        for word in &words {
            assert_eq!(weekday_compound(&vocab, word), plain(word), "{word:?}");
        }
    }

    #[test]
    fn looked_up_readings_equal_computed_ones() {
        let vocab = Vocabulary::load().unwrap();
        let others = [
            "eenentwintigste",
            "woensdagochtend",
            "15e",
            "minister",
            "",
            "één",
        ];
        let words = vocab.anchors.keys().copied().chain(others);
        for word in words {
            assert_eq!(lookup(&vocab, word), word_info(&vocab, word), "{word:?}");
        }
        assert!(lookup(&vocab, "woensdagochtend").weekday.is_some());
        assert!(lookup(&vocab, "vorige").relative.is_some());
    }

    #[test]
    fn rule_words_come_from_code_not_comments() {
        let words: Vec<&str> = rule_words().collect();
        assert!(words.contains(&"diezelfde") && words.contains(&"geleden"));
        // Built at run time: as a literal it would be a rule word itself.
        let gloss = ["mor", "ning"].concat();
        assert!(
            !words.contains(&gloss.as_str()),
            "a comment's gloss was read as a rule word"
        );
    }
}
