//! Scenario content: the standard parameter set shared by the shipped
//! scenarios (tracks, pipeline stages, exams, retention, need, budget,
//! levers, recruitment, the local certification rule), builders for the
//! shipped counties, and a synthetic county generator for tests and
//! benchmarks.
//!
//! Every parameter group carries a `source` note. Figures marked `[S]` are
//! quoted from news or official texts, `[3P]` from exam-preparation sites,
//! `[D]` are derived from those, and "assumed" marks a planning assumption.
//! The figures themselves are listed in the project's domain notes
//! (MODEL.md, §9, names the parameters).
//!
//! Generation is deterministic: one `ChaCha8Rng` seeded from the caller's
//! seed, and the same seed always gives the same scenario.

use super::scenario::{
    Allocation, CaseLoad, CertifyDeadline, County, DeadlineConsequence, Exam, ExitRate,
    FORMAT_VERSION, FundingSource, Grade, Group, InitialStock, Levers, Need, Period, Recruitment,
    Retention, Scenario, Stage, StageKind, Subject, Township, Track, Village,
};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;
use thiserror::Error;

/// Track id of professional talents (social-work graduates, experienced workers).
pub const PROFESSIONAL: &str = "professional";
/// Track id of local talents (village cadres and residents trained locally).
pub const LOCAL: &str = "local";

/// Local average monthly wage the pay ratios are measured against, yuan:
/// the urban non-private employees' average wage of a rural county of a
/// central province (its sources are written in the county section of the
/// generated scenarios).
pub const LOCAL_AVERAGE_WAGE_YUAN_PER_MONTH: f64 = 6_500.0;

/// Where [`LOCAL_AVERAGE_WAGE_YUAN_PER_MONTH`] comes from.
const WAGE_SOURCE: &str = "Local average wage 6,500 yuan a month (78,000 a year) [D]: the \
     statistic is the average wage of urban non-private employees (城镇非私营单位就业人员平均\
     工资). National 2023: 120,698 yuan a year, central region 2022: 90,452 [S, national \
     statistics]; county and prefecture figures run lower: the counties Anxi, Yongchun and \
     Dehua of Quanzhou 54,940–64,758 (2018), the counties of Xuancheng 67,029–88,781 (2019), \
     Pingdingshan (Henan) 71,655 (2022) [S, local statistics bureaus]. Grown by the national \
     average since (+5–7 % a year) these are 75,000–100,000 a year by 2025; 78,000 is the low \
     end, taken for a rural county of a central province (assumed). The reference pay ratio of \
     the retention section is measured against the same figure.";

/// Stations of the reference county; recruitment sizes scale with stations ÷ this.
pub const REFERENCE_STATIONS: f64 = 16.0;

/// Most townships [`synthetic`] accepts (the country has ≈ 38,700 township-level units).
pub const MAX_SYNTHETIC_TOWNSHIPS: usize = 50_000;

/// Most villages per township [`synthetic`] accepts.
pub const MAX_SYNTHETIC_VILLAGES_PER_TOWNSHIP: usize = 200;

/// Most villages in one synthetic scenario (the country has ≈ 502,000 village committees).
pub const MAX_SYNTHETIC_VILLAGES: usize = 1_000_000;

/// Share of the village population aged 60 or more (2020 census, rural).
const AGED_60_PLUS_SHARE: f64 = 0.23;
/// Left-behind children per village of 1,000 residents.
const LEFT_BEHIND_CHILDREN_PER_VILLAGE: f64 = 15.0;
/// Left-behind elderly per village of 1,000 residents.
const LEFT_BEHIND_ELDERLY_PER_VILLAGE: f64 = 60.0;
/// Share of residents with a disability (assumed, ≈ national 6 %).
const DISABLED_SHARE: f64 = 0.06;
/// Dibao households per village of 1,000 residents (assumed).
const DIBAO_HOUSEHOLDS_PER_VILLAGE: f64 = 20.0;

/// Pay of the uncertified grade, yuan per month.
const PAY_UNCERTIFIED: f64 = 3_200.0;
/// Pay of the assistant grade, yuan per month.
const PAY_ASSISTANT: f64 = 3_800.0;
/// Pay of the intermediate grade (assistant + 670), yuan per month.
const PAY_INTERMEDIATE: f64 = 4_470.0;
/// Pay of the senior grade, yuan per month.
const PAY_SENIOR: f64 = 5_500.0;
/// Certificate allowances (assistant, intermediate, senior), yuan per month.
const ALLOWANCE: [f64; 3] = [200.0, 300.0, 500.0];

/// Employer social insurance and housing fund, share of pay.
const SOCIAL_INSURANCE_SHARE: f64 = 0.3;
/// Running cost of a station, yuan per year.
const STATION_OVERHEAD_YUAN_PER_YEAR: f64 = 20_000.0;
/// Exam support for a 10-point uplift, yuan per subject sat (assumed: a
/// short preparation course).
const EXAM_SUPPORT_YUAN_PER_SUBJECT: f64 = 300.0;
/// Pay step of a ladder rung, share of pay: 龙门县 2023 posts paid 4,633
/// yuan a month with the assistant certificate and 5,300 with the
/// intermediate one, a step of ≈ 14 % (domain-facts §2).
const LADDER_PAY_STEP_SHARE: f64 = 0.14;
/// Yearly cost of moving one worker's whole reference administrative
/// share (0.6 of the time) to a clerk paid 3,000 yuan a month (county posts
/// 2,000–4,500, domain-facts §2): 3,000 × 12 × 0.6.
const ADMIN_RELIEF_YUAN_PER_WORKER_YEAR: f64 = 21_600.0;
/// Training cost, yuan per trainee-month.
const TRAINING_YUAN_PER_TRAINEE_MONTH: f64 = 500.0;
/// Exam fee, yuan per subject.
const EXAM_FEE_YUAN_PER_SUBJECT: f64 = 50.0;
/// Recruitment cost, yuan per hire.
const RECRUITMENT_YUAN_PER_HIRE: f64 = 2_000.0;

/// Local trainees per yearly cohort in the reference county. Sized so the
/// county reaches its need in about six years and then holds it: a cohort of
/// 30 a year (the first idea) would triple the staff within ten years.
const COHORT_SIZE: f64 = 5.0;
/// Professional hires per year in the reference county.
const PROFESSIONAL_HIRES_PER_YEAR: f64 = 3.0;
/// Professional applicants per year in the reference county.
const PROFESSIONAL_APPLICANTS_PER_YEAR: f64 = 6.0;

/// Remoteness sensitivity of exits.
const REMOTENESS_SENSITIVITY: f64 = 0.3;
/// Hazard increase per month of expected wage arrears.
const ARREARS_SENSITIVITY_PER_MONTH: f64 = 0.05;
/// Probability that a year's funds arrive late.
const FUNDING_DELAY_PROBABILITY: f64 = 0.3;
/// Months of arrears when funds are late.
const FUNDING_DELAY_MONTHS: f64 = 3.0;
/// Mean village remoteness the exit rates are calibrated at.
const CALIBRATION_REMOTENESS: f64 = 0.5;

/// Why a synthetic scenario was refused.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum GenerateError {
    /// No townships asked for.
    #[error("a county needs at least one township")]
    NoTownships,
    /// Too many townships.
    #[error(
        "{0} townships is more than the {MAX_SYNTHETIC_TOWNSHIPS} allowed (the country has about 38,700)"
    )]
    TooManyTownships(usize),
    /// Too many villages per township.
    #[error(
        "{0} villages per township is more than the {MAX_SYNTHETIC_VILLAGES_PER_TOWNSHIP} allowed (about 13–17 is typical)"
    )]
    TooManyVillagesPerTownship(usize),
    /// Too many villages in total.
    #[error(
        "{0} villages in total is more than the {MAX_SYNTHETIC_VILLAGES} allowed (the country has about 502,000)"
    )]
    TooManyVillages(usize),
}

/// Rounds to `digits` decimals, so generated files stay readable.
fn round_to(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

/// Monthly probability equivalent to an annual one.
fn monthly(annual: f64) -> f64 {
    1.0 - (1.0 - annual).powf(1.0 / 12.0)
}

/// The annual base rate that, multiplied monthly by `multiplier`, gives `effective_annual`.
fn calibrate_annual(effective_annual: f64, multiplier: f64) -> f64 {
    let m = monthly(effective_annual) / multiplier;
    round_to(1.0 - (1.0 - m).powi(12), 3)
}

fn track_map(professional: f64, local: f64) -> BTreeMap<String, f64> {
    BTreeMap::from([
        (PROFESSIONAL.to_string(), professional),
        (LOCAL.to_string(), local),
    ])
}

fn service_map(professional: u32, local: u32) -> BTreeMap<String, u32> {
    BTreeMap::from([
        (PROFESSIONAL.to_string(), professional),
        (LOCAL.to_string(), local),
    ])
}

fn subject(id: &str, professional: f64, local: f64, after_others: bool) -> Subject {
    Subject {
        id: id.to_string(),
        pass_probability: track_map(round_to(professional, 3), round_to(local, 3)),
        after_others,
    }
}

fn training(
    [id, name, name_en]: [&str; 3],
    duration_months: u32,
    dropout_share: f64,
    next: &str,
    course_hours: f64,
    source: &str,
) -> Stage {
    Stage {
        id: id.into(),
        name: name.into(),
        name_en: name_en.into(),
        kind: StageKind::Training {
            duration_months,
            dropout_share,
            next: next.into(),
            course_hours,
        },
        transitions: Vec::new(),
        exam: None,
        source: source.into(),
    }
}

fn working(
    [id, name, name_en]: [&str; 3],
    grade: Grade,
    pay_yuan_per_month: f64,
    allowance_yuan_per_month: f64,
    exam: Option<Exam>,
    source: &str,
) -> Stage {
    Stage {
        id: id.into(),
        name: name.into(),
        name_en: name_en.into(),
        kind: StageKind::Working {
            grade: Some(grade),
            pay_yuan_per_month,
            allowance_yuan_per_month,
        },
        transitions: Vec::new(),
        exam,
        source: source.into(),
    }
}

/// The pipeline: three local training phases, then the four grades with their exams.
#[must_use]
pub fn standard_stages() -> Vec<Stage> {
    let assistant_exam = Exam {
        to: "assistant".into(),
        // Both subjects in one sitting: per-subject p = sqrt(P(both)).
        subjects: vec![
            subject("comprehensive", 0.35f64.sqrt(), 0.18f64.sqrt(), false),
            subject("practice", 0.35f64.sqrt(), 0.18f64.sqrt(), false),
        ],
        window_sittings: 1,
        min_service_months: service_map(0, 8),
        participation: 0.8,
        source: "Rules: comprehensive + practice (junior), both in one exam year [3P]. \
                 Assistant pass rates 15–30 % [3P]; both subjects in one sitting 35 % \
                 for professionals / 18 % for locals (assumed), so each subject \
                 √0.35 ≈ 0.592 / √0.18 ≈ 0.424. Participation 0.8: no-shows 20 %+ in some \
                 provinces [3P]. Minimum service: SW bachelors may sit on graduating [3P] \
                 (0 months); locals after 8 months in post, so a cohort that finishes exam \
                 preparation in August sits the next June (assumed; simplifies the 2–4 \
                 years of work asked of other diplomas, counting village work)."
            .into(),
    };
    let intermediate_exam = Exam {
        to: "intermediate".into(),
        subjects: vec![
            subject("comprehensive", 0.40, 0.35, false),
            subject("practice", 0.40, 0.35, false),
            subject("law_policy", 0.40, 0.35, false),
        ],
        window_sittings: 2,
        min_service_months: service_map(36, 48),
        participation: 0.6,
        source: "Rules: comprehensive + practice + laws & policies, all three within two \
                 consecutive exam years [3P]. Intermediate pass rates 10–20 % [3P]; \
                 P(pass one subject) 0.40 (assumed, domain default), locals 0.35 (assumed). \
                 Minimum service: SW bachelor + 3 years [3P] → 36 months; locals 48 months \
                 (assumed). Participation 0.6 (assumed)."
            .into(),
    };
    let senior_exam = Exam {
        to: "senior".into(),
        subjects: vec![
            subject("practice", 0.15, 0.10, false),
            subject("review", 0.5, 0.5, true),
        ],
        window_sittings: 3,
        min_service_months: service_map(60, 60),
        participation: 0.3,
        source: "Rules: senior practice exam, then the portfolio review; the exam pass stays \
                 valid 3 years for the review [3P, Henan 2025 notice]. Senior pass rate <10 % \
                 [3P]: practice 0.15 professionals / 0.10 locals, review 0.5 (assumed). \
                 Minimum service 5 years after intermediate [3P], simplified to 60 months of \
                 service. Participation 0.3 (assumed)."
            .into(),
    };
    let pay_source = |grade: &str| {
        format!(
            "{grade}. Pay 3,200 uncertified / 3,800 assistant / +670 intermediate yuan per month \
             (assumed, domain default; county posts 2,000–4,500 [S], 龙门县 2023: 4,633 with an \
             assistant certificate, 5,300 intermediate [3P]); senior 5,500 (assumed). \
             Certificate allowances 200 / 300 / 500 yuan per month (Gansu [S])."
        )
    };
    vec![
        training(
            ["phase_basic", "基础培训", "Basic training"],
            1,
            0.05,
            "phase_practice",
            40.0,
            "Phased training of local people (policy: \"professional + local talents\"). \
             40 h pre-service course (assumed, domain default); 1 month; dropout 5 % (assumed).",
        ),
        training(
            ["phase_practice", "实务实训", "Supervised practice"],
            3,
            0.10,
            "phase_exam_prep",
            120.0,
            "Supervised practice at a station: 3 months, 120 course hours, dropout 10 % (assumed).",
        ),
        training(
            ["phase_exam_prep", "考前辅导", "Exam preparation"],
            2,
            0.05,
            "uncertified",
            60.0,
            "Exam preparation: 2 months, 60 course hours, dropout 5 % (assumed); \
             graduates start work uncertified.",
        ),
        working(
            ["uncertified", "未持证", "Uncertified"],
            Grade::Uncertified,
            PAY_UNCERTIFIED,
            0.0,
            Some(assistant_exam),
            &pay_source("Working without a certificate"),
        ),
        working(
            ["assistant", "助理社会工作师", "Assistant social worker"],
            Grade::Assistant,
            PAY_ASSISTANT,
            ALLOWANCE[0],
            Some(intermediate_exam),
            &pay_source("助理社会工作师 (assistant social worker)"),
        ),
        working(
            ["intermediate", "社会工作师", "Social worker"],
            Grade::Intermediate,
            PAY_INTERMEDIATE,
            ALLOWANCE[1],
            Some(senior_exam),
            &pay_source("社会工作师 (intermediate social worker)"),
        ),
        working(
            ["senior", "高级社会工作师", "Senior social worker"],
            Grade::Senior,
            PAY_SENIOR,
            ALLOWANCE[2],
            None,
            &pay_source("高级社会工作师 (senior social worker)"),
        ),
    ]
}

/// The two tracks of the "professional talents + local talents" model.
#[must_use]
pub fn standard_tracks() -> Vec<Track> {
    vec![
        Track {
            id: PROFESSIONAL.into(),
            name: "专业人才".into(),
            name_en: "Professional talent".into(),
        },
        Track {
            id: LOCAL.into(),
            name: "本土人才".into(),
            name_en: "Local talent".into(),
        },
    ]
}

/// Exits: hazards calibrated so that, with the baseline's remoteness and
/// arrears multipliers, the observed first-year and later rates come out;
/// the pay multiplier is 1 at `reference_pay_ratio` (the starting staff's
/// pay ÷ the local wage, [`Scenario::starting_pay_ratio`]).
#[must_use]
pub fn standard_retention(reference_pay_ratio: f64) -> Retention {
    let arrears =
        1.0 + ARREARS_SENSITIVITY_PER_MONTH * FUNDING_DELAY_PROBABILITY * FUNDING_DELAY_MONTHS;
    let remote = 1.0 + REMOTENESS_SENSITIVITY * CALIBRATION_REMOTENESS;
    let m = arrears * remote;
    let rate = |track: &str, from: u32, to: Option<u32>, effective: f64| ExitRate {
        track: Some(track.into()),
        stage: None,
        tenure_from_months: from,
        tenure_to_months: to,
        annual_rate: calibrate_annual(effective, m),
    };
    Retention {
        exit_rates: vec![
            rate(PROFESSIONAL, 0, Some(12), 0.25),
            rate(PROFESSIONAL, 12, None, 0.16),
            rate(LOCAL, 0, Some(12), 0.12),
            rate(LOCAL, 12, None, 0.07),
        ],
        contract_months: 12,
        renewal_exit_share: track_map(0.05, 0.03),
        pay_elasticity: 1.0,
        reference_pay_ratio,
        ladder_multiplier: 0.85,
        admin_sensitivity: 0.5,
        reference_admin_share: 0.6,
        arrears_sensitivity_per_month: ARREARS_SENSITIVITY_PER_MONTH,
        remoteness_sensitivity: REMOTENESS_SENSITIVITY,
        source: format!(
            "Professionals: Shenzhen 2011: 28.7 % quit within the first year [S]; annual \
             turnover Shenzhen 17.6 % (2011) – 22.2 % (2014), national ≈ 20 % [S]. Effective \
             hazard 25 % in the first year and 16 % later, plus 5 % leaving at each yearly \
             contract renewal (1-year contracts are usual [S]) ≈ 29 % / 20 %. Locals: 12 % \
             first year, 7 % later, 3 % at renewal ≈ 15 % / 10 % (assumed: policy prefers \
             locals; no source on the difference [NF]). The annual_rate values are base \
             rates: the effective ones divided (monthly) by the baseline multiplier {m:.3} = \
             arrears 1 + 0.05 × 0.3 × 3 months × remoteness 1 + 0.3 × 0.5 (the villages' \
             mean remoteness). Pay elasticity 1.0 around the baseline pay ratio \
             {reference_pay_ratio} (mean pay + allowance of the starting staff ÷ the local \
             wage of the county section); promotion ladder × 0.85; admin \
             sensitivity 0.5 around an admin share of 0.6 (\"3 days civil-affairs casework + \
             2 days professional service\" [3P]); +5 % hazard per month of expected wage \
             arrears; +30 % at remoteness 1 (all assumed; reasons for leaving: low pay, late \
             wages, no ladder, admin load [S]).",
        ),
    }
}

/// Need: WISN case loads per group, tuned so a township of ≈ 16 villages of
/// 1,000 residents needs ≈ 3 workers at an admin share of 0.6.
#[must_use]
pub fn standard_need() -> Need {
    let c = |group, cases_per_person_per_year, hours_per_case| CaseLoad {
        group,
        cases_per_person_per_year,
        hours_per_case,
    };
    Need {
        caseloads: vec![
            c(Group::Aged60Plus, 0.04, 3.0),
            c(Group::LeftBehindChildren, 0.4, 6.0),
            c(Group::LeftBehindElderly, 0.15, 3.0),
            c(Group::Disabled, 0.05, 4.0),
            c(Group::DibaoHouseholds, 0.2, 3.0),
        ],
        hours_per_worker_per_year: 1_760.0,
        travel_overhead_at_remoteness_1: 0.3,
        station_minimum_workers: 2.0,
        workers_per_10k_target: 1.0,
        villages_per_worker: 6.0,
        source: "Case loads (share of each group needing a case a year × hours per case) are \
                 assumed, tuned so a township of ≈ 16 villages of 1,000 residents needs ≈ 3 \
                 workers (≈ 115 case hours per village a year, +15 % travel at mean remoteness) \
                 when 60 % of time goes to administrative work; staffing norm 3 per station \
                 (Guangdong: 15万 yuan per station per year for 3 workers [S]). 1,760 h per \
                 worker-year (220 days × 8 h, assumed). Travel +30 % at remoteness 1 (assumed). \
                 Station minimum 2 workers (Hebei template: ≥ 2 per station [3P]). ≥ 1 worker \
                 per 10,000 residents (13th Five-Year Plan: SW professionals ≥ 1‰ of the \
                 population and ≥ 1 per rural community [S], scaled to station staff, assumed). \
                 One worker covers 6 villages (assumed)."
            .into(),
    }
}

/// Policy levers at today's settings.
#[must_use]
pub fn standard_levers() -> Levers {
    Levers {
        pay_multiplier: 1.0,
        promotion_ladder: false,
        admin_share: 0.6,
        exam_support_pass_uplift: 0.0,
        recruitment_multiplier: 1.0,
        source: "Baseline: today's pay, no promotion ladder, \"3 days civil-affairs casework + \
                 2 days professional service\" a week [3P] → admin share 0.6, no exam support."
            .into(),
    }
}

/// Recruitment for a county with `stations` township stations, scaled from
/// the reference county of 16 stations.
#[must_use]
pub fn standard_recruitment(stations: usize, start_year: i32) -> Vec<Recruitment> {
    let scale = stations as f64 / REFERENCE_STATIONS;
    vec![
        Recruitment::Schedule {
            track: PROFESSIONAL.into(),
            stage: "uncertified".into(),
            hires_per_year: round_to(PROFESSIONAL_HIRES_PER_YEAR * scale, 2),
            per_township: false,
            month: Some(7),
            from_year: None,
            to_year: None,
            applicants_per_year: Some(round_to(PROFESSIONAL_APPLICANTS_PER_YEAR * scale, 2)),
            allocation: Allocation::ByGap,
            source: "Social-work graduates hired in July after graduation. ≈ 40,000 SW \
                     graduates a year, only ≈ 20 % enter social work [S]; over 2,844 counties \
                     that is ≈ 3 a county, ≈ 6 applicants with the province's other intake \
                     (assumed); 3 hires a year per 16 stations (assumed, sized with the local \
                     cohort so the county reaches its need in about six years)."
                .into(),
        },
        Recruitment::Cohort {
            name: "本土人才培养班".into(),
            name_en: "Local talent training class".into(),
            track: LOCAL.into(),
            stage: "phase_basic".into(),
            start_year,
            start_month: 3,
            size: round_to(COHORT_SIZE * scale, 2),
            repeat_every_months: Some(12),
            until_year: None,
            allocation: Allocation::ByGap,
            source: "A yearly cohort of 5 local trainees per 16 stations (village cadres, \
                     residents), starting in March, placed where the gap is largest (\"absorb \
                     first, then cultivate, then serve\"). Assumed: the domain default of 30 \
                     a year would triple the county's staff within ten years; 5 a year with \
                     the professional hires fills the gap to need by about 2032."
                .into(),
        },
        Recruitment::ReplaceLeavers {
            track: PROFESSIONAL.into(),
            stage: "assistant".into(),
            share: 0.5,
            leavers_of_track: Some(PROFESSIONAL.into()),
            period: Period::Yearly { month: 7 },
            source: "Half of the professionals who left during the year are replaced in the \
                     July hiring round by experienced, certified workers from agencies or \
                     civil affairs (policy: \"professional students and senior civil-affairs \
                     workers\"; share assumed)."
                .into(),
        },
    ]
}

/// The local certification rule: Hebei asks uncertified workers to certify within 2 years.
#[must_use]
pub fn standard_certify_deadline() -> CertifyDeadline {
    CertifyDeadline {
        months: 24,
        stages: vec!["uncertified".into()],
        consequence: DeadlineConsequence::Flag,
        source: "Hebei: uncertified workers must certify within 2 years [S]; counted as \
                 overdue, not dismissed (assumed)."
            .into(),
    }
}

/// Yearly cost of a worker in a stage, pay + allowance + social insurance, yuan.
fn worker_cost_yuan_per_year(stages: &[Stage], stage: &str) -> f64 {
    stages
        .iter()
        .find(|s| s.id == stage)
        .map_or(0.0, |s| match s.kind {
            StageKind::Working {
                pay_yuan_per_month,
                allowance_yuan_per_month,
                ..
            } => (pay_yuan_per_month + allowance_yuan_per_month) * 12.0,
            _ => 0.0,
        })
}

/// Baseline yearly cost of a scenario: the starting staff's pay bill with
/// social insurance, station overheads, one cohort's training and the
/// scheduled hires, yuan per year.
#[must_use]
pub fn baseline_cost_yuan_per_year(sc: &Scenario) -> f64 {
    let b = &sc.budget;
    let pay: f64 = sc
        .initial_stock
        .iter()
        .map(|s| s.count * worker_cost_yuan_per_year(&sc.stages, &s.stage))
        .sum::<f64>()
        * (1.0 + b.social_insurance_share)
        * sc.levers.pay_multiplier;
    let stations = sc.county.townships.len() as f64 * b.station_overhead_yuan_per_year;
    let training_months: f64 = sc
        .stages
        .iter()
        .map(|s| match s.kind {
            StageKind::Training {
                duration_months, ..
            } => f64::from(duration_months),
            _ => 0.0,
        })
        .sum();
    let mut extra = 0.0;
    for r in &sc.recruitment {
        match r {
            Recruitment::Cohort { size, .. } => {
                extra += size * training_months * b.training_cost_yuan_per_trainee_month;
            }
            Recruitment::Schedule { hires_per_year, .. } => {
                extra += hires_per_year * b.recruitment_cost_yuan_per_hire;
            }
            _ => {}
        }
    }
    pay + stations + extra
}

/// Sets the four funding sources so they cover `margin` × the baseline cost
/// (e.g. 1.05 = 5 % more than the baseline), growing 3 % a year.
pub fn fund_baseline(sc: &mut Scenario, margin: f64) {
    let total = baseline_cost_yuan_per_year(sc) * margin;
    let source = |id: &str, name: &str, name_en: &str, share: f64| FundingSource {
        id: id.into(),
        name: name.into(),
        name_en: name_en.into(),
        // Whole thousands keep the file readable.
        yuan_per_year: (total * share / 1_000.0).round() * 1_000.0,
        growth_per_year: 0.03,
        by_year: BTreeMap::new(),
    };
    sc.budget.sources = vec![
        source("central", "中央财政", "Central government", 0.30),
        source("provincial", "省级财政", "Provincial government", 0.30),
        source("county", "县级财政", "County government", 0.25),
        source("lottery", "福彩公益金", "Welfare lottery fund", 0.15),
    ];
}

/// Builds a complete scenario from the standard parameters around the given
/// townships: tracks, stages, retention, need, budget, levers, recruitment
/// (scaled to the number of stations), the certification rule, the standard
/// starting staff ([`standard_initial_stock`]) and funding 5 % above the
/// baseline cost. Starts January 2026, runs 10 years.
#[must_use]
pub fn standard_scenario(name: &str, townships: Vec<Township>, seed: u64) -> Scenario {
    let start_year = 2026;
    let stations = townships.iter().filter(|t| !t.county_centre).count();
    let initial_stock = standard_initial_stock(&townships);
    let mut sc = Scenario {
        format_version: FORMAT_VERSION,
        name: name.into(),
        description: String::new(),
        start_year,
        start_month: 1,
        horizon_years: 10,
        seed,
        exam_month: 6,
        results_month: Some(super::eligibility::DEFAULT_RESULTS_MONTH),
        county: County {
            name: name.into(),
            local_average_wage_yuan_per_month: LOCAL_AVERAGE_WAGE_YUAN_PER_MONTH,
            townships: townships.into(),
            source: format!(
                "{WAGE_SOURCE} Villages: ≈ 1,000 rural residents each, 60+ 23 % (2020 census), \
                 left-behind children ≈ 15 and left-behind elderly ≈ 60 per village \
                 (domain default from 697万 (2018) and ≈ 5,000万 (2013) over ≈ 50万 \
                 villages [D]); disabled 6 % and 20 dibao households per village \
                 (assumed); remoteness assumed."
            ),
        },
        tracks: standard_tracks(),
        stages: standard_stages(),
        initial_stock: initial_stock.into(),
        recruitment: standard_recruitment(stations, start_year),
        retention: standard_retention(1.0),
        need: standard_need(),
        budget: super::scenario::Budget {
            social_insurance_share: SOCIAL_INSURANCE_SHARE,
            training_cost_yuan_per_trainee_month: TRAINING_YUAN_PER_TRAINEE_MONTH,
            exam_fee_yuan_per_subject: EXAM_FEE_YUAN_PER_SUBJECT,
            recruitment_cost_yuan_per_hire: RECRUITMENT_YUAN_PER_HIRE,
            station_overhead_yuan_per_year: STATION_OVERHEAD_YUAN_PER_YEAR,
            exam_support_yuan_per_subject: EXAM_SUPPORT_YUAN_PER_SUBJECT,
            ladder_pay_step_share: LADDER_PAY_STEP_SHARE,
            admin_relief_yuan_per_worker_year: ADMIN_RELIEF_YUAN_PER_WORKER_YEAR,
            sources: Vec::new(),
            cap_hiring_at_funding: true,
            funding_delay_probability: FUNDING_DELAY_PROBABILITY,
            funding_delay_months: FUNDING_DELAY_MONTHS,
            source: "Social insurance and housing fund 30 % of pay (assumed), so a worker costs \
                     ≈ 5–6万 yuan a year fully loaded (Guangdong 双百: 15万 per station per year \
                     for 3 workers [S]; Dongguan 6–7.2万 per worker [S]). Station running cost \
                     2万 a year, training 500 yuan per trainee-month, exam fee 50 yuan per \
                     subject, 2,000 yuan per hire (assumed). What the levers cost: exam \
                     support 300 yuan per subject sat for a 10-point uplift (assumed); a \
                     ladder rung pays certified grades 14 % more (龙门县 2023: 4,633 yuan a \
                     month with the assistant certificate, 5,300 with the intermediate one \
                     [3P]); moving administrative work to a clerk costs 21,600 yuan per \
                     worker-year for the whole 0.6 share (county posts 2,000–4,500 a month \
                     [S]; 3,000 assumed). Funding: central / provincial / \
                     county / welfare lottery 30 / 30 / 25 / 15 % (assumed), 5 % above the \
                     baseline cost, +3 % a year (assumed). Funds arrive late in 30 % of years, \
                     by 3 months (projects' funds are \"often late\" [S]; rates assumed)."
                .into(),
        },
        levers: standard_levers(),
        certify_deadline: Some(standard_certify_deadline()),
        targets: standard_targets(start_year),
        uncertainty: super::uncertainty::Uncertainty::default(),
    };
    // The pay ratio the exit rates hold at: the starting staff's, against
    // the same wage figure.
    let ratio = round_to(sc.starting_pay_ratio().unwrap_or(1.0), 3);
    sc.retention = standard_retention(ratio);
    fund_baseline(&mut sc, 1.05);
    sc.uncertainty = standard_uncertainty(&sc);
    sc
}

/// Standard deviation of an uncertain exit rate of local staff, as a share
/// of its value: no source, so about ±50 % as a 90 % range.
const LOCAL_EXIT_SD_SHARE: f64 = 0.3;

/// Standard deviation of an uncertain exit rate of professionals, as a
/// share of its value: the published range 17.6–25 % around ≈ 20 % taken
/// as a 90 % range (±18 %).
const PROFESSIONAL_EXIT_SD_SHARE: f64 = 0.11;

/// Standard deviation of a local trainee's pass rate, as a share of its
/// value: national pass rates vary by about ±40 % from year to year.
const LOCAL_PASS_SD_SHARE: f64 = 0.25;

/// Sigma of the logarithm of the pay elasticity: 0.56–1.8 times the value
/// as a 90 % range.
const PAY_ELASTICITY_LOG_SIGMA: f64 = 0.35;

/// The uncertainty a generated county states: the assumptions a reviewer
/// doubts most, centred on the scenario's values (MODEL.md §7a).
/// * exit rates of local staff: Beta, sd 30 % of the value (no source);
/// * exit rates of professionals: Beta, sd 11 % of the value (17.6–25 %);
/// * pass rates of the local track: Beta, sd 25 % of the value;
/// * the pay elasticity: log-normal, sigma 0.35 around the value;
/// * the ladder multiplier and the administrative, arrears and remoteness
///   sensitivities: triangular over the catalog's plausible range, most
///   likely the value.
#[must_use]
pub fn standard_uncertainty(sc: &Scenario) -> super::uncertainty::Uncertainty {
    use super::uncertainty::{Assumption, Distribution, Uncertainty};
    let beta = |v: f64, share: f64| {
        let sd = round_to(v * share, 4).min(0.9 * (v * (1.0 - v)).sqrt());
        (v > 0.0 && v < 1.0 && sd > 0.0).then_some(Distribution::Beta { mean: v, sd })
    };
    let mut assumptions = Vec::new();
    for e in super::catalog::Catalog::of(sc).entries {
        let Some(v) = e.get(sc) else { continue };
        let id = e.id.as_str();
        let (dist, source) = if id.starts_with("retention.exit_rate.") && id.contains(".local.") {
            (
                beta(v, LOCAL_EXIT_SD_SHARE),
                "assumed: no source on local staff's turnover; sd 30 % of the value (about ±50 % as a 90 % range)",
            )
        } else if id.starts_with("retention.exit_rate.") {
            (
                beta(v, PROFESSIONAL_EXIT_SD_SHARE),
                "sourced: annual turnover 17.6 % (Shenzhen 2011) to over 25 % (Guangzhou) around a national ≈ 20 % [S], taken as a 90 % range: sd 11 % of the value",
            )
        } else if id.starts_with("exam.") && id.ends_with(".pass.local") {
            (
                beta(v, LOCAL_PASS_SD_SHARE),
                "assumed: no published pass rate of local trainees; national pass rates vary from year to year (assistant 15–30 %, intermediate 10–20 % [3P]): sd 25 % of the value",
            )
        } else if id == "retention.pay_elasticity" {
            (
                (v > 0.0).then_some(Distribution::LogNormal {
                    median: v,
                    sigma: PAY_ELASTICITY_LOG_SIGMA,
                }),
                "assumed: no estimate for rural social workers; 0.56–1.8 times the value as a 90 % range",
            )
        } else if matches!(
            id,
            "retention.ladder_multiplier"
                | "retention.admin_sensitivity"
                | "retention.arrears_sensitivity_per_month"
                | "retention.remoteness_sensitivity"
        ) {
            (
                (e.plausible_low <= v
                    && v <= e.plausible_high
                    && e.plausible_low < e.plausible_high)
                    .then_some(Distribution::Triangular {
                        low: round_to(e.plausible_low, 6),
                        likely: v,
                        high: round_to(e.plausible_high, 6),
                    }),
                "the catalog's plausible range as the lowest and highest value, the file's value as the most likely (assumed, see the lever catalog)",
            )
        } else {
            continue;
        };
        if let Some(distribution) = dist {
            assumptions.push(Assumption {
                id: e.id.clone(),
                distribution,
                source: source.into(),
            });
        }
    }
    Uncertainty {
        assumptions,
        source: "Each replication draws these once, then runs with process noise; \
                 the values in the file are the distributions' centres (means; the \
                 elasticity's median, the sensitivities' most likely value). Drawn \
                 independently of each other."
            .into(),
    }
}

/// The standard phased targets (阶段目标), shaped like the staffing
/// targets of published township-station plans: every station keeps at
/// least its minimum of workers every year, 60 % certified by 2027, 90 %
/// of stations at their norm and one worker per 10,000 residents by 2030,
/// and spending within the year's funding every year.
#[must_use]
pub fn standard_targets(start_year: i32) -> super::scenario::Targets {
    use super::goals::Comparison::{AtLeast, AtMost};
    use super::scenario::Goal;
    let goal = |id: &str,
                (label, label_en): (&str, &str),
                metric: &str,
                comparison,
                level,
                (year, every_year),
                source: &str| Goal {
        id: id.into(),
        label: label.into(),
        label_en: label_en.into(),
        metric: metric.into(),
        comparison,
        level,
        year,
        every_year,
        source: source.into(),
    };
    super::scenario::Targets {
        goals: vec![
            goal(
                "stations_staffed",
                (
                    "每年每个站点至少 2 名社工",
                    "Every station has at least 2 workers, every year",
                ),
                "stations_at_minimum_share",
                AtLeast,
                1.0,
                (start_year, true),
                "Coverage: stations in every township by the end of 2025 (Ministry of Civil \
                  Affairs 2021 opinions, 14th Five-Year civil-affairs plan [S]), at least 2 \
                  workers a station (Hebei template [3P]); kept every year from the first \
                  year of the plan (assumed).",
            ),
            goal(
                "certified_60_by_2027",
                (
                    "2027 年底持证比例不低于 60%",
                    "At least 60 % certified by the end of 2027",
                ),
                "certified_share",
                AtLeast,
                0.6,
                (2027, false),
                "Station template: at least 60 % of station staff certified [3P]; 2027 as the \
                  mid-term year of the quality phase (assumed).",
            ),
            goal(
                "stations_at_norm_90_by_2030",
                (
                    "2030 年底 90% 的站点达到编制",
                    "90 % of stations at their staffing norm by the end of 2030",
                ),
                "stations_at_norm_share",
                AtLeast,
                0.9,
                (2030, false),
                "Quality phase (提质增效, 2026 onwards [S]): stations staffed to their norm of 3 \
                  (Guangdong: 3 workers a station [S]); 90 % by 2030 (assumed).",
            ),
            goal(
                "workers_per_10k_by_2030",
                (
                    "2030 年底每万人至少 1 名站点社工",
                    "At least 1 station worker per 10,000 residents by the end of 2030",
                ),
                "workers_per_10k",
                AtLeast,
                1.0,
                (2030, false),
                "13th Five-Year Plan: social-work professionals at least 1‰ of the population \
                  [S], scaled to station staff (assumed).",
            ),
            goal(
                "within_funding",
                (
                    "每年支出不超出当年经费",
                    "Spending within the year's funding, every year",
                ),
                "unfunded_year_yuan",
                AtMost,
                0.0,
                (start_year, true),
                "Running costs are met from county budgets and provincial welfare-lottery \
                  funds [S]; no year may spend beyond its funding (assumed rule of the plan).",
            ),
        ],
        by_year: Some(2030),
        source: "Phased targets shaped like published township-station plans (2021–2024) [S]; \
                  the levels and years of this county are assumed."
            .into(),
        ..super::scenario::Targets::default()
    }
}

/// One starting worker: track, stage and a base tenure in months.
const STAFF_CYCLE: [(&str, &str, u32); 10] = [
    (PROFESSIONAL, "intermediate", 50),
    (PROFESSIONAL, "assistant", 30),
    (LOCAL, "assistant", 40),
    (LOCAL, "uncertified", 8),
    (LOCAL, "uncertified", 16),
    (PROFESSIONAL, "assistant", 20),
    (PROFESSIONAL, "uncertified", 5),
    (LOCAL, "assistant", 28),
    (LOCAL, "uncertified", 12),
    (LOCAL, "uncertified", 20),
];

/// The standard starting staff: 3 at the county centre and 2 at every other
/// station, drawn in turn from a cycle of 10 that is 40 % professional /
/// 60 % local and 40 % assistant, 10 % intermediate, 50 % uncertified (with
/// 35 workers: 14 / 21 and 14 / 4 / 17). Tenures are spread so uncertified
/// staff are within the 2-year certification window.
#[must_use]
pub fn standard_initial_stock(townships: &[Township]) -> Vec<InitialStock> {
    let mut out = Vec::with_capacity(townships.len() * 2 + 1);
    let mut next = 0usize;
    let centres = townships.iter().filter(|t| t.county_centre);
    let stations = townships.iter().filter(|t| !t.county_centre);
    for tw in centres.map(|t| (t, 3)).chain(stations.map(|t| (t, 2))) {
        let (township, staff) = tw;
        for _ in 0..staff {
            let (track, stage, tenure) = STAFF_CYCLE[next % STAFF_CYCLE.len()];
            // Spread tenures by up to ±3 months, deterministically.
            let tenure = tenure + (next % 7) as u32;
            let tenure = tenure.saturating_sub(3);
            out.push(InitialStock {
                township: township.id.clone(),
                track: track.into(),
                stage: stage.into(),
                count: 1.0,
                tenure_months: tenure,
            });
            next += 1;
        }
    }
    out
}

const VILLAGE_FIRST: [&str; 40] = [
    "东", "西", "南", "北", "上", "下", "大", "小", "新", "老", "石", "柳", "杨", "李", "王", "张",
    "刘", "陈", "赵", "黄", "马", "高", "林", "桥", "河", "山", "坪", "沟", "岭", "塘", "龙", "凤",
    "青", "白", "红", "金", "花", "桃", "松", "竹",
];
const VILLAGE_SECOND: [&str; 40] = [
    "家", "庄", "湾", "坝", "坡", "岗", "田", "溪", "口", "头", "堡", "营", "寨", "园", "林", "峪",
    "洼", "屯", "坊", "铺", "店", "集", "台", "冲", "垭", "沟", "源", "泉", "峰", "岩", "湖", "港",
    "滩", "洲", "坎", "埠", "垄", "畈", "垸", "墩",
];
const TOWNSHIP_SUFFIX: [&str; 2] = ["镇", "乡"];

/// A plausible village name, e.g. `柳湾村`.
fn village_name(rng: &mut ChaCha8Rng) -> String {
    let a = VILLAGE_FIRST[rng.random_range(0..VILLAGE_FIRST.len())];
    let b = VILLAGE_SECOND[rng.random_range(0..VILLAGE_SECOND.len())];
    let mut s = String::with_capacity(9);
    s.push_str(a);
    s.push_str(b);
    s.push('村');
    s
}

/// A village of `population` residents with its groups drawn around the
/// national shares; `remoteness` in `[0, 1]`.
#[must_use]
pub fn make_village(
    rng: &mut ChaCha8Rng,
    name: String,
    population: f64,
    remoteness: f64,
) -> Village {
    let per_1000 = population / 1_000.0;
    // ±20 % around each national share, whole persons.
    let mut around = |x: f64| (x * rng.random_range(0.8..1.2)).round().max(0.0);
    Village {
        name,
        population,
        aged_60_plus: around(population * AGED_60_PLUS_SHARE),
        left_behind_children: around(per_1000 * LEFT_BEHIND_CHILDREN_PER_VILLAGE),
        left_behind_elderly: around(per_1000 * LEFT_BEHIND_ELDERLY_PER_VILLAGE),
        disabled: around(population * DISABLED_SHARE),
        dibao_households: around(per_1000 * DIBAO_HOUSEHOLDS_PER_VILLAGE),
        remoteness: round_to(remoteness.clamp(0.0, 1.0), 2),
    }
}

/// Splits `total` persons over `weights` in whole numbers (largest remainder),
/// so the parts add up to `total` exactly.
#[must_use]
pub fn apportion(total: u64, weights: &[f64]) -> Vec<u64> {
    let sum: f64 = weights.iter().map(|w| w.max(0.0)).sum();
    if weights.is_empty() || sum <= 0.0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<f64> = weights
        .iter()
        .map(|w| w.max(0.0) / sum * total as f64)
        .collect();
    let mut parts: Vec<u64> = exact.iter().map(|x| x.floor() as u64).collect();
    let given: u64 = parts.iter().sum();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = exact[a] - exact[a].floor();
        let rb = exact[b] - exact[b].floor();
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &i in order.iter().take((total.saturating_sub(given)) as usize) {
        parts[i] += 1;
    }
    parts
}

/// A synthetic county: `townships` stations (plus a county centre), each with
/// `villages_per_township` villages of ≈ 1,000 residents (±40 %), seat
/// populations of ≈ 6,000, the standard parameters and 2 starting workers
/// per station. Deterministic per seed; sized for national-scale tests
/// (38,700 townships × 13 villages ≈ 500,000 villages).
pub fn synthetic(
    townships: usize,
    villages_per_township: usize,
    seed: u64,
) -> Result<Scenario, GenerateError> {
    if townships == 0 {
        return Err(GenerateError::NoTownships);
    }
    if townships > MAX_SYNTHETIC_TOWNSHIPS {
        return Err(GenerateError::TooManyTownships(townships));
    }
    if villages_per_township > MAX_SYNTHETIC_VILLAGES_PER_TOWNSHIP {
        return Err(GenerateError::TooManyVillagesPerTownship(
            villages_per_township,
        ));
    }
    let total = townships.saturating_mul(villages_per_township);
    if total > MAX_SYNTHETIC_VILLAGES {
        return Err(GenerateError::TooManyVillages(total));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let width = townships.to_string().len();
    let mut list = Vec::with_capacity(townships + 1);
    list.push(Township {
        id: "centre".into(),
        name: "县社会工作服务中心".into(),
        county_centre: true,
        station_opens_month: 0,
        staffing_norm: 3.0,
        seat_population: 0.0,
        villages: Vec::new(),
    });
    for i in 0..townships {
        let mut villages = Vec::with_capacity(villages_per_township);
        // Each township has its own typical distance from the county town.
        let base_remote: f64 = rng.random_range(0.0..0.7);
        for _ in 0..villages_per_township {
            let population = (1_000.0 * rng.random_range(0.6f64..1.4)).round();
            let remoteness = base_remote + rng.random_range(0.0..0.3);
            let name = village_name(&mut rng);
            villages.push(make_village(&mut rng, name, population, remoteness));
        }
        let first = VILLAGE_FIRST[rng.random_range(0..VILLAGE_FIRST.len())];
        let second = VILLAGE_SECOND[rng.random_range(0..VILLAGE_SECOND.len())];
        let suffix = TOWNSHIP_SUFFIX[rng.random_range(0..TOWNSHIP_SUFFIX.len())];
        list.push(Township {
            id: format!("t{:0width$}", i + 1),
            name: format!("{first}{second}{suffix}"),
            county_centre: false,
            station_opens_month: 0,
            staffing_norm: 3.0,
            seat_population: (6_000.0 * rng.random_range(0.6f64..1.4)).round(),
            villages,
        });
    }
    let name = format!("合成县 {townships}×{villages_per_township} (seed {seed})");
    let mut sc = standard_scenario(&name, list, seed);
    sc.description = format!(
        "Synthetic county: {townships} townships with {villages_per_township} random villages \
         each, the standard parameters and 2 starting workers per station. Generated with \
         seed {seed}."
    );
    Ok(sc)
}

/// Writes a scenario as pretty RON with one village per line, streaming to
/// `writer` (a national-size county is never held as one string).
pub fn write_ron<W: std::io::Write>(sc: &Scenario, writer: W) -> Result<(), ron::Error> {
    let cfg = ron::ser::PrettyConfig::new()
        // The same bytes on every system (ron would end lines with "\r\n" on Windows).
        .new_line("\n")
        .depth_limit(5)
        .indentor("    ".to_string())
        .struct_names(false);
    ron::Options::default().to_io_writer_pretty(writer, sc, cfg)
}

const TYPICAL_TOWNSHIPS: [&str; 16] = [
    "河口镇",
    "青山镇",
    "石桥镇",
    "柳河乡",
    "白马镇",
    "龙潭乡",
    "杨柳镇",
    "新华乡",
    "松林镇",
    "金沙乡",
    "桃园镇",
    "黄土岭乡",
    "红星镇",
    "双河乡",
    "高坪镇",
    "东溪乡",
];

/// The shape of a county built by [`rural_county`].
#[derive(Debug, Clone, PartialEq)]
pub struct CountySpec {
    /// Scenario name.
    pub name: String,
    /// County name.
    pub county_name: String,
    /// Township names, one station each (the county centre is added).
    pub township_names: Vec<String>,
    /// Villages in the county, spread as evenly as possible over the townships.
    pub villages: usize,
    /// Residents of all villages together, persons.
    pub village_residents: u64,
    /// Residents of the township seats together, persons.
    pub seat_residents: u64,
    /// Residents of the county town, counted at the county centre, persons.
    pub town_residents: u64,
}

/// A rural county of the given shape with the standard parameters: villages
/// of random size (±40 %) adding up to `village_residents`, groups drawn
/// around the national shares, each township with its own typical
/// remoteness, the standard starting staff and funding. Deterministic per seed.
#[must_use]
pub fn rural_county(spec: &CountySpec, seed: u64) -> Scenario {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n_tw = spec.township_names.len().max(1);
    let villages_per: Vec<usize> = (0..n_tw)
        .map(|i| spec.villages / n_tw + usize::from(i < spec.villages % n_tw))
        .collect();
    let weights: Vec<f64> = (0..spec.villages)
        .map(|_| rng.random_range(0.6..1.4))
        .collect();
    let populations = apportion(spec.village_residents, &weights);
    let seat_weights: Vec<f64> = (0..n_tw).map(|_| rng.random_range(0.7..1.3)).collect();
    let seats = apportion(spec.seat_residents, &seat_weights);
    let mut used = std::collections::BTreeSet::new();
    let mut list = vec![Township {
        id: "centre".into(),
        name: "县社会工作服务指导中心".into(),
        county_centre: true,
        station_opens_month: 0,
        staffing_norm: 3.0,
        seat_population: spec.town_residents as f64,
        villages: Vec::new(),
    }];
    let mut v = 0;
    for (i, name) in spec.township_names.iter().enumerate() {
        let base_remote: f64 = rng.random_range(0.0..0.7);
        let mut villages = Vec::with_capacity(villages_per[i]);
        for _ in 0..villages_per[i] {
            // Unique village names within the county (1,600 combinations).
            let mut vname = village_name(&mut rng);
            while used.len() < VILLAGE_FIRST.len() * VILLAGE_SECOND.len()
                && !used.insert(vname.clone())
            {
                vname = village_name(&mut rng);
            }
            let remoteness = base_remote + rng.random_range(0.0..0.3);
            let population = populations.get(v).copied().unwrap_or(0) as f64;
            villages.push(make_village(&mut rng, vname, population, remoteness));
            v += 1;
        }
        list.push(Township {
            id: format!("t{:02}", i + 1),
            name: name.clone(),
            county_centre: false,
            station_opens_month: 0,
            staffing_norm: 3.0,
            seat_population: seats.get(i).copied().unwrap_or(0) as f64,
            villages,
        });
    }
    let mut sc = standard_scenario(&spec.name, list, seed);
    sc.county.name.clone_from(&spec.county_name);
    sc
}

/// The default scenario "一个典型农村县 / a typical rural county": 16
/// townships and a county centre, 260 villages, 400,000 residents (65 % in
/// villages), 35 starting workers. Written once to `assets/default_county.ron`;
/// the file is the source of truth afterwards.
#[must_use]
pub fn typical_county(seed: u64) -> Scenario {
    let spec = CountySpec {
        name: "一个典型农村县 / a typical rural county".into(),
        county_name: "典型县".into(),
        township_names: TYPICAL_TOWNSHIPS.iter().map(|s| (*s).to_string()).collect(),
        villages: 260,
        village_residents: 260_000,
        seat_residents: 96_000,
        town_residents: 44_000,
    };
    let mut sc = rural_county(&spec, seed);
    sc.description = "A typical rural county (domain default): 16 townships + a county \
                      social work centre, 260 villages, 400,000 residents (260,000 in \
                      villages, 96,000 in township seats, 44,000 in the county town), 35 \
                      workers at the start (2 per station, 3 at the centre; 40 % professional \
                      / 60 % local; 40 % assistant, 10 % intermediate, 50 % uncertified), \
                      staffing norm 3 per station, January 2026 for 10 years. Its funding \
                      falls short of its own plan by construction: the four sources are set \
                      5 % above the cost of the 35 starting workers and grow 3 % a year, \
                      while the hiring of the plan takes the staff towards the need of about 50; \
                      the unfunded spending that results is a property of this example, not \
                      a finding about any county."
        .into();
    sc
}

/// `n` distinct township names built from the name syllables, e.g. `柳湾镇`.
#[must_use]
pub fn township_names(n: usize, seed: u64) -> Vec<String> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut used = std::collections::BTreeSet::new();
    let limit = VILLAGE_FIRST.len() * VILLAGE_SECOND.len() * TOWNSHIP_SUFFIX.len();
    let mut out = Vec::with_capacity(n);
    while out.len() < n.min(limit) {
        let name = format!(
            "{}{}{}",
            VILLAGE_FIRST[rng.random_range(0..VILLAGE_FIRST.len())],
            VILLAGE_SECOND[rng.random_range(0..VILLAGE_SECOND.len())],
            TOWNSHIP_SUFFIX[rng.random_range(0..TOWNSHIP_SUFFIX.len())],
        );
        if used.insert(name.clone()) {
            out.push(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_keeps_the_total() {
        let parts = apportion(1_000, &[1.0, 1.0, 1.0]);
        assert_eq!(parts.iter().sum::<u64>(), 1_000);
        assert!(parts.iter().all(|&p| p == 333 || p == 334));
        assert_eq!(apportion(10, &[]), Vec::<u64>::new());
        assert_eq!(apportion(10, &[0.0, 0.0]), vec![0, 0]);
    }

    #[test]
    fn calibration_inverts_the_multiplier() {
        let base = calibrate_annual(0.25, 1.2);
        let effective = 1.0 - (1.0 - monthly(base) * 1.2).powi(12);
        assert!((effective - 0.25).abs() < 0.002, "{effective}");
        assert!(base < 0.25);
    }

    #[test]
    fn standard_mix_of_35() {
        let sc = typical_county(2026);
        let n = |f: &dyn Fn(&InitialStock) -> bool| -> f64 {
            sc.initial_stock
                .iter()
                .filter(|s| f(s))
                .map(|s| s.count)
                .sum()
        };
        assert_eq!(n(&|_| true), 35.0);
        assert_eq!(n(&|s| s.track == PROFESSIONAL), 14.0);
        assert_eq!(n(&|s| s.stage == "assistant"), 14.0);
        assert_eq!(n(&|s| s.stage == "intermediate"), 4.0);
        assert_eq!(n(&|s| s.stage == "uncertified"), 17.0);
        assert!(
            sc.initial_stock
                .iter()
                .filter(|s| s.stage == "uncertified")
                .all(|s| s.tenure_months < 24)
        );
    }

    #[test]
    fn refuses_absurd_sizes() {
        assert_eq!(synthetic(0, 10, 1), Err(GenerateError::NoTownships));
        assert!(matches!(
            synthetic(60_000, 1, 1),
            Err(GenerateError::TooManyTownships(_))
        ));
        assert!(matches!(
            synthetic(10, 500, 1),
            Err(GenerateError::TooManyVillagesPerTownship(_))
        ));
        assert!(matches!(
            synthetic(40_000, 100, 1),
            Err(GenerateError::TooManyVillages(_))
        ));
    }
}
