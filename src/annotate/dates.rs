//! Layer `date`: temporal expressions normalised to TIMEX3 (codebook section 2).

use super::{Annotator, LexiconFile};
use crate::model::{Annotation, Document, Layer, Sentence};

/// Lexicon files this annotator reads.
pub const LEXICON_FILES: &[LexiconFile] = &[];

/// Finds and normalises temporal expressions.
pub struct DateTagger {}

impl DateTagger {
    /// Builds the tagger.
    pub fn new() -> anyhow::Result<Self> {
        Ok(DateTagger {})
    }
}

impl Annotator for DateTagger {
    fn layer(&self) -> Layer {
        Layer::Date
    }

    fn annotate(&self, _document: &Document, _sentences: &[Sentence], _out: &mut Vec<Annotation>) {}
}
