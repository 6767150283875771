//! `talent-planner roster …`: certification status from exam results, and
//! import/export of roster tables (CSV or xlsx).

use anyhow::{Context, Result, bail};
use clap::{Subcommand, ValueEnum};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::exchange::safe_write;
use crate::roster::rules::{
    CarriedSubject, CertStatus, RuleConfig, eligibility, statuses_by_person,
};
use crate::roster::table::{
    self, ExportOptions, FileFormat, Problem, TableKind, apply_import, preview_import_as,
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
        /// Encoding of the CSV files (default: UTF-8 or GBK/GB18030, detected).
        #[arg(long)]
        encoding: Option<String>,
        /// Scenario whose tracks the people file may name (default: the
        /// embedded default county's).
        #[arg(long)]
        scenario: Option<PathBuf>,
    },
    /// Import a CSV or xlsx table into a roster; nothing changes if any row is bad.
    Import {
        /// People or exam-attempt table (.csv or .xlsx).
        file: PathBuf,
        /// Roster file (RON); created with the scenario's townships if missing.
        #[arg(long)]
        into: PathBuf,
        /// Only list what would change (every check of the import is run).
        #[arg(long)]
        dry_run: bool,
        /// Encoding of a CSV file (default: UTF-8 or GBK/GB18030, detected).
        #[arg(long)]
        encoding: Option<String>,
        /// Scenario whose tracks (by id or name) a people table may name,
        /// and whose townships a new roster gets (default: the embedded
        /// default county).
        #[arg(long)]
        scenario: Option<PathBuf>,
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
        /// Drop names and replace ids by random pseudonyms (new ones at every
        /// export), for sharing.
        #[arg(long)]
        anonymise: bool,
        /// With --anonymise: birth years in 5-year bands, no village, dates
        /// to the year. The smallest group of people alike is reported.
        #[arg(long, requires = "anonymise")]
        coarsen: bool,
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

/// Prints each problem of `path` with its place, in the user's language.
fn report(problems: &[Problem], path: &Path) {
    let lang = if super::chinese() {
        crate::roster::Language::Zh
    } else {
        crate::roster::Language::En
    };
    for p in problems {
        eprintln!("{} ({})", p.message(lang), path.display());
    }
}

/// The encoding a `--encoding` label names.
fn named_encoding(label: Option<&str>) -> Result<Option<&'static encoding_rs::Encoding>> {
    label
        .map(|l| {
            crate::exchange::text::encoding_for_label(l)
                .with_context(|| format!("unknown encoding `{}`", crate::exchange::text::quote(l)))
        })
        .transpose()
}

/// Largest table file read (a workbook has its own, smaller limit).
const MAX_TABLE_FILE_BYTES: u64 = table::MAX_CSV_BYTES as u64;

/// Reads an import file, refusing one too big before reading it.
fn read_file(path: &Path) -> Result<Vec<u8>> {
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .len();
    if size > MAX_TABLE_FILE_BYTES {
        bail!(
            "the file is {} MiB; at most {} MiB are read ({})",
            size >> 20,
            MAX_TABLE_FILE_BYTES >> 20,
            path.display()
        );
    }
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

fn file_format(path: &Path) -> Result<FileFormat> {
    FileFormat::from_name(&path.to_string_lossy())
        .with_context(|| format!("expected a .csv or .xlsx file: {}", path.display()))
}

fn read_rows(
    path: &Path,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<table::Sheets> {
    let format = file_format(path)?;
    let bytes = read_file(path)?;
    table::read_tables_as(format, &bytes, encoding)
        .map_err(|p| anyhow::anyhow!("{p} ({})", path.display()))
}

fn one_table(
    path: &Path,
    want: TableKind,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<Vec<Vec<String>>> {
    for (_, rows) in read_rows(path, encoding)? {
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
            encoding,
            scenario,
        } => {
            let encoding = named_encoding(encoding.as_deref())?;
            let cfg = RuleConfig {
                pass_line,
                results_month,
                ..RuleConfig::default()
            };
            let mut ids: Option<HashMap<String, Person>> = None;
            if let Some(pp) = &people {
                let rows = one_table(pp, TableKind::People, encoding)?;
                let sc = super::load_scenario(scenario.as_deref())?;
                let (list, problems) =
                    table::parse_people(&Roster::default(), &sc.tracks, &rows[1..]);
                if !problems.is_empty() {
                    report(&problems, pp);
                    return Ok(ExitCode::from(2));
                }
                ids = Some(list.into_iter().map(|p| (p.id.clone(), p)).collect());
            }
            let rows = one_table(&attempts, TableKind::Attempts, encoding)?;
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
            encoding,
            scenario,
        } => {
            let encoding = named_encoding(encoding.as_deref())?;
            let sc = super::load_scenario(scenario.as_deref())?;
            let roster = if into.exists() {
                let (r, warnings) =
                    doc::load(&into).with_context(|| format!("cannot load {}", into.display()))?;
                for w in warnings {
                    eprintln!("warning: {w}");
                }
                r
            } else {
                Roster::new(&sc.county.name, Roster::townships_of(&sc))
            };
            let format = file_format(&file)?;
            let bytes = read_file(&file)?;
            let preview = preview_import_as(&roster, &sc.tracks, format, &bytes, encoding);
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
            coarsen,
        } => {
            let (r, _) =
                doc::load(&roster).with_context(|| format!("cannot load {}", roster.display()))?;
            let opts = if anonymise {
                ExportOptions::anonymised(&r, rand::random(), coarsen)
            } else {
                ExportOptions::plain()
            };
            let people = table::people_table(&r, &opts);
            let smallest = anonymise.then(|| table::smallest_group(&people)).flatten();
            let bytes = match FileFormat::from_name(&out.to_string_lossy()) {
                Some(FileFormat::Csv) => crate::exchange::csv::table_bytes(&match which {
                    ExportTable::People => people,
                    ExportTable::Attempts => table::attempts_table(&r, &opts),
                })?,
                Some(FileFormat::Xlsx) => crate::exchange::xlsx::workbook_bytes(&[
                    people,
                    table::attempts_table(&r, &opts),
                ])?,
                None => bail!("expected a .csv or .xlsx output: {}", out.display()),
            };
            safe_write::write_bytes(&out, &bytes)
                .with_context(|| format!("cannot write {}", out.display()))?;
            if let Some(k) = smallest {
                eprintln!("{}", anonymity_note(k, coarsen, super::chinese()));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// What an anonymised export tells its user: the smallest group of people
/// who look alike in it (k-anonymity over everything but the pseudonym).
#[must_use]
pub fn anonymity_note(k: usize, coarsened: bool, chinese: bool) -> String {
    let advice = match (k, coarsened, chinese) {
        (1, false, false) => "; some people can still be picked out: add --coarsen",
        (1, false, true) => "；仍有人可被单独认出：请加 --coarsen",
        (1, true, false) => "; some people can still be picked out: share with care",
        (1, true, true) => "；仍有人可被单独认出：请谨慎共享",
        _ => "",
    };
    if chinese {
        format!("已匿名化：除化名外各列完全相同的人，最小的一组有 {k} 人{advice}")
    } else {
        format!(
            "anonymised: the smallest group of people alike in every column but the pseudonym has {k}{advice}"
        )
    }
}
