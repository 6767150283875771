//! The roster: the real people behind the plan. A RON document of people,
//! training cohorts, exam attempts, registrations and continuing education;
//! the official certification rules applied to it; import and export with
//! Excel/WPS; the data behind the trainer's views (roster table, person
//! timeline, cohort funnel, reminders, the year's list); and the bridge to the scenario
//! (initial stocks, estimated rates, actual against projected).
//!
//! Nothing here depends on the GUI.

pub mod date;
pub mod doc;
pub mod exam_plan;
pub mod plan;
pub mod rules;
pub mod synth;
pub mod table;
pub mod text;
pub mod views;
pub mod year;

pub use date::Date;
pub use doc::{
    Attendance, Cohort, ContinuingEducation, Education, Employment, ExamAttempt, Gender, Level,
    Major, Module, Person, Phase, Registration, Roster, RosterError, Subject, TownshipRef, TrackId,
};
pub use rules::{CertStatus, RuleConfig};
pub use text::Language;
