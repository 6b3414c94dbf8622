//! Stage 5: one writer per table that streams rows into a CSV file and a Parquet file at
//! once, both driven by the same [`Table`] definition, so the two copies hold the same
//! columns and values. [`rows`] maps the pipeline's typed structs onto those tables.

mod csv_out;
mod encode;
mod rebatch;
pub mod rows;
mod spill;

pub use encode::{EncodedRows, TableEncoder};

use crate::schema::{ColumnType, Table};
use arrow_select::concat::concat_batches;
use chrono::{Datelike, NaiveDate};
use parquet::arrow::arrow_writer::ArrowWriterOptions;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::SortingColumn;
use parquet::file::properties::{EnabledStatistics, WriterProperties, WriterVersion};
use rebatch::{Rebatcher, ROWS_PER_BATCH};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

impl Table {
    /// Puts named cells into this table's column order; every column must be named once.
    pub fn row<'a, const N: usize>(
        &self,
        cells: [(&str, Cell<'a>); N],
    ) -> Result<Vec<Cell<'a>>, WriteError> {
        // The callers name the columns in schema order: then the row is the cells as
        // they are, with no search and no second vector (this runs for every row).
        let in_order = N == self.columns.len()
            && cells
                .iter()
                .zip(&self.columns)
                .all(|((name, _), column)| *name == column.name);
        if in_order {
            return Ok(cells.into_iter().map(|(_, cell)| cell).collect());
        }
        let mut row: Vec<Option<Cell<'a>>> = vec![None; self.columns.len()];
        for (name, cell) in cells {
            let i = self.column_index(name).ok_or_else(|| WriteError::Schema {
                table: self.name.clone(),
                column: name.to_string(),
                problem: "no such column".into(),
            })?;
            row[i] = Some(cell);
        }
        row.into_iter()
            .zip(&self.columns)
            .map(|(cell, column)| {
                cell.ok_or_else(|| WriteError::Schema {
                    table: self.name.clone(),
                    column: column.name.clone(),
                    problem: "no value given".into(),
                })
            })
            .collect()
    }
}

/// A row group is closed when it reaches this many rows...
const MAX_ROW_GROUP_ROWS: usize = 256 * 1024;
/// ...or this many (estimated, encoded) bytes.
const MAX_ROW_GROUP_BYTES: usize = 64 * 1024 * 1024;
/// The `created_by` written into every Parquet footer. Set explicitly: the default
/// embeds the parquet crate's version, so an upgrade would change every file's bytes.
pub const PARQUET_CREATED_BY: &str = "kroniek";

/// One value of one row; strings are borrowed where they can be (from the document a
/// row is built from), so building a row allocates little.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// A `string` or `list` value.
    Str(Option<Cow<'a, str>>),
    /// An `int32` or `int64` value.
    Int(Option<i64>),
    /// A `float64` value.
    Float(Option<f64>),
    /// A `date` value.
    Date(Option<NaiveDate>),
    /// A `boolean` value.
    Bool(Option<bool>),
}

impl<'a> Cell<'a> {
    /// A present string, borrowed or owned.
    pub fn str(s: impl Into<Cow<'a, str>>) -> Cell<'a> {
        Cell::Str(Some(s.into()))
    }

    /// The same cell, owning its string.
    pub fn into_owned(self) -> Cell<'static> {
        match self {
            Cell::Str(s) => Cell::Str(s.map(|s| Cow::Owned(s.into_owned()))),
            Cell::Int(n) => Cell::Int(n),
            Cell::Float(x) => Cell::Float(x),
            Cell::Date(d) => Cell::Date(d),
            Cell::Bool(b) => Cell::Bool(b),
        }
    }

    fn is_null(&self) -> bool {
        matches!(
            self,
            Cell::Str(None)
                | Cell::Int(None)
                | Cell::Float(None)
                | Cell::Date(None)
                | Cell::Bool(None)
        )
    }

    /// Reads back a CSV field written by [`Cell::to_csv_field`] for a column of type `ty`.
    /// Lossless: empty means null (empty strings are never written), and floats are
    /// written as the shortest decimal that parses back to the same value.
    pub fn from_csv_field(ty: ColumnType, field: &str) -> Result<Cell<'static>, String> {
        let bad = |e: &dyn std::fmt::Display| format!("{field:?} is not a {ty:?}: {e}");
        if field.is_empty() {
            return Ok(match ty {
                ColumnType::String | ColumnType::List => Cell::Str(None),
                ColumnType::Int32 | ColumnType::Int64 => Cell::Int(None),
                ColumnType::Float64 => Cell::Float(None),
                ColumnType::Date => Cell::Date(None),
                ColumnType::Boolean => Cell::Bool(None),
            });
        }
        Ok(match ty {
            ColumnType::String | ColumnType::List => Cell::str(field.to_string()),
            ColumnType::Int32 | ColumnType::Int64 => {
                Cell::Int(Some(field.parse().map_err(|e| bad(&e))?))
            }
            ColumnType::Float64 => Cell::Float(Some(field.parse().map_err(|e| bad(&e))?)),
            ColumnType::Date => Cell::Date(Some(
                NaiveDate::parse_from_str(field, "%Y-%m-%d").map_err(|e| bad(&e))?,
            )),
            ColumnType::Boolean => Cell::Bool(Some(field.parse().map_err(|e| bad(&e))?)),
        })
    }

    /// The CSV field as an owned string (empty for null).
    pub fn to_csv_field(&self) -> String {
        let mut out = Vec::new();
        self.push_csv_field(&mut out);
        String::from_utf8(out).expect("every field is UTF-8")
    }

    /// Appends the CSV field's bytes, unquoted (nothing for null). Numbers and dates skip
    /// the formatting machinery: this runs for every cell. Only text may need quotes,
    /// which the CSV encoder adds.
    pub(crate) fn push_csv_field(&self, out: &mut Vec<u8>) {
        match self {
            Cell::Str(v) => out.extend_from_slice(v.as_deref().unwrap_or("").as_bytes()),
            Cell::Bool(Some(b)) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
            Cell::Int(Some(n)) => out.extend_from_slice(itoa::Buffer::new().format(*n).as_bytes()),
            // `Display` of f64 is the shortest decimal that parses back to the same value.
            Cell::Float(Some(x)) => write!(out, "{x}").expect("a Vec takes any bytes"),
            Cell::Date(Some(d)) => push_date(out, *d),
            Cell::Int(None) | Cell::Float(None) | Cell::Date(None) | Cell::Bool(None) => {}
        }
    }
}

/// Appends a date as `YYYY-MM-DD` (as `{:04}-{:02}-{:02}` of its parts).
fn push_date(out: &mut Vec<u8>, date: NaiveDate) {
    match date_digits(date) {
        Some(digits) => out.extend_from_slice(&digits),
        // A year past 9999 or before 0: the padding rules of `format!` decide; rare.
        None => write!(
            out,
            "{:04}-{:02}-{:02}",
            date.year(),
            date.month(),
            date.day()
        )
        .expect("a Vec takes any bytes"),
    }
}

/// A date of the years 0 to 9999 as `YYYY-MM-DD`, digit by digit (a sentence row holds
/// two dates); none for other years.
fn date_digits(date: NaiveDate) -> Option<[u8; 10]> {
    let year = u32::try_from(date.year()).ok().filter(|&y| y <= 9999)?;
    let mut out = *b"0000-00-00";
    put_digits(&mut out[0..4], year);
    put_digits(&mut out[5..7], date.month());
    put_digits(&mut out[8..10], date.day());
    Some(out)
}

/// Writes the last `out.len()` decimal digits of `n` into `out`.
fn put_digits(out: &mut [u8], mut n: u32) {
    for digit in out.iter_mut().rev() {
        *digit = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

/// Appends `n` in decimal, zero-padded to at least `width` digits (`{n:0width$}`).
pub(super) fn push_padded(out: &mut String, n: u64, width: usize) {
    const ZEROS: &str = "0000000000000000";
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(n);
    let mut padding = width.saturating_sub(digits.len());
    while padding > 0 {
        let zeros = padding.min(ZEROS.len());
        out.push_str(&ZEROS[..zeros]);
        padding -= zeros;
    }
    out.push_str(digits);
}

/// Why a row could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file system refused.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The Parquet encoder refused.
    #[error("{path}: {source}")]
    Parquet {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: parquet::errors::ParquetError,
    },
    /// A row does not fit the schema (a bug in the pipeline, caught before it is written).
    #[error("table {table}, column {column}: {problem}")]
    Schema {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// What is wrong.
        problem: String,
    },
}

/// Row counts and file names of a finished table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenTable {
    /// The table name.
    pub table: String,
    /// Number of rows in each file.
    pub rows: u64,
    /// The CSV file.
    pub csv: PathBuf,
    /// Size and sha256 of the CSV file, computed as it was written.
    pub csv_hash: FileHash,
    /// The Parquet file.
    pub parquet: PathBuf,
    /// Size and sha256 of the Parquet file, computed as it was written.
    pub parquet_hash: FileHash,
}

/// Size and sha256 of a written file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileHash {
    /// Bytes written.
    pub bytes: u64,
    /// sha256 of those bytes, lower-case hex.
    pub sha256: String,
}

/// A file that hashes what is written into it, so that its checksum is known when it
/// is closed without reading it back (which at the end of a run would leave all but
/// one core idle).
struct HashedFile {
    file: File,
    hasher: Sha256,
    bytes: u64,
}

impl HashedFile {
    fn new(file: File) -> HashedFile {
        HashedFile {
            file,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    /// Size and sha256 of everything written so far.
    fn hash(&self) -> FileHash {
        FileHash {
            bytes: self.bytes,
            sha256: crate::ingest::hex(&self.hasher.clone().finalize()),
        }
    }
}

impl Write for HashedFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Streams the rows of one table into `<dir>/<table>.csv` and `<dir>/<table>.parquet`.
///
/// Rows arrive either one at a time ([`TableWriter::write_row`]) or already encoded by
/// a [`TableEncoder`] on another thread ([`TableWriter::append`]); both give the same
/// bytes.
pub struct TableWriter {
    table: &'static Table,
    csv_path: PathBuf,
    parquet_path: PathBuf,
    csv: HashedFile,
    parquet: ArrowWriter<HashedFile>,
    /// Encodes the rows given one at a time.
    own: TableEncoder,
    /// Rows not yet given to the Parquet writer.
    pending: Rebatcher,
    rows: u64,
}

impl TableWriter {
    /// Creates both files of `table` in `dir`.
    pub fn create(table: &'static Table, dir: &Path) -> Result<TableWriter, WriteError> {
        let csv_path = dir.join(format!("{}.csv", table.name));
        let parquet_path = dir.join(format!("{}.parquet", table.name));
        let mut csv = HashedFile::new(File::create(&csv_path).map_err(io_error(&csv_path))?);
        let mut header = csv_out::CsvOut::new();
        for column in &table.columns {
            header.str(&column.name);
        }
        header.end_row();
        csv.write_all(&header.take(0))
            .map_err(io_error(&csv_path))?;

        let parquet_file =
            HashedFile::new(File::create(&parquet_path).map_err(io_error(&parquet_path))?);
        // The row group's pages wait in a file beside the output, not on the heap.
        let options = ArrowWriterOptions::new()
            .with_properties(parquet_properties(table))
            .with_page_store_factory(std::sync::Arc::new(spill::SpillFactory::new(dir)));
        let parquet =
            ArrowWriter::try_new_with_options(parquet_file, table.arrow_schema(), options)
                .map_err(|source| WriteError::Parquet {
                    path: parquet_path.clone(),
                    source,
                })?;
        Ok(TableWriter {
            table,
            csv_path,
            parquet_path,
            csv,
            parquet,
            own: TableEncoder::new(table, ROWS_PER_BATCH),
            pending: Rebatcher::default(),
            rows: 0,
        })
    }

    /// Writes one row; cells in column order.
    pub fn write_row(&mut self, row: Vec<Cell<'_>>) -> Result<(), WriteError> {
        self.own.push(&row)?;
        if self.own.len() == ROWS_PER_BATCH {
            let rows = self.own.take()?;
            self.write_encoded(rows)?;
        }
        Ok(())
    }

    /// Appends rows encoded elsewhere, after every row written so far.
    pub fn append(&mut self, rows: EncodedRows) -> Result<(), WriteError> {
        if !self.own.is_empty() {
            let own = self.own.take()?;
            self.write_encoded(own)?;
        }
        self.write_encoded(rows)
    }

    /// Flushes everything and closes both files.
    pub fn finish(mut self) -> Result<WrittenTable, WriteError> {
        let own = self.own.take()?;
        self.write_encoded(own)?;
        self.write_pending(true)?;
        let parquet_path = self.parquet_path.clone();
        let parquet_error = |source| WriteError::Parquet {
            path: parquet_path.clone(),
            source,
        };
        // `finish` writes the footer and flushes the writer's buffer into the file.
        self.parquet.finish().map_err(parquet_error)?;
        // Both files on disk before the release that lists them is published.
        self.parquet
            .inner()
            .file
            .sync_all()
            .map_err(io_error(&parquet_path))?;
        self.csv.file.sync_all().map_err(io_error(&self.csv_path))?;
        Ok(WrittenTable {
            table: self.table.name.clone(),
            rows: self.rows,
            csv: self.csv_path,
            csv_hash: self.csv.hash(),
            parquet: parquet_path,
            parquet_hash: self.parquet.inner().hash(),
        })
    }

    fn write_encoded(&mut self, rows: EncodedRows) -> Result<(), WriteError> {
        self.csv
            .write_all(&rows.csv)
            .map_err(io_error(&self.csv_path))?;
        let Some(batch) = rows.batch else {
            return Ok(());
        };
        self.rows += batch.num_rows() as u64;
        self.pending.push(batch);
        self.write_pending(false)
    }

    /// Hands the Parquet writer every pending batch whose end is known; at the end of
    /// the table (`last`), all of them.
    fn write_pending(&mut self, last: bool) -> Result<(), WriteError> {
        while let Some(parts) = self.pending.next(last) {
            self.write_parquet(parts)?;
        }
        Ok(())
    }

    /// Hands one batch, given in pieces, to the Parquet writer (see [`rebatch`]).
    fn write_parquet(
        &mut self,
        mut parts: Vec<arrow_array::RecordBatch>,
    ) -> Result<(), WriteError> {
        let batch = match parts.len() {
            0 => return Ok(()),
            1 => parts.pop().expect("one part"),
            _ => concat_batches(&self.table.arrow_schema(), &parts).map_err(|e| {
                WriteError::Schema {
                    table: self.table.name.clone(),
                    column: "*".into(),
                    problem: e.to_string(),
                }
            })?,
        };
        self.parquet
            .write(&batch)
            .map_err(|source| WriteError::Parquet {
                path: self.parquet_path.clone(),
                source,
            })
    }
}

/// An I/O error on `path`, as a [`WriteError`].
fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError {
    let path = path.to_path_buf();
    move |source| WriteError::Io { path, source }
}

/// The Parquet writer settings every release uses (see the README for why).
fn parquet_properties(table: &Table) -> WriterProperties {
    let sorting: Vec<SortingColumn> = table
        .sort_by
        .iter()
        .filter_map(|name| table.column_index(name))
        .map(|i| SortingColumn {
            column_idx: i as i32,
            descending: false,
            nulls_first: false,
        })
        .collect();
    WriterProperties::builder()
        .set_writer_version(WriterVersion::PARQUET_1_0)
        .set_compression(Compression::ZSTD(
            ZstdLevel::try_new(3).expect("valid level"),
        ))
        .set_statistics_enabled(EnabledStatistics::Page)
        .set_coerce_types(true)
        .set_max_row_group_row_count(Some(MAX_ROW_GROUP_ROWS))
        .set_max_row_group_bytes(Some(MAX_ROW_GROUP_BYTES))
        .set_sorting_columns(Some(sorting))
        .set_created_by(PARQUET_CREATED_BY.to_string())
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_write_shortest_round_trip_csv_and_reject_non_finite() {
        let schema = crate::schema::Schema::get();
        let dir = std::env::temp_dir().join(format!("kroniek-float-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut writer = TableWriter::create(schema.table("document_topics"), &dir).unwrap();
        let row = |share: f64| {
            vec![
                Cell::str("d"),
                Cell::str("energy"),
                Cell::Int(Some(1)),
                Cell::Float(Some(share)),
            ]
        };
        assert!(writer.write_row(row(f64::NAN)).is_err());
        assert!(writer.write_row(row(f64::INFINITY)).is_err());
        writer.write_row(row(1.0 / 3.0)).unwrap();
        let written = writer.finish().unwrap();
        assert_eq!(written.rows, 1);
        let csv = std::fs::read_to_string(&written.csv).unwrap();
        let field = csv.lines().nth(1).unwrap().rsplit(',').next().unwrap();
        assert_eq!(field.parse::<f64>().unwrap(), 1.0 / 3.0);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn rows_take_named_cells_in_any_order() {
        let table = crate::schema::Schema::get().table("document_topics");
        let cells = || {
            [
                ("doc_id", Cell::str("d")),
                ("topic", Cell::str("energy")),
                ("sentences", Cell::Int(Some(2))),
                ("share", Cell::Float(Some(0.5))),
            ]
        };
        let in_order = table.row(cells()).unwrap();
        let [a, b, c, d] = cells();
        assert_eq!(table.row([d, b, a, c]).unwrap(), in_order);
        assert_eq!(in_order[2], Cell::Int(Some(2)));
        let [a, b, c, _] = cells();
        assert!(table.row([a, b, c]).is_err(), "a column without a value");
        let [a, b, c, _] = cells();
        assert!(table.row([a, b, c, ("nope", Cell::Int(None))]).is_err());
    }

    #[test]
    fn dates_are_their_format_string() {
        let mut dates = vec![NaiveDate::MIN, NaiveDate::MAX];
        for year in [
            -10_000, -1, 0, 1, 9, 99, 999, 1000, 2025, 9999, 10_000, 99_999,
        ] {
            dates.extend(NaiveDate::from_ymd_opt(year, 1, 1));
            dates.extend(NaiveDate::from_ymd_opt(year, 12, 31));
        }
        let start = NaiveDate::from_ymd_opt(1899, 12, 25).unwrap();
        dates.extend(start.iter_days().take(3 * 366));
        for date in dates {
            let mut out = Vec::new();
            push_date(&mut out, date);
            let (y, m, d) = (date.year(), date.month(), date.day());
            assert_eq!(
                String::from_utf8(out).unwrap(),
                format!("{y:04}-{m:02}-{d:02}")
            );
        }
    }

    #[test]
    fn csv_fields_read_back_to_the_same_cells() {
        let cells = [
            (ColumnType::String, Cell::str("a,\"b\"")),
            (ColumnType::String, Cell::Str(None)),
            (ColumnType::Int64, Cell::Int(Some(-42))),
            (ColumnType::Int32, Cell::Int(None)),
            (ColumnType::Float64, Cell::Float(Some(0.1 + 0.2))),
            (ColumnType::Float64, Cell::Float(Some(1e-300))),
            (
                ColumnType::Date,
                Cell::Date(NaiveDate::from_ymd_opt(2024, 2, 29)),
            ),
            (ColumnType::Boolean, Cell::Bool(Some(false))),
            (ColumnType::List, Cell::str("x;y")),
        ];
        for (ty, cell) in cells {
            assert_eq!(Cell::from_csv_field(ty, &cell.to_csv_field()), Ok(cell));
        }
        assert!(Cell::from_csv_field(ColumnType::Int64, "1.5").is_err());
        assert!(Cell::from_csv_field(ColumnType::Date, "2024-02-30").is_err());
    }

    /// Writes `rows` of `table` into a new folder, `pieces` rows at a time encoded
    /// apart (cycling through the sizes), or one at a time when `pieces` is empty.
    fn written_in_pieces(rows: &[Vec<Cell<'static>>], pieces: &[usize]) -> (Vec<u8>, Vec<u8>) {
        let table = crate::schema::Schema::get().table("document_topics");
        let dir = tempfile::tempdir().unwrap();
        let mut writer = TableWriter::create(table, dir.path()).unwrap();
        let mut rest = rows;
        let mut sizes = pieces.iter().cycle();
        while !rest.is_empty() {
            let Some(&size) = sizes.next() else {
                writer.write_row(rest[0].clone()).unwrap();
                rest = &rest[1..];
                continue;
            };
            let (piece, later) = rest.split_at(size.min(rest.len()));
            let mut encoder = TableEncoder::new(table, 0);
            for row in piece {
                encoder.push(row).unwrap();
            }
            writer.append(encoder.take().unwrap()).unwrap();
            rest = later;
        }
        let written = writer.finish().unwrap();
        let (csv, parquet) = (
            std::fs::read(&written.csv).unwrap(),
            std::fs::read(&written.parquet).unwrap(),
        );
        // The checksums made while writing are those of the files.
        for (bytes, hash) in [(&csv, &written.csv_hash), (&parquet, &written.parquet_hash)] {
            assert_eq!(hash.bytes, bytes.len() as u64);
            assert_eq!(hash.sha256, crate::ingest::sha256_hex(bytes));
        }
        (csv, parquet)
    }

    #[test]
    fn files_do_not_depend_on_how_rows_were_encoded() {
        // More than two Parquet batches, with text that sometimes needs quoting, and
        // enough distinct text for several pages and a dictionary that overflows:
        // where those breaks fall depends on the batches the Parquet encoder is given.
        let rows: Vec<Vec<Cell<'static>>> = (0..20_000)
            .map(|i| {
                vec![
                    Cell::str(format!("doc {i:05} {}", "x".repeat(i as usize % 200))),
                    Cell::str(if i % 5 == 0 { "a, \"b\"" } else { "energy" }),
                    Cell::Int(Some(i)),
                    Cell::Float(Some(i as f64 / 3.0)),
                ]
            })
            .collect();
        let one_at_a_time = written_in_pieces(&rows, &[]);
        for pieces in [
            &[1][..],
            &[8192],
            &[100, 9000, 3],
            &[20_000],
            &[4095, 1, 17],
        ] {
            assert!(
                written_in_pieces(&rows, pieces) == one_at_a_time,
                "{pieces:?}"
            );
        }
    }

    #[test]
    fn split_rows_write_one_format_each() {
        let table = crate::schema::Schema::get().table("document_topics");
        let encode = || {
            let mut encoder = TableEncoder::new(table, 0);
            for i in 0..3 {
                let row = [
                    Cell::str(format!("d{i}")),
                    Cell::str("energy"),
                    Cell::Int(Some(i)),
                    Cell::Float(Some(0.5)),
                ];
                encoder.push(&row).unwrap();
            }
            encoder.finish().unwrap()
        };
        let write = |rows: EncodedRows| {
            let dir = tempfile::tempdir().unwrap();
            let mut writer = TableWriter::create(table, dir.path()).unwrap();
            writer.append(rows).unwrap();
            let written = writer.finish().unwrap();
            let files = (
                std::fs::read(&written.csv).unwrap(),
                std::fs::read(&written.parquet).unwrap(),
            );
            (files, written.rows)
        };
        let ((csv, parquet), rows) = write(encode());
        let (csv_half, parquet_half) = encode().split();
        let ((csv_only, _), no_rows) = write(csv_half);
        let ((header_only, parquet_only), same_rows) = write(parquet_half);
        assert_eq!((csv_only, rows, no_rows, same_rows), (csv, 3, 0, 3));
        assert_eq!(parquet_only, parquet);
        assert_eq!(header_only, b"doc_id,topic,sentences,share\n");
    }

    #[test]
    fn files_do_not_depend_on_how_wide_rows_were_encoded() {
        // Every tenth row 30 KB wide, so the Parquet batches close by bytes, not count.
        let rows: Vec<Vec<Cell<'static>>> = (0..3_000)
            .map(|i| {
                let width = if i % 10 == 0 { 30_000 } else { i as usize % 50 };
                vec![
                    Cell::str(format!("doc {i:05} {}", "y".repeat(width))),
                    Cell::str("energy"),
                    Cell::Int(Some(i)),
                    Cell::Float(Some(i as f64 / 7.0)),
                ]
            })
            .collect();
        let one_at_a_time = written_in_pieces(&rows, &[]);
        for pieces in [&[1][..], &[1000], &[7, 333], &[3_000]] {
            assert!(
                written_in_pieces(&rows, pieces) == one_at_a_time,
                "{pieces:?}"
            );
        }
    }
}
