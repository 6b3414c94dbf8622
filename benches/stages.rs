//! Per-stage throughput on one thread: normalise, segment, each annotator, and the
//! writers (rows → CSV + Parquet). Run with `make bench` or
//! `cargo bench --bench stages -- CORPUS_DIR [MAX_MB]`.
//!
//! Reads the articles of CORPUS_DIR (made by `examples/gen_corpus.rs`), keeps them in
//! memory, and times each stage over all of them. MB/s counts input text bytes.
//! The writer stage is timed in parts, best of three: `write: rows, encoded` (typed
//! structs to rows, encoded as CSV bytes and Arrow columns: parallel in a release), then
//! each format's writer alone, `write: CSV files` and `write: Parquet files` (the encoded
//! rows appended, encoded and hashed: serial, on a thread named `writer` for `perf report
//! --comm writer`), and their sum; then what each table adds, its rows and both its
//! files (`write: annotations table`: a row per date, actor and topic). `--write-only`
//! skips the per-annotator timings. `annotate: chunks of N` runs the three annotators
//! over chunks of N documents, one annotator at a time per chunk, as a release does.

use kroniek::annotate::actors::ActorMatcher;
use kroniek::annotate::dates::DateTagger;
use kroniek::annotate::topics::TopicCoder;
use kroniek::annotate::{Annotator, Annotators};
use kroniek::model::{AnnotatedDocument, Document, SourceFile};
use kroniek::normalise::normalise;
use kroniek::segment::segment;
use kroniek::write::rows::{write_document_rows, DocTable, RowSink};
use kroniek::write::{Cell, EncodedRows, TableEncoder, TableWriter, WriteError};
use kroniek::{ingest, pipeline, schema::Schema};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn sources(dir: &Path, max_bytes: u64) -> Vec<SourceFile> {
    let inventory = ingest::scan(dir).expect("corpus folder");
    let mut out = Vec::new();
    let mut total = 0u64;
    for file in inventory.files.iter() {
        let Ok(source) = ingest::read(&file) else {
            continue;
        };
        total += source.body.len() as u64;
        out.push(source);
        if total >= max_bytes {
            break;
        }
    }
    out
}

fn report(stage: &str, bytes: u64, sentences: u64, secs: f64) {
    println!(
        "{stage:<24} {:>9.1} MB/s {:>12.0} sentences/s {:>8.3} s",
        bytes as f64 / 1e6 / secs,
        sentences as f64 / secs,
        secs
    );
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let dir = PathBuf::from(
        args.first()
            .map(String::as_str)
            .unwrap_or("target/bench/corpus-100"),
    );
    let max_mb: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    // `--write-only` skips the per-annotator timings (for profiling the writers).
    let write_only = std::env::args().any(|a| a == "--write-only");
    let sources = sources(&dir, max_mb * 1024 * 1024);
    let bytes: u64 = sources.iter().map(|s| s.body.len() as u64).sum();
    println!(
        "corpus {}: {} articles, {:.1} MB (one thread)\n",
        dir.display(),
        sources.len(),
        bytes as f64 / 1e6
    );

    let started = Instant::now();
    let normalised: Vec<_> = sources.iter().map(|s| normalise(&s.body)).collect();
    report("normalise", bytes, 0, started.elapsed().as_secs_f64());

    let started = Instant::now();
    let segmented: Vec<_> = normalised.iter().map(|n| segment(&n.text)).collect();
    let n_sentences: u64 = segmented.iter().map(|s| s.sentences.len() as u64).sum();
    report(
        "segment",
        bytes,
        n_sentences,
        started.elapsed().as_secs_f64(),
    );

    let documents: Vec<Document> = sources
        .iter()
        .zip(&normalised)
        .map(|(s, n)| Document::from_text(&s.doc_id, s.published.clone(), n.text.clone()))
        .collect();
    let layers: [(&str, Box<dyn Annotator>); 3] = [
        (
            "annotate: dates",
            Box::new(DateTagger::new().expect("dates")),
        ),
        (
            "annotate: actors",
            Box::new(ActorMatcher::new().expect("actors")),
        ),
        (
            "annotate: topics",
            Box::new(TopicCoder::new().expect("topics")),
        ),
    ];
    for (name, layer) in layers.iter().filter(|_| !write_only) {
        let started = Instant::now();
        let mut out = Vec::new();
        for (doc, seg) in documents.iter().zip(&segmented) {
            out.clear();
            layer.annotate(doc, &seg.sentences, &mut out);
        }
        report(name, bytes, n_sentences, started.elapsed().as_secs_f64());
    }

    let annotators = Annotators::new().expect("annotators");
    // All three layers over chunks of documents, one layer at a time per chunk (as a
    // release does): chunks of 1 switch layers after every document.
    for chunk in [1, 8, 16, 32].into_iter().filter(|_| !write_only) {
        let started = Instant::now();
        let mut timings = [Duration::ZERO; 3];
        for (docs, segs) in documents.chunks(chunk).zip(segmented.chunks(chunk)) {
            let mut annotated: Vec<AnnotatedDocument> = docs
                .iter()
                .zip(segs)
                .map(|(doc, seg)| AnnotatedDocument {
                    document: doc.clone(),
                    sentences: seg.sentences.clone(),
                    annotations: Vec::new(),
                    n_paragraphs: seg.n_paragraphs,
                })
                .collect();
            annotators.annotate_chunk_timed(&mut annotated, &mut timings);
        }
        report(
            &format!("annotate: chunks of {chunk}"),
            bytes,
            n_sentences,
            started.elapsed().as_secs_f64(),
        );
    }

    let started = Instant::now();
    let annotated: Vec<AnnotatedDocument> = sources
        .into_iter()
        .map(|s| pipeline::annotate_source(s, &annotators))
        .collect();
    report(
        "stages 2-4 together",
        bytes,
        n_sentences,
        started.elapsed().as_secs_f64(),
    );

    // The writer stage in parts: building and encoding the rows (parallel in a release,
    // on the workers), then writing the encoded rows into the files (serial, on the
    // writer thread), each format's writer alone. Best of three: the machine is shared.
    let mut best_encode = f64::MAX;
    let mut best_csv = f64::MAX;
    let mut best_parquet = f64::MAX;
    for _ in 0..3 {
        let started = Instant::now();
        let encoded = encode_chunks(&annotated, &TABLES);
        best_encode = best_encode.min(started.elapsed().as_secs_f64());
        let (csv, parquet): (Vec<Vec<EncodedRows>>, Vec<Vec<EncodedRows>>) = encoded
            .into_iter()
            .map(|chunk| chunk.into_iter().map(EncodedRows::split).unzip())
            .unzip();
        best_csv = best_csv.min(timed_on_writer_thread(csv, &TABLES));
        best_parquet = best_parquet.min(timed_on_writer_thread(parquet, &TABLES));
    }
    report("write: rows, encoded", bytes, n_sentences, best_encode);
    report("write: CSV files", bytes, n_sentences, best_csv);
    report("write: Parquet files", bytes, n_sentences, best_parquet);
    report(
        "write: files (both)",
        bytes,
        n_sentences,
        best_csv + best_parquet,
    );

    // What each table adds to the writer stage: the time to encode and write every
    // table (both formats) less the time without that table. Rows of a table left out
    // are still built (the sentence rows need the annotations anyway), not encoded.
    let all = write_cost(&annotated, &TABLES);
    for table in TABLES {
        let others: Vec<DocTable> = TABLES.into_iter().filter(|t| *t != table).collect();
        let adds = all - write_cost(&annotated, &others);
        report(
            &format!("write: {} table", table.name()),
            bytes,
            n_sentences,
            adds,
        );
    }
}

/// Seconds, best of three, to encode the rows of `tables` and write them in both
/// formats.
fn write_cost(annotated: &[AnnotatedDocument], tables: &[DocTable]) -> f64 {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            let encoded = encode_chunks(annotated, tables);
            let encoding = started.elapsed().as_secs_f64();
            encoding + timed_on_writer_thread(encoded, tables)
        })
        .fold(f64::MAX, f64::min)
}

/// Seconds to write `encoded` into `tables`, on a thread named as in a profile's
/// `--comm writer`.
fn timed_on_writer_thread(encoded: Vec<Vec<EncodedRows>>, tables: &[DocTable]) -> f64 {
    let tables = tables.to_vec();
    let started = Instant::now();
    std::thread::Builder::new()
        .name("writer".into())
        .spawn(move || write_tables(encoded, &tables))
        .expect("writer thread")
        .join()
        .expect("writer finished");
    started.elapsed().as_secs_f64()
}

/// The tables a bench writes: the three big ones.
const TABLES: [DocTable; 3] = [
    DocTable::Documents,
    DocTable::Sentences,
    DocTable::Annotations,
];

/// An encoder per table of `tables`, filled as a release's workers fill theirs; the rows
/// of other tables are built but not encoded.
struct Encoders<'t> {
    tables: &'t [DocTable],
    encoders: Vec<TableEncoder>,
}

impl RowSink for Encoders<'_> {
    fn row(&mut self, table: DocTable, cells: &[Cell<'_>]) -> Result<(), WriteError> {
        match self.tables.iter().position(|t| *t == table) {
            Some(i) => self.encoders[i].push(cells),
            None => Ok(()),
        }
    }
}

/// The rows of `tables` for the documents, encoded per chunk of 32 documents as a
/// release does: a list per chunk, in the order of `tables`.
fn encode_chunks(annotated: &[AnnotatedDocument], tables: &[DocTable]) -> Vec<Vec<EncodedRows>> {
    let schema = Schema::get();
    annotated
        .chunks(32)
        .map(|docs| {
            let mut encoders = Encoders {
                tables,
                encoders: tables
                    .iter()
                    .map(|t| TableEncoder::new(schema.table(t.name()), 0))
                    .collect(),
            };
            for doc in docs {
                write_document_rows(doc, &mut encoders).expect("rows");
            }
            encoders
                .encoders
                .iter_mut()
                .map(|e| e.take().expect("encoded"))
                .collect()
        })
        .collect()
}

/// Writes the encoded rows into `tables`, in a temporary folder.
fn write_tables(encoded: Vec<Vec<EncodedRows>>, tables: &[DocTable]) {
    let out = tempfile::tempdir().expect("temp dir");
    let schema = Schema::get();
    let mut writers: Vec<TableWriter> = tables
        .iter()
        .map(|t| TableWriter::create(schema.table(t.name()), out.path()).expect("writer"))
        .collect();
    for chunk in encoded {
        for (writer, rows) in writers.iter_mut().zip(chunk) {
            writer.append(rows).expect("write");
        }
    }
    for writer in writers {
        writer.finish().expect("finish");
    }
}
