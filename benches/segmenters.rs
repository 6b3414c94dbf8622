//! Sentence splitting on the same paragraphs as `benches/peers_segment.py`: kroniek's
//! segmenter or the `sentencex` crate, one per process so `/usr/bin/time -v` gives each
//! its own peak RSS. Run by `make bench`, or
//! `cargo bench --bench segmenters -- CORPUS_DIR SIZE_MB kroniek|sentencex`.
//!
//! Paragraphs are read as the Python script reads them: the `*.txt` files of CORPUS_DIR in
//! path order, the header token dropped, the body split at blank lines, until SIZE_MB.

use std::path::{Path, PathBuf};
use std::time::Instant;

fn paragraphs(dir: &Path, max_bytes: usize) -> Vec<String> {
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    let mut total = 0;
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("a UTF-8 article");
        // ` date YYYY-MM-DD body`: the body starts after the third space.
        let body = text.splitn(4, ' ').nth(3).unwrap_or_default();
        for paragraph in body.split("\n\n") {
            total += paragraph.len();
            out.push(paragraph.to_string());
        }
        if total >= max_bytes {
            break;
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let dir = PathBuf::from(
        args.first()
            .map_or("target/bench/corpus-100", String::as_str),
    );
    let size_mb: f64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1.0);
    let which = args.get(2).map_or("kroniek", String::as_str);
    let paragraphs = paragraphs(&dir, (size_mb * 1e6) as usize);
    let mb = paragraphs.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    let started = Instant::now();
    let sentences: usize = match which {
        "kroniek" => paragraphs
            .iter()
            .map(|p| kroniek::segment::segment(p).sentences.len())
            .sum(),
        "sentencex" => paragraphs
            .iter()
            .map(|p| sentencex::segment("nl", p).len())
            .sum(),
        other => panic!("unknown segmenter {other:?}: kroniek or sentencex"),
    };
    let secs = started.elapsed().as_secs_f64();
    let name = if which == "kroniek" {
        "kroniek"
    } else {
        "sentencex (crate)"
    };
    println!("{name:<28} {:8.2} MB/s  {sentences:8} sentences", mb / secs);
}
