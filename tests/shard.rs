//! Sharded runs: `release --shard I/N` then `merge` gives the bytes of a single build;
//! a missing shard, a shard of another inventory and a retried shard are handled; the
//! recipes in `examples/` run (local) or reference the right CLI (Slurm, Kubernetes).

use kroniek::release::{self, compare_folders, MergeOptions, Outcome, ReleaseOptions, Shard};
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::root;

/// A corpus larger than one batch (256), with a reject and an ignored file, which must
/// survive the merge too.
fn synthetic_corpus(dir: &Path, n: usize) {
    common::synthetic_corpus(dir, n);
    std::fs::write(dir.join("part0/broken.txt"), "no date header").unwrap();
    std::fs::write(dir.join("notes.md"), "ignored").unwrap();
}

fn shard_run(input: &Path, out: &Path, index: usize, count: usize) {
    let mut options = ReleaseOptions::new(input, out, "1.0.0");
    options.threads = Some(1);
    release::run_shard(&options, Shard { index, count }).unwrap();
}

fn merge(out: &Path) -> anyhow::Result<release::ReleaseSummary> {
    release::merge(&MergeOptions {
        parts: release::shard::parts_dir(out, "1.0.0"),
        out: out.to_path_buf(),
        version: "1.0.0".into(),
        strict: false,
    })
}

fn single(input: &Path, out: &Path) -> PathBuf {
    let mut options = ReleaseOptions::new(input, out, "1.0.0");
    options.threads = Some(2);
    release::build(&options).unwrap().dir
}

#[test]
fn merged_shards_are_byte_identical_to_a_single_build_and_retries_are_safe() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("corpus");
    synthetic_corpus(&input, 300);
    let expected = single(&input, &tmp.path().join("single"));

    let out = tmp.path().join("sharded");
    for index in [2, 0, 1] {
        shard_run(&input, &out, index, 3);
    }
    // A retried shard (the scheduler ran it twice) replaces the first attempt.
    shard_run(&input, &out, 1, 3);
    let summary = merge(&out).unwrap();
    assert_eq!(summary.outcome, Outcome::Created);
    assert_eq!(summary.stats.documents, 300);
    assert_eq!(summary.stats.rejects.len(), 1);
    let differing = compare_folders(&expected, &summary.dir).unwrap();
    assert!(
        differing.is_empty(),
        "merged release differs in {differing:?}"
    );
}

#[test]
fn a_missing_shard_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("corpus");
    synthetic_corpus(&input, 12);
    let out = tmp.path().join("out");
    shard_run(&input, &out, 0, 3);
    shard_run(&input, &out, 2, 3);
    let err = format!("{:#}", merge(&out).unwrap_err());
    assert!(err.contains("shard 1 of 3 is missing"), "{err}");
    assert!(!out.join("v1.0.0").exists());
}

#[test]
fn a_shard_of_another_inventory_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("corpus");
    synthetic_corpus(&input, 12);
    let out = tmp.path().join("out");
    shard_run(&input, &out, 0, 2);
    std::fs::write(input.join("part1/late.txt"), " date 2020-01-01 Laat.").unwrap();
    shard_run(&input, &out, 1, 2);
    let err = format!("{:#}", merge(&out).unwrap_err());
    assert!(err.contains("input inventory"), "{err}");
    assert!(!out.join("v1.0.0").exists());
}

#[test]
fn parts_of_an_older_part_format_are_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("corpus");
    synthetic_corpus(&input, 12);
    let out = tmp.path().join("out");
    shard_run(&input, &out, 0, 1);
    // A marker written before part files had a format number.
    let parts = release::shard::parts_dir(&out, "1.0.0");
    let marker = std::fs::read_dir(&parts)
        .unwrap()
        .map(|e| e.unwrap().path().join("done.json"))
        .find(|p| p.exists())
        .expect("a shard marker");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&marker).unwrap()).unwrap();
    let mut old = json.as_object().unwrap().clone();
    assert!(old.remove("part_format").is_some());
    std::fs::write(&marker, serde_json::to_string(&old).unwrap()).unwrap();
    let err = format!("{:#}", merge(&out).unwrap_err());
    assert!(err.contains("format 0") && err.contains("rerun"), "{err}");
    assert!(!out.join("v1.0.0").exists());
}

// The recipes are bash scripts.
#[cfg(unix)]
#[test]
fn the_local_recipe_gives_the_bytes_of_a_single_run() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("corpus");
    synthetic_corpus(&input, 40);
    let expected = single(&input, &tmp.path().join("single"));
    let out = tmp.path().join("out");
    let status = Command::new("bash")
        .arg(root().join("examples/local.sh"))
        .args([input.as_os_str(), out.as_os_str()])
        .args(["1.0.0", "3"])
        .env("KRONIEK", env!("CARGO_BIN_EXE_kroniek"))
        .status()
        .unwrap();
    assert!(status.success());
    let differing = compare_folders(&expected, &out.join("v1.0.0")).unwrap();
    assert!(differing.is_empty(), "differs in {differing:?}");
}

#[cfg(unix)]
#[test]
fn the_cluster_recipes_reference_the_sharded_cli() {
    let slurm = std::fs::read_to_string(root().join("examples/slurm.sh")).unwrap();
    assert!(slurm.contains("#SBATCH --array=0-7"));
    assert!(slurm.contains("SHARDS=8"));
    assert!(slurm.contains("--shard \"$SHARDS\""));
    assert!(slurm.contains("--dependency=afterok") && slurm.contains("kroniek merge"));
    let status = Command::new("bash")
        .args(["-n"])
        .arg(root().join("examples/slurm.sh"))
        .status()
        .unwrap();
    assert!(status.success(), "slurm.sh is not valid bash");

    let k8s = std::fs::read_to_string(root().join("examples/k8s-indexed-job.yaml")).unwrap();
    let docs: Vec<&str> = k8s.split("\n---\n").collect();
    assert_eq!(docs.len(), 2, "a shard Job and a merge Job");
    assert!(docs[0].contains("completionMode: Indexed"));
    let completions = field(docs[0], "completions:");
    assert!(docs[0].contains(&format!("\"--shard\", \"{completions}\"")));
    assert!(docs[1].contains("\"merge\""));
    for doc in docs {
        assert!(field(doc, "kind:") == "Job" && field(doc, "apiVersion:") == "batch/v1");
        // A tiny structural check: no tabs, and indentation in steps of two spaces.
        for line in doc.lines() {
            let indent = line.len() - line.trim_start_matches(' ').len();
            assert!(
                !line.contains('\t') && indent % 2 == 0,
                "bad YAML line {line:?}"
            );
        }
    }
}

/// The value of the first line `key value` (leading spaces ignored).
fn field<'a>(yaml: &'a str, key: &str) -> &'a str {
    yaml.lines()
        .find_map(|l| l.trim_start().strip_prefix(key))
        .map(str::trim)
        .unwrap_or_default()
}
