//! The CSV half of a table encoder: a `csv` crate writer (`QuoteStyle::Necessary`, `\n`
//! terminator: the bytes releases were first written with) into memory, fed each cell's
//! [`Cell::csv_field`], formatted into a reused buffer so that no cell allocates.

use super::Cell;

/// Rows written into memory as CSV.
pub(super) struct CsvOut {
    writer: csv::Writer<Vec<u8>>,
    /// A number or date being formatted.
    scratch: String,
}

/// Writing into a `Vec` cannot fail; the `csv` writer's API allows for files that can.
const IN_MEMORY: &str = "CSV written into memory";

impl CsvOut {
    /// An empty CSV text.
    pub(super) fn new() -> CsvOut {
        CsvOut {
            writer: Self::writer(),
            scratch: String::with_capacity(32),
        }
    }

    fn writer() -> csv::Writer<Vec<u8>> {
        csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .quote_style(csv::QuoteStyle::Necessary)
            // The table encoder checks every row's width against the schema.
            .flexible(true)
            .from_writer(Vec::new())
    }

    /// Appends one cell already checked against its column, as [`Cell::csv_field`]
    /// writes it.
    pub(super) fn cell(&mut self, cell: &Cell<'_>) {
        let field = cell.csv_field(&mut self.scratch);
        self.writer.write_field(field).expect(IN_MEMORY);
    }

    /// Appends a text field, quoted when it must be.
    pub(super) fn str(&mut self, field: &str) {
        self.writer.write_field(field).expect(IN_MEMORY);
    }

    /// Ends the row.
    pub(super) fn end_row(&mut self) {
        self.writer.write_record(None::<&[u8]>).expect(IN_MEMORY);
    }

    /// The text written so far; starts over empty.
    pub(super) fn take(&mut self) -> Vec<u8> {
        let full = std::mem::replace(&mut self.writer, Self::writer());
        full.into_inner().expect(IN_MEMORY)
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
        let mut out = CsvOut::new();
        for row in rows {
            for cell in row {
                out.cell(cell);
            }
            out.end_row();
        }
        out.take()
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
