//! CSV as Excel and WPS open it: UTF-8 with a byte-order mark, every text
//! cell escaped by [`super::table::escape_text`], numbers as numbers.
//!
//! [`CsvWriter`] streams rows (a national township table has millions);
//! [`table_bytes`] writes a whole [`Table`].

use super::table::{Cell, Table, escape_text};
use std::io::Write;

/// Byte-order mark written first so spreadsheet programs read UTF-8.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV file being written row by row.
pub struct CsvWriter<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> CsvWriter<W> {
    /// Starts a file on `out`: writes the byte-order mark.
    pub fn new(mut out: W) -> std::io::Result<Self> {
        out.write_all(UTF8_BOM)?;
        Ok(Self {
            inner: csv::Writer::from_writer(out),
        })
    }

    /// Writes a header (or any row of plain text), escaped.
    pub fn header<S: AsRef<str>>(&mut self, names: &[S]) -> Result<(), csv::Error> {
        self.inner
            .write_record(names.iter().map(|n| escape_text(n.as_ref()).into_owned()))
    }

    /// Writes one row of cells.
    pub fn row(&mut self, cells: &[Cell]) -> Result<(), csv::Error> {
        for c in cells {
            self.inner.write_field(c.to_csv_text().as_bytes())?;
        }
        self.inner.write_record(None::<&[u8]>)
    }

    /// Flushes and gives back the output.
    pub fn finish(self) -> Result<W, csv::Error> {
        self.inner
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))
    }
}

/// Writes a whole table to `out`.
pub fn write_table<W: Write>(table: &Table, out: W) -> Result<W, csv::Error> {
    let mut w = CsvWriter::new(out)?;
    w.header(&table.header)?;
    for row in &table.rows {
        w.row(row)?;
    }
    w.finish()
}

/// The bytes of a table as a CSV file.
pub fn table_bytes(table: &Table) -> Result<Vec<u8>, csv::Error> {
    write_table(table, Vec::new())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_table_is_written_with_bom_escapes_and_numbers() {
        let mut t = Table::new("t", &["id", "=x", "n"]);
        t.rows.push(vec![
            Cell::text("=HYPERLINK(\"http://x\")"),
            Cell::text("a,b"),
            Cell::number(-1.5),
        ]);
        t.rows.push(vec![
            Cell::Empty,
            Cell::text("＝1"),
            Cell::fixed(f64::NAN, 6),
        ]);
        let bytes = table_bytes(&t).unwrap();
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert!(bytes.starts_with(UTF8_BOM));
        assert_eq!(
            text,
            "id,'=x,n\n\"'=HYPERLINK(\"\"http://x\"\")\",\"a,b\",-1.5\n,'＝1,\n"
        );
    }
}
