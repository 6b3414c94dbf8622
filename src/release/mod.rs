//! Stage 6: a versioned, immutable release folder `OUT/vX.Y.Z/`.
//!
//! Documents stream through the stages in bounded batches: parallel within a batch
//! (rayon), written in input order, so memory does not grow with the corpus and the
//! bytes written do not depend on the thread count. Everything is built in a hidden
//! temporary folder beside the release and renamed into place at the end, so a failed
//! or interrupted build leaves no half-written release. A release that already exists
//! is never overwritten: building it again succeeds only when the result is
//! byte-identical.

mod card;
mod manifest;

pub use manifest::{Manifest, OutputFile};

use crate::annotate::Annotators;
use crate::ingest::{self, InputFile, Inventory};
use crate::model::{AnnotatedDocument, Layer, NormaliseStats, Reject};
use crate::pipeline;
use crate::schema::Schema;
use crate::write::rows::{document_rows, reject_row};
use crate::write::{TableWriter, WriteError, WrittenTable};
use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Documents processed together; bounds memory whatever the corpus size.
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
    /// Annotations per layer and label.
    pub labels: BTreeMap<(Layer, String), u64>,
    /// Date annotations per TIMEX3 type and precision.
    pub date_kinds: BTreeMap<(String, String), u64>,
    /// Source path and sha256 of every input that became a document, in doc_id order.
    pub inputs: Vec<(String, String)>,
    /// Input files rejected.
    pub rejects: Vec<Reject>,
    /// Files ignored by rule.
    pub ignored: Vec<String>,
    /// What the normaliser repaired.
    pub normalise: NormaliseStats,
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

/// Builds release `options.version` of `options.input` under `options.out`.
pub fn build(options: &ReleaseOptions) -> anyhow::Result<ReleaseSummary> {
    let started = Instant::now();
    check_version(&options.version)?;
    let inventory = ingest::scan(&options.input)?;
    std::fs::create_dir_all(&options.out)
        .with_context(|| format!("cannot create the output folder {}", options.out.display()))?;
    let final_dir = options.out.join(format!("v{}", options.version));
    let staging = Staging::create(&options.out, &options.version)?;

    let annotators = Annotators::new()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads.unwrap_or(0))
        .build()
        .context("cannot start the worker threads")?;
    let stats = write_tables(
        &inventory,
        &annotators,
        &pool,
        staging.path(),
        options.progress,
    )?;
    let folder_name = options
        .input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| ".".into());
    manifest::write_descriptors(staging.path(), &options.version, &folder_name, &stats)?;
    card::write(staging.path(), &options.version, &stats)?;

    let outcome = if final_dir.exists() {
        let differences = compare_folders(staging.path(), &final_dir)?;
        if !differences.is_empty() {
            bail!(
                "release {} already exists and is never overwritten; this build differs in: {}. \
                 Build it under a new version instead.",
                final_dir.display(),
                differences.join(", ")
            );
        }
        Outcome::Identical
    } else {
        staging.publish(&final_dir)?;
        Outcome::Created
    };
    Ok(ReleaseSummary {
        dir: final_dir,
        outcome,
        stats,
        elapsed: started.elapsed(),
    })
}

/// A dataset version must be `X.Y.Z` with numeric parts.
fn check_version(version: &str) -> anyhow::Result<()> {
    let parts: Vec<&str> = version.split('.').collect();
    let numeric = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if parts.len() != 3 || !parts.iter().all(numeric) {
        bail!("dataset version {version:?} is not of the form X.Y.Z (for example 1.0.0)");
    }
    Ok(())
}

/// The hidden folder a release is built in; removed unless it is published.
struct Staging {
    path: Option<PathBuf>,
}

impl Staging {
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

    /// Renames the finished folder into place (atomic on one file system).
    fn publish(mut self, target: &Path) -> anyhow::Result<()> {
        let path = self.path.take().expect("not yet published");
        std::fs::rename(&path, target).with_context(|| {
            let _ = std::fs::remove_dir_all(&path);
            format!("cannot move the finished release into {}", target.display())
        })
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

/// Streams every input through the pipeline into the tables, batch by batch.
fn write_tables(
    inventory: &Inventory,
    annotators: &Annotators,
    pool: &rayon::ThreadPool,
    dir: &Path,
    progress: bool,
) -> anyhow::Result<ReleaseStats> {
    let schema = Schema::get();
    let mut tables = Tables {
        documents: TableWriter::create(schema.table("documents"), dir)?,
        sentences: TableWriter::create(schema.table("sentences"), dir)?,
        annotations: TableWriter::create(schema.table("annotations"), dir)?,
        document_topics: TableWriter::create(schema.table("document_topics"), dir)?,
    };
    let mut stats = ReleaseStats {
        rejects: inventory.rejects.clone(),
        ignored: inventory.ignored.clone(),
        ..Default::default()
    };
    let bar = progress_bar(progress, inventory.files.len() as u64);
    for batch in inventory.files.chunks(BATCH_SIZE) {
        let processed: Vec<Result<AnnotatedDocument, Reject>> = pool.install(|| {
            batch
                .par_iter()
                .map(|file: &InputFile| pipeline::process(file, annotators))
                .collect()
        });
        for result in processed {
            match result {
                Ok(doc) => write_document(&doc, &mut tables, &mut stats)?,
                Err(reject) => stats.rejects.push(reject),
            }
        }
        bar.inc(batch.len() as u64);
    }
    bar.finish_and_clear();
    stats.rejects.sort_by(|a, b| a.source.cmp(&b.source));
    let mut rejects = TableWriter::create(schema.table("rejects"), dir)?;
    for reject in &stats.rejects {
        rejects.write_row(reject_row(reject)?)?;
    }
    for writer in [
        tables.documents,
        tables.sentences,
        tables.annotations,
        tables.document_topics,
        rejects,
    ] {
        finish(writer)?;
    }
    Ok(stats)
}

fn finish(writer: TableWriter) -> Result<WrittenTable, WriteError> {
    writer.finish()
}

fn write_document(
    doc: &AnnotatedDocument,
    tables: &mut Tables,
    stats: &mut ReleaseStats,
) -> anyhow::Result<()> {
    let rows = document_rows(doc).with_context(|| format!("document {}", doc.document.doc_id))?;
    tables.documents.write_row(rows.document)?;
    for row in rows.sentences {
        tables.sentences.write_row(row)?;
    }
    for row in rows.annotations {
        tables.annotations.write_row(row)?;
    }
    stats.document_topics += rows.document_topics.len() as u64;
    for row in rows.document_topics {
        tables.document_topics.write_row(row)?;
    }
    stats.documents += 1;
    stats.inputs.push((
        doc.document.source.clone(),
        doc.document.source_sha256.clone(),
    ));
    stats.sentences += doc.sentences.len() as u64;
    stats.normalise += doc.document.stats;
    for annotation in &doc.annotations {
        let layer = annotation.layer();
        *stats.annotations.entry(layer).or_default() += 1;
        *stats
            .labels
            .entry((layer, annotation.label.clone()))
            .or_default() += 1;
        if let crate::model::Detail::Date(d) = &annotation.detail {
            let key = (
                d.timex_type.as_str().to_string(),
                d.precision.as_str().to_string(),
            );
            *stats.date_kinds.entry(key).or_default() += 1;
        }
    }
    Ok(())
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
        let same = match (std::fs::read(&pa), std::fs::read(&pb)) {
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
        for bad in ["1.0", "v1.0.0", "1.0.0-rc1", "1..0", "", "a.b.c"] {
            assert!(check_version(bad).is_err(), "{bad}");
        }
    }
}
