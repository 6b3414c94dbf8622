//! Layer `topic`: sentence topics from a cue lexicon (codebook section 4).

use super::{Annotator, LexiconFile};
use crate::model::{Annotation, Document, Layer, Sentence};

/// Lexicon files this annotator reads.
pub const LEXICON_FILES: &[LexiconFile] = &[];

/// Codes sentence topics.
pub struct TopicCoder {}

impl TopicCoder {
    /// Builds the coder.
    pub fn new() -> anyhow::Result<Self> {
        Ok(TopicCoder {})
    }
}

impl Annotator for TopicCoder {
    fn layer(&self) -> Layer {
        Layer::Topic
    }

    fn annotate(&self, _document: &Document, _sentences: &[Sentence], _out: &mut Vec<Annotation>) {}
}
