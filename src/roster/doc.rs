//! The roster document: the people a county actually employs or trains, its
//! training cohorts, exam results, registrations and continuing education.
//! Stored as RON (`format_version: 1`) next to the scenarios.

use super::date::Date;
use super::text::Language;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;
use thiserror::Error;

/// Education, major and level are the exam rules' own terms (defined with
/// the rule table in the model).
pub use crate::model::eligibility::{Education, Level, Major};

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
    /// Overdue items of the year's list the trainer dismissed, sorted
    /// (absent in files written before there were any).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dismissed: Vec<super::year::Dismissal>,
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

/// A staff track: the id of one of the scenario's tracks (`professional`,
/// `local`, or any other a scenario names, such as in-service staff of
/// another system). Written to a roster file as the id string; the two
/// names of the earlier fixed tracks (`Professional`, `Local`) still read
/// as `professional` and `local`, so older files load unchanged.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct TrackId(String);

impl TrackId {
    /// Id of the scenario's professional track (专业人才).
    pub const PROFESSIONAL: &'static str = "professional";
    /// Id of the scenario's local track (本土人才).
    pub const LOCAL: &'static str = "local";

    /// The track with scenario id `id`.
    #[must_use]
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The professional track.
    #[must_use]
    pub fn professional() -> Self {
        Self::new(Self::PROFESSIONAL)
    }

    /// The local track.
    #[must_use]
    pub fn local() -> Self {
        Self::new(Self::LOCAL)
    }

    /// The scenario track id.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.0
    }
}

impl From<&str> for TrackId {
    fn from(id: &str) -> Self {
        Self::new(id)
    }
}

impl std::fmt::Display for TrackId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for TrackId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// The two tracks of files written before tracks came from the scenario.
        #[derive(Deserialize)]
        enum Fixed {
            Professional,
            Local,
        }
        /// A fixed track's name (`track: Local`) or an id (`track: "local"`).
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Fixed(Fixed),
            Id(String),
        }
        match Written::deserialize(d) {
            Ok(Written::Fixed(Fixed::Professional)) => Ok(Self::professional()),
            Ok(Written::Fixed(Fixed::Local)) => Ok(Self::local()),
            Ok(Written::Id(id)) => Ok(Self(id)),
            Err(_) => Err(serde::de::Error::custom(
                "expected a track id such as \"local\"",
            )),
        }
    }
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
    /// Track: the id of one of the scenario's tracks.
    pub track: TrackId,
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

/// What the roster adds to a level: its name in a [`Language`] and its subjects.
impl Level {
    /// The level's name in `lang` (the id in English).
    #[must_use]
    pub fn name(self, lang: Language) -> &'static str {
        lang.pick(self.id(), self.name_zh())
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

    /// The subject's Chinese name.
    #[must_use]
    pub fn name_zh(self) -> &'static str {
        match self {
            Subject::Comprehensive => "综合能力",
            Subject::Practice => "实务",
            Subject::LawPolicy => "法规与政策",
            Subject::Review => "评审",
        }
    }

    /// The subject's name in `lang` (the id in English).
    #[must_use]
    pub fn name(self, lang: Language) -> &'static str {
        lang.pick(self.id(), self.name_zh())
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
        /// What is wrong (from the RON reader, in English).
        message: String,
    },
    /// The roster was read but is inconsistent.
    #[error("invalid roster: {0}")]
    Invalid(Inconsistency),
    /// The roster could not be turned into text.
    #[error("cannot serialise the roster: {0}")]
    Serialise(String),
}

impl RosterError {
    /// The error in `lang` (details from the system or the RON reader stay as they come).
    #[must_use]
    pub fn message(&self, lang: Language) -> String {
        match (self, lang) {
            (_, Language::En) => self.to_string(),
            (RosterError::Io(e), Language::Zh) => format!("无法访问文件：{e}"),
            (
                RosterError::Parse {
                    line,
                    column,
                    message,
                },
                Language::Zh,
            ) => format!("第{line}行第{column}列：{message}"),
            (RosterError::Invalid(i), Language::Zh) => format!("名册无效：{}", i.message(lang)),
            (RosterError::Serialise(e), Language::Zh) => format!("无法写出名册：{e}"),
        }
    }
}

/// Longest text field of a person, characters (as an imported cell).
pub const MAX_TEXT_CHARS: usize = 200;

/// What makes a roster inconsistent (a file that cannot be used).
#[derive(Debug, Clone, PartialEq)]
pub enum Inconsistency {
    /// A person's text field is too long or holds control characters.
    Text {
        /// Person id (cut and escaped for messages).
        person: String,
        /// Field name.
        field: &'static str,
        /// What is wrong.
        fault: crate::exchange::text::TextFault,
    },
    /// The file's `format_version` is not the one this program reads.
    FormatVersion {
        /// Version in the file.
        found: u32,
    },
    /// Two people share an id.
    DuplicatePerson(String),
    /// A person's track id is empty.
    EmptyTrack(String),
    /// A person's township is not in the roster's township list.
    UnknownTownship {
        /// Person id.
        person: String,
        /// Township id.
        township: String,
    },
    /// A record refers to a person who is not in the roster.
    UnknownPerson {
        /// The kind of record.
        record: RecordKind,
        /// The id it refers to.
        person: String,
    },
    /// An exam year outside the years the rules track.
    ExamYear {
        /// Person id.
        person: String,
        /// The year.
        year: i32,
    },
    /// A score outside 0–100.
    Score {
        /// Person id.
        person: String,
        /// The score.
        score: f64,
    },
    /// A subject the level does not have.
    NoSubject {
        /// Level.
        level: Level,
        /// Subject.
        subject: Subject,
    },
    /// Two cohorts share an id.
    DuplicateCohort(String),
    /// Attendance for a module the cohort does not have.
    NoModule {
        /// Cohort id.
        cohort: String,
        /// Module id.
        module: String,
    },
}

/// A kind of record that refers to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    /// An exam attempt.
    Attempt,
    /// A registration.
    Registration,
    /// A continuing-education record.
    ContinuingEducation,
    /// A cohort enrolment.
    Enrolment,
    /// An attendance record.
    Attendance,
}

impl Inconsistency {
    /// The inconsistency in `lang`.
    #[must_use]
    pub fn message(&self, lang: Language) -> String {
        use Inconsistency as I;
        match lang {
            Language::En => match self {
                I::FormatVersion { found } => format!(
                    "format_version {found} is not supported (expected {ROSTER_FORMAT_VERSION})"
                ),
                I::DuplicatePerson(id) => format!("duplicate person id {id}"),
                I::EmptyTrack(id) => format!("person {id} has an empty track"),
                I::UnknownTownship { person, township } => {
                    format!("person {person} has unknown township {township}")
                }
                I::UnknownPerson { record, person } => {
                    let what = match record {
                        RecordKind::Attempt => "an exam attempt",
                        RecordKind::Registration => "a registration",
                        RecordKind::ContinuingEducation => "a continuing-education record",
                        RecordKind::Enrolment => "a cohort enrolment",
                        RecordKind::Attendance => "an attendance record",
                    };
                    format!("{what} refers to unknown person {person}")
                }
                I::ExamYear { person, year } => {
                    format!("exam year {year} of {person} is out of range")
                }
                I::Score { person, score } => {
                    format!("score {score} of {person} is outside 0–100")
                }
                I::NoSubject { level, subject } => {
                    format!("{} has no subject {}", level.id(), subject.id())
                }
                I::DuplicateCohort(id) => format!("duplicate cohort id {id}"),
                I::NoModule { cohort, module } => format!("cohort {cohort} has no module {module}"),
                I::Text {
                    person,
                    field,
                    fault,
                } => format!("person {person}, {field}: {}", fault.message_en()),
            },
            Language::Zh => match self {
                I::FormatVersion { found } => {
                    format!("不支持的格式版本 {found}（应为 {ROSTER_FORMAT_VERSION}）")
                }
                I::DuplicatePerson(id) => format!("人员编号{id}重复"),
                I::EmptyTrack(id) => format!("人员{id}的人才类别为空"),
                I::UnknownTownship { person, township } => {
                    format!("人员{person}的乡镇{township}不存在")
                }
                I::UnknownPerson { record, person } => {
                    let what = match record {
                        RecordKind::Attempt => "考试成绩",
                        RecordKind::Registration => "登记记录",
                        RecordKind::ContinuingEducation => "继续教育记录",
                        RecordKind::Enrolment => "班次报名",
                        RecordKind::Attendance => "出勤记录",
                    };
                    format!("{what}引用了不存在的人员{person}")
                }
                I::ExamYear { person, year } => format!("{person}的考试年份{year}超出范围"),
                I::Score { person, score } => format!("{person}的成绩{score}不在0到100之间"),
                I::NoSubject { level, subject } => {
                    format!("{}没有{}科目", level.name_zh(), subject.name_zh())
                }
                I::DuplicateCohort(id) => format!("班次编号{id}重复"),
                I::NoModule { cohort, module } => format!("班次{cohort}没有课程模块{module}"),
                I::Text {
                    person,
                    field,
                    fault,
                } => format!("人员{person}的{field}{}", fault.message_zh()),
            },
        }
    }
}

impl std::fmt::Display for Inconsistency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Language::En))
    }
}

/// Something odd but usable in a roster file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterWarning {
    /// The person's exit date is before the hire date.
    LeftBeforeHired(String),
}

impl RosterWarning {
    /// The warning in `lang`.
    #[must_use]
    pub fn message(&self, lang: Language) -> String {
        match (self, lang) {
            (RosterWarning::LeftBeforeHired(id), Language::En) => {
                format!("person {id} left before being hired")
            }
            (RosterWarning::LeftBeforeHired(id), Language::Zh) => {
                format!("人员{id}的离职日期早于入职日期")
            }
        }
    }
}

impl std::fmt::Display for RosterWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Language::En))
    }
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
    pub fn validate(&self) -> Result<Vec<RosterWarning>, RosterError> {
        use Inconsistency as I;
        let invalid = |i: Inconsistency| Err(RosterError::Invalid(i));
        if self.format_version != ROSTER_FORMAT_VERSION {
            return invalid(I::FormatVersion {
                found: self.format_version,
            });
        }
        let mut ids = BTreeSet::new();
        for p in &self.people {
            // The same limits as an imported table's cells.
            for (field, value) in [
                ("id", &p.id),
                ("name", &p.name),
                ("township", &p.township),
                ("village", &p.village),
                ("station", &p.station),
                ("track", &p.track.0),
            ] {
                if let Some(fault) =
                    crate::exchange::text::check_field(value, MAX_TEXT_CHARS, false)
                {
                    return invalid(I::Text {
                        person: crate::exchange::text::quote(&p.id),
                        field,
                        fault,
                    });
                }
            }
            if !ids.insert(p.id.as_str()) {
                return invalid(I::DuplicatePerson(p.id.clone()));
            }
            if p.track.0.is_empty() {
                return invalid(I::EmptyTrack(crate::exchange::text::quote(&p.id)));
            }
        }
        let towns: BTreeSet<&str> = self.townships.iter().map(|t| t.id.as_str()).collect();
        let mut warnings = Vec::new();
        for p in &self.people {
            if !towns.is_empty() && !towns.contains(p.township.as_str()) {
                return invalid(I::UnknownTownship {
                    person: p.id.clone(),
                    township: p.township.clone(),
                });
            }
            if let (Some(h), Some(e)) = (p.hire_date, p.exit_date())
                && e < h
            {
                warnings.push(RosterWarning::LeftBeforeHired(p.id.clone()));
            }
        }
        let known = |id: &str, record: RecordKind| {
            if ids.contains(id) {
                Ok(())
            } else {
                Err(RosterError::Invalid(I::UnknownPerson {
                    record,
                    person: id.to_string(),
                }))
            }
        };
        for a in &self.attempts {
            known(&a.person, RecordKind::Attempt)?;
            if !(super::rules::FIRST_TRACKED_YEAR..=super::rules::LAST_TRACKED_YEAR)
                .contains(&a.year)
            {
                return invalid(I::ExamYear {
                    person: a.person.clone(),
                    year: a.year,
                });
            }
            if !(0.0..=100.0).contains(&a.score) {
                return invalid(I::Score {
                    person: a.person.clone(),
                    score: a.score,
                });
            }
            if !a.level.subjects().contains(&a.subject) {
                return invalid(I::NoSubject {
                    level: a.level,
                    subject: a.subject,
                });
            }
        }
        for r in &self.registrations {
            known(&r.person, RecordKind::Registration)?;
        }
        for c in &self.continuing_education {
            known(&c.person, RecordKind::ContinuingEducation)?;
        }
        let mut cohort_ids = BTreeSet::new();
        for c in &self.cohorts {
            if !cohort_ids.insert(c.id.as_str()) {
                return invalid(I::DuplicateCohort(c.id.clone()));
            }
            let modules: BTreeSet<&str> = c
                .phases
                .iter()
                .flat_map(|p| p.modules.iter().map(|m| m.id.as_str()))
                .collect();
            for e in &c.enrolled {
                known(e, RecordKind::Enrolment)?;
            }
            for a in &c.attendance {
                known(&a.person, RecordKind::Attendance)?;
                if !modules.contains(a.module.as_str()) {
                    return invalid(I::NoModule {
                        cohort: c.id.clone(),
                        module: a.module.clone(),
                    });
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
pub fn from_ron_str(text: &str) -> Result<(Roster, Vec<RosterWarning>), RosterError> {
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
pub fn load(path: &Path) -> Result<(Roster, Vec<RosterWarning>), RosterError> {
    from_ron_str(&std::fs::read_to_string(path)?)
}

/// Serialises a roster to pretty RON.
pub fn to_ron_string(roster: &Roster) -> Result<String, RosterError> {
    let cfg = ron::ser::PrettyConfig::new()
        // The same bytes on every system (ron would end lines with "\r\n" on Windows).
        .new_line("\n")
        .depth_limit(3)
        .indentor("    ".to_string())
        .struct_names(false);
    ron::ser::to_string_pretty(roster, cfg).map_err(|e| RosterError::Serialise(e.to_string()))
}

/// Writes a roster through the safe write (whole or not at all); the
/// previous file is kept, whole, as `NAME.bak`.
pub fn save(roster: &Roster, path: &Path) -> Result<(), RosterError> {
    let text = to_ron_string(roster)?;
    crate::exchange::safe_write::copy_whole(path, &path.with_extension("ron.bak"))?;
    crate::exchange::safe_write::write_bytes(path, text.as_bytes())?;
    Ok(())
}
