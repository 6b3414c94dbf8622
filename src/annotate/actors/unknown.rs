//! The report of names the registry lacks: every actor annotation with
//! `in_registry = false`, grouped by id, with its count, the documents it occurs in and
//! one example sentence. A release calls [`UnknownNames::add`] for each document and
//! [`UnknownNames::render_markdown`] (or reads [`UnknownNames::rows`]) at the end; the
//! list tells the registry's maintainer which persons to add next.

use crate::model::{AnnotatedDocument, Detail};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One name the registry lacks, aggregated over the documents added so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// The codebook id given to the name (`happymon_jacob`).
    pub id: String,
    /// The surface form of its first mention.
    pub name: String,
    /// Number of mentions.
    pub count: usize,
    /// Number of documents it occurs in.
    pub documents: usize,
    /// The first sentence it occurs in, with its document id.
    pub example_doc: String,
    /// That sentence's text.
    pub example: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    name: String,
    count: usize,
    /// Documents the name occurs in. A count, not a set of ids: the report must not grow
    /// with the corpus. Each document is added once, so counting per `add` is exact.
    documents: usize,
    example_doc: String,
    example: String,
}

/// Collects the names the registry lacks over a set of documents.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct UnknownNames {
    by_id: BTreeMap<String, Entry>,
}

impl UnknownNames {
    /// An empty report.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the unknown-name actor annotations of one annotated document.
    pub fn add(&mut self, doc: &AnnotatedDocument) {
        let text = &doc.document.text;
        let mut seen_here: BTreeSet<&str> = BTreeSet::new();
        for a in &doc.annotations {
            let Detail::Actor(detail) = &a.detail else {
                continue;
            };
            if detail.in_registry {
                continue;
            }
            let surface = a
                .span
                .and_then(|s| text.get(s.start..s.end))
                .unwrap_or(&a.label);
            let sentence = doc
                .sentences
                .iter()
                .find(|s| s.index == a.sentence)
                .and_then(|s| text.get(s.bytes.start..s.bytes.end))
                .unwrap_or("");
            let e = self.by_id.entry(a.label.clone()).or_insert_with(|| Entry {
                name: surface.to_string(),
                count: 0,
                documents: 0,
                example_doc: doc.document.doc_id.clone(),
                example: one_line(sentence),
            });
            e.count += 1;
            if seen_here.insert(a.label.as_str()) {
                e.documents += 1;
            }
        }
    }

    /// Adds a report gathered over later documents (a sharded build adds one per
    /// document, in doc_id order): the same result as adding those documents here.
    pub fn absorb(&mut self, later: UnknownNames) {
        for (id, entry) in later.by_id {
            match self.by_id.entry(id) {
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(entry);
                }
                std::collections::btree_map::Entry::Occupied(mut slot) => {
                    let known = slot.get_mut();
                    known.count += entry.count;
                    known.documents += entry.documents;
                }
            }
        }
    }

    /// The names, most frequent first (ties by id).
    pub fn rows(&self) -> Vec<UnknownName> {
        let mut rows: Vec<UnknownName> = self
            .by_id
            .iter()
            .map(|(id, e)| UnknownName {
                id: id.clone(),
                name: e.name.clone(),
                count: e.count,
                documents: e.documents,
                example_doc: e.example_doc.clone(),
                example: e.example.clone(),
            })
            .collect();
        rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.id.cmp(&b.id)));
        rows
    }

    /// A Markdown report: a heading, a one-line summary and a table with one row per name.
    pub fn render_markdown(&self) -> String {
        let rows = self.rows();
        let mentions: usize = rows.iter().map(|r| r.count).sum();
        let mut out = String::from("# Names the actor registry lacks\n\n");
        out.push_str(&format!(
            "{} names, {} mentions (actor annotations with `in_registry = false`).\n\n",
            rows.len(),
            mentions
        ));
        out.push_str("| id | name | mentions | documents | example (doc_id: sentence) |\n");
        out.push_str("|---|---|---:|---:|---|\n");
        for r in &rows {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} | {}: {} |\n",
                r.id,
                cell(&r.name),
                r.count,
                r.documents,
                cell(&r.example_doc),
                cell(&r.example)
            ));
        }
        out
    }
}

/// Collapses whitespace so a sentence fits on one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::actors::ActorMatcher;
    use crate::annotate::Annotator;
    use crate::model::{ByteSpan, PubDate, Sentence};
    use chrono::NaiveDate;

    fn annotated(doc_id: &str, text: &str) -> AnnotatedDocument {
        let document = crate::model::Document::from_text(
            doc_id,
            PubDate::day(NaiveDate::from_ymd_opt(2025, 3, 18).expect("date")),
            text.to_string(),
        );
        let sentences = vec![Sentence {
            index: 0,
            paragraph: 0,
            bytes: ByteSpan::new(0, text.len()),
        }];
        let mut annotations = Vec::new();
        ActorMatcher::new()
            .expect("registry")
            .annotate(&document, &sentences, &mut annotations);
        AnnotatedDocument {
            document,
            sentences,
            annotations,
            n_paragraphs: 1,
        }
    }

    #[test]
    fn unknown_names_are_counted_over_documents_and_known_ones_left_out() {
        let mut report = UnknownNames::new();
        let s = "Volgens hoogleraar Happymon Jacob | sprak Poetin met Jan van der Berg.";
        report.add(&annotated("a", s));
        report.add(&annotated("b", "Hoogleraar Happymon Jacob zweeg."));
        let rows = report.rows();
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        assert!(!ids.iter().any(|i| i.contains("putin")), "{ids:?}");
        let jacob = rows
            .iter()
            .find(|r| r.id == "happymon_jacob")
            .expect("{rows:?}");
        assert_eq!((jacob.count, jacob.documents), (2, 2));
        assert_eq!(jacob.example_doc, "a");
        assert_eq!(rows[0].id, "happymon_jacob");
        let md = report.render_markdown();
        assert!(
            md.contains("| `happymon_jacob` | Happymon Jacob | 2 | 2 |"),
            "{md}"
        );
        assert!(md.contains("hoogleraar Happymon Jacob \\| sprak"), "{md}");
    }

    #[test]
    fn absorbing_per_document_reports_equals_adding_the_documents() {
        let docs = [
            annotated(
                "a",
                "Volgens hoogleraar Happymon Jacob sprak Jan van der Berg.",
            ),
            annotated("b", "Hoogleraar Happymon Jacob zweeg tegen Piet Klaassen."),
        ];
        let mut added = UnknownNames::new();
        let mut absorbed = UnknownNames::new();
        for doc in &docs {
            added.add(doc);
            let mut one = UnknownNames::new();
            one.add(doc);
            absorbed.absorb(one);
        }
        assert!(!added.rows().is_empty());
        assert_eq!(added.rows(), absorbed.rows());
    }
}
