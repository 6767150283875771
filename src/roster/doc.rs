//! The roster document: the people a county actually employs or trains, its
//! training cohorts, exam results, registrations and continuing education.
//! Stored as RON (`format_version: 1`) next to the scenarios.

use super::date::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;
use thiserror::Error;

/// The only roster file format version this build reads and writes.
pub const ROSTER_FORMAT_VERSION: u32 = 1;

/// A complete roster.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roster {
    /// File format version; must equal [`ROSTER_FORMAT_VERSION`].
    pub format_version: u32,
    /// County name.
    #[serde(default)]
    pub county: String,
    /// Known townships; imports reject any other. Empty accepts any township.
    #[serde(default)]
    pub townships: Vec<TownshipRef>,
    /// People.
    #[serde(default)]
    pub people: Vec<Person>,
    /// Training cohorts.
    #[serde(default)]
    pub cohorts: Vec<Cohort>,
    /// Exam attempts, one per person, year, level and subject.
    #[serde(default)]
    pub attempts: Vec<ExamAttempt>,
    /// Certificate registrations.
    #[serde(default)]
    pub registrations: Vec<Registration>,
    /// Continuing-education records.
    #[serde(default)]
    pub continuing_education: Vec<ContinuingEducation>,
}

/// A township known to the roster (ids match the scenario's townships).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TownshipRef {
    /// Township id, as in the scenario.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// Gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Gender {
    /// 男.
    Male,
    /// 女.
    Female,
}

/// Staff track; ids match the scenario's `professional` and `local` tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Track {
    /// 专业人才.
    Professional,
    /// 本土人才.
    Local,
}

impl Track {
    /// Both tracks, in display order.
    pub const ALL: [Track; 2] = [Track::Professional, Track::Local];

    /// The scenario track id.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Track::Professional => "professional",
            Track::Local => "local",
        }
    }
}

/// Highest education completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Education {
    /// Below high school.
    BelowHighSchool,
    /// 高中 or 中专.
    HighSchool,
    /// 大专 (junior college diploma).
    JuniorCollege,
    /// 本科 (bachelor).
    Bachelor,
    /// 硕士 (master).
    Master,
    /// 博士 (doctorate).
    Doctorate,
}

impl Education {
    /// The id used in CSV files.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Education::BelowHighSchool => "below_high_school",
            Education::HighSchool => "high_school",
            Education::JuniorCollege => "junior_college",
            Education::Bachelor => "bachelor",
            Education::Master => "master",
            Education::Doctorate => "doctorate",
        }
    }
}

/// Field of the highest degree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Major {
    /// Social work (社会工作).
    SocialWork,
    /// Any other field.
    Other,
}

/// Employment status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Employment {
    /// In post (or in training before a post).
    Active,
    /// Left.
    Exited {
        /// Last day in post.
        date: Date,
        /// Why they left (free text, e.g. "pay", "moved away").
        #[serde(default)]
        reason: String,
    },
}

/// One person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Stable id, unique in the roster.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Gender, if known.
    #[serde(default)]
    pub gender: Option<Gender>,
    /// Birth year, if known.
    #[serde(default)]
    pub birth_year: Option<i32>,
    /// Township id.
    pub township: String,
    /// Village, if posted to one.
    #[serde(default)]
    pub village: String,
    /// Track.
    pub track: Track,
    /// Highest education.
    pub education: Education,
    /// Field of the highest degree.
    pub major: Major,
    /// Date the person started social work (counts toward exam eligibility).
    #[serde(default)]
    pub sw_start_date: Option<Date>,
    /// Date of hire into the current post.
    #[serde(default)]
    pub hire_date: Option<Date>,
    /// Station (post) name.
    #[serde(default)]
    pub station: String,
    /// Employment status.
    #[serde(default = "active")]
    pub employment: Employment,
}

fn active() -> Employment {
    Employment::Active
}

impl Person {
    /// Exit date, if the person left.
    #[must_use]
    pub fn exit_date(&self) -> Option<Date> {
        match &self.employment {
            Employment::Active => None,
            Employment::Exited { date, .. } => Some(*date),
        }
    }

    /// True if hired on or before `day` and not yet left by then.
    #[must_use]
    pub fn in_post_on(&self, day: Date) -> bool {
        self.hire_date.is_some_and(|h| h <= day) && self.exit_date().is_none_or(|e| e >= day)
    }
}

/// Certification level of the national exam.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Level {
    /// 助理社会工作师.
    Assistant,
    /// 社会工作师.
    Intermediate,
    /// 高级社会工作师.
    Senior,
}

impl Level {
    /// All levels, lowest first.
    pub const ALL: [Level; 3] = [Level::Assistant, Level::Intermediate, Level::Senior];

    /// The id used in CSV and JSON, also the scenario's grade stage id.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Level::Assistant => "assistant",
            Level::Intermediate => "intermediate",
            Level::Senior => "senior",
        }
    }

    /// The subjects of this level.
    #[must_use]
    pub fn subjects(self) -> &'static [Subject] {
        match self {
            Level::Assistant => &[Subject::Comprehensive, Subject::Practice],
            Level::Intermediate => &[
                Subject::Comprehensive,
                Subject::Practice,
                Subject::LawPolicy,
            ],
            Level::Senior => &[Subject::Practice, Subject::Review],
        }
    }

    /// The matching scenario grade.
    #[must_use]
    pub fn grade(self) -> crate::model::scenario::Grade {
        use crate::model::scenario::Grade;
        match self {
            Level::Assistant => Grade::Assistant,
            Level::Intermediate => Grade::Intermediate,
            Level::Senior => Grade::Senior,
        }
    }
}

/// An exam subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Subject {
    /// 综合能力.
    Comprehensive,
    /// 实务.
    Practice,
    /// 法规与政策 (intermediate only).
    LawPolicy,
    /// The senior portfolio review (评审), recorded as a score ≥ the pass line when passed.
    Review,
}

impl Subject {
    /// The id used in CSV and JSON, also the scenario's subject id.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Subject::Comprehensive => "comprehensive",
            Subject::Practice => "practice",
            Subject::LawPolicy => "law_policy",
            Subject::Review => "review",
        }
    }
}

/// One exam result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamAttempt {
    /// Person id.
    pub person: String,
    /// Sitting year.
    pub year: i32,
    /// Level sat.
    pub level: Level,
    /// Subject sat.
    pub subject: Subject,
    /// Score out of 100.
    pub score: f64,
}

/// A certificate registration (or renewal).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    /// Person id.
    pub person: String,
    /// Date registered; valid three years from then.
    pub date: Date,
    /// Level registered.
    pub level: Level,
}

/// A continuing-education record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContinuingEducation {
    /// Person id.
    pub person: String,
    /// Date of the course.
    pub date: Date,
    /// Hours credited.
    pub hours: f64,
    /// Topic.
    #[serde(default)]
    pub topic: String,
}

/// A training cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cohort {
    /// Stable id, unique in the roster.
    pub id: String,
    /// Display name.
    pub name: String,
    /// First day of the course.
    pub start_date: Date,
    /// Level the cohort prepares for.
    #[serde(default = "assistant")]
    pub target_level: Level,
    /// Phases in order.
    #[serde(default)]
    pub phases: Vec<Phase>,
    /// Person ids enrolled.
    #[serde(default)]
    pub enrolled: Vec<String>,
    /// Hours attended, per person and module.
    #[serde(default)]
    pub attendance: Vec<Attendance>,
}

fn assistant() -> Level {
    Level::Assistant
}

/// A phase of a cohort's course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// Phase name.
    pub name: String,
    /// Modules of the phase.
    #[serde(default)]
    pub modules: Vec<Module>,
}

/// A module with its planned hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Module {
    /// Module id, unique in the cohort.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Planned hours.
    pub planned_hours: f64,
}

/// Hours one person attended one module.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attendance {
    /// Person id.
    pub person: String,
    /// Module id.
    pub module: String,
    /// Hours attended.
    pub hours: f64,
}

/// Why a roster file could not be read or written.
#[derive(Debug, Error)]
pub enum RosterError {
    /// The file could not be read or written.
    #[error("cannot access the file: {0}")]
    Io(#[from] std::io::Error),
    /// The text is not a valid roster.
    #[error("line {line}, column {column}: {message}")]
    Parse {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The roster was read but is inconsistent.
    #[error("invalid roster: {0}")]
    Invalid(String),
    /// The roster could not be turned into text.
    #[error("cannot serialise the roster: {0}")]
    Serialise(String),
}

impl Roster {
    /// An empty roster of the given county and townships.
    #[must_use]
    pub fn new(county: &str, townships: Vec<TownshipRef>) -> Self {
        Self {
            format_version: ROSTER_FORMAT_VERSION,
            county: county.to_string(),
            townships,
            ..Self::default()
        }
    }

    /// Township references taken from a scenario.
    #[must_use]
    pub fn townships_of(sc: &crate::model::Scenario) -> Vec<TownshipRef> {
        sc.county
            .townships
            .iter()
            .map(|t| TownshipRef {
                id: t.id.clone(),
                name: t.name.clone(),
            })
            .collect()
    }

    /// Index of the person with this id.
    #[must_use]
    pub fn person_index(&self, id: &str) -> Option<usize> {
        self.people.iter().position(|p| p.id == id)
    }

    /// Checks the format version, unique ids and references; returns warnings
    /// for things that are odd but usable.
    pub fn validate(&self) -> Result<Vec<String>, RosterError> {
        if self.format_version != ROSTER_FORMAT_VERSION {
            return Err(RosterError::Invalid(format!(
                "format_version {} is not supported (expected {ROSTER_FORMAT_VERSION})",
                self.format_version
            )));
        }
        let mut ids = BTreeSet::new();
        for p in &self.people {
            if !ids.insert(p.id.as_str()) {
                return Err(RosterError::Invalid(format!(
                    "duplicate person id {}",
                    p.id
                )));
            }
        }
        let towns: BTreeSet<&str> = self.townships.iter().map(|t| t.id.as_str()).collect();
        let mut warnings = Vec::new();
        for p in &self.people {
            if !towns.is_empty() && !towns.contains(p.township.as_str()) {
                return Err(RosterError::Invalid(format!(
                    "person {} has unknown township {}",
                    p.id, p.township
                )));
            }
            if let (Some(h), Some(e)) = (p.hire_date, p.exit_date())
                && e < h
            {
                warnings.push(format!("person {} left before being hired", p.id));
            }
        }
        let known = |id: &str, what: &str| {
            if ids.contains(id) {
                Ok(())
            } else {
                Err(RosterError::Invalid(format!(
                    "{what} refers to unknown person {id}"
                )))
            }
        };
        for a in &self.attempts {
            known(&a.person, "an exam attempt")?;
            if !(super::rules::FIRST_TRACKED_YEAR..=super::rules::LAST_TRACKED_YEAR)
                .contains(&a.year)
            {
                return Err(RosterError::Invalid(format!(
                    "exam year {} of {} is out of range",
                    a.year, a.person
                )));
            }
            if !(0.0..=100.0).contains(&a.score) {
                return Err(RosterError::Invalid(format!(
                    "score {} of {} is outside 0–100",
                    a.score, a.person
                )));
            }
            if !a.level.subjects().contains(&a.subject) {
                return Err(RosterError::Invalid(format!(
                    "{} has no subject {}",
                    a.level.id(),
                    a.subject.id()
                )));
            }
        }
        for r in &self.registrations {
            known(&r.person, "a registration")?;
        }
        for c in &self.continuing_education {
            known(&c.person, "a continuing-education record")?;
        }
        let mut cohort_ids = BTreeSet::new();
        for c in &self.cohorts {
            if !cohort_ids.insert(c.id.as_str()) {
                return Err(RosterError::Invalid(format!(
                    "duplicate cohort id {}",
                    c.id
                )));
            }
            let modules: BTreeSet<&str> = c
                .phases
                .iter()
                .flat_map(|p| p.modules.iter().map(|m| m.id.as_str()))
                .collect();
            for e in &c.enrolled {
                known(e, "a cohort enrolment")?;
            }
            for a in &c.attendance {
                known(&a.person, "an attendance record")?;
                if !modules.contains(a.module.as_str()) {
                    return Err(RosterError::Invalid(format!(
                        "cohort {} has no module {}",
                        c.id, a.module
                    )));
                }
            }
        }
        Ok(warnings)
    }
}

/// Records of many people grouped by person index without a vector per
/// person: `of(i)` lists the positions (in the record slice) of person `i`'s records.
#[derive(Debug, Clone, Default)]
pub struct Grouped {
    start: Vec<usize>,
    order: Vec<usize>,
}

impl Grouped {
    /// Groups `records` of `people` people; `owner` gives a record's person index
    /// (records of unknown people are skipped).
    pub fn new<T>(people: usize, records: &[T], owner: impl Fn(&T) -> Option<usize>) -> Self {
        let owners: Vec<Option<usize>> = records.iter().map(owner).collect();
        let mut start = vec![0usize; people + 1];
        for &i in owners.iter().flatten() {
            start[i + 1] += 1;
        }
        for i in 0..people {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut order = vec![0usize; start[people]];
        for (k, o) in owners.iter().enumerate() {
            if let Some(i) = *o {
                order[fill[i]] = k;
                fill[i] += 1;
            }
        }
        Self { start, order }
    }

    /// Positions of person `i`'s records, in record order.
    #[must_use]
    pub fn of(&self, i: usize) -> &[usize] {
        match (self.start.get(i), self.start.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.order[a..b],
            _ => &[],
        }
    }
}

impl Roster {
    /// Person index by id.
    #[must_use]
    pub fn id_index(&self) -> std::collections::HashMap<&str, usize> {
        self.people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect()
    }
}

/// Parses and validates a roster from RON text; returns it with its warnings.
pub fn from_ron_str(text: &str) -> Result<(Roster, Vec<String>), RosterError> {
    let roster: Roster =
        ron::Options::default()
            .from_str(text)
            .map_err(|e| RosterError::Parse {
                line: e.span.start.line,
                column: e.span.start.col,
                message: e.code.to_string(),
            })?;
    let warnings = roster.validate()?;
    Ok((roster, warnings))
}

/// Reads a roster file.
pub fn load(path: &Path) -> Result<(Roster, Vec<String>), RosterError> {
    from_ron_str(&std::fs::read_to_string(path)?)
}

/// Serialises a roster to pretty RON.
pub fn to_ron_string(roster: &Roster) -> Result<String, RosterError> {
    let cfg = ron::ser::PrettyConfig::new()
        .depth_limit(3)
        .indentor("    ".to_string())
        .struct_names(false);
    ron::ser::to_string_pretty(roster, cfg).map_err(|e| RosterError::Serialise(e.to_string()))
}

/// Writes a roster: to a temporary file first, the old file kept as `.bak`, then renamed.
pub fn save(roster: &Roster, path: &Path) -> Result<(), RosterError> {
    let text = to_ron_string(roster)?;
    let tmp = path.with_extension("ron.tmp");
    std::fs::write(&tmp, text)?;
    if path.exists() {
        std::fs::copy(path, path.with_extension("ron.bak"))?;
    }
    std::fs::rename(&tmp, path)?;
    Ok(())
}
