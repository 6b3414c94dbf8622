//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A corpus of `n` articles, made from the seeds with varied dates (day and month
/// precision), paragraph order and sub-folders; larger than one batch when n > 256.
pub fn synthetic_corpus(dir: &Path, n: usize) {
    let seeds: Vec<String> = std::fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    for i in 0..n {
        let body = seeds[i % seeds.len()]
            .split_once(' ')
            .unwrap()
            .1
            .split_once(' ')
            .unwrap()
            .1;
        let paragraphs: Vec<&str> = body.split("\n\n").collect();
        let rotated: Vec<&str> = paragraphs
            .iter()
            .cycle()
            .skip(i % paragraphs.len())
            .take(paragraphs.len())
            .copied()
            .collect();
        let date = if i % 3 == 0 {
            format!("20{:02}-{:02}", 14 + i % 12, 1 + i % 12)
        } else {
            format!("20{:02}-{:02}-{:02}", 14 + i % 12, 1 + i % 12, 1 + i % 28)
        };
        let sub = dir.join(format!("part{}", i % 4));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(
            sub.join(format!("doc{i:05}.txt")),
            format!(" date {date} {}", rotated.join("\n\n")),
        )
        .unwrap();
    }
}
