//! Who may sit which level of the national social worker exam: the rule
//! table of the national rules, written once for the roster and the engine.
//!
//! Sources (MODEL.md, §3a, cites them in full):
//!
//! - assistant (助理社会工作师) and intermediate (社会工作师): the conditions
//!   of the 2006 implementing measures (国人部发〔2006〕71号, 《助理社会工作师、
//!   社会工作师职业水平考试实施办法》), repeated word for word in every
//!   yearly exam notice since;
//! - senior (高级社会工作师): 《高级社会工作师评价办法》, issued by the
//!   ministries of human resources and social security and of civil affairs
//!   on 6 March 2018;
//! - how years are counted: the yearly notices, "从事社会工作年限的计算截止
//!   日期为考试报名年度当年年底" (to 31 December of the exam year).
//!
//! The table: education × major × level → years of social-work service
//! required, and whether they count from the start of service or from an
//! earlier certificate. [`may_sit`] applies it to one candidate at the
//! sitting of one year; [`judge`] does the same from months already counted
//! (for callers that count service in months, like the projection engine).
//!
//! Pure data and pure functions: no dates beyond month numbers
//! (`year × 12 + month − 1`), no I/O.

use serde::{Deserialize, Serialize};

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
    /// Every education, lowest first.
    pub const ALL: [Education; 6] = [
        Education::BelowHighSchool,
        Education::HighSchool,
        Education::JuniorCollege,
        Education::Bachelor,
        Education::Master,
        Education::Doctorate,
    ];

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

    /// The name in English (`chinese` false) or Chinese.
    #[must_use]
    pub fn name(self, chinese: bool) -> &'static str {
        match (self, chinese) {
            (Education::BelowHighSchool, false) => "below high school",
            (Education::BelowHighSchool, true) => "初中及以下",
            (Education::HighSchool, false) => "high school or secondary vocational school",
            (Education::HighSchool, true) => "高中或中专",
            (Education::JuniorCollege, false) => "junior college",
            (Education::JuniorCollege, true) => "大专",
            (Education::Bachelor, false) => "bachelor",
            (Education::Bachelor, true) => "本科",
            (Education::Master, false) => "master",
            (Education::Master, true) => "硕士",
            (Education::Doctorate, false) => "doctorate",
            (Education::Doctorate, true) => "博士",
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

impl Major {
    /// Both majors.
    pub const ALL: [Major; 2] = [Major::SocialWork, Major::Other];
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

    /// The certificate's Chinese name.
    #[must_use]
    pub fn name_zh(self) -> &'static str {
        match self {
            Level::Assistant => "助理社会工作师",
            Level::Intermediate => "社会工作师",
            Level::Senior => "高级社会工作师",
        }
    }

    /// The matching scenario grade.
    #[must_use]
    pub fn grade(self) -> super::scenario::Grade {
        use super::scenario::Grade;
        match self {
            Level::Assistant => Grade::Assistant,
            Level::Intermediate => Grade::Intermediate,
            Level::Senior => Grade::Senior,
        }
    }

    /// Position in [`Level::ALL`].
    #[must_use]
    pub fn index(self) -> usize {
        match self {
            Level::Assistant => 0,
            Level::Intermediate => 1,
            Level::Senior => 2,
        }
    }
}

/// Where the years of service of a path are counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CountedFrom {
    /// Total social-work service (before and after the diploma alike).
    ServiceStart,
    /// Service after an earlier certificate took effect; the certificate is required.
    Certificate(Level),
}

/// What one path to a level asks of a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    /// Full years of social-work service required by the cut-off.
    pub service_years: u32,
    /// Where they are counted from.
    pub counted_from: CountedFrom,
}

impl Requirement {
    /// The years in months.
    #[must_use]
    pub fn service_months(&self) -> u32 {
        self.service_years * 12
    }
}

/// One row of the national rule table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Level sat.
    pub level: Level,
    /// Highest education of the candidate.
    pub education: Education,
    /// Field of that education.
    pub major: Major,
    /// What the path asks; `None` if this education may not sit the level at all.
    pub requirement: Option<Requirement>,
    /// The condition of the rules this row follows.
    pub basis: &'static str,
}

const fn row(
    level: Level,
    education: Education,
    major: Major,
    years: u32,
    counted_from: CountedFrom,
    basis: &'static str,
) -> Rule {
    Rule {
        level,
        education,
        major,
        requirement: Some(Requirement {
            service_years: years,
            counted_from,
        }),
        basis,
    }
}

const fn closed(level: Level, education: Education, major: Major, basis: &'static str) -> Rule {
    Rule {
        level,
        education,
        major,
        requirement: None,
        basis,
    }
}

use CountedFrom::{Certificate, ServiceStart};
use Education::{Bachelor, Doctorate, HighSchool, JuniorCollege, Master};
use Level::{Assistant, Intermediate, Senior};
use Major::{Other, SocialWork};

/// The national rules, one row per level × education (high school / 中专 and
/// above) × major. Below high school no path is open. Where several
/// conditions apply to the same education, the row holds the most lenient
/// (an other-major master sits intermediate after 1 + 2 = 3 years, not the
/// 4 + 2 of "大专 and above").
pub const RULES: [Rule; 30] = [
    // Assistant (国人部发〔2006〕71号, conditions 1–5).
    row(
        Assistant,
        HighSchool,
        SocialWork,
        4,
        ServiceStart,
        "71号 助理 (一) 高中或中专 +4",
    ),
    row(
        Assistant,
        HighSchool,
        Other,
        4,
        ServiceStart,
        "71号 助理 (一) 高中或中专 +4",
    ),
    row(
        Assistant,
        JuniorCollege,
        SocialWork,
        2,
        ServiceStart,
        "71号 助理 (二) 社工大专 +2",
    ),
    row(
        Assistant,
        JuniorCollege,
        Other,
        4,
        ServiceStart,
        "71号 助理 (四) 其他大专 +4",
    ),
    row(
        Assistant,
        Bachelor,
        SocialWork,
        0,
        ServiceStart,
        "71号 助理 (三) 社工本科应届及以上 0",
    ),
    row(
        Assistant,
        Bachelor,
        Other,
        2,
        ServiceStart,
        "71号 助理 (五) 其他本科及以上 +2",
    ),
    row(
        Assistant,
        Master,
        SocialWork,
        0,
        ServiceStart,
        "71号 助理 (三) 社工本科应届及以上 0",
    ),
    row(
        Assistant,
        Master,
        Other,
        2,
        ServiceStart,
        "71号 助理 (五) 其他本科及以上 +2",
    ),
    row(
        Assistant,
        Doctorate,
        SocialWork,
        0,
        ServiceStart,
        "71号 助理 (三) 社工本科应届及以上 0",
    ),
    row(
        Assistant,
        Doctorate,
        Other,
        2,
        ServiceStart,
        "71号 助理 (五) 其他本科及以上 +2",
    ),
    // Intermediate (71号, conditions 1–6; 6: other majors +2 years).
    row(
        Intermediate,
        HighSchool,
        SocialWork,
        6,
        Certificate(Assistant),
        "71号 中级 (一) 高中或中专，取得助理证书后 +6",
    ),
    row(
        Intermediate,
        HighSchool,
        Other,
        6,
        Certificate(Assistant),
        "71号 中级 (一) 高中或中专，取得助理证书后 +6",
    ),
    row(
        Intermediate,
        JuniorCollege,
        SocialWork,
        4,
        ServiceStart,
        "71号 中级 (二) 社工大专 +4",
    ),
    row(
        Intermediate,
        JuniorCollege,
        Other,
        6,
        ServiceStart,
        "71号 中级 (二)+(六) 其他大专 +4+2",
    ),
    row(
        Intermediate,
        Bachelor,
        SocialWork,
        3,
        ServiceStart,
        "71号 中级 (三) 社工本科 +3",
    ),
    row(
        Intermediate,
        Bachelor,
        Other,
        5,
        ServiceStart,
        "71号 中级 (三)+(六) 其他本科 +3+2",
    ),
    row(
        Intermediate,
        Master,
        SocialWork,
        1,
        ServiceStart,
        "71号 中级 (四) 社工硕士 +1",
    ),
    row(
        Intermediate,
        Master,
        Other,
        3,
        ServiceStart,
        "71号 中级 (四)+(六) 其他硕士 +1+2",
    ),
    row(
        Intermediate,
        Doctorate,
        SocialWork,
        0,
        ServiceStart,
        "71号 中级 (五) 社工博士 0",
    ),
    row(
        Intermediate,
        Doctorate,
        Other,
        2,
        ServiceStart,
        "71号 中级 (五)+(六) 其他博士 0+2",
    ),
    // Senior (高级社会工作师评价办法, 2018): bachelor and above, 5 years
    // after the intermediate certificate; then the review.
    closed(Senior, HighSchool, SocialWork, "高级评价办法: 本科及以上"),
    closed(Senior, HighSchool, Other, "高级评价办法: 本科及以上"),
    closed(
        Senior,
        JuniorCollege,
        SocialWork,
        "高级评价办法: 本科及以上",
    ),
    closed(Senior, JuniorCollege, Other, "高级评价办法: 本科及以上"),
    row(
        Senior,
        Bachelor,
        SocialWork,
        5,
        Certificate(Intermediate),
        "高级评价办法: 取得中级后 +5",
    ),
    row(
        Senior,
        Bachelor,
        Other,
        5,
        Certificate(Intermediate),
        "高级评价办法: 取得中级后 +5",
    ),
    row(
        Senior,
        Master,
        SocialWork,
        5,
        Certificate(Intermediate),
        "高级评价办法: 取得中级后 +5",
    ),
    row(
        Senior,
        Master,
        Other,
        5,
        Certificate(Intermediate),
        "高级评价办法: 取得中级后 +5",
    ),
    row(
        Senior,
        Doctorate,
        SocialWork,
        5,
        Certificate(Intermediate),
        "高级评价办法: 取得中级后 +5",
    ),
    row(
        Senior,
        Doctorate,
        Other,
        5,
        Certificate(Intermediate),
        "高级评价办法: 取得中级后 +5",
    ),
];

/// The row of [`RULES`] for a level, education and major (`None` below high school).
#[must_use]
pub fn rule(level: Level, education: Education, major: Major) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|r| r.level == level && r.education == education && r.major == major)
}

/// What a level asks of an education and major; `None` if no path is open.
#[must_use]
pub fn requirement(level: Level, education: Education, major: Major) -> Option<Requirement> {
    rule(level, education, major).and_then(|r| r.requirement)
}

/// The lowest education with a path to `level`.
#[must_use]
pub fn lowest_education(level: Level) -> Education {
    RULES
        .iter()
        .filter(|r| r.level == level && r.requirement.is_some())
        .map(|r| r.education)
        .min()
        .unwrap_or(Education::Doctorate)
}

/// Month number of a calendar month: `year × 12 + month − 1`.
#[must_use]
pub fn month_number(year: i32, month: u32) -> i32 {
    year * 12 + month.clamp(1, 12) as i32 - 1
}

/// The month number at which service stops counting for the sitting of
/// `sitting_year`: years are counted to 31 December of the exam year
/// (yearly exam notices), so the cut-off is the start of the next January.
#[must_use]
pub fn cutoff_month(sitting_year: i32) -> i32 {
    month_number(sitting_year + 1, 1)
}

/// Months from the exam month to the cut-off, the exam month included:
/// a person with `n` months of service when the exam month begins has
/// `n + months_to_cutoff(exam_month)` months by the cut-off (if still in
/// post). For callers that count service in months since hire.
#[must_use]
pub fn months_to_cutoff(exam_month: u32) -> u32 {
    13 - exam_month.clamp(1, 12)
}

/// When the yearly sitting is and when its results are published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamCalendar {
    /// Calendar month of the sitting (mid-June historically; 24–25 May in 2025).
    pub sitting_month: u32,
    /// Calendar month the results are published; a certificate takes effect
    /// on the first day of that month (late July 2025, early August 2024,
    /// late August or September 2022–2023).
    pub results_month: u32,
}

impl Default for ExamCalendar {
    fn default() -> Self {
        Self {
            sitting_month: DEFAULT_SITTING_MONTH,
            results_month: DEFAULT_RESULTS_MONTH,
        }
    }
}

/// Month of the yearly sitting, June (mid-June 2016–2024 apart from the
/// 2020–2021 October sittings; 24–25 May 2025).
pub const DEFAULT_SITTING_MONTH: u32 = 6;

/// Month the results are published, August (2025: late July; 2024: early
/// August; 2023: late August to early September; 2022: September).
pub const DEFAULT_RESULTS_MONTH: u32 = 8;

impl ExamCalendar {
    /// Month number in which a certificate of sitting year `year` takes effect.
    #[must_use]
    pub fn certificate_month(&self, year: i32) -> i32 {
        month_number(year, self.results_month)
    }

    /// Month number of the sitting of `year`.
    #[must_use]
    pub fn sitting(&self, year: i32) -> i32 {
        month_number(year, self.sitting_month)
    }

    /// Whether a certificate of sitting year `cert_year` is in effect at the
    /// sitting of `sitting_year` (published before that sitting's month).
    #[must_use]
    pub fn in_effect_at(&self, cert_year: i32, sitting_year: i32) -> bool {
        self.certificate_month(cert_year) < self.sitting(sitting_year)
    }
}

/// A candidate as the rules see them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate<'a> {
    /// Highest education.
    pub education: Education,
    /// Field of that education.
    pub major: Major,
    /// Month number of the first whole month of social-work service; `None`
    /// if no start is known. (Work done while studying full time does not
    /// count: the start is the first month after graduating for them.)
    pub service_from_month: Option<i32>,
    /// Month number at which service stopped (exclusive), if it stopped.
    pub service_until_month: Option<i32>,
    /// Certificates held: level and the sitting year that gave it.
    pub certificates: &'a [(Level, i32)],
}

/// Service of a candidate counted up to the cut-off of one sitting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ServiceAtCutoff {
    /// Months of social-work service by the cut-off; `None` if no start is known.
    pub total_months: Option<u32>,
    /// Per level (index [`Level::index`]): months of service since that
    /// certificate took effect, by the cut-off; `None` if the certificate is
    /// not held or not yet in effect at the sitting.
    pub since_certificate_months: [Option<u32>; 3],
}

impl ServiceAtCutoff {
    /// The highest level held at the sitting.
    #[must_use]
    pub fn highest_held(&self) -> Option<Level> {
        Level::ALL
            .into_iter()
            .rev()
            .find(|l| self.since_certificate_months[l.index()].is_some())
    }
}

/// Counts a candidate's service for the sitting of `sitting_year`.
#[must_use]
pub fn service_at_cutoff(c: &Candidate, sitting_year: i32, cal: &ExamCalendar) -> ServiceAtCutoff {
    let end = c
        .service_until_month
        .map_or(cutoff_month(sitting_year), |u| {
            u.min(cutoff_month(sitting_year))
        });
    let months = |from: i32| u32::try_from(end - from).unwrap_or(0);
    let mut since = [None; 3];
    for &(level, year) in c.certificates {
        if !cal.in_effect_at(year, sitting_year) {
            continue;
        }
        let from = cal.certificate_month(year);
        // Service after the certificate: from the later of the certificate
        // and the start of service (none without a start).
        let m = c.service_from_month.map_or(0, |s| months(s.max(from)));
        let slot = &mut since[level.index()];
        // The first award of a level counts (the longest time since).
        *slot = Some(slot.map_or(m, |old: u32| old.max(m)));
    }
    ServiceAtCutoff {
        total_months: c.service_from_month.map(months),
        since_certificate_months: since,
    }
}

/// Why a candidate may not sit a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// Holds this level or a higher one already.
    AlreadyCertified {
        /// The highest level held.
        held: Level,
    },
    /// No path of the level is open to this education.
    Education {
        /// The level.
        level: Level,
        /// The lowest education with a path.
        lowest: Education,
    },
    /// The path needs an earlier certificate, not held (or not in effect at the sitting).
    CertificateMissing {
        /// The certificate needed.
        needs: Level,
    },
    /// Years of service are required and no start of service is known.
    ServiceStartMissing {
        /// Years required.
        required_years: u32,
    },
    /// Not enough service by the cut-off.
    Service {
        /// What the path asks.
        requirement: Requirement,
        /// Months counted as the path counts them.
        has_months: u32,
    },
}

impl Refusal {
    /// A machine-readable code: `already_certified`, `education`,
    /// `certificate_missing`, `service_start_missing`, `service_years`
    /// (total service short) or `years_since_certificate` (service since the
    /// earlier certificate short).
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::AlreadyCertified { .. } => "already_certified",
            Refusal::Education { .. } => "education",
            Refusal::CertificateMissing { .. } => "certificate_missing",
            Refusal::ServiceStartMissing { .. } => "service_start_missing",
            Refusal::Service { requirement, .. } => match requirement.counted_from {
                ServiceStart => "service_years",
                Certificate(_) => "years_since_certificate",
            },
        }
    }

    /// The reason in English (`chinese` false) or Chinese.
    #[must_use]
    pub fn message(&self, chinese: bool) -> String {
        match (*self, chinese) {
            (Refusal::AlreadyCertified { held }, false) => {
                format!("already holds the {} certificate", held.id())
            }
            (Refusal::AlreadyCertified { held }, true) => {
                format!("已持有{}证书", held.name_zh())
            }
            (Refusal::Education { level, lowest }, false) => format!(
                "the {} exam asks for education at {} level or above",
                level.id(),
                lowest.name(false)
            ),
            (Refusal::Education { level, lowest }, true) => format!(
                "报考{}须具有{}及以上学历",
                level.name_zh(),
                lowest.name(true)
            ),
            (Refusal::CertificateMissing { needs }, false) => {
                format!("needs the {} certificate first", needs.id())
            }
            (Refusal::CertificateMissing { needs }, true) => {
                format!("须先取得{}证书", needs.name_zh())
            }
            (Refusal::ServiceStartMissing { required_years }, false) => format!(
                "needs {} of social-work service; no start of service is recorded",
                count_en(required_years, "year")
            ),
            (Refusal::ServiceStartMissing { required_years }, true) => {
                format!("须从事社会工作满{required_years}年，未记录开始从事社会工作的日期")
            }
            (
                Refusal::Service {
                    requirement,
                    has_months,
                },
                _,
            ) => describe(requirement, has_months, chinese),
        }
    }
}

/// "1 year", "2 years"; "1 month", "3 months" (English counts).
fn count_en(n: u32, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// "needs N years …, has Y years M months" for a requirement and the months counted.
#[must_use]
pub fn describe(requirement: Requirement, has_months: u32, chinese: bool) -> String {
    let (y, m) = (has_months / 12, has_months % 12);
    let r = requirement.service_years;
    let has = || format!("{} {}", count_en(y, "year"), count_en(m, "month"));
    let needs = || count_en(r, "year");
    match (requirement.counted_from, chinese) {
        (ServiceStart, false) => format!(
            "needs {} of social-work service by 31 December of the exam year, has {}",
            needs(),
            has()
        ),
        (ServiceStart, true) => {
            format!("须于考试当年12月31日前从事社会工作满{r}年，届时为{y}年{m}个月")
        }
        (Certificate(l), false) => format!(
            "needs {} of social-work service after the {} certificate by 31 December of the exam year, has {}",
            needs(),
            l.id(),
            has()
        ),
        (Certificate(l), true) => format!(
            "取得{}证书后须于考试当年12月31日前从事社会工作满{r}年，届时为{y}年{m}个月",
            l.name_zh()
        ),
    }
}

/// Whether a candidate of `education` and `major` with `service` (counted
/// to the cut-off) may sit `level`: the requirement met, or why not.
pub fn judge(
    level: Level,
    education: Education,
    major: Major,
    service: &ServiceAtCutoff,
) -> Result<Requirement, Refusal> {
    if let Some(held) = service.highest_held().filter(|h| *h >= level) {
        return Err(Refusal::AlreadyCertified { held });
    }
    let Some(requirement) = requirement(level, education, major) else {
        return Err(Refusal::Education {
            level,
            lowest: lowest_education(level),
        });
    };
    let has = match requirement.counted_from {
        ServiceStart => service.total_months,
        Certificate(needs) => match service.since_certificate_months[needs.index()] {
            None => return Err(Refusal::CertificateMissing { needs }),
            Some(m) => service.total_months.map(|_| m),
        },
    };
    match has {
        None if requirement.service_years > 0 => Err(Refusal::ServiceStartMissing {
            required_years: requirement.service_years,
        }),
        Some(m) if m < requirement.service_months() => Err(Refusal::Service {
            requirement,
            has_months: m,
        }),
        _ => Ok(requirement),
    }
}

/// Whether a candidate may sit `level` at the sitting of `sitting_year`
/// under the national rules, and if not, why.
pub fn may_sit(
    candidate: &Candidate,
    level: Level,
    sitting_year: i32,
    cal: &ExamCalendar,
) -> Result<Requirement, Refusal> {
    judge(
        level,
        candidate.education,
        candidate.major,
        &service_at_cutoff(candidate, sitting_year, cal),
    )
}

/// Share of a group of mixed education that may sit `level` with the same
/// `service` (a cell of the engine: people of one track, stage and months of
/// service): the sum of the shares of `mix` (education, major, share) whose
/// path is open. Shares need not add up to 1; the result is their open part.
#[must_use]
pub fn open_share(level: Level, mix: &[(Education, Major, f64)], service: &ServiceAtCutoff) -> f64 {
    mix.iter()
        .filter(|(e, m, _)| judge(level, *e, *m, service).is_ok())
        .map(|(_, _, share)| share)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_service_texts_count_in_the_singular_and_plural() {
        let one = Requirement {
            service_years: 1,
            counted_from: CountedFrom::ServiceStart,
        };
        assert_eq!(
            describe(one, 13, false),
            "needs 1 year of social-work service by 31 December of the exam year, has 1 year 1 month"
        );
        let four = Requirement {
            service_years: 4,
            counted_from: CountedFrom::Certificate(Level::Assistant),
        };
        assert_eq!(
            describe(four, 26, false),
            "needs 4 years of social-work service after the assistant certificate by 31 December of the exam year, has 2 years 2 months"
        );
        assert_eq!(
            describe(four, 26, true),
            "取得助理社会工作师证书后须于考试当年12月31日前从事社会工作满4年，届时为2年2个月"
        );
    }

    #[test]
    fn the_table_has_every_combination_once() {
        for level in Level::ALL {
            for education in &Education::ALL[1..] {
                for major in Major::ALL {
                    let n = RULES
                        .iter()
                        .filter(|r| {
                            r.level == level && r.education == *education && r.major == major
                        })
                        .count();
                    assert_eq!(n, 1, "{level:?} {education:?} {major:?}");
                }
            }
        }
        assert!(rule(Level::Assistant, Education::BelowHighSchool, Major::Other).is_none());
        assert_eq!(lowest_education(Level::Senior), Education::Bachelor);
        assert_eq!(lowest_education(Level::Assistant), Education::HighSchool);
    }

    #[test]
    fn more_education_never_asks_more_years() {
        for level in Level::ALL {
            for major in Major::ALL {
                let years: Vec<u32> = Education::ALL[1..]
                    .iter()
                    .filter_map(|e| requirement(level, *e, major))
                    .filter(|r| r.counted_from == ServiceStart)
                    .map(|r| r.service_years)
                    .collect();
                assert!(
                    years.windows(2).all(|w| w[0] >= w[1]),
                    "{level:?} {major:?}: {years:?}"
                );
            }
        }
    }

    #[test]
    fn open_share_of_a_mixed_track() {
        // Half high school, a quarter social-work bachelors, a quarter other
        // bachelors: after 3 years of service, only the bachelors in social
        // work may sit intermediate; with 5 years, the other bachelors too;
        // high school waits for the assistant certificate.
        let mix = [
            (Education::HighSchool, Major::Other, 0.5),
            (Education::Bachelor, Major::SocialWork, 0.25),
            (Education::Bachelor, Major::Other, 0.25),
        ];
        let at = |months| ServiceAtCutoff {
            total_months: Some(months),
            since_certificate_months: [None; 3],
        };
        assert_eq!(open_share(Level::Intermediate, &mix, &at(36)), 0.25);
        assert_eq!(open_share(Level::Intermediate, &mix, &at(60)), 0.5);
        assert_eq!(open_share(Level::Assistant, &mix, &at(0)), 0.25);
        assert_eq!(open_share(Level::Assistant, &mix, &at(48)), 1.0);
    }

    #[test]
    fn cutoff_counts_to_the_end_of_december() {
        assert_eq!(cutoff_month(2025) - month_number(2022, 1), 48);
        assert_eq!(months_to_cutoff(6), 7);
        assert_eq!(months_to_cutoff(12), 1);
        let cal = ExamCalendar::default();
        assert!(cal.in_effect_at(2024, 2025));
        assert!(!cal.in_effect_at(2025, 2025));
    }
}
