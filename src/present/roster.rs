//! What the trainer's views show of a roster, without drawing: names of
//! tracks, levels, statuses and reminder kinds in the interface language,
//! the texts of proposed rate changes, the notices under the toolbar, the
//! data of a person's card and "actual vs projected".

use super::i18n::Lang;
use crate::model::scenario::Scenario;
use crate::roster::date::Date;
use crate::roster::doc::{self as rdoc, Level, Roster, Subject, Track};
use crate::roster::plan::{ComparisonRow, PlanError, Scope, Target};
use crate::roster::rules::{self, Eligibility, RuleConfig, eligibility as may_sit};
use crate::roster::table::ApplyError;
use crate::roster::views::{ReminderKind, StatusFilter, TimelineEvent, person_timeline};
use std::path::PathBuf;

/// Localised name of a track.
#[must_use]
pub fn track_name(lang: Lang, t: Track) -> &'static str {
    match t {
        Track::Professional => lang.t("trainer.track_professional"),
        Track::Local => lang.t("trainer.track_local"),
    }
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

/// Localised name of a track given by its scenario id.
fn track_text(id: &str, lang: Lang) -> String {
    Track::ALL
        .into_iter()
        .find(|t| t.id() == id)
        .map_or_else(|| id.to_string(), |t| track_name(lang, t).to_string())
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
            let to = tenure_to_months.map_or_else(|| "…".to_string(), |m| m.to_string());
            format!(
                "{} · {} · {tenure_from_months}–{to} {}",
                lang.t("trainer.exit_rate"),
                track_text(track, lang),
                lang.t("trainer.months")
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
            track_text(track, lang)
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
