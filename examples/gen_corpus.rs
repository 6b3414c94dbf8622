//! Deterministic benchmark corpus generator (a bench tool, not part of the release path).
//!
//! `cargo run --release --example gen_corpus -- OUT_DIR SIZE_MB`
//!
//! Builds articles from the seed paragraphs with varied publication dates (day and month
//! precision, 2014–2025), shuffled paragraph order, and names, numbers and dates swapped
//! from small lists, so caches and branch predictors are not flattered by verbatim
//! repetition. The same arguments always give the same files.

use std::io::Write;
use std::path::{Path, PathBuf};

/// A small deterministic generator (SplitMix64): no dependency, stable across versions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SWAPS: &[(&str, &[&str])] = &[
    (
        "Poetin",
        &[
            "Poetin",
            "Zelensky",
            "Macron",
            "Scholz",
            "Erdogan",
            "Xi Jinping",
            "Biden",
            "Stoltenberg",
        ],
    ),
    (
        "Trump",
        &[
            "Trump",
            "Biden",
            "Rutte",
            "Sunak",
            "Modi",
            "Orbán",
            "Von der Leyen",
        ],
    ),
    (
        "Rusland",
        &[
            "Rusland",
            "Oekraïne",
            "China",
            "India",
            "Turkije",
            "Polen",
            "Iran",
            "Duitsland",
        ],
    ),
    (
        "Oekraïne",
        &[
            "Oekraïne",
            "Rusland",
            "Moldavië",
            "Georgië",
            "Belarus",
            "Finland",
        ],
    ),
    (
        "maart",
        &[
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ],
    ),
    (
        "vrijdag",
        &[
            "maandag",
            "dinsdag",
            "woensdag",
            "donderdag",
            "vrijdag",
            "zaterdag",
            "zondag",
        ],
    ),
    ("2030", &["2026", "2028", "2030", "2035", "2040"]),
    ("30", &["10", "20", "30", "45", "60", "90"]),
];

fn seed_paragraphs(seeds: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(seeds)
        .expect("seeds folder")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let mut paragraphs = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("seed text");
        // Drop the ` date ...` header token.
        let body = text.trim_start().splitn(3, ' ').nth(2).unwrap_or("");
        paragraphs.extend(
            body.split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(String::from),
        );
    }
    paragraphs
}

fn vary(paragraph: &str, rng: &mut Rng) -> String {
    let mut out = paragraph.to_string();
    for (word, choices) in SWAPS {
        if out.contains(word) {
            out = out.replace(word, choices[rng.below(choices.len())]);
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let [out, size_mb] = args.as_slice() else {
        eprintln!("usage: gen_corpus OUT_DIR SIZE_MB");
        std::process::exit(2);
    };
    let target = size_mb.parse::<u64>().expect("SIZE_MB is a number") * 1024 * 1024;
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let paragraphs = seed_paragraphs(&seeds);
    let mut rng = Rng(0x6B72_6F6E_6965_6B00 ^ target);
    let (mut written, mut n) = (0u64, 0u64);
    while written < target {
        let year = 2014 + rng.below(12);
        let month = 1 + rng.below(12);
        let header = if rng.below(3) == 0 {
            format!(" date {year}-{month:02}")
        } else {
            format!(" date {year}-{month:02}-{:02}", 1 + rng.below(28))
        };
        let count = 4 + rng.below(16);
        let body: Vec<String> = (0..count)
            .map(|_| vary(&paragraphs[rng.below(paragraphs.len())], &mut rng))
            .collect();
        let text = format!("{header} {}\n", body.join("\n\n"));
        let dir = Path::new(out).join(format!("{:03}", n / 1000));
        std::fs::create_dir_all(&dir).expect("create output folder");
        let mut file = std::fs::File::create(dir.join(format!("{n:07}.txt"))).expect("create file");
        file.write_all(text.as_bytes()).expect("write file");
        written += text.len() as u64;
        n += 1;
    }
    eprintln!("{n} articles, {written} bytes in {out}");
}
