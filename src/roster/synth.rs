//! A synthetic roster of any size, deterministic from a seed: used to measure
//! speed with 100,000 people and to try the views without real data. The
//! shares are rough (see the domain facts' default county), not estimates.

use super::date::Date;
use super::doc::{
    Cohort, ContinuingEducation, Education, Employment, ExamAttempt, Gender, Level, Major, Module,
    Person, Phase, Registration, Roster, TownshipRef, TrackId,
};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A roster of `people` people over `townships`, with cohorts of 30, yearly
/// exam attempts, registrations, continuing education and some exits.
#[must_use]
pub fn synthetic_roster(people: usize, townships: &[TownshipRef], seed: u64) -> Roster {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let towns: Vec<TownshipRef> = if townships.is_empty() {
        vec![TownshipRef {
            id: "town".into(),
            name: "town".into(),
        }]
    } else {
        townships.to_vec()
    };
    let mut r = Roster::new("synthetic", towns.clone());
    let day = |y: i32, m: u32, d: u32| Date {
        year: y,
        month: m,
        day: d,
    };
    for i in 0..people {
        let track = if rng.random_bool(0.4) {
            TrackId::professional()
        } else {
            TrackId::local()
        };
        let hire_year = rng.random_range(2015..=2026);
        let hire = day(hire_year, rng.random_range(1..=12), 1);
        let education = match rng.random_range(0..10) {
            0..=2 => Education::HighSchool,
            3..=5 => Education::JuniorCollege,
            6..=8 => Education::Bachelor,
            _ => Education::Master,
        };
        let employment = if rng.random_bool(0.25) {
            let months = rng.random_range(1..60);
            let exit = hire.add_months(months);
            if exit < day(2026, 11, 1) {
                Employment::Exited {
                    date: exit,
                    reason: "synthetic".into(),
                }
            } else {
                Employment::Active
            }
        } else {
            Employment::Active
        };
        let id = format!("S{i:06}");
        let t = &towns[i % towns.len()];
        for year in hire_year.max(2016)..=2026 {
            if !rng.random_bool(0.5) {
                continue;
            }
            let level = if rng.random_bool(0.3) {
                Level::Intermediate
            } else {
                Level::Assistant
            };
            let mut all = true;
            for &subject in level.subjects() {
                let score = f64::from(rng.random_range(30..=90));
                all &= score >= 60.0;
                r.attempts.push(ExamAttempt {
                    person: id.clone(),
                    year,
                    level,
                    subject,
                    score,
                });
            }
            if all {
                if rng.random_bool(0.7) {
                    r.registrations.push(Registration {
                        person: id.clone(),
                        date: day(year + 1, rng.random_range(1..=6), 1),
                        level,
                    });
                    r.continuing_education.push(ContinuingEducation {
                        person: id.clone(),
                        date: day(year + 1, 9, 1),
                        hours: f64::from(rng.random_range(8..=60)),
                        topic: "synthetic".into(),
                    });
                }
                break;
            }
        }
        r.people.push(Person {
            id,
            name: format!("人员{i}"),
            gender: Some(if rng.random_bool(0.6) {
                Gender::Female
            } else {
                Gender::Male
            }),
            birth_year: Some(rng.random_range(1965..=2003)),
            township: t.id.clone(),
            village: String::new(),
            track,
            education,
            major: if rng.random_bool(0.4) {
                Major::SocialWork
            } else {
                Major::Other
            },
            sw_start_date: Some(hire),
            hire_date: Some(hire),
            station: t.name.clone(),
            employment,
        });
    }
    // Cohorts of 30 local people, one module of 40 hours, most attend fully.
    let locals: Vec<(String, Date)> = r
        .people
        .iter()
        .filter(|p| p.track.id() == TrackId::LOCAL)
        .filter_map(|p| p.hire_date.map(|h| (p.id.clone(), h)))
        .collect();
    for (k, chunk) in locals.chunks(30).enumerate() {
        let start = chunk
            .iter()
            .map(|(_, h)| *h)
            .min()
            .unwrap_or(day(2020, 1, 1));
        let attendance = chunk
            .iter()
            .map(|(id, _)| super::doc::Attendance {
                person: id.clone(),
                module: "core".into(),
                hours: if rng.random_bool(0.85) {
                    40.0
                } else {
                    f64::from(rng.random_range(0..40))
                },
            })
            .collect();
        r.cohorts.push(Cohort {
            id: format!("K{k:05}"),
            name: format!("培训班{k}"),
            start_date: start,
            target_level: Level::Assistant,
            phases: vec![Phase {
                name: "岗前培训".into(),
                modules: vec![Module {
                    id: "core".into(),
                    name: "核心课程".into(),
                    planned_hours: 40.0,
                }],
            }],
            enrolled: chunk.iter().map(|(id, _)| id.clone()).collect(),
            attendance,
        });
    }
    r
}

/// What [`roster_from_scenario`] simulates.
#[derive(Debug, Clone, PartialEq)]
pub struct SimulationSpec {
    /// People hired.
    pub people: usize,
    /// First and last month of hire (hires are spread evenly between them,
    /// on the first of a month).
    pub first_hire: Date,
    /// Last month of hire.
    pub last_hire: Date,
    /// The day the roster is taken: exits after it are not recorded.
    pub as_of: Date,
    /// Share of people who certify as assistants at the first sitting after
    /// a year in post.
    pub assistant_share: f64,
}

/// A roster drawn person by person from a scenario's exit hazards, as its
/// compiled model applies them (MODEL.md §2, step 1): each month in post a
/// person of track `k` at grade `g` in township `w` leaves with probability
/// `min(1, h0·m)` and, failing that, with the contract-renewal share `r` of
/// that service month. Tracks, townships and the grade of a certificate
/// (assistant after the first sitting a year into the post, for a share of
/// people; in force from the results month of `cfg`) are drawn too. The
/// scenario needs working stages of grade uncertified and assistant; `None`
/// if it does not compile or lacks them. For checking that rates estimated
/// from a roster give back the scenario's.
#[must_use]
pub fn roster_from_scenario(
    sc: &crate::model::Scenario,
    spec: &SimulationSpec,
    cfg: &super::rules::RuleConfig,
    seed: u64,
) -> Option<Roster> {
    use crate::model::Model;
    use crate::model::scenario::Grade;
    let model = Model::compile(sc).ok()?;
    let uncertified = super::plan::stage_of_grade(sc, Grade::Uncertified)?;
    let assistant = super::plan::stage_of_grade(sc, Grade::Assistant)?;
    let towns: Vec<TownshipRef> = Roster::townships_of(sc);
    let remote: std::collections::HashMap<&str, f64> =
        model.remoteness_exit_multipliers().collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut r = Roster::new("simulated", towns.clone());
    let first = Date {
        day: 1,
        ..spec.first_hire
    };
    let span = first.months_until(spec.last_hire) + 1;
    for i in 0..spec.people {
        let track = if rng.random_bool(0.5) {
            TrackId::professional()
        } else {
            TrackId::local()
        };
        let t = &towns[rng.random_range(0..towns.len())];
        let hire = first.add_months(rng.random_range(0..span) as i32);
        let id = format!("R{i:06}");
        // Certified at the first sitting at least a year after hire.
        let sitting = {
            let year_on = hire.add_months(12);
            if year_on.month <= cfg.sitting_month {
                year_on.year
            } else {
                year_on.year + 1
            }
        };
        let certifies = rng.random_bool(spec.assistant_share);
        if certifies {
            for &subject in Level::Assistant.subjects() {
                r.attempts.push(ExamAttempt {
                    person: id.clone(),
                    year: sitting,
                    level: Level::Assistant,
                    subject,
                    score: 80.0,
                });
            }
        }
        let certified_from = certifies.then(|| cfg.certificate_date(sitting));
        let months = hire.months_until(spec.as_of);
        let mut employment = Employment::Active;
        for k in 0..months {
            let day = hire.add_months(k as i32);
            let stage = if certified_from.is_some_and(|c| c <= day) {
                assistant
            } else {
                uncertified
            };
            let mult = model.lever_exit_multiplier(stage, track.id())?
                * remote.get(t.id.as_str()).copied().unwrap_or(1.0);
            let [h0, renewal] = model.exit_hazard_parts(stage, track.id(), k)?;
            let leaves = rng.random_bool((h0 * mult).clamp(0.0, 1.0))
                || rng.random_bool(renewal.clamp(0.0, 1.0));
            if leaves {
                employment = Employment::Exited {
                    date: Date { day: 15, ..day },
                    reason: "simulated".into(),
                };
                break;
            }
        }
        r.people.push(Person {
            id,
            name: format!("模拟{i}"),
            gender: None,
            birth_year: None,
            township: t.id.clone(),
            village: String::new(),
            track,
            education: Education::JuniorCollege,
            major: Major::Other,
            sw_start_date: Some(hire),
            hire_date: Some(hire),
            station: t.name.clone(),
            employment,
        });
    }
    Some(r)
}
