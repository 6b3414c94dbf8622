//! The half of a table writer that runs on any thread: it checks rows against the
//! schema and encodes them for both files at once, as CSV bytes and Arrow columns.
//!
//! Workers encode the rows of their documents in parallel, right after building them;
//! the writer thread only appends the encoded pieces in input order
//! ([`super::TableWriter::append`]). Neither file depends on how the rows were split
//! into pieces: CSV bytes concatenate, and the writer re-cuts the Arrow columns into
//! batches of a fixed size before they reach the Parquet encoder.

use super::csv_out::CsvOut;
use super::{Cell, WriteError};
use crate::schema::{ColumnType, Table};
use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use chrono::{Datelike, NaiveDate};

/// Rows of one table, encoded for both of its files.
#[derive(Debug)]
pub struct EncodedRows {
    /// The rows as CSV (no header).
    pub(super) csv: Vec<u8>,
    /// The rows as one Arrow record batch; `None` when there are no rows.
    pub(super) batch: Option<RecordBatch>,
}

impl EncodedRows {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.batch.as_ref().map_or(0, RecordBatch::num_rows)
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The CSV half and the Parquet half apart, as rows that a writer appends to its CSV
    /// file only and to its Parquet file only: how a benchmark times each writer alone.
    pub fn split(self) -> (EncodedRows, EncodedRows) {
        let csv = EncodedRows {
            csv: self.csv,
            batch: None,
        };
        let parquet = EncodedRows {
            csv: Vec::new(),
            batch: self.batch,
        };
        (csv, parquet)
    }
}

/// Checks and encodes the rows of one table.
///
/// ```
/// use kroniek::schema::Schema;
/// use kroniek::write::{Cell, TableEncoder, TableWriter};
///
/// let table = Schema::get().table("document_topics");
/// // On any thread: check and encode.
/// let mut encoder = TableEncoder::new(table, 1);
/// let share = Cell::Float(Some(0.5));
/// encoder.push(&[Cell::str("d"), Cell::str("energy"), Cell::Int(Some(1)), share])?;
/// assert!(encoder.push(&[Cell::str("d")]).is_err(), "a row too narrow for the table");
/// let rows = encoder.finish()?;
///
/// // On the writer: append, in order.
/// let dir = tempfile::tempdir()?;
/// let mut writer = TableWriter::create(table, dir.path())?;
/// writer.append(rows)?;
/// let written = writer.finish()?;
/// let csv = std::fs::read_to_string(&written.csv)?;
/// assert_eq!(csv, "doc_id,topic,sentences,share\nd,energy,1,0.5\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct TableEncoder {
    table: &'static Table,
    csv: CsvOut,
    /// One Arrow builder per column.
    columns: Vec<ColumnBuilder>,
    /// Per column, the index in its `allowed` values of the last value checked: the
    /// closed columns mostly repeat a value, so most checks are one comparison.
    last_allowed: Vec<usize>,
    rows: usize,
}

impl TableEncoder {
    /// An encoder for `table`, with room for about `rows` rows before a buffer grows.
    pub fn new(table: &'static Table, rows: usize) -> TableEncoder {
        TableEncoder {
            table,
            csv: CsvOut::new(),
            columns: table
                .columns
                .iter()
                .map(|c| ColumnBuilder::new(c.column_type, rows))
                .collect(),
            last_allowed: vec![0; table.columns.len()],
            rows: 0,
        }
    }

    /// Makes room for about `bytes` more bytes of CSV, so that the buffer does not
    /// grow (and copy itself) step by step.
    pub fn reserve_csv(&mut self, bytes: usize) {
        self.csv.reserve(bytes);
    }

    /// Rows encoded since the last [`TableEncoder::take`].
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether no row was encoded since the last [`TableEncoder::take`].
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Checks one row (cells in column order) and encodes it.
    pub fn push(&mut self, row: &[Cell<'_>]) -> Result<(), WriteError> {
        self.check(row)?;
        for (cell, column) in row.iter().zip(&mut self.columns) {
            self.csv.cell(cell);
            column.append(cell);
        }
        self.csv.end_row();
        self.rows += 1;
        Ok(())
    }

    /// The rows encoded so far; the encoder starts over empty, with room for as many.
    pub fn take(&mut self) -> Result<EncodedRows, WriteError> {
        let rows = self.rows;
        self.take_with_room(rows)
    }

    /// The rows encoded, for an encoder used once (nothing set aside for more rows).
    pub fn finish(mut self) -> Result<EncodedRows, WriteError> {
        self.take_with_room(0)
    }

    /// The rows encoded so far; the encoder starts over empty, with room for `room` rows.
    fn take_with_room(&mut self, room: usize) -> Result<EncodedRows, WriteError> {
        // As much room as this piece took, for an encoder that goes on.
        let csv_room = if room > 0 { self.csv.len() } else { 0 };
        let csv = self.csv.take(csv_room);
        if self.rows == 0 {
            return Ok(EncodedRows { csv, batch: None });
        }
        let columns: Vec<ArrayRef> = self
            .columns
            .iter_mut()
            .zip(&self.table.columns)
            .map(|(builder, column)| builder.finish(column.column_type, room))
            .collect();
        self.rows = 0;
        let batch = RecordBatch::try_new(self.table.arrow_schema(), columns).map_err(|e| {
            WriteError::Schema {
                table: self.table.name.clone(),
                column: "*".into(),
                problem: e.to_string(),
            }
        })?;
        Ok(EncodedRows {
            csv,
            batch: Some(batch),
        })
    }

    /// Rejects a row that does not match the schema: wrong width, wrong type, a null in
    /// a required column, or an empty string (in CSV, empty means missing).
    fn check(&mut self, row: &[Cell<'_>]) -> Result<(), WriteError> {
        let table = self.table;
        let problem = |column: &str, problem: String| WriteError::Schema {
            table: table.name.clone(),
            column: column.to_string(),
            problem,
        };
        if row.len() != table.columns.len() {
            return Err(problem(
                "*",
                format!("{} cells for {} columns", row.len(), table.columns.len()),
            ));
        }
        for ((cell, column), last) in row.iter().zip(&table.columns).zip(&mut self.last_allowed) {
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
}

/// Days since 1970-01-01: the Arrow Date32 value of a date.
fn days_since_epoch(date: NaiveDate) -> i32 {
    /// `NaiveDate::num_days_from_ce` of 1970-01-01.
    const EPOCH_FROM_CE: i32 = 719_163;
    date.num_days_from_ce() - EPOCH_FROM_CE
}

/// Room for string data per row when a builder starts without a previous batch.
const STRING_BYTES_PER_ROW: usize = 16;

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
    /// An empty builder with room for `rows` values and `bytes` of string data.
    fn with_capacity(column_type: ColumnType, rows: usize, bytes: usize) -> ColumnBuilder {
        match column_type {
            ColumnType::String | ColumnType::List => {
                ColumnBuilder::Str(StringBuilder::with_capacity(rows, bytes))
            }
            ColumnType::Int32 => ColumnBuilder::Int32(Int32Builder::with_capacity(rows)),
            ColumnType::Int64 => ColumnBuilder::Int64(Int64Builder::with_capacity(rows)),
            ColumnType::Float64 => ColumnBuilder::Float64(Float64Builder::with_capacity(rows)),
            ColumnType::Date => ColumnBuilder::Date(Date32Builder::with_capacity(rows)),
            ColumnType::Boolean => ColumnBuilder::Bool(BooleanBuilder::with_capacity(rows)),
        }
    }

    /// An empty builder with room for `rows` values.
    fn new(column_type: ColumnType, rows: usize) -> ColumnBuilder {
        Self::with_capacity(column_type, rows, rows * STRING_BYTES_PER_ROW)
    }

    /// Appends a cell already checked against the column's type.
    fn append(&mut self, cell: &Cell<'_>) {
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
    /// for `rows` values (and for as much string data as this one held, if any rows).
    fn finish(&mut self, column_type: ColumnType, rows: usize) -> ArrayRef {
        use std::sync::Arc;
        let bytes = match self {
            ColumnBuilder::Str(b) if rows > 0 => b.values_slice().len(),
            _ => 0,
        };
        let full = std::mem::replace(self, Self::with_capacity(column_type, rows, bytes));
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

    fn topic_row(share: f64) -> [Cell<'static>; 4] {
        [
            Cell::str("d"),
            Cell::str("energy"),
            Cell::Int(Some(1)),
            Cell::Float(Some(share)),
        ]
    }

    #[test]
    fn rows_that_do_not_fit_the_schema_are_refused_and_leave_nothing_behind() {
        let table = crate::schema::Schema::get().table("document_topics");
        let mut encoder = TableEncoder::new(table, 4);
        assert!(encoder.push(&topic_row(f64::NAN)).is_err());
        assert!(encoder.push(&topic_row(0.5)[..3]).is_err(), "too narrow");
        let mut empty = topic_row(0.5);
        empty[1] = Cell::str("");
        assert!(encoder.push(&empty).is_err(), "an empty string");
        let mut null = topic_row(0.5);
        null[0] = Cell::Str(None);
        assert!(encoder.push(&null).is_err(), "a null in a required column");
        let mut wide = topic_row(0.5);
        wide[2] = Cell::Int(Some(i64::from(i32::MAX) + 1));
        assert!(encoder.push(&wide).is_err(), "an int32 out of range");
        assert!(encoder.is_empty());
        encoder.push(&topic_row(0.25)).unwrap();
        let rows = encoder.take().unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows.csv, b"d,energy,1,0.25\n");
        assert!(encoder.take().unwrap().is_empty(), "take starts over");
    }
}
