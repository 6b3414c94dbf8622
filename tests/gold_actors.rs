//! Scores the actor layer against the seeds' gold (codebook section 5): every gold
//! sentence becomes a one-sentence document with its document's publication date, and the
//! set of predicted actor ids (without type `media`) is compared with the gold set.
//! Prints precision, recall and F1 with every miss, and asserts the floor reached so far.
//! Skips when `../shared` is absent.

use kroniek::annotate::actors::ActorMatcher;
use kroniek::annotate::Annotator;
use kroniek::model::{ByteSpan, Detail, Document, PubDate, Sentence};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::Path;

/// F1 the matcher must keep reaching on the seeds.
const F1_FLOOR: f64 = 0.97;

#[derive(Deserialize)]
struct GoldDoc {
    doc: String,
    published: String,
    sentences: Vec<GoldSentence>,
}

#[derive(Deserialize)]
struct GoldSentence {
    text: String,
    actors: Vec<String>,
}

fn pub_date(raw: &str) -> PubDate {
    if let Ok(d) = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        return PubDate::day(d);
    }
    let (y, m) = raw.split_once('-').expect("YYYY-MM");
    PubDate::month(y.parse().unwrap(), m.parse().unwrap()).expect("valid month")
}

fn predict(
    matcher: &ActorMatcher,
    doc_id: &str,
    published: &PubDate,
    text: &str,
) -> BTreeSet<String> {
    let document = Document {
        doc_id: doc_id.to_string(),
        source: format!("{doc_id}.txt"),
        source_sha256: String::new(),
        published: published.clone(),
        text: text.to_string(),
        stats: Default::default(),
    };
    let sentence = Sentence {
        index: 0,
        paragraph: 0,
        bytes: ByteSpan::new(0, text.len()),
    };
    let mut out = Vec::new();
    matcher.annotate(&document, &[sentence], &mut out);
    out.into_iter()
        .filter(|a| matches!(&a.detail, Detail::Actor(d) if d.actor_type != "media"))
        .map(|a| a.label)
        .collect()
}

#[test]
fn actors_against_the_seed_gold() {
    let gold = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/gold/seeds.jsonl");
    let Ok(contents) = std::fs::read_to_string(&gold) else {
        eprintln!("skipping: {} is absent", gold.display());
        return;
    };
    let matcher = ActorMatcher::new().expect("registry loads");
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for line in contents.lines().filter(|l| !l.trim().is_empty()) {
        let doc: GoldDoc = serde_json::from_str(line).expect("gold line parses");
        let published = pub_date(&doc.published);
        for s in &doc.sentences {
            let want: BTreeSet<String> = s.actors.iter().cloned().collect();
            let got = predict(&matcher, &doc.doc, &published, &s.text);
            tp += want.intersection(&got).count();
            let extra: Vec<_> = got.difference(&want).collect();
            let missed: Vec<_> = want.difference(&got).collect();
            fp += extra.len();
            fn_ += missed.len();
            if !extra.is_empty() || !missed.is_empty() {
                println!("{}: +{extra:?} -{missed:?} | {}", doc.doc, s.text);
            }
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::EPSILON);
    println!(
        "actors: tp {tp} fp {fp} fn {fn_} precision {precision:.3} recall {recall:.3} F1 {f1:.3}"
    );
    assert!(f1 >= F1_FLOOR, "F1 {f1:.3} fell below the floor {F1_FLOOR}");
}
