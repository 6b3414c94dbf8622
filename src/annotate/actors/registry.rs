//! The actor registry: actors, their aliases, roles with holders, and the cue words the
//! matching rules use. See the parent module for the file layouts.

use super::text::fold;
use anyhow::{anyhow, bail, Context};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

/// One row of `schema/actors.csv`.
#[derive(Debug, Clone, Deserialize)]
pub struct Actor {
    /// Codebook id (`RUS`, `vladimir_putin`, `nato`).
    pub id: String,
    /// Dutch name.
    pub name_nl: String,
    /// English name.
    pub name_en: String,
    /// `person`, `organisation`, `state`, `group` or `media`.
    #[serde(rename = "type")]
    pub actor_type: String,
    /// ISO-3 country, or empty.
    pub country: String,
    /// Sector (`government`, `military`, `media`, ...), or empty.
    pub sector: String,
    /// Wikidata QID, or empty.
    pub wikidata: String,
}

/// What kind of surface form an alias is; decides which matching rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AliasKind {
    /// A full name.
    Name,
    /// A surname on its own.
    Surname,
    /// A transliteration variant.
    Transliteration,
    /// An abbreviation (`VS`, `NAVO`).
    Abbreviation,
    /// A word standing for the actor (`Russische beer`, `eurocommissaris`).
    Metonym,
    /// A capital city: counts only when it stands for the government.
    Capital,
    /// A demonym adjective: counts only before a human noun.
    Adjective,
    /// A plural people noun (`Russen`).
    PeopleNoun,
}

/// How strictly an alias must match the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchMode {
    /// As written (a capitalised first letter is also accepted, for sentence starts).
    Exact,
    /// Ignoring case.
    Casefold,
    /// Ignoring case and diacritics.
    Accentfold,
}

/// One row of `schema/actor_aliases.csv`.
#[derive(Debug, Clone)]
pub struct Alias {
    /// The surface form.
    pub alias: String,
    /// Index of the actor in [`Registry::actors`].
    pub actor: usize,
    /// Kind of form.
    pub kind: AliasKind,
    /// Match strictness.
    pub mode: MatchMode,
    /// Ambiguity note (may be empty).
    pub note: String,
    /// Line number in the file (the header is line 1).
    pub line: u64,
    /// First 8 hex digits of the SHA-256 of the row's text (see [`row_hash`]).
    pub hash: String,
}

/// One row of `schema/actor_roles.csv`: a holder of a role over a window of dates.
#[derive(Debug, Clone)]
pub struct Role {
    /// Role description as written (`de Russische president`).
    pub role: String,
    /// Index of the holder in [`Registry::actors`].
    pub holder: usize,
    /// First day in office (inclusive); `None` means since ever.
    pub from: Option<NaiveDate>,
    /// Day the successor took over (exclusive); `None` means still in office.
    pub to: Option<NaiveDate>,
    /// Line number in the file (the header is line 1).
    pub line: u64,
    /// First 8 hex digits of the SHA-256 of the row's text (see [`row_hash`]).
    pub hash: String,
}

impl Role {
    /// Whether the holder was in office on any day of `start..=end`.
    pub fn overlaps(&self, start: NaiveDate, end: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= end) && self.to.is_none_or(|t| t > start)
    }
}

/// Cue words from `schema/actor_cues.csv`, by kind.
///
/// Stored as one map from word to two bit sets of kinds (bit `i` is [`CUE_KINDS`]`[i]`):
/// the kinds the word has as written (for `name_prefix` and `not_name`) and in lower case
/// (the others). A token then costs one or two look-ups for all kinds at once.
#[derive(Debug, Clone)]
pub struct Cues {
    words: FxHashMap<String, CueBits>,
    /// The ASCII words of `words` up to [`SHORT`] bytes, keyed by [`short_key`]: most
    /// tokens are short ASCII words, and an integer key is hashed and compared in a
    /// few instructions.
    short: FxHashMap<u64, CueBits>,
    /// For each first byte, bit `min(len, 63)` is set when a key of that length starts
    /// with it: most words are no cue, and this tells without hashing them.
    lengths_by_first: Box<[u64; 256]>,
    /// The [`shape`]s of the ASCII keys, as a bit set: a sharper gate for ASCII words
    /// (a quarter of the words of news text pass it, half pass `lengths_by_first`).
    shapes: Box<[u64; SHAPES / 64]>,
}

impl Default for Cues {
    fn default() -> Self {
        Cues {
            words: FxHashMap::default(),
            short: FxHashMap::default(),
            lengths_by_first: Box::new([0; 256]),
            shapes: Box::new([0; SHAPES / 64]),
        }
    }
}

/// The number of [`shape`]s.
const SHAPES: usize = 1 << 14;

/// The shape of an ASCII word: the low five bits of its first and last bytes and the low
/// four of its length. Upper and lower case share their low five bits, so a word has
/// the shape of its lower case.
fn shape(word: &[u8]) -> usize {
    let low = |b: Option<&u8>| usize::from(b.copied().unwrap_or(0) & 31);
    low(word.first()) << 9 | low(word.last()) << 4 | (word.len() & 15)
}

/// The longest word with a [`short_key`].
const SHORT: usize = 7;

/// An ASCII word of at most [`SHORT`] bytes as an integer: its bytes, and its length in
/// the top byte (so no two words share a key), as written and in lower case.
fn short_key(word: &[u8]) -> Option<(u64, u64)> {
    if word.len() > SHORT {
        return None;
    }
    let mut key = (word.len() as u64) << 56;
    let mut lower = key;
    for (i, &b) in word.iter().enumerate() {
        if !b.is_ascii() {
            return None;
        }
        key |= u64::from(b) << (8 * i);
        lower |= u64::from(b.to_ascii_lowercase()) << (8 * i);
    }
    Some((key, lower))
}

/// The kinds a cue word has as written and in lower case.
#[derive(Debug, Clone, Copy, Default)]
struct CueBits {
    exact: u16,
    lower: u16,
}

/// The bit of a cue kind in [`Cues::kinds`] (0 for a kind the matcher does not know).
pub fn cue_bit(kind: &str) -> u16 {
    CUE_KINDS
        .iter()
        .position(|k| *k == kind)
        .map_or(0, |i| 1 << i)
}

/// Whether a cue kind compares as written rather than in lower case.
fn exact_kind(kind: &str) -> bool {
    matches!(kind, "name_prefix" | "not_name")
}

impl Cues {
    /// Whether `word` is a cue of `kind`. Kinds `name_prefix` and `not_name` compare as
    /// written, the others in lower case.
    pub fn is(&self, kind: &str, word: &str) -> bool {
        self.kinds(word) & cue_bit(kind) != 0
    }

    /// The kinds `word` is a cue of, as a bit set (see [`cue_bit`]).
    pub fn kinds(&self, word: &str) -> u16 {
        if let Some((key, lower)) = short_key(word.as_bytes()) {
            return self.short_kinds(word, key, lower);
        }
        self.kinds_by_word(word)
    }

    /// [`Cues::kinds`] of a word known to be ASCII (the tokenizer knows): a word of no
    /// cue's [`shape`] is no cue.
    pub fn ascii_kinds(&self, word: &str) -> u16 {
        let shape = shape(word.as_bytes());
        if self.shapes[shape / 64] >> (shape % 64) & 1 == 0 {
            return 0;
        }
        self.kinds(word)
    }

    /// [`Cues::kinds`] of a short ASCII word with its keys ([`short_key`]).
    fn short_kinds(&self, word: &str, key: u64, lower: u64) -> u16 {
        let bits = |first: u8, key: u64| {
            if !self.may_be(first, word.len()) {
                return CueBits::default();
            }
            self.short.get(&key).copied().unwrap_or_default()
        };
        let first = word.as_bytes().first().copied().unwrap_or(0);
        if key == lower {
            let b = bits(first, key);
            return b.exact | b.lower;
        }
        bits(first, key).exact | bits(first.to_ascii_lowercase(), lower).lower
    }

    /// Whether a cue of `len` bytes starts with byte `first`.
    fn may_be(&self, first: u8, len: usize) -> bool {
        self.lengths_by_first[usize::from(first)] >> len.min(63) & 1 != 0
    }

    /// [`Cues::kinds`] by the word itself: the reference for every word, and the way
    /// for long and non-ASCII ones.
    fn kinds_by_word(&self, word: &str) -> u16 {
        let bits = |w: &str| {
            let first = w.as_bytes().first().copied().unwrap_or(0);
            if !self.may_be(first, w.len()) {
                return CueBits::default();
            }
            self.words.get(w).copied().unwrap_or_default()
        };
        // Most words are already lower case: look them up once, without allocating.
        let upper = if word.is_ascii() {
            word.bytes().any(|b| b.is_ascii_uppercase())
        } else {
            word.chars().any(char::is_uppercase)
        };
        if !upper {
            let b = bits(word);
            return b.exact | b.lower;
        }
        let exact = bits(word).exact;
        let lower = if word.is_ascii() && word.len() <= 32 {
            let mut buf = [0u8; 32];
            let buf = &mut buf[..word.len()];
            buf.copy_from_slice(word.as_bytes());
            buf.make_ascii_lowercase();
            std::str::from_utf8(buf).map_or(0, |w| bits(w).lower)
        } else {
            bits(&word.to_lowercase()).lower
        };
        exact | lower
    }

    fn insert(&mut self, kind: &str, cue: String) {
        let bit = cue_bit(kind);
        let (word, exact) = if exact_kind(kind) {
            (cue, true)
        } else {
            (cue.to_lowercase(), false)
        };
        let first = word.as_bytes().first().map_or(0, |&b| usize::from(b));
        self.lengths_by_first[first] |= 1 << word.len().min(63);
        if word.is_ascii() {
            let shape = shape(word.as_bytes());
            self.shapes[shape / 64] |= 1 << (shape % 64);
        }
        let add = |entry: &mut CueBits| {
            if exact {
                entry.exact |= bit;
            } else {
                entry.lower |= bit;
            }
        };
        if let Some((key, _)) = short_key(word.as_bytes()) {
            add(self.short.entry(key).or_default());
        }
        add(self.words.entry(word).or_default());
    }
}

/// The cue kinds the matcher knows.
pub const CUE_KINDS: &[&str] = &[
    "human_noun",
    "title",
    "name_prefix",
    "particle",
    "locative",
    "government_noun",
    "former",
    "non_specific",
    "citation",
    "not_name",
    "proper_name_head",
    "national",
    "expertise",
];

/// The actor types the codebook knows.
pub const ACTOR_TYPES: &[&str] = &["person", "organisation", "state", "group", "media"];

/// Everything the matcher reads from `schema/`.
#[derive(Debug, Clone)]
pub struct Registry {
    /// Actors in file order.
    pub actors: Vec<Actor>,
    /// Aliases in file order.
    pub aliases: Vec<Alias>,
    /// Role holders in file order.
    pub roles: Vec<Role>,
    /// Cue words.
    pub cues: Cues,
    index: HashMap<String, usize>,
}

#[derive(Deserialize)]
struct AliasRow {
    alias: String,
    actor_id: String,
    kind: AliasKind,
    #[serde(rename = "match")]
    mode: MatchMode,
    note: String,
}

#[derive(Deserialize)]
struct RoleRow {
    role: String,
    actor_id: String,
    from: String,
    to: String,
}

#[derive(Deserialize)]
struct CueRow {
    cue: String,
    kind: String,
}

/// The content hash of a registry row: the first 8 hex digits of the SHA-256 of the
/// row's text as written in the file, without its line ending. A line number alone
/// cannot tell an edited row from a new one in a diff of two releases; line and hash can.
pub fn row_hash(row: &str) -> String {
    let mut hash = crate::ingest::sha256_hex(row.trim_end_matches(['\r', '\n']).as_bytes());
    hash.truncate(8);
    hash
}

/// The text of the row starting at byte `start` of `contents` (up to the line end).
fn row_text(contents: &str, start: usize) -> &str {
    let rest = contents.get(start..).unwrap_or("");
    rest.split('\n').next().unwrap_or("")
}

/// A parsed row with where it stands: line number and content hash.
struct Row<T> {
    line: u64,
    hash: String,
    row: T,
}

/// Reads a CSV file with a header row into rows with their line numbers and hashes.
fn rows<T: for<'de> Deserialize<'de>>(file: &str, contents: &str) -> anyhow::Result<Vec<Row<T>>> {
    let mut reader = csv::ReaderBuilder::new().from_reader(contents.as_bytes());
    let headers = reader
        .headers()
        .with_context(|| format!("{file}: header"))?
        .clone();
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.with_context(|| format!("{file}: bad row"))?;
        let line = record.position().map_or(0, |p| p.line());
        let byte = record.position().map_or(0, |p| p.byte());
        let hash = row_hash(row_text(
            contents,
            usize::try_from(byte).unwrap_or(usize::MAX),
        ));
        let row = record
            .deserialize(Some(&headers))
            .with_context(|| format!("{file}:{line}: bad row"))?;
        out.push(Row { line, hash, row });
    }
    Ok(out)
}

fn date(file: &str, line: u64, s: &str) -> anyhow::Result<Option<NaiveDate>> {
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .with_context(|| format!("{file}:{line}: bad date {s:?}"))
}

impl Registry {
    /// Parses the four registry files (contents of actors, aliases, roles, cues).
    pub fn parse(actors: &str, aliases: &str, roles: &str, cues: &str) -> anyhow::Result<Self> {
        let actors: Vec<Actor> = rows("actors.csv", actors)?
            .into_iter()
            .map(|r| r.row)
            .collect();
        let index: HashMap<String, usize> = actors
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        let lookup = |file: &str, line: u64, id: &str| {
            index
                .get(id)
                .copied()
                .ok_or_else(|| anyhow!("{file}:{line}: unknown actor {id:?}"))
        };
        let mut alias_list = Vec::new();
        for Row { line, hash, row } in rows::<AliasRow>("actor_aliases.csv", aliases)? {
            if row.alias.trim().is_empty() {
                bail!("actor_aliases.csv:{line}: empty alias");
            }
            alias_list.push(Alias {
                actor: lookup("actor_aliases.csv", line, &row.actor_id)?,
                alias: row.alias,
                kind: row.kind,
                mode: row.mode,
                note: row.note,
                line,
                hash,
            });
        }
        let mut role_list = Vec::new();
        for Row { line, hash, row } in rows::<RoleRow>("actor_roles.csv", roles)? {
            role_list.push(Role {
                holder: lookup("actor_roles.csv", line, &row.actor_id)?,
                from: date("actor_roles.csv", line, &row.from)?,
                to: date("actor_roles.csv", line, &row.to)?,
                role: row.role,
                line,
                hash,
            });
        }
        let mut cue_sets = Cues::default();
        for Row { line, row, .. } in rows::<CueRow>("actor_cues.csv", cues)? {
            if !CUE_KINDS.contains(&row.kind.as_str()) {
                bail!("actor_cues.csv:{line}: unknown kind {:?}", row.kind);
            }
            cue_sets.insert(&row.kind, row.cue);
        }
        Ok(Registry {
            actors,
            aliases: alias_list,
            roles: role_list,
            cues: cue_sets,
            index,
        })
    }

    /// The actor with this id.
    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.index.get(id).map(|&i| &self.actors[i])
    }

    /// Consistency problems of the registry (empty when it is sound): duplicate ids or
    /// QIDs, malformed fields, an alias on two actors without an ambiguity note, and
    /// overlapping windows of one role.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        self.actor_problems(&mut problems);
        self.alias_problems(&mut problems);
        self.role_problems(&mut problems);
        problems
    }

    fn actor_problems(&self, problems: &mut Vec<String>) {
        let mut ids = HashSet::new();
        let mut qids = HashSet::new();
        for a in &self.actors {
            if !ids.insert(&a.id) {
                problems.push(format!("duplicate actor id {}", a.id));
            }
            if !a.wikidata.is_empty() && !qids.insert(&a.wikidata) {
                problems.push(format!("duplicate QID {} ({})", a.wikidata, a.id));
            }
            let qid_ok = a.wikidata.is_empty()
                || (a.wikidata.starts_with('Q')
                    && a.wikidata.len() > 1
                    && !a.wikidata[1..].starts_with('0')
                    && a.wikidata[1..].bytes().all(|b| b.is_ascii_digit()));
            if !qid_ok {
                problems.push(format!("malformed QID {:?} ({})", a.wikidata, a.id));
            }
            if !ACTOR_TYPES.contains(&a.actor_type.as_str()) {
                problems.push(format!("unknown type {:?} ({})", a.actor_type, a.id));
            }
            let iso3 = |s: &str| s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase());
            if !a.country.is_empty() && !iso3(&a.country) {
                problems.push(format!("malformed country {:?} ({})", a.country, a.id));
            }
            let id_ok = if a.actor_type == "state" {
                iso3(&a.id) && a.country == a.id
            } else {
                a.id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
            };
            if !id_ok {
                problems.push(format!(
                    "id {:?} breaks the codebook rule for {}",
                    a.id, a.actor_type
                ));
            }
        }
    }

    fn alias_problems(&self, problems: &mut Vec<String>) {
        let mut by_form: HashMap<String, Vec<&Alias>> = HashMap::new();
        for a in &self.aliases {
            by_form.entry(fold(&a.alias)).or_default().push(a);
        }
        for (form, list) in by_form {
            let actors: HashSet<usize> = list.iter().map(|a| a.actor).collect();
            if actors.len() > 1 && list.iter().any(|a| a.note.trim().is_empty()) {
                let lines: Vec<u64> = list.iter().map(|a| a.line).collect();
                problems.push(format!(
                    "alias {form:?} on several actors without a note (lines {lines:?})"
                ));
            }
        }
    }

    fn role_problems(&self, problems: &mut Vec<String>) {
        for r in &self.roles {
            if let (Some(f), Some(t)) = (r.from, r.to) {
                if f >= t {
                    problems.push(format!("actor_roles.csv:{}: empty window", r.line));
                }
            }
        }
        for (i, a) in self.roles.iter().enumerate() {
            for b in &self.roles[i + 1..] {
                if fold(&a.role) != fold(&b.role) {
                    continue;
                }
                let a_before_b = a.to.zip(b.from).is_some_and(|(t, f)| t <= f);
                let b_before_a = b.to.zip(a.from).is_some_and(|(t, f)| t <= f);
                if !a_before_b && !b_before_a {
                    problems.push(format!(
                        "actor_roles.csv:{} and :{}: overlapping windows for {:?}",
                        a.line, b.line, a.role
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTORS: &str = "id,name_nl,name_en,type,country,sector,wikidata\n\
        RUS,Rusland,Russia,state,RUS,government,Q159\n\
        vladimir_putin,Vladimir Poetin,Vladimir Putin,person,RUS,government,Q7747\n";

    #[test]
    fn an_alias_to_an_unknown_actor_is_an_error() {
        let aliases = "alias,actor_id,kind,match,note\nPoetin,nobody,surname,exact,\n";
        let err = Registry::parse(ACTORS, aliases, "role,actor_id,from,to\n", "cue,kind\n");
        assert!(err.unwrap_err().to_string().contains("unknown actor"));
    }

    #[test]
    fn problems_are_found() {
        let aliases = "alias,actor_id,kind,match,note\nPoetin,RUS,name,exact,\nPoetin,vladimir_putin,surname,exact,\n";
        let roles = "role,actor_id,from,to\nde Russische president,vladimir_putin,2012-05-07,\n\
            de Russische president,RUS,2020-01-01,\n";
        let reg = Registry::parse(ACTORS, aliases, roles, "cue,kind\n").unwrap();
        let problems = reg.problems();
        assert!(
            problems.iter().any(|p| p.contains("without a note")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("overlapping")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_role_held_by_an_unknown_actor_is_an_error() {
        let roles = "role,actor_id,from,to\nde Russische president,nobody,2012-05-07,\n";
        let err = Registry::parse(
            ACTORS,
            "alias,actor_id,kind,match,note\n",
            roles,
            "cue,kind\n",
        );
        assert!(err.unwrap_err().to_string().contains("unknown actor"));
    }

    #[test]
    fn malformed_and_duplicate_qids_are_problems() {
        let actors = "id,name_nl,name_en,type,country,sector,wikidata\n\
            RUS,Rusland,Russia,state,RUS,government,Q159\n\
            vladimir_putin,Vladimir Poetin,Vladimir Putin,person,RUS,government,Q159\n\
            joe_biden,Joe Biden,Joe Biden,person,USA,government,Q06279\n\
            xi_jinping,Xi Jinping,Xi Jinping,person,CHN,government,15031\n";
        let reg = Registry::parse(
            actors,
            "alias,actor_id,kind,match,note\n",
            "role,actor_id,from,to\n",
            "cue,kind\n",
        )
        .unwrap();
        let problems = reg.problems();
        assert!(
            problems.iter().any(|p| p.contains("duplicate QID Q159")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("\"Q06279\"")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("\"15031\"")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_row_hash_changes_with_the_row_and_not_with_its_line() {
        let a = "alias,actor_id,kind,match,note\nRusland,RUS,name,accentfold,\n";
        let b = "alias,actor_id,kind,match,note\nPoetin,vladimir_putin,surname,exact,\nRusland,RUS,name,accentfold,\n";
        let c = "alias,actor_id,kind,match,note\nRusland,RUS,name,exact,\n";
        let roles = "role,actor_id,from,to\n";
        let parse = |al| Registry::parse(ACTORS, al, roles, "cue,kind\n").unwrap();
        let (ra, rb, rc) = (parse(a), parse(b), parse(c));
        assert_eq!(ra.aliases[0].hash, rb.aliases[1].hash);
        assert_ne!(ra.aliases[0].line, rb.aliases[1].line);
        assert_ne!(ra.aliases[0].hash, rc.aliases[0].hash);
        assert_eq!(ra.aliases[0].hash, row_hash("Rusland,RUS,name,accentfold,"));
        assert_eq!(ra.aliases[0].hash.len(), 8);
    }

    #[test]
    fn cues_compare_as_written_or_in_lower_case_by_kind() {
        let cues = "cue,kind\nDJ,name_prefix\nInstituut,not_name\nHoogleraar,title\nvan,particle\nIN,locative\n";
        let reg = Registry::parse(
            ACTORS,
            "alias,actor_id,kind,match,note\n",
            "role,actor_id,from,to\n",
            cues,
        )
        .unwrap();
        let c = &reg.cues;
        assert!(c.is("name_prefix", "DJ") && !c.is("name_prefix", "dj"));
        assert!(c.is("not_name", "Instituut") && !c.is("not_name", "instituut"));
        assert!(c.is("title", "hoogleraar") && c.is("title", "HoogLeraar"));
        assert!(c.is("particle", "Van") && c.is("locative", "in") && c.is("locative", "In"));
        assert!(!c.is("title", "DJ") && !c.is("particle", "hoogleraar"));
        assert!(!c.is("title", "hoogleraarschap") && !c.is("no such kind", "van"));
        assert_eq!(c.kinds("Ë"), 0);
        assert_eq!(c.kinds("Van"), cue_bit("particle"), "{:b}", c.kinds("Van"));
    }

    #[test]
    fn short_keys_give_the_kinds_of_the_word() {
        let registry = crate::annotate::actors::registry().expect("registry");
        let cues = &registry.cues;
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut words: Vec<String> = std::fs::read_dir(seeds)
            .expect("seeds")
            .flat_map(|e| {
                let text = std::fs::read_to_string(e.expect("entry").path()).expect("seed");
                let words: Vec<String> = text
                    .split(|c: char| !c.is_alphanumeric())
                    .map(String::from)
                    .collect();
                words
            })
            .collect();
        for cue in include_str!("../../../schema/actor_cues.csv").lines() {
            let cue = cue.split(',').next().unwrap_or("");
            words.extend([
                cue.to_string(),
                cue.to_uppercase(),
                cue.to_lowercase(),
                format!("{cue}s"),
            ]);
            let mut chars = cue.chars();
            if let Some(c) = chars.next() {
                words.push(c.to_uppercase().chain(chars).collect());
            }
        }
        words.extend(
            ["", "\0", "de\0", "DJ", "Dj", "dJ", "MC", "ïn", "Van", "VAN"].map(String::from),
        );
        let mut cue_words = 0;
        for word in &words {
            let kinds = cues.kinds(word);
            if word.is_ascii() {
                assert_eq!(cues.ascii_kinds(word), kinds, "{word:?}");
            }
            cue_words += usize::from(kinds != 0);
            assert_eq!(kinds, cues.kinds_by_word(word), "{word:?}");
        }
        assert!(cue_words > 1000, "{cue_words}");
    }

    #[test]
    fn role_windows_are_half_open() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let r = Role {
            role: String::new(),
            holder: 0,
            from: Some(d("2021-01-20")),
            to: Some(d("2025-01-20")),
            line: 2,
            hash: String::new(),
        };
        assert!(r.overlaps(d("2025-01-19"), d("2025-01-19")));
        assert!(!r.overlaps(d("2025-01-20"), d("2025-01-31")));
    }
}
