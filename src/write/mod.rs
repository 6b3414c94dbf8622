//! Stage 5: one writer per table that streams rows into a CSV file and a Parquet file at
//! once, both driven by the same [`Table`] definition, so the two copies hold the same
//! columns and values. [`rows`] maps the pipeline's typed structs onto those tables.

mod csv_out;
pub mod rows;
mod spill;

use crate::schema::{ColumnType, Table};
use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use chrono::{Datelike, NaiveDate};
use csv_out::CsvOut;
use parquet::arrow::arrow_writer::ArrowWriterOptions;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::SortingColumn;
use parquet::file::properties::{EnabledStatistics, WriterProperties, WriterVersion};
use std::fs::File;
use std::path::{Path, PathBuf};

impl Table {
    /// Puts named cells into this table's column order; every column must be named once.
    pub fn row<const N: usize>(&self, cells: [(&str, Cell); N]) -> Result<Vec<Cell>, WriteError> {
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
        let mut row: Vec<Option<Cell>> = vec![None; self.columns.len()];
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

/// Rows buffered before they become one Arrow record batch. Fixed, so that the Parquet
/// bytes depend only on the rows, never on batching or thread count.
const ROWS_PER_BATCH: usize = 8192;
/// Room for string data in a column's first batch (later batches take the size of the
/// one before).
const INITIAL_STRING_BYTES: usize = 64 * 1024;
/// A row group is closed when it reaches this many rows...
const MAX_ROW_GROUP_ROWS: usize = 256 * 1024;
/// ...or this many (estimated, encoded) bytes.
const MAX_ROW_GROUP_BYTES: usize = 64 * 1024 * 1024;
/// The `created_by` written into every Parquet footer. Set explicitly: the default
/// embeds the parquet crate's version, so an upgrade would change every file's bytes.
pub const PARQUET_CREATED_BY: &str = "kroniek";

/// One value of one row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A `string` or `list` value.
    Str(Option<String>),
    /// An `int32` or `int64` value.
    Int(Option<i64>),
    /// A `float64` value.
    Float(Option<f64>),
    /// A `date` value.
    Date(Option<NaiveDate>),
    /// A `boolean` value.
    Bool(Option<bool>),
}

impl Cell {
    /// A present string.
    pub fn str(s: impl Into<String>) -> Cell {
        Cell::Str(Some(s.into()))
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

    /// Reads back a CSV field written by [`Cell::csv_field`] for a column of type `ty`.
    /// Lossless: empty means null (empty strings are never written), and floats are
    /// written as the shortest decimal that parses back to the same value.
    pub fn from_csv_field(ty: ColumnType, field: &str) -> Result<Cell, String> {
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
            ColumnType::String | ColumnType::List => Cell::str(field),
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
        self.csv_field(&mut String::new()).to_string()
    }

    /// The CSV field, written into `scratch` (empty for null); strings are borrowed.
    /// Numbers and dates skip the formatting machinery: this runs for every cell.
    pub fn csv_field<'a>(&'a self, scratch: &'a mut String) -> &'a str {
        use std::fmt::Write as _;
        scratch.clear();
        match self {
            Cell::Str(v) => return v.as_deref().unwrap_or(""),
            Cell::Bool(Some(b)) => return if *b { "true" } else { "false" },
            Cell::Int(Some(n)) => scratch.push_str(itoa::Buffer::new().format(*n)),
            // `Display` of f64 is the shortest decimal that parses back to the same value.
            Cell::Float(Some(x)) => write!(scratch, "{x}").expect("a String takes any text"),
            Cell::Date(Some(d)) => push_date(scratch, *d),
            Cell::Int(None) | Cell::Float(None) | Cell::Date(None) | Cell::Bool(None) => {}
        }
        scratch
    }
}

/// Appends a date as `YYYY-MM-DD` (as `{:04}-{:02}-{:02}` of its parts).
fn push_date(out: &mut String, date: NaiveDate) {
    use std::fmt::Write as _;
    let year = date.year();
    match u64::try_from(year) {
        Ok(year) => push_padded(out, year, 4),
        // A negative year: the padding rules of `format!` decide; rare, so use it.
        Err(_) => write!(out, "{year:04}").expect("a String takes any text"),
    }
    out.push('-');
    push_padded(out, u64::from(date.month()), 2);
    out.push('-');
    push_padded(out, u64::from(date.day()), 2);
}

/// Appends `n` in decimal, zero-padded to at least `width` digits (`{n:0width$}`).
pub(super) fn push_padded(out: &mut String, n: u64, width: usize) {
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(n);
    out.extend(std::iter::repeat_n('0', width.saturating_sub(digits.len())));
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
    /// The Parquet file.
    pub parquet: PathBuf,
}

/// Streams the rows of one table into `<dir>/<table>.csv` and `<dir>/<table>.parquet`.
pub struct TableWriter {
    table: Table,
    csv_path: PathBuf,
    parquet_path: PathBuf,
    csv: CsvOut,
    parquet: ArrowWriter<File>,
    /// One Arrow builder per column, filled row by row until a batch is full.
    columns: Vec<ColumnBuilder>,
    /// Per column, the index in its `allowed` values of the last value checked: the
    /// closed columns mostly repeat a value, so most checks are one comparison.
    last_allowed: Vec<usize>,
    buffered: usize,
    rows: u64,
}

impl TableWriter {
    /// Creates both files of `table` in `dir`.
    pub fn create(table: &Table, dir: &Path) -> Result<TableWriter, WriteError> {
        let csv_path = dir.join(format!("{}.csv", table.name));
        let parquet_path = dir.join(format!("{}.parquet", table.name));
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| WriteError::Io { path, source }
        };
        let csv_file = File::create(&csv_path).map_err(io(&csv_path))?;
        let mut csv = CsvOut::new(csv_file);
        for column in &table.columns {
            csv.str(&column.name).map_err(io(&csv_path))?;
        }
        csv.end_row().map_err(io(&csv_path))?;

        let parquet_file = File::create(&parquet_path).map_err(io(&parquet_path))?;
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
            table: table.clone(),
            csv_path,
            parquet_path,
            csv,
            parquet,
            columns: table
                .columns
                .iter()
                .map(|c| ColumnBuilder::new(c.column_type, INITIAL_STRING_BYTES))
                .collect(),
            last_allowed: vec![0; table.columns.len()],
            buffered: 0,
            rows: 0,
        })
    }

    /// Writes one row; cells in column order.
    pub fn write_row(&mut self, row: Vec<Cell>) -> Result<(), WriteError> {
        self.check(&row)?;
        let csv_error = |source| WriteError::Io {
            path: self.csv_path.clone(),
            source,
        };
        for (cell, column) in row.iter().zip(&mut self.columns) {
            self.csv.cell(cell).map_err(csv_error)?;
            column.append(cell);
        }
        self.csv.end_row().map_err(csv_error)?;
        self.buffered += 1;
        self.rows += 1;
        if self.buffered == ROWS_PER_BATCH {
            self.flush_batch()?;
        }
        Ok(())
    }

    /// Flushes everything and closes both files.
    pub fn finish(mut self) -> Result<WrittenTable, WriteError> {
        self.flush_batch()?;
        let parquet_path = self.parquet_path.clone();
        self.parquet.close().map_err(|source| WriteError::Parquet {
            path: parquet_path.clone(),
            source,
        })?;
        self.csv.finish().map_err(|source| WriteError::Io {
            path: self.csv_path.clone(),
            source,
        })?;
        Ok(WrittenTable {
            table: self.table.name,
            rows: self.rows,
            csv: self.csv_path,
            parquet: parquet_path,
        })
    }

    /// Rejects a row that does not match the schema: wrong width, wrong type, a null in
    /// a required column, or an empty string (in CSV, empty means missing).
    fn check(&mut self, row: &[Cell]) -> Result<(), WriteError> {
        let problem = |column: &str, problem: String| WriteError::Schema {
            table: self.table.name.clone(),
            column: column.to_string(),
            problem,
        };
        if row.len() != self.table.columns.len() {
            return Err(problem(
                "*",
                format!(
                    "{} cells for {} columns",
                    row.len(),
                    self.table.columns.len()
                ),
            ));
        }
        for ((cell, column), last) in row
            .iter()
            .zip(&self.table.columns)
            .zip(&mut self.last_allowed)
        {
            let fits = matches!(
                (column.column_type, cell),
                (ColumnType::String | ColumnType::List, Cell::Str(_))
                    | (ColumnType::Int32 | ColumnType::Int64, Cell::Int(_))
                    | (ColumnType::Float64, Cell::Float(_))
                    | (ColumnType::Date, Cell::Date(_))
                    | (ColumnType::Boolean, Cell::Bool(_))
            );
            if !fits {
                return Err(problem(
                    &column.name,
                    format!("{cell:?} is not a {}", column.column_type.name()),
                ));
            }
            if column.required && cell.is_null() {
                return Err(problem(&column.name, "null in a required column".into()));
            }
            if let Cell::Str(Some(s)) = cell {
                if s.is_empty() {
                    return Err(problem(
                        &column.name,
                        "empty string (write null instead)".into(),
                    ));
                }
                if let Some(allowed) = &column.allowed {
                    if allowed.get(*last).is_none_or(|a| a != s) {
                        *last = allowed.iter().position(|a| a == s).ok_or_else(|| {
                            problem(&column.name, format!("{s:?} is not one of {allowed:?}"))
                        })?;
                    }
                }
            }
            if let Cell::Float(Some(x)) = cell {
                if !x.is_finite() {
                    return Err(problem(&column.name, format!("{x} is not finite")));
                }
            }
            if let (ColumnType::Int32, Cell::Int(Some(n))) = (column.column_type, cell) {
                if i32::try_from(*n).is_err() {
                    return Err(problem(&column.name, format!("{n} does not fit int32")));
                }
            }
        }
        Ok(())
    }

    /// Turns the buffered rows into one record batch and hands it to the Parquet writer.
    fn flush_batch(&mut self) -> Result<(), WriteError> {
        if self.buffered == 0 {
            return Ok(());
        }
        let columns: Vec<ArrayRef> = self
            .columns
            .iter_mut()
            .zip(&self.table.columns)
            .map(|(builder, column)| builder.finish(column.column_type))
            .collect();
        let batch = RecordBatch::try_new(self.table.arrow_schema(), columns).map_err(|e| {
            WriteError::Schema {
                table: self.table.name.clone(),
                column: "*".into(),
                problem: e.to_string(),
            }
        })?;
        self.parquet
            .write(&batch)
            .map_err(|source| WriteError::Parquet {
                path: self.parquet_path.clone(),
                source,
            })?;
        self.buffered = 0;
        Ok(())
    }
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

/// Days since 1970-01-01: the Arrow Date32 value of a date.
fn days_since_epoch(date: NaiveDate) -> i32 {
    /// `NaiveDate::num_days_from_ce` of 1970-01-01.
    const EPOCH_FROM_CE: i32 = 719_163;
    date.num_days_from_ce() - EPOCH_FROM_CE
}

/// The Arrow builder of one column.
enum ColumnBuilder {
    Str(StringBuilder),
    Int32(Int32Builder),
    Int64(Int64Builder),
    Float64(Float64Builder),
    Date(Date32Builder),
    Bool(BooleanBuilder),
}

impl ColumnBuilder {
    /// An empty builder with room for a whole batch, so that filling it never grows
    /// a buffer after the first batch; `bytes` is the room for string data.
    fn new(column_type: ColumnType, bytes: usize) -> ColumnBuilder {
        let n = ROWS_PER_BATCH;
        match column_type {
            ColumnType::String | ColumnType::List => {
                ColumnBuilder::Str(StringBuilder::with_capacity(n, bytes))
            }
            ColumnType::Int32 => ColumnBuilder::Int32(Int32Builder::with_capacity(n)),
            ColumnType::Int64 => ColumnBuilder::Int64(Int64Builder::with_capacity(n)),
            ColumnType::Float64 => ColumnBuilder::Float64(Float64Builder::with_capacity(n)),
            ColumnType::Date => ColumnBuilder::Date(Date32Builder::with_capacity(n)),
            ColumnType::Boolean => ColumnBuilder::Bool(BooleanBuilder::with_capacity(n)),
        }
    }

    /// Appends a cell already checked against the column's type.
    fn append(&mut self, cell: &Cell) {
        match (self, cell) {
            (ColumnBuilder::Str(b), Cell::Str(v)) => b.append_option(v.as_deref()),
            (ColumnBuilder::Int32(b), Cell::Int(v)) => b.append_option(v.map(|n| n as i32)),
            (ColumnBuilder::Int64(b), Cell::Int(v)) => b.append_option(*v),
            (ColumnBuilder::Float64(b), Cell::Float(v)) => b.append_option(*v),
            (ColumnBuilder::Date(b), Cell::Date(v)) => b.append_option(v.map(days_since_epoch)),
            (ColumnBuilder::Bool(b), Cell::Bool(v)) => b.append_option(*v),
            _ => unreachable!("cells are checked against the schema before they are appended"),
        }
    }

    /// The column so far as an Arrow array; the builder starts over empty, with room
    /// for as much as this batch held.
    fn finish(&mut self, column_type: ColumnType) -> ArrayRef {
        use std::sync::Arc;
        let bytes = match self {
            ColumnBuilder::Str(b) => b.values_slice().len(),
            _ => 0,
        };
        let full = std::mem::replace(self, ColumnBuilder::new(column_type, bytes));
        match full {
            ColumnBuilder::Str(mut b) => Arc::new(b.finish()),
            ColumnBuilder::Int32(mut b) => Arc::new(b.finish()),
            ColumnBuilder::Int64(mut b) => Arc::new(b.finish()),
            ColumnBuilder::Float64(mut b) => Arc::new(b.finish()),
            ColumnBuilder::Date(mut b) => Arc::new(b.finish()),
            ColumnBuilder::Bool(mut b) => Arc::new(b.finish()),
        }
    }
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
    fn days_since_epoch_is_chrono_date_arithmetic() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let mut days = vec![NaiveDate::MIN, NaiveDate::MAX, epoch];
        days.extend((-800..800).map(|i| epoch + chrono::Duration::days(i * 97)));
        for day in days {
            assert_eq!(
                days_since_epoch(day) as i64,
                (day - epoch).num_days(),
                "{day}"
            );
        }
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
}
