//! What one document contributes to a release: its table rows and its share of the
//! counts. A single build writes it at once; a shard stores it as one JSON line that
//! the merge reads back, so both paths write the same bytes through the same code.

use super::{ReleaseStats, Tables};
use crate::annotate::actors::UnknownNames;
use crate::model::{AnnotatedDocument, Detail, Layer, NormaliseStats, Reject};
use crate::schema::Schema;
use crate::write::rows::document_rows;
use crate::write::Cell;
use anyhow::Context;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One document's rows and counts.
#[derive(Debug, Clone)]
pub(super) struct DocRecord {
    doc_id: String,
    document: Vec<Cell>,
    sentences: Vec<Vec<Cell>>,
    annotations: Vec<Vec<Cell>>,
    document_topics: Vec<Vec<Cell>>,
    counts: DocCounts,
}

/// An annotation's layer, label and (for dates) TIMEX3 type and precision.
type LabelKey = (Layer, String, Option<(String, String)>);

/// A [`LabelKey`] borrowed from the document.
type LabelRef<'a> = (Layer, &'a str, Option<(&'static str, &'static str)>);

/// The counts of one document, in the order `write` adds them to [`ReleaseStats`].
#[derive(Debug, Clone, Serialize, Deserialize)]
struct DocCounts {
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

impl DocRecord {
    /// The rows and counts of `doc`.
    pub(super) fn new(doc: &AnnotatedDocument) -> anyhow::Result<DocRecord> {
        let rows =
            document_rows(doc).with_context(|| format!("document {}", doc.document.doc_id))?;
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
        Ok(DocRecord {
            doc_id: doc.document.doc_id.clone(),
            document: rows.document,
            sentences: rows.sentences,
            annotations: rows.annotations,
            document_topics: rows.document_topics,
            counts: DocCounts {
                source: doc.document.source.clone(),
                sha256: doc.document.source_sha256.clone(),
                repair: doc.document.repair.clone(),
                sentences: doc.sentences.len() as u64,
                normalise: doc.document.stats,
                unknown_names,
                labels,
            },
        })
    }

    /// Writes the rows into the tables and adds the counts to `stats`.
    pub(super) fn write(self, tables: &mut Tables, stats: &mut ReleaseStats) -> anyhow::Result<()> {
        tables.documents.write_row(self.document)?;
        for row in self.sentences {
            tables.sentences.write_row(row)?;
        }
        for row in self.annotations {
            tables.annotations.write_row(row)?;
        }
        stats.document_topics += self.document_topics.len() as u64;
        for row in self.document_topics {
            tables.document_topics.write_row(row)?;
        }
        let counts = self.counts;
        stats.documents += 1;
        stats.inputs.push(&counts.source, &counts.sha256)?;
        stats.unknown_names.absorb(counts.unknown_names)?;
        if let Some(repair) = counts.repair {
            stats.repaired.push((counts.source, repair));
        }
        stats.sentences += counts.sentences;
        stats.normalise += counts.normalise;
        for ((layer, label, kind), n) in counts.labels {
            *stats.annotations.entry(layer).or_default() += n;
            stats.labels.add(layer, label, n)?;
            if let Some(kind) = kind {
                *stats.date_kinds.entry(kind).or_default() += n;
            }
        }
        Ok(())
    }
}

/// The outcome of one input: a document or a reject.
pub(super) enum Processed {
    Doc(Box<DocRecord>),
    Reject(Reject),
}

fn fields(rows: &[Vec<Cell>]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|row| row.iter().map(Cell::to_csv_field).collect())
        .collect()
}

fn cells(table: &str, rows: Vec<Vec<String>>) -> anyhow::Result<Vec<Vec<Cell>>> {
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
    /// One JSON line (without the newline).
    pub(super) fn to_line(&self) -> anyhow::Result<String> {
        let line = match self {
            Processed::Doc(d) => StoredLine::Doc(StoredDoc {
                doc_id: d.doc_id.clone(),
                document: d.document.iter().map(Cell::to_csv_field).collect(),
                sentences: fields(&d.sentences),
                annotations: fields(&d.annotations),
                document_topics: fields(&d.document_topics),
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
                document: cells("documents", vec![d.document])?
                    .pop()
                    .unwrap_or_default(),
                sentences: cells("sentences", d.sentences)?,
                annotations: cells("annotations", d.annotations)?,
                document_topics: cells("document_topics", d.document_topics)?,
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
