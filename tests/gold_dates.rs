//! Measures the date tagger against the hand-coded seeds (`../shared/gold/seeds.jsonl`):
//! every gold sentence becomes a one-sentence document with the seed's publication date,
//! predictions are matched to gold expressions by overlapping span, and recall, precision
//! and the exact-value accuracy of matched expressions are printed and held to floors.
//! Skips when `../shared` is absent.

use std::path::Path;

use kroniek::annotate::dates::DateTagger;
use kroniek::annotate::Annotator;
use kroniek::model::{Annotation, ByteSpan, Document, NormaliseStats, Sentence};
use serde::Deserialize;

/// Floors: the seeds score 1.000 on all three (53 expressions); the floors leave room for one miss.
const MIN_RECALL: f64 = 0.98;
const MIN_PRECISION: f64 = 0.98;
const MIN_VALUE_ACCURACY: f64 = 0.98;

#[derive(Deserialize)]
struct GoldDoc {
    doc: String,
    published: String,
    sentences: Vec<GoldSentence>,
}

#[derive(Deserialize)]
struct GoldSentence {
    text: String,
    dates: Vec<GoldDate>,
}

#[derive(Deserialize)]
struct GoldDate {
    text: String,
    value: String,
}

#[derive(Default)]
struct Counts {
    gold: usize,
    predicted: usize,
    matched_gold: usize,
    matched_predicted: usize,
    exact: usize,
}

fn document(doc: &GoldDoc, text: &str) -> Document {
    let header = format!(" date {} x", doc.published);
    let source =
        kroniek::ingest::parse("gold", &doc.doc, header.as_bytes()).expect("gold date parses");
    Document {
        doc_id: doc.doc.clone(),
        source: "gold".into(),
        source_sha256: String::new(),
        published: source.published,
        text: text.into(),
        stats: NormaliseStats::default(),
    }
}

/// Byte spans of the gold expressions, found in order in the sentence.
fn gold_spans(text: &str, dates: &[GoldDate]) -> Vec<Option<ByteSpan>> {
    let mut cursor = 0;
    dates
        .iter()
        .map(|d| {
            let at = text[cursor..]
                .find(&d.text)
                .map(|i| i + cursor)
                .or_else(|| text.find(&d.text))?;
            cursor = at + d.text.len();
            Some(ByteSpan::new(at, at + d.text.len()))
        })
        .collect()
}

fn overlaps(a: ByteSpan, b: ByteSpan) -> bool {
    a.start < b.end && b.start < a.end
}

fn score_sentence(counts: &mut Counts, text: &str, gold: &[GoldDate], predicted: &[Annotation]) {
    let spans = gold_spans(text, gold);
    let mut used = vec![false; predicted.len()];
    counts.gold += gold.len();
    counts.predicted += predicted.len();
    for (g, span) in gold.iter().zip(spans) {
        let Some(span) = span else {
            eprintln!("  gold text not found: {:?} in {text:?}", g.text);
            continue;
        };
        let hit = predicted
            .iter()
            .enumerate()
            .find(|(i, p)| !used[*i] && p.span.is_some_and(|s| overlaps(s, span)));
        match hit {
            Some((i, p)) => {
                used[i] = true;
                counts.matched_gold += 1;
                counts.matched_predicted += 1;
                if p.label == g.value {
                    counts.exact += 1;
                } else {
                    eprintln!(
                        "  WRONG {:?}: {} (gold {}) in {text:?}",
                        g.text, p.label, g.value
                    );
                }
            }
            None => eprintln!("  MISSED {:?} = {} in {text:?}", g.text, g.value),
        }
    }
    for (p, _) in predicted.iter().zip(&used).filter(|(_, u)| !**u) {
        let s = p.span.expect("date spans");
        eprintln!(
            "  EXTRA {:?} = {} ({}) in {text:?}",
            &text[s.start..s.end],
            p.label,
            p.rule
        );
    }
}

#[test]
fn dates_against_seed_gold() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let path = shared.join("gold/seeds.jsonl");
    let Ok(gold) = std::fs::read_to_string(&path) else {
        eprintln!("SKIP: {} is absent", path.display());
        return;
    };
    let tagger = DateTagger::new().expect("tagger builds");
    let mut counts = Counts::default();
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let doc: GoldDoc = serde_json::from_str(line).expect("gold line parses");
        for s in &doc.sentences {
            let document = document(&doc, &s.text);
            let sentence = Sentence {
                index: 0,
                paragraph: 0,
                bytes: ByteSpan::new(0, s.text.len()),
            };
            let mut predicted = Vec::new();
            tagger.annotate(&document, &[sentence], &mut predicted);
            score_sentence(&mut counts, &s.text, &s.dates, &predicted);
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let recall = ratio(counts.matched_gold, counts.gold);
    let precision = ratio(counts.matched_predicted, counts.predicted);
    let accuracy = ratio(counts.exact, counts.matched_gold);
    println!(
        "dates on seeds: gold {} predicted {} | recall {recall:.3} precision {precision:.3} value accuracy {accuracy:.3}",
        counts.gold, counts.predicted
    );
    eprintln!(
        "dates on seeds: recall {recall:.3} precision {precision:.3} value accuracy {accuracy:.3}"
    );
    assert!(recall >= MIN_RECALL, "recall {recall:.3} < {MIN_RECALL}");
    assert!(
        precision >= MIN_PRECISION,
        "precision {precision:.3} < {MIN_PRECISION}"
    );
    assert!(
        accuracy >= MIN_VALUE_ACCURACY,
        "accuracy {accuracy:.3} < {MIN_VALUE_ACCURACY}"
    );
}
