//! Stages 1–4 for one document: read, normalise, segment, annotate.

use crate::annotate::Annotators;
use crate::ingest::{self, InputFile};
use crate::model::{AnnotatedDocument, Document, Reject, SourceFile};
use crate::normalise::normalise;
use crate::segment::segment;

/// Reads one input file and runs it through every stage.
pub fn process(file: &InputFile, annotators: &Annotators) -> Result<AnnotatedDocument, Reject> {
    let source = ingest::read(file)?;
    Ok(annotate_source(source, annotators))
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
    let segmented = segment(&document.text);
    let annotations = annotators.annotate(&document, &segmented.sentences);
    AnnotatedDocument {
        document,
        sentences: segmented.sentences,
        annotations,
        n_paragraphs: segmented.n_paragraphs,
    }
}
