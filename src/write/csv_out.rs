//! The CSV half of a table encoder: rows written straight into a byte buffer, quoted as
//! a `csv` crate writer with `QuoteStyle::Necessary` and a `\n` terminator quotes them
//! (the bytes releases were first written with). Which fields need quotes, and how a
//! quoted field is escaped, is decided by `csv_core`, the `csv` crate's own core; what
//! is left out is that writer's per-field state machine and its intermediate buffer,
//! which cost more than the bytes of most cells (ids, numbers, dates).

use super::Cell;

/// Rows written into memory as CSV.
pub(super) struct CsvOut {
    out: Vec<u8>,
    /// Decides which fields need quotes, configured as the `csv` writer was.
    quoting: csv_core::Writer,
    /// Where the current row starts in `out`.
    row_start: usize,
    /// Whether the current row has a field yet (the next one needs a delimiter).
    in_row: bool,
}

/// The field delimiter.
const DELIMITER: u8 = b',';
/// The quote; a quote inside a quoted field is doubled.
const QUOTE: u8 = b'"';
/// The record terminator.
const TERMINATOR: u8 = b'\n';

/// The bytes that make the `csv` writer quote a field (a test checks them against
/// `csv_core`): the delimiter, the quote and both line breaks.
const SPECIAL: [u8; 4] = [DELIMITER, QUOTE, b'\n', b'\r'];

/// Fields at least this long are searched for [`SPECIAL`] bytes with `memchr`; shorter
/// ones (ids, labels, rules) eight bytes at a time in a `u64`, where `memchr`'s setup
/// costs more than the search.
const LONG_FIELD: usize = 64;

/// Whether `field` holds one of [`SPECIAL`]. Most fields hold none and skip
/// `csv_core`'s byte-at-a-time check; those that may are decided by it.
fn may_need_quotes(field: &[u8]) -> bool {
    let [a, b, c, d] = SPECIAL;
    if field.len() >= LONG_FIELD {
        return memchr::memchr3(a, b, c, field).is_some() || memchr::memchr(d, field).is_some();
    }
    let mut words = field.chunks_exact(8);
    let special_word = words.by_ref().any(|word| {
        let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        SPECIAL.iter().any(|&byte| has_byte(word, byte))
    });
    special_word || words.remainder().iter().any(|byte| SPECIAL.contains(byte))
}

/// Whether one of the eight bytes of `word` is `byte`: with `x` the word XOR `byte` in
/// every lane, `(x - 0x01..) & !x & 0x80..` is non-zero exactly when a lane of `x` is
/// zero (a borrow only runs on past a zero lane, so it cannot make one up).
fn has_byte(word: u64, byte: u8) -> bool {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let x = word ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & HIGH != 0
}

/// Appends `field` to `out` as is, or quoted with its quotes doubled when it holds a
/// delimiter, a quote or a line break.
fn push_text(out: &mut Vec<u8>, quoting: &csv_core::Writer, field: &[u8]) {
    if !may_need_quotes(field) || !quoting.should_quote(field) {
        out.extend_from_slice(field);
        return;
    }
    out.push(QUOTE);
    // Room for every byte doubled: `quote` writes into a slice, not a `Vec`.
    let start = out.len();
    out.resize(start + 2 * field.len(), 0);
    let (_, read, written) = csv_core::quote(field, &mut out[start..], QUOTE, b'\\', true);
    debug_assert_eq!(read, field.len(), "room for every byte doubled");
    out.truncate(start + written);
    out.push(QUOTE);
}

impl CsvOut {
    /// An empty CSV text.
    pub(super) fn new() -> CsvOut {
        CsvOut {
            out: Vec::new(),
            quoting: csv_core::WriterBuilder::new()
                .delimiter(DELIMITER)
                .quote(QUOTE)
                .double_quote(true)
                .terminator(csv_core::Terminator::Any(TERMINATOR))
                .quote_style(csv_core::QuoteStyle::Necessary)
                .build(),
            row_start: 0,
            in_row: false,
        }
    }

    /// Appends one cell already checked against its column: its
    /// [`Cell::push_csv_field`] bytes, quoted when text must be.
    pub(super) fn cell(&mut self, cell: &Cell<'_>) {
        self.start_field();
        match cell {
            Cell::Str(Some(s)) => push_text(&mut self.out, &self.quoting, s.as_bytes()),
            // Numbers, dates and booleans are digits, `-`, `.` and letters: never quoted.
            _ => cell.push_csv_field(&mut self.out),
        }
    }

    /// Appends a text field, quoted when it must be.
    pub(super) fn str(&mut self, field: &str) {
        self.start_field();
        push_text(&mut self.out, &self.quoting, field.as_bytes());
    }

    /// A delimiter before every field but a row's first.
    fn start_field(&mut self) {
        if self.in_row {
            self.out.push(DELIMITER);
        }
        self.in_row = true;
    }

    /// Ends the row. A row with no bytes at all is written as one empty quoted field,
    /// as the `csv` writer does, so that it is not read as a blank line.
    pub(super) fn end_row(&mut self) {
        if self.out.len() == self.row_start {
            self.out.extend_from_slice(&[QUOTE, QUOTE]);
        }
        self.out.push(TERMINATOR);
        self.row_start = self.out.len();
        self.in_row = false;
    }

    /// Makes room for `bytes` more bytes.
    pub(super) fn reserve(&mut self, bytes: usize) {
        self.out.reserve(bytes);
    }

    /// Bytes written so far.
    pub(super) fn len(&self) -> usize {
        self.out.len()
    }

    /// The text written so far; starts over empty, with room for `room` bytes.
    pub(super) fn take(&mut self, room: usize) -> Vec<u8> {
        self.row_start = 0;
        self.in_row = false;
        std::mem::replace(&mut self.out, Vec::with_capacity(room))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    /// Any cell a checked row may hold (no empty strings, finite floats).
    fn cell() -> impl Strategy<Value = Cell<'static>> {
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

    /// The rows as the `csv` crate writes their [`Cell::to_csv_field`]s (the reference).
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
        let mut out = CsvOut::new();
        for row in rows {
            for cell in row {
                out.cell(cell);
            }
            out.end_row();
        }
        out.take(0)
    }

    #[test]
    fn the_special_bytes_are_those_csv_core_quotes_for() {
        let quoting = CsvOut::new().quoting;
        for byte in 0..=u8::MAX {
            assert_eq!(
                quoting.is_special_byte(byte),
                SPECIAL.contains(&byte),
                "{byte:#04x}"
            );
            let special = SPECIAL.contains(&byte);
            // Short and long, in each position of a word and in the remainder.
            for len in [1, 7, 8, 9, 16, 23, LONG_FIELD - 1, LONG_FIELD, 100] {
                for at in 0..len {
                    let mut field = vec![b'a'; len];
                    field[at] = byte;
                    assert_eq!(
                        may_need_quotes(&field),
                        special,
                        "{byte:#04x} at {at} of {len}"
                    );
                    // Every other byte beside it, so a borrow in the word cannot hide one.
                    for other in (at == 0 && len > 1)
                        .then_some(0..=u8::MAX)
                        .into_iter()
                        .flatten()
                    {
                        field[(at + 1) % len] = other;
                        let expected = special || SPECIAL.contains(&other);
                        assert_eq!(may_need_quotes(&field), expected, "{other:#04x}");
                        field[(at + 1) % len] = b'a';
                    }
                }
            }
        }
    }

    proptest! {
        #[test]
        fn rows_are_the_bytes_of_the_csv_crate(
            rows in prop::collection::vec(prop::collection::vec(cell(), 0..8), 0..20)
        ) {
            prop_assert_eq!(by_csv_out(&rows), by_csv_crate(&rows));
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
