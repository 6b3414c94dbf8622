//! Maps the pipeline's typed structs onto the rows of the release tables.
//!
//! This is the one place where byte offsets become code-point offsets, and where the
//! sentence-level columns (its own time, its actors and topics) are derived from the
//! annotations.

use super::{Cell, WriteError};
use crate::ingest::sha256_hex;
use crate::model::{
    AnnotatedDocument, Annotation, ByteSpan, Detail, Layer, PubDate, Reject, Sentence, TimexType,
};
use crate::schema::{Schema, Table, LIST_DELIMITER};
use std::borrow::Cow;

/// The language of every document (the pipeline is Dutch-only).
pub const LANGUAGE: &str = "nl";

/// The tables a document contributes rows to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocTable {
    /// `documents`: one row.
    Documents,
    /// `sentences`: a row per sentence.
    Sentences,
    /// `annotations`: a row per annotation.
    Annotations,
    /// `document_topics`: a row per topic of the document.
    DocumentTopics,
}

impl DocTable {
    /// The four, in release order.
    pub const ALL: [DocTable; 4] = [
        DocTable::Documents,
        DocTable::Sentences,
        DocTable::Annotations,
        DocTable::DocumentTopics,
    ];

    /// The table's position in [`DocTable::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The schema's name of the table.
    pub fn name(self) -> &'static str {
        match self {
            DocTable::Documents => "documents",
            DocTable::Sentences => "sentences",
            DocTable::Annotations => "annotations",
            DocTable::DocumentTopics => "document_topics",
        }
    }
}

/// Takes the rows of a document as they are built, each row only for the call: a row's
/// cells may borrow from buffers reused for the next row.
pub trait RowSink {
    /// One row of `table`, cells in column order.
    fn row(&mut self, table: DocTable, cells: &[Cell<'_>]) -> Result<(), WriteError>;
}

/// The rows one document contributes to each table, collected.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentRows {
    /// Its row in `documents`.
    pub document: Vec<Cell<'static>>,
    /// Its rows in `sentences`.
    pub sentences: Vec<Vec<Cell<'static>>>,
    /// Its rows in `annotations`.
    pub annotations: Vec<Vec<Cell<'static>>>,
    /// Its rows in `document_topics`, ordered by topic.
    pub document_topics: Vec<Vec<Cell<'static>>>,
}

impl RowSink for DocumentRows {
    fn row(&mut self, table: DocTable, cells: &[Cell<'_>]) -> Result<(), WriteError> {
        let row = cells.iter().cloned().map(Cell::into_owned).collect();
        match table {
            DocTable::Documents => self.document = row,
            DocTable::Sentences => self.sentences.push(row),
            DocTable::Annotations => self.annotations.push(row),
            DocTable::DocumentTopics => self.document_topics.push(row),
        }
        Ok(())
    }
}

/// The `sentence_id` of sentence `index` of `doc_id`: `{doc_id}:{index:04}`.
pub fn sentence_id(doc_id: &str, index: u32) -> String {
    let mut id = String::new();
    push_padded_suffix(&mut id, doc_id, index.into(), 4);
    id
}

/// The `annotation_id` of the `k`-th annotation of a sentence: `{sentence_id}:{k:03}`.
pub fn annotation_id(sentence_id: &str, k: usize) -> String {
    let mut id = String::new();
    push_padded_suffix(&mut id, sentence_id, k as u64, 3);
    id
}

/// Replaces `out` with `{prefix}:{n:0width$}`, without the formatting machinery (two
/// of these per annotation row).
fn push_padded_suffix(out: &mut String, prefix: &str, n: u64, width: usize) {
    out.clear();
    out.push_str(prefix);
    out.push(':');
    super::push_padded(out, n, width);
}

/// An id being built as `{prefix}:{n:0width$}` for one prefix and many `n`.
struct IdBuffer {
    id: String,
    /// The length of `{prefix}:`.
    prefix: usize,
}

impl IdBuffer {
    fn new(prefix: &str) -> Self {
        let mut ids = IdBuffer {
            id: String::new(),
            prefix: 0,
        };
        ids.reset(prefix);
        ids
    }

    /// Starts over with another prefix.
    fn reset(&mut self, prefix: &str) {
        self.id.clear();
        self.id.push_str(prefix);
        self.id.push(':');
        self.prefix = self.id.len();
    }

    /// The id of `n`, as [`push_padded_suffix`] writes it.
    fn with(&mut self, n: u64, width: usize) -> &str {
        self.id.truncate(self.prefix);
        super::push_padded(&mut self.id, n, width);
        &self.id
    }
}

/// Appends `n` in decimal (`{n}`).
fn push_int(out: &mut String, n: i64) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// Converts byte offsets of one text to code-point offsets, sentence by sentence: the
/// offsets of a sentence's row and of its annotations lie in the sentence, so each is
/// its byte offset from the sentence's start less the bytes past the first of each
/// multi-byte character before it, found once per sentence (none in most sentences).
struct CharOffsets<'t> {
    text: &'t str,
    /// The current sentence's start and end (byte offsets)...
    start: usize,
    end: usize,
    /// ...the code-point offset of its start...
    chars: i64,
    /// ...and, per multi-byte character in it, the byte offset just past it and the
    /// extra bytes of every multi-byte character up to there.
    wide: Vec<(usize, i64)>,
}

impl<'t> CharOffsets<'t> {
    /// Offsets in `text`, at its start.
    fn new(text: &'t str) -> Self {
        CharOffsets {
            text,
            start: 0,
            end: 0,
            chars: 0,
            wide: Vec::new(),
        }
    }

    /// Moves on to the sentence `start..end` (after the current one).
    fn anchor(&mut self, start: usize, end: usize) {
        self.chars = match start.checked_sub(self.end) {
            // Counted on from the end of the current sentence: the text between is short.
            Some(_) => self.get(self.end) + self.count(self.end, start),
            None => self.count(0, start),
        };
        self.start = start;
        self.end = end;
        self.wide.clear();
        let bytes = self.text.as_bytes();
        let Some(sentence) = bytes.get(start..end) else {
            self.end = start;
            return;
        };
        let (mut at, mut extra) = (0, 0);
        loop {
            at += ascii_prefix(&sentence[at..]);
            let Some(&lead) = sentence.get(at) else {
                break;
            };
            // A lead byte's leading ones give its character's length (one for a stray
            // continuation byte, which no `str` starts a character with).
            let len = (lead.leading_ones() as usize).clamp(1, 4);
            at = (at + len).min(sentence.len());
            extra += len as i64 - 1;
            self.wide.push((start + at, extra));
        }
    }

    /// The code-point offset of `byte` (on a char boundary of the text).
    fn get(&self, byte: usize) -> i64 {
        if !(self.start..=self.end).contains(&byte) {
            // Outside the sentence (only the text's end is asked for): counted.
            return self.count(0, byte);
        }
        let extra = self
            .wide
            .iter()
            .take_while(|(past, _)| *past <= byte)
            .last()
            .map_or(0, |(_, extra)| *extra);
        self.chars + (byte - self.start) as i64 - extra
    }

    /// Code points in `from..to`.
    fn count(&self, from: usize, to: usize) -> i64 {
        let counted = match self.text.get(from..to.min(self.text.len())) {
            Some(text) => text.chars().count(),
            // Not on char boundaries (no span is): the bytes that start a code point.
            None => (self.text.as_bytes().get(from..to).unwrap_or_default())
                .iter()
                .filter(|&&b| (b as i8) >= -0x40)
                .count(),
        };
        counted as i64
    }
}

/// The length of the run of ASCII bytes `bytes` starts with, found eight bytes at a
/// time (the high bit of any byte of a word).
fn ascii_prefix(bytes: &[u8]) -> usize {
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let mut words = bytes.chunks_exact(8);
    let mut ascii = 0;
    for word in &mut words {
        let high = u64::from_le_bytes(word.try_into().expect("eight bytes")) & HIGH;
        if high != 0 {
            // Little-endian: the first byte of the word is its lowest.
            return ascii + high.trailing_zeros() as usize / 8;
        }
        ascii += 8;
    }
    let rest = words.remainder();
    ascii
        + rest
            .iter()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len())
}

/// Builds every row of one annotated document, collected.
pub fn document_rows(doc: &AnnotatedDocument) -> Result<DocumentRows, WriteError> {
    let mut rows = DocumentRows::default();
    write_document_rows(doc, &mut rows)?;
    Ok(rows)
}

/// Builds every row of one annotated document into `sink`: the document, then each
/// sentence followed by its annotations, then the document's topics.
pub fn write_document_rows(
    doc: &AnnotatedDocument,
    sink: &mut impl RowSink,
) -> Result<(), WriteError> {
    let schema = Schema::get();
    let text = &doc.document.text;
    let mut chars = CharOffsets::new(text);
    let published = &doc.document.published;

    let document = schema.table("documents").row([
        ("doc_id", Cell::str(&doc.document.doc_id)),
        ("source", Cell::str(&doc.document.source)),
        ("source_sha256", Cell::str(&doc.document.source_sha256)),
        ("published", Cell::str(&published.raw)),
        (
            "published_precision",
            Cell::str(published.precision.as_str()),
        ),
        ("published_start", Cell::Date(Some(published.start))),
        ("published_end", Cell::Date(Some(published.end))),
        ("language", Cell::str(LANGUAGE)),
        ("text", non_empty(text)),
        ("text_sha256", Cell::str(sha256_hex(text.as_bytes()))),
        ("n_paragraphs", Cell::Int(Some(doc.n_paragraphs.into()))),
        ("n_sentences", Cell::Int(Some(doc.sentences.len() as i64))),
        ("n_chars", Cell::Int(Some(chars.get(text.len())))),
        (
            "mojibake_repairs",
            Cell::Int(Some(doc.document.stats.mojibake_repairs as i64)),
        ),
    ])?;
    sink.row(DocTable::Documents, &document)?;

    // Checked once per document, not once per row.
    check_layout(schema.table("sentences"), SENTENCE_COLUMNS)?;
    check_layout(schema.table("annotations"), ANNOTATION_COLUMNS)?;
    // Reused from row to row: the sink takes each row only for the call.
    let mut cues = String::new();
    // Each id is its prefix (`{doc_id}:`, `{sentence_id}:`), written once, and digits.
    let mut sentence_id = IdBuffer::new(&doc.document.doc_id);
    let mut annotation_id = IdBuffer::new("");
    let mut rest = doc.annotations.as_slice();
    for sentence in &doc.sentences {
        let own = rest
            .iter()
            .take_while(|a| a.sentence == sentence.index)
            .count();
        let (mine, later) = rest.split_at(own);
        rest = later;
        chars.anchor(sentence.bytes.start, sentence.bytes.end);
        let sentence_id = sentence_id.with(sentence.index.into(), 4);
        let row = sentence_row(doc, sentence, sentence_id, mine, published, &chars);
        sink.row(DocTable::Sentences, &row)?;
        annotation_id.reset(sentence_id);
        for (k, annotation) in mine.iter().enumerate() {
            let ids = (sentence_id, annotation_id.with(k as u64, 3));
            let row = annotation_row(doc, ids, annotation, &chars, &mut cues);
            sink.row(DocTable::Annotations, &row)?;
        }
    }
    debug_assert!(rest.is_empty(), "annotations must be ordered by sentence");
    for row in document_topic_rows(doc)? {
        sink.row(DocTable::DocumentTopics, &row)?;
    }
    Ok(())
}

/// Checks that `names` are the columns of `table` in order: the rows of the tables
/// with a row per sentence or annotation are built in that order, so their cells are
/// not matched to columns by name row by row.
fn check_layout<const N: usize>(table: &Table, names: [&str; N]) -> Result<(), WriteError> {
    let columns = || table.columns.iter().map(|c| c.name.as_str());
    if columns().eq(names) {
        return Ok(());
    }
    let columns: Vec<&str> = columns().collect();
    Err(WriteError::Schema {
        table: table.name.clone(),
        column: "*".into(),
        problem: format!("the rows are built as {names:?}, the schema has {columns:?}"),
    })
}

/// The columns of `sentences`, in the order [`sentence_row`] gives its cells.
const SENTENCE_COLUMNS: [&str; 12] = [
    "sentence_id",
    "doc_id",
    "paragraph",
    "index",
    "char_start",
    "char_end",
    "text",
    "date_start",
    "date_end",
    "date_source",
    "actors",
    "topics",
];

fn sentence_row<'r>(
    doc: &'r AnnotatedDocument,
    sentence: &Sentence,
    id: &'r str,
    annotations: &'r [Annotation],
    published: &PubDate,
    chars: &CharOffsets,
) -> [Cell<'r>; 12] {
    let own_time = annotations.iter().find_map(|a| match &a.detail {
        Detail::Date(d) if matches!(d.timex_type, TimexType::Date | TimexType::Time) => {
            d.start.zip(d.end)
        }
        _ => None,
    });
    let (start, end, source) = match own_time {
        Some((start, end)) => (start, end, "expression"),
        None => (published.start, published.end, "published"),
    };
    // In the order of SENTENCE_COLUMNS.
    [
        Cell::str(id),
        Cell::str(&doc.document.doc_id),
        Cell::Int(Some(sentence.paragraph.into())),
        Cell::Int(Some(sentence.index.into())),
        Cell::Int(Some(chars.get(sentence.bytes.start))),
        Cell::Int(Some(chars.get(sentence.bytes.end))),
        non_empty(sentence.text(&doc.document.text)),
        Cell::Date(Some(start)),
        Cell::Date(Some(end)),
        Cell::str(source),
        label_set(annotations, Layer::Actor),
        label_set(annotations, Layer::Topic),
    ]
}

/// The columns of `annotations`, in the order [`annotation_row`] gives its cells.
const ANNOTATION_COLUMNS: [&str; 16] = [
    "annotation_id",
    "doc_id",
    "sentence_id",
    "layer",
    "label",
    "char_start",
    "char_end",
    "text",
    "type",
    "precision",
    "date_start",
    "date_end",
    "modifier",
    "rule",
    "in_registry",
    "cue_spans",
];

/// The row of an annotation; `ids` are its sentence's id and its own, `cues` a buffer
/// for its cue spans.
fn annotation_row<'r>(
    doc: &'r AnnotatedDocument,
    (sentence_id, annotation_id): (&'r str, &'r str),
    annotation: &'r Annotation,
    chars: &CharOffsets,
    cues: &'r mut String,
) -> [Cell<'r>; 16] {
    let span = annotation.span;
    let cue_spans = cue_spans(annotation.detail.cue_spans(), chars, cues);
    let (kind, precision, start, end, modifier, in_registry) = match &annotation.detail {
        Detail::Date(d) => (
            Some(d.timex_type.as_str()),
            Some(d.precision.as_str()),
            d.start,
            d.end,
            d.modifier,
            None,
        ),
        Detail::Actor(a) => (
            Some(a.actor_type.as_str()),
            None,
            None,
            None,
            None,
            Some(a.in_registry),
        ),
        Detail::Topic(_) => (None, None, None, None, None, None),
    };
    let borrowed = |s: Option<&'r str>| Cell::Str(s.map(Cow::Borrowed));
    // In the order of ANNOTATION_COLUMNS.
    [
        Cell::str(annotation_id),
        Cell::str(&doc.document.doc_id),
        Cell::str(sentence_id),
        Cell::str(annotation.layer().as_str()),
        non_empty(&annotation.label),
        Cell::Int(span.map(|s| chars.get(s.start))),
        Cell::Int(span.map(|s| chars.get(s.end))),
        borrowed(
            span.map(|s| &doc.document.text[s.start..s.end])
                .filter(|t| !t.is_empty()),
        ),
        borrowed(kind),
        borrowed(precision),
        Cell::Date(start),
        Cell::Date(end),
        borrowed(modifier),
        non_empty(&annotation.rule),
        Cell::Bool(in_registry),
        borrowed(cue_spans),
    ]
}

/// `start-end` code-point ranges joined by `+` (`12-20+45-53`), written into `out`;
/// none for no span.
fn cue_spans<'o>(spans: &[ByteSpan], chars: &CharOffsets, out: &'o mut String) -> Option<&'o str> {
    if spans.is_empty() {
        return None;
    }
    // Without `write!`: this runs for most annotations.
    out.clear();
    for (i, s) in spans.iter().enumerate() {
        if i > 0 {
            out.push('+');
        }
        push_int(out, chars.get(s.start));
        out.push('-');
        push_int(out, chars.get(s.end));
    }
    Some(out)
}

/// Number of sentences of the document that have each topic, in topic order.
pub fn topic_sentence_counts(doc: &AnnotatedDocument) -> Vec<(&str, u32)> {
    // A sentence may carry several annotations of one topic (one per cue group);
    // it counts once. Sorted and deduplicated: a set without a tree per document.
    let mut pairs: Vec<(&str, u32)> = doc
        .annotations
        .iter()
        .filter(|a| a.layer() == Layer::Topic)
        .map(|a| (a.label.as_str(), a.sentence))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut counts: Vec<(&str, u32)> = Vec::new();
    for (topic, _) in pairs {
        match counts.last_mut() {
            Some((last, n)) if *last == topic => *n += 1,
            _ => counts.push((topic, 1)),
        }
    }
    counts
}

/// The `document_topics` rows: per topic, its sentences and their share of the document.
fn document_topic_rows(doc: &AnnotatedDocument) -> Result<Vec<Vec<Cell<'_>>>, WriteError> {
    let table = Schema::get().table("document_topics");
    let total = doc.sentences.len();
    topic_sentence_counts(doc)
        .into_iter()
        .filter(|_| total > 0)
        .map(|(topic, n)| {
            table.row([
                ("doc_id", Cell::str(&doc.document.doc_id)),
                ("topic", non_empty(topic)),
                ("sentences", Cell::Int(Some(n.into()))),
                ("share", Cell::Float(Some(f64::from(n) / total as f64))),
            ])
        })
        .collect()
}

/// The row of a rejected input file.
pub fn reject_row(reject: &Reject) -> Result<Vec<Cell<'_>>, WriteError> {
    Schema::get().table("rejects").row([
        ("source", Cell::str(&reject.source)),
        ("reason", Cell::str(reject.reason)),
        ("message", Cell::str(&reject.message)),
        (
            "source_sha256",
            Cell::Str(reject.sha256.as_deref().map(Cow::Borrowed)),
        ),
    ])
}

/// The sorted, `|`-joined set of labels of one layer; null when there are none.
fn label_set(annotations: &[Annotation], layer: Layer) -> Cell<'_> {
    let mut labels = annotations
        .iter()
        .filter(|a| a.layer() == layer)
        .map(|a| a.label.as_str());
    let Some(first) = labels.next() else {
        return Cell::Str(None);
    };
    // Most sentences have one label of a layer (maybe more than once): no vector then.
    if labels.clone().all(|label| label == first) {
        return Cell::str(first);
    }
    joined_label_set(annotations, layer)
}

/// [`label_set`] the long way, for any number of labels.
fn joined_label_set(annotations: &[Annotation], layer: Layer) -> Cell<'static> {
    let mut labels: Vec<&str> = annotations
        .iter()
        .filter(|a| a.layer() == layer)
        .map(|a| a.label.as_str())
        .collect();
    if labels.is_empty() {
        return Cell::Str(None);
    }
    // Sorted and deduplicated: the order of a set, without a tree per sentence.
    labels.sort_unstable();
    labels.dedup();
    Cell::str(labels.join(LIST_DELIMITER))
}

/// A required string; an empty one becomes null so the writer reports it.
fn non_empty(s: &str) -> Cell<'_> {
    Cell::Str((!s.is_empty()).then_some(Cow::Borrowed(s)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        ActorDetail, ByteSpan, DateDetail, DatePrecision, Document, NormaliseStats, TimePrecision,
    };
    use chrono::NaiveDate;

    fn doc() -> AnnotatedDocument {
        let text = "Oekraïne wint. Poetin belde op 18 maart.".to_string();
        let date = NaiveDate::from_ymd_opt(2025, 3, 18).unwrap();
        AnnotatedDocument {
            document: Document {
                doc_id: "d".into(),
                source: "d.txt".into(),
                source_sha256: "00".into(),
                published: PubDate::month(2025, 3).unwrap(),
                text,
                stats: NormaliseStats::default(),
                repair: None,
            },
            sentences: vec![
                Sentence {
                    index: 0,
                    paragraph: 0,
                    bytes: ByteSpan::new(0, 15),
                },
                Sentence {
                    index: 1,
                    paragraph: 0,
                    bytes: ByteSpan::new(16, 41),
                },
            ],
            annotations: vec![
                Annotation {
                    sentence: 1,
                    label: "vladimir_putin".into(),
                    span: Some(ByteSpan::new(16, 22)),
                    rule: "alias".into(),
                    detail: Detail::Actor(ActorDetail {
                        actor_type: "person".into(),
                        in_registry: true,
                    }),
                },
                Annotation {
                    sentence: 1,
                    label: "2025-03-18".into(),
                    span: Some(ByteSpan::new(32, 40)),
                    rule: "day_month".into(),
                    detail: Detail::Date(DateDetail {
                        timex_type: TimexType::Date,
                        precision: TimePrecision::Day,
                        start: Some(date),
                        end: Some(date),
                        modifier: None,
                    }),
                },
            ],
            n_paragraphs: 1,
        }
    }

    #[test]
    fn the_one_label_fast_path_gives_the_joined_set() {
        let actor = |label: &str| Annotation {
            sentence: 0,
            label: label.into(),
            span: None,
            rule: "alias".into(),
            detail: Detail::Actor(ActorDetail {
                actor_type: "person".into(),
                in_registry: true,
            }),
        };
        let labels = ["b", "a", "b", "c"];
        // Every sequence of up to four labels, mixed with a topic of another layer.
        for n in 0..=4u32 {
            for pick in 0..labels.len().pow(n) {
                let mut annotations = vec![topic(0, "energy")];
                let mut rest = pick;
                for _ in 0..n {
                    annotations.push(actor(labels[rest % labels.len()]));
                    rest /= labels.len();
                }
                for layer in [Layer::Actor, Layer::Topic, Layer::Date] {
                    assert_eq!(
                        label_set(&annotations, layer),
                        joined_label_set(&annotations, layer),
                        "{annotations:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn doc_tables_know_their_place_and_name() {
        for (i, table) in DocTable::ALL.into_iter().enumerate() {
            assert_eq!(table.index(), i);
            assert_eq!(Schema::get().table(table.name()).name, table.name());
        }
    }

    #[test]
    fn layouts_match_the_schema_and_refuse_other_orders() {
        let schema = Schema::get();
        assert!(check_layout(schema.table("sentences"), SENTENCE_COLUMNS).is_ok());
        assert!(check_layout(schema.table("annotations"), ANNOTATION_COLUMNS).is_ok());
        let mut swapped = SENTENCE_COLUMNS;
        swapped.swap(0, 1);
        assert!(check_layout(schema.table("sentences"), swapped).is_err());
        assert!(check_layout(schema.table("annotations"), SENTENCE_COLUMNS).is_err());
    }

    #[test]
    fn ids_are_their_format_strings() {
        for n in [
            0,
            1,
            9,
            10,
            99,
            100,
            999,
            1000,
            9999,
            10_000,
            123_456,
            u32::MAX,
        ] {
            assert_eq!(sentence_id("d-1", n), format!("d-1:{n:04}"));
            let k = n as usize;
            assert_eq!(annotation_id("d-1:0001", k), format!("d-1:0001:{k:03}"));
        }
        assert_eq!(annotation_id("x", usize::MAX), format!("x:{}", usize::MAX));
        // The reused buffer gives the same ids, whatever came before.
        let mut ids = IdBuffer::new("d-1");
        for n in [0, 12_345, 7, u64::MAX, 99] {
            assert_eq!(ids.with(n, 4), format!("d-1:{n:04}"));
            ids.reset("d-1:0001");
            assert_eq!(ids.with(n, 3), format!("d-1:0001:{n:03}"));
            ids.reset("d-1");
        }
        for n in [0, 7, -7, 10, 1234, i64::MIN, i64::MAX] {
            let mut out = String::new();
            push_int(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }

    #[test]
    fn char_offsets_count_the_code_points_before_each_byte_offset() {
        // Sentence after sentence, as a document's rows ask.
        let text = "Één zin. Daarna — „citaat” — nog één; en ASCII.\nOekraïne 😀 wint.";
        let cuts = [0, 9, 13, 40, text.len()];
        let mut chars = CharOffsets::new(text);
        for pair in cuts.windows(2) {
            let (start, end) = (pair[0], pair[1]);
            assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
            chars.anchor(start, end);
            for byte in (start..=end).filter(|&b| text.is_char_boundary(b)) {
                assert_eq!(
                    chars.get(byte),
                    text[..byte].chars().count() as i64,
                    "{byte}"
                );
            }
        }
        let text = "aë€😀 b\nOekraïne";
        let bytes: Vec<usize> = (0..=text.len())
            .filter(|&b| text.is_char_boundary(b))
            .collect();
        // From every anchor, before it and after it, with sentences ending anywhere.
        for &start in &bytes {
            for &end in &bytes {
                let mut chars = CharOffsets::new(text);
                chars.anchor(start, end);
                for &byte in &bytes {
                    assert_eq!(chars.get(byte), text[..byte].chars().count() as i64);
                }
            }
        }
        let ascii = "Het kabinet, zei hij.";
        let mut chars = CharOffsets::new(ascii);
        chars.anchor(4, ascii.len());
        assert!(chars.wide.is_empty(), "ASCII: nothing to subtract");
        assert_eq!(chars.get(12), 12);
        for len in 0..40 {
            assert_eq!(ascii_prefix(&vec![b'a'; len]), len);
            for at in 0..len {
                let mut bytes = vec![b'a'; len];
                bytes[at] = 0xC3;
                assert_eq!(ascii_prefix(&bytes), at, "{len} {at}");
                bytes[len - 1] = 0x80;
                assert_eq!(ascii_prefix(&bytes), at, "{len} {at}");
            }
        }
        // Off a char boundary (no span is), and out of range: no panic.
        let mut chars = CharOffsets::new(text);
        chars.anchor(0, text.len());
        assert_eq!(chars.get(2), 2);
        // Past the end, no panic.
        let all = text.chars().count() as i64;
        assert_eq!(CharOffsets::new(text).get(text.len() + 9), all);
    }

    #[test]
    fn offsets_count_code_points_and_spans_match_text() {
        let rows = document_rows(&doc()).unwrap();
        // "Oekraïne wint. " is 15 code points but 16 bytes.
        assert_eq!(rows.sentences[1][4], Cell::Int(Some(15)));
        assert_eq!(rows.sentences[1][5], Cell::Int(Some(40)));
        assert_eq!(rows.annotations[1][5], Cell::Int(Some(31)));
        assert_eq!(rows.annotations[1][7], Cell::str("18 maart"));
        assert_eq!(rows.document[12], Cell::Int(Some(40)));
    }

    fn topic(sentence: u32, label: &str) -> Annotation {
        Annotation {
            sentence,
            label: label.into(),
            span: None,
            rule: "cue".into(),
            detail: Detail::Topic(crate::model::TopicDetail::default()),
        }
    }

    #[test]
    fn cue_spans_are_code_point_ranges_in_rule_order() {
        let mut d = doc();
        let mut cued = topic(0, "war_military");
        // "Oekraïne" is 9 bytes but 8 code points.
        cued.detail = Detail::Topic(crate::model::TopicDetail {
            cue_spans: vec![ByteSpan::new(10, 14), ByteSpan::new(0, 9)],
        });
        d.annotations.insert(0, cued);
        let rows = document_rows(&d).unwrap();
        let column = Schema::get()
            .table("annotations")
            .column_index("cue_spans")
            .expect("a cue_spans column");
        assert_eq!(rows.annotations[0][column], Cell::str("9-13+0-8"));
        // Other layers leave it empty.
        assert_eq!(rows.annotations[1][column], Cell::Str(None));
    }

    #[test]
    fn topic_shares_count_each_sentence_once_per_topic() {
        let mut d = doc();
        // Annotations stay ordered by sentence.
        d.annotations.insert(0, topic(0, "war_military"));
        d.annotations.insert(1, topic(0, "war_military"));
        d.annotations.insert(2, topic(0, "diplomacy"));
        d.annotations.push(topic(1, "war_military"));
        let rows = document_rows(&d).unwrap();
        assert_eq!(
            rows.document_topics,
            vec![
                vec![
                    Cell::str("d"),
                    Cell::str("diplomacy"),
                    Cell::Int(Some(1)),
                    Cell::Float(Some(0.5)),
                ],
                vec![
                    Cell::str("d"),
                    Cell::str("war_military"),
                    Cell::Int(Some(2)),
                    Cell::Float(Some(1.0)),
                ],
            ]
        );
    }

    #[test]
    fn a_document_without_topics_has_no_topic_rows() {
        assert!(document_rows(&doc()).unwrap().document_topics.is_empty());
    }

    #[test]
    fn sentence_time_and_label_sets_come_from_annotations() {
        let rows = document_rows(&doc()).unwrap();
        let first = &rows.sentences[0];
        let second = &rows.sentences[1];
        assert_eq!(first[9], Cell::str("published"));
        assert_eq!(first[7], Cell::Date(NaiveDate::from_ymd_opt(2025, 3, 1)));
        assert_eq!(first[10], Cell::Str(None));
        assert_eq!(second[9], Cell::str("expression"));
        assert_eq!(second[7], Cell::Date(NaiveDate::from_ymd_opt(2025, 3, 18)));
        assert_eq!(second[10], Cell::str("vladimir_putin"));
        assert_eq!(rows.annotations[0][0], Cell::str("d:0001:000"));
        assert_eq!(doc().document.published.precision, DatePrecision::Month);
    }
}
