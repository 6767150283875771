//! The county plan report (乡镇社工站建设实施方案 staffing annex): the
//! sections a county writes in its plan — targets, people, money, risks,
//! time plan, comparison, basis of the figures — generated from the
//! analyses, with a short paragraph in plain language for each and its
//! tables and charts.
//!
//! One report, three outputs from the same [`Report`]:
//!
//! * a Word document ([`docx::docx_bytes`]): heading styles a word
//!   processor builds a table of contents from, native tables, the charts
//!   embedded as PNG, Chinese fonts named in the styles;
//! * a workbook ([`workbook::workbook_bytes`]): the same tables, one sheet
//!   each, numbers as numbers with formats, headers in the report's
//!   language, written by the exchange layer;
//! * the charts as PNG files ([`Report::charts`]), drawn by
//!   [`crate::present::charts`].
//!
//! [`compute()`] runs the analyses ([`Figures`]); [`build`] turns them into a
//! [`Report`] in one language. Numbers in the paragraphs are written from
//! the same rounded values as the table cells ([`text::Shown`]).

mod basis;
mod comparison;
pub mod compute;
pub mod docx;
mod outlook;
mod risk;
mod schedule;
pub mod text;
pub mod workbook;

pub use compute::{Figures, PlanInput, RunSettings, compute};

use crate::exchange::Table;
use crate::present::charts::ChartSize;
use crate::present::i18n::Lang;

/// Monte Carlo replications of a report unless asked otherwise (the app's
/// export and the command line's default).
pub const DEFAULT_RUNS: usize = 1000;

/// The sections of a report, in order (each has a heading in the glossary
/// under `report.s{n}`).
pub const SECTION_KEYS: [&str; 7] = [
    "report.s1",
    "report.s2",
    "report.s3",
    "report.s4",
    "report.s5",
    "report.s6",
    "report.s7",
];

/// A table of the report: its caption and the exchange layer's table
/// (whose name is the workbook's sheet name).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportTable {
    /// Caption above the table in the document.
    pub caption: String,
    /// Header and rows; number cells carry the decimals they are shown with.
    pub table: Table,
}

/// A chart of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportChart {
    /// File name without extension (`2-workers`), for `--charts DIR`.
    pub file_stem: String,
    /// Caption below the chart in the document.
    pub caption: String,
    /// The PNG image.
    pub png: Vec<u8>,
    /// Its size and resolution.
    pub size: ChartSize,
}

/// A piece of a section.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph of generated text.
    Text(String),
    /// A sub-heading inside a section.
    Subheading(String),
    /// A table.
    Table(ReportTable),
    /// A chart.
    Chart(ReportChart),
}

/// One numbered section.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Glossary key of its heading (`report.s1` … `report.s7`).
    pub key: &'static str,
    /// The heading as written (`1 总体目标与阶段目标`).
    pub heading: String,
    /// Its paragraphs, tables and charts, in order.
    pub blocks: Vec<Block>,
}

/// A report in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Its language.
    pub lang: Lang,
    /// The title.
    pub title: String,
    /// Lines under the title (scenario, period, runs and seed).
    pub subtitle: Vec<String>,
    /// The seven sections.
    pub sections: Vec<Section>,
}

impl Report {
    /// Every table, in document order.
    pub fn tables(&self) -> impl Iterator<Item = &ReportTable> {
        self.sections.iter().flat_map(|s| {
            s.blocks.iter().filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
        })
    }

    /// Every chart, in document order.
    pub fn charts(&self) -> impl Iterator<Item = &ReportChart> {
        self.sections.iter().flat_map(|s| {
            s.blocks.iter().filter_map(|b| match b {
                Block::Chart(c) => Some(c),
                _ => None,
            })
        })
    }

    /// Every text of the report (title, headings, paragraphs, captions,
    /// table headers and text cells), for checks.
    #[must_use]
    pub fn texts(&self) -> Vec<String> {
        let mut out = vec![self.title.clone()];
        out.extend(self.subtitle.iter().cloned());
        for s in &self.sections {
            out.push(s.heading.clone());
            for b in &s.blocks {
                match b {
                    Block::Text(t) | Block::Subheading(t) => out.push(t.clone()),
                    Block::Chart(c) => out.push(c.caption.clone()),
                    Block::Table(t) => {
                        out.push(t.caption.clone());
                        out.extend(t.table.header.iter().cloned());
                        for row in &t.table.rows {
                            for c in row {
                                if let crate::exchange::Cell::Text(s) = c {
                                    out.push(s.clone());
                                }
                            }
                        }
                    }
                }
            }
        }
        out
    }
}

/// What the report says about how it was made, beyond the figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    /// The base file as the user named it (or the embedded default).
    pub file: String,
    /// `--set ID=VALUE` settings applied to every plan.
    pub settings: Vec<String>,
}

/// Why a report was not made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// An analysis refused or failed.
    #[error(transparent)]
    Analysis(#[from] crate::model::analysis::AnalysisError),
    /// A chart could not be drawn.
    #[error(transparent)]
    Chart(#[from] crate::present::charts::ChartError),
    /// The document or workbook could not be written.
    #[error("cannot write the report: {0}")]
    Write(String),
}

impl ReportError {
    /// The message in the language asked for.
    #[must_use]
    pub fn text(&self, chinese: bool) -> String {
        match self {
            ReportError::Analysis(e) => e.text(chinese),
            ReportError::Chart(e) if chinese => format!("无法绘制图表：{e}"),
            ReportError::Write(e) if chinese => format!("无法生成报告：{e}"),
            other => other.to_string(),
        }
    }
}

/// Builds the report of `figures` in `lang`.
pub fn build(figures: &Figures, lang: Lang, prov: &Provenance) -> Result<Report, ReportError> {
    let l = lang;
    let sc = &figures.base.scenario;
    let years: Vec<i32> = figures.model.year_ends().into_keys().collect();
    let (first, last) = (
        years.first().copied().unwrap_or(sc.start_year),
        years.last().copied().unwrap_or(sc.start_year),
    );
    let county = if sc.county.name.trim().is_empty() {
        sc.name.clone()
    } else {
        sc.county.name.clone()
    };
    let title = text::fill(l.t("report.title"), &[("county", county)]);
    let subtitle = vec![
        text::fill(
            l.t("report.subtitle_plan"),
            &[
                ("name", sc.name.clone()),
                ("first", first.to_string()),
                ("last", last.to_string()),
            ],
        ),
        text::fill(
            l.t("report.subtitle_runs"),
            &[
                ("runs", figures.settings.runs.to_string()),
                ("seed", figures.settings.seed.to_string()),
                ("version", env!("CARGO_PKG_VERSION").to_string()),
            ],
        ),
    ];
    let sections = vec![
        outlook::targets(figures, l)?,
        outlook::people(figures, l)?,
        outlook::money(figures, l)?,
        risk::risks(figures, l)?,
        schedule::time_plan(figures, l),
        comparison::comparison(figures, l)?,
        basis::basis(figures, l, prov),
    ];
    Ok(Report {
        lang,
        title,
        subtitle,
        sections,
    })
}

/// A section with its numbered heading.
fn section(key: &'static str, l: Lang, blocks: Vec<Block>) -> Section {
    Section {
        key,
        heading: l.t(key).to_string(),
        blocks,
    }
}
