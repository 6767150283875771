//! The report as a workbook: a first sheet with the title, the headings and
//! the paragraphs (how the figures were made, in the report's language),
//! then every table of the report on a sheet of its own, numbers as numbers
//! with the decimals the document shows. Written by the exchange layer,
//! with its one escaping rule for text cells.

use super::{Block, Report, ReportError};
use crate::exchange::{Cell, Table};

/// Longest sheet name a workbook takes.
const SHEET_NAME_CHARS: usize = 31;

/// The tables of the workbook, the text sheet first.
#[must_use]
pub fn tables(report: &Report) -> Vec<Table> {
    let l = report.lang;
    let mut notes = Table {
        name: l.t("report.sheet0").to_string(),
        header: vec![report.title.clone()],
        rows: Vec::new(),
    };
    for line in &report.subtitle {
        notes.rows.push(vec![Cell::text(line)]);
    }
    for s in &report.sections {
        notes.rows.push(vec![Cell::Empty]);
        notes.rows.push(vec![Cell::text(&s.heading)]);
        for b in &s.blocks {
            match b {
                Block::Text(t) | Block::Subheading(t) => notes.rows.push(vec![Cell::text(t)]),
                Block::Table(t) => notes.rows.push(vec![Cell::text(format!(
                    "{} {}",
                    l.t("report.see_sheet"),
                    t.table.name
                ))]),
                Block::Chart(_) => {}
            }
        }
    }
    let mut out = vec![notes];
    let mut used: Vec<String> = vec![out[0].name.clone()];
    for t in report.tables() {
        let mut table = t.table.clone();
        table.name = unique_name(&table.name, &used);
        used.push(table.name.clone());
        out.push(table);
    }
    out
}

/// A sheet name of at most 31 characters, without the characters a
/// workbook refuses, different from those already used.
fn unique_name(name: &str, used: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') {
                '_'
            } else {
                c
            }
        })
        .take(SHEET_NAME_CHARS)
        .collect();
    let mut candidate = clean.clone();
    let mut k = 2;
    while used
        .iter()
        .any(|u| u.to_lowercase() == candidate.to_lowercase())
    {
        let suffix = format!(" {k}");
        let keep = SHEET_NAME_CHARS - suffix.chars().count();
        candidate = clean.chars().take(keep).collect::<String>() + &suffix;
        k += 1;
    }
    candidate
}

/// The report as `.xlsx` bytes.
pub fn workbook_bytes(report: &Report) -> Result<Vec<u8>, ReportError> {
    crate::exchange::xlsx::workbook_bytes(&tables(report))
        .map_err(|e| ReportError::Write(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_short_clean_and_unique() {
        let used = vec!["说明".to_string(), "a".to_string()];
        assert_eq!(unique_name("A", &used), "A 2");
        assert_eq!(unique_name("x/y", &used), "x_y");
        let long = "人".repeat(40);
        assert_eq!(unique_name(&long, &used).chars().count(), 31);
    }
}
