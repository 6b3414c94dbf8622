//! The segmenter measured against external and hand-coded references:
//!
//! 1. `../shared/peer-suites/segmentation/nl-golden.json`: Dutch cases from the test
//!    suites of ucto, pySBD, Pragmatic Segmenter, sentencex and yasbd. A case passes on
//!    an exact list match after collapsing whitespace runs and stripping. Every case that
//!    fails must be listed, with the codebook convention that differs, in
//!    `tests/segmentation_failures.md`, and no passing case may be listed there.
//! 2. `../shared/gold/seeds.jsonl`: the gold sentences of the seed articles, scored as
//!    boundary precision/recall/F1 over the non-whitespace character stream.
//!
//! Both skip with a notice when `../shared` is absent.

use kroniek::normalise::normalise;
use kroniek::segment::segment;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Cases of the peer suite that must pass (the level reached; raise it, never lower it).
const PEER_SUITE_FLOOR: usize = 80;
/// Boundary F1 on the seed gold that must be reached.
const SEED_BOUNDARY_F1_FLOOR: f64 = 1.0;

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: {} is absent", dir.display());
        None
    }
}

/// Whitespace runs collapsed to one space, stripped.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sentences of `body` after normalisation, whitespace collapsed.
fn sentences(body: &str) -> Vec<String> {
    let text = normalise(body).text;
    segment(&text)
        .sentences
        .iter()
        .map(|s| collapse(s.text(&text)))
        .filter(|s| !s.is_empty())
        .collect()
}

/// Runs the peer suite with kroniek's segmenter; returns the sources of the passing and
/// failing cases.
fn run_peer_suite(dir: &Path) -> (Vec<String>, Vec<String>) {
    score_suite(dir, sentences, true)
}

/// Runs the peer suite with `split`, printing each failure when `verbose`.
fn score_suite(
    dir: &Path,
    split: impl Fn(&str) -> Vec<String>,
    verbose: bool,
) -> (Vec<String>, Vec<String>) {
    let path = dir.join("peer-suites/segmentation/nl-golden.json");
    let raw = std::fs::read_to_string(&path).expect("peer suite readable");
    let suite: Value = serde_json::from_str(&raw).expect("peer suite is JSON");
    let (mut passed, mut failed) = (Vec::new(), Vec::new());
    for case in suite["cases"].as_array().expect("cases") {
        let source = case["source"].as_str().expect("source").to_string();
        let text = case["text"].as_str().expect("text");
        let expected: Vec<String> = case["sentences"]
            .as_array()
            .expect("sentences")
            .iter()
            .map(|s| collapse(s.as_str().expect("sentence")))
            .filter(|s| !s.is_empty())
            .collect();
        let got = split(text);
        if got == expected {
            passed.push(source);
        } else {
            if verbose {
                eprintln!("FAIL {source}\n  expected: {expected:#?}\n  got: {got:#?}");
            }
            failed.push(source);
        }
    }
    (passed, failed)
}

/// Case sources named in backticks in the failure list.
fn listed_failures() -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/segmentation_failures.md");
    let list = std::fs::read_to_string(path).expect("tests/segmentation_failures.md");
    list.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn peer_suite_pass_count_and_failure_list() {
    let Some(dir) = shared() else { return };
    let (passed, failed) = run_peer_suite(&dir);
    let total = passed.len() + failed.len();
    println!(
        "peer segmentation suite: {} of {total} cases pass",
        passed.len()
    );
    let listed = listed_failures();
    let unlisted: Vec<&String> = failed.iter().filter(|f| !listed.contains(*f)).collect();
    assert!(
        unlisted.is_empty(),
        "failing cases missing from segmentation_failures.md: {unlisted:?}"
    );
    let stale: Vec<&String> = passed.iter().filter(|p| listed.contains(*p)).collect();
    assert!(
        stale.is_empty(),
        "passing cases still listed in segmentation_failures.md: {stale:?}"
    );
    assert!(
        passed.len() >= PEER_SUITE_FLOOR,
        "{} of {total} pass, floor is {PEER_SUITE_FLOOR}",
        passed.len()
    );
}

/// The peer that runs in-process, the `sentencex` crate, on the same cases and with the same
/// comparison: kroniek must pass more of them.
#[test]
fn kroniek_passes_more_cases_than_the_sentencex_crate() {
    let Some(dir) = shared() else { return };
    let peer = |text: &str| -> Vec<String> {
        sentencex::segment("nl", text)
            .iter()
            .map(|s| collapse(s))
            .filter(|s| !s.is_empty())
            .collect()
    };
    let (theirs, _) = score_suite(&dir, peer, false);
    let (ours, failed) = run_peer_suite(&dir);
    let total = ours.len() + failed.len();
    println!(
        "peer segmentation suite: kroniek {} of {total}, sentencex crate {} of {total}",
        ours.len(),
        theirs.len()
    );
    assert!(ours.len() > theirs.len());
}

/// Sentence ends, counted in non-whitespace characters from the start of the document,
/// except the last.
fn boundaries<'a>(sentences: impl Iterator<Item = &'a str>) -> (BTreeSet<usize>, String) {
    let mut set = BTreeSet::new();
    let mut stream = String::new();
    for s in sentences {
        stream.extend(s.chars().filter(|c| !c.is_whitespace()));
        set.insert(stream.chars().count());
    }
    let total = stream.chars().count();
    set.remove(&total);
    (set, stream)
}

#[test]
fn seed_gold_boundary_f1() {
    let Some(dir) = shared() else { return };
    let gold = std::fs::read_to_string(dir.join("gold/seeds.jsonl")).expect("gold readable");
    let (mut tp, mut n_gold, mut n_pred, mut exact, mut n_sentences) = (0, 0, 0, 0, 0);
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let record: Value = serde_json::from_str(line).expect("gold line is JSON");
        let doc = record["doc"].as_str().expect("doc");
        let gold_texts: Vec<String> = record["sentences"]
            .as_array()
            .expect("sentences")
            .iter()
            .map(|s| collapse(s["text"].as_str().expect("text")))
            .collect();
        let source = format!("{doc}.txt");
        let bytes = std::fs::read(dir.join("seeds").join(&source)).expect("seed readable");
        let parsed = kroniek::ingest::parse(&source, doc, &bytes).expect("seed parses");
        let ours = sentences(&parsed.body);

        let (gold_set, gold_stream) = boundaries(gold_texts.iter().map(String::as_str));
        let (our_set, our_stream) = boundaries(ours.iter().map(String::as_str));
        assert_eq!(gold_stream, our_stream, "{doc}: gold and text differ");
        tp += gold_set.intersection(&our_set).count();
        n_gold += gold_set.len();
        n_pred += our_set.len();
        let ours_set: BTreeSet<&String> = ours.iter().collect();
        exact += gold_texts.iter().filter(|g| ours_set.contains(g)).count();
        n_sentences += gold_texts.len();
        for g in gold_texts.iter().filter(|g| !ours_set.contains(g)) {
            eprintln!("{doc}: gold sentence not found: {g}");
        }
    }
    let precision = tp as f64 / n_pred.max(1) as f64;
    let recall = tp as f64 / n_gold.max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::EPSILON);
    println!(
        "seed gold: {exact} of {n_sentences} sentences exact; boundaries P {precision:.4} R {recall:.4} F1 {f1:.4}"
    );
    assert!(
        f1 >= SEED_BOUNDARY_F1_FLOOR,
        "boundary F1 {f1:.4} < {SEED_BOUNDARY_F1_FLOOR}"
    );
}
