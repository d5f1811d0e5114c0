//! Every CSV the product writes goes through here: a spreadsheet opening it must show text, never
//! run it. Cells that a spreadsheet would read as a formula (OWASP "CSV injection": a leading
//! `=`, `+`, `-`, `@`, tab or carriage return) get a leading apostrophe, which spreadsheets show
//! as text and do not display.

use crate::error::{Error, Result};
use std::borrow::Cow;

/// A CSV document being written, row by row.
pub struct CsvExport {
    writer: csv::Writer<Vec<u8>>,
}

impl CsvExport {
    pub fn new<'a>(header: impl IntoIterator<Item = &'a str>) -> Result<Self> {
        let mut export = CsvExport {
            writer: csv::Writer::from_writer(Vec::new()),
        };
        export.row(header)?;
        Ok(export)
    }

    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) -> Result<()> {
        self.writer
            .write_record(cells.into_iter().map(|cell| neutralise(cell).into_owned()))
            .map_err(|e| Error::Internal(format!("CSV: {e}")))
    }

    pub fn finish(self) -> Result<Vec<u8>> {
        self.writer
            .into_inner()
            .map_err(|e| Error::Internal(format!("CSV: {e}")))
    }
}

/// The cell as a spreadsheet will show it as text.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised_and_the_rest_left_alone() {
        for risky in [
            "=1+1",
            "+1",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "=HYPERLINK(\"x\")",
        ] {
            assert_eq!(neutralise(risky), format!("'{risky}"));
        }
        for plain in ["", "Tunisia", "a=b", "Ministry of the Interior", "’s"] {
            assert_eq!(neutralise(plain), plain);
        }
    }

    #[test]
    fn rows_round_trip_through_a_csv_reader() {
        let mut export = CsvExport::new(["name", "note"]).unwrap();
        export.row(["=cmd|' /C calc'!A0", "a,\"b\"\nc"]).unwrap();
        let bytes = export.finish().unwrap();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[0], "'=cmd|' /C calc'!A0");
        assert_eq!(&row[1], "a,\"b\"\nc");
    }
}
