//! `talent-planner roster …`: certification status from exam results, and
//! import/export of roster tables (CSV or xlsx).

use anyhow::{Context, Result, bail};
use clap::{Subcommand, ValueEnum};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::roster::rules::{
    CarriedSubject, CertStatus, RuleConfig, eligibility, statuses_by_person,
};
use crate::roster::table::{
    self, ExportOptions, FileFormat, Problem, TableKind, apply_import, preview_import,
};
use crate::roster::{Level, Person, Roster, doc};

/// Output format of `roster status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    /// A JSON array, one object per person.
    Json,
}

/// Table to export to CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportTable {
    /// People.
    People,
    /// Exam attempts.
    Attempts,
}

/// `roster` subcommands.
#[derive(Debug, Subcommand)]
pub enum RosterCommand {
    /// Certification status of everyone in an exam-results CSV.
    Status {
        /// Exam attempts CSV (`person_id,year,level,subject,score`).
        attempts: PathBuf,
        /// People CSV; everyone in it is listed, and attempts must refer to them.
        #[arg(long)]
        people: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = StatusFormat::Json)]
        format: StatusFormat,
        /// Sitting year carried subjects and eligibility are judged in
        /// (default: the latest year in the file). Eligibility is judged before
        /// that year's sitting: certificates of earlier sittings, service to
        /// 31 December of the year.
        #[arg(long)]
        as_of: Option<i32>,
        /// Pass line of a subject.
        #[arg(long, default_value_t = 60.0)]
        pass_line: f64,
        /// Month the results of a sitting are published; a certificate takes effect then.
        #[arg(long, default_value_t = crate::model::eligibility::DEFAULT_RESULTS_MONTH,
              value_parser = clap::value_parser!(u32).range(1..=12))]
        results_month: u32,
    },
    /// Import a CSV or xlsx table into a roster; nothing changes if any row is bad.
    Import {
        /// People or exam-attempt table (.csv or .xlsx).
        file: PathBuf,
        /// Roster file (RON); created with the default county's townships if missing.
        #[arg(long)]
        into: PathBuf,
        /// Only list what would change.
        #[arg(long)]
        dry_run: bool,
    },
    /// Export a roster to CSV (one table) or xlsx (people and attempts sheets).
    Export {
        /// Roster file (RON).
        roster: PathBuf,
        /// Output file (.csv or .xlsx).
        #[arg(long)]
        out: PathBuf,
        /// Table written to a CSV file.
        #[arg(long, value_enum, default_value_t = ExportTable::People)]
        table: ExportTable,
        /// Drop names and replace ids by numbers, for sharing.
        #[arg(long)]
        anonymise: bool,
    },
}

/// One person's line of `roster status`.
#[derive(Debug, Serialize)]
pub struct StatusLine {
    /// Person id.
    pub person_id: String,
    /// Highest certified level, or `none`.
    pub level: &'static str,
    /// Year of that level's certificate.
    pub certified_year: Option<i32>,
    /// Every certificate, lowest level first.
    pub certificates: Vec<CertLine>,
    /// Passed subjects still valid and not part of a certificate.
    pub carried_subjects: Vec<CarriedLine>,
    /// Levels the person may sit at the as-of year's sitting (people file given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub may_sit: Option<Vec<&'static str>>,
    /// For each level not open at that sitting, why (people file given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub may_not_sit_because: Option<BTreeMap<&'static str, ReasonLine>>,
}

/// Why a level is not open, in `roster status`.
#[derive(Debug, Serialize)]
pub struct ReasonLine {
    /// Machine-readable reason (see `model::eligibility::Refusal::code`).
    pub code: &'static str,
    /// The reason in English.
    pub en: String,
    /// The reason in Chinese.
    pub zh: String,
}

/// A certificate in `roster status`.
#[derive(Debug, Serialize)]
pub struct CertLine {
    /// Level id.
    pub level: &'static str,
    /// Year certified.
    pub year: i32,
}

/// A carried subject in `roster status`.
#[derive(Debug, Serialize)]
pub struct CarriedLine {
    /// Subject id.
    pub subject: &'static str,
    /// Level id.
    pub level: &'static str,
    /// Year passed.
    pub passed_year: i32,
    /// Last sitting year it counts.
    pub valid_through_year: i32,
}

/// Status lines in the given order; carried subjects and eligibility judged
/// in sitting year `as_of` under `cfg`. Eligibility is given for the people
/// found in `people` only.
#[must_use]
pub fn status_lines(
    statuses: &[(&str, CertStatus)],
    as_of: i32,
    people: &HashMap<String, Person>,
    cfg: &RuleConfig,
) -> Vec<StatusLine> {
    statuses
        .iter()
        .map(|(id, st)| {
            let top = st.highest();
            let verdicts: Option<Vec<_>> = people.get(*id).map(|p| {
                Level::ALL
                    .into_iter()
                    .map(|lv| (lv, eligibility(p, lv, as_of, st, cfg)))
                    .collect()
            });
            StatusLine {
                person_id: (*id).to_string(),
                level: top.map_or("none", |c| c.level.id()),
                certified_year: top.map(|c| c.year),
                certificates: st
                    .certificates
                    .iter()
                    .map(|c| CertLine {
                        level: c.level.id(),
                        year: c.year,
                    })
                    .collect(),
                carried_subjects: st
                    .carried_at(as_of)
                    .map(|c: &CarriedSubject| CarriedLine {
                        subject: c.subject.id(),
                        level: c.level.id(),
                        passed_year: c.passed_year,
                        valid_through_year: c.valid_through_year,
                    })
                    .collect(),
                may_sit: verdicts.as_ref().map(|v| {
                    v.iter()
                        .filter(|(_, e)| e.eligible)
                        .map(|(lv, _)| lv.id())
                        .collect()
                }),
                may_not_sit_because: verdicts.map(|v| {
                    v.into_iter()
                        .filter_map(|(lv, e)| {
                            e.code().map(|code| {
                                (
                                    lv.id(),
                                    ReasonLine {
                                        code,
                                        en: e.reason_en,
                                        zh: e.reason_zh,
                                    },
                                )
                            })
                        })
                        .collect()
                }),
            }
        })
        .collect()
}

fn report(problems: &[Problem], path: &Path) {
    for p in problems {
        eprintln!("{p} ({})", path.display());
    }
}

fn read_rows(path: &Path) -> Result<table::Sheets> {
    let format = FileFormat::from_name(&path.to_string_lossy())
        .with_context(|| format!("expected a .csv or .xlsx file: {}", path.display()))?;
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    table::read_tables(format, &bytes).map_err(|p| anyhow::anyhow!("{p} ({})", path.display()))
}

fn one_table(path: &Path, want: TableKind) -> Result<Vec<Vec<String>>> {
    for (_, rows) in read_rows(path)? {
        if rows.first().and_then(|h| table::detect_kind(h)) == Some(want) {
            return Ok(rows);
        }
    }
    let header = match want {
        TableKind::People => table::PEOPLE_HEADERS.join(","),
        TableKind::Attempts => table::ATTEMPT_HEADERS.join(","),
    };
    bail!("row 1: the header must be `{header}` ({})", path.display())
}

/// Runs a `roster` subcommand.
pub fn execute(command: RosterCommand) -> Result<ExitCode> {
    match command {
        RosterCommand::Status {
            attempts,
            people,
            format: StatusFormat::Json,
            as_of,
            pass_line,
            results_month,
        } => {
            let cfg = RuleConfig {
                pass_line,
                results_month,
                ..RuleConfig::default()
            };
            let mut ids: Option<HashMap<String, Person>> = None;
            if let Some(pp) = &people {
                let rows = one_table(pp, TableKind::People)?;
                let (list, problems) = table::parse_people(&Roster::default(), &rows[1..]);
                if !problems.is_empty() {
                    report(&problems, pp);
                    return Ok(ExitCode::from(2));
                }
                ids = Some(list.into_iter().map(|p| (p.id.clone(), p)).collect());
            }
            let rows = one_table(&attempts, TableKind::Attempts)?;
            let (list, problems) = table::parse_attempt_rows(&rows[1..], |id| {
                ids.as_ref().is_none_or(|s| s.contains_key(id))
            });
            if !problems.is_empty() {
                report(&problems, &attempts);
                return Ok(ExitCode::from(2));
            }
            let by_person = statuses_by_person(&list, &cfg);
            // People without any attempt are listed too, at level none.
            let without: Vec<&str> = ids
                .iter()
                .flat_map(HashMap::keys)
                .map(String::as_str)
                .filter(|id| !by_person.contains_key(id))
                .collect();
            let mut statuses: Vec<(&str, CertStatus)> = by_person.into_iter().collect();
            statuses.extend(without.into_iter().map(|id| (id, CertStatus::default())));
            statuses.sort_unstable_by(|a, b| a.0.cmp(b.0));
            let year = as_of
                .or_else(|| list.iter().map(|a| a.year).max())
                .unwrap_or(0);
            let none = HashMap::new();
            let people = ids.as_ref().unwrap_or(&none);
            let mut out = serde_json::to_vec_pretty(&status_lines(&statuses, year, people, &cfg))?;
            out.push(b'\n');
            super::write_out(None, &out)?;
            Ok(ExitCode::SUCCESS)
        }
        RosterCommand::Import {
            file,
            into,
            dry_run,
        } => {
            let roster = if into.exists() {
                let (r, warnings) =
                    doc::load(&into).with_context(|| format!("cannot load {}", into.display()))?;
                for w in warnings {
                    eprintln!("warning: {w}");
                }
                r
            } else {
                let sc = crate::model::io::default_scenario()
                    .context("the embedded default scenario is broken")?;
                Roster::new(&sc.county.name, Roster::townships_of(&sc))
            };
            let format = FileFormat::from_name(&file.to_string_lossy())
                .with_context(|| format!("expected a .csv or .xlsx file: {}", file.display()))?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let preview = preview_import(&roster, format, &bytes);
            if !preview.is_clean() {
                report(&preview.problems, &file);
                eprintln!(
                    "{} problem(s); nothing was imported",
                    preview.problems.len()
                );
                return Ok(ExitCode::from(2));
            }
            println!(
                "{} new people, {} updated, {} exam results ({} replacing a recorded score)",
                preview.new_people.len(),
                preview.updated_people.len(),
                preview.attempts.len(),
                preview.replaced_attempts
            );
            if !dry_run {
                let updated = apply_import(&roster, &preview)?;
                doc::save(&updated, &into)
                    .with_context(|| format!("cannot write {}", into.display()))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        RosterCommand::Export {
            roster,
            out,
            table: which,
            anonymise,
        } => {
            let (r, _) =
                doc::load(&roster).with_context(|| format!("cannot load {}", roster.display()))?;
            let opts = ExportOptions { anonymise };
            let bytes = match FileFormat::from_name(&out.to_string_lossy()) {
                Some(FileFormat::Csv) => table::csv_bytes(&match which {
                    ExportTable::People => table::people_table(&r, opts),
                    ExportTable::Attempts => table::attempts_table(&r, opts),
                })?,
                Some(FileFormat::Xlsx) => table::xlsx_bytes(&[
                    ("people", table::people_table(&r, opts)),
                    ("attempts", table::attempts_table(&r, opts)),
                ])?,
                None => bail!("expected a .csv or .xlsx output: {}", out.display()),
            };
            std::fs::write(&out, bytes)
                .with_context(|| format!("cannot write {}", out.display()))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
