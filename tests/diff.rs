//! Tests of `kroniek diff`: crafted in-memory pairs for each kind of change, and
//! end-to-end runs on releases built from two input folders.

use kroniek::diff::{self, Ann, Binary, Doc, ReleaseData, Sent};
use kroniek::release::{self, ReleaseOptions};
use std::path::Path;
use std::process::Command;

/// A document whose sentences are the given texts joined by one space.
fn doc(id: &str, sentences: &[&str], anns: &[(usize, &str, &str, i64, i64, &str)]) -> Doc {
    let mut sents = Vec::new();
    let mut pos = 0i64;
    for (i, text) in sentences.iter().enumerate() {
        let len = text.chars().count() as i64;
        sents.push(Sent {
            sentence_id: format!("{id}:{i:04}"),
            char_start: pos,
            char_end: pos + len,
            text: text.to_string(),
            ..Sent::default()
        });
        pos += len + 1;
    }
    let mut annotations = Vec::new();
    for &(s, layer, label, start, end, rule) in anns {
        let text: String = sents[s]
            .text
            .chars()
            .skip(start as usize)
            .take((end - start) as usize)
            .collect();
        match layer {
            "topic" => sents[s].topics.insert(label.to_string()),
            "actor" => sents[s].actors.insert(label.to_string()),
            _ => false,
        };
        annotations.push(Ann {
            sentence_id: sents[s].sentence_id.clone(),
            layer: layer.into(),
            label: label.into(),
            char_start: Some(sents[s].char_start + start),
            char_end: Some(sents[s].char_start + end),
            text,
            rule: rule.into(),
        });
    }
    Doc {
        doc_id: id.into(),
        text: sentences.join(" "),
        sentences: sents,
        annotations,
    }
}

fn data(docs: Vec<Doc>) -> ReleaseData {
    ReleaseData { docs }
}

const S1: &str = "Poetin belde met Trump.";
const S2: &str = "Het gas werd duur.";

fn base() -> Doc {
    doc(
        "a",
        &[S1, S2],
        &[
            (0, "actor", "putin", 0, 6, "alias:actors.csv#1@aa"),
            (0, "actor", "trump", 17, 22, "alias:actors.csv#2@bb"),
            (
                1,
                "topic",
                "energy",
                4,
                7,
                "cue:topic_cues.csv#energy_01@cc",
            ),
        ],
    )
}

fn kinds(d: &diff::Diff) -> Vec<(String, String)> {
    d.changes
        .iter()
        .map(|c| (c.layer.clone(), c.kind.clone()))
        .collect()
}

#[test]
fn a_release_against_itself_is_the_same() {
    let r = data(vec![base(), doc("b", &[S2], &[])]);
    let d = diff::compare(&r, &r);
    assert!(d.is_same());
    assert!(d.changes.is_empty());
    assert_eq!(d.agreement["actor"].f1(), 1.0);
    assert_eq!(d.labels["actor:putin"], (1, 1));
}

#[test]
fn an_added_and_a_removed_label_are_counted_per_layer_and_label() {
    let old = data(vec![base()]);
    let mut new_doc = base();
    new_doc.annotations.remove(0);
    // The topic keeps its cue span but gets another label.
    new_doc.annotations[1].label = "economy".into();
    let d = diff::compare(&old, &data(vec![new_doc]));
    assert!(!d.is_same());
    assert_eq!(d.layers["actor"].removed, 1);
    assert_eq!(
        d.layers["topic"].added, 0,
        "same span, other label: relabelled"
    );
    assert_eq!(d.layers["topic"].changed, 1);
    assert_eq!(d.labels["actor:putin"], (1, 0));
    let a = d.agreement["actor"];
    assert_eq!((a.tp, a.fp, a.fn_), (1, 0, 1));
    assert!((a.recall() - 0.5).abs() < 1e-9);
}

#[test]
fn a_span_that_moved_or_grew_is_one_change() {
    let old = data(vec![base()]);
    let new = data(vec![doc(
        "a",
        &[S1, S2],
        &[
            (0, "actor", "putin", 0, 6, "alias:actors.csv#1@aa"),
            (0, "actor", "trump", 16, 22, "alias:actors.csv#2@bb"),
            (
                1,
                "topic",
                "energy",
                4,
                7,
                "cue:topic_cues.csv#energy_01@cc",
            ),
        ],
    )]);
    let d = diff::compare(&old, &new);
    assert_eq!(kinds(&d), vec![("actor".into(), "span_changed".into())]);
    assert_eq!(d.layers["actor"].changed, 1);
    assert_eq!(d.layers["actor"].added + d.layers["actor"].removed, 0);
}

#[test]
fn a_split_sentence_is_a_split_and_keeps_its_labels() {
    let old = data(vec![doc(
        "a",
        &["Poetin belde; Trump ook."],
        &[
            (0, "actor", "putin", 0, 6, "r"),
            (0, "actor", "trump", 14, 19, "r"),
        ],
    )]);
    let new = data(vec![doc(
        "a",
        &["Poetin belde;", "Trump ook."],
        &[
            (0, "actor", "putin", 0, 6, "r"),
            (1, "actor", "trump", 0, 5, "r"),
        ],
    )]);
    let d = diff::compare(&old, &new);
    assert_eq!(d.sentences.get("split"), Some(&1));
    assert_eq!(d.sentences.get("added"), None);
    assert_eq!(d.sentences.get("removed"), None);
    // Both labels survive the split with the same spans in the document.
    assert_eq!(d.layers["actor"].unchanged, 2);
    assert_eq!(d.layers["actor"].added + d.layers["actor"].removed, 0);

    let back = diff::compare(&new, &old);
    assert_eq!(back.sentences.get("merged"), Some(&1));
    assert_eq!(back.layers["actor"].unchanged, 2);
}

#[test]
fn documents_added_removed_and_edited() {
    let old = data(vec![base(), doc("b", &[S2], &[])]);
    let edited = doc(
        "a",
        &["Poetin belde met Biden.", S2],
        &[
            (0, "actor", "putin", 0, 6, "alias:actors.csv#1@aa"),
            (0, "actor", "biden", 17, 22, "alias:actors.csv#3@dd"),
            (
                1,
                "topic",
                "energy",
                4,
                7,
                "cue:topic_cues.csv#energy_01@cc",
            ),
        ],
    );
    let new = data(vec![
        edited,
        doc("c", &[S1], &[(0, "actor", "putin", 0, 6, "r")]),
    ]);
    let d = diff::compare(&old, &new);
    assert_eq!(
        (d.docs_added, d.docs_removed, d.docs_text_changed),
        (1, 1, 1)
    );
    assert_eq!(d.sentences.get("edited"), Some(&1));
    assert_eq!(d.actors_changed, 1);
    assert_eq!(d.topics_changed, 0);
    // trump -> biden on the same span is a relabelling; putin in the new doc c is added.
    assert_eq!(d.layers["actor"].changed, 1);
    assert_eq!(d.layers["actor"].added, 1);
    let docs: Vec<_> = d.changes.iter().filter(|c| c.layer == "document").collect();
    assert_eq!(docs.len(), 3);
}

#[test]
fn an_edited_lexicon_row_is_told_from_an_added_one() {
    let old = data(vec![base()]);
    let new = data(vec![doc(
        "a",
        &[S1, S2],
        &[
            (0, "actor", "putin", 0, 6, "alias:actors.csv#1@aa"),
            (0, "actor", "trump", 17, 22, "alias:actors.csv#2@ee"),
            (
                1,
                "topic",
                "energy",
                4,
                7,
                "cue:topic_cues.csv#energy_01@cc",
            ),
            (
                1,
                "topic",
                "economy",
                12,
                16,
                "cue:topic_cues.csv#economy_09@ff",
            ),
            (0, "actor", "the_west", 7, 12, "alias:actors.csv#2@ee"),
        ],
    )]);
    let d = diff::compare(&old, &new);
    assert_eq!(d.layers["actor"].rule_changed, 1);
    let lines = d.rule_lines();
    let find = |needle: &str| lines.iter().find(|l| l.contains(needle)).cloned();
    let west = find("the_west").expect("a line for the_west");
    assert!(west.starts_with("+1 actor the_west"), "{west}");
    assert!(west.ends_with("(row edited)"), "{west}");
    let economy = find("economy").expect("a line for economy");
    assert!(economy.ends_with("(row added)"), "{economy}");
    // trump kept its span and label; only its row's hash changed: a rule-only line.
    let trump = find("trump").expect("a line for trump");
    assert!(
        trump.starts_with("=1 actor trump via alias:actors.csv#2@ee"),
        "{trump}"
    );
    assert!(trump.ends_with("(row edited)"), "{trump}");
    assert!(d.report(diff::Format::Markdown).contains("(row edited)"));
}

#[test]
fn topic_kappa_is_one_for_agreement_and_drops_with_disagreement() {
    let same = Binary {
        both: 5,
        neither: 5,
        ..Binary::default()
    };
    assert_eq!(same.kappa(), 1.0);
    let chance = Binary {
        both: 25,
        old_only: 25,
        new_only: 25,
        neither: 25,
    };
    assert!(chance.kappa().abs() < 1e-9);
    let old = data(vec![base()]);
    let mut new_doc = base();
    new_doc.annotations.pop();
    new_doc.sentences[1].topics.clear();
    let d = diff::compare(&old, &data(vec![new_doc]));
    assert_eq!(d.topics_changed, 1);
    assert_eq!(d.topic_kappa["energy"].old_only, 1);
}

// End to end on built releases.

fn write_corpus(dir: &Path, second: &str) {
    std::fs::write(
        dir.join("a.txt"),
        " date 2025-03-18 Poetin belde met Trump. Het gas werd duur.",
    )
    .unwrap();
    std::fs::write(dir.join("b.txt"), second).unwrap();
}

fn build(input: &Path, out: &Path, version: &str) -> std::path::PathBuf {
    let mut options = ReleaseOptions::new(input, out, version);
    options.threads = Some(1);
    let summary = release::build(&options).unwrap();
    summary.dir
}

fn kroniek(args: &[&Path]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kroniek"))
        .arg("diff")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn built_releases_compare_end_to_end() {
    let (in1, in2, out) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    write_corpus(in1.path(), " date 2025-03-19 Zelensky sprak in Kyiv.");
    write_corpus(
        in2.path(),
        " date 2025-03-19 Zelensky sprak in Kyiv met Rutte.",
    );
    let v1 = build(in1.path(), out.path(), "1.0.0");
    let v2 = build(in2.path(), out.path(), "1.1.0");

    let same = diff::compare_dirs(&v1, &v1).unwrap();
    assert!(same.is_same() && same.changes.is_empty());
    assert_eq!(kroniek(&[&v1, &v1]).status.code(), Some(0));

    let d = diff::compare_dirs(&v1, &v2).unwrap();
    assert!(!d.is_same());
    assert_eq!(d.docs_text_changed, 1);
    assert!(d.changes.iter().all(|c| c.doc_id == "b"), "{:?}", d.changes);
    assert_eq!(kroniek(&[&v1, &v2]).status.code(), Some(1));

    let changes = tempfile::tempdir().unwrap();
    d.write_changes(changes.path()).unwrap();
    let csv = std::fs::read_to_string(changes.path().join("changes.csv")).unwrap();
    assert_eq!(csv.lines().count(), d.changes.len() + 1);
    assert!(changes.path().join("changes.parquet").exists());
    assert!(diff::summary_markdown(&v1, &v2)
        .unwrap()
        .contains("### Per layer"));
}

#[test]
fn trouble_is_exit_status_two() {
    let (input, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write_corpus(input.path(), " date 2025-03-19 Zelensky sprak in Kyiv.");
    let v1 = build(input.path(), out.path(), "1.0.0");
    let copy = out.path().join("tampered");
    std::fs::create_dir(&copy).unwrap();
    for entry in std::fs::read_dir(&v1).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
    }
    let ann = copy.join("annotations.csv");
    let text = std::fs::read_to_string(&ann).unwrap();
    std::fs::write(&ann, text.replacen("putin", "poetin", 1)).unwrap();
    assert!(diff::compare_dirs(&v1, &copy).is_err());
    assert_eq!(kroniek(&[&v1, &copy]).status.code(), Some(2));
    assert_eq!(kroniek(&[&v1, input.path()]).status.code(), Some(2));
}

#[test]
fn releases_of_another_schema_major_compare_on_shared_columns_with_a_note() {
    let (input, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write_corpus(input.path(), " date 2025-03-19 Zelensky sprak in Kyiv.");
    let v1 = build(input.path(), out.path(), "1.0.0");
    // A "2.0.0" release: same data, one sentences column dropped, manifest updated to match.
    let v2 = out.path().join("v2.0.0");
    std::fs::create_dir(&v2).unwrap();
    for entry in std::fs::read_dir(&v1).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), v2.join(entry.file_name())).unwrap();
    }
    let sentences = v2.join("sentences.csv");
    let mut reader = csv::Reader::from_path(&sentences).unwrap();
    let headers = reader.headers().unwrap().clone();
    let dropped = headers.iter().position(|h| h == "date_source").unwrap();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(v2.join("sentences.tmp"))
        .unwrap();
    let keep = |r: &csv::StringRecord| -> Vec<String> {
        r.iter()
            .enumerate()
            .filter(|(i, _)| *i != dropped)
            .map(|(_, f)| f.to_string())
            .collect()
    };
    writer.write_record(keep(&headers)).unwrap();
    for record in reader.records() {
        writer.write_record(keep(&record.unwrap())).unwrap();
    }
    writer.flush().unwrap();
    drop(writer);
    std::fs::rename(v2.join("sentences.tmp"), &sentences).unwrap();
    let manifest_path = v2.join("manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest_path).unwrap()).unwrap();
    manifest["schema_version"] = "2.0.0".into();
    let (bytes, sha256) = kroniek::ingest::sha256_file(&sentences).unwrap();
    for output in manifest["outputs"].as_array_mut().unwrap() {
        if output["path"] == "sentences.csv" {
            output["bytes"] = bytes.into();
            output["sha256"] = sha256.clone().into();
        }
    }
    std::fs::write(&manifest_path, manifest.to_string()).unwrap();

    let d = diff::compare_dirs(&v1, &v2).unwrap();
    assert!(
        d.notes.iter().any(|n| n.contains("major version")),
        "{:?}",
        d.notes
    );
    assert!(d.is_same(), "the annotations are the same");
}
