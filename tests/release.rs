//! End-to-end tests of `kroniek release` and `kroniek validate`: reproducibility (the
//! committed default release is rebuilt byte for byte; thread count does not matter),
//! immutability of published releases, no half-written folders, and every input
//! accounted for.

use kroniek::release::{self, compare_folders, Outcome, ReleaseOptions};
use std::path::Path;
use std::process::Command;

mod common;
use common::{root, synthetic_corpus};

fn options(input: &Path, out: &Path, version: &str, threads: usize) -> ReleaseOptions {
    let mut options = ReleaseOptions::new(input, out, version);
    options.threads = Some(threads);
    options
}

fn default_version() -> String {
    std::fs::read_to_string(root().join("data/VERSION"))
        .unwrap()
        .trim()
        .to_string()
}

#[test]
fn rebuilding_the_default_release_gives_the_committed_bytes() {
    let committed = root()
        .join("data/releases")
        .join(format!("v{}", default_version()));
    assert!(
        committed.is_dir(),
        "the default release {} is not committed",
        committed.display()
    );
    // The release's CHANGELOG.md diffs it against the previous release, so that one is
    // copied beside the rebuild as it was published.
    let out = tempfile::tempdir().unwrap();
    if let Some(previous) =
        release::previous_release(&root().join("data/releases"), &default_version()).unwrap()
    {
        let target = out.path().join(previous.file_name().unwrap());
        std::fs::create_dir(&target).unwrap();
        for entry in std::fs::read_dir(&previous).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), target.join(entry.file_name())).unwrap();
        }
    }
    let summary = release::build(&options(
        &root().join("seeds"),
        out.path(),
        &default_version(),
        2,
    ))
    .unwrap();
    let differing = compare_folders(&summary.dir, &committed).unwrap();
    assert!(
        differing.is_empty(),
        "rebuild differs from the committed release in {differing:?}: if the change is intended, \
         cut a new dataset version (data/VERSION) with `make release`"
    );
}

#[test]
fn output_does_not_depend_on_the_thread_count() {
    let input = tempfile::tempdir().unwrap();
    synthetic_corpus(input.path(), release::BATCH_SIZE + 57);
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    let a = release::build(&options(input.path(), one.path(), "0.1.0", 1)).unwrap();
    let b = release::build(&options(input.path(), two.path(), "0.1.0", 2)).unwrap();
    assert_eq!(a.stats.documents as usize, release::BATCH_SIZE + 57);
    assert_eq!(
        compare_folders(&a.dir, &b.dir).unwrap(),
        Vec::<String>::new()
    );
    // Chunks of documents are annotated one layer at a time: every stage's time is
    // still counted, over the same input bytes.
    for summary in [&a, &b] {
        assert!(summary.stats.timings.bytes > 0);
        assert_eq!(summary.stats.timings.bytes, a.stats.timings.bytes);
        for (stage, secs, _) in summary.stage_rates() {
            assert!(secs > 0.0, "{stage} took no time");
        }
    }
    let report = kroniek::validate::validate(&a.dir).unwrap();
    assert!(report.is_ok(), "{report}");
}

#[test]
fn spilling_every_growing_list_to_disk_changes_no_byte() {
    let input = tempfile::tempdir().unwrap();
    synthetic_corpus(input.path(), 300);
    let held = tempfile::tempdir().unwrap();
    let spilled = tempfile::tempdir().unwrap();
    let a = release::build(&options(input.path(), held.path(), "0.1.0", 1)).unwrap();
    let mut tiny = options(input.path(), spilled.path(), "0.1.0", 3);
    // Small enough to spill many times over, large enough to keep the number of runs
    // (one open file each) far below any descriptor limit.
    tiny.spill = release::SpillLimits {
        inputs: 7,
        labels: 64,
        names: 1,
    };
    let b = release::build(&tiny).unwrap();
    assert_eq!(a.stats.documents, 300);
    assert_eq!(
        compare_folders(&a.dir, &b.dir).unwrap(),
        Vec::<String>::new()
    );
}

#[test]
fn a_published_release_is_never_overwritten() {
    let input = tempfile::tempdir().unwrap();
    synthetic_corpus(input.path(), 6);
    let out = tempfile::tempdir().unwrap();
    let first = release::build(&options(input.path(), out.path(), "2.0.0", 2)).unwrap();
    assert_eq!(first.outcome, Outcome::Created);
    let again = release::build(&options(input.path(), out.path(), "2.0.0", 1)).unwrap();
    assert_eq!(again.outcome, Outcome::Identical);

    // Change an input: the same version may not be rebuilt with other bytes.
    std::fs::write(
        input.path().join("part0/doc00000.txt"),
        " date 2020-01-01 Iets anders.",
    )
    .unwrap();
    let before = std::fs::read(first.dir.join("documents.csv")).unwrap();
    let err = release::build(&options(input.path(), out.path(), "2.0.0", 2)).unwrap_err();
    let message = format!("{err:#}");
    assert!(
        message.contains("never overwritten") && message.contains("documents.csv"),
        "{message}"
    );
    assert_eq!(
        std::fs::read(first.dir.join("documents.csv")).unwrap(),
        before
    );
    let leftovers: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        leftovers,
        vec![std::ffi::OsString::from("v2.0.0")],
        "no staging folder may remain"
    );
}

#[test]
fn every_input_file_is_a_document_a_reject_or_an_ignored_file() {
    let input = tempfile::tempdir().unwrap();
    let dir = input.path();
    std::fs::write(
        dir.join("good.txt"),
        " date 2025-03 Poetin belde met Trump.",
    )
    .unwrap();
    std::fs::write(dir.join("no_header.txt"), "Poetin belde met Trump.").unwrap();
    std::fs::write(dir.join("bad_month.txt"), " date 2025-13 Tekst.").unwrap();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(dir.join("latin1.txt"), b" date 2025-03 Oekra\xefne").unwrap();
    std::fs::write(dir.join("image.png"), [0x89, b'P', b'N', b'G']).unwrap();
    let out = tempfile::tempdir().unwrap();
    let summary = release::build(&options(dir, out.path(), "1.0.0", 1)).unwrap();
    assert_eq!(summary.stats.documents, 1);
    let reasons: Vec<(&str, &str)> = summary
        .stats
        .rejects
        .iter()
        .map(|r| (r.source.as_str(), r.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            ("bad_month.txt", "bad_header"),
            ("empty.txt", "empty_file"),
            ("latin1.txt", "invalid_utf8"),
            ("no_header.txt", "bad_header")
        ]
    );
    assert_eq!(summary.stats.ignored, ["image.png"]);
    let rejects = std::fs::read_to_string(summary.dir.join("rejects.csv")).unwrap();
    assert_eq!(rejects.lines().count(), 5, "{rejects}");
    let manifest = kroniek::release::Manifest::read(&summary.dir).unwrap();
    assert_eq!(manifest.inputs.len(), 5);
    assert_eq!(manifest.ignored, ["image.png"]);
    assert!(kroniek::validate::validate(&summary.dir).unwrap().is_ok());
}

#[test]
fn validate_finds_tampering() {
    let input = tempfile::tempdir().unwrap();
    synthetic_corpus(input.path(), 3);
    let out = tempfile::tempdir().unwrap();
    let summary = release::build(&options(input.path(), out.path(), "1.0.0", 1)).unwrap();
    let path = summary.dir.join("sentences.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("Poetin", "Putin!", 1)).unwrap();
    let report = kroniek::validate::validate(&summary.dir).unwrap();
    assert!(!report.is_ok());
    assert!(
        report
            .to_string()
            .contains("sentences.csv: bytes or sha256 differ"),
        "{report}"
    );
}

#[test]
fn the_command_line_reports_bad_arguments_clearly() {
    let bin = env!("CARGO_BIN_EXE_kroniek");
    let out = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| Command::new(bin).args(args).output().unwrap();
    let missing = run(&[
        "release",
        "--input",
        "/no/such/folder",
        "--out",
        out.path().to_str().unwrap(),
        "--version",
        "1.0.0",
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/no/such/folder"));
    let seeds = root().join("seeds");
    let bad_version = run(&[
        "release",
        "--input",
        seeds.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--version",
        "1.0",
    ]);
    assert_eq!(bad_version.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_version.stderr).contains("X.Y.Z"));
    let not_a_release = run(&["validate", out.path().to_str().unwrap()]);
    assert_eq!(not_a_release.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&not_a_release.stderr).contains("manifest.json"));
}
