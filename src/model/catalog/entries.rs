//! How the catalog's entries are made from a scenario: the fixed entries
//! and those generated from its lists, each with its unit, kind, ranges
//! and their basis, cost effect and documented direction of effect.

use super::{Access, Basis, Catalog, CostEffect, Effect, Entry, LeverKind, Unit};
use crate::model::scenario::{
    Grade, Group, MAX_TRACKED_MONTHS, Recruitment, Scenario, SourceNote, StageKind,
};

use super::ranges;

/// What the builder needs to know about one entry besides its place.
struct Spec {
    unit: Unit,
    kind: LeverKind,
    valid: (f64, f64),
    plausible: Plausible,
    integer: bool,
    cost: CostEffect,
    effect: Option<Effect>,
}

/// How the plausible bounds of an entry are found from its value.
enum Plausible {
    /// ± this share of the value, assumed.
    Relative(f64),
    /// These absolute bounds, with their basis.
    Fixed(f64, f64, Basis),
    /// The value times these factors, with their basis.
    Factors(f64, f64, Basis),
}

fn rises(metric: &str) -> Option<Effect> {
    Some(Effect {
        metric: metric.to_string(),
        rises: true,
    })
}

fn falls(metric: &str) -> Option<Effect> {
    Some(Effect {
        metric: metric.to_string(),
        rises: false,
    })
}

fn assumed(text: &str) -> Basis {
    Basis::Assumed(text.to_string())
}

fn sourced(text: &str) -> Basis {
    Basis::Sourced(text.to_string())
}

struct Builder<'a> {
    sc: &'a Scenario,
    entries: Vec<Entry>,
}

impl Builder<'_> {
    fn push(
        &mut self,
        (id, path): (String, String),
        (name_zh, name_en): (String, String),
        source: &SourceNote,
        access: Access,
        spec: Spec,
    ) {
        let mut e = Entry {
            id,
            path,
            name_zh,
            name_en,
            unit: spec.unit,
            kind: spec.kind,
            valid_min: spec.valid.0,
            valid_max: spec.valid.1,
            plausible_low: 0.0,
            plausible_high: 0.0,
            basis: assumed(""),
            integer: spec.integer,
            cost: spec.cost,
            effect: spec.effect,
            source: source.clone(),
            access,
        };
        let Some(v) = e.get(self.sc) else {
            return;
        };
        let (lo, hi, basis) = match spec.plausible {
            Plausible::Relative(r) => (
                v * (1.0 - r),
                v * (1.0 + r),
                assumed(&format!("±{:.0} % of the value", r * 100.0)),
            ),
            Plausible::Fixed(lo, hi, basis) => (lo, hi, basis),
            Plausible::Factors(a, b, basis) => (v * a, v * b, basis),
        };
        let (lo, hi) = (e.clamp(lo.min(hi)), e.clamp(lo.max(hi)));
        // The plausible range always holds the value itself.
        let v = e.clamp(v);
        e.plausible_low = lo.min(v);
        e.plausible_high = hi.max(v);
        e.basis = basis;
        // Keep ids unique: a second entry of the same name gets `#2`.
        let mut id = e.id.clone();
        let mut k = 2;
        while self.entries.iter().any(|x| x.id == id) {
            id = format!("{}#{k}", e.id);
            k += 1;
        }
        e.id = id;
        self.entries.push(e);
    }
}

fn share_spec(
    kind: LeverKind,
    plausible: Plausible,
    cost: CostEffect,
    effect: Option<Effect>,
) -> Spec {
    Spec {
        unit: Unit::Share,
        kind,
        valid: ranges::SHARE,
        plausible,
        integer: false,
        cost,
        effect,
    }
}

fn spec(
    unit: Unit,
    kind: LeverKind,
    valid: (f64, f64),
    plausible: Plausible,
    cost: CostEffect,
    effect: Option<Effect>,
) -> Spec {
    Spec {
        unit,
        kind,
        valid,
        plausible,
        integer: matches!(unit, Unit::Months | Unit::Switch),
        cost,
        effect,
    }
}

/// Name of a stage or track in both languages (`name_en` may be empty).
fn names(name: &str, name_en: &str, id: &str) -> (String, String) {
    let zh = if name.is_empty() { id } else { name };
    let en = if name_en.is_empty() { zh } else { name_en };
    (zh.to_string(), en.to_string())
}

fn joined((a_zh, a_en): &(String, String), zh: &str, en: &str) -> (String, String) {
    (format!("{a_zh} · {zh}"), format!("{a_en} · {en}"))
}

/// The id and the field path of an entry whose id is the path.
fn same(path: &str) -> (String, String) {
    (path.to_string(), path.to_string())
}

fn group_names(g: Group) -> (&'static str, &'static str, &'static str) {
    match g {
        Group::Population => ("population", "全体居民", "all residents"),
        Group::Aged60Plus => ("aged_60_plus", "60 岁以上老人", "residents aged 60+"),
        Group::LeftBehindChildren => ("left_behind_children", "留守儿童", "left-behind children"),
        Group::LeftBehindElderly => ("left_behind_elderly", "留守老人", "left-behind elderly"),
        Group::Disabled => ("disabled", "残疾人", "people with disabilities"),
        Group::DibaoHouseholds => ("dibao_households", "低保户", "dibao households"),
    }
}

/// The tenure band part of an exit-rate id.
fn band_id(from: u32, to: Option<u32>) -> String {
    match (from, to) {
        (0, Some(12)) => "first_year".into(),
        (12, None) => "after_first_year".into(),
        (0, None) => "all_tenures".into(),
        (f, Some(t)) => format!("months_{f}_{t}"),
        (f, None) => format!("from_month_{f}"),
    }
}

fn band_names(from: u32, to: Option<u32>) -> (String, String) {
    match (from, to) {
        (0, Some(12)) => ("第一年".into(), "first year".into()),
        (12, None) => ("一年以后".into(), "after the first year".into()),
        (0, None) => ("各工龄".into(), "any tenure".into()),
        (f, Some(t)) => (
            format!("工龄 {f}–{t} 个月"),
            format!("{f}–{t} months of service"),
        ),
        (f, None) => (
            format!("工龄 {f} 个月以上"),
            format!("{f}+ months of service"),
        ),
    }
}

fn subject_names(id: &str) -> (&str, &str) {
    match id {
        "comprehensive" => ("综合能力", "comprehensive ability"),
        "practice" => ("实务", "practice"),
        "law_policy" => ("法规与政策", "laws and policies"),
        "review" => ("评审", "review"),
        other => (other, other),
    }
}

impl Catalog {
    /// The catalog of `sc`: its fixed entries and those generated from its
    /// lists (cohorts, schedules, stages, exams, exit rates, tracks,
    /// caseloads, funding sources). Entries whose place in the scenario does
    /// not exist (no centre, no applicant cap …) are left out.
    #[must_use]
    pub fn of(sc: &Scenario) -> Catalog {
        let mut b = Builder {
            sc,
            entries: Vec::new(),
        };
        levers(&mut b);
        recruitment(&mut b);
        stages(&mut b);
        exams(&mut b);
        retention(&mut b);
        need(&mut b);
        budget(&mut b);
        Catalog { entries: b.entries }
    }
}

fn n(zh: &str, en: &str) -> (String, String) {
    (zh.to_string(), en.to_string())
}

fn track_names(sc: &Scenario, id: &str) -> (String, String) {
    sc.tracks
        .iter()
        .find(|t| t.id == id)
        .map_or_else(|| names("", "", id), |t| names(&t.name, &t.name_en, id))
}

fn levers(b: &mut Builder) {
    use CostEffect::{Lowers, Raises};
    use LeverKind::Policy;
    let lv = b.sc.levers.source.clone();
    b.push(
        same("levers.pay_multiplier"),
        n("薪酬倍数", "Pay multiplier"),
        &lv,
        Access::PayMultiplier,
        spec(
            Unit::Multiplier,
            Policy,
            ranges::PAY_MULTIPLIER,
            Plausible::Fixed(1.0, 1.3, assumed("from today's pay to a 30 % raise")),
            Raises,
            rises("headcount_total"),
        ),
    );
    b.push(
        same("levers.promotion_ladder"),
        n("晋升通道", "Promotion ladder"),
        &lv,
        Access::PromotionLadder,
        spec(
            Unit::Switch,
            Policy,
            (0.0, 1.0),
            Plausible::Fixed(0.0, 1.0, assumed("without or with a ladder")),
            Raises,
            rises("headcount_total"),
        ),
    );
    b.push(
        same("levers.admin_share"),
        n("行政事务占比", "Administrative share of working time"),
        &lv,
        Access::AdminShare,
        Spec {
            valid: ranges::ADMIN_SHARE,
            ..share_spec(
                Policy,
                Plausible::Fixed(
                    0.4,
                    0.6,
                    sourced(
                        "\"3 days civil-affairs casework + 2 days professional service\" a week (0.6), down to 2 + 3 days (0.4)",
                    ),
                ),
                Lowers,
                rises("need_fte"),
            )
        },
    );
    b.push(
        same("levers.exam_support_pass_uplift"),
        n("考试辅导提高通过率", "Exam support: pass-rate uplift"),
        &lv,
        Access::ExamUplift,
        share_spec(
            Policy,
            Plausible::Fixed(0.0, 0.1, assumed("none to +10 points per subject")),
            Raises,
            rises("certified"),
        ),
    );
    b.push(
        same("levers.recruitment_multiplier"),
        n("招聘规模倍数", "Recruitment multiplier"),
        &lv,
        Access::RecruitmentMultiplier,
        spec(
            Unit::Multiplier,
            Policy,
            ranges::RECRUITMENT_MULTIPLIER,
            Plausible::Fixed(0.5, 2.0, assumed("half to twice the planned intake")),
            Raises,
            rises("headcount_total"),
        ),
    );
}

fn recruitment(b: &mut Builder) {
    use CostEffect::{Indirect, Lowers, Raises};
    use LeverKind::{Assumption, Policy};
    let sc = b.sc;
    for (i, r) in sc.recruitment.iter().enumerate() {
        let p = format!("recruitment[{i}]");
        match r {
            Recruitment::Schedule {
                track,
                stage,
                applicants_per_year,
                source,
                ..
            } => {
                let t = track_names(sc, track);
                b.push(
                    (
                        format!("recruitment.hire.{track}.{stage}.hires_per_year"),
                        format!("{p}.hires_per_year"),
                    ),
                    joined(&t, "每年招聘", "hires per year"),
                    source,
                    Access::ScheduleHires(i),
                    spec(
                        Unit::PeoplePerYear,
                        Policy,
                        ranges::PEOPLE,
                        Plausible::Factors(0.5, 2.0, assumed("half to twice the plan")),
                        Raises,
                        rises("headcount_total"),
                    ),
                );
                if applicants_per_year.is_some() {
                    b.push(
                        (
                            format!("recruitment.hire.{track}.{stage}.applicants_per_year"),
                            format!("{p}.applicants_per_year"),
                        ),
                        joined(&t, "每年应聘人数", "applicants per year"),
                        source,
                        Access::ScheduleApplicants(i),
                        spec(
                            Unit::PeoplePerYear,
                            Assumption,
                            ranges::PEOPLE,
                            Plausible::Factors(
                                0.5,
                                1.5,
                                sourced(
                                    "≈ 20 % of social-work graduates enter the field (2015); the share may halve or grow by half",
                                ),
                            ),
                            Indirect,
                            rises("headcount_total"),
                        ),
                    );
                }
            }
            Recruitment::Cohort {
                name,
                name_en,
                repeat_every_months,
                source,
                ..
            } => {
                let c = names(name, name_en, &format!("cohort{i}"));
                b.push(
                    (format!("recruitment.{}.size", c.0), format!("{p}.size")),
                    joined(&c, "每期人数", "trainees per intake"),
                    source,
                    Access::CohortSize(i),
                    spec(
                        Unit::People,
                        Policy,
                        ranges::PEOPLE,
                        Plausible::Factors(
                            0.0,
                            6.0,
                            assumed("no cohort, up to the domain default of 30 a county (6 × 5)"),
                        ),
                        Raises,
                        rises("headcount_total"),
                    ),
                );
                if repeat_every_months.is_some() {
                    b.push(
                        (
                            format!("recruitment.{}.repeat_every_months", c.0),
                            format!("{p}.repeat_every_months"),
                        ),
                        joined(&c, "开班间隔", "months between intakes"),
                        source,
                        Access::CohortEvery(i),
                        spec(
                            Unit::Months,
                            Policy,
                            (1.0, 120.0),
                            Plausible::Factors(0.5, 2.0, assumed("twice or half as often")),
                            Lowers,
                            // No direction: fewer intakes train fewer people,
                            // but where the last intake falls against the
                            // horizon and the funding cap moves the year-end
                            // headcount either way (19 vs 22 months: 43.4
                            // and 44.8 people on the default county).
                            None,
                        ),
                    );
                }
            }
            Recruitment::ReplaceLeavers {
                track,
                stage,
                source,
                ..
            } => {
                let t = track_names(sc, track);
                b.push(
                    (
                        format!("recruitment.replace.{track}.{stage}.share"),
                        format!("{p}.share"),
                    ),
                    joined(&t, "离职补员比例", "share of leavers replaced"),
                    source,
                    Access::ReplaceShare(i),
                    share_spec(
                        Policy,
                        Plausible::Fixed(0.0, 1.0, assumed("none to every leaver")),
                        Raises,
                        rises("headcount_total"),
                    ),
                );
            }
            Recruitment::FillToNorm {
                track,
                stage,
                source,
                ..
            } => {
                let t = track_names(sc, track);
                b.push(
                    (
                        format!("recruitment.fill.{track}.{stage}.max_hires_per_year"),
                        format!("{p}.max_hires_per_year"),
                    ),
                    joined(&t, "按编制补员上限", "most hires to norm per year"),
                    source,
                    Access::FillMax(i),
                    spec(
                        Unit::PeoplePerYear,
                        Policy,
                        ranges::PEOPLE,
                        Plausible::Factors(0.5, 2.0, assumed("half to twice the cap")),
                        Raises,
                        rises("headcount_total"),
                    ),
                );
            }
        }
    }
}

fn stages(b: &mut Builder) {
    use CostEffect::{Lowers, Raises};
    use LeverKind::{Assumption, Policy};
    let sc = b.sc;
    for (i, s) in sc.stages.iter().enumerate() {
        let st = names(&s.name, &s.name_en, &s.id);
        let p = format!("stages[{i}].kind");
        match &s.kind {
            StageKind::Working { grade, .. } => {
                b.push(
                    (
                        format!("stages.{}.pay_yuan_per_month", s.id),
                        format!("{p}.pay_yuan_per_month"),
                    ),
                    joined(&st, "月薪", "monthly pay"),
                    &s.source,
                    Access::StagePay(i),
                    spec(
                        Unit::YuanPerMonth,
                        Policy,
                        ranges::PAY_YUAN_PER_MONTH,
                        Plausible::Factors(
                            1.0,
                            1.3,
                            sourced(
                                "county posts pay 2,000–4,500 yuan a month; 龙门县 2023: 4,633 with an assistant certificate",
                            ),
                        ),
                        Raises,
                        rises("headcount_total"),
                    ),
                );
                if grade.is_some_and(Grade::is_certified) {
                    b.push(
                        (
                            format!("stages.{}.allowance_yuan_per_month", s.id),
                            format!("{p}.allowance_yuan_per_month"),
                        ),
                        joined(&st, "持证津贴", "certificate allowance"),
                        &s.source,
                        Access::StageAllowance(i),
                        spec(
                            Unit::YuanPerMonth,
                            Policy,
                            ranges::ALLOWANCE_YUAN_PER_MONTH,
                            Plausible::Factors(
                                1.0,
                                2.0,
                                sourced(
                                    "Gansu pays 200 / 300 / 500 yuan a month; up to twice that",
                                ),
                            ),
                            Raises,
                            rises("headcount_total"),
                        ),
                    );
                }
            }
            StageKind::Training { .. } => {
                b.push(
                    (
                        format!("stages.{}.dropout_share", s.id),
                        format!("{p}.dropout_share"),
                    ),
                    joined(&st, "流失比例", "dropout share"),
                    &s.source,
                    Access::TrainingDropout(i),
                    share_spec(
                        Assumption,
                        Plausible::Factors(0.5, 2.0, assumed("half to twice the value")),
                        Lowers,
                        falls("headcount_total"),
                    ),
                );
                b.push(
                    (
                        format!("stages.{}.duration_months", s.id),
                        format!("{p}.duration_months"),
                    ),
                    joined(&st, "时长", "length"),
                    &s.source,
                    Access::TrainingMonths(i),
                    spec(
                        Unit::Months,
                        Policy,
                        (1.0, 60.0),
                        Plausible::Factors(0.5, 2.0, assumed("half to twice as long")),
                        Raises,
                        rises("trainees"),
                    ),
                );
            }
            StageKind::Custom { .. } => {}
        }
    }
}

fn exams(b: &mut Builder) {
    use CostEffect::{Indirect, Raises};
    use LeverKind::Assumption;
    let sc = b.sc;
    for (i, s) in sc.stages.iter().enumerate() {
        let Some(e) = &s.exam else { continue };
        let to = sc.stages.iter().find(|x| x.id == e.to).map_or_else(
            || names("", "", &e.to),
            |x| names(&x.name, &x.name_en, &x.id),
        );
        let ex = (format!("{}考试", to.0), format!("{} exam", to.1));
        let p = format!("stages[{i}].exam");
        let reached = format!("headcount_by_grade.{}", e.to);
        b.push(
            (
                format!("exam.{}.participation", e.to),
                format!("{p}.participation"),
            ),
            joined(&ex, "参考率", "share of the eligible who sit"),
            &e.source,
            Access::ExamParticipation(i),
            share_spec(
                Assumption,
                Plausible::Factors(
                    0.75,
                    1.15,
                    sourced("no-shows of 20 % and more in some provinces"),
                ),
                Raises,
                rises(&reached),
            ),
        );
        for (j, sub) in e.subjects.iter().enumerate() {
            let (sub_zh, sub_en) = subject_names(&sub.id);
            for tid in sub.pass_probability.keys() {
                let t = track_names(sc, tid);
                b.push(
                    (
                        format!("exam.{}.{}.pass.{tid}", e.to, sub.id),
                        format!("{p}.subjects[{j}].pass_probability.{tid}"),
                    ),
                    (
                        format!("{} · {} · {sub_zh}通过率", ex.0, t.0),
                        format!("{} · {} · pass rate, {sub_en}", ex.1, t.1),
                    ),
                    &e.source,
                    Access::ExamPass(i, j, tid.clone()),
                    share_spec(
                        Assumption,
                        Plausible::Factors(
                            0.75,
                            1.25,
                            sourced(
                                "national pass rates vary from year to year (assistant 15–30 %, intermediate 10–20 %)",
                            ),
                        ),
                        Indirect,
                        rises(&reached),
                    ),
                );
            }
        }
        for tid in e.min_service_months.keys() {
            let t = track_names(sc, tid);
            b.push(
                (
                    format!("exam.{}.min_service_months.{tid}", e.to),
                    format!("{p}.min_service_months.{tid}"),
                ),
                (
                    format!("{} · {} · 最短工作年限", ex.0, t.0),
                    format!("{} · {} · minimum service", ex.1, t.1),
                ),
                &e.source,
                Access::ExamMinService(i, tid.clone()),
                spec(
                    Unit::Months,
                    Assumption,
                    (0.0, f64::from(MAX_TRACKED_MONTHS)),
                    Plausible::Factors(
                        0.75,
                        1.5,
                        assumed(
                            "the national rules by education, simplified to one figure per track",
                        ),
                    ),
                    Indirect,
                    falls(&reached),
                ),
            );
        }
    }
}

fn retention(b: &mut Builder) {
    use CostEffect::Indirect;
    use LeverKind::Assumption;
    let sc = b.sc;
    let r = &sc.retention;
    for (i, x) in r.exit_rates.iter().enumerate() {
        let track = x.track.as_deref().unwrap_or("all");
        let t = x
            .track
            .as_deref()
            .map_or_else(|| n("各类人才", "all tracks"), |id| track_names(sc, id));
        let mut id = format!("retention.exit_rate.{track}");
        let mut who = t.clone();
        if let Some(stage) = &x.stage {
            id.push('.');
            id.push_str(stage);
            if let Some(s) = sc.stages.iter().find(|s| &s.id == stage) {
                let st = names(&s.name, &s.name_en, &s.id);
                who = (
                    format!("{} · {}", who.0, st.0),
                    format!("{} · {}", who.1, st.1),
                );
            }
        }
        id.push('.');
        id.push_str(&band_id(x.tenure_from_months, x.tenure_to_months));
        let band = band_names(x.tenure_from_months, x.tenure_to_months);
        let professional = x.track.as_deref() == Some("professional");
        b.push(
            (id, format!("retention.exit_rates[{i}].annual_rate")),
            (
                format!("{} · {} · 年离职率", who.0, band.0),
                format!("{} · {} · annual exit rate", who.1, band.1),
            ),
            &r.source,
            Access::ExitRate(i),
            share_spec(
                Assumption,
                if professional {
                    Plausible::Factors(
                        0.85,
                        1.25,
                        sourced(
                            "annual turnover 17.6 % (Shenzhen 2011) to over 25 % (Guangzhou) around a national ≈ 20 %",
                        ),
                    )
                } else {
                    Plausible::Factors(
                        0.5,
                        1.5,
                        assumed("no source on local staff's turnover: ±50 %"),
                    )
                },
                Indirect,
                falls("headcount_total"),
            ),
        );
    }
    for tid in r.renewal_exit_share.keys() {
        let t = track_names(sc, tid);
        b.push(
            same(&format!("retention.renewal_exit_share.{tid}")),
            joined(&t, "续约时离开比例", "share leaving at contract renewal"),
            &r.source,
            Access::RenewalShare(tid.clone()),
            share_spec(
                Assumption,
                Plausible::Factors(0.0, 2.0, assumed("none to twice the value")),
                Indirect,
                falls("headcount_total"),
            ),
        );
    }
    let rs = r.source.clone();
    let coefficient = |plausible, effect| {
        spec(
            Unit::Coefficient,
            Assumption,
            (0.0, 10.0),
            plausible,
            Indirect,
            effect,
        )
    };
    b.push(
        same("retention.pay_elasticity"),
        n("离职对薪酬的弹性", "Pay elasticity of exits"),
        &rs,
        Access::PayElasticity,
        Spec {
            valid: (-5.0, 5.0),
            ..coefficient(
                Plausible::Fixed(0.5, 1.5, assumed("0.5 to 1.5 around the assumed 1.0")),
                None,
            )
        },
    );
    b.push(
        same("retention.ladder_multiplier"),
        n(
            "晋升通道对离职的倍数",
            "Exit multiplier with a promotion ladder",
        ),
        &rs,
        Access::LadderMultiplier,
        Spec {
            unit: Unit::Multiplier,
            valid: (0.0, 5.0),
            ..coefficient(
                Plausible::Fixed(
                    0.7,
                    1.0,
                    assumed("a ladder cuts exits by up to 30 %, or not at all"),
                ),
                falls("headcount_total"),
            )
        },
    );
    b.push(
        same("retention.admin_sensitivity"),
        n(
            "离职对行政负担的敏感度",
            "Sensitivity of exits to admin share",
        ),
        &rs,
        Access::AdminSensitivity,
        coefficient(Plausible::Relative(0.5), None),
    );
    b.push(
        same("retention.arrears_sensitivity_per_month"),
        n(
            "每月欠薪对离职的影响",
            "Exit increase per month of wage arrears",
        ),
        &rs,
        Access::ArrearsSensitivity,
        Spec {
            valid: (0.0, 1.0),
            ..coefficient(Plausible::Relative(0.5), falls("headcount_total"))
        },
    );
    b.push(
        same("retention.remoteness_sensitivity"),
        n("偏远程度对离职的影响", "Exit increase at remoteness 1"),
        &rs,
        Access::RemotenessSensitivity,
        coefficient(Plausible::Relative(0.5), falls("headcount_total")),
    );
    b.push(
        same("county.local_average_wage_yuan_per_month"),
        n("当地平均工资", "Local average wage"),
        &sc.county.source,
        Access::LocalWage,
        spec(
            Unit::YuanPerMonth,
            Assumption,
            (0.0, 1_000_000.0),
            Plausible::Relative(0.2),
            Indirect,
            falls("headcount_total"),
        ),
    );
}

fn need(b: &mut Builder) {
    use CostEffect::Indirect;
    use LeverKind::{Assumption, Policy};
    let sc = b.sc;
    let nd = sc.need.source.clone();
    b.push(
        (
            "county.staffing_norm".into(),
            "county.townships[*].staffing_norm".into(),
        ),
        n("乡镇站编制人数", "Staffing norm of a township station"),
        &nd,
        Access::StationNorm,
        spec(
            Unit::Workers,
            Policy,
            (0.0, 1_000.0),
            Plausible::Fixed(
                2.0,
                5.0,
                sourced("≥ 2 workers a station (Hebei template) to 3–8 (Guangdong)"),
            ),
            Indirect,
            falls("stations_at_norm"),
        ),
    );
    b.push(
        (
            "county.centre.staffing_norm".into(),
            "county.townships[centre].staffing_norm".into(),
        ),
        n("县社工总站编制人数", "Staffing norm of the county centre"),
        &nd,
        Access::CentreNorm,
        spec(
            Unit::Workers,
            Policy,
            (0.0, 1_000.0),
            Plausible::Relative(0.34),
            Indirect,
            rises("need_fte"),
        ),
    );
    b.push(
        same("need.station_minimum_workers"),
        n("每站最少社工", "Minimum workers per station"),
        &nd,
        Access::StationMinimum,
        spec(
            Unit::Workers,
            Policy,
            (0.0, 1_000.0),
            Plausible::Fixed(1.0, 3.0, sourced("≥ 2 a station (Hebei template); 1 to 3")),
            Indirect,
            rises("need_fte"),
        ),
    );
    b.push(
        same("need.workers_per_10k_target"),
        n("每万人社工目标", "Target workers per 10,000 residents"),
        &nd,
        Access::Per10kTarget,
        spec(
            Unit::WorkersPer10k,
            Policy,
            (0.0, 1_000.0),
            Plausible::Relative(0.5),
            Indirect,
            rises("need_fte"),
        ),
    );
    b.push(
        same("need.hours_per_worker_per_year"),
        n("每名社工年工作小时", "Working hours per worker-year"),
        &nd,
        Access::HoursPerWorker,
        spec(
            Unit::HoursPerYear,
            Assumption,
            (100.0, 8_760.0),
            Plausible::Relative(0.1),
            Indirect,
            falls("need_fte"),
        ),
    );
    b.push(
        same("need.travel_overhead_at_remoteness_1"),
        n("最偏远村的路途时间附加", "Travel overhead at remoteness 1"),
        &nd,
        Access::TravelOverhead,
        spec(
            Unit::Share,
            Assumption,
            (0.0, 5.0),
            Plausible::Relative(0.5),
            Indirect,
            rises("need_fte"),
        ),
    );
    b.push(
        same("need.villages_per_worker"),
        n("每名社工覆盖村数", "Villages one worker covers"),
        &nd,
        Access::VillagesPerWorker,
        spec(
            Unit::VillagesPerWorker,
            Assumption,
            (0.1, 1_000.0),
            Plausible::Relative(0.34),
            Indirect,
            rises("villages_covered"),
        ),
    );
    for (i, c) in sc.need.caseloads.iter().enumerate() {
        let (gid, zh, en) = group_names(c.group);
        let g = n(zh, en);
        let p = format!("need.caseloads[{i}]");
        b.push(
            (
                format!("need.caseload.{gid}.cases_per_person_per_year"),
                format!("{p}.cases_per_person_per_year"),
            ),
            joined(&g, "年个案率", "cases per person a year"),
            &nd,
            Access::CaseRate(i),
            spec(
                Unit::CasesPerPersonPerYear,
                Assumption,
                (0.0, 1.0),
                Plausible::Relative(0.3),
                Indirect,
                rises("need_fte"),
            ),
        );
        b.push(
            (
                format!("need.caseload.{gid}.hours_per_case"),
                format!("{p}.hours_per_case"),
            ),
            joined(&g, "每个案小时", "hours per case"),
            &nd,
            Access::CaseHours(i),
            spec(
                Unit::HoursPerCase,
                Assumption,
                (0.0, 1_000.0),
                Plausible::Relative(0.3),
                Indirect,
                rises("need_fte"),
            ),
        );
    }
}

fn budget(b: &mut Builder) {
    use CostEffect::{Funding, Indirect, Lowers, Raises};
    use LeverKind::{Assumption, Policy};
    let sc = b.sc;
    let bs = sc.budget.source.clone();
    let cost = |unit, max: f64| {
        spec(
            unit,
            Assumption,
            (0.0, max),
            Plausible::Relative(0.2),
            Raises,
            rises("cumulative_cost_yuan"),
        )
    };
    b.push(
        same("budget.social_insurance_share"),
        n(
            "社保与公积金占工资比例",
            "Social insurance and housing fund, share of pay",
        ),
        &bs,
        Access::SocialInsurance,
        cost(Unit::Share, 1.0),
    );
    b.push(
        same("budget.training_cost_yuan_per_trainee_month"),
        n("培训费用", "Training cost"),
        &bs,
        Access::TrainingCost,
        cost(Unit::YuanPerTraineeMonth, 1e6),
    );
    b.push(
        same("budget.exam_fee_yuan_per_subject"),
        n("每科考试费", "Exam fee per subject"),
        &bs,
        Access::ExamFee,
        cost(Unit::YuanPerSubject, 1e5),
    );
    b.push(
        same("budget.exam_support_yuan_per_subject"),
        n(
            "考试辅导费用（每科，提高10个百分点）",
            "Exam support cost per subject (for a 10-point uplift)",
        ),
        &bs,
        Access::ExamSupportCost,
        spec(
            Unit::YuanPerSubject,
            Assumption,
            ranges::EXAM_SUPPORT_YUAN_PER_SUBJECT,
            Plausible::Relative(0.5),
            Raises,
            None,
        ),
    );
    b.push(
        same("budget.ladder_pay_step_share"),
        n("晋升一级的加薪比例", "Pay step of a ladder rung"),
        &bs,
        Access::LadderStep,
        spec(
            Unit::Share,
            Assumption,
            ranges::LADDER_PAY_STEP_SHARE,
            Plausible::Relative(0.5),
            Raises,
            None,
        ),
    );
    b.push(
        same("budget.admin_relief_yuan_per_worker_year"),
        n(
            "转移行政事务的费用（每名社工每年）",
            "Cost of moving administrative work elsewhere, per worker-year",
        ),
        &bs,
        Access::AdminRelief,
        spec(
            Unit::YuanPerYear,
            Assumption,
            ranges::ADMIN_RELIEF_YUAN_PER_WORKER_YEAR,
            Plausible::Relative(0.5),
            Raises,
            None,
        ),
    );
    b.push(
        same("budget.recruitment_cost_yuan_per_hire"),
        n("每名招聘成本", "Cost per hire"),
        &bs,
        Access::HireCost,
        cost(Unit::YuanPerHire, 1e6),
    );
    b.push(
        same("budget.station_overhead_yuan_per_year"),
        n("站点年运行费", "Running cost per station"),
        &bs,
        Access::StationOverhead,
        cost(Unit::YuanPerYear, 1e8),
    );
    for (i, s) in sc.budget.sources.iter().enumerate() {
        let src = names(&s.name, &s.name_en, &s.id);
        let p = format!("budget.sources[{i}]");
        b.push(
            (
                format!("budget.source.{}.yuan_per_year", s.id),
                format!("{p}.yuan_per_year"),
            ),
            joined(&src, "年度经费", "funding per year"),
            &bs,
            Access::SourceYuan(i),
            spec(
                Unit::YuanPerYear,
                Policy,
                ranges::YUAN_PER_YEAR,
                Plausible::Relative(0.2),
                Funding,
                rises("headcount_total"),
            ),
        );
        b.push(
            (
                format!("budget.source.{}.growth_per_year", s.id),
                format!("{p}.growth_per_year"),
            ),
            joined(&src, "经费年增长", "funding growth per year"),
            &bs,
            Access::SourceGrowth(i),
            spec(
                Unit::GrowthPerYear,
                Policy,
                ranges::GROWTH_PER_YEAR,
                Plausible::Fixed(0.0, 0.06, assumed("flat to +6 % a year")),
                Funding,
                rises("headcount_total"),
            ),
        );
    }
    if !sc.budget.sources.is_empty() {
        b.push(
            same("budget.cap_hiring_at_funding"),
            n(
                "经费用完即停止招聘",
                "Stop hiring when the year's funds are spent",
            ),
            &bs,
            Access::CapHiring,
            spec(
                Unit::Switch,
                Policy,
                (0.0, 1.0),
                Plausible::Fixed(0.0, 1.0, assumed("without or with the cap")),
                Lowers,
                falls("headcount_total"),
            ),
        );
    }
    b.push(
        same("budget.funding_delay_probability"),
        n("经费迟到的概率", "Chance that funds arrive late in a year"),
        &bs,
        Access::DelayProbability,
        share_spec(
            Assumption,
            Plausible::Fixed(
                0.1,
                0.5,
                assumed("project funds are \"often late\": 10–50 % of years"),
            ),
            Indirect,
            falls("headcount_total"),
        ),
    );
    b.push(
        same("budget.funding_delay_months"),
        n("经费迟到月数", "Months of delay when funds are late"),
        &bs,
        Access::DelayMonths,
        Spec {
            integer: false,
            ..spec(
                Unit::Months,
                Assumption,
                ranges::DELAY_MONTHS,
                Plausible::Fixed(1.0, 6.0, assumed("1 to 6 months")),
                Indirect,
                falls("headcount_total"),
            )
        },
    );
}
