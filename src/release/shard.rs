//! Sharded runs: `kroniek release --shard I/N` processes the inputs whose index in the
//! sorted inventory is I mod N and stores their outcomes as a part file under
//! `OUT/.parts-vX.Y.Z/shard-I-of-N/`; `kroniek merge` checks that all N shards are
//! complete and agree, then interleaves them back into doc_id order and writes the
//! release through the same code as a single build, so the bytes are identical.
//!
//! A shard is written in a private temporary folder and renamed into place with its
//! completion marker (`done.json`) already inside, so a retried or duplicated shard
//! simply replaces the previous attempt.

use super::record::Processed as Line;
use super::{
    check_version, complete, folder_name, lock_output_folder, remove_stale_staging, stream,
    ReleaseOptions, ReleaseStats, ReleaseSummary, Staging, Tables, Work,
};
use crate::annotate::Annotators;
use crate::ingest::{self, sha256_hex, Inventory};
use crate::schema::Schema;
use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Which share of the inputs a run processes: index `index` of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This shard, `0..count`.
    pub index: usize,
    /// Number of shards.
    pub count: usize,
}

impl Shard {
    /// Parses `I/N`, or `N` alone with I taken from `SLURM_ARRAY_TASK_ID` or
    /// `JOB_COMPLETION_INDEX` (Kubernetes Indexed Jobs). N is never guessed.
    pub fn parse(spec: &str) -> anyhow::Result<Shard> {
        let env = |name: &str| std::env::var(name).ok();
        Shard::parse_with(spec, env)
    }

    fn parse_with(spec: &str, env: impl Fn(&str) -> Option<String>) -> anyhow::Result<Shard> {
        let number = |s: &str, what: &str| {
            s.trim()
                .parse::<usize>()
                .with_context(|| format!("shard {what} {s:?} is not a number"))
        };
        let (index, count) = match spec.split_once('/') {
            Some((i, n)) => (number(i, "index")?, number(n, "count")?),
            None => {
                let count = number(spec, "count")?;
                let Some((var, value)) = ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"]
                    .iter()
                    .find_map(|v| env(v).map(|value| (*v, value)))
                else {
                    bail!("--shard {spec} gives only the count: pass I/{spec}, or run as a Slurm array task (SLURM_ARRAY_TASK_ID) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX)");
                };
                (number(&value, var)?, count)
            }
        };
        anyhow::ensure!(count > 0, "the shard count must be at least 1");
        anyhow::ensure!(
            index < count,
            "shard index {index} is out of range 0..{count}"
        );
        Ok(Shard { index, count })
    }

    /// How many of `files` inputs (those whose index is `index` mod `count`) are this
    /// shard's.
    fn share_of(self, files: usize) -> usize {
        (files + self.count - 1 - self.index) / self.count
    }

    fn dir_name(self) -> String {
        format!("shard-{}-of-{}", self.index, self.count)
    }
}

/// The folder that holds the shards of release `version` under `out`.
pub fn parts_dir(out: &Path, version: &str) -> PathBuf {
    out.join(format!(".parts-v{version}"))
}

const RECORDS: &str = "records.jsonl";
const MARKER: &str = "done.json";

/// The layout of the part files. Raised whenever a build writes them differently, so
/// that parts from an older build (same crate version, other layout) are refused by
/// name instead of misread. Markers written before the number existed read as 0.
const PART_FORMAT: u32 = 2;

/// A shard's completion marker: what the merge checks before trusting the part file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Marker {
    #[serde(default)]
    part_format: u32,
    kroniek_version: String,
    schema_version: String,
    lexicons_sha256: String,
    inventory_sha256: String,
    dataset_version: String,
    temporal_mode: String,
    input_folder: String,
    shard: usize,
    shards: usize,
    /// Lines in the part file.
    records: usize,
    /// Article files in the whole inventory.
    inventory_files: usize,
    /// Inputs rejected before reading (the same in every shard).
    inventory_rejects: Vec<(String, String, String, Option<String>)>,
    ignored: Vec<String>,
}

/// What a shard run wrote.
#[derive(Debug, Clone)]
pub struct ShardSummary {
    /// The shard's folder.
    pub dir: PathBuf,
    /// Inputs it processed.
    pub records: usize,
}

fn lexicons_sha256() -> String {
    let mut all = String::new();
    for f in Annotators::lexicon_files()
        .into_iter()
        .chain(crate::segment::LEXICON_FILES.iter().copied())
    {
        all.push_str(&format!(
            "{} {}\n",
            f.path,
            sha256_hex(f.contents.as_bytes())
        ));
    }
    sha256_hex(all.as_bytes())
}

fn inventory_sha256(inventory: &Inventory) -> String {
    let mut all = String::new();
    for i in 0..inventory.files.len() {
        let (source, doc_id) = (inventory.files.source(i), inventory.files.doc_id(i));
        all.push_str(&format!("file {source} {doc_id}\n"));
    }
    for r in &inventory.rejects {
        all.push_str(&format!("reject {} {}\n", r.source, r.reason));
    }
    for i in &inventory.ignored {
        all.push_str(&format!("ignored {i}\n"));
    }
    sha256_hex(all.as_bytes())
}

/// Processes shard `shard` of `options.input` into its part folder under
/// `OUT/.parts-vX.Y.Z/`. Safe to retry: an earlier attempt is replaced whole.
pub fn run_shard(options: &ReleaseOptions, shard: Shard) -> anyhow::Result<ShardSummary> {
    check_version(&options.version)?;
    // The fields are public, so a shard need not come from `Shard::parse`.
    anyhow::ensure!(
        shard.index < shard.count,
        "shard index {} is out of range 0..{}",
        shard.index,
        shard.count
    );
    let inventory = ingest::scan(&options.input)?;
    let parts = parts_dir(&options.out, &options.version);
    std::fs::create_dir_all(&parts)
        .with_context(|| format!("cannot create {}", parts.display()))?;
    let target = parts.join(shard.dir_name());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let temp = Staging::at(parts.join(format!(
        ".{}.tmp-{}-{nanos}",
        shard.dir_name(),
        std::process::id()
    )))?;

    let annotators = Annotators::with_temporal_mode(options.temporal_mode)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads.unwrap_or(0))
        .build()
        .context("cannot start the worker threads")?;
    let mine = shard.share_of(inventory.files.len());
    let path = temp.path().join(RECORDS);
    let file = std::fs::File::create(&path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    let mut out = BufWriter::new(file);
    let timings = std::sync::Mutex::new(crate::pipeline::StageTimings::default());
    stream(
        Work {
            files: &inventory.files,
            shard,
            annotators: &annotators,
            pool: &pool,
            cancel: &options.cancel,
            timings: &timings,
        },
        Line::lines,
        |lines| {
            for line in &lines {
                writeln!(out, "{line}")?;
            }
            Ok(())
        },
    )?;
    let file = out.into_inner().context("cannot write the part file")?;
    file.sync_all()?;

    let marker = Marker {
        part_format: PART_FORMAT,
        kroniek_version: env!("CARGO_PKG_VERSION").into(),
        schema_version: Schema::get().schema_version.clone(),
        lexicons_sha256: lexicons_sha256(),
        inventory_sha256: inventory_sha256(&inventory),
        dataset_version: options.version.clone(),
        temporal_mode: options.temporal_mode.as_str().into(),
        input_folder: folder_name(&options.input),
        shard: shard.index,
        shards: shard.count,
        records: mine,
        inventory_files: inventory.files.len(),
        inventory_rejects: inventory
            .rejects
            .iter()
            .map(|r| {
                (
                    r.source.clone(),
                    r.reason.to_string(),
                    r.message.clone(),
                    r.sha256.clone(),
                )
            })
            .collect(),
        ignored: inventory.ignored.clone(),
    };
    std::fs::write(
        temp.path().join(MARKER),
        serde_json::to_string_pretty(&marker)?,
    )?;
    if target.exists() {
        std::fs::remove_dir_all(&target)
            .with_context(|| format!("cannot replace {}", target.display()))?;
    }
    temp.publish(&target)?;
    Ok(ShardSummary {
        dir: target,
        records: mine,
    })
}

/// What to merge.
#[derive(Debug, Clone)]
pub struct MergeOptions {
    /// The parts folder (`OUT/.parts-vX.Y.Z`).
    pub parts: PathBuf,
    /// Folder that holds the release folders.
    pub out: PathBuf,
    /// Dataset version, `X.Y.Z`; must be the one the shards were run with.
    pub version: String,
    /// Fail, writing no release, when any input file was rejected.
    pub strict: bool,
}

/// Reads and cross-checks the markers of all shards in `parts`.
fn read_markers(parts: &Path) -> anyhow::Result<Vec<Marker>> {
    let mut count = None;
    for entry in
        std::fs::read_dir(parts).with_context(|| format!("cannot list {}", parts.display()))?
    {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if let Some(n) = name
            .strip_prefix("shard-")
            .and_then(|r| r.split_once("-of-"))
            .and_then(|(_, n)| n.parse::<usize>().ok())
        {
            if count.is_some_and(|c| c != n) {
                bail!(
                    "{} holds shards of different counts ({} and {n}); remove the stale ones",
                    parts.display(),
                    count.unwrap_or(0)
                );
            }
            count = Some(n);
        }
    }
    let Some(count) = count else {
        bail!("{} holds no shards (shard-I-of-N folders)", parts.display());
    };
    let mut markers: Vec<Marker> = Vec::with_capacity(count);
    for index in 0..count {
        let dir = parts.join(Shard { index, count }.dir_name());
        let path = dir.join(MARKER);
        let text = std::fs::read_to_string(&path).map_err(|_| {
            anyhow::anyhow!(
                "shard {index} of {count} is missing or incomplete (no {}); run `kroniek release --shard {index}/{count}` again",
                path.display()
            )
        })?;
        let marker: Marker = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a shard marker", path.display()))?;
        anyhow::ensure!(
            marker.shard == index && marker.shards == count,
            "{} says shard {} of {}",
            path.display(),
            marker.shard,
            marker.shards
        );
        if let Some(first) = markers.first() {
            let differs = |what: &str| {
                anyhow::anyhow!(
                    "shard {index} of {count} differs from shard 0 in its {what}; rerun it with the same inputs and kroniek build"
                )
            };
            for (same, what) in [
                (first.part_format == marker.part_format, "part file format"),
                (
                    first.kroniek_version == marker.kroniek_version,
                    "kroniek version",
                ),
                (
                    first.schema_version == marker.schema_version,
                    "schema version",
                ),
                (first.lexicons_sha256 == marker.lexicons_sha256, "lexicons"),
                (
                    first.inventory_sha256 == marker.inventory_sha256,
                    "input inventory",
                ),
                (
                    first.dataset_version == marker.dataset_version,
                    "dataset version",
                ),
                (first.temporal_mode == marker.temporal_mode, "temporal mode"),
            ] {
                if !same {
                    return Err(differs(what));
                }
            }
        }
        markers.push(marker);
    }
    Ok(markers)
}

/// Merges the shards in `options.parts` into release `options.version` under
/// `options.out`, byte-identical to a single build of the same inputs.
pub fn merge(options: &MergeOptions) -> anyhow::Result<ReleaseSummary> {
    let started = Instant::now();
    check_version(&options.version)?;
    let markers = read_markers(&options.parts)?;
    let first = &markers[0];
    anyhow::ensure!(
        first.part_format == PART_FORMAT,
        "the shards' part files are in format {} but this build reads format {PART_FORMAT}; rerun the shards with this build",
        first.part_format
    );
    anyhow::ensure!(
        first.kroniek_version == env!("CARGO_PKG_VERSION")
            && first.schema_version == Schema::get().schema_version
            && first.lexicons_sha256 == lexicons_sha256(),
        "the shards were made by another kroniek build (version {}, schema {}); merge with the same build",
        first.kroniek_version,
        first.schema_version
    );
    anyhow::ensure!(
        first.dataset_version == options.version,
        "the shards were run for version {}, not {}",
        first.dataset_version,
        options.version
    );
    let mut release = ReleaseOptions::new(&first.input_folder, &options.out, &options.version);
    release.strict = options.strict;
    release.temporal_mode = first.temporal_mode.parse()?;

    std::fs::create_dir_all(&options.out)
        .with_context(|| format!("cannot create the output folder {}", options.out.display()))?;
    let _lock = lock_output_folder(&options.out)?;
    remove_stale_staging(&options.out)?;
    let staging = Staging::create(&options.out, &options.version)?;
    let stats = merge_tables(&options.parts, &markers, staging.path())?;
    let outcome = complete(&release, &first.input_folder, staging, &stats)?;
    Ok(ReleaseSummary {
        dir: options.out.join(format!("v{}", options.version)),
        outcome,
        stats,
        elapsed: started.elapsed(),
    })
}

/// Streams the part files, one line at a time in global inventory order, into the tables.
fn merge_tables(parts: &Path, markers: &[Marker], dir: &Path) -> anyhow::Result<ReleaseStats> {
    let count = markers.len();
    let mut readers = Vec::with_capacity(count);
    for (index, marker) in markers.iter().enumerate() {
        let path = parts.join(Shard { index, count }.dir_name()).join(RECORDS);
        let file = std::fs::File::open(&path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        anyhow::ensure!(
            marker.records == Shard { index, count }.share_of(marker.inventory_files),
            "shard {index} of {count} holds {} inputs, expected its share of {}",
            marker.records,
            marker.inventory_files
        );
        readers.push((path, BufReader::new(file).lines()));
    }
    let first = &markers[0];
    let mut stats = ReleaseStats {
        rejects: first
            .inventory_rejects
            .iter()
            .cloned()
            .map(|(source, reason, message, sha256)| {
                super::record::reject(source, reason, message, sha256)
            })
            .collect(),
        ignored: first.ignored.clone(),
        ..Default::default()
    };
    stats.spill_into(dir);
    let mut tables = Tables::create(dir)?;
    for i in 0..first.inventory_files {
        let (path, lines) = &mut readers[i % count];
        let line = lines
            .next()
            .with_context(|| format!("{} ends early", path.display()))?
            .with_context(|| format!("cannot read {}", path.display()))?;
        let outcome = Line::from_line(&line)
            .with_context(|| format!("{}: a damaged line", path.display()))?;
        match outcome {
            Line::Doc(doc) => doc.write(&mut tables, &mut stats)?,
            Line::Reject(reject) => stats.rejects.push(reject),
        }
    }
    for (path, lines) in &mut readers {
        anyhow::ensure!(
            lines.next().is_none(),
            "{} holds more lines than its marker says",
            path.display()
        );
    }
    tables.finish(dir, &mut stats)?;
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_specs_parse_and_take_the_index_from_the_scheduler() {
        let none = |_: &str| None;
        assert_eq!(
            Shard::parse_with("1/3", none).unwrap(),
            Shard { index: 1, count: 3 }
        );
        assert!(Shard::parse_with("3/3", none).is_err());
        assert!(Shard::parse_with("0/0", none).is_err());
        assert!(Shard::parse_with("3", none).is_err(), "N is never guessed");
        let slurm = |v: &str| (v == "SLURM_ARRAY_TASK_ID").then(|| "2".to_string());
        assert_eq!(Shard::parse_with("4", slurm).unwrap().index, 2);
        let k8s = |v: &str| (v == "JOB_COMPLETION_INDEX").then(|| "0".to_string());
        assert_eq!(Shard::parse_with("4", k8s).unwrap().index, 0);
    }
}
