//! Stage 3: paragraphs and sentences (codebook section 1).

use crate::model::{ByteSpan, Sentence};

/// The sentences of one normalised text and its paragraph count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segmented {
    /// Sentences in text order; every paragraph break is a sentence break.
    pub sentences: Vec<Sentence>,
    /// Number of paragraphs.
    pub n_paragraphs: u32,
}

/// Splits normalised text (paragraphs separated by blank lines) into sentences.
pub fn segment(text: &str) -> Segmented {
    let mut sentences = Vec::new();
    let mut n_paragraphs = 0;
    let mut offset = 0;
    for block in text.split("\n\n") {
        let start = offset;
        offset += block.len() + 2;
        if block.trim().is_empty() {
            continue;
        }
        sentences.push(Sentence {
            index: sentences.len() as u32,
            paragraph: n_paragraphs,
            bytes: ByteSpan::new(start, start + block.len()),
        });
        n_paragraphs += 1;
    }
    Segmented {
        sentences,
        n_paragraphs,
    }
}

/// Data files the segmenter reads (listed in every release manifest).
pub const LEXICON_FILES: &[crate::annotate::LexiconFile] = &[];
