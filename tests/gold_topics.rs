//! Topic coder against the seeds' gold (`../shared/gold/seeds.jsonl`).
//!
//! Each gold sentence is coded on its own (a one-sentence document), and the predicted topic
//! set is compared with the gold set: per-topic precision, recall and F1, and their micro and
//! macro averages. Prints the table (`cargo test --test gold_topics -- --nocapture`) and
//! asserts the floors reached so far. Skips when `../shared` is absent.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use kroniek::annotate::topics::TopicCoder;
use kroniek::annotate::Annotator;
use kroniek::model::{ByteSpan, Document, PubDate, Sentence};

/// Micro F1 the coder must keep on the seeds.
const MICRO_F1_FLOOR: f64 = 0.85;
/// F1 every topic with at least [`MIN_SUPPORT`] gold sentences must keep.
const TOPIC_F1_FLOOR: f64 = 0.80;
const MIN_SUPPORT: usize = 5;

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn precision(self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    fn f1(self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The gold sentences: (text, topic set).
fn gold_sentences(path: &Path) -> Vec<(String, BTreeSet<String>)> {
    let text = std::fs::read_to_string(path).expect("gold file reads");
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let doc: serde_json::Value = serde_json::from_str(line).expect("gold line is JSON");
        for s in doc["sentences"].as_array().expect("sentences") {
            let topics = s["topics"]
                .as_array()
                .expect("topics")
                .iter()
                .map(|t| t.as_str().expect("topic code").to_string())
                .collect();
            out.push((s["text"].as_str().expect("text").to_string(), topics));
        }
    }
    out
}

fn predict(coder: &TopicCoder, text: &str) -> BTreeSet<String> {
    let doc = Document {
        doc_id: "gold".into(),
        source: "gold.txt".into(),
        source_sha256: String::new(),
        published: PubDate::month(2025, 1).expect("valid month"),
        text: text.to_string(),
        stats: Default::default(),
    };
    let sentence = Sentence {
        index: 0,
        paragraph: 0,
        bytes: ByteSpan::new(0, text.len()),
    };
    let mut out = Vec::new();
    coder.annotate(&doc, &[sentence], &mut out);
    out.into_iter().map(|a| a.label).collect()
}

#[test]
fn topics_against_seed_gold() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let gold_path = shared.join("gold/seeds.jsonl");
    if !gold_path.exists() {
        eprintln!("skipping: {} is absent", gold_path.display());
        return;
    }
    let coder = TopicCoder::new().expect("lexicon loads");
    let mut counts: BTreeMap<String, Counts> = coder
        .topics()
        .iter()
        .map(|t| (t.code.clone(), Counts::default()))
        .collect();
    let verbose = std::env::var_os("TOPICS_VERBOSE").is_some();
    for (text, gold) in gold_sentences(&gold_path) {
        let predicted = predict(&coder, &text);
        for code in gold.union(&predicted) {
            let c = counts.entry(code.clone()).or_default();
            match (gold.contains(code), predicted.contains(code)) {
                (true, true) => c.tp += 1,
                (false, true) => c.fp += 1,
                (true, false) => c.fn_ += 1,
                (false, false) => {}
            }
        }
        if verbose && gold != predicted {
            eprintln!("gold {gold:?} pred {predicted:?} | {text}");
        }
    }

    let mut total = Counts::default();
    let mut f1s = Vec::new();
    println!(
        "{:<20} {:>4} {:>4} {:>4} {:>6} {:>6} {:>6}",
        "topic", "tp", "fp", "fn", "P", "R", "F1"
    );
    for (code, c) in &counts {
        println!(
            "{code:<20} {:>4} {:>4} {:>4} {:>6.3} {:>6.3} {:>6.3}",
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall(),
            c.f1()
        );
        total.tp += c.tp;
        total.fp += c.fp;
        total.fn_ += c.fn_;
        f1s.push(c.f1());
    }
    let macro_f1 = f1s.iter().sum::<f64>() / f1s.len() as f64;
    println!(
        "{:<20} {:>4} {:>4} {:>4} {:>6.3} {:>6.3} {:>6.3}   macro F1 {macro_f1:.3}",
        "micro",
        total.tp,
        total.fp,
        total.fn_,
        total.precision(),
        total.recall(),
        total.f1()
    );

    assert!(
        total.f1() >= MICRO_F1_FLOOR,
        "micro F1 {:.3} < {MICRO_F1_FLOOR}",
        total.f1()
    );
    for (code, c) in &counts {
        if c.tp + c.fn_ >= MIN_SUPPORT {
            assert!(
                c.f1() >= TOPIC_F1_FLOOR,
                "{code} F1 {:.3} < {TOPIC_F1_FLOOR}",
                c.f1()
            );
        }
    }
}
