//! The date vocabulary: the `schema/dates/*.tsv` files parsed into lookup tables once.

// Fx hashing: the keys are short lexicon words looked up several times per token, and
// SipHash's DoS resistance buys nothing for a compiled-in vocabulary.
use rustc_hash::FxHashMap as HashMap;

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::Anchored;
use anyhow::{anyhow, bail, Context};

use super::recognise::WordInfo;
use super::LEXICON_FILES;

/// A part of the day, as a TIMEX3 suffix (`MO`, `AF`, `EV`, `NI`).
pub type DayPart = &'static str;

/// A number word's meaning.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NumberWord {
    /// A cardinal (`drie`, `honderd`).
    Cardinal(f64),
    /// A tens word that compounds with a unit (`twintig` in `eenentwintig`).
    Tens(f64),
    /// A fraction (`half`, `anderhalf`).
    Fraction(f64),
    /// An ordinal (`eerste`); `laatste` is -1.
    Ordinal(i32),
    /// An unknown count (`enkele`, `een paar`).
    Vague,
}

/// A time unit with its multiplier (`kwartier` is 15 minutes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    /// `S`, `MIN`, `H`, `D`, `W`, `M` or `Y`.
    pub code: &'static str,
    /// How many of `code` one of this word is.
    pub factor: u32,
    /// Grammatical form: `singular`, `plural`, `adjective` (`daags`), `lengthy` (`jarenlang`)
    /// or `abbreviation` (`min`, `sec`: only after a count).
    pub kind: &'static str,
}

/// The phrase lists, as bits of [`Vocabulary::phrase_starts`]: a token that starts no
/// phrase of a list spares the scan of that list (`de` starts vague phrases, no holiday).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhraseList {
    /// `vague.tsv`.
    Vague = 1,
    /// `holidays.tsv`.
    Holidays = 2,
    /// The quantity rows of `modifiers.tsv`.
    Quantities = 4,
    /// The multiword rows of `numbers.tsv`.
    Numbers = 8,
}

/// The first word of a year in words and the hundreds it stands for
/// (`negentienhonderd zesennegentig` is 1996, `tweeduizend en vijftien` 2015).
pub const YEAR_WORDS: &[(&str, i32)] = &[
    ("zeventienhonderd", 1700),
    ("achttienhonderd", 1800),
    ("negentienhonderd", 1900),
    ("tweeduizend", 2000),
];

/// The shortest time-word stem searched inside words, in characters (see
/// [`Vocabulary::stems`]).
pub const MIN_STEM_CHARS: usize = 3;

/// A multiword entry with its row, for provenance.
#[derive(Debug, Clone)]
pub struct Phrase {
    /// Lower-case words.
    pub words: Vec<&'static str>,
    /// The value column.
    pub value: &'static str,
    /// `file#row`.
    pub source: String,
}

/// Every table the recogniser needs.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// Month name or abbreviation → 1..=12.
    pub months: HashMap<&'static str, u32>,
    /// Weekday name → 1 (Monday) ..= 7.
    pub weekdays: HashMap<&'static str, u32>,
    /// Weekday abbreviation (`di` in `di.`) → 1 (Monday) ..= 7; only with its full stop.
    pub weekday_abbreviations: HashMap<&'static str, u32>,
    /// Part-of-day word → TIMEX suffix.
    pub day_parts: HashMap<&'static str, DayPart>,
    /// Deictic day word → (offset in days, part of day).
    pub deictic: HashMap<&'static str, (i64, Option<DayPart>)>,
    /// Season word → `SP`, `SU`, `FA`, `WI`.
    pub seasons: HashMap<&'static str, &'static str>,
    /// Single-word numbers.
    pub numbers: HashMap<&'static str, NumberWord>,
    /// Multiword vague counts (`een paar`).
    pub number_phrases: Vec<Phrase>,
    /// Time-unit words.
    pub units: HashMap<&'static str, Unit>,
    /// Set adjectives → TIMEX value.
    pub sets: HashMap<&'static str, &'static str>,
    /// Vague phrases (`de laatste tijd` → `PAST_REF`).
    pub vague: Vec<Phrase>,
    /// Holidays: value is `MM-DD` or `easter±N`.
    pub holidays: Vec<Phrase>,
    /// Words that make a sentence speak of the future.
    pub future_cues: HashMap<&'static str, ()>,
    /// Governing prepositions → modifier (`-` for none).
    pub prepositions: HashMap<&'static str, &'static str>,
    /// Edge words (`begin`, `eind`) → modifier.
    pub edges: HashMap<&'static str, &'static str>,
    /// Quantity hedges (`meer dan`) → modifier.
    pub quantities: Vec<Phrase>,
    /// Relative words (`vorige`, `deze`, `volgende`) → direction.
    pub relative: HashMap<&'static str, i32>,
    /// The first word of every phrase above (vague, holidays, quantities, number
    /// phrases): a token that is none of them starts no phrase, so the phrase lists
    /// need no scan there.
    pub phrase_starts: HashMap<&'static str, u8>,
    /// Per phrase list (in [`PhraseList`] bit order), each first word's phrases as indices
    /// into the list, in list order (longest first).
    pub phrase_index: [HashMap<&'static str, Vec<usize>>; 4],
    /// Every word a rule or table compares a token with (see `Recogniser::inert`).
    pub anchors: HashMap<&'static str, ()>,
    /// Time-word stems of three letters or more, found inside compounds: a DFA walked
    /// by [`Vocabulary::holds_stem`].
    pub stems: Option<DFA>,
    /// `weekdays` as a list, in the map's iteration order: the compound check
    /// (`woensdagochtend`) runs at every token, and a short list scans faster than a map.
    pub weekday_list: Vec<(&'static str, u32)>,
    /// The fewest bytes a weekday compounded with a part of day can have (shortest weekday
    /// plus shortest part): most words of running text are shorter, and need no scan.
    pub weekday_compound_min: usize,
    /// The deictic words without a part of day and longer than four letters, with their
    /// offset, in the map's iteration order: the stems of `gisterenavond`-like compounds.
    pub deictic_stems: Vec<(&'static str, i64)>,
    /// Every anchor word's full reading, so that a token needs one lookup, not six.
    pub words: HashMap<&'static str, WordInfo>,
    /// The words of kind `tens` (`twintig`): a compound number (`eenentwintig`) ends
    /// with one, so a word ending with none needs no split.
    pub tens: Vec<&'static str>,
    /// The last byte of every tens word (`None` for an empty one), without repeats: one
    /// check rules out most words before `tens` is scanned.
    pub tens_last: Vec<Option<u8>>,
}

/// The rows of one TSV file after its header: (row number, cells).
fn rows(path: &str) -> anyhow::Result<Vec<(usize, Vec<&'static str>)>> {
    let file = LEXICON_FILES
        .iter()
        .find(|f| f.path.ends_with(path))
        .ok_or_else(|| anyhow!("no lexicon file {path}"))?;
    Ok(file
        .contents
        .lines()
        .enumerate()
        .skip(1)
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| (i + 1, line.split('\t').map(str::trim).collect()))
        .collect())
}

/// Where `sep` starts in `word`: `match_indices` without building a substring searcher
/// per call (this runs for every token). `ën` and `en` cannot overlap themselves, so the
/// positions are the same.
fn positions<'w>(word: &'w str, sep: &'w str) -> impl Iterator<Item = usize> + 'w {
    word.char_indices()
        .map(|(i, _)| i)
        .filter(move |&i| word[i..].starts_with(sep))
}

/// Reads a two-column file, parsing the second column with `parse`.
fn pairs<T>(
    path: &str,
    parse: impl Fn(&'static str) -> Option<T>,
) -> anyhow::Result<HashMap<&'static str, T>> {
    let mut map = HashMap::default();
    for (row, cells) in rows(path)? {
        let (Some(key), Some(value)) = (cells.first(), cells.get(1)) else {
            bail!("{path}#{row}: expected two columns");
        };
        let value = parse(value).with_context(|| format!("{path}#{row}: bad value {value:?}"))?;
        map.insert(*key, value);
    }
    Ok(map)
}

/// Reads a multiword phrase file (`phrase\tvalue`), optionally keeping only rows of one kind.
fn phrases(path: &str, kind: Option<&str>) -> anyhow::Result<Vec<Phrase>> {
    let mut out = Vec::new();
    for (row, cells) in rows(path)? {
        if kind.is_some_and(|k| cells.get(2) != Some(&k)) {
            continue;
        }
        let (Some(phrase), Some(value)) = (cells.first(), cells.get(1)) else {
            bail!("{path}#{row}: expected two columns");
        };
        out.push(Phrase {
            words: phrase.split(' ').filter(|w| !w.is_empty()).collect(),
            value,
            source: format!("{path}#{row}"),
        });
    }
    // Longest phrases first so that the first match is the longest one.
    out.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
    Ok(out)
}

impl Vocabulary {
    /// Parses every file in [`LEXICON_FILES`].
    pub fn load() -> anyhow::Result<Self> {
        let mut v = Vocabulary {
            months: pairs("months.tsv", |s| s.parse().ok())?,
            weekdays: pairs("weekdays.tsv", |s| s.parse().ok())?,
            weekday_abbreviations: pairs("weekday_abbreviations.tsv", |s| s.parse().ok())?,
            day_parts: pairs("day_parts.tsv", Some)?,
            seasons: pairs("seasons.tsv", Some)?,
            sets: pairs("sets.tsv", Some)?,
            future_cues: pairs("cues.tsv", |_| Some(()))?,
            relative: pairs("relative.tsv", |s| s.parse().ok())?,
            vague: phrases("vague.tsv", None)?,
            holidays: phrases("holidays.tsv", None)?,
            quantities: phrases("modifiers.tsv", Some("quantity"))?,
            ..Vocabulary::default()
        };
        for (row, cells) in rows("deictic.tsv")? {
            let offset = cells.get(1).and_then(|s| s.parse().ok());
            let offset = offset.ok_or_else(|| anyhow!("deictic.tsv#{row}: bad offset"))?;
            let part = cells.get(2).copied().filter(|s| !s.is_empty());
            v.deictic.insert(cells[0], (offset, part));
        }
        for (row, cells) in rows("numbers.tsv")? {
            let value = cells.get(1).copied().unwrap_or("");
            let number = |s: &str| {
                s.parse::<f64>()
                    .map_err(|_| anyhow!("numbers.tsv#{row}: bad value {s:?}"))
            };
            let word = match cells.get(2).copied() {
                Some("cardinal") => NumberWord::Cardinal(number(value)?),
                Some("tens") => NumberWord::Tens(number(value)?),
                Some("fraction") => NumberWord::Fraction(number(value)?),
                Some("ordinal") => NumberWord::Ordinal(number(value)? as i32),
                Some("vague") => NumberWord::Vague,
                other => bail!("numbers.tsv#{row}: unknown kind {other:?}"),
            };
            if cells[0].contains(' ') {
                v.number_phrases.push(Phrase {
                    words: cells[0].split(' ').collect(),
                    value: "X",
                    source: format!("numbers.tsv#{row}"),
                });
            } else {
                v.numbers.insert(cells[0], word);
            }
        }
        for (row, cells) in rows("units.tsv")? {
            let factor = cells.get(2).and_then(|s| s.parse().ok());
            let factor = factor.ok_or_else(|| anyhow!("units.tsv#{row}: bad factor"))?;
            let (Some(code), Some(kind)) = (cells.get(1), cells.get(3)) else {
                bail!("units.tsv#{row}: expected four columns");
            };
            let code = *code;
            let kind = *kind;
            v.units.insert(cells[0], Unit { code, factor, kind });
        }
        for (row, cells) in rows("modifiers.tsv")? {
            let (Some(modifier), Some(kind)) = (cells.get(1), cells.get(2)) else {
                bail!("modifiers.tsv#{row}: expected three columns");
            };
            match *kind {
                "preposition" => {
                    v.prepositions.insert(cells[0], *modifier);
                }
                "edge" => {
                    v.edges.insert(cells[0], *modifier);
                }
                "quantity" => {}
                other => bail!("modifiers.tsv#{row}: unknown kind {other:?}"),
            }
        }
        let phrase_lists = [
            (&v.vague, PhraseList::Vague),
            (&v.holidays, PhraseList::Holidays),
            (&v.quantities, PhraseList::Quantities),
            (&v.number_phrases, PhraseList::Numbers),
        ];
        let mut starts: HashMap<&'static str, u8> = HashMap::default();
        let mut index: [HashMap<&'static str, Vec<usize>>; 4] = Default::default();
        for (list, kind) in phrase_lists {
            for (k, p) in list.iter().enumerate() {
                let Some(first) = p.words.first() else {
                    continue;
                };
                *starts.entry(first).or_default() |= kind as u8;
                let slot = (kind as u8).trailing_zeros() as usize;
                index[slot].entry(first).or_default().push(k);
            }
        }
        v.phrase_index = index;
        v.phrase_starts = starts;
        v.weekday_list = v.weekdays.iter().map(|(w, d)| (*w, *d)).collect();
        let shortest = |keys: &mut dyn Iterator<Item = &&'static str>| {
            keys.map(|w| w.len()).min().unwrap_or(0)
        };
        v.weekday_compound_min =
            shortest(&mut v.weekdays.keys()) + shortest(&mut v.day_parts.keys());
        v.deictic_stems = v
            .deictic
            .iter()
            .filter(|(stem, (_, part))| part.is_none() && stem.len() > 4)
            .map(|(stem, (offset, _))| (*stem, *offset))
            .collect();
        v.tens = v
            .numbers
            .iter()
            .filter(|(_, n)| matches!(n, NumberWord::Tens(_)))
            .map(|(w, _)| *w)
            .collect();
        v.tens_last = v
            .tens
            .iter()
            .map(|t| t.as_bytes().last().copied())
            .collect();
        v.tens_last.sort_unstable();
        v.tens_last.dedup();
        v.anchors = super::recognise::anchor_words(&v)
            .into_iter()
            .map(|w| (w, ()))
            .collect();
        v.words = v
            .anchors
            .keys()
            .map(|w| (*w, super::recognise::word_info(&v, w)))
            .collect();
        // Shorter stems (`di`, `zo`, `nu`) would hide in most words; they count as
        // whole words only (anchors).
        let stems = v
            .trigger_words()
            .into_iter()
            .filter(|w| w.chars().count() >= MIN_STEM_CHARS);
        // A DFA without prefilter, walked a byte at a time: the haystacks are single
        // words, where a search's set-up costs more than the walk.
        let stems = DFA::builder().prefilter(false).build(stems)?;
        v.stems = Some(stems);
        Ok(v)
    }

    /// Whether `word` holds a stem of [`Vocabulary::stems`] (`true` without the table, as
    /// a word that might hold one). As `AhoCorasick::is_match`, without its search set-up:
    /// a walk over the DFA's states that stops at the first match.
    pub fn holds_stem(&self, word: &str) -> bool {
        let Some(dfa) = &self.stems else {
            return true;
        };
        let Ok(mut state) = dfa.start_state(Anchored::No) else {
            return true;
        };
        if dfa.is_match(state) {
            return true;
        }
        for &b in word.as_bytes() {
            state = dfa.next_state(Anchored::No, state, b);
            if dfa.is_special(state) {
                if dfa.is_match(state) {
                    return true;
                }
                if dfa.is_dead(state) {
                    return false;
                }
            }
        }
        false
    }

    /// The number a word denotes, including compounds (`eenentwintig`, `drieënhalf`).
    pub fn number(&self, word: &str) -> Option<NumberWord> {
        if let Some(n) = self.numbers.get(word) {
            return Some(*n);
        }
        self.unlisted_number(word)
    }

    /// [`Vocabulary::number`] of a word known to be no row of `numbers.tsv`: digits or a
    /// compound. Spares the table lookup for the words of running text, most of which are
    /// known to be none.
    pub fn unlisted_number(&self, word: &str) -> Option<NumberWord> {
        // `u32::from_str` takes digits after an optional `+`: other words need no parse.
        let first = word.as_bytes().first();
        if first.is_some_and(|b| b.is_ascii_digit() || *b == b'+') {
            if let Ok(n) = word.parse::<u32>() {
                return Some(NumberWord::Cardinal(f64::from(n)));
            }
        }
        // Every suffix below ends in `f` or `e` and every tens word in its own last byte:
        // most words of running text need no `memcmp` to be ruled out.
        let last = word.as_bytes().last().copied();
        let half = matches!(last, Some(b'f' | b'e')).then(|| {
            word.strip_suffix("enhalf")
                .or_else(|| word.strip_suffix("ënhalf"))
                .or_else(|| word.strip_suffix("enhalve"))
                .or_else(|| word.strip_suffix("ënhalve"))
        });
        if let Some(whole) = half.flatten() {
            return match self.number(whole)? {
                NumberWord::Cardinal(n) | NumberWord::Tens(n) => {
                    Some(NumberWord::Fraction(n + 0.5))
                }
                _ => None,
            };
        }
        // `eenentwintig`: unit + `en`/`ën` + tens; a word ending with no tens word is none.
        let compound = self
            .tens_last
            .iter()
            .any(|b| b.is_none_or(|b| last == Some(b)))
            && self.tens.iter().any(|t| word.ends_with(t));
        for sep in ["ën", "en"].into_iter().filter(|_| compound) {
            for i in positions(word, sep) {
                let (unit, tens) = (&word[..i], &word[i + sep.len()..]);
                if let (Some(NumberWord::Cardinal(u)), Some(NumberWord::Tens(t))) =
                    (self.numbers.get(unit), self.numbers.get(tens))
                {
                    if (1.0..10.0).contains(u) {
                        return Some(NumberWord::Cardinal(u + t));
                    }
                }
            }
        }
        // `vijfde`, `achtste`, `eenendertigste`: a whole number with the ordinal suffix.
        if last != Some(b'e') {
            return None;
        }
        let stem = word
            .strip_suffix("ste")
            .or_else(|| word.strip_suffix("de"))
            .filter(|s| !s.is_empty() && !s.bytes().all(|b| b.is_ascii_digit()))?;
        match self.number(stem)? {
            NumberWord::Cardinal(n) | NumberWord::Tens(n) if n.fract() == 0.0 && n >= 1.0 => {
                Some(NumberWord::Ordinal(n as i32))
            }
            _ => None,
        }
    }

    /// The indices of the phrases of `list` whose first word is `word`, in list order.
    pub fn phrases_starting(&self, list: PhraseList, word: &str) -> &[usize] {
        let slot = (list as u8).trailing_zeros() as usize;
        self.phrase_index
            .get(slot)
            .and_then(|index| index.get(word))
            .map_or(&[], Vec::as_slice)
    }

    /// Every word the pre-filter should look for (lower case).
    pub fn trigger_words(&self) -> Vec<&'static str> {
        let mut words: Vec<&'static str> = Vec::new();
        words.extend(self.months.keys());
        words.extend(self.weekdays.keys());
        words.extend(self.weekday_abbreviations.keys());
        words.extend(self.deictic.keys());
        words.extend(self.seasons.keys());
        words.extend(self.sets.keys());
        // `30 min`, `12 sec`: abbreviations count only after a number, and a digit passes
        // the pre-filter anyway; as stems they would hide in `minister`, `sector`.
        words.extend(
            self.units
                .iter()
                .filter(|(_, u)| u.kind != "abbreviation")
                .map(|(w, _)| *w),
        );
        words.extend(self.day_parts.keys());
        words.extend(["kwartaal", "helft"]);
        words.extend([
            "nu", "tijd", "recent", "toekomst", "termijn", "moment", "ogenblik",
        ]);
        words.extend([
            "verleden",
            "heden",
            "daags",
            "kerst",
            "pasen",
            "pinkster",
            "nieuwjaar",
        ]);
        words.extend(["half", "kwart", "eeuw", "weekend", "q1", "q2", "q3", "q4"]);
        // Years in words (`tweeduizend twintig`).
        words.extend(YEAR_WORDS.iter().map(|(w, _)| *w));
        // A holiday whose words already hold a trigger (`dag van de aarde`) adds none:
        // `aarde` would let every `waarde` through.
        let covered = |p: &&Phrase| {
            p.words
                .iter()
                .any(|w| words.iter().any(|t| t.len() >= 3 && w.contains(t)))
        };
        let holiday_words: Vec<&'static str> = self
            .holidays
            .iter()
            .filter(|p| !covered(p))
            .filter_map(|p| p.words.last().copied())
            .collect();
        words.extend(holiday_words);
        words.extend(self.vague.iter().filter_map(|p| p.words.last().copied()));
        words.sort_unstable();
        words.dedup();
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_match_match_indices() {
        for word in ["eenentwintig", "drieënveertig", "enen", "", "tweeën", "één"] {
            for sep in ["ën", "en"] {
                let ours: Vec<usize> = positions(word, sep).collect();
                let std: Vec<usize> = word.match_indices(sep).map(|(i, _)| i).collect();
                assert_eq!(ours, std, "{word} {sep}");
            }
        }
    }

    #[test]
    fn compound_numbers() {
        let v = Vocabulary::load().unwrap();
        assert_eq!(v.number("eenentwintig"), Some(NumberWord::Cardinal(21.0)));
        assert_eq!(v.number("drieënveertig"), Some(NumberWord::Cardinal(43.0)));
        assert_eq!(v.number("drieënhalf"), Some(NumberWord::Fraction(3.5)));
        assert_eq!(v.number("dertig"), Some(NumberWord::Tens(30.0)));
        assert_eq!(v.number("30"), Some(NumberWord::Cardinal(30.0)));
        assert_eq!(v.number("bentwintig"), None);
    }

    /// [`Vocabulary::unlisted_number`] as written before its last-byte checks.
    fn unlisted_number_plain(v: &Vocabulary, word: &str) -> Option<NumberWord> {
        if let Ok(n) = word.parse::<u32>() {
            return Some(NumberWord::Cardinal(f64::from(n)));
        }
        if let Some(whole) = ["enhalf", "ënhalf", "enhalve", "ënhalve"]
            .iter()
            .find_map(|s| word.strip_suffix(s))
        {
            return match v.number(whole)? {
                NumberWord::Cardinal(n) | NumberWord::Tens(n) => {
                    Some(NumberWord::Fraction(n + 0.5))
                }
                _ => None,
            };
        }
        let compound = v.tens.iter().any(|t| word.ends_with(t));
        for sep in ["ën", "en"].into_iter().filter(|_| compound) {
            for i in positions(word, sep) {
                let (unit, tens) = (&word[..i], &word[i + sep.len()..]);
                if let (Some(NumberWord::Cardinal(u)), Some(NumberWord::Tens(t))) =
                    (v.numbers.get(unit), v.numbers.get(tens))
                {
                    if (1.0..10.0).contains(u) {
                        return Some(NumberWord::Cardinal(u + t));
                    }
                }
            }
        }
        let stem = word
            .strip_suffix("ste")
            .or_else(|| word.strip_suffix("de"))
            .filter(|s| !s.is_empty() && !s.bytes().all(|b| b.is_ascii_digit()))?;
        match v.number(stem)? {
            NumberWord::Cardinal(n) | NumberWord::Tens(n) if n.fract() == 0.0 && n >= 1.0 => {
                Some(NumberWord::Ordinal(n as i32))
            }
            _ => None,
        }
    }

    #[test]
    fn stem_walk_equals_a_search() {
        let v = Vocabulary::load().unwrap();
        let stems = v
            .trigger_words()
            .into_iter()
            .filter(|w| w.chars().count() >= MIN_STEM_CHARS);
        let search = aho_corasick::AhoCorasick::new(stems).unwrap();
        let mut words: Vec<String> = v.anchors.keys().map(|w| format!("x{w}en")).collect();
        words.extend(v.anchors.keys().map(|w| w.to_string()));
        words.extend(
            [
                "",
                "minister",
                "kerstavond",
                "jarenlang",
                "ΣΑΣ",
                "zomerse",
                "tij",
            ]
            .map(String::from),
        );
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        for entry in std::fs::read_dir(seeds).expect("seeds") {
            let text = std::fs::read_to_string(entry.expect("seed").path()).expect("seed text");
            words.extend(text.split_whitespace().map(str::to_lowercase));
        }
        for word in &words {
            assert_eq!(v.holds_stem(word), search.is_match(word), "{word:?}");
        }
    }

    #[test]
    fn last_byte_checks_change_no_number() {
        let v = Vocabulary::load().unwrap();
        let mut words: Vec<String> = v.anchors.keys().map(|w| w.to_string()).collect();
        // Compounds, halves and ordinals of every number word, and words of the seeds.
        for n in v.numbers.keys() {
            for m in v.numbers.keys() {
                words.push(format!("{n}en{m}"));
                words.push(format!("{n}ën{m}"));
            }
            for suffix in [
                "enhalf", "ënhalf", "enhalve", "ënhalve", "ste", "de", "e", "",
            ] {
                words.push(format!("{n}{suffix}"));
            }
        }
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        for entry in std::fs::read_dir(seeds).expect("seeds") {
            let text = std::fs::read_to_string(entry.expect("seed").path()).expect("seed text");
            words.extend(text.split_whitespace().map(str::to_lowercase));
        }
        words.extend(["", "f", "e", "ste", "de", "15e", "3de", "1000ste"].map(String::from));
        // What `u32::from_str` takes and refuses.
        words.extend(["+5", "-5", "+", "007", "4294967295", "4294967296", "٣"].map(String::from));
        for word in &words {
            assert_eq!(
                v.unlisted_number(word),
                unlisted_number_plain(&v, word),
                "{word:?}"
            );
        }
    }

    #[test]
    fn every_file_parses() {
        let v = Vocabulary::load().unwrap();
        assert_eq!(v.months["sept"], 9);
        assert_eq!(v.weekdays["zondag"], 7);
        assert_eq!(v.deictic["gisteravond"], (-1, Some("EV")));
        assert_eq!(v.units["kwartier"].factor, 15);
        assert_eq!(v.prepositions["tot"], "BEFORE");
        assert!(v.vague.iter().any(|p| p.words == ["de", "laatste", "tijd"]));
    }
}
