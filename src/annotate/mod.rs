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
pub mod dates;
mod fold;
pub mod topics;

use crate::model::{Annotation, Document, Layer, Sentence};
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
            let slot = Layer::ALL
                .iter()
                .position(|l| *l == layer.layer())
                .unwrap_or(0);
            timings[slot] += started.elapsed();
        }
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
            a.sentence == b.sentence
                && a.layer() == b.layer()
                && a.span == b.span
                && a.label == b.label
        });
        out
    }
}
