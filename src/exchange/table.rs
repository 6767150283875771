//! Tables as they are exported: a header and rows of typed cells, and the
//! one escaping rule that keeps a text cell from being read as a formula.
//!
//! A [`Table`] is what the CSV writer ([`super::csv`]) and the workbook
//! writer ([`super::xlsx`]) take; a streaming export writes the same
//! [`Cell`]s row by row without building a table.

use std::borrow::Cow;

/// How a number is written as text (CSV) and shown (xlsx).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumberFormat {
    /// The shortest text that reads back as the same number (`60`, `72.5`).
    #[default]
    Shortest,
    /// A fixed number of decimals (`12.500000` with 6).
    Decimals(u8),
}

/// One cell of an exported table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text, escaped on output by [`escape_text`].
    Text(String),
    /// A number: written as a number, never escaped (a negative number
    /// stays a number). A non-finite number is written as an empty cell.
    Number(f64, NumberFormat),
    /// A whole number.
    Integer(i64),
}

impl Cell {
    /// A text cell.
    #[must_use]
    pub fn text(s: impl Into<String>) -> Self {
        Cell::Text(s.into())
    }

    /// A number written the shortest way.
    #[must_use]
    pub fn number(v: f64) -> Self {
        Cell::Number(v, NumberFormat::Shortest)
    }

    /// A number written with `decimals` decimals.
    #[must_use]
    pub fn fixed(v: f64, decimals: u8) -> Self {
        Cell::Number(v, NumberFormat::Decimals(decimals))
    }

    /// The cell as CSV text: escaped text, numbers as digits, non-finite
    /// numbers as nothing.
    #[must_use]
    pub fn to_csv_text(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(s) => escape_text(s),
            Cell::Number(v, _) if !v.is_finite() => Cow::Borrowed(""),
            Cell::Number(v, NumberFormat::Shortest) => Cow::Owned(v.to_string()),
            Cell::Number(v, NumberFormat::Decimals(d)) => {
                Cow::Owned(format!("{v:.*}", usize::from(*d)))
            }
            Cell::Integer(i) => Cow::Owned(i.to_string()),
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<f64> for Cell {
    fn from(v: f64) -> Self {
        Cell::number(v)
    }
}

impl From<i64> for Cell {
    fn from(v: i64) -> Self {
        Cell::Integer(v)
    }
}

impl From<i32> for Cell {
    fn from(v: i32) -> Self {
        Cell::Integer(i64::from(v))
    }
}

impl From<u32> for Cell {
    fn from(v: u32) -> Self {
        Cell::Integer(i64::from(v))
    }
}

/// A table to export: a sheet name (xlsx), a header and rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Sheet name in a workbook (at most 31 characters there).
    pub name: String,
    /// Header cells, written as text.
    pub header: Vec<String>,
    /// Rows of cells; rows may be shorter than the header.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table with a header.
    #[must_use]
    pub fn new(name: impl Into<String>, header: &[&str]) -> Self {
        Self {
            name: name.into(),
            header: header.iter().map(|h| (*h).to_string()).collect(),
            rows: Vec::new(),
        }
    }
}

/// Characters that make a spreadsheet read a cell as a formula when the
/// cell begins with them: ASCII and their full-width forms (which WPS and
/// some Excel input methods turn into the ASCII ones).
const FORMULA_STARTS: [char; 8] = ['=', '+', '-', '@', '＝', '＋', '－', '＠'];

/// Characters a spreadsheet may skip before it looks for a formula sign:
/// whitespace and characters that show nothing.
fn is_blank_or_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// Whether a text cell could be read as a formula: it begins with a
/// formula sign (`=`, `+`, `-`, `@` or their full-width forms), with a tab
/// or carriage return, or with whitespace or invisible characters followed
/// by a formula sign.
#[must_use]
pub fn needs_escape(s: &str) -> bool {
    match s.chars().next() {
        None => false,
        Some('\t' | '\r') => true,
        Some(c) if FORMULA_STARTS.contains(&c) => true,
        Some(c) if is_blank_or_invisible(c) => s
            .chars()
            .find(|&c| !is_blank_or_invisible(c))
            .is_some_and(|c| FORMULA_STARTS.contains(&c)),
        Some(_) => false,
    }
}

/// The one escaping rule of every export: a text cell that
/// [`needs_escape`] gets a leading apostrophe, which spreadsheets show as
/// text and never evaluate.
#[must_use]
pub fn escape_text(s: &str) -> Cow<'_, str> {
    if needs_escape(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Undoes [`escape_text`]: our own exports read back unchanged. A leading
/// apostrophe is dropped only where the escape would have put it.
#[must_use]
pub fn unescape_text(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if needs_escape(rest) => rest,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_escaped_and_read_back() {
        for s in [
            "=1+1",
            "+86",
            "-5",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "＝HYPERLINK(\"x\")",
            "＋1",
            "－1",
            "＠A",
            " =1",
            "\u{3000}=1",
            "\u{200B}=1",
            "\u{FEFF}+1",
            "\u{00A0}\u{200D}@x",
            "\u{202E}-1",
        ] {
            let e = escape_text(s);
            assert!(e.starts_with('\''), "{s:?} not escaped");
            assert_eq!(unescape_text(&e), s);
        }
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        for s in [
            "城关镇",
            "a=b",
            "",
            " text",
            "'quoted",
            "P-001",
            "1985",
            "\u{200B}x",
        ] {
            assert_eq!(escape_text(s), s);
            assert_eq!(unescape_text(s), s);
        }
    }

    #[test]
    fn numbers_stay_numbers_and_never_go_non_finite() {
        assert_eq!(Cell::number(-5.0).to_csv_text(), "-5");
        assert_eq!(Cell::fixed(-2.5, 2).to_csv_text(), "-2.50");
        assert_eq!(Cell::number(f64::NAN).to_csv_text(), "");
        assert_eq!(Cell::fixed(f64::INFINITY, 6).to_csv_text(), "");
        assert_eq!(Cell::Integer(-3).to_csv_text(), "-3");
        assert_eq!(Cell::text("-3").to_csv_text(), "'-3");
    }
}
