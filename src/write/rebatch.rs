//! Re-cuts the Arrow record batches of a table into the batches its Parquet encoder is
//! given. The encoder cuts pages at offsets counted from the start of each batch it
//! receives, so the cuts must depend only on the rows, never on how the workers happened
//! to split them into pieces (which depends on the thread count).
//!
//! A batch closes at [`ROWS_PER_BATCH`] rows, or earlier at the first row that brings its
//! values to [`BYTES_PER_BATCH`]: rows of whole documents are thousands of times wider
//! than rows of annotations, and a count alone would have the writer hold thousands of
//! documents at once.

use arrow_array::cast::AsArray;
use arrow_array::RecordBatch;
use arrow_schema::DataType;
use std::collections::VecDeque;

/// The most rows in one batch given to the Parquet encoder: a multiple of the encoder's
/// mini-batch (1,024 rows), so that full batches leave its page checks where they were.
pub(super) const ROWS_PER_BATCH: usize = 1024;
/// A batch closes at the first row that brings the bytes of its values to this.
pub(super) const BYTES_PER_BATCH: usize = 2 << 20;

/// Rows waiting to be cut into batches, in order.
#[derive(Default)]
pub(super) struct Rebatcher {
    pending: VecDeque<RecordBatch>,
    /// The bytes of each pending row's values, in order: one entry per pending row.
    row_bytes: VecDeque<usize>,
    /// Their sum.
    bytes: usize,
}

impl Rebatcher {
    /// Adds rows after every row added so far.
    pub(super) fn push(&mut self, batch: RecordBatch) {
        if batch.num_rows() == 0 {
            return;
        }
        let sizes = row_bytes(&batch);
        self.bytes += sizes.iter().sum::<usize>();
        self.row_bytes.extend(sizes);
        self.pending.push_back(batch);
    }

    /// The next batch, in pieces to be joined, once its end is known: when a limit is
    /// reached, or at the end of the table (`last`) for whatever rows are left.
    pub(super) fn next(&mut self, last: bool) -> Option<Vec<RecordBatch>> {
        let pending = self.row_bytes.len();
        let full = pending >= ROWS_PER_BATCH || self.bytes >= BYTES_PER_BATCH;
        if !(full || last && pending > 0) {
            return None;
        }
        let (rows, bytes) = self.cut();
        self.row_bytes.drain(..rows);
        self.bytes -= bytes;
        Some(self.take(rows))
    }

    /// Rows and value bytes of the next batch: up to the first row that reaches a limit,
    /// or every pending row.
    fn cut(&self) -> (usize, usize) {
        let (mut rows, mut bytes) = (0, 0);
        for &row in &self.row_bytes {
            rows += 1;
            bytes += row;
            if rows == ROWS_PER_BATCH || bytes >= BYTES_PER_BATCH {
                break;
            }
        }
        (rows, bytes)
    }

    /// Removes the first `rows` pending rows, slicing the batch they end in.
    fn take(&mut self, mut rows: usize) -> Vec<RecordBatch> {
        let mut parts = Vec::new();
        while rows > 0 {
            let Some(first) = self.pending.front_mut() else {
                break;
            };
            let n = first.num_rows();
            if n <= rows {
                rows -= n;
                parts.extend(self.pending.pop_front());
            } else {
                parts.push(first.slice(0, rows));
                *first = first.slice(rows, n - rows);
                rows = 0;
            }
        }
        parts
    }
}

/// The bytes of each row's values: string bytes, and the width of fixed-size values.
/// Column by column, so that each column's type is looked at once.
fn row_bytes(batch: &RecordBatch) -> Vec<usize> {
    let mut rows = vec![0; batch.num_rows()];
    for column in batch.columns() {
        match column.data_type() {
            DataType::Utf8 => {
                let offsets = column.as_string::<i32>().offsets();
                for (row, pair) in rows.iter_mut().zip(offsets.windows(2)) {
                    *row += (pair[1] - pair[0]) as usize;
                }
            }
            other => {
                let width = other.primitive_width().unwrap_or(1);
                rows.iter_mut().for_each(|row| *row += width);
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{ArrayRef, Int64Array, StringArray};
    use std::sync::Arc;

    fn rows(texts: &[String]) -> RecordBatch {
        let text: ArrayRef = Arc::new(StringArray::from_iter_values(texts));
        let n: ArrayRef = Arc::new(Int64Array::from_iter_values(0..texts.len() as i64));
        RecordBatch::try_from_iter([("text", text), ("n", n)]).expect("batch")
    }

    /// The sizes of the batches cut from `texts` given in pieces of `pieces` rows.
    fn cuts(texts: &[String], pieces: &[usize]) -> Vec<usize> {
        let mut rebatcher = Rebatcher::default();
        let mut sizes = Vec::new();
        let mut rest = texts;
        for &piece in pieces.iter().cycle() {
            if rest.is_empty() {
                break;
            }
            let (now, later) = rest.split_at(piece.min(rest.len()));
            rebatcher.push(rows(now));
            rest = later;
            while let Some(parts) = rebatcher.next(false) {
                sizes.push(parts.iter().map(RecordBatch::num_rows).sum());
            }
        }
        while let Some(parts) = rebatcher.next(true) {
            sizes.push(parts.iter().map(RecordBatch::num_rows).sum());
        }
        sizes
    }

    #[test]
    fn narrow_rows_are_cut_by_count() {
        let texts: Vec<String> = (0..2500).map(|i| format!("row {i}")).collect();
        for pieces in [&[1][..], &[7, 1000], &[2500]] {
            assert_eq!(cuts(&texts, pieces), [1024, 1024, 452], "{pieces:?}");
        }
    }

    #[test]
    fn wide_rows_are_cut_by_bytes_at_the_row_that_reaches_the_limit() {
        // 100 KB of text a row: the 21st row brings a batch past 2 MiB.
        let texts: Vec<String> = (0..50).map(|_| "x".repeat(100_000)).collect();
        for pieces in [&[1][..], &[3, 40], &[50]] {
            assert_eq!(cuts(&texts, pieces), [21, 21, 8], "{pieces:?}");
        }
        // A row wider than the limit closes the batch it is in.
        let texts = vec!["x".repeat(3 << 20), "y".into(), "z".repeat(3 << 20)];
        assert_eq!(cuts(&texts, &[3]), [1, 2]);
    }

    #[test]
    fn nothing_is_cut_before_a_limit_or_the_end() {
        let mut rebatcher = Rebatcher::default();
        rebatcher.push(rows(&["a".into(), "b".into()]));
        rebatcher.push(rows(&[]));
        assert!(rebatcher.next(false).is_none());
        let parts = rebatcher.next(true).expect("the rest at the end");
        assert_eq!(parts.iter().map(RecordBatch::num_rows).sum::<usize>(), 2);
        assert!(rebatcher.next(true).is_none());
    }
}
