//! Excel workbooks: written from [`Table`]s, and read within limits.
//!
//! Writing puts one table on each sheet, text escaped by the same rule as
//! CSV. Reading ([`read_sheets`]) never trusts what a file declares: it
//! refuses a file bigger than [`MAX_WORKBOOK_BYTES`], inflates every part
//! of the archive into nothing first and stops at
//! [`MAX_UNCOMPRESSED_BYTES`] (a 2 MB file may inflate to gigabytes),
//! then streams each sheet's cells and keeps only the ones with content,
//! so a single cell at the last column and row costs one cell, not the
//! dense grid up to it. Past [`MAX_COLUMNS`], [`MAX_ROWS`] or
//! [`MAX_CELLS`] the file is refused with a message saying which limit.

use super::table::{Cell, NumberFormat, Table, escape_text};
use std::io::{Read, Seek};

/// Largest workbook file read, bytes.
pub const MAX_WORKBOOK_BYTES: u64 = 64 << 20;
/// Most bytes all parts of a workbook may inflate to together.
pub const MAX_UNCOMPRESSED_BYTES: u64 = 512 << 20;
/// Most parts (files) in a workbook archive.
pub const MAX_PARTS: usize = 10_000;
/// Rightmost column a cell with content may sit in (1-based).
pub const MAX_COLUMNS: u32 = 256;
/// Lowest row a cell with content may sit in (1-based): a sheet's own limit.
pub const MAX_ROWS: u32 = 1_048_576;
/// Most cells with content in one workbook.
pub const MAX_CELLS: usize = 5_000_000;

/// Writes tables as a workbook, one sheet each, and returns its bytes.
pub fn workbook_bytes(tables: &[Table]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for table in tables {
        let ws = wb.add_worksheet();
        ws.set_name(&table.name)?;
        for (c, h) in table.header.iter().enumerate() {
            ws.write_string(0, column(c)?, escape_text(h).as_ref())?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(r + 1)
                .map_err(|_| rust_xlsxwriter::XlsxError::RowColumnLimitError)?;
            for (c, cell) in row.iter().enumerate() {
                let c = column(c)?;
                match cell {
                    Cell::Empty => {}
                    Cell::Text(s) => {
                        ws.write_string(r, c, escape_text(s).as_ref())?;
                    }
                    Cell::Number(v, _) if !v.is_finite() => {}
                    Cell::Number(v, NumberFormat::Shortest) => {
                        ws.write_number(r, c, *v)?;
                    }
                    Cell::Number(v, NumberFormat::Decimals(d)) => {
                        let pattern = if *d == 0 {
                            "0".to_string()
                        } else {
                            format!("0.{}", "0".repeat(usize::from(*d)))
                        };
                        let format = rust_xlsxwriter::Format::new().set_num_format(pattern);
                        ws.write_number_with_format(r, c, *v, &format)?;
                    }
                    Cell::Integer(i) => {
                        // Whole numbers of a table (years, counts) are far
                        // inside a double's exact range.
                        ws.write_number(r, c, *i as f64)?;
                    }
                }
            }
        }
        // Columns as wide as their text, the header row kept in view.
        ws.autofit();
        ws.set_freeze_panes(1, 0)?;
    }
    wb.save_to_buffer()
}

fn column(c: usize) -> Result<u16, rust_xlsxwriter::XlsxError> {
    u16::try_from(c).map_err(|_| rust_xlsxwriter::XlsxError::RowColumnLimitError)
}

/// Why a workbook was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The file is bigger than [`MAX_WORKBOOK_BYTES`].
    #[error("the workbook is {mib} MiB; at most {max_mib} MiB are read")]
    FileTooBig {
        /// Size of the file, MiB.
        mib: u64,
        /// The limit, MiB.
        max_mib: u64,
    },
    /// The parts would inflate past [`MAX_UNCOMPRESSED_BYTES`], or there are too many.
    #[error(
        "the workbook unpacks to more than {max_mib} MiB (or more than {MAX_PARTS} parts); it is not read"
    )]
    Inflates {
        /// The limit, MiB.
        max_mib: u64,
    },
    /// A cell with content lies past a limit.
    #[error("sheet {sheet}, cell {cell}: {what_en}")]
    PastLimit {
        /// Sheet name.
        sheet: String,
        /// The cell, as a spreadsheet names it (`XFD1048576`).
        cell: String,
        /// Which limit, in English.
        what_en: String,
        /// Which limit, in Chinese.
        what_zh: String,
    },
    /// The file is not a readable xlsx workbook.
    #[error("not a readable xlsx workbook: {0}")]
    Unreadable(String),
}

impl ReadError {
    /// The message in Chinese.
    #[must_use]
    pub fn message_zh(&self) -> String {
        match self {
            ReadError::FileTooBig { mib, max_mib } => {
                format!("工作簿有 {mib} MiB，最多读取 {max_mib} MiB")
            }
            ReadError::Inflates { max_mib } => {
                format!("工作簿解压后超过 {max_mib} MiB（或超过 {MAX_PARTS} 个部件），不予读取")
            }
            ReadError::PastLimit {
                sheet,
                cell,
                what_zh,
                ..
            } => format!("工作表 {sheet}，单元格 {cell}：{what_zh}"),
            ReadError::Unreadable(e) => format!("无法读取 xlsx 工作簿：{e}"),
        }
    }
}

/// Spreadsheet name of a cell: column letters and 1-based row (`0, 0` is `A1`).
#[must_use]
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = u64::from(col) + 1;
    while c > 0 {
        let rem = ((c - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        c = (c - 1) / 26;
    }
    letters.reverse();
    let mut name: String = letters.into_iter().collect();
    name.push_str(&(u64::from(row) + 1).to_string());
    name
}

/// Checks the archive before anything of it is parsed: its part count and
/// what every part really inflates to (read into nothing, so memory stays
/// flat whatever the parts declare).
fn check_archive(bytes: &[u8]) -> Result<(), ReadError> {
    let limit = MAX_UNCOMPRESSED_BYTES;
    let inflates = ReadError::Inflates {
        max_mib: limit >> 20,
    };
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| ReadError::Unreadable(e.to_string()))?;
    if zip.len() > MAX_PARTS {
        return Err(inflates);
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let part = zip
            .by_index(i)
            .map_err(|e| ReadError::Unreadable(e.to_string()))?;
        if total.saturating_add(part.size()) > limit {
            return Err(inflates);
        }
        let mut limited = part.take(limit - total + 1);
        let n = std::io::copy(&mut limited, &mut std::io::sink())
            .map_err(|e| ReadError::Unreadable(e.to_string()))?;
        total = total.saturating_add(n);
        if total > limit {
            return Err(inflates);
        }
    }
    Ok(())
}

/// Named sheets of a workbook, each as rows of text cells; rows hold cells
/// up to their last one with content (a row without content is empty).
pub type SheetRows = Vec<(String, Vec<Vec<String>>)>;

/// Reads every sheet of an xlsx workbook within the limits above;
/// `cell_text` turns a cell's value into text.
pub fn read_sheets(
    bytes: &[u8],
    cell_text: impl Fn(&calamine::DataRef<'_>) -> String,
) -> Result<SheetRows, ReadError> {
    let size = bytes.len() as u64;
    if size > MAX_WORKBOOK_BYTES {
        return Err(ReadError::FileTooBig {
            mib: size >> 20,
            max_mib: MAX_WORKBOOK_BYTES >> 20,
        });
    }
    check_archive(bytes)?;
    let mut wb: calamine::Xlsx<_> = calamine::Reader::new(std::io::Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| ReadError::Unreadable(e.to_string()))?;
    let names = calamine::Reader::sheet_names(&wb);
    let mut cells = 0usize;
    let mut out = Vec::new();
    for name in names {
        let rows = read_sheet(&mut wb, &name, &mut cells, &cell_text)?;
        out.push((name, rows));
    }
    Ok(out)
}

fn read_sheet<RS: Read + Seek>(
    wb: &mut calamine::Xlsx<RS>,
    name: &str,
    cells: &mut usize,
    cell_text: &impl Fn(&calamine::DataRef<'_>) -> String,
) -> Result<Vec<Vec<String>>, ReadError> {
    let past = |row: u32, col: u32, en: String, zh: String| ReadError::PastLimit {
        sheet: name.to_string(),
        cell: cell_name(row, col),
        what_en: en,
        what_zh: zh,
    };
    let mut reader = wb
        .worksheet_cells_reader(name)
        .map_err(|e| ReadError::Unreadable(e.to_string()))?;
    // The declared size is only a claim: it is checked against the
    // format's own limits and never used to allocate.
    let dims = reader.dimensions();
    if dims.end.0 >= MAX_ROWS || dims.end.1 >= 16_384 {
        return Err(past(
            dims.end.0,
            dims.end.1,
            "the sheet declares a size past the format's limits".into(),
            "工作表声明的范围超出了文件格式的上限".into(),
        ));
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    while let Some(cell) = reader
        .next_cell()
        .map_err(|e| ReadError::Unreadable(e.to_string()))?
    {
        let (row, col) = cell.get_position();
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        if col >= MAX_COLUMNS {
            return Err(past(
                row,
                col,
                format!(
                    "a roster table has at most {MAX_COLUMNS} columns; delete what is past them"
                ),
                format!("名册表格最多 {MAX_COLUMNS} 列，请删除其后的内容"),
            ));
        }
        if row >= MAX_ROWS {
            return Err(past(
                row,
                col,
                format!("a sheet has at most {MAX_ROWS} rows"),
                format!("工作表最多 {MAX_ROWS} 行"),
            ));
        }
        *cells += 1;
        if *cells > MAX_CELLS {
            return Err(past(
                row,
                col,
                format!("the workbook has more than {MAX_CELLS} cells with content"),
                format!("工作簿中有内容的单元格超过 {MAX_CELLS} 个"),
            ));
        }
        let (r, c) = (row as usize, col as usize);
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        let line = &mut rows[r];
        if line.len() <= c {
            line.resize(c + 1, String::new());
        }
        line[c] = text;
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn text(d: &calamine::DataRef<'_>) -> String {
        match d {
            calamine::DataRef::Empty => String::new(),
            calamine::DataRef::String(s) => s.clone(),
            calamine::DataRef::SharedString(s) => (*s).to_string(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn cell_names_are_spreadsheet_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(9, 25), "Z10");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn written_tables_read_back_with_escapes() {
        let mut t = Table::new("people", &["id", "note"]);
        t.rows.push(vec![Cell::text("=1+1"), Cell::number(-2.0)]);
        let bytes = workbook_bytes(&[t]).unwrap();
        let sheets = read_sheets(&bytes, text).unwrap();
        assert_eq!(sheets[0].0, "people");
        assert_eq!(sheets[0].1[1][0], "'=1+1");
    }

    #[test]
    fn a_far_cell_is_refused_without_the_grid() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(1_048_575, 16_383, "x").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let err = read_sheets(&bytes, text).unwrap_err();
        assert!(
            matches!(&err, ReadError::PastLimit { cell, .. } if cell == "XFD1048576"),
            "{err}"
        );
    }
}
