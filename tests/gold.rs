//! The seeds' gold (../shared/gold/seeds.jsonl, codebook section 5), scored with
//! `kroniek eval` on a fresh build of the seeds: floors at the level reached, so a
//! regression in any layer fails the build. Skips with a notice when ../shared is absent.

use kroniek::eval::{evaluate, Scores};
use kroniek::release::{self, ReleaseOptions};
use std::path::PathBuf;

fn scores() -> Option<Scores> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let gold = root.join("../shared/gold/seeds.jsonl");
    if !gold.exists() {
        eprintln!("skipped: {} is absent", gold.display());
        return None;
    }
    let out = tempfile::tempdir().unwrap();
    let options = ReleaseOptions::new(root.join("seeds"), out.path(), "0.0.0");
    let summary = release::build(&options).unwrap();
    let scores = evaluate(&summary.dir, &gold).unwrap();
    eprintln!("{}", scores.table());
    Some(scores)
}

#[test]
fn seeds_gold_floors() {
    let Some(s) = scores() else { return };
    assert!(s.missing_documents.is_empty());
    assert!(
        s.sentences.boundaries.f1 >= 1.0,
        "sentence boundary F1 {}",
        s.sentences.boundaries.f1
    );
    assert!(
        s.date.spans.recall >= 0.98,
        "date recall {}",
        s.date.spans.recall
    );
    assert!(
        s.date.spans.precision >= 0.98,
        "date precision {}",
        s.date.spans.precision
    );
    assert!(
        s.date.value_accuracy >= 0.98,
        "date value accuracy {}",
        s.date.value_accuracy
    );
    assert!(s.actor.micro.f1 >= 0.975, "actor F1 {}", s.actor.micro.f1);
    assert!(
        s.actor.micro.precision >= 0.99,
        "actor precision {}",
        s.actor.micro.precision
    );
    assert!(
        s.topic.micro.f1 >= 0.91,
        "topic micro F1 {}",
        s.topic.micro.f1
    );
    assert!(
        s.topic.micro.precision >= 0.95,
        "topic precision {}",
        s.topic.micro.precision
    );
    assert!(
        s.topic.micro.recall >= 0.87,
        "topic recall {}",
        s.topic.micro.recall
    );
    for (topic, c) in &s.topic.labels {
        if c.tp + c.fn_ >= 5 {
            assert!(c.f1 >= 0.85, "topic {topic}: F1 {}", c.f1);
        }
    }
}
