//! Stage 4: the three annotators behind one small interface.
//!
//! Every annotator reads the normalised [`Document`] and its [`Sentence`]s and appends
//! [`Annotation`]s whose spans are byte ranges into the document text. The pipeline turns
//! those into code-point offsets when it writes them, in one place.
//!
//! Lexicons and vocabularies are data files under `schema/`; they are compiled into the
//! binary so that a build is fully described by its code and its `schema/` folder, and
//! their sha256 sums go into every release's manifest.

pub mod actors;
mod classes;
pub mod dates;
mod fold;
pub mod topics;
mod trie;

use crate::model::{AnnotatedDocument, Annotation, Document, Layer, Sentence};
use std::borrow::BorrowMut;
use std::time::{Duration, Instant};

/// A lexicon or vocabulary file that an annotator reads.
#[derive(Debug, Clone, Copy)]
pub struct LexiconFile {
    /// Path relative to the repository root (`schema/actors.csv`).
    pub path: &'static str,
    /// The file's contents.
    pub contents: &'static str,
}

/// One annotation layer.
pub trait Annotator: Send + Sync {
    /// The layer this annotator writes.
    fn layer(&self) -> Layer;

    /// Annotates the sentences of `document`, appending to `out`.
    ///
    /// `sentences` are in document order and cover the whole text; spans in the
    /// annotations are byte ranges into `document.text` that lie inside their sentence.
    fn annotate(&self, document: &Document, sentences: &[Sentence], out: &mut Vec<Annotation>);
}

/// The full set of annotators, built once from the lexicons.
pub struct Annotators {
    layers: Vec<Box<dyn Annotator>>,
}

impl Annotators {
    /// Builds every annotator from its lexicon files under `schema/`, with dates resolved
    /// in news mode.
    pub fn new() -> anyhow::Result<Self> {
        Self::with_temporal_mode(dates::TemporalMode::News)
    }

    /// Builds every annotator, resolving dates in `mode`.
    pub fn with_temporal_mode(mode: dates::TemporalMode) -> anyhow::Result<Self> {
        Ok(Annotators {
            layers: vec![
                Box::new(dates::DateTagger::new()?.with_mode(mode)),
                Box::new(actors::ActorMatcher::new()?),
                Box::new(topics::TopicCoder::new()?),
            ],
        })
    }

    /// Every lexicon file the annotators read, for the release manifest.
    pub fn lexicon_files() -> Vec<LexiconFile> {
        let mut files = Vec::new();
        files.extend_from_slice(dates::LEXICON_FILES);
        files.extend_from_slice(actors::LEXICON_FILES);
        files.extend_from_slice(topics::LEXICON_FILES);
        files
    }

    /// Runs every layer over a document. The result is ordered by sentence, then layer,
    /// then span start, span end and label, so that output never depends on the order in
    /// which an annotator happened to find things.
    pub fn annotate(&self, document: &Document, sentences: &[Sentence]) -> Vec<Annotation> {
        self.annotate_timed(document, sentences, &mut [Duration::ZERO; 3])
    }

    /// [`Annotators::annotate`], adding each layer's time to `timings` (in the order of
    /// [`Layer::ALL`]).
    pub fn annotate_timed(
        &self,
        document: &Document,
        sentences: &[Sentence],
        timings: &mut [Duration; 3],
    ) -> Vec<Annotation> {
        let mut out = Vec::new();
        for layer in &self.layers {
            let started = Instant::now();
            layer.annotate(document, sentences, &mut out);
            timings[slot(layer.layer())] += started.elapsed();
        }
        canonical_order(&mut out);
        out
    }

    /// Annotates a chunk of documents one layer at a time: every document with the
    /// first layer, then every document with the next. Each document gets exactly what
    /// [`Annotators::annotate`] gives it (appended to its `annotations`, which should
    /// start empty), but a layer's automata and maps stay in the CPU caches while it
    /// works through the chunk, instead of being evicted by the other layers after each
    /// document. Adds each layer's time to `timings` (in the order of [`Layer::ALL`]).
    pub fn annotate_chunk_timed<D: BorrowMut<AnnotatedDocument>>(
        &self,
        docs: &mut [D],
        timings: &mut [Duration; 3],
    ) {
        for layer in &self.layers {
            let started = Instant::now();
            for doc in docs.iter_mut() {
                let doc = doc.borrow_mut();
                layer.annotate(&doc.document, &doc.sentences, &mut doc.annotations);
            }
            timings[slot(layer.layer())] += started.elapsed();
        }
        for doc in docs.iter_mut() {
            canonical_order(&mut doc.borrow_mut().annotations);
        }
    }
}

/// Where `layer`'s time goes in a timings array ordered as [`Layer::ALL`].
fn slot(layer: Layer) -> usize {
    Layer::ALL.iter().position(|l| *l == layer).unwrap_or(0)
}

/// Orders annotations by sentence, then layer, then span start, span end and label, and
/// drops duplicates, so that output never depends on the order in which an annotator
/// happened to find things.
fn canonical_order(out: &mut Vec<Annotation>) {
    out.sort_by(|a, b| {
        let key = |x: &Annotation| {
            (
                x.sentence,
                x.layer(),
                x.span.map_or(usize::MAX, |s| s.start),
                x.span.map_or(usize::MAX, |s| s.end),
            )
        };
        key(a).cmp(&key(b)).then_with(|| a.label.cmp(&b.label))
    });
    out.dedup_by(|a, b| {
        a.sentence == b.sentence && a.layer() == b.layer() && a.span == b.span && a.label == b.label
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PubDate;
    use crate::segment::segment;

    #[test]
    fn a_chunk_gets_what_each_document_gets_alone() {
        let annotators = Annotators::new().expect("annotators");
        let texts = [
            "Poetin belde op 18 maart met Trump over een staakt-het-vuren.",
            "",
            "De NAVO vergaderde gisteren in Brussel.\n\nZelensky was er vorige week niet. Hij bluft niet, zei de Russische president.",
            "Geen nieuws vandaag.",
        ];
        let published = PubDate::month(2025, 3).expect("valid month");
        let docs: Vec<AnnotatedDocument> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let document = Document::from_text(&format!("d{i}"), published.clone(), *text);
                let segmented = segment(&document.text);
                AnnotatedDocument {
                    document,
                    sentences: segmented.sentences,
                    annotations: Vec::new(),
                    n_paragraphs: segmented.n_paragraphs,
                }
            })
            .collect();
        let alone: Vec<Vec<Annotation>> = docs
            .iter()
            .map(|d| annotators.annotate(&d.document, &d.sentences))
            .collect();
        assert!(alone.iter().map(Vec::len).sum::<usize>() > 5, "{alone:?}");
        let mut chunk = docs;
        let mut timings = [Duration::ZERO; 3];
        annotators.annotate_chunk_timed(&mut chunk, &mut timings);
        for (doc, expected) in chunk.iter().zip(&alone) {
            assert_eq!(&doc.annotations, expected, "{}", doc.document.doc_id);
        }
        assert!(timings.iter().all(|t| *t > Duration::ZERO), "{timings:?}");
    }
}
