//! Layer `actor`: actor mentions linked to the registry (codebook section 3).

use super::{Annotator, LexiconFile};
use crate::model::{Annotation, Document, Layer, Sentence};

/// Lexicon files this annotator reads.
pub const LEXICON_FILES: &[LexiconFile] = &[];

/// Finds actor mentions.
pub struct ActorMatcher {}

impl ActorMatcher {
    /// Builds the matcher.
    pub fn new() -> anyhow::Result<Self> {
        Ok(ActorMatcher {})
    }
}

impl Annotator for ActorMatcher {
    fn layer(&self) -> Layer {
        Layer::Actor
    }

    fn annotate(&self, _document: &Document, _sentences: &[Sentence], _out: &mut Vec<Annotation>) {}
}
