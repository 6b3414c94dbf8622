//! Stages 1–4 for one document, or a chunk of documents: read, normalise, segment,
//! annotate.

use crate::annotate::Annotators;
use crate::ingest::{self, InputFile};
use crate::model::{AnnotatedDocument, Document, Reject, SourceFile};
use crate::normalise::normalise;
use crate::segment::segment;
use serde::Serialize;
use std::time::{Duration, Instant};

/// Time spent in each stage (summed over documents and threads, so CPU time), and the
/// input bytes it was spent on: for the end-of-run summary and `--stats`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct StageTimings {
    /// Bytes of article text read (bodies after the header).
    pub bytes: u64,
    /// Reading files and parsing headers.
    pub read: Duration,
    /// Normalisation.
    pub normalise: Duration,
    /// Segmentation.
    pub segment: Duration,
    /// Each annotation layer, in the order of [`crate::model::Layer::ALL`].
    pub annotate: [Duration; 3],
    /// Turning documents into rows and writing CSV and Parquet.
    pub write: Duration,
}

impl std::ops::AddAssign for StageTimings {
    fn add_assign(&mut self, other: Self) {
        self.bytes += other.bytes;
        self.read += other.read;
        self.normalise += other.normalise;
        self.segment += other.segment;
        for (mine, theirs) in self.annotate.iter_mut().zip(other.annotate) {
            *mine += theirs;
        }
        self.write += other.write;
    }
}

/// Reads one input file and runs it through every stage.
pub fn process(file: &InputFile, annotators: &Annotators) -> Result<AnnotatedDocument, Reject> {
    process_timed(file, annotators, &mut StageTimings::default())
}

/// [`process`], adding the time each stage took to `timings`.
pub fn process_timed(
    file: &InputFile,
    annotators: &Annotators,
    timings: &mut StageTimings,
) -> Result<AnnotatedDocument, Reject> {
    let source = read_timed(file, timings)?;
    Ok(annotate_source_timed(source, annotators, timings))
}

/// Reads a chunk of input files and runs them through every stage, annotating the
/// chunk one annotator at a time ([`Annotators::annotate_chunk_timed`]), which is
/// faster than [`process_timed`] file by file and gives the same documents, in the
/// order of `files`. Adds the time each stage took to `timings`.
pub fn process_chunk_timed(
    files: &[InputFile],
    annotators: &Annotators,
    timings: &mut StageTimings,
) -> Vec<Result<AnnotatedDocument, Reject>> {
    let mut outcomes: Vec<Result<AnnotatedDocument, Reject>> = files
        .iter()
        .map(|file| read_timed(file, timings).map(|source| prepare_timed(source, timings)))
        .collect();
    let mut documents: Vec<&mut AnnotatedDocument> = outcomes
        .iter_mut()
        .filter_map(|o| o.as_mut().ok())
        .collect();
    annotators.annotate_chunk_timed(&mut documents, &mut timings.annotate);
    outcomes
}

/// Stage 1 for one file, timed.
fn read_timed(file: &InputFile, timings: &mut StageTimings) -> Result<SourceFile, Reject> {
    let started = Instant::now();
    let source = ingest::read(file);
    timings.read += started.elapsed();
    let source = source?;
    timings.bytes += source.body.len() as u64;
    Ok(source)
}

/// Runs raw file bytes through every stage (what [`process`] does after reading).
pub fn process_bytes(
    source: &str,
    doc_id: &str,
    bytes: &[u8],
    annotators: &Annotators,
) -> Result<AnnotatedDocument, Reject> {
    let source = ingest::parse(source, doc_id, bytes)?;
    Ok(annotate_source(source, annotators))
}

/// Stages 2–4.
pub fn annotate_source(source: SourceFile, annotators: &Annotators) -> AnnotatedDocument {
    annotate_source_timed(source, annotators, &mut StageTimings::default())
}

/// [`annotate_source`], adding the time each stage took to `timings`.
pub fn annotate_source_timed(
    source: SourceFile,
    annotators: &Annotators,
    timings: &mut StageTimings,
) -> AnnotatedDocument {
    let mut document = [prepare_timed(source, timings)];
    annotators.annotate_chunk_timed(&mut document, &mut timings.annotate);
    let [document] = document;
    document
}

/// Stages 2–3: the document normalised and segmented, with no annotations yet.
fn prepare_timed(source: SourceFile, timings: &mut StageTimings) -> AnnotatedDocument {
    let started = Instant::now();
    let normalised = normalise(&source.body);
    let document = Document {
        doc_id: source.doc_id,
        source: source.source,
        source_sha256: source.sha256,
        published: source.published,
        text: normalised.text,
        stats: normalised.stats,
        repair: source.repair,
    };
    let normalised_at = Instant::now();
    timings.normalise += normalised_at - started;
    let segmented = segment(&document.text);
    timings.segment += normalised_at.elapsed();
    AnnotatedDocument {
        document,
        sentences: segmented.sentences,
        annotations: Vec::new(),
        n_paragraphs: segmented.n_paragraphs,
    }
}
