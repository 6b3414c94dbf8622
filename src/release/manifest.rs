//! `manifest.json` (what went in and what came out, with checksums) and
//! `datapackage.json` (the Frictionless Data Package describing every table file).
//!
//! Neither holds a wall-clock time or an absolute path: two builds of the same inputs
//! with the same code are byte-identical.

use super::spill::SortedSpill;
use super::ReleaseStats;
use crate::annotate::Annotators;
use crate::ingest::{hex, sha256_hex};
use crate::model::Reject;
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
    /// Always `kroniek` (`DATASET_NAME`).
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
            let hash = stats
                .outputs
                .get(&path)
                .with_context(|| format!("internal error: {path} was not written"))?;
            outputs.push(OutputFile {
                path,
                table: table.name.clone(),
                format: format.into(),
                rows,
                bytes: hash.bytes,
                sha256: hash.sha256.clone(),
            });
        }
    }

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
        // Streamed below from the compact log: a copy of every record would grow with
        // the corpus.
        inputs: Vec::new(),
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
    let view = ManifestView::new(&manifest, Inputs::new(&stats.inputs, &stats.rejects));
    let path = dir.join("manifest.json");
    let file =
        std::fs::File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    serde_json::to_writer_pretty(&mut out, &view)?;
    std::io::Write::write_all(&mut out, b"\n")?;
    std::io::Write::flush(&mut out).with_context(|| format!("cannot write {}", path.display()))
}

/// Records of the input log held in memory before a sorted run goes to disk (about
/// 80 bytes each).
pub(crate) const INPUTS_HELD: usize = 1 << 16;

/// Source path and sha256 of every input that became a document, for the manifest.
/// Memory does not grow with the corpus: past `INPUTS_HELD` (65 536) records, or a
/// release's [`SpillLimits::inputs`](super::SpillLimits::inputs), they are spilled to
/// sorted runs (in the release's staging folder) and merged back in path order.
#[derive(Debug, Clone)]
pub struct InputLog {
    records: SortedSpill<(String, [u8; 32])>,
}

impl Default for InputLog {
    fn default() -> Self {
        InputLog::holding(INPUTS_HELD)
    }
}

impl InputLog {
    /// A log that holds `records` in memory at most.
    fn holding(records: usize) -> Self {
        InputLog {
            records: SortedSpill::new(records),
        }
    }

    /// Writes spilled records into `dir` from now on.
    pub fn spill_into(&mut self, dir: &Path) {
        self.records.spill_into(dir);
    }

    /// Holds at most `records` in memory from the next push on.
    pub(crate) fn hold(&mut self, records: usize) {
        self.records.hold(records);
    }

    /// Sorted runs written to disk so far.
    #[cfg(test)]
    pub(crate) fn runs(&self) -> usize {
        self.records.runs()
    }

    /// Adds one input; `sha256` is lower-case hex.
    pub fn push(&mut self, path: &str, sha256: &str) -> anyhow::Result<()> {
        let digest = decode_sha256(sha256)
            .with_context(|| format!("{path}: {sha256:?} is not a sha256 in hex"))?;
        self.records.push((path.to_string(), digest))
    }

    /// Number of inputs.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Path and lower-case hex sha256 of every input, in path order.
    pub fn in_path_order(
        &self,
    ) -> anyhow::Result<impl Iterator<Item = anyhow::Result<(String, String)>> + '_> {
        // Paths are unique, so ordering the pairs orders the paths.
        Ok(self
            .records
            .sorted()?
            .map(|record| record.map(|(path, digest)| (path, hex(&digest)))))
    }
}

fn decode_sha256(text: &str) -> Option<[u8; 32]> {
    let bytes = text.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let nibble = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    };
    let mut digest = [0u8; 32];
    for (out, pair) in digest.iter_mut().zip(bytes.chunks_exact(2)) {
        *out = nibble(pair[0])? << 4 | nibble(pair[1])?;
    }
    Some(digest)
}

/// The manifest's `inputs`: the documents of an [`InputLog`] and the rejects, merged
/// in path order as they are serialised.
struct Inputs<'a> {
    log: &'a InputLog,
    /// The rejects, in path order.
    rejects: Vec<&'a Reject>,
}

impl<'a> Inputs<'a> {
    fn new(log: &'a InputLog, rejects: &'a [Reject]) -> Self {
        let mut rejects: Vec<&Reject> = rejects.iter().collect();
        rejects.sort_by(|a, b| a.source.cmp(&b.source));
        Inputs { log, rejects }
    }

    /// Every record in path order.
    fn records(&self) -> anyhow::Result<impl Iterator<Item = anyhow::Result<InputRecord>> + '_> {
        let mut documents = self.log.in_path_order()?.peekable();
        let mut rejects = self.rejects.iter().peekable();
        Ok(std::iter::from_fn(move || {
            let document_first = match (documents.peek(), rejects.peek()) {
                (Some(Ok((path, _))), Some(r)) => path.as_str() <= r.source.as_str(),
                // An error is reported at once.
                (Some(Err(_)), _) | (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => return None,
            };
            Some(if document_first {
                documents.next()?.map(|(path, sha256)| InputRecord {
                    path,
                    sha256: Some(sha256),
                    status: "document".into(),
                })
            } else {
                let r = rejects.next()?;
                Ok(InputRecord {
                    path: r.source.clone(),
                    sha256: r.sha256.clone(),
                    status: "rejected".into(),
                })
            })
        }))
    }
}

impl Serialize for Inputs<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut seq = serializer.serialize_seq(Some(self.log.len() + self.rejects.len()))?;
        for record in self.records().map_err(S::Error::custom)? {
            seq.serialize_element(&record.map_err(S::Error::custom)?)?;
        }
        seq.end()
    }
}

/// A [`Manifest`] as written, with its inputs streamed from an [`Inputs`]: the same
/// fields in the same order, so the bytes are those of the struct.
#[derive(Serialize)]
struct ManifestView<'a> {
    dataset: &'a str,
    dataset_version: &'a str,
    ignored: &'a [String],
    input_folder: &'a str,
    inputs: Inputs<'a>,
    kroniek_version: &'a str,
    lexicons: &'a [LexiconRecord],
    outputs: &'a [OutputFile],
    repaired: &'a [Repair],
    schema_version: &'a str,
    temporal_mode: &'a str,
}

impl<'a> ManifestView<'a> {
    /// `manifest` with `inputs` in place of its own.
    fn new(manifest: &'a Manifest, inputs: Inputs<'a>) -> Self {
        let Manifest {
            dataset,
            dataset_version,
            ignored,
            input_folder,
            inputs: _,
            kroniek_version,
            lexicons,
            outputs,
            repaired,
            schema_version,
            temporal_mode,
        } = manifest;
        ManifestView {
            dataset,
            dataset_version,
            ignored,
            input_folder,
            inputs,
            kroniek_version,
            lexicons,
            outputs,
            repaired,
            schema_version,
            temporal_mode,
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn reject(source: &str, sha256: Option<&str>) -> Reject {
        Reject {
            source: source.into(),
            reason: "bad_header",
            message: format!("{source}: no header"),
            sha256: sha256.map(str::to_string),
        }
    }

    /// The manifest as it was written before the inputs were streamed: records
    /// collected, sorted by path, and the whole struct serialised.
    fn collected(manifest: &Manifest, docs: &[(&str, String)], rejects: &[Reject]) -> String {
        let mut inputs: Vec<InputRecord> = docs
            .iter()
            .map(|(path, sha)| InputRecord {
                path: path.to_string(),
                sha256: Some(sha.clone()),
                status: "document".into(),
            })
            .chain(rejects.iter().map(|r| InputRecord {
                path: r.source.clone(),
                sha256: r.sha256.clone(),
                status: "rejected".into(),
            }))
            .collect();
        inputs.sort_by(|a, b| a.path.cmp(&b.path));
        let mut manifest = manifest.clone();
        manifest.inputs = inputs;
        serde_json::to_string_pretty(&manifest).unwrap()
    }

    #[test]
    fn streamed_inputs_give_the_bytes_of_the_collected_manifest() {
        // Documents in doc_id order, which is not path order (`a-b.txt` < `a.txt`).
        let docs: Vec<(&str, String)> = ["a.txt", "a-b.txt", "b/c.txt", "b.TXT", "é.txt"]
            .iter()
            .map(|p| (*p, sha256_hex(p.as_bytes())))
            .collect();
        let rejects = vec![
            reject("b/a.txt", Some(&sha256_hex(b"x"))),
            reject("0.txt", None),
            reject("z.txt", None),
        ];
        let manifest = Manifest {
            dataset: DATASET_NAME.into(),
            dataset_version: "1.2.3".into(),
            ignored: vec!["notes.md".into()],
            input_folder: "in".into(),
            inputs: Vec::new(),
            kroniek_version: "0.1.0".into(),
            lexicons: vec![LexiconRecord {
                path: "schema/x.csv".into(),
                sha256: sha256_hex(b"lexicon"),
            }],
            outputs: Vec::new(),
            repaired: vec![Repair {
                path: "a.txt".into(),
                repair: "day 00".into(),
            }],
            schema_version: "2.0.0".into(),
            temporal_mode: "news".into(),
        };
        // Held in memory, and spilled to runs of one and of two records.
        let dir = tempfile::tempdir().unwrap();
        let mut all = Vec::new();
        for held in [INPUTS_HELD, 1, 2] {
            let mut log = InputLog::holding(held);
            log.spill_into(dir.path());
            for (path, sha) in &docs {
                log.push(path, sha).unwrap();
            }
            let view = ManifestView::new(&manifest, Inputs::new(&log, &rejects));
            all.push(serde_json::to_string_pretty(&view).unwrap());
        }
        let streamed = &all[0];
        assert_eq!(*streamed, collected(&manifest, &docs, &rejects));
        assert!(all.iter().all(|s| s == streamed));
        let read: Manifest = serde_json::from_str(streamed).unwrap();
        assert_eq!(read.inputs.len(), 8);
        assert_eq!(read.inputs[0].path, "0.txt");
    }

    #[test]
    fn the_input_log_keeps_paths_and_checksums() {
        let mut log = InputLog::default();
        let sha = sha256_hex(b"text");
        log.push("x/ü.txt", &sha).unwrap();
        log.push("y.txt", &sha256_hex(b"")).unwrap();
        let records: Vec<(String, String)> = log
            .in_path_order()
            .unwrap()
            .collect::<anyhow::Result<_>>()
            .unwrap();
        assert_eq!(records[0], ("x/ü.txt".to_string(), sha.clone()));
        assert_eq!(records[1].0, "y.txt");
        assert!(log.push("z.txt", "not hex").is_err());
        assert!(log.push("z.txt", &sha.to_uppercase()).is_err());
        assert_eq!(log.len(), 2);
    }
}
