//! The plain typed structs that flow one way through the pipeline:
//! [`SourceFile`] (ingest) → [`Document`] (normalise) → [`Sentence`]s (segment) →
//! [`Annotation`]s (annotate) → rows (write).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How much of the publication date the article header gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    /// ` date YYYY-MM-DD`
    Day,
    /// ` date YYYY-MM`: the day is unknown.
    Month,
}

impl DatePrecision {
    /// The name used in the `published_precision` column.
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Month => "month",
        }
    }
}

/// The publication date from an article header: the document creation time (DCT).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PubDate {
    /// The header value exactly as written (`2025-03` or `2025-12-07`).
    pub raw: String,
    /// The first day the date can denote (the day itself, or the 1st of the month).
    pub start: NaiveDate,
    /// The last day the date can denote (the day itself, or the month's last day).
    pub end: NaiveDate,
    /// Whether the day is known.
    pub precision: DatePrecision,
}

impl PubDate {
    /// A date known to the day.
    pub fn day(date: NaiveDate) -> Self {
        PubDate {
            raw: date.format("%Y-%m-%d").to_string(),
            start: date,
            end: date,
            precision: DatePrecision::Day,
        }
    }

    /// A date known only to the month. Returns `None` for an impossible month.
    pub fn month(year: i32, month: u32) -> Option<Self> {
        let start = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        Some(PubDate {
            raw: format!("{year:04}-{month:02}"),
            start,
            end: next.pred_opt()?,
            precision: DatePrecision::Month,
        })
    }

    /// The exact day when it is known.
    pub fn exact_day(&self) -> Option<NaiveDate> {
        (self.precision == DatePrecision::Day).then_some(self.start)
    }
}

/// Reads `YYYY-MM-DD` or `YYYY-MM` (a date known only to the month).
///
/// ```
/// use kroniek::model::{DatePrecision, PubDate};
///
/// let month: PubDate = "2025-03".parse().unwrap();
/// assert_eq!(month.precision, DatePrecision::Month);
/// assert!("2025-13".parse::<PubDate>().is_err());
/// ```
impl std::str::FromStr for PubDate {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not a date of the form YYYY-MM-DD or YYYY-MM");
        if let Ok(day) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Ok(PubDate::day(day));
        }
        let (year, month) = s.split_once('-').ok_or_else(bad)?;
        if year.len() != 4 || month.len() != 2 {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let month: u32 = month.parse().map_err(|_| bad())?;
        PubDate::month(year, month).ok_or_else(bad)
    }
}

/// One input file as read from disk, before any normalisation.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the input folder without its extension, `/`-separated.
    pub doc_id: String,
    /// Path relative to the input folder, `/`-separated, as found.
    pub source: String,
    /// sha256 of the file's raw bytes, lower-case hex.
    pub sha256: String,
    /// Publication date from the header.
    pub published: PubDate,
    /// The body after the header, decoded as UTF-8 but otherwise untouched.
    pub body: String,
    /// A recoverable problem that ingest repaired (reported, not rejected).
    pub repair: Option<String>,
}

/// Counts of what the normaliser changed, reported per document and per release.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NormaliseStats {
    /// Mojibake sequences (UTF-8 read as cp1252/Latin-1) repaired.
    pub mojibake_repairs: u64,
    /// Invisible characters dropped (BOM, soft hyphen, zero-width characters).
    pub invisibles_dropped: u64,
}

impl std::ops::AddAssign for NormaliseStats {
    fn add_assign(&mut self, other: Self) {
        self.mojibake_repairs += other.mojibake_repairs;
        self.invisibles_dropped += other.invisibles_dropped;
    }
}

/// A document after normalisation: the text every offset refers to.
#[derive(Debug, Clone)]
pub struct Document {
    /// See [`SourceFile::doc_id`].
    pub doc_id: String,
    /// See [`SourceFile::source`].
    pub source: String,
    /// See [`SourceFile::sha256`].
    pub source_sha256: String,
    /// Publication date (DCT).
    pub published: PubDate,
    /// Normalised text: paragraphs separated by exactly one blank line (`\n\n`).
    pub text: String,
    /// What normalisation repaired.
    pub stats: NormaliseStats,
    /// What ingest repaired, if anything (see [`SourceFile::repair`]).
    pub repair: Option<String>,
}

impl Document {
    /// A document made directly from normalised text: for annotating text that did not
    /// come from an input file, and for tests.
    pub fn from_text(doc_id: &str, published: PubDate, text: impl Into<String>) -> Document {
        Document {
            doc_id: doc_id.to_string(),
            source: format!("{doc_id}.txt"),
            source_sha256: String::new(),
            published,
            text: text.into(),
            stats: NormaliseStats::default(),
            repair: None,
        }
    }
}

/// A half-open range of byte offsets into some text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ByteSpan {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl ByteSpan {
    /// A span from `start` to `end` (end-exclusive).
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        ByteSpan { start, end }
    }
}

/// One sentence of a document, as found by the segmenter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// 0-based position of the sentence in its document.
    pub index: u32,
    /// 0-based position of its paragraph in the document.
    pub paragraph: u32,
    /// Byte range of the sentence in the document's normalised text.
    pub bytes: ByteSpan,
}

impl Sentence {
    /// The sentence's text, borrowed from the document text it was cut from.
    pub fn text<'a>(&self, document_text: &'a str) -> &'a str {
        &document_text[self.bytes.start..self.bytes.end]
    }
}

/// The annotation layers of codebook sections 2–4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    /// Temporal expressions (codebook section 2).
    Date,
    /// Actor mentions (codebook section 3).
    Actor,
    /// Sentence topics (codebook section 4).
    Topic,
}

impl Layer {
    /// Every layer, in the order they are written.
    pub const ALL: [Layer; 3] = [Layer::Date, Layer::Actor, Layer::Topic];

    /// The name used in the `layer` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Date => "date",
            Layer::Actor => "actor",
            Layer::Topic => "topic",
        }
    }
}

/// TIMEX3 type of a temporal expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimexType {
    /// A calendar date or period.
    Date,
    /// A clock time.
    Time,
    /// A length of time.
    Duration,
    /// A recurring time (`maandelijks`).
    Set,
}

impl TimexType {
    /// The name used in the `type` column.
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// Granularity of a temporal value (codebook section 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimePrecision {
    /// A clock time.
    Minute,
    /// A day or part of a day.
    Day,
    /// An ISO week.
    Week,
    /// A month.
    Month,
    /// A season.
    Season,
    /// A quarter or half year.
    Quarter,
    /// A year.
    Year,
    /// A decade.
    Decade,
    /// No calendar position (durations, vague references).
    None,
}

impl TimePrecision {
    /// The name used in the `precision` column.
    pub fn as_str(self) -> &'static str {
        match self {
            TimePrecision::Minute => "minute",
            TimePrecision::Day => "day",
            TimePrecision::Week => "week",
            TimePrecision::Month => "month",
            TimePrecision::Season => "season",
            TimePrecision::Quarter => "quarter",
            TimePrecision::Year => "year",
            TimePrecision::Decade => "decade",
            TimePrecision::None => "none",
        }
    }
}

/// What a date annotation says beyond its label (the TIMEX3 value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateDetail {
    /// TIMEX3 type.
    pub timex_type: TimexType,
    /// Granularity of the value.
    pub precision: TimePrecision,
    /// First day of the referent, for DATE and TIME values that have a calendar position.
    pub start: Option<NaiveDate>,
    /// Last day of the referent (inclusive).
    pub end: Option<NaiveDate>,
    /// TIMEX3 modifier: START, MID, END, BEFORE, AFTER, ON_OR_AFTER, APPROX, …
    pub modifier: Option<&'static str>,
}

/// What an actor annotation says beyond its label (the actor id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorDetail {
    /// Registry type: person, organisation, state, group, media.
    pub actor_type: String,
    /// False for names the registry lacks (the pipeline made the id).
    pub in_registry: bool,
}

/// Layer-specific fields of an [`Annotation`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    /// A temporal expression.
    Date(DateDetail),
    /// An actor mention.
    Actor(ActorDetail),
    /// A sentence topic.
    Topic(TopicDetail),
}

/// Fields of a topic annotation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TopicDetail {
    /// Where each cue named in the rule matched, in the rule's order (a context decision's
    /// neighbour cues included): byte ranges in the document's normalised text.
    pub cue_spans: Vec<ByteSpan>,
}

impl Detail {
    /// The layer this detail belongs to.
    pub fn layer(&self) -> Layer {
        match self {
            Detail::Date(_) => Layer::Date,
            Detail::Actor(_) => Layer::Actor,
            Detail::Topic(_) => Layer::Topic,
        }
    }

    /// The spans of the cues behind a topic label; empty for the other layers.
    pub fn cue_spans(&self) -> &[ByteSpan] {
        match self {
            Detail::Topic(t) => &t.cue_spans,
            _ => &[],
        }
    }
}

/// One label on one sentence, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// Index of the sentence ([`Sentence::index`]) the label hangs on.
    pub sentence: u32,
    /// TIMEX3 value, actor id or topic code.
    pub label: String,
    /// Byte range in the document's normalised text, where the label has a span.
    pub span: Option<ByteSpan>,
    /// Provenance: which rule or lexicon row fired.
    pub rule: String,
    /// Layer-specific fields; also decides the layer.
    pub detail: Detail,
}

impl Annotation {
    /// The layer of this annotation.
    pub fn layer(&self) -> Layer {
        self.detail.layer()
    }
}

/// A document with everything the pipeline found in it: what the writers consume.
#[derive(Debug, Clone)]
pub struct AnnotatedDocument {
    /// The normalised document.
    pub document: Document,
    /// Its sentences in order.
    pub sentences: Vec<Sentence>,
    /// Its annotations, ordered by sentence, then layer, then span.
    pub annotations: Vec<Annotation>,
    /// Number of paragraphs.
    pub n_paragraphs: u32,
}

/// An input file that did not become a document, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// Path relative to the input folder.
    pub source: String,
    /// Stable machine-readable reason (`invalid_utf8`, `missing_header`, …).
    pub reason: &'static str,
    /// Human-readable explanation naming the problem.
    pub message: String,
    /// sha256 of the raw bytes when they could be read.
    pub sha256: Option<String>,
}
