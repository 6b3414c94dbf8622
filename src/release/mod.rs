//! Stage 6: a versioned, immutable release folder `OUT/vX.Y.Z/`.
//!
//! Documents stream through the stages in chunks (`stream.rs`): a bounded number in
//! flight on the worker threads (rayon), written in input order by a writer thread, so
//! memory does not grow with the corpus and the bytes written do not depend on the thread
//! count. Everything is built in a hidden
//! temporary folder beside the release and renamed into place at the end, so a failed
//! or interrupted build leaves no half-written release. A release that already exists
//! is never overwritten: building it again succeeds only when the result is
//! byte-identical.
//!
//! A lock file (`OUT/.kroniek.lock`, an advisory `flock` that the operating system
//! releases when the process dies) refuses a second build in the same output folder, and
//! staging folders left behind by a killed build are removed by the next one.

mod card;
mod labels;
mod manifest;
mod record;
pub mod shard;
pub(crate) mod spill;
mod stream;

pub use labels::LabelCounts;
pub use manifest::{InputLog, Manifest, OutputFile};
pub use shard::{merge, run_shard, MergeOptions, Shard, ShardSummary};

use record::EncodedChunk;
use stream::{stream, Work};

use crate::annotate::actors::UnknownNames;
use crate::annotate::dates::TemporalMode;
use crate::annotate::Annotators;
use crate::ingest::{self, sha256_file, Inventory};
use crate::model::{Layer, NormaliseStats, Reject};
use crate::pipeline::StageTimings;
use crate::schema::Schema;
use crate::write::rows::{reject_row, DocTable};
use crate::write::{FileHash, TableWriter, WriteError};
use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Half the documents in flight at most, from being read until written: bounds memory
/// whatever the corpus size.
pub const BATCH_SIZE: usize = 256;

/// What to build.
#[derive(Debug, Clone)]
pub struct ReleaseOptions {
    /// Folder of article files.
    pub input: PathBuf,
    /// Folder that holds the release folders (`data/releases`).
    pub out: PathBuf,
    /// Dataset version, `X.Y.Z`.
    pub version: String,
    /// Worker threads; `None` uses every core.
    pub threads: Option<usize>,
    /// Show a progress bar (only drawn when stderr is a terminal).
    pub progress: bool,
    /// Fail the build, writing no release, when any input file is rejected.
    pub strict: bool,
    /// How year-less dates resolve (news: past bias; future: the next occurrence).
    pub temporal_mode: TemporalMode,
    /// Set from elsewhere (a signal handler) to stop the build before its next chunk of
    /// documents; the build then fails and leaves nothing behind.
    pub cancel: Arc<AtomicBool>,
    /// When lists that grow with the corpus go to disk; never changes the bytes.
    pub spill: SpillLimits,
}

/// How many records a build holds in memory before it moves them to sorted runs on
/// disk (anonymous files in the staging folder). The defaults bound memory whatever the
/// corpus size; the release's bytes are the same for any limits, so tests set them tiny
/// to make every spill happen on a small corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpillLimits {
    /// Input records of the manifest (source path and sha256).
    pub inputs: usize,
    /// Distinct (layer, label) counts for the dataset card.
    pub labels: usize,
    /// Names the actor registry lacks, for the dataset card.
    pub names: usize,
}

impl Default for SpillLimits {
    fn default() -> Self {
        SpillLimits {
            inputs: manifest::INPUTS_HELD,
            labels: labels::LABELS_HELD,
            names: crate::annotate::actors::NAMES_HELD,
        }
    }
}

impl ReleaseOptions {
    /// Options with the defaults: every core, no progress bar, not strict, news mode,
    /// the default [`SpillLimits`].
    pub fn new(
        input: impl Into<PathBuf>,
        out: impl Into<PathBuf>,
        version: impl Into<String>,
    ) -> Self {
        ReleaseOptions {
            input: input.into(),
            out: out.into(),
            version: version.into(),
            threads: None,
            progress: false,
            strict: false,
            temporal_mode: TemporalMode::News,
            cancel: Arc::new(AtomicBool::new(false)),
            spill: SpillLimits::default(),
        }
    }
}

/// Counts gathered while writing, for the summary, manifest and dataset card.
#[derive(Debug, Clone, Default)]
pub struct ReleaseStats {
    /// Documents written.
    pub documents: u64,
    /// Sentences written.
    pub sentences: u64,
    /// Rows of `document_topics` (document and topic pairs).
    pub document_topics: u64,
    /// Annotations per layer.
    pub annotations: BTreeMap<Layer, u64>,
    /// Annotations per layer and label (spilled to disk past a fixed number of labels).
    pub labels: LabelCounts,
    /// Date annotations per TIMEX3 type and precision.
    pub date_kinds: BTreeMap<(String, String), u64>,
    /// Source path and sha256 of every input that became a document, in doc_id order.
    pub inputs: InputLog,
    /// Input files rejected.
    pub rejects: Vec<Reject>,
    /// Files ignored by rule.
    pub ignored: Vec<String>,
    /// Recoverable problems repaired at ingest: source path and what was done.
    pub repaired: Vec<(String, String)>,
    /// What the normaliser repaired.
    pub normalise: NormaliseStats,
    /// Person names the actor registry lacks, with counts and examples.
    pub unknown_names: UnknownNames,
    /// Time per stage, for the summary (never written into the release).
    pub timings: StageTimings,
    /// Size and sha256 of each table file, by file name, made while it was written.
    pub outputs: BTreeMap<String, FileHash>,
}

impl ReleaseStats {
    /// Keeps what grows with the corpus (the input log, the label counts, the names the
    /// registry lacks) in temporary files in `dir` once it passes a fixed size.
    pub fn spill_into(&mut self, dir: &Path) {
        self.inputs.spill_into(dir);
        self.unknown_names.spill_into(dir);
        self.labels.spill_into(dir);
    }

    /// Sets the sizes past which [`ReleaseStats::spill_into`] spills.
    fn hold(&mut self, limits: SpillLimits) {
        self.inputs.hold(limits.inputs);
        self.unknown_names.hold(limits.names);
        self.labels.hold(limits.labels);
    }
}

/// Whether a release was written or found already published with identical bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new release folder was written.
    Created,
    /// The release existed and the rebuild was byte-identical; nothing was changed.
    Identical,
}

/// The result of a build.
#[derive(Debug, Clone)]
pub struct ReleaseSummary {
    /// The release folder.
    pub dir: PathBuf,
    /// Created or identical.
    pub outcome: Outcome,
    /// Counts.
    pub stats: ReleaseStats,
    /// Wall-clock time of the build (reported, never written into the release).
    pub elapsed: Duration,
}

impl ReleaseSummary {
    /// Seconds and input MB/s per stage; CPU time summed over threads, so on N threads
    /// the wall time is smaller.
    pub fn stage_rates(&self) -> Vec<(&'static str, f64, f64)> {
        let t = &self.stats.timings;
        let mb = t.bytes as f64 / 1e6;
        let stages = [
            ("read", t.read),
            ("normalise", t.normalise),
            ("segment", t.segment),
            ("annotate: dates", t.annotate[0]),
            ("annotate: actors", t.annotate[1]),
            ("annotate: topics", t.annotate[2]),
            ("write", t.write),
        ];
        stages
            .into_iter()
            .map(|(name, d)| {
                let secs = d.as_secs_f64();
                (name, secs, if secs > 0.0 { mb / secs } else { 0.0 })
            })
            .collect()
    }

    /// The run's counts and timings as JSON (`kroniek release --stats FILE`).
    pub fn stats_json(&self) -> serde_json::Value {
        let stats = &self.stats;
        let stages: serde_json::Map<String, serde_json::Value> = self
            .stage_rates()
            .into_iter()
            .map(|(name, secs, rate)| {
                (
                    name.to_string(),
                    serde_json::json!({"cpu_seconds": secs, "mb_per_s": rate}),
                )
            })
            .collect();
        let annotations: serde_json::Map<String, serde_json::Value> = stats
            .annotations
            .iter()
            .map(|(layer, n)| (layer.as_str().to_string(), serde_json::json!(n)))
            .collect();
        serde_json::json!({
            "release": self.dir.display().to_string(),
            "documents": stats.documents,
            "sentences": stats.sentences,
            "annotations": annotations,
            "rejected": stats.rejects.len(),
            "ignored": stats.ignored.len(),
            "repaired": stats.repaired.len(),
            "input_bytes": stats.timings.bytes,
            "wall_seconds": self.elapsed.as_secs_f64(),
            "input_mb_per_s": stats.timings.bytes as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-9),
            "stages": stages,
        })
    }
}

/// Builds release `options.version` of `options.input` under `options.out`.
pub fn build(options: &ReleaseOptions) -> anyhow::Result<ReleaseSummary> {
    let started = Instant::now();
    check_version(&options.version)?;
    let inventory = ingest::scan(&options.input)?;
    std::fs::create_dir_all(&options.out)
        .with_context(|| format!("cannot create the output folder {}", options.out.display()))?;
    let _lock = lock_output_folder(&options.out)?;
    remove_stale_staging(&options.out)?;
    let final_dir = options.out.join(format!("v{}", options.version));
    let staging = Staging::create(&options.out, &options.version)?;

    let annotators = Annotators::with_temporal_mode(options.temporal_mode)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads.unwrap_or(0))
        .build()
        .context("cannot start the worker threads")?;
    let stats = write_tables(&inventory, &annotators, &pool, staging.path(), options)?;
    let accounted = stats.documents as usize + stats.rejects.len();
    let found = inventory.files.len() + inventory.rejects.len();
    anyhow::ensure!(
        accounted == found,
        "internal error: {found} input files but {accounted} documents and rejects"
    );
    let outcome = complete(options, &folder_name(&options.input), staging, &stats)?;
    Ok(ReleaseSummary {
        dir: final_dir,
        outcome,
        stats,
        elapsed: started.elapsed(),
    })
}

/// The steps shared by a single build and a merge of shards, once the tables are in
/// the staging folder: the strict check, manifest, datapackage, card and CHANGELOG,
/// then publishing (or comparing with an existing release of the same version).
fn complete(
    options: &ReleaseOptions,
    folder_name: &str,
    staging: Staging,
    stats: &ReleaseStats,
) -> anyhow::Result<Outcome> {
    if options.strict && !stats.rejects.is_empty() {
        let list: Vec<String> = stats
            .rejects
            .iter()
            .map(|r| format!("  {} ({}): {}", r.source, r.reason, r.message))
            .collect();
        bail!(
            "--strict: {} input files were rejected, so no release was written:\n{}",
            stats.rejects.len(),
            list.join("\n")
        );
    }
    let final_dir = options.out.join(format!("v{}", options.version));
    manifest::write_descriptors(staging.path(), options, folder_name, stats)?;
    card::write(staging.path(), &options.version, stats)?;
    write_changelog(&options.out, &options.version, staging.path())?;

    if final_dir.exists() {
        let differences = compare_folders(staging.path(), &final_dir)?;
        if !differences.is_empty() {
            bail!(
                "release {} already exists and is never overwritten; this build differs in: {}. \
                 Build it under a new version instead.",
                final_dir.display(),
                differences.join(", ")
            );
        }
        Ok(Outcome::Identical)
    } else {
        staging.publish(&final_dir)?;
        Ok(Outcome::Created)
    }
}

/// The input folder's own name, as recorded in the manifest (never its full path, which
/// differs between machines).
fn folder_name(input: &Path) -> String {
    input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| ".".into())
}

/// A dataset version must be `X.Y.Z` with numeric parts.
fn check_version(version: &str) -> anyhow::Result<()> {
    parse_version(version).map(|_| ()).with_context(|| {
        format!("dataset version {version:?} is not of the form X.Y.Z (for example 1.0.0)")
    })
}

/// `X.Y.Z` as numbers, for ordering releases.
fn parse_version(version: &str) -> Option<[u64; 3]> {
    let mut parts = version.split('.').map(|p| {
        (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u64>().ok())
            .flatten()
    });
    let version = [parts.next()??, parts.next()??, parts.next()??];
    parts.next().is_none().then_some(version)
}

/// The newest release in `out` older than `version`, if any.
pub fn previous_release(out: &Path, version: &str) -> anyhow::Result<Option<PathBuf>> {
    let this = parse_version(version).context("bad version")?;
    let mut best: Option<([u64; 3], PathBuf)> = None;
    for entry in std::fs::read_dir(out).with_context(|| format!("cannot list {}", out.display()))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(v) = name.strip_prefix('v').and_then(parse_version) else {
            continue;
        };
        if v < this && entry.path().is_dir() && best.as_ref().is_none_or(|(b, _)| v > *b) {
            best = Some((v, entry.path()));
        }
    }
    Ok(best.map(|(_, path)| path))
}

/// Writes `CHANGELOG.md`: the annotation diff against the previous release in `out`
/// (none for the first release), so every release says what changed and why.
fn write_changelog(out: &Path, version: &str, dir: &Path) -> anyhow::Result<()> {
    let Some(previous) = previous_release(out, version)? else {
        return Ok(());
    };
    let name = previous
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let summary = crate::diff::summary_markdown(&previous, dir).with_context(|| {
        format!(
            "cannot compare with the previous release {}",
            previous.display()
        )
    })?;
    let text = format!("# Changes from {name} to v{version}\n\nMade by `kroniek diff {name} v{version}`.\n\n{summary}");
    std::fs::write(dir.join("CHANGELOG.md"), text).context("cannot write CHANGELOG.md")
}

/// Name of the lock file in the output folder.
pub const LOCK_FILE: &str = ".kroniek.lock";

/// Takes the output folder's lock, or fails at once when another build holds it.
fn lock_output_folder(out: &Path) -> anyhow::Result<std::fs::File> {
    let path = out.join(LOCK_FILE);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot create the lock file {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => bail!(
            "another kroniek build is writing to {} (it holds {}); wait for it to finish",
            out.display(),
            path.display()
        ),
        Err(std::fs::TryLockError::Error(err)) => {
            Err(err).with_context(|| format!("cannot lock {}", path.display()))
        }
    }
}

/// Removes staging folders that a killed build left behind. Only called with the lock
/// held, so no running build owns them.
fn remove_stale_staging(out: &Path) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(out).with_context(|| format!("cannot list {}", out.display()))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(".v") && name.contains(".partial-") && entry.path().is_dir() {
            std::fs::remove_dir_all(entry.path()).with_context(|| {
                format!(
                    "cannot remove the stale staging folder {}",
                    entry.path().display()
                )
            })?;
        }
    }
    Ok(())
}

/// The hidden folder a release is built in; removed unless it is published.
struct Staging {
    path: Option<PathBuf>,
}

impl Staging {
    /// A fresh folder at `path`, removed unless it is published.
    fn at(path: PathBuf) -> anyhow::Result<Staging> {
        std::fs::create_dir(&path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(Staging { path: Some(path) })
    }

    fn create(out: &Path, version: &str) -> anyhow::Result<Staging> {
        let path = out.join(format!(".v{version}.partial-{}", std::process::id()));
        if path.exists() {
            std::fs::remove_dir_all(&path)
                .with_context(|| format!("cannot clear {}", path.display()))?;
        }
        std::fs::create_dir(&path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(Staging { path: Some(path) })
    }

    fn path(&self) -> &Path {
        self.path
            .as_deref()
            .expect("staging folder exists until published")
    }

    /// Renames the finished folder into place (atomic on one file system), after every
    /// file in it is on disk; then makes the rename itself durable. A crash never leaves a
    /// published release with a file missing or cut short.
    fn publish(mut self, target: &Path) -> anyhow::Result<()> {
        sync_folder_and_files(self.path())?;
        let path = self.path.take().expect("not yet published");
        std::fs::rename(&path, target).with_context(|| {
            let _ = std::fs::remove_dir_all(&path);
            format!("cannot move the finished release into {}", target.display())
        })?;
        if let Some(parent) = target.parent() {
            sync_path(parent)?;
        }
        Ok(())
    }
}

/// Flushes every file of `dir` (not recursive: a release folder is flat), then `dir`.
fn sync_folder_and_files(dir: &Path) -> anyhow::Result<()> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot list {}", dir.display()))?
            .path();
        if path.is_file() {
            sync_path(&path)?;
        }
    }
    sync_path(dir)
}

/// Flushes a file or folder to disk. Folders are opened read-only for this, which Linux
/// and the BSDs allow; where a folder cannot be synced that way the error is ignored.
fn sync_path(path: &Path) -> anyhow::Result<()> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("cannot open {} to sync it", path.display()))?;
    match file.sync_all() {
        Err(_) if path.is_dir() => Ok(()),
        other => other.with_context(|| format!("cannot sync {} to disk", path.display())),
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if let Some(path) = &self.path {
            let _ = std::fs::remove_dir_all(path);
        }
    }
}

/// The table writers that take rows document by document.
struct Tables {
    documents: TableWriter,
    sentences: TableWriter,
    annotations: TableWriter,
    document_topics: TableWriter,
}

impl Tables {
    /// Creates the files of every table but `rejects` (written last, sorted).
    fn create(dir: &Path) -> Result<Tables, WriteError> {
        let schema = Schema::get();
        Ok(Tables {
            documents: TableWriter::create(schema.table("documents"), dir)?,
            sentences: TableWriter::create(schema.table("sentences"), dir)?,
            annotations: TableWriter::create(schema.table("annotations"), dir)?,
            document_topics: TableWriter::create(schema.table("document_topics"), dir)?,
        })
    }

    /// The writer of one of a document's tables.
    fn get(&mut self, table: DocTable) -> &mut TableWriter {
        match table {
            DocTable::Documents => &mut self.documents,
            DocTable::Sentences => &mut self.sentences,
            DocTable::Annotations => &mut self.annotations,
            DocTable::DocumentTopics => &mut self.document_topics,
        }
    }

    /// Sorts the rejects, writes the `rejects` table and closes every file.
    fn finish(self, dir: &Path, stats: &mut ReleaseStats) -> Result<(), WriteError> {
        stats.rejects.sort_by(|a, b| a.source.cmp(&b.source));
        let mut rejects = TableWriter::create(Schema::get().table("rejects"), dir)?;
        for reject in &stats.rejects {
            rejects.write_row(reject_row(reject)?)?;
        }
        for writer in [
            self.documents,
            self.sentences,
            self.annotations,
            self.document_topics,
            rejects,
        ] {
            let written = writer.finish()?;
            for (path, hash) in [
                (written.csv, written.csv_hash),
                (written.parquet, written.parquet_hash),
            ] {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                stats.outputs.insert(name.unwrap_or_default(), hash);
            }
        }
        Ok(())
    }
}

/// Streams every input through the pipeline into the tables, chunk by chunk.
fn write_tables(
    inventory: &Inventory,
    annotators: &Annotators,
    pool: &rayon::ThreadPool,
    dir: &Path,
    options: &ReleaseOptions,
) -> anyhow::Result<ReleaseStats> {
    let mut tables = Tables::create(dir)?;
    let mut stats = ReleaseStats {
        rejects: inventory.rejects.clone(),
        ignored: inventory.ignored.clone(),
        ..Default::default()
    };
    stats.spill_into(dir);
    stats.hold(options.spill);
    let bar = progress_bar(options.progress, inventory.files.len() as u64);
    let timings = Mutex::new(StageTimings::default());
    let mut write = Duration::ZERO;
    stream(
        Work {
            files: &inventory.files,
            shard: Shard { index: 0, count: 1 },
            annotators,
            pool,
            cancel: &options.cancel,
            timings: &timings,
        },
        EncodedChunk::new,
        |chunk| {
            let started = Instant::now();
            bar.inc(chunk.inputs() as u64);
            chunk.write(&mut tables, &mut stats)?;
            write += started.elapsed();
            Ok(())
        },
    )?;
    stats.timings += timings.into_inner().unwrap_or_else(|e| e.into_inner());
    stats.timings.write += write;
    bar.finish_and_clear();
    tables.finish(dir, &mut stats)?;
    Ok(stats)
}

fn progress_bar(enabled: bool, len: u64) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    // Drawn on stderr, and only when stderr is a terminal.
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {pos}/{len} documents [{bar:40}] {per_sec} eta {eta}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar
}

/// Names of the files that differ between two release folders (missing on either side
/// or with other bytes).
pub fn compare_folders(a: &Path, b: &Path) -> anyhow::Result<Vec<String>> {
    let list = |dir: &Path| -> anyhow::Result<Vec<String>> {
        let mut names = Vec::new();
        for entry in
            std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?
        {
            names.push(entry?.file_name().to_string_lossy().into_owned());
        }
        names.sort();
        Ok(names)
    };
    let (names_a, names_b) = (list(a)?, list(b)?);
    let mut all: Vec<String> = names_a.iter().chain(&names_b).cloned().collect();
    all.sort();
    all.dedup();
    let mut differing = Vec::new();
    for name in all {
        let (pa, pb) = (a.join(&name), b.join(&name));
        let same = match (sha256_file(&pa), sha256_file(&pb)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        };
        if !same {
            differing.push(name);
        }
    }
    Ok(differing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_must_be_semver_triples() {
        assert!(check_version("1.0.0").is_ok());
        assert!(check_version("10.20.3").is_ok());
        assert!(parse_version("1.10.0") > parse_version("1.9.0"));
        for bad in ["1.0", "v1.0.0", "1.0.0-rc1", "1..0", "", "a.b.c"] {
            assert!(check_version(bad).is_err(), "{bad}");
        }
    }

    /// The seeds twice over (`a/` and `b/`), so labels and names recur across documents
    /// and so across spills.
    fn seeds_twice(input: &Path) -> Option<()> {
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        for copy in ["a", "b"] {
            let dir = input.join(copy);
            std::fs::create_dir_all(&dir).ok()?;
            for entry in std::fs::read_dir(&seeds).ok()? {
                let path = entry.ok()?.path();
                if path.extension().is_some_and(|e| e == "txt") {
                    std::fs::copy(&path, dir.join(path.file_name()?)).ok()?;
                }
            }
        }
        Some(())
    }

    #[test]
    fn a_build_that_spills_everything_writes_the_same_release() {
        let work = tempfile::tempdir().expect("temp dir");
        let input = work.path().join("news");
        seeds_twice(&input).expect("copy the seeds");
        let held = build(&ReleaseOptions::new(
            &input,
            work.path().join("held"),
            "1.0.0",
        ))
        .expect("build");
        let stats = &held.stats;
        assert_eq!(stats.documents, 10);
        assert_eq!(
            (stats.inputs.runs(), stats.labels.runs()),
            (0, 0),
            "the defaults hold a small corpus in memory"
        );
        assert_eq!(stats.unknown_names.spills(), 0);
        for limit in [1, 2] {
            let mut options = ReleaseOptions::new(
                &input,
                work.path().join(format!("spilled-{limit}")),
                "1.0.0",
            );
            options.spill = SpillLimits {
                inputs: limit,
                labels: limit,
                names: limit,
            };
            options.threads = Some(2);
            let spilled = build(&options).expect("build");
            let stats = &spilled.stats;
            assert_eq!(stats.inputs.runs(), 10 / limit, "limit {limit}");
            assert!(
                stats.labels.runs() > 10,
                "limit {limit}: {}",
                stats.labels.runs()
            );
            // Three names in two of the five seeds: each copy of the seeds spills at
            // least once, and a name's second copy lands in a later spill.
            assert!(stats.unknown_names.spills() >= 2, "limit {limit}");
            let differing = compare_folders(&held.dir, &spilled.dir).expect("compare");
            assert!(differing.is_empty(), "limit {limit}: {differing:?}");
        }
    }
}
