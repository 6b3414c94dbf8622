//! `kroniek validate`: checks a release folder against the schema, its manifest and its
//! keys, streaming every table once (tables are sorted by document, so documents,
//! sentences and annotations are walked side by side in bounded memory).
//!
//! Checks: every file of the manifest exists with its bytes, sha256 and row count;
//! headers and Parquet schemas are the schema's; every CSV value parses as its column's
//! type, required values are present and enumerated values allowed; each Parquet file
//! holds exactly the rows of its CSV twin; rows are sorted and keys unique; every
//! sentence's document and every annotation's sentence exists; offsets lie inside the
//! text; and every sentence and span text equals the document text at its offsets.

use crate::ingest::sha256_file;
use crate::release::Manifest;
use crate::schema::{Column, ColumnType, Schema, Table};
use arrow_array::{
    Array, BooleanArray, Date32Array, Float64Array, Int32Array, Int64Array, RecordBatch,
    StringArray,
};
use arrow_schema::DataType;
use chrono::NaiveDate;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::fmt;
use std::fs::File;
use std::iter::Peekable;
use std::path::Path;

/// How many problems are listed in full; the rest are counted.
const MAX_LISTED: usize = 50;

/// The findings of [`validate`].
#[derive(Debug, Default)]
pub struct Report {
    /// Problems found, in the order found: at most `MAX_LISTED` (50), where
    /// [`n_problems`](Self::n_problems) counts them all.
    pub problems: Vec<String>,
    /// Problems found in all.
    pub n_problems: usize,
    /// What was checked, one line each.
    pub checked: Vec<String>,
}

impl Report {
    /// True when no problem was found.
    pub fn is_ok(&self) -> bool {
        self.n_problems == 0
    }

    fn problem(&mut self, text: String) {
        self.n_problems += 1;
        if self.problems.len() < MAX_LISTED {
            self.problems.push(text);
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in &self.checked {
            writeln!(f, "ok: {line}")?;
        }
        for p in &self.problems {
            writeln!(f, "problem: {p}")?;
        }
        if self.n_problems > self.problems.len() {
            writeln!(
                f,
                "... and {} more problems",
                self.n_problems - self.problems.len()
            )?;
        }
        if self.is_ok() {
            write!(f, "valid")
        } else {
            write!(f, "INVALID: {} problems", self.n_problems)
        }
    }
}

/// Validates the release in `dir`. An error means the folder could not be read as a
/// release at all; problems with its contents are in the report.
pub fn validate(dir: &Path) -> anyhow::Result<Report> {
    let manifest = Manifest::read(dir)?;
    let schema = Schema::get();
    let mut report = Report::default();
    if manifest.schema_version.split('.').next() != Some(schema.major()) {
        report.problem(format!(
            "schema version {} of the release is not readable by this kroniek (schema {})",
            manifest.schema_version, schema.schema_version
        ));
        return Ok(report);
    }
    check_files(dir, &manifest, &mut report);
    if !report.is_ok() {
        return Ok(report);
    }
    for table in &schema.tables {
        check_table(dir, table, &manifest, &mut report)?;
    }
    check_keys_and_offsets(dir, &mut report)?;
    check_document_topics(dir, &mut report)?;
    Ok(report)
}

/// Every output of the manifest exists with the recorded bytes and checksum.
fn check_files(dir: &Path, manifest: &Manifest, report: &mut Report) {
    for table in &Schema::get().tables {
        for format in ["csv", "parquet"] {
            let name = format!("{}.{format}", table.name);
            if !manifest.outputs.iter().any(|o| o.path == name) {
                report.problem(format!("manifest.json does not list {name}"));
            }
        }
    }
    for out in &manifest.outputs {
        match sha256_file(&dir.join(&out.path)) {
            Err(err) => report.problem(format!("{}: cannot be read: {err}", out.path)),
            Ok((bytes, sha256)) => {
                if bytes != out.bytes || sha256 != out.sha256 {
                    report.problem(format!(
                        "{}: bytes or sha256 differ from manifest.json",
                        out.path
                    ));
                }
            }
        }
    }
    if report.is_ok() {
        report.checked.push(format!(
            "{} files match the sizes and sha256 in manifest.json",
            manifest.outputs.len()
        ));
    }
}

/// Types, required values and row counts of one table, and its CSV and Parquet copies
/// holding the same rows.
fn check_table(
    dir: &Path,
    table: &Table,
    manifest: &Manifest,
    report: &mut Report,
) -> anyhow::Result<()> {
    let expected_rows = manifest
        .outputs
        .iter()
        .find(|o| o.table == table.name)
        .map(|o| o.rows);
    let csv_name = format!("{}.csv", table.name);
    let mut csv = csv::Reader::from_path(dir.join(&csv_name))?;
    let header: Vec<String> = csv.headers()?.iter().map(str::to_string).collect();
    let names: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
    if header != names {
        report.problem(format!(
            "{csv_name}: header {header:?} is not the schema's {names:?}"
        ));
        return Ok(());
    }
    let parquet_name = format!("{}.parquet", table.name);
    let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(dir.join(&parquet_name))?)?;
    if builder.schema().fields() != table.arrow_schema().fields() {
        report.problem(format!(
            "{parquet_name}: Arrow schema differs from the schema's"
        ));
        return Ok(());
    }
    let mut parquet_rows = parquet_string_rows(builder.build()?);
    let mut rows = 0u64;
    for (i, record) in csv.records().enumerate() {
        let record = record?;
        let line = i + 2;
        for (value, column) in record.iter().zip(&table.columns) {
            if let Err(problem) = check_value(value, column) {
                report.problem(format!(
                    "{csv_name} line {line}, column {}: {problem}",
                    column.name
                ));
            }
        }
        match parquet_rows.next().transpose()? {
            Some(p) if p.iter().map(String::as_str).eq(record.iter()) => {}
            Some(_) => report.problem(format!(
                "{parquet_name} row {}: differs from {csv_name} line {line}",
                i + 1
            )),
            None => report.problem(format!(
                "{parquet_name}: ends before {csv_name} line {line}"
            )),
        }
        rows += 1;
    }
    if parquet_rows.next().is_some() {
        report.problem(format!("{parquet_name}: has more rows than {csv_name}"));
    }
    if Some(rows) != expected_rows {
        report.problem(format!(
            "{csv_name}: {rows} rows, manifest.json says {expected_rows:?}"
        ));
    }
    report.checked.push(format!(
        "{}: {rows} rows, types as in the schema, CSV and Parquet identical",
        table.name
    ));
    Ok(())
}

/// A CSV field parses as its column's type.
fn check_value(value: &str, column: &Column) -> Result<(), String> {
    if value.is_empty() {
        return if column.required {
            Err("missing required value".into())
        } else {
            Ok(())
        };
    }
    let parses = match column.column_type {
        ColumnType::String => true,
        ColumnType::List => value.split('|').all(|item| !item.is_empty()),
        ColumnType::Int32 => value.parse::<i32>().is_ok(),
        ColumnType::Int64 => value.parse::<i64>().is_ok(),
        ColumnType::Float64 => value.parse::<f64>().is_ok_and(f64::is_finite),
        ColumnType::Date => NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok(),
        ColumnType::Boolean => value == "true" || value == "false",
    };
    if !parses {
        return Err(format!(
            "{value:?} is not a valid {}",
            column.column_type.name()
        ));
    }
    match &column.allowed {
        Some(allowed) if !allowed.iter().any(|a| a == value) => {
            Err(format!("{value:?} is not one of {allowed:?}"))
        }
        _ => Ok(()),
    }
}

/// The rows of a Parquet file rendered as their CSV fields.
fn parquet_string_rows(
    reader: impl Iterator<Item = Result<RecordBatch, arrow_schema::ArrowError>>,
) -> impl Iterator<Item = anyhow::Result<Vec<String>>> {
    reader.flat_map(
        |batch| -> Box<dyn Iterator<Item = anyhow::Result<Vec<String>>>> {
            match batch {
                Err(err) => Box::new(std::iter::once(Err(err.into()))),
                Ok(batch) => {
                    let rows: Vec<_> = (0..batch.num_rows())
                        .map(|r| Ok(render_row(&batch, r)))
                        .collect();
                    Box::new(rows.into_iter())
                }
            }
        },
    )
}

fn render_row(batch: &RecordBatch, row: usize) -> Vec<String> {
    batch
        .columns()
        .iter()
        .map(|column| {
            if column.is_null(row) {
                return String::new();
            }
            let any = column.as_any();
            match column.data_type() {
                DataType::Utf8 => any
                    .downcast_ref::<StringArray>()
                    .map(|a| a.value(row).to_string()),
                DataType::Int32 => any
                    .downcast_ref::<Int32Array>()
                    .map(|a| a.value(row).to_string()),
                DataType::Int64 => any
                    .downcast_ref::<Int64Array>()
                    .map(|a| a.value(row).to_string()),
                DataType::Float64 => any
                    .downcast_ref::<Float64Array>()
                    .map(|a| a.value(row).to_string()),
                DataType::Boolean => any
                    .downcast_ref::<BooleanArray>()
                    .map(|a| a.value(row).to_string()),
                DataType::Date32 => any
                    .downcast_ref::<Date32Array>()
                    .and_then(|a| a.value_as_date(row))
                    .map(|d| d.format("%Y-%m-%d").to_string()),
                _ => None,
            }
            .unwrap_or_else(|| format!("<unsupported {}>", column.data_type()))
        })
        .collect()
}

/// A CSV table read as maps from column name to field, one row at a time.
struct Rows {
    name: String,
    columns: Vec<String>,
    records: Peekable<csv::StringRecordsIntoIter<File>>,
}

impl Rows {
    fn open(dir: &Path, table: &str) -> anyhow::Result<Rows> {
        let mut reader = csv::Reader::from_path(dir.join(format!("{table}.csv")))?;
        let columns = reader.headers()?.iter().map(str::to_string).collect();
        Ok(Rows {
            name: table.to_string(),
            columns,
            records: reader.into_records().peekable(),
        })
    }

    fn get<'a>(&self, record: &'a csv::StringRecord, column: &str) -> &'a str {
        let i = self
            .columns
            .iter()
            .position(|c| c == column)
            .expect("column checked against the schema");
        &record[i]
    }

    /// The next record if its `doc_id` is `doc_id`.
    fn next_of(&mut self, doc_id: &str) -> anyhow::Result<Option<csv::StringRecord>> {
        let i = self
            .columns
            .iter()
            .position(|c| c == "doc_id")
            .expect("tables with doc_id");
        match self.records.peek() {
            Some(Ok(record)) if &record[i] == doc_id => Ok(self.records.next().transpose()?),
            Some(Err(_)) => Err(self
                .records
                .next()
                .expect("peeked")
                .expect_err("peeked an error")
                .into()),
            _ => Ok(None),
        }
    }
}

/// Keys, order, references, offsets and span texts, document by document.
fn check_keys_and_offsets(dir: &Path, report: &mut Report) -> anyhow::Result<()> {
    let mut documents = Rows::open(dir, "documents")?;
    let mut sentences = Rows::open(dir, "sentences")?;
    let mut annotations = Rows::open(dir, "annotations")?;
    let mut previous_doc: Option<String> = None;
    let (mut n_sentences, mut n_annotations) = (0u64, 0u64);
    while let Some(record) = documents.records.next() {
        let record = record?;
        let doc_id = documents.get(&record, "doc_id").to_string();
        if previous_doc.as_ref().is_some_and(|p| p >= &doc_id) {
            report.problem(format!("documents: {doc_id:?} is out of order or repeated"));
        }
        let text: Vec<char> = documents.get(&record, "text").chars().collect();
        let mut sentence_spans: Vec<(String, usize, usize)> = Vec::new();
        let mut last_index: Option<i64> = None;
        while let Some(s) = sentences.next_of(&doc_id)? {
            n_sentences += 1;
            let id = sentences.get(&s, "sentence_id").to_string();
            let index: i64 = sentences.get(&s, "index").parse().unwrap_or(-1);
            if last_index.is_some_and(|l| l >= index) {
                report.problem(format!("sentences: {id} is out of order or repeated"));
            }
            last_index = Some(index);
            match span_text(
                &text,
                sentences.get(&s, "char_start"),
                sentences.get(&s, "char_end"),
            ) {
                Some((start, end, t)) if t == sentences.get(&s, "text") => {
                    sentence_spans.push((id, start, end))
                }
                Some(_) => report.problem(format!(
                    "sentences: {id}: text differs from the document text at its offsets"
                )),
                None => report.problem(format!(
                    "sentences: {id}: offsets outside the document text"
                )),
            }
        }
        // Annotations follow the sentence order, then their number within the sentence.
        let mut last_position: Option<(usize, u64)> = None;
        while let Some(a) = annotations.next_of(&doc_id)? {
            n_annotations += 1;
            let id = annotations.get(&a, "annotation_id").to_string();
            let sentence_id = annotations.get(&a, "sentence_id");
            let Some(position) = sentence_spans.iter().position(|s| s.0 == sentence_id) else {
                report.problem(format!(
                    "annotations: {id}: sentence {sentence_id} does not exist"
                ));
                continue;
            };
            let number = id
                .strip_prefix(sentence_id)
                .and_then(|rest| rest.strip_prefix(':'))
                .and_then(|n| n.parse::<u64>().ok());
            let Some(number) = number else {
                report.problem(format!("annotations: {id} is not `{sentence_id}:NNN`"));
                continue;
            };
            if last_position.is_some_and(|last| last >= (position, number)) {
                report.problem(format!("annotations: {id} is out of order or repeated"));
            }
            last_position = Some((position, number));
            let (_, s_start, s_end) = sentence_spans[position];
            let (start, end) = (
                annotations.get(&a, "char_start"),
                annotations.get(&a, "char_end"),
            );
            if start.is_empty() && end.is_empty() {
                continue;
            }
            match span_text(&text, start, end) {
                Some((st, en, t))
                    if st >= s_start && en <= s_end && t == annotations.get(&a, "text") => {}
                Some((st, en, _)) if st < s_start || en > s_end => {
                    report.problem(format!("annotations: {id}: span outside its sentence"))
                }
                Some(_) => report.problem(format!(
                    "annotations: {id}: text differs from the document text at its offsets"
                )),
                None => report.problem(format!(
                    "annotations: {id}: offsets outside the document text"
                )),
            }
        }
        previous_doc = Some(doc_id);
    }
    for rows in [&mut sentences, &mut annotations] {
        if let Some(record) = rows.records.next() {
            let record = record?;
            report.problem(format!(
                "{}: row for document {:?} that is missing or out of order",
                rows.name,
                rows.get(&record, "doc_id")
            ));
        }
    }
    report.checked.push(format!(
        "keys, order and offsets of {n_sentences} sentences and {n_annotations} annotations; every span text equals the document text"
    ));
    Ok(())
}

/// `document_topics` agrees with `sentences.topics`: one row per document and topic in
/// order, `sentences` counting the document's sentences with the topic and `share` that
/// count over the document's sentences.
fn check_document_topics(dir: &Path, report: &mut Report) -> anyhow::Result<()> {
    if !dir.join("document_topics.csv").exists() {
        // Releases of schema 1.0 have no such table; check_files reports it when due.
        return Ok(());
    }
    let mut documents = Rows::open(dir, "documents")?;
    let mut sentences = Rows::open(dir, "sentences")?;
    let mut shares = Rows::open(dir, "document_topics")?;
    let mut n_rows = 0u64;
    while let Some(record) = documents.records.next() {
        let record = record?;
        let doc_id = documents.get(&record, "doc_id").to_string();
        let (mut total, mut counts) = (0u32, std::collections::BTreeMap::<String, u32>::new());
        while let Some(s) = sentences.next_of(&doc_id)? {
            total += 1;
            for topic in sentences
                .get(&s, "topics")
                .split('|')
                .filter(|t| !t.is_empty())
            {
                *counts.entry(topic.to_string()).or_default() += 1;
            }
        }
        let mut expected = counts.into_iter();
        while let Some(row) = shares.next_of(&doc_id)? {
            n_rows += 1;
            let topic = shares.get(&row, "topic");
            let n: u32 = shares.get(&row, "sentences").parse().unwrap_or(0);
            let share: f64 = shares.get(&row, "share").parse().unwrap_or(f64::NAN);
            let fits = expected.next().is_some_and(|(t, count)| {
                t == topic && count == n && share == f64::from(n) / f64::from(total)
            });
            if !fits {
                report.problem(format!(
                    "document_topics: {doc_id} {topic}: out of order or disagrees with sentences.topics"
                ));
            }
        }
        if let Some((topic, _)) = expected.next() {
            report.problem(format!("document_topics: {doc_id} {topic}: row missing"));
        }
    }
    if let Some(record) = shares.records.next() {
        let record = record?;
        report.problem(format!(
            "document_topics: row for document {:?} that is missing or out of order",
            shares.get(&record, "doc_id")
        ));
    }
    report.checked.push(format!(
        "{n_rows} document_topics rows agree with sentences.topics"
    ));
    Ok(())
}

/// The code-point span `start..end` of `text`, if the offsets parse and lie inside it.
fn span_text(text: &[char], start: &str, end: &str) -> Option<(usize, usize, String)> {
    let (start, end): (usize, usize) = (start.parse().ok()?, end.parse().ok()?);
    (start < end && end <= text.len()).then(|| (start, end, text[start..end].iter().collect()))
}
