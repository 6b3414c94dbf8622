//! What one document contributes to a release: its table rows and its share of the
//! counts. A single build encodes the rows of a chunk of documents on the worker that
//! annotated them ([`EncodedChunk`]); a shard stores each document as one JSON line
//! ([`DocRecord`]) that the merge reads back. Both paths build the rows with the same
//! code and encode them with the same [`TableEncoder`], so they write the same bytes.

use super::{ReleaseStats, Tables};
use crate::annotate::actors::UnknownNames;
use crate::model::{AnnotatedDocument, Detail, Layer, NormaliseStats, Reject};
use crate::schema::Schema;
use crate::write::rows::{document_rows, write_document_rows, DocTable, DocumentRows, RowSink};
use crate::write::{Cell, EncodedRows, TableEncoder, WriteError};
use anyhow::Context;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One document's rows and counts, as a shard stores it.
#[derive(Debug, Clone)]
pub(super) struct DocRecord {
    doc_id: String,
    rows: DocumentRows,
    counts: DocCounts,
}

/// An annotation's layer, label and (for dates) TIMEX3 type and precision.
type LabelKey = (Layer, String, Option<(String, String)>);

/// A [`LabelKey`] borrowed from the document.
type LabelRef<'a> = (Layer, &'a str, Option<(&'static str, &'static str)>);

/// The counts of one document, in the order [`DocCounts::add_to`] adds them to
/// [`ReleaseStats`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct DocCounts {
    source: String,
    sha256: String,
    repair: Option<String>,
    sentences: u64,
    normalise: NormaliseStats,
    unknown_names: UnknownNames,
    /// Each distinct key with its number of annotations, in key order: counted here,
    /// in parallel, so the serial writer adds one entry per label, not per annotation.
    labels: Vec<(LabelKey, u64)>,
}

impl DocCounts {
    /// The counts of `doc`.
    fn new(doc: &AnnotatedDocument) -> DocCounts {
        let mut unknown_names = UnknownNames::new();
        unknown_names.add(doc);
        let mut counts: BTreeMap<LabelRef<'_>, u64> = BTreeMap::new();
        for a in &doc.annotations {
            let kind = match &a.detail {
                Detail::Date(d) => Some((d.timex_type.as_str(), d.precision.as_str())),
                _ => None,
            };
            *counts
                .entry((a.layer(), a.label.as_str(), kind))
                .or_default() += 1;
        }
        let labels = counts
            .into_iter()
            .map(|((layer, label, kind), n)| {
                let kind = kind.map(|(t, p)| (t.to_string(), p.to_string()));
                ((layer, label.to_string(), kind), n)
            })
            .collect();
        DocCounts {
            source: doc.document.source.clone(),
            sha256: doc.document.source_sha256.clone(),
            repair: doc.document.repair.clone(),
            sentences: doc.sentences.len() as u64,
            normalise: doc.document.stats,
            unknown_names,
            labels,
        }
    }

    /// Adds the counts to `stats`.
    fn add_to(self, stats: &mut ReleaseStats) -> anyhow::Result<()> {
        stats.documents += 1;
        stats.inputs.push(&self.source, &self.sha256)?;
        stats.unknown_names.absorb(self.unknown_names)?;
        if let Some(repair) = self.repair {
            stats.repaired.push((self.source, repair));
        }
        stats.sentences += self.sentences;
        stats.normalise += self.normalise;
        for ((layer, label, kind), n) in self.labels {
            *stats.annotations.entry(layer).or_default() += n;
            stats.labels.add(layer, label, n)?;
            if let Some(kind) = kind {
                *stats.date_kinds.entry(kind).or_default() += n;
            }
        }
        Ok(())
    }
}

/// CSV bytes of a row besides its text, about (ids, numbers, dates, labels).
const CSV_BYTES_PER_ROW: usize = 96;

/// The encoders of the four tables a document has rows in.
struct ChunkEncoder {
    tables: [TableEncoder; 4],
}

impl ChunkEncoder {
    /// Encoders with room for the rows of `docs`, so that their buffers do not grow
    /// row by row.
    fn for_docs<'d>(docs: impl Iterator<Item = &'d AnnotatedDocument>) -> ChunkEncoder {
        let (mut documents, mut sentences, mut annotations, mut text) = (0, 0, 0, 0);
        for doc in docs {
            documents += 1;
            sentences += doc.sentences.len();
            annotations += doc.annotations.len();
            text += doc.document.text.len();
        }
        let rows = |table| match table {
            DocTable::Documents => documents,
            DocTable::Sentences => sentences,
            DocTable::Annotations => annotations,
            // At most one per topic: few.
            DocTable::DocumentTopics => documents,
        };
        // Room for the CSV too: the text once in `documents` and once in `sentences`,
        // beside the other fields (a guess: a buffer that falls short grows).
        let csv_bytes = |table| match table {
            DocTable::Documents => text + documents * CSV_BYTES_PER_ROW,
            DocTable::Sentences => text + sentences * CSV_BYTES_PER_ROW,
            DocTable::Annotations => annotations * 2 * CSV_BYTES_PER_ROW,
            DocTable::DocumentTopics => documents * CSV_BYTES_PER_ROW,
        };
        let schema = Schema::get();
        ChunkEncoder {
            tables: DocTable::ALL.map(|t| {
                let mut encoder = TableEncoder::new(schema.table(t.name()), rows(t));
                encoder.reserve_csv(csv_bytes(t));
                encoder
            }),
        }
    }

    fn encoder(&mut self, table: DocTable) -> &mut TableEncoder {
        &mut self.tables[table.index()]
    }
}

impl RowSink for ChunkEncoder {
    fn row(&mut self, table: DocTable, cells: &[Cell<'_>]) -> Result<(), WriteError> {
        self.encoder(table).push(cells)
    }
}

/// The rows of a chunk of documents, encoded, with their counts and the chunk's rejects.
pub(super) struct EncodedChunk {
    /// The rows of each of [`DocTable::ALL`].
    tables: Vec<EncodedRows>,
    counts: Vec<DocCounts>,
    rejects: Vec<Reject>,
}

impl EncodedChunk {
    /// Encodes the rows of `outcomes`, in order; rejects are kept aside.
    pub(super) fn new(
        outcomes: Vec<Result<AnnotatedDocument, Reject>>,
    ) -> anyhow::Result<EncodedChunk> {
        let mut encoder = ChunkEncoder::for_docs(outcomes.iter().flatten());
        let mut counts = Vec::with_capacity(outcomes.len());
        let mut rejects = Vec::new();
        for outcome in outcomes {
            let doc = match outcome {
                Ok(doc) => doc,
                Err(reject) => {
                    rejects.push(reject);
                    continue;
                }
            };
            write_document_rows(&doc, &mut encoder)
                .with_context(|| format!("document {}", doc.document.doc_id))?;
            counts.push(DocCounts::new(&doc));
        }
        let tables = encoder
            .tables
            .into_iter()
            .map(TableEncoder::finish)
            .collect::<Result<_, _>>()?;
        Ok(EncodedChunk {
            tables,
            counts,
            rejects,
        })
    }

    /// Number of input files the chunk holds.
    pub(super) fn inputs(&self) -> usize {
        self.counts.len() + self.rejects.len()
    }

    /// Appends the rows to the tables and adds the counts to `stats`.
    pub(super) fn write(self, tables: &mut Tables, stats: &mut ReleaseStats) -> anyhow::Result<()> {
        for (table, rows) in DocTable::ALL.into_iter().zip(self.tables) {
            if table == DocTable::DocumentTopics {
                stats.document_topics += rows.len() as u64;
            }
            tables.get(table).append(rows)?;
        }
        for counts in self.counts {
            counts.add_to(stats)?;
        }
        stats.rejects.extend(self.rejects);
        Ok(())
    }
}

impl DocRecord {
    /// The rows and counts of `doc`.
    pub(super) fn new(doc: &AnnotatedDocument) -> anyhow::Result<DocRecord> {
        let rows =
            document_rows(doc).with_context(|| format!("document {}", doc.document.doc_id))?;
        let counts = DocCounts::new(doc);
        Ok(DocRecord {
            doc_id: doc.document.doc_id.clone(),
            rows,
            counts,
        })
    }

    /// Writes the rows into the tables and adds the counts to `stats`.
    pub(super) fn write(self, tables: &mut Tables, stats: &mut ReleaseStats) -> anyhow::Result<()> {
        let rows = self.rows;
        tables.documents.write_row(rows.document)?;
        for row in rows.sentences {
            tables.sentences.write_row(row)?;
        }
        for row in rows.annotations {
            tables.annotations.write_row(row)?;
        }
        stats.document_topics += rows.document_topics.len() as u64;
        for row in rows.document_topics {
            tables.document_topics.write_row(row)?;
        }
        self.counts.add_to(stats)
    }
}

/// The outcome of one input: a document or a reject.
pub(super) enum Processed {
    Doc(Box<DocRecord>),
    Reject(Reject),
}

/// A [`DocRecord`] as stored in a shard's part file: cells as CSV fields.
#[derive(Serialize, Deserialize)]
struct StoredDoc {
    doc_id: String,
    document: Vec<String>,
    sentences: Vec<Vec<String>>,
    annotations: Vec<Vec<String>>,
    document_topics: Vec<Vec<String>>,
    counts: DocCounts,
}

/// A rejected input as stored in a part file.
#[derive(Serialize, Deserialize)]
struct StoredReject {
    source: String,
    reason: String,
    message: String,
    sha256: Option<String>,
}

/// One line of a part file: the outcome of one input file.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum StoredLine {
    Doc(StoredDoc),
    Reject(StoredReject),
}

fn fields(rows: &[Vec<Cell<'_>>]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|row| row.iter().map(Cell::to_csv_field).collect())
        .collect()
}

fn cells(table: &str, rows: Vec<Vec<String>>) -> anyhow::Result<Vec<Vec<Cell<'static>>>> {
    let columns = &Schema::get().table(table).columns;
    rows.into_iter()
        .map(|row| {
            anyhow::ensure!(
                row.len() == columns.len(),
                "a {table} row has {} fields, the schema {}",
                row.len(),
                columns.len()
            );
            row.iter()
                .zip(columns)
                .map(|(field, column)| {
                    Cell::from_csv_field(column.column_type, field)
                        .map_err(|e| anyhow::anyhow!("{table}.{}: {e}", column.name))
                })
                .collect()
        })
        .collect()
}

impl Processed {
    /// The part-file lines of a chunk of documents, one per input, in order.
    pub(super) fn lines(
        outcomes: Vec<Result<AnnotatedDocument, Reject>>,
    ) -> anyhow::Result<Vec<String>> {
        outcomes
            .into_iter()
            .map(|outcome| {
                let processed = match outcome {
                    Ok(doc) => Processed::Doc(Box::new(DocRecord::new(&doc)?)),
                    Err(reject) => Processed::Reject(reject),
                };
                processed.to_line()
            })
            .collect()
    }

    /// One JSON line (without the newline).
    pub(super) fn to_line(&self) -> anyhow::Result<String> {
        let line = match self {
            Processed::Doc(d) => StoredLine::Doc(StoredDoc {
                doc_id: d.doc_id.clone(),
                document: d.rows.document.iter().map(Cell::to_csv_field).collect(),
                sentences: fields(&d.rows.sentences),
                annotations: fields(&d.rows.annotations),
                document_topics: fields(&d.rows.document_topics),
                counts: d.counts.clone(),
            }),
            Processed::Reject(r) => StoredLine::Reject(StoredReject {
                source: r.source.clone(),
                reason: r.reason.to_string(),
                message: r.message.clone(),
                sha256: r.sha256.clone(),
            }),
        };
        Ok(serde_json::to_string(&line)?)
    }

    /// Reads back a line written by [`Processed::to_line`].
    pub(super) fn from_line(line: &str) -> anyhow::Result<Processed> {
        Ok(match serde_json::from_str(line)? {
            StoredLine::Doc(d) => Processed::Doc(Box::new(DocRecord {
                doc_id: d.doc_id,
                rows: DocumentRows {
                    document: cells("documents", vec![d.document])?
                        .pop()
                        .unwrap_or_default(),
                    sentences: cells("sentences", d.sentences)?,
                    annotations: cells("annotations", d.annotations)?,
                    document_topics: cells("document_topics", d.document_topics)?,
                },
                counts: d.counts,
            })),
            StoredLine::Reject(r) => {
                Processed::Reject(reject(r.source, r.reason, r.message, r.sha256))
            }
        })
    }
}

/// A reject read back from a shard; `reason` becomes `&'static str` again.
pub(super) fn reject(
    source: String,
    reason: String,
    message: String,
    sha256: Option<String>,
) -> Reject {
    Reject {
        source,
        reason: static_reason(reason),
        message,
        sha256,
    }
}

/// Reject reasons are `&'static str` in the model; a merge reads a handful of them,
/// so leaking each distinct one once is bounded.
fn static_reason(reason: String) -> &'static str {
    use std::collections::BTreeSet;
    use std::sync::Mutex;
    static SEEN: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(known) = seen.get(reason.as_str()) {
        return known;
    }
    let leaked: &'static str = Box::leak(reason.into_boxed_str());
    seen.insert(leaked);
    leaked
}
