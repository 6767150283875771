//! `talent-planner report`: the county plan report as a Word document or a
//! workbook, and its charts as PNG files.
//!
//! Everything that can be refused is refused before a file is written: the
//! output's kind (`.docx` or `.xlsx`), a folder that cannot be written, a
//! plan or variant that fails validation, a variant that cannot be compared
//! with the base. Each file is written whole through the safe write (a
//! temporary file beside it, renamed into place), so a failure leaves no
//! part of a report.

use super::analyses::{Refusal, Settings, check_writable, load_with_settings, with_progress};
use super::chinese;
use crate::exchange::safe_write;
use crate::present::i18n::Lang;
use crate::report::{self, PlanInput, Provenance, RunSettings};
use anyhow::Result;
use clap::ValueEnum;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Language of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ReportLang {
    /// Simplified Chinese (the default).
    #[default]
    Zh,
    /// English.
    En,
}

impl From<ReportLang> for Lang {
    fn from(l: ReportLang) -> Self {
        match l {
            ReportLang::Zh => Lang::Zh,
            ReportLang::En => Lang::En,
        }
    }
}

pub use crate::report::DEFAULT_RUNS;

/// The kinds of file a report is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    /// A Word document.
    Docx,
    /// A workbook.
    Xlsx,
}

impl ReportKind {
    /// The kind a path's extension asks for.
    #[must_use]
    pub fn of(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "docx" => Some(Self::Docx),
            "xlsx" => Some(Self::Xlsx),
            _ => None,
        }
    }
}

/// How a plan file is named in a report: its file name.
fn label_of(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Checks that `dir` exists as a folder that can be written, or can be
/// made in a folder that can.
fn check_charts_dir(dir: &Path) -> Result<(), Refusal> {
    let ok = if dir.exists() {
        dir.is_dir() && std::fs::metadata(dir).is_ok_and(|m| !m.permissions().readonly())
    } else {
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        parent.is_dir()
    };
    if ok {
        Ok(())
    } else {
        Err(Refusal::new(
            format!("cannot write charts into the folder {}", dir.display()),
            format!("无法把图表写入文件夹 {}", dir.display()),
        ))
    }
}

/// The arguments of `talent-planner report`.
#[derive(Debug, Clone)]
pub struct ReportArgs {
    /// The base plan (the embedded default county when `None`).
    pub file: Option<PathBuf>,
    /// Variants compared with the base.
    pub compare: Vec<PathBuf>,
    /// Monte Carlo replications.
    pub runs: usize,
    /// Seed (default: the base scenario's).
    pub seed: Option<u64>,
    /// Language of the report.
    pub lang: ReportLang,
    /// Folder the charts are written to as PNG.
    pub charts: Option<PathBuf>,
    /// The report file (`.docx` or `.xlsx`).
    pub out: PathBuf,
    /// `--set ID=VALUE`, applied to every plan.
    pub settings: Settings,
}

/// `talent-planner report`.
pub fn report_cmd(args: &ReportArgs) -> Result<ExitCode> {
    let Some(kind) = ReportKind::of(&args.out) else {
        return Ok(Refusal::new(
            format!(
                "the report is written as .docx or .xlsx; {} is neither",
                args.out.display()
            ),
            format!(
                "报告只能保存为 .docx 或 .xlsx 文件；{} 都不是",
                args.out.display()
            ),
        )
        .report());
    };
    if let Err(r) = check_writable(Some(&args.out)) {
        return Ok(r.report());
    }
    if let Some(dir) = &args.charts
        && let Err(r) = check_charts_dir(dir)
    {
        return Ok(r.report());
    }
    let base = match load_with_settings(args.file.as_deref(), &args.settings)? {
        Ok(sc) => sc,
        Err(code) => return Ok(code),
    };
    let mut variants = Vec::with_capacity(args.compare.len());
    for f in &args.compare {
        match load_with_settings(Some(f), &args.settings)? {
            Ok(sc) => variants.push(PlanInput {
                scenario: sc,
                label: label_of(f),
            }),
            Err(code) => return Ok(code),
        }
    }
    let base_label = args
        .file
        .as_deref()
        .map_or_else(|| base.name.clone(), label_of);
    let settings = RunSettings {
        runs: args.runs,
        seed: args.seed.unwrap_or(base.seed),
    };
    let prov = Provenance {
        file: args
            .file
            .as_deref()
            .map_or_else(String::new, |p| p.display().to_string()),
        settings: args.settings.set.clone(),
    };
    let lang = Lang::from(args.lang);
    let made = with_progress(
        |ctl| -> Result<(Vec<u8>, report::Report), report::ReportError> {
            let figures = report::compute(
                PlanInput {
                    scenario: base,
                    label: base_label,
                },
                variants,
                settings,
                ctl,
            )?;
            let rep = report::build(&figures, lang, &prov)?;
            let bytes = match kind {
                ReportKind::Docx => report::docx::docx_bytes(&rep)?,
                ReportKind::Xlsx => report::workbook::workbook_bytes(&rep)?,
            };
            Ok((bytes, rep))
        },
    );
    let zh = chinese();
    let (bytes, rep) = match made {
        Ok(x) => x,
        Err(e) => return Ok(Refusal::new(e.text(false), e.text(true)).report()),
    };
    if let Err(e) = safe_write::write_bytes(&args.out, &bytes) {
        return Ok(Refusal::new(
            format!("cannot write {}: {e}", args.out.display()),
            format!("无法写入 {}：{e}", args.out.display()),
        )
        .report());
    }
    let mut charts = 0;
    if let Some(dir) = &args.charts {
        if let Err(e) = std::fs::create_dir_all(dir) {
            return Ok(Refusal::new(
                format!("cannot make the folder {}: {e}", dir.display()),
                format!("无法创建文件夹 {}：{e}", dir.display()),
            )
            .report());
        }
        for c in rep.charts() {
            let path = dir.join(format!("{}.png", c.file_stem));
            if let Err(e) = safe_write::write_bytes(&path, &c.png) {
                return Ok(Refusal::new(
                    format!("cannot write {}: {e}", path.display()),
                    format!("无法写入 {}：{e}", path.display()),
                )
                .report());
            }
            charts += 1;
        }
    }
    let tables = rep.tables().count();
    if zh {
        eprintln!(
            "已写入 {}（{} 节，{} 个表格，{} 幅图{}）",
            args.out.display(),
            rep.sections.len(),
            tables,
            rep.charts().count(),
            if charts > 0 {
                format!("；{charts} 个 PNG 文件")
            } else {
                String::new()
            }
        );
    } else {
        eprintln!(
            "wrote {} ({} sections, {} tables, {} charts{})",
            args.out.display(),
            rep.sections.len(),
            tables,
            rep.charts().count(),
            if charts > 0 {
                format!("; {charts} PNG files")
            } else {
                String::new()
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}
