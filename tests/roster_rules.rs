//! The certification rule table: edge cases first (a score of exactly 60,
//! subjects split over two and three years, retakes, an assistant who later
//! sits intermediate), then senior, special pass lines, eligibility,
//! registration and the local certify-within rule.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use talent_planner::roster::rules::{
    self, DeadlineState, RegistrationState, RuleConfig, certify_deadline, eligibility,
    registration_state, status_of,
};
use talent_planner::roster::{
    ContinuingEducation, Date, Education, Employment, ExamAttempt, Level, Major, Person,
    Registration, Subject, TrackId,
};

use Level::{Assistant as A, Intermediate as I, Senior as S};
use Subject::{Comprehensive as C, LawPolicy as L, Practice as P, Review as R};

struct Case {
    name: &'static str,
    pass_line: f64,
    attempts: &'static [(i32, Level, Subject, f64)],
    /// Highest level and its year.
    expect: Option<(Level, i32)>,
    /// Sitting year for carried subjects, and the expected (level, subject, passed, through).
    as_of: i32,
    carried: &'static [(Level, Subject, i32, i32)],
}

const CASES: &[Case] = &[
    Case {
        name: "assistant: both exactly 60 in one sitting",
        pass_line: 60.0,
        attempts: &[(2024, A, C, 60.0), (2024, A, P, 60.0)],
        expect: Some((A, 2024)),
        as_of: 2024,
        carried: &[],
    },
    Case {
        name: "assistant: 59.99 is a fail",
        pass_line: 60.0,
        attempts: &[(2024, A, C, 59.99), (2024, A, P, 60.0)],
        expect: None,
        as_of: 2024,
        carried: &[(A, P, 2024, 2024)],
    },
    Case {
        name: "assistant: split over two years does not certify",
        pass_line: 60.0,
        attempts: &[
            (2020, A, C, 70.0),
            (2020, A, P, 50.0),
            (2021, A, C, 40.0),
            (2021, A, P, 75.0),
        ],
        expect: None,
        as_of: 2021,
        carried: &[(A, P, 2021, 2021)],
    },
    Case {
        name: "assistant: a pass in the earlier year is gone the next year",
        pass_line: 60.0,
        attempts: &[(2020, A, C, 70.0), (2020, A, P, 50.0)],
        expect: None,
        as_of: 2021,
        carried: &[],
    },
    Case {
        name: "assistant: retake both and pass",
        pass_line: 60.0,
        attempts: &[
            (2020, A, C, 55.0),
            (2020, A, P, 58.0),
            (2021, A, C, 61.0),
            (2021, A, P, 62.0),
        ],
        expect: Some((A, 2021)),
        as_of: 2021,
        carried: &[],
    },
    Case {
        name: "assistant: first certificate year kept when passed again",
        pass_line: 60.0,
        attempts: &[
            (2019, A, C, 61.0),
            (2019, A, P, 62.0),
            (2021, A, C, 80.0),
            (2021, A, P, 80.0),
        ],
        expect: Some((A, 2019)),
        as_of: 2021,
        carried: &[],
    },
    Case {
        name: "intermediate: all three exactly 60 in one sitting",
        pass_line: 60.0,
        attempts: &[(2023, I, C, 60.0), (2023, I, P, 60.0), (2023, I, L, 60.0)],
        expect: Some((I, 2023)),
        as_of: 2023,
        carried: &[],
    },
    Case {
        name: "intermediate: split over two consecutive years",
        pass_line: 60.0,
        attempts: &[
            (2020, I, C, 65.0),
            (2020, I, P, 61.0),
            (2020, I, L, 45.0),
            (2021, I, L, 66.0),
        ],
        expect: Some((I, 2021)),
        as_of: 2021,
        carried: &[],
    },
    Case {
        name: "intermediate: one subject a year over three years fails",
        pass_line: 60.0,
        attempts: &[(2020, I, C, 65.0), (2021, I, P, 61.0), (2022, I, L, 70.0)],
        expect: None,
        as_of: 2022,
        carried: &[(I, P, 2021, 2022), (I, L, 2022, 2023)],
    },
    Case {
        name: "intermediate: three years rescued by retaking the expired subject",
        pass_line: 60.0,
        attempts: &[
            (2020, I, C, 65.0),
            (2021, I, P, 61.0),
            (2022, I, L, 70.0),
            (2022, I, C, 62.0),
        ],
        expect: Some((I, 2022)),
        as_of: 2022,
        carried: &[],
    },
    Case {
        name: "intermediate: a gap year breaks the window",
        pass_line: 60.0,
        attempts: &[(2020, I, C, 65.0), (2022, I, P, 61.0), (2022, I, L, 70.0)],
        expect: None,
        as_of: 2022,
        carried: &[(I, P, 2022, 2023), (I, L, 2022, 2023)],
    },
    Case {
        name: "intermediate: retaking a still-valid subject extends it",
        pass_line: 60.0,
        attempts: &[
            (2020, I, C, 65.0),
            (2021, I, C, 68.0),
            (2022, I, P, 61.0),
            (2022, I, L, 70.0),
        ],
        expect: Some((I, 2022)),
        as_of: 2022,
        carried: &[],
    },
    Case {
        name: "intermediate: the last year of a pass still counts",
        pass_line: 60.0,
        attempts: &[(2024, I, C, 60.0), (2025, I, P, 60.0), (2025, I, L, 59.0)],
        expect: None,
        as_of: 2025,
        carried: &[(I, C, 2024, 2025), (I, P, 2025, 2026)],
    },
    Case {
        name: "intermediate: failed retakes do not erase a pass",
        pass_line: 60.0,
        attempts: &[
            (2024, I, C, 70.0),
            (2024, I, P, 50.0),
            (2024, I, L, 50.0),
            (2025, I, P, 65.0),
            (2025, I, L, 64.0),
            (2025, I, C, 30.0),
        ],
        expect: Some((I, 2025)),
        as_of: 2025,
        carried: &[],
    },
    Case {
        name: "intermediate: assistant subjects do not count",
        pass_line: 60.0,
        attempts: &[(2023, A, C, 70.0), (2023, I, P, 70.0), (2023, I, L, 70.0)],
        expect: None,
        as_of: 2023,
        carried: &[(A, C, 2023, 2023), (I, P, 2023, 2024), (I, L, 2023, 2024)],
    },
    Case {
        name: "an assistant who later sits intermediate and certifies",
        pass_line: 60.0,
        attempts: &[
            (2019, A, C, 66.0),
            (2019, A, P, 64.0),
            (2023, I, C, 61.0),
            (2024, I, P, 62.0),
            (2024, I, L, 63.0),
        ],
        expect: Some((I, 2024)),
        as_of: 2024,
        carried: &[],
    },
    Case {
        name: "an assistant who later sits intermediate, one subject so far",
        pass_line: 60.0,
        attempts: &[
            (2019, A, C, 66.0),
            (2019, A, P, 64.0),
            (2025, I, L, 72.0),
            (2025, I, C, 41.0),
        ],
        expect: Some((A, 2019)),
        as_of: 2025,
        carried: &[(I, L, 2025, 2026)],
    },
    Case {
        name: "lower-level passes are not carried once a higher level is held",
        pass_line: 60.0,
        attempts: &[
            (2023, I, C, 61.0),
            (2023, I, P, 62.0),
            (2023, I, L, 63.0),
            (2024, A, C, 90.0),
        ],
        expect: Some((I, 2023)),
        as_of: 2024,
        carried: &[],
    },
    Case {
        name: "senior: exam then review within three years",
        pass_line: 60.0,
        attempts: &[(2022, S, P, 64.0), (2024, S, R, 60.0)],
        expect: Some((S, 2024)),
        as_of: 2024,
        carried: &[],
    },
    Case {
        name: "senior: review in the fourth year is too late",
        pass_line: 60.0,
        attempts: &[(2020, S, P, 64.0), (2023, S, R, 80.0)],
        expect: None,
        as_of: 2023,
        carried: &[],
    },
    Case {
        name: "senior: exam pass alone is carried three years",
        pass_line: 60.0,
        attempts: &[(2024, S, P, 71.0)],
        expect: None,
        as_of: 2026,
        carried: &[(S, P, 2024, 2026)],
    },
    Case {
        name: "senior: a review before the exam does not count",
        pass_line: 60.0,
        attempts: &[(2021, S, R, 80.0), (2022, S, P, 64.0)],
        expect: None,
        as_of: 2022,
        carried: &[(S, P, 2022, 2024)],
    },
    Case {
        name: "special-area line 55 passes a 57",
        pass_line: 55.0,
        attempts: &[(2024, A, C, 57.0), (2024, A, P, 55.0)],
        expect: Some((A, 2024)),
        as_of: 2024,
        carried: &[],
    },
    Case {
        name: "special-area line 55 still fails a 54.5",
        pass_line: 55.0,
        attempts: &[(2024, A, C, 54.5), (2024, A, P, 90.0)],
        expect: None,
        as_of: 2024,
        carried: &[(A, P, 2024, 2024)],
    },
    Case {
        name: "scores 0 and 100",
        pass_line: 60.0,
        attempts: &[(2024, A, C, 100.0), (2024, A, P, 0.0)],
        expect: None,
        as_of: 2024,
        carried: &[(A, C, 2024, 2024)],
    },
    Case {
        name: "a subject a level does not have is ignored",
        pass_line: 60.0,
        attempts: &[(2024, A, C, 70.0), (2024, A, L, 70.0)],
        expect: None,
        as_of: 2024,
        carried: &[(A, C, 2024, 2024)],
    },
    Case {
        name: "no attempts",
        pass_line: 60.0,
        attempts: &[],
        expect: None,
        as_of: 2024,
        carried: &[],
    },
    Case {
        name: "attempt order does not matter",
        pass_line: 60.0,
        attempts: &[(2021, I, L, 66.0), (2020, I, P, 61.0), (2020, I, C, 65.0)],
        expect: Some((I, 2021)),
        as_of: 2021,
        carried: &[],
    },
];

#[test]
fn rule_table() {
    assert!(CASES.len() >= 25);
    for case in CASES {
        let attempts: Vec<ExamAttempt> = case
            .attempts
            .iter()
            .map(|&(year, level, subject, score)| ExamAttempt {
                person: "x".into(),
                year,
                level,
                subject,
                score,
            })
            .collect();
        let cfg = RuleConfig {
            pass_line: case.pass_line,
            ..RuleConfig::default()
        };
        let st = status_of(&attempts, &cfg);
        let got = st.highest().map(|c| (c.level, c.year));
        assert_eq!(got, case.expect, "{}", case.name);
        let mut carried: Vec<(Level, Subject, i32, i32)> = st
            .carried_at(case.as_of)
            .map(|c| (c.level, c.subject, c.passed_year, c.valid_through_year))
            .collect();
        carried.sort();
        let mut want = case.carried.to_vec();
        want.sort();
        assert_eq!(carried, want, "{}", case.name);
    }
}

#[test]
fn statuses_keep_people_apart() {
    let mk = |p: &str, year, level, subject, score| ExamAttempt {
        person: p.into(),
        year,
        level,
        subject,
        score,
    };
    let attempts = vec![
        mk("a", 2024, A, C, 70.0),
        mk("b", 2024, A, P, 70.0),
        mk("a", 2024, A, P, 70.0),
    ];
    let by = rules::statuses_by_person(&attempts, &RuleConfig::default());
    assert_eq!(by["a"].highest().map(|c| c.year), Some(2024));
    assert!(by["b"].highest().is_none());
}

fn person(education: Education, major: Major, sw_start: &str) -> Person {
    Person {
        id: "p".into(),
        name: "测试".into(),
        gender: None,
        birth_year: None,
        township: "t".into(),
        village: String::new(),
        track: TrackId::local(),
        education,
        major,
        sw_start_date: Some(sw_start.parse().unwrap()),
        hire_date: Some(sw_start.parse().unwrap()),
        station: String::new(),
        employment: Employment::Active,
    }
}

fn cert(level: Level, year: i32) -> rules::CertStatus {
    let subjects = level.subjects();
    let attempts: Vec<ExamAttempt> = subjects
        .iter()
        .map(|&subject| ExamAttempt {
            person: "p".into(),
            year,
            level,
            subject,
            score: 80.0,
        })
        .chain((level == S).then(|| ExamAttempt {
            person: "p".into(),
            year,
            level: S,
            subject: P,
            score: 80.0,
        }))
        .collect();
    status_of(&attempts, &RuleConfig::default())
}

/// One eligibility case: a person, their certificates, the level and sitting
/// year, and the expected verdict (`None` eligible, else the reason code).
struct EligibilityCase {
    name: &'static str,
    education: Education,
    major: Major,
    /// Start of social-work service (`None`: not recorded).
    sw_start: Option<&'static str>,
    /// Last day in post, if the person left.
    left: Option<&'static str>,
    /// Certificates: level and sitting year.
    certificates: &'static [(Level, i32)],
    level: Level,
    year: i32,
    /// Results month of the rules (default 8).
    results_month: u32,
    expect: Option<&'static str>,
}

const fn case(
    name: &'static str,
    (education, major): (Education, Major),
    sw_start: Option<&'static str>,
    certificates: &'static [(Level, i32)],
    (level, year): (Level, i32),
    expect: Option<&'static str>,
) -> EligibilityCase {
    EligibilityCase {
        name,
        education,
        major,
        sw_start,
        left: None,
        certificates,
        level,
        year,
        results_month: 8,
        expect,
    }
}

use Education::{
    Bachelor as Ba, BelowHighSchool as Bhs, Doctorate as Phd, HighSchool as Hs,
    JuniorCollege as Jc, Master as Ms,
};
use Major::{Other as O, SocialWork as Sw};

const SERVICE: Option<&str> = Some("service_years");
const SINCE_CERT: Option<&str> = Some("years_since_certificate");
const CERT_MISSING: Option<&str> = Some("certificate_missing");
const EDUCATION: Option<&str> = Some("education");
const HELD: Option<&str> = Some("already_certified");
const OK: Option<&str> = None;

/// Every path of the national rules at its boundary: years counted to 31
/// December of the sitting year, a month begun counting from the next one,
/// certificates in effect from the results month of their sitting.
const ELIGIBILITY_CASES: &[EligibilityCase] = &[
    case(
        "assistant, high school, exactly 4 years by 31 Dec",
        (Hs, O),
        Some("2022-01-01"),
        &[],
        (A, 2025),
        OK,
    ),
    case(
        "assistant, high school, one month short",
        (Hs, O),
        Some("2022-02-01"),
        &[],
        (A, 2025),
        SERVICE,
    ),
    case(
        "assistant, 中专 in social work counts as high school, started mid-month",
        (Hs, Sw),
        Some("2022-01-15"),
        &[],
        (A, 2025),
        SERVICE,
    ),
    case(
        "assistant, social-work 大专, 2 years",
        (Jc, Sw),
        Some("2024-01-01"),
        &[],
        (A, 2025),
        OK,
    ),
    case(
        "assistant, other 大专 needs 4, has 3",
        (Jc, O),
        Some("2023-01-01"),
        &[],
        (A, 2025),
        SERVICE,
    ),
    case(
        "assistant, social-work bachelor graduating this year",
        (Ba, Sw),
        Some("2025-07-01"),
        &[],
        (A, 2025),
        OK,
    ),
    case(
        "assistant, social-work bachelor, no service recorded",
        (Ba, Sw),
        None,
        &[],
        (A, 2025),
        OK,
    ),
    case(
        "assistant, other bachelor, 2 years",
        (Ba, O),
        Some("2024-01-01"),
        &[],
        (A, 2025),
        OK,
    ),
    case(
        "assistant, other master needs 2, has 1½",
        (Ms, O),
        Some("2024-07-01"),
        &[],
        (A, 2025),
        SERVICE,
    ),
    case(
        "assistant, other bachelor, no start recorded",
        (Ba, O),
        None,
        &[],
        (A, 2025),
        Some("service_start_missing"),
    ),
    case(
        "assistant, below high school",
        (Bhs, O),
        Some("2000-01-01"),
        &[],
        (A, 2025),
        EDUCATION,
    ),
    case(
        "intermediate, high school without the assistant certificate",
        (Hs, O),
        Some("2010-01-01"),
        &[],
        (I, 2025),
        CERT_MISSING,
    ),
    case(
        "intermediate, high school, 6 years 5 months after assistant 2019",
        (Hs, O),
        Some("2010-01-01"),
        &[(A, 2019)],
        (I, 2025),
        OK,
    ),
    case(
        "intermediate, high school, assistant 2020: 5 years 5 months",
        (Hs, O),
        Some("2010-01-01"),
        &[(A, 2020)],
        (I, 2025),
        SINCE_CERT,
    ),
    case(
        "intermediate, high school, 15 years in all do not replace the 6 after the certificate",
        (Hs, O),
        Some("2005-01-01"),
        &[(A, 2022)],
        (I, 2025),
        SINCE_CERT,
    ),
    case(
        "intermediate, assistant of this year's sitting is not yet in effect",
        (Hs, O),
        Some("2010-01-01"),
        &[(A, 2025)],
        (I, 2025),
        CERT_MISSING,
    ),
    case(
        "intermediate, social-work 大专, 4 years",
        (Jc, Sw),
        Some("2022-01-01"),
        &[],
        (I, 2025),
        OK,
    ),
    case(
        "intermediate, other 大专, 4 + 2 years",
        (Jc, O),
        Some("2020-01-01"),
        &[],
        (I, 2025),
        OK,
    ),
    case(
        "intermediate, other 大专, a month short of 6",
        (Jc, O),
        Some("2020-02-01"),
        &[],
        (I, 2025),
        SERVICE,
    ),
    case(
        "intermediate, social-work bachelor, 3 years",
        (Ba, Sw),
        Some("2023-01-01"),
        &[],
        (I, 2025),
        OK,
    ),
    case(
        "intermediate, other bachelor, 3 + 2 years",
        (Ba, O),
        Some("2021-01-01"),
        &[],
        (I, 2025),
        OK,
    ),
    case(
        "intermediate, other bachelor, 4 years 10 months",
        (Ba, O),
        Some("2021-03-01"),
        &[],
        (I, 2025),
        SERVICE,
    ),
    case(
        "intermediate, social-work master, 1 year",
        (Ms, Sw),
        Some("2025-01-01"),
        &[],
        (I, 2025),
        OK,
    ),
    case(
        "intermediate, other master needs 1 + 2",
        (Ms, O),
        Some("2024-01-01"),
        &[],
        (I, 2025),
        SERVICE,
    ),
    case(
        "intermediate, social-work doctorate, no service needed",
        (Phd, Sw),
        Some("2025-09-01"),
        &[],
        (I, 2025),
        OK,
    ),
    case(
        "intermediate, other doctorate, 0 + 2 years",
        (Phd, O),
        Some("2024-01-01"),
        &[],
        (I, 2025),
        OK,
    ),
    case(
        "senior, bachelor, intermediate 2020: 5 years 5 months",
        (Ba, O),
        Some("2012-01-01"),
        &[(A, 2014), (I, 2020)],
        (S, 2025),
        OK,
    ),
    case(
        "senior, bachelor, intermediate 2021: 4 years 5 months",
        (Ba, Sw),
        Some("2012-01-01"),
        &[(I, 2021)],
        (S, 2025),
        SINCE_CERT,
    ),
    case(
        "senior, 大专 with an old intermediate certificate",
        (Jc, Sw),
        Some("2000-01-01"),
        &[(I, 2010)],
        (S, 2025),
        EDUCATION,
    ),
    case(
        "senior, master without the intermediate certificate",
        (Ms, Sw),
        Some("2000-01-01"),
        &[(A, 2010)],
        (S, 2025),
        CERT_MISSING,
    ),
    case(
        "assistant, already held",
        (Ba, Sw),
        Some("2020-01-01"),
        &[(A, 2023)],
        (A, 2025),
        HELD,
    ),
    case(
        "assistant, a higher level held",
        (Ba, Sw),
        Some("2020-01-01"),
        &[(I, 2023)],
        (A, 2025),
        HELD,
    ),
];

fn person_of(c: &EligibilityCase) -> Person {
    let start = c.sw_start.map(|s| s.parse().unwrap());
    Person {
        id: "p".into(),
        name: "测试".into(),
        gender: None,
        birth_year: None,
        township: "t".into(),
        village: String::new(),
        track: TrackId::local(),
        education: c.education,
        major: c.major,
        sw_start_date: start,
        hire_date: start,
        station: String::new(),
        employment: c.left.map_or(Employment::Active, |d| Employment::Exited {
            date: d.parse().unwrap(),
            reason: String::new(),
        }),
    }
}

fn status_with(certificates: &[(Level, i32)]) -> rules::CertStatus {
    let attempts: Vec<ExamAttempt> = certificates
        .iter()
        .flat_map(|&(level, year)| {
            level.subjects().iter().map(move |&subject| ExamAttempt {
                person: "p".into(),
                year,
                level,
                subject,
                score: 80.0,
            })
        })
        .collect();
    status_of(&attempts, &RuleConfig::default())
}

fn check_eligibility(c: &EligibilityCase) {
    let cfg = RuleConfig {
        results_month: c.results_month,
        ..RuleConfig::default()
    };
    let status = status_with(c.certificates);
    let e = eligibility(&person_of(c), c.level, c.year, &status, &cfg);
    assert_eq!(e.code(), c.expect, "{}: {}", c.name, e.reason_en);
    assert_eq!(e.eligible, c.expect.is_none(), "{}", c.name);
    assert!(
        !e.reason_en.is_empty() && !e.reason_zh.is_empty(),
        "{}",
        c.name
    );
}

#[test]
fn eligibility_follows_the_national_rules() {
    assert!(ELIGIBILITY_CASES.len() >= 20);
    for c in ELIGIBILITY_CASES {
        check_eligibility(c);
    }
}

#[test]
fn eligibility_counts_service_until_leaving_and_from_the_results_month() {
    // Left after 2½ years: the 4 years of high school are not reached by 2025.
    check_eligibility(&EligibilityCase {
        left: Some("2022-06-30"),
        ..case(
            "left in 2022",
            (Hs, O),
            Some("2020-01-01"),
            &[],
            (A, 2025),
            SERVICE,
        )
    });
    // Leaving on the last day of a month counts that month: 4 years exactly.
    check_eligibility(&EligibilityCase {
        left: Some("2023-12-31"),
        ..case(
            "left at the end of 2023",
            (Hs, O),
            Some("2020-01-01"),
            &[],
            (A, 2025),
            OK,
        )
    });
    // Results published in January: the 2021 intermediate certificate counts
    // from January 2021, five whole years by the end of 2025.
    check_eligibility(&EligibilityCase {
        results_month: 1,
        ..case(
            "early results",
            (Ba, Sw),
            Some("2012-01-01"),
            &[(I, 2021)],
            (S, 2025),
            OK,
        )
    });
    // The reason names the years counted since the certificate.
    let e = eligibility(
        &person(Education::HighSchool, Major::Other, "2010-01-01"),
        I,
        2025,
        &cert(A, 2020),
        &RuleConfig::default(),
    );
    assert_eq!(e.required_years, Some(6));
    assert_eq!(e.service_years, 5);
    assert!(
        e.reason_en.contains("after the assistant certificate"),
        "{}",
        e.reason_en
    );
    assert!(e.reason_zh.contains("5年5个月"), "{}", e.reason_zh);
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

#[test]
fn registration_within_a_year_then_every_three_years() {
    let cfg = RuleConfig::default();
    let st = cert(A, 2023); // certificate dated 2023-08-01
    assert_eq!(
        registration_state("p", &st, &[], &[], d("2023-07-01"), &cfg),
        RegistrationState::NotCertified
    );
    assert_eq!(
        registration_state("p", &st, &[], &[], d("2024-05-01"), &cfg),
        RegistrationState::Unregistered {
            deadline: d("2024-08-01")
        }
    );
    assert_eq!(
        registration_state("p", &st, &[], &[], d("2024-08-02"), &cfg),
        RegistrationState::Lapsed {
            since: d("2024-08-01")
        }
    );
    let reg = Registration {
        person: "p".into(),
        date: d("2024-01-10"),
        level: A,
    };
    let ce = [
        ContinuingEducation {
            person: "p".into(),
            date: d("2025-03-01"),
            hours: 40.0,
            topic: String::new(),
        },
        ContinuingEducation {
            person: "p".into(),
            date: d("2023-03-01"),
            hours: 99.0,
            topic: "before the period".into(),
        },
        ContinuingEducation {
            person: "q".into(),
            date: d("2025-03-01"),
            hours: 99.0,
            topic: "someone else".into(),
        },
    ];
    let ce_refs: Vec<&ContinuingEducation> = ce.iter().collect();
    match registration_state("p", &st, &[&reg], &ce_refs, d("2026-06-01"), &cfg) {
        RegistrationState::Registered {
            valid_until,
            ce_hours,
            ce_hours_required,
            ..
        } => {
            assert_eq!(valid_until, d("2027-01-10"));
            assert_eq!(ce_hours, 40.0);
            assert_eq!(ce_hours_required, 72.0);
        }
        other => panic!("expected registered, got {other:?}"),
    }
    assert_eq!(
        registration_state("p", &st, &[&reg], &ce_refs, d("2027-01-11"), &cfg),
        RegistrationState::Lapsed {
            since: d("2027-01-10")
        }
    );
    assert_eq!(cfg.ce_hours_required(I), 90.0);
    assert_eq!(cfg.ce_hours_required(S), 90.0);
}

#[test]
fn certify_within_months_of_hire() {
    let cfg = RuleConfig {
        certify_within_months: Some(24),
        ..RuleConfig::default()
    };
    let p = person(Education::Bachelor, Major::Other, "2023-03-15");
    let none = rules::CertStatus::default();
    assert_eq!(
        certify_deadline(&p, &none, d("2024-01-01"), &cfg),
        DeadlineState::Due {
            deadline: d("2025-03-15")
        }
    );
    assert_eq!(
        certify_deadline(&p, &none, d("2025-03-16"), &cfg),
        DeadlineState::Overdue {
            deadline: d("2025-03-15")
        }
    );
    assert_eq!(
        certify_deadline(&p, &cert(A, 2024), d("2025-03-16"), &cfg),
        DeadlineState::Met
    );
    // Certified after the deadline: missed, but no longer overdue.
    assert_eq!(
        certify_deadline(&p, &cert(A, 2025), d("2025-09-01"), &cfg),
        DeadlineState::MetLate {
            deadline: d("2025-03-15"),
            certified: d("2025-08-01")
        }
    );
    // Before the late certificate's results are out, still overdue.
    assert_eq!(
        certify_deadline(&p, &cert(A, 2025), d("2025-07-01"), &cfg),
        DeadlineState::Overdue {
            deadline: d("2025-03-15")
        }
    );
    assert_eq!(
        certify_deadline(&p, &none, d("2024-01-01"), &RuleConfig::default()),
        DeadlineState::NotApplicable
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn attempt() -> impl Strategy<Value = ExamAttempt> {
        (
            2015i32..2030,
            prop_oneof![Just(A), Just(I), Just(S)],
            prop_oneof![Just(C), Just(P), Just(L), Just(R)],
            0u32..=100,
        )
            .prop_map(|(year, level, subject, score)| ExamAttempt {
                person: "x".into(),
                year,
                level,
                subject,
                score: f64::from(score),
            })
    }

    /// Brute force: the first year in which every subject of `level` has a pass
    /// within the window (senior: a review after a still-valid exam pass).
    fn reference(attempts: &[ExamAttempt], level: Level) -> Option<i32> {
        let w = rules::window_years(level);
        let passed = |s: Subject, from: i32, to: i32| {
            attempts.iter().any(|a| {
                a.level == level
                    && a.subject == s
                    && a.score >= 60.0
                    && a.year >= from
                    && a.year <= to
            })
        };
        (2015..2030).find(|&y| {
            if level == S {
                passed(R, y, y) && passed(P, y - w + 1, y)
            } else {
                level.subjects().iter().all(|&s| passed(s, y - w + 1, y))
            }
        })
    }

    proptest! {
        #[test]
        fn matches_brute_force_and_ignores_order(mut attempts in proptest::collection::vec(attempt(), 0..14)) {
            let cfg = RuleConfig::default();
            let st = status_of(&attempts, &cfg);
            for level in Level::ALL {
                prop_assert_eq!(st.certified_year(level), reference(&attempts, level), "{:?}", level);
            }
            attempts.reverse();
            prop_assert_eq!(status_of(&attempts, &cfg), st.clone());
            // Carried subjects sit above the highest certificate and were really passed.
            let top = st.highest().map(|c| c.level);
            for c in &st.carried {
                prop_assert!(top.is_none_or(|t| c.level > t));
                prop_assert!(attempts.iter().any(|a| a.level == c.level && a.subject == c.subject && a.year == c.passed_year && a.score >= 60.0));
            }
        }
    }
}
