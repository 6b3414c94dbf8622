//! The CSV half of a table writer: rows encoded straight into one byte buffer.
//!
//! The bytes are those of the `csv` crate with `QuoteStyle::Necessary` and a `\n`
//! terminator (what releases were first written with; a test pins the two together):
//! a field is quoted when it holds `,`, `"`, `\r` or `\n`, and a quote inside a quoted
//! field is doubled. Encoding a whole row at once, numbers included, skips the crate's
//! per-field state machine and the formatting machinery, which is most of the cost of
//! a row.

use super::Cell;
use chrono::{Datelike, NaiveDate};
use std::fs::File;
use std::io::Write;

/// Bytes gathered before they go to the file.
const FLUSH_AT: usize = 256 * 1024;

/// A CSV file written row by row.
pub(super) struct CsvOut {
    file: File,
    buf: Vec<u8>,
    /// Whether the current row has a field yet (the next one needs a delimiter).
    in_row: bool,
}

impl CsvOut {
    /// Writes into `file`, which should be empty.
    pub(super) fn new(file: File) -> CsvOut {
        CsvOut {
            file,
            buf: Vec::with_capacity(FLUSH_AT + 64 * 1024),
            in_row: false,
        }
    }

    /// Appends one cell already checked against its column, as [`Cell::csv_field`]
    /// writes it.
    pub(super) fn cell(&mut self, cell: &Cell) {
        match cell {
            Cell::Str(Some(s)) => self.str(s),
            Cell::Int(Some(n)) => self.int(*n),
            Cell::Date(Some(d)) => self.date(*d),
            Cell::Bool(Some(b)) => self.plain(if *b { "true" } else { "false" }),
            Cell::Float(Some(x)) => {
                self.delimit();
                // `Display` of f64 is the shortest decimal that parses back to the same value.
                let _ = write!(self.buf, "{x}");
            }
            Cell::Str(None)
            | Cell::Int(None)
            | Cell::Float(None)
            | Cell::Date(None)
            | Cell::Bool(None) => self.empty(),
        }
    }

    /// Appends a text field, quoted when it must be.
    pub(super) fn str(&mut self, field: &str) {
        self.delimit();
        let bytes = field.as_bytes();
        if !any_needs_quotes(bytes) {
            self.buf.extend_from_slice(bytes);
            return;
        }
        self.buf.push(b'"');
        // Every quote is doubled: copy the runs between quotes, then the quote twice.
        let mut rest = bytes;
        while let Some(i) = rest.iter().position(|&b| b == b'"') {
            self.buf.extend_from_slice(&rest[..=i]);
            self.buf.push(b'"');
            rest = &rest[i + 1..];
        }
        self.buf.extend_from_slice(rest);
        self.buf.push(b'"');
    }

    /// Appends an empty field (a null).
    pub(super) fn empty(&mut self) {
        self.delimit();
    }

    /// Appends an integer in decimal.
    pub(super) fn int(&mut self, n: i64) {
        self.delimit();
        push_int(&mut self.buf, n);
    }

    /// Appends a date as `YYYY-MM-DD` (as chrono's `{:04}-{:02}-{:02}` of its parts).
    pub(super) fn date(&mut self, date: NaiveDate) {
        self.delimit();
        let year = date.year();
        if (0..=9999).contains(&year) {
            push_digits(&mut self.buf, year as u32, 4);
        } else {
            // Outside four digits the padding rules of `format!` decide: rare, so use it.
            let _ = write!(self.buf, "{year:04}");
        }
        self.buf.push(b'-');
        push_digits(&mut self.buf, date.month(), 2);
        self.buf.push(b'-');
        push_digits(&mut self.buf, date.day(), 2);
    }

    /// Appends a field that is already text and never needs quotes (numbers, booleans).
    pub(super) fn plain(&mut self, field: &str) {
        self.delimit();
        self.buf.extend_from_slice(field.as_bytes());
    }

    /// Ends the row; flushes to the file once enough bytes are gathered.
    pub(super) fn end_row(&mut self) -> std::io::Result<()> {
        self.buf.push(b'\n');
        self.in_row = false;
        if self.buf.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes out every gathered byte.
    pub(super) fn flush(&mut self) -> std::io::Result<()> {
        self.file.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }

    /// Flushes and syncs the file to disk.
    pub(super) fn finish(mut self) -> std::io::Result<()> {
        self.flush()?;
        self.file.sync_all()
    }

    fn delimit(&mut self) {
        if self.in_row {
            self.buf.push(b',');
        }
        self.in_row = true;
    }
}

/// The bytes that make the `csv` crate quote a field (with a `\n` terminator).
fn needs_quotes(b: u8) -> bool {
    matches!(b, b',' | b'"' | b'\n' | b'\r')
}

/// Whether any byte of `bytes` needs quotes. Long texts (document and sentence
/// texts are most of the bytes of a release) go by whole blocks, without stopping early
/// inside one and with one comparison per special byte (not `matches!`, which becomes
/// a bit-mask lookup), so that the compiler turns the loop into vector instructions;
/// the rest (all of an id or a label) goes by eight bytes at a time.
fn any_needs_quotes(bytes: &[u8]) -> bool {
    const BLOCK: usize = 32;
    let mut blocks = bytes.chunks_exact(BLOCK);
    for block in &mut blocks {
        let hits = block.iter().fold(0u8, |hits, &b| {
            hits | u8::from(b == b',')
                | u8::from(b == b'"')
                | u8::from(b == b'\n')
                | u8::from(b == b'\r')
        });
        if hits != 0 {
            return true;
        }
    }
    let mut words = blocks.remainder().chunks_exact(8);
    for word in &mut words {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        if word_needs_quotes(u64::from_le_bytes(eight)) {
            return true;
        }
    }
    words.remainder().iter().any(|&b| needs_quotes(b))
}

/// Whether any of the eight bytes in `word` needs quotes.
fn word_needs_quotes(word: u64) -> bool {
    has_byte(word, b',') || has_byte(word, b'"') || has_byte(word, b'\n') || has_byte(word, b'\r')
}

/// Whether any of the eight bytes in `word` is `byte`: after the xor that byte is
/// zero, and `(x - 0x01..01) & !x & 0x80..80` is non-zero exactly when `x` has a zero
/// byte.
fn has_byte(word: u64, byte: u8) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let x = word ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & HIGHS != 0
}

/// `n` in decimal, as `{n}` formats it.
fn push_int(buf: &mut Vec<u8>, n: i64) {
    if n < 0 {
        buf.push(b'-');
    }
    let mut digits = [0u8; 20];
    let mut rest = n.unsigned_abs();
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[start..]);
}

/// `n` zero-padded to `width` digits (`n` must fit in them).
fn push_digits(buf: &mut Vec<u8>, n: u32, width: usize) {
    let mut rest = n;
    let end = buf.len() + width;
    buf.resize(end, b'0');
    for slot in buf[end - width..].iter_mut().rev() {
        *slot = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::io::{Read, Seek};

    /// Any cell a checked row may hold (no empty strings, finite floats).
    fn cell() -> impl Strategy<Value = Cell> {
        let date = (-300_000i32..300_000)
            .prop_map(|d| NaiveDate::from_num_days_from_ce_opt(d + 730_000).expect("in range"));
        prop_oneof![
            "[a-z,\"\r\n é|:-]{1,80}".prop_map(Cell::str),
            Just(Cell::Str(None)),
            any::<i64>().prop_map(|n| Cell::Int(Some(n))),
            Just(Cell::Int(None)),
            any::<f64>()
                .prop_filter("finite", |x| x.is_finite())
                .prop_map(|x| Cell::Float(Some(x))),
            Just(Cell::Float(None)),
            date.prop_map(|d| Cell::Date(Some(d))),
            Just(Cell::Date(None)),
            any::<bool>().prop_map(|b| Cell::Bool(Some(b))),
            Just(Cell::Bool(None)),
        ]
    }

    /// The rows as the `csv` crate writes their [`Cell::csv_field`]s (the reference).
    fn by_csv_crate(rows: &[Vec<Cell>]) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .quote_style(csv::QuoteStyle::Necessary)
            // Rows of different widths: only the bytes of each field are compared here.
            .flexible(true)
            .from_writer(Vec::new());
        for row in rows {
            for cell in row {
                w.write_field(cell.to_csv_field()).expect("write");
            }
            w.write_record(None::<&[u8]>).expect("end");
        }
        w.into_inner().expect("flush")
    }

    fn by_csv_out(rows: &[Vec<Cell>]) -> Vec<u8> {
        let mut out = CsvOut::new(tempfile::tempfile().expect("temp file"));
        for row in rows {
            for cell in row {
                out.cell(cell);
            }
            out.end_row().expect("end");
        }
        out.flush().expect("flush");
        let mut bytes = Vec::new();
        out.file.rewind().expect("rewind");
        out.file.read_to_end(&mut bytes).expect("read");
        bytes
    }

    proptest! {
        #[test]
        fn rows_are_the_bytes_of_the_csv_crate(
            rows in prop::collection::vec(prop::collection::vec(cell(), 2..8), 0..20)
        ) {
            prop_assert_eq!(by_csv_out(&rows), by_csv_crate(&rows));
        }
    }

    #[test]
    fn the_block_scan_finds_every_special_byte_anywhere() {
        for len in 1..100 {
            for at in 0..len {
                for special in [b',', b'"', b'\n', b'\r', b'a', b'x', 0, 0x80, 0xc3, 0xff] {
                    let mut bytes = vec![b'x'; len];
                    bytes[at] = special;
                    let naive = bytes.iter().any(|&b| needs_quotes(b));
                    assert_eq!(any_needs_quotes(&bytes), naive, "{len} {at} {special}");
                }
            }
        }
        assert!(!any_needs_quotes(b""));
        // Every pair of bytes in a word, in case one byte's carry hides or fakes another.
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let word = [b'x', a, b, b'x', b, a, b'x', b'x'];
                let naive = word.iter().any(|&c| needs_quotes(c));
                assert_eq!(any_needs_quotes(&word), naive, "{a} {b}");
            }
        }
    }

    #[test]
    fn edge_values_are_the_bytes_of_the_csv_crate() {
        let date = |y, m, d| Cell::Date(NaiveDate::from_ymd_opt(y, m, d));
        let rows = vec![
            vec![
                Cell::Int(Some(i64::MIN)),
                Cell::Int(Some(i64::MAX)),
                Cell::Int(Some(0)),
            ],
            vec![Cell::str("\""), Cell::str("a\"\"b,"), Cell::str("\r")],
            vec![
                Cell::Date(Some(NaiveDate::MIN)),
                Cell::Date(Some(NaiveDate::MAX)),
                date(0, 1, 1),
                date(-1, 12, 31),
                date(10_000, 1, 1),
                date(2025, 3, 8),
            ],
            vec![Cell::Float(Some(1.0 / 3.0)), Cell::Float(Some(1e-300))],
            vec![Cell::Str(None), Cell::Str(None)],
        ];
        assert_eq!(by_csv_out(&rows), by_csv_crate(&rows));
        // Big enough to flush in the middle.
        let many: Vec<Vec<Cell>> = (0..40_000)
            .map(|i| {
                vec![
                    Cell::Int(Some(i)),
                    Cell::str(format!("zin {i}, met \"tekst\"")),
                ]
            })
            .collect();
        assert_eq!(by_csv_out(&many), by_csv_crate(&many));
    }
}
