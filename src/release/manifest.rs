//! `manifest.json` (what went in and what came out, with checksums) and
//! `datapackage.json` (the Frictionless Data Package describing every table file).
//!
//! Neither holds a wall-clock time or an absolute path: two builds of the same inputs
//! with the same code are byte-identical.

use super::ReleaseStats;
use crate::annotate::Annotators;
use crate::ingest::{sha256_file, sha256_hex};
use crate::schema::Schema;
use crate::segment;
use anyhow::Context;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::path::Path;

/// Name of the dataset in the descriptors.
pub const DATASET_NAME: &str = "kroniek";

/// One file of the release as recorded in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
// Fields in alphabetical order: see `Manifest`.
pub struct OutputFile {
    /// Size in bytes.
    pub bytes: u64,
    /// `csv` or `parquet`.
    pub format: String,
    /// File name inside the release folder.
    pub path: String,
    /// Data rows (the CSV header not counted).
    pub rows: u64,
    /// sha256 of the file, lower-case hex.
    pub sha256: String,
    /// The table it holds.
    pub table: String,
}

/// One input file as recorded in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct InputRecord {
    /// Path relative to the input folder.
    pub path: String,
    /// sha256 of its raw bytes, when they could be read.
    pub sha256: Option<String>,
    /// `document` or `rejected`.
    pub status: String,
}

fn news_mode() -> String {
    "news".into()
}

/// A recoverable problem in one input that was repaired rather than rejected.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Repair {
    /// Path relative to the input folder.
    pub path: String,
    /// What was repaired.
    pub repair: String,
}

/// One lexicon or vocabulary file the annotators read.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct LexiconRecord {
    /// Path relative to the repository root.
    pub path: String,
    /// sha256 of its contents.
    pub sha256: String,
}

/// `manifest.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
// Fields in alphabetical order: the manifest is written straight from this struct, and its
// key order has always been sorted (published manifests must stay byte-identical).
pub struct Manifest {
    /// Always [`DATASET_NAME`].
    pub dataset: String,
    /// The release's version.
    pub dataset_version: String,
    /// Files in the input folder ignored by rule (not `*.txt`, hidden, or a link to a folder).
    pub ignored: Vec<String>,
    /// Name of the input folder.
    pub input_folder: String,
    /// Every input file, sorted by path.
    pub inputs: Vec<InputRecord>,
    /// Version of the kroniek code that built it.
    pub kroniek_version: String,
    /// Every lexicon file.
    pub lexicons: Vec<LexiconRecord>,
    /// Every table file.
    pub outputs: Vec<OutputFile>,
    /// Inputs with a recoverable problem that was repaired: path and what was done.
    #[serde(default)]
    pub repaired: Vec<Repair>,
    /// Version of `schema/tables.json`.
    pub schema_version: String,
    /// How year-less dates were resolved (`news` or `future`; releases before the option
    /// existed used `news`).
    #[serde(default = "news_mode")]
    pub temporal_mode: String,
}

impl Manifest {
    /// Reads a release's manifest.
    pub fn read(release: &Path) -> anyhow::Result<Manifest> {
        let path = release.join("manifest.json");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        serde_json::from_str(&text)
            .with_context(|| format!("{}: not a kroniek manifest", path.display()))
    }
}

/// Writes `manifest.json` and `datapackage.json` for the table files already in `dir`.
pub(super) fn write_descriptors(
    dir: &Path,
    options: &super::ReleaseOptions,
    input_folder: &str,
    stats: &ReleaseStats,
) -> anyhow::Result<()> {
    let schema = Schema::get();
    let mut outputs = Vec::new();
    for table in &schema.tables {
        let rows = match table.name.as_str() {
            "documents" => stats.documents,
            "sentences" => stats.sentences,
            "annotations" => stats.annotations.values().sum(),
            "document_topics" => stats.document_topics,
            "rejects" => stats.rejects.len() as u64,
            other => anyhow::bail!("no row count for table {other}"),
        };
        for format in ["csv", "parquet"] {
            let path = format!("{}.{format}", table.name);
            let (bytes, sha256) = sha256_file(&dir.join(&path))
                .with_context(|| format!("cannot read back {path}"))?;
            outputs.push(OutputFile {
                path,
                table: table.name.clone(),
                format: format.into(),
                rows,
                bytes,
                sha256,
            });
        }
    }

    let mut inputs: Vec<InputRecord> = stats
        .inputs
        .iter()
        .map(|(path, sha)| InputRecord {
            path: path.clone(),
            sha256: Some(sha.clone()),
            status: "document".into(),
        })
        .chain(stats.rejects.iter().map(|r| InputRecord {
            path: r.source.clone(),
            sha256: r.sha256.clone(),
            status: "rejected".into(),
        }))
        .collect();
    inputs.sort_by(|a, b| a.path.cmp(&b.path));

    let lexicons = Annotators::lexicon_files()
        .into_iter()
        .chain(segment::LEXICON_FILES.iter().copied())
        .map(|f| LexiconRecord {
            path: f.path.into(),
            sha256: sha256_hex(f.contents.as_bytes()),
        })
        .collect();

    let manifest = Manifest {
        dataset: DATASET_NAME.into(),
        dataset_version: options.version.clone(),
        temporal_mode: options.temporal_mode.as_str().into(),
        schema_version: schema.schema_version.clone(),
        kroniek_version: env!("CARGO_PKG_VERSION").into(),
        input_folder: input_folder.into(),
        inputs,
        ignored: stats.ignored.clone(),
        repaired: stats
            .repaired
            .iter()
            .map(|(path, repair)| Repair {
                path: path.clone(),
                repair: repair.clone(),
            })
            .collect(),
        outputs,
        lexicons,
    };
    write_json(&dir.join("datapackage.json"), &datapackage(&manifest))?;
    // Streamed from the struct: a JSON value tree of every input would grow with the corpus.
    let path = dir.join("manifest.json");
    let file =
        std::fs::File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    serde_json::to_writer_pretty(&mut out, &manifest)?;
    std::io::Write::write_all(&mut out, b"\n")?;
    std::io::Write::flush(&mut out).with_context(|| format!("cannot write {}", path.display()))
}

/// The Frictionless Data Package (v2) describing every table file of a release.
pub fn datapackage(manifest: &Manifest) -> Value {
    let schema = Schema::get();
    let resources: Vec<Value> = manifest
        .outputs
        .iter()
        .map(|out| {
            let table = schema.table(&out.table);
            let mut resource = json!({
                "name": format!("{}_{}", out.table, out.format),
                "type": "table",
                "path": out.path,
                "format": out.format,
                "description": table.description,
                "schema": table.frictionless_schema(),
            });
            if out.format == "csv" {
                resource["bytes"] = json!(out.bytes);
                resource["hash"] = json!(format!("sha256:{}", out.sha256));
                resource["mediatype"] = json!("text/csv");
                resource["encoding"] = json!("utf-8");
                resource["dialect"] = json!({
                    "header": true,
                    "delimiter": ",",
                    "lineTerminator": "\n",
                    "quoteChar": "\"",
                    "doubleQuote": true,
                });
            } else {
                resource["mediatype"] = json!("application/vnd.apache.parquet");
                // frictionless-py reads Parquet through a reader that cannot count bytes, so
                // it would fail any declared `bytes`/`hash`; manifest.json holds both.
                // Foreign keys are declared once, between the CSV resources.
                resource["schema"]["foreignKeys"] = json!([]);
            }
            resource
        })
        .collect();
    json!({
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": DATASET_NAME,
        "title": "kroniek: annotated Dutch news",
        "version": manifest.dataset_version,
        "description": format!(
            "Dutch news articles segmented into sentences and annotated with dates, actors and topics. \
             Schema version {}, built by kroniek {}.",
            manifest.schema_version, manifest.kroniek_version
        ),
        "resources": resources,
    })
}

fn write_json(path: &Path, value: &Value) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}
