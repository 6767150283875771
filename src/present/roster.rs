//! What the trainer's views show of a roster, without drawing: names of
//! tracks, levels, statuses and reminder kinds in the interface language,
//! the texts of proposed rate changes, the notices under the toolbar, the
//! data of a person's card and "actual vs projected".

use super::i18n::Lang;
use crate::exchange::{Cell, Table};
use crate::model::scenario::{Scenario, Track};
use crate::roster::date::Date;
use crate::roster::doc::{self as rdoc, Education, Level, Roster, Subject};
use crate::roster::plan::{ComparisonRow, PlanError, Scope, Target};
use crate::roster::rules::{self, Eligibility, RuleConfig, eligibility as may_sit};
use crate::roster::table::ApplyError;
use crate::roster::views::{ReminderKind, StatusFilter, TimelineEvent, person_timeline};
use crate::roster::year::{YearItems, YearKind, YearView};
use std::path::PathBuf;

/// The name of the track with id `id` in `lang`, from the scenario's
/// `tracks` (its English name where the scenario gives one); the id itself
/// for a track the list does not have (or with no scenario at hand).
#[must_use]
pub fn track_name(tracks: &[Track], id: &str, lang: Lang) -> String {
    tracks
        .iter()
        .find(|t| t.id == id)
        .map_or(id, |t| lang.name(&t.name, &t.name_en))
        .to_string()
}

/// Localised name of a certificate level (`None`: no certificate).
#[must_use]
pub fn level_name(lang: Lang, l: Option<Level>) -> &'static str {
    match l {
        None => lang.t("trainer.level_none"),
        Some(Level::Assistant) => lang.t("trainer.level_assistant"),
        Some(Level::Intermediate) => lang.t("trainer.level_intermediate"),
        Some(Level::Senior) => lang.t("trainer.level_senior"),
    }
}

/// Localised employment status.
#[must_use]
pub fn status_name(lang: Lang, s: StatusFilter) -> &'static str {
    match s {
        StatusFilter::Active => lang.t("trainer.status_active"),
        StatusFilter::Exited => lang.t("trainer.status_exited"),
    }
}

/// Localised name of a reminder kind.
#[must_use]
pub fn reminder_kind_name(lang: Lang, k: ReminderKind) -> &'static str {
    match k {
        ReminderKind::SubjectExpiring => lang.t("trainer.rem_subject"),
        ReminderKind::CertifyDeadline => lang.t("trainer.rem_deadline"),
        ReminderKind::CertifyOverdue => lang.t("trainer.rem_overdue"),
        ReminderKind::RegistrationDue => lang.t("trainer.rem_reg_due"),
        ReminderKind::RegistrationExpiring => lang.t("trainer.rem_reg_expiring"),
        ReminderKind::RegistrationLapsed => lang.t("trainer.rem_reg_lapsed"),
        ReminderKind::ContinuingEducationShortfall => lang.t("trainer.rem_ce"),
    }
}

/// Localised name of what an item of the year's list is about.
#[must_use]
pub fn year_kind_name(lang: Lang, k: YearKind) -> &'static str {
    match k {
        YearKind::MaySit => lang.t("year.may_sit"),
        YearKind::MayNotSit => lang.t("year.may_not_sit"),
        YearKind::Reminder(r) => reminder_kind_name(lang, r),
    }
}

/// The year's list as `view` shows it (upcoming, then each overdue
/// group), as a table for the exchange layer: headers, sheet name and
/// values in `lang` (township, track, cohort and level by their names;
/// track names from the scenario's `tracks`).
#[must_use]
pub fn year_table(
    year: &YearItems,
    view: &YearView,
    roster: &Roster,
    tracks: &[Track],
    lang: Lang,
) -> Table {
    let header = [
        "trainer.col_id",
        "trainer.col_name",
        "trainer.col_township",
        "trainer.col_track",
        "trainer.cohort",
        "year.col_section",
        "year.col_item",
        "year.col_level",
        "year.col_due",
        "year.col_detail",
    ]
    .into_iter()
    .map(|k| lang.t(k).to_string())
    .collect();
    let text = |s: &str| Cell::Text(s.to_string());
    let rows = view
        .shown()
        .into_iter()
        .filter_map(|i| {
            let it = year.items.get(i)?;
            let p = roster.people.get(it.person_index)?;
            let town = roster
                .townships
                .iter()
                .find(|t| t.id == p.township)
                .map_or(p.township.as_str(), |t| t.name.as_str());
            let cohorts = year
                .cohorts_of(it.person_index)
                .iter()
                .filter_map(|&c| roster.cohorts.get(c).map(|c| c.name.as_str()))
                .collect::<Vec<_>>()
                .join(lang.pick("、", "; "));
            let section = if it.dismissal(year.today).is_some() {
                lang.t("year.overdue")
            } else {
                lang.t("year.upcoming")
            };
            Some(vec![
                text(&it.person_id),
                text(&p.name),
                text(town),
                text(&track_name(tracks, p.track.id(), lang)),
                text(&cohorts),
                text(section),
                text(year_kind_name(lang, it.kind)),
                it.level
                    .map_or(Cell::Empty, |l| text(level_name(lang, Some(l)))),
                text(&it.due.to_string()),
                text(it.text(lang.into())),
            ])
        })
        .collect();
    Table {
        name: lang.t("year.view").to_string(),
        header,
        rows,
    }
}

/// Localised name of a subject given by its scenario id.
fn subject_text(id: &str, lang: Lang) -> String {
    [
        Subject::Comprehensive,
        Subject::Practice,
        Subject::LawPolicy,
        Subject::Review,
    ]
    .into_iter()
    .find(|s| s.id() == id)
    .map_or_else(|| id.to_string(), |s| s.name(lang.into()).to_string())
}

/// Name of the exam a stage holds: the level it leads to, else the stage's own name.
fn stage_text(id: &str, sc: &Scenario, lang: Lang) -> String {
    let exam_to = sc
        .stages
        .iter()
        .find(|s| s.id == id)
        .and_then(|s| s.exam.as_ref())
        .map(|e| e.to.as_str());
    Level::ALL
        .into_iter()
        .find(|l| Some(l.id()) == exam_to)
        .map_or_else(|| id.to_string(), |l| l.name(lang.into()).to_string())
}

/// What a proposed rate change is about: the exit rate of a track and
/// tenure band, or the pass rate of an exam subject for a track.
#[must_use]
pub fn target_text(t: &Target, sc: &Scenario, lang: Lang) -> String {
    match t {
        Target::ExitRate {
            track,
            tenure_from_months,
            tenure_to_months,
        } => {
            format!(
                "{} · {} · {}",
                lang.t("trainer.exit_rate"),
                track_name(&sc.tracks, track, lang),
                lang.month_band(*tenure_from_months, *tenure_to_months)
            )
        }
        Target::PassProbability {
            stage,
            subject,
            track,
        } => format!(
            "{} · {} · {} · {}",
            lang.t("trainer.pass_rate"),
            stage_text(stage, sc, lang),
            subject_text(subject, lang),
            track_name(&sc.tracks, track, lang)
        ),
    }
}

/// "Actual vs projected" as last computed.
pub struct Comparison {
    /// A cohort or the county.
    pub scope: Scope,
    /// The rows, or why there are none.
    pub rows: Result<Vec<ComparisonRow>, CompareError>,
}

/// Why "actual vs projected" has no rows.
pub enum CompareError {
    /// The cohort's start scenario could not be made or projected.
    Plan(PlanError),
    /// The scenario has no projection to compare the county with.
    NoProjection,
}

impl CompareError {
    /// The reason in the interface language.
    #[must_use]
    pub fn text(&self, lang: Lang) -> String {
        match self {
            CompareError::Plan(e) => e.message(lang.into()),
            CompareError::NoProjection => lang.t("trainer.no_projection").to_string(),
        }
    }
}

/// A message about the roster shown under the toolbar, kept in a
/// language-neutral form so the text follows a language switch.
pub enum Notice {
    /// The file opened with warnings.
    Warnings(Vec<rdoc::RosterWarning>),
    /// The roster file could not be opened.
    OpenFailed(PathBuf, rdoc::RosterError),
    /// The import file could not be read.
    ReadFailed(PathBuf, std::io::Error),
    /// The import could not be applied.
    ApplyFailed(ApplyError),
    /// The file is neither CSV nor a workbook.
    UnknownFormat(String),
    /// The plan could not be started from the roster.
    Plan(PlanError),
    /// The roster was saved.
    Saved(PathBuf),
    /// The roster could not be saved.
    SaveFailed(PathBuf, rdoc::RosterError),
    /// The tables were exported to these files.
    Exported(String),
    /// The tables could not be exported.
    ExportFailed(PathBuf, String),
}

impl Notice {
    /// The message in the interface language.
    #[must_use]
    pub fn text(&self, lang: Lang) -> String {
        let l = lang.into();
        match self {
            Notice::Warnings(w) => format!(
                "{}: {}",
                lang.t("trainer.load_warnings"),
                w.iter()
                    .map(|w| w.message(l))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            Notice::OpenFailed(path, e) => format!(
                "{}: {}: {}",
                lang.t("trainer.err_open"),
                e.message(l),
                path.display()
            ),
            Notice::ReadFailed(path, e) => {
                format!("{}: {e}: {}", lang.t("trainer.err_open"), path.display())
            }
            Notice::ApplyFailed(e) => {
                format!("{}: {}", lang.t("trainer.err_import"), e.message(l))
            }
            Notice::UnknownFormat(name) => {
                format!("{}: {name}", lang.t("trainer.err_format"))
            }
            Notice::Plan(e) => format!("{}: {}", lang.t("trainer.err_plan"), e.message(l)),
            Notice::Saved(path) => format!("{} {}", lang.t("status.saved"), path.display()),
            Notice::SaveFailed(path, e) => format!(
                "{}: {}: {}",
                lang.t("err.save_title"),
                e.message(l),
                path.display()
            ),
            Notice::Exported(files) => format!("{} {files}", lang.t("status.exported")),
            Notice::ExportFailed(path, e) => {
                format!("{}: {e}: {}", lang.t("err.export_title"), path.display())
            }
        }
    }
}

/// What a person's card shows beyond the table row.
#[derive(Debug, Clone, PartialEq)]
pub struct CardData {
    /// Index of the person in the roster.
    pub person: usize,
    /// Their timeline.
    pub events: Vec<TimelineEvent>,
    /// Year of the next sitting.
    pub year: i32,
    /// Each level above their certificate, and whether they may sit it then.
    pub eligibility: Vec<(Level, Eligibility)>,
}

/// The card of person `i` of `roster` as of `today`: the timeline, and for
/// each level above their certificate whether they may sit it at the next
/// sitting (this year's if it is still ahead).
#[must_use]
pub fn card_data(roster: &Roster, i: usize, today: Date, cfg: &RuleConfig) -> CardData {
    let mut card = CardData {
        person: i,
        events: Vec::new(),
        year: today.year,
        eligibility: Vec::new(),
    };
    let Some(person) = roster.people.get(i) else {
        return card;
    };
    card.events = person_timeline(roster, &person.id, cfg).unwrap_or_default();
    let sitting_this_year = Date {
        year: today.year,
        month: cfg.sitting_month.clamp(1, 12),
        day: 1,
    };
    if today >= sitting_this_year {
        card.year += 1;
    }
    let status = rules::status_of(
        roster.attempts.iter().filter(|a| a.person == person.id),
        cfg,
    );
    let held = status.highest().map(|c| c.level);
    card.eligibility = Level::ALL
        .into_iter()
        .filter(|lv| held.is_none_or(|h| *lv > h))
        .map(|lv| (lv, may_sit(person, lv, card.year, &status, cfg)))
        .collect();
    card
}

/// One line of the eligibility list: the verdict and, if any, the reason.
#[must_use]
pub fn eligibility_text(e: &Eligibility, lang: Lang) -> String {
    let verdict = if e.eligible {
        lang.t("trainer.eligible")
    } else {
        lang.t("trainer.not_eligible")
    };
    let reason = e.reason(lang.into());
    if reason.is_empty() {
        verdict.to_string()
    } else {
        format!("{verdict}: {reason}")
    }
}

/// An exported roster table as a reader sees it in `lang`: the sheet name
/// and headers from the glossary, and coded values (gender, township,
/// track, education, major, certificate, status, exam level, subject) by
/// their names; tracks by the names the scenario's `tracks` give them.
/// Numbers, dates and free text stay as they are, and a code without a
/// name (a township the roster does not list, a track the scenario does
/// not have) is kept.
#[must_use]
pub fn labelled_table(t: &Table, roster: &Roster, tracks: &[Track], lang: Lang) -> Table {
    let columns: Vec<&str> = t.header.iter().map(String::as_str).collect();
    let sheet = match t.name.as_str() {
        "people" => lang.t("export.sheet_people").to_string(),
        "attempts" => lang.t("export.sheet_attempts").to_string(),
        other => other.to_string(),
    };
    let rows = t
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .map(|(i, cell)| match (cell, columns.get(i)) {
                    (Cell::Text(code), Some(column)) => {
                        value_text(column, code, roster, tracks, lang)
                            .map_or_else(|| cell.clone(), Cell::Text)
                    }
                    _ => cell.clone(),
                })
                .collect()
        })
        .collect();
    Table {
        name: sheet,
        header: columns
            .iter()
            .map(|c| header_text(c, lang).to_string())
            .collect(),
        rows,
    }
}

/// The header of an exported column in `lang` (the code if it has none).
fn header_text(column: &str, lang: Lang) -> &str {
    match column {
        "person_id" => lang.t("trainer.col_id"),
        "name" => lang.t("trainer.col_name"),
        "gender" => lang.t("export.col_gender"),
        "birth_year" => lang.t("export.col_birth_year"),
        "township" => lang.t("trainer.col_township"),
        "village" => lang.t("export.col_village"),
        "track" => lang.t("trainer.col_track"),
        "education" => lang.t("export.col_education"),
        "major" => lang.t("export.col_major"),
        "sw_start_date" => lang.t("export.col_sw_start_date"),
        "hire_date" => lang.t("trainer.col_hired"),
        "certificate" => lang.t("trainer.col_level"),
        "status" => lang.t("trainer.col_status"),
        "year" => lang.t("export.col_year"),
        "level" => lang.t("export.col_level"),
        "subject" => lang.t("export.col_subject"),
        "score" => lang.t("export.col_score"),
        other => other,
    }
}

/// The name of a coded value of an exported column, if it is a code.
fn value_text(
    column: &str,
    code: &str,
    roster: &Roster,
    tracks: &[Track],
    lang: Lang,
) -> Option<String> {
    let text = match (column, code) {
        ("gender", "male") => lang.t("export.gender_male"),
        ("gender", "female") => lang.t("export.gender_female"),
        ("major", "social_work") => lang.t("export.major_social_work"),
        ("major", "other") => lang.t("export.major_other"),
        ("status", "active") => status_name(lang, StatusFilter::Active),
        ("status", "exited") => status_name(lang, StatusFilter::Exited),
        ("township", id) => {
            return roster
                .townships
                .iter()
                .find(|t| t.id == id)
                .map(|t| t.name.clone());
        }
        ("track", id) => {
            return Some(track_name(tracks, id, lang));
        }
        ("education", id) => Education::ALL
            .into_iter()
            .find(|e| e.id() == id)?
            .name(lang == Lang::Zh),
        ("certificate" | "level", id) => {
            level_name(lang, Some(Level::ALL.into_iter().find(|l| l.id() == id)?))
        }
        ("subject", id) => return Some(subject_text(id, lang)),
        _ => return None,
    };
    Some(text.to_string())
}
