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
    Retention, Scenario, SourceNote, Stage, StageKind, Subject, Township, Track, Village,
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

/// Where [`LOCAL_AVERAGE_WAGE_YUAN_PER_MONTH`] comes from, in Chinese.
const WAGE_SOURCE_ZH: &str = "当地平均工资每月 6,500 元（每年 78,000 元）[D]：该统计指标为城镇非私营单位就业人员平均工资。全国 2023 年：每年 120,698 元，中部地区 2022 年：90,452 元 [S，国家统计]；县和地级市的数字较低：泉州市安溪、永春、德化三县 54,940–64,758 元（2018），宣城市各县 67,029–88,781 元（2019），平顶山（河南）71,655 元（2022）[S，地方统计局]。按全国平均增速（每年 +5–7%）推算，到 2025 年为每年 75,000–100,000 元；取低端 78,000 元，作为中部省份农村县的数值（假设）。留任部分的参照薪酬比也以此数值计算。";

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

/// A source note in Chinese and English.
fn note(zh: &str, en: &str) -> SourceNote {
    SourceNote::new(zh, en)
}

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
    source: SourceNote,
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
        source,
    }
}

fn working(
    [id, name, name_en]: [&str; 3],
    grade: Grade,
    pay_yuan_per_month: f64,
    allowance_yuan_per_month: f64,
    exam: Option<Exam>,
    source: SourceNote,
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
        source,
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
        source: note(
            "规则：综合能力 + 实务（初级），须在同一考试年度内两科均通过 [3P]。助理社会工作师考试通过率 15–30% [3P]；同一次考试两科均通过的比例，专业人才 35%、本土人才 18%（假设），故每科通过率为 √0.35 ≈ 0.592 / √0.18 ≈ 0.424。参考率 0.8：部分省份缺考率达 20% 以上 [3P]。最低工作年限：社会工作专业本科毕业即可报考 [3P]（0 个月）；本土人才在岗满 8 个月后报考，即 8 月完成考前辅导的班次于次年 6 月参加考试（假设；简化了其他学历所要求的 2–4 年工作经历，村级工作计入）。",
            "Rules: comprehensive + practice (junior), both in one exam year [3P]. \
                 Assistant pass rates 15–30 % [3P]; both subjects in one sitting 35 % \
                 for professionals / 18 % for locals (assumed), so each subject \
                 √0.35 ≈ 0.592 / √0.18 ≈ 0.424. Participation 0.8: no-shows 20 %+ in some \
                 provinces [3P]. Minimum service: SW bachelors may sit on graduating [3P] \
                 (0 months); locals after 8 months in post, so a cohort that finishes exam \
                 preparation in August sits the next June (assumed; simplifies the 2–4 \
                 years of work asked of other diplomas, counting village work).",
        ),
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
        source: note(
            "规则：综合能力 + 实务 + 法规与政策，三科须在连续两个考试年度内全部通过 [3P]。社会工作师考试通过率 10–20% [3P]；单科通过概率 0.40（假设，领域默认值），本土人才 0.35（假设）。最低工作年限：社会工作本科 + 3 年 [3P] → 36 个月；本土人才 48 个月（假设）。参考率 0.6（假设）。",
            "Rules: comprehensive + practice + laws & policies, all three within two \
                 consecutive exam years [3P]. Intermediate pass rates 10–20 % [3P]; \
                 P(pass one subject) 0.40 (assumed, domain default), locals 0.35 (assumed). \
                 Minimum service: SW bachelor + 3 years [3P] → 36 months; locals 48 months \
                 (assumed). Participation 0.6 (assumed).",
        ),
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
        source: note(
            "规则：先参加高级实务考试，再参加评审；考试成绩在 3 年内可用于评审 [3P，河南 2025 年通知]。高级社会工作师通过率不足 10% [3P]：实务考试专业人才 0.15、本土人才 0.10，评审 0.5（假设）。取得中级证书后最低工作 5 年 [3P]，简化为在岗 60 个月。参考率 0.3（假设）。",
            "Rules: senior practice exam, then the portfolio review; the exam pass stays \
                 valid 3 years for the review [3P, Henan 2025 notice]. Senior pass rate <10 % \
                 [3P]: practice 0.15 professionals / 0.10 locals, review 0.5 (assumed). \
                 Minimum service 5 years after intermediate [3P], simplified to 60 months of \
                 service. Participation 0.3 (assumed).",
        ),
    };
    let pay_source = |grade_zh: &str, grade_en: &str| {
        note(
            &format!(
                "{grade_zh}。月薪：未持证 3,200 元、助理 3,800 元、中级再加 670 元（假设，领域默认值；县级岗位 2,000–4,500 元 [S]，龙门县 2023 年：持助理证 4,633 元、持中级证 5,300 元 [3P]）；高级 5,500 元（假设）。持证津贴每月 200 / 300 / 500 元（甘肃 [S]）。"
            ),
            &format!(
                "{grade_en}. Pay 3,200 uncertified / 3,800 assistant / +670 intermediate yuan per \
                 month (assumed, domain default; county posts 2,000–4,500 [S], 龙门县 2023: 4,633 \
                 with an assistant certificate, 5,300 intermediate [3P]); senior 5,500 (assumed). \
                 Certificate allowances 200 / 300 / 500 yuan per month (Gansu [S])."
            ),
        )
    };
    vec![
        training(
            ["phase_basic", "基础培训", "Basic training"],
            1,
            0.05,
            "phase_practice",
            40.0,
            note(
                "本土人才分阶段培训（政策：“专业人才 + 本土人才”）。岗前课程 40 学时（假设，领域默认值）；1 个月；流失 5%（假设）。",
                "Phased training of local people (policy: \"professional + local talents\"). \
             40 h pre-service course (assumed, domain default); 1 month; dropout 5 % (assumed).",
            ),
        ),
        training(
            ["phase_practice", "实务实训", "Supervised practice"],
            3,
            0.10,
            "phase_exam_prep",
            120.0,
            note(
                "在社工站实务实训：3 个月，120 学时，流失 10%（假设）。",
                "Supervised practice at a station: 3 months, 120 course hours, dropout 10 % (assumed).",
            ),
        ),
        training(
            ["phase_exam_prep", "考前辅导", "Exam preparation"],
            2,
            0.05,
            "uncertified",
            60.0,
            note(
                "考前辅导：2 个月，60 学时，流失 5%（假设）；结业后以未持证身份上岗。",
                "Exam preparation: 2 months, 60 course hours, dropout 5 % (assumed); \
             graduates start work uncertified.",
            ),
        ),
        working(
            ["uncertified", "未持证", "Uncertified"],
            Grade::Uncertified,
            PAY_UNCERTIFIED,
            0.0,
            Some(assistant_exam),
            pay_source("未持证在岗", "Working without a certificate"),
        ),
        working(
            ["assistant", "助理社会工作师", "Assistant social worker"],
            Grade::Assistant,
            PAY_ASSISTANT,
            ALLOWANCE[0],
            Some(intermediate_exam),
            pay_source("助理社会工作师", "助理社会工作师 (assistant social worker)"),
        ),
        working(
            ["intermediate", "社会工作师", "Social worker"],
            Grade::Intermediate,
            PAY_INTERMEDIATE,
            ALLOWANCE[1],
            Some(senior_exam),
            pay_source("社会工作师", "社会工作师 (intermediate social worker)"),
        ),
        working(
            ["senior", "高级社会工作师", "Senior social worker"],
            Grade::Senior,
            PAY_SENIOR,
            ALLOWANCE[2],
            None,
            pay_source("高级社会工作师", "高级社会工作师 (senior social worker)"),
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
        source: note(
            &format!(
                "专业人才：深圳 2011 年入职第一年内离职 28.7% [S]；年离职率深圳 17.6%（2011）– 22.2%（2014），全国约 20% [S]。实际风险率第一年 25%、之后 16%，另在每年续签合同时离职 5%（一年一签较普遍 [S]），合计约 29% / 20%。本土人才：第一年 12%、之后 7%、续签时 3%，合计约 15% / 10%（假设：政策倾向本土人才，两者差异无资料 [NF]）。annual_rate 为基准率：实际率（按月）除以基线乘数 {m:.3} = 欠薪 1 + 0.05 × 0.3 × 3 个月 × 偏远度 1 + 0.3 × 0.5（各村平均偏远度）。薪酬弹性 1.0，以基线薪酬比 {reference_pay_ratio} 为中心（起始人员平均月薪 + 津贴 ÷ 县域部分的当地平均工资）；晋升阶梯 × 0.85；行政事务敏感度 0.5，以行政事务占比 0.6 为中心（“3 天民政事务 + 2 天专业服务” [3P]）；预期每欠薪一个月风险率 +5%；偏远度为 1 时 +30%（均为假设；离职原因：薪酬低、工资拖欠、缺乏晋升通道、行政负担重 [S]）。"
            ),
            &format!(
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
             wages, no ladder, admin load [S])."
            ),
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
        source: note(
            "个案负荷（各人群每年需要个案服务的比例 × 每个个案的工时）为假设值，经调校使一个约 16 个村、每村 1,000 名居民的乡镇在 60% 工作时间用于行政事务时需要约 3 名社工（每村每年约 115 个案工时，平均偏远度下交通另加 15%）；配置标准每站 3 人（广东：每站每年 15万元、3 名社工 [S]）。每名社工每年 1,760 工时（220 天 × 8 小时，假设）。偏远度为 1 时交通另加 30%（假设）。每站最少 2 名社工（河北模板：每站不少于 2 人 [3P]）。每万名居民至少 1 名社工（“十三五”规划：社会工作专业人才不低于人口的 1‰，每个农村社区至少 1 名 [S]，折算为站点社工，假设）。每名社工覆盖 6 个村（假设）。",
            "Case loads (share of each group needing a case a year × hours per case) are \
                 assumed, tuned so a township of ≈ 16 villages of 1,000 residents needs ≈ 3 \
                 workers (≈ 115 case hours per village a year, +15 % travel at mean remoteness) \
                 when 60 % of time goes to administrative work; staffing norm 3 per station \
                 (Guangdong: 15万 yuan per station per year for 3 workers [S]). 1,760 h per \
                 worker-year (220 days × 8 h, assumed). Travel +30 % at remoteness 1 (assumed). \
                 Station minimum 2 workers (Hebei template: ≥ 2 per station [3P]). ≥ 1 worker \
                 per 10,000 residents (13th Five-Year Plan: SW professionals ≥ 1‰ of the \
                 population and ≥ 1 per rural community [S], scaled to station staff, assumed). \
                 One worker covers 6 villages (assumed).",
        ),
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
        source: note(
            "基线：现行薪酬，无晋升阶梯，每周“3 天民政事务 + 2 天专业服务” [3P] → 行政事务占比 0.6，无考试支持。",
            "Baseline: today's pay, no promotion ladder, \"3 days civil-affairs casework + \
                 2 days professional service\" a week [3P] → admin share 0.6, no exam support.",
        ),
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
            source: note(
                "社会工作专业毕业生于毕业后 7 月入职。每年约 4 万名社会工作专业毕业生，仅约 20% 从事社会工作 [S]；分摊到 2,844 个县约每县 3 人，加上本省其他来源约 6 名应聘者（假设）；每 16 个站每年招聘 3 人（假设，与本土人才班次共同测算，使全县约六年达到需求）。",
                "Social-work graduates hired in July after graduation. ≈ 40,000 SW \
                     graduates a year, only ≈ 20 % enter social work [S]; over 2,844 counties \
                     that is ≈ 3 a county, ≈ 6 applicants with the province's other intake \
                     (assumed); 3 hires a year per 16 stations (assumed, sized with the local \
                     cohort so the county reaches its need in about six years).",
            ),
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
            source: note(
                "每 16 个站每年一个班次，招收 5 名本土学员（村干部、村民），3 月开班，分配到缺口最大的乡镇（“先吸纳、再培养、后服务”）。假设：领域默认值每年 30 人会使全县人员在十年内增至三倍；每年 5 人加上专业人才招聘，约到 2032 年补足需求缺口。",
                "A yearly cohort of 5 local trainees per 16 stations (village cadres, \
                     residents), starting in March, placed where the gap is largest (\"absorb \
                     first, then cultivate, then serve\"). Assumed: the domain default of 30 \
                     a year would triple the county's staff within ten years; 5 a year with \
                     the professional hires fills the gap to need by about 2032.",
            ),
        },
        Recruitment::ReplaceLeavers {
            track: PROFESSIONAL.into(),
            stage: "assistant".into(),
            share: 0.5,
            leavers_of_track: Some(PROFESSIONAL.into()),
            period: Period::Yearly { month: 7 },
            source: note(
                "当年离职的专业人才中，一半在 7 月招聘时由来自社工机构或民政系统、有经验且持证的社工补充（政策：“社会工作专业学生和资深民政工作人员”；比例为假设）。",
                "Half of the professionals who left during the year are replaced in the \
                     July hiring round by experienced, certified workers from agencies or \
                     civil affairs (policy: \"professional students and senior civil-affairs \
                     workers\"; share assumed).",
            ),
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
        source: note(
            "河北：未持证社工须在 2 年内取得证书 [S]；逾期者记为逾期，不予辞退（假设）。",
            "Hebei: uncertified workers must certify within 2 years [S]; counted as \
                 overdue, not dismissed (assumed).",
        ),
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
            source: note(
                &format!(
                    "{WAGE_SOURCE_ZH}村：每村约 1,000 名农村居民，60 岁及以上 23%（2020 年人口普查），每村留守儿童约 15 人、留守老人约 60 人（领域默认值，由 697万（2018）和约 5,000万（2013）除以约 50万个村得出 [D]）；残疾人 6%、每村低保户 20 户（假设）；偏远度为假设。"
                ),
                &format!(
                    "{WAGE_SOURCE} Villages: ≈ 1,000 rural residents each, 60+ 23 % (2020 census), \
                 left-behind children ≈ 15 and left-behind elderly ≈ 60 per village \
                 (domain default from 697万 (2018) and ≈ 5,000万 (2013) over ≈ 50万 \
                 villages [D]); disabled 6 % and 20 dibao households per village \
                 (assumed); remoteness assumed."
                ),
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
            source: note(
                "社会保险和住房公积金为薪酬的 30%（假设），因此每名社工全口径年成本约 5–6万元（广东“双百”：每站每年 15万元、3 名社工 [S]；东莞每人 6–7.2万元 [S]）。社工站运行费每年 2万元，培训费每人每月 500 元，考试费每科 50 元，每招聘一人 2,000 元（假设）。各项政策的成本：考试支持每报考一科 300 元，通过率提高 10 个百分点（假设）；晋升阶梯每升一级，持证等级薪酬提高 14%（龙门县 2023 年：持助理证月薪 4,633 元，持中级证 5,300 元 [3P]）；将行政事务转交文员，全部 0.6 的占比每名社工每年需 21,600 元（县级岗位月薪 2,000–4,500 元 [S]；按 3,000 元假设）。经费：中央 / 省级 / 县级 / 福彩公益金 30 / 30 / 25 / 15%（假设），比基线成本高 5%，每年增长 3%（假设）。30% 的年份经费迟到 3 个月（项目经费“经常拖欠” [S]；比例为假设）。",
                "Social insurance and housing fund 30 % of pay (assumed), so a worker costs \
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
                     by 3 months (projects' funds are \"often late\" [S]; rates assumed).",
            ),
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
                note(
                    "假设：本土人才离职率无资料；标准差为数值的 30%（作为 90% 区间约 ±50%）",
                    "assumed: no source on local staff's turnover; sd 30 % of the value (about ±50 % as a 90 % range)",
                ),
            )
        } else if id.starts_with("retention.exit_rate.") {
            (
                beta(v, PROFESSIONAL_EXIT_SD_SHARE),
                note(
                    "有来源：年离职率 17.6%（深圳 2011）至 25% 以上（广州），全国约 20% [S]，视为 90% 区间：标准差为数值的 11%",
                    "sourced: annual turnover 17.6 % (Shenzhen 2011) to over 25 % (Guangzhou) around a national ≈ 20 % [S], taken as a 90 % range: sd 11 % of the value",
                ),
            )
        } else if id.starts_with("exam.") && id.ends_with(".pass.local") {
            (
                beta(v, LOCAL_PASS_SD_SHARE),
                note(
                    "假设：本土学员通过率无公开资料；全国通过率逐年不同（助理 15–30%，中级 10–20% [3P]）：标准差为数值的 25%",
                    "assumed: no published pass rate of local trainees; national pass rates vary from year to year (assistant 15–30 %, intermediate 10–20 % [3P]): sd 25 % of the value",
                ),
            )
        } else if id == "retention.pay_elasticity" {
            (
                (v > 0.0).then_some(Distribution::LogNormal {
                    median: v,
                    sigma: PAY_ELASTICITY_LOG_SIGMA,
                }),
                note(
                    "假设：农村社工无估计值；90% 区间为数值的 0.56–1.8 倍",
                    "assumed: no estimate for rural social workers; 0.56–1.8 times the value as a 90 % range",
                ),
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
                note(
                    "以参数目录的合理范围为最低值和最高值、文件中的数值为最可能值（假设，见参数目录）",
                    "the catalog's plausible range as the lowest and highest value, the file's value as the most likely (assumed, see the lever catalog)",
                ),
            )
        } else {
            continue;
        };
        if let Some(distribution) = dist {
            assumptions.push(Assumption {
                id: e.id.clone(),
                distribution,
                source,
            });
        }
    }
    Uncertainty {
        assumptions,
        source: note(
            "每次模拟先抽取一次这些数值，再带过程随机性运行；文件中的数值为各分布的中心（均值；弹性为中位数，敏感度为最可能值）。各项相互独立抽取。",
            "Each replication draws these once, then runs with process noise; \
             the values in the file are the distributions' centres (means; the \
             elasticity's median, the sensitivities' most likely value). Drawn \
             independently of each other.",
        ),
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
                source: SourceNote| Goal {
        id: id.into(),
        label: label.into(),
        label_en: label_en.into(),
        metric: metric.into(),
        comparison,
        level,
        year,
        every_year,
        source,
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
                note(
                    "覆盖：2025 年底前每个乡镇建成社工站（民政部 2021 年意见、“十四五”民政事业发展规划 [S]），每站至少 2 名社工（河北模板 [3P]）；自规划第一年起每年保持（假设）。",
                    "Coverage: stations in every township by the end of 2025 (Ministry of Civil \
                  Affairs 2021 opinions, 14th Five-Year civil-affairs plan [S]), at least 2 \
                  workers a station (Hebei template [3P]); kept every year from the first \
                  year of the plan (assumed).",
                ),
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
                note(
                    "社工站模板：站点人员持证比例不低于 60% [3P]；以 2027 年作为提质增效阶段的中期年份（假设）。",
                    "Station template: at least 60 % of station staff certified [3P]; 2027 as the \
                  mid-term year of the quality phase (assumed).",
                ),
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
                note(
                    "提质增效阶段（2026 年起 [S]）：各站达到 3 人的配置标准（广东：每站 3 名社工 [S]）；2030 年达到 90%（假设）。",
                    "Quality phase (提质增效, 2026 onwards [S]): stations staffed to their norm of 3 \
                  (Guangdong: 3 workers a station [S]); 90 % by 2030 (assumed).",
                ),
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
                note(
                    "“十三五”规划：社会工作专业人才不低于人口的 1‰ [S]，折算为站点社工（假设）。",
                    "13th Five-Year Plan: social-work professionals at least 1‰ of the population \
                  [S], scaled to station staff (assumed).",
                ),
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
                note(
                    "运行经费由县级财政和省级福彩公益金保障 [S]；任何年份支出不得超出当年经费（规划的假设规则）。",
                    "Running costs are met from county budgets and provincial welfare-lottery \
                  funds [S]; no year may spend beyond its funding (assumed rule of the plan).",
                ),
            ),
        ],
        by_year: Some(2030),
        source: note(
            "阶段目标参照已公布的乡镇社工站建设规划（2021–2024）[S]；本县的目标水平和年份为假设。",
            "Phased targets shaped like published township-station plans (2021–2024) [S]; \
                  the levels and years of this county are assumed.",
        ),
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
