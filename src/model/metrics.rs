//! Names of the result metrics in both languages, with their units: the
//! one place the command line, the comparison tables and the report take
//! them from.

use super::engine::{COST_CATEGORIES, EXIT_CAUSES};
use super::scenario::Scenario;

/// (id, Chinese, English, unit in Chinese, unit in English) of the scalar
/// metrics, in the order of a run's metric rows.
const SCALARS: [(&str, &str, &str, &str, &str); 25] = [
    (
        "headcount_total",
        "在岗社工",
        "Workers in post",
        "人",
        "people",
    ),
    ("trainees", "在训学员", "Trainees", "人", "people"),
    ("hires", "招聘人数", "Hires", "人", "people"),
    (
        "trainee_intake",
        "入学学员",
        "Trainee intake",
        "人",
        "people",
    ),
    (
        "graduates",
        "结业上岗",
        "Graduates starting work",
        "人",
        "people",
    ),
    ("exits", "离开人数", "Leavers", "人", "people"),
    ("exam_sitters", "参考人数", "Exam sitters", "人", "people"),
    ("exam_passes", "取证人数", "Certifications", "人", "people"),
    ("certified", "持证社工", "Certified workers", "人", "people"),
    ("certified_share", "持证比例", "Certified share", "", ""),
    (
        "overdue_uncertified",
        "逾期未取证",
        "Overdue uncertified",
        "人",
        "people",
    ),
    ("need_fte", "需求人数", "Need", "人", "FTE"),
    ("gap_fte", "缺口", "Gap to need", "人", "FTE"),
    (
        "stations_open",
        "运营站点",
        "Stations open",
        "个",
        "stations",
    ),
    (
        "stations_at_norm",
        "达到编制的站点",
        "Stations at norm",
        "个",
        "stations",
    ),
    (
        "villages_covered",
        "覆盖村数",
        "Villages covered",
        "个",
        "villages",
    ),
    (
        "workers_per_10k",
        "每万人社工数",
        "Workers per 10,000 residents",
        "人/万人",
        "per 10,000",
    ),
    ("cost_yuan", "支出", "Spending", "元", "yuan"),
    (
        "cumulative_cost_yuan",
        "累计支出",
        "Cumulative spending",
        "元",
        "yuan",
    ),
    (
        "spend_year_to_date_yuan",
        "本年累计支出",
        "Spending this year so far",
        "元",
        "yuan",
    ),
    (
        "funding_year_yuan",
        "本年经费",
        "Funding this year",
        "元",
        "yuan",
    ),
    (
        "stations_at_minimum",
        "达到最低配备的站点",
        "Stations at the minimum staffing",
        "个",
        "stations",
    ),
    (
        "stations_at_norm_share",
        "达到编制的站点比例",
        "Share of stations at norm",
        "",
        "",
    ),
    (
        "stations_at_minimum_share",
        "达到最低配备的站点比例",
        "Share of stations at the minimum staffing",
        "",
        "",
    ),
    (
        "unfunded_year_yuan",
        "本年超出经费的支出",
        "Spending beyond this year's funding",
        "元",
        "yuan",
    ),
];

/// County metrics kept per month by the lean summary (replications), in
/// this order; the per-stage, per-track, per-cause, per-category and
/// per-source metrics follow them (see `Model::metric_names`).
pub const SCALAR_METRICS: [&str; SCALARS.len()] = {
    let mut out = [""; SCALARS.len()];
    let mut i = 0;
    while i < SCALARS.len() {
        out[i] = SCALARS[i].0;
        i += 1;
    }
    out
};

fn cause_label(id: &str) -> (&'static str, &'static str) {
    match id {
        "turnover" => ("主动离职", "turnover"),
        "contract" => ("合同期满离开", "at contract renewal"),
        "deadline" => ("逾期未取证离开", "missed certification deadline"),
        "dropout" => ("培训流失", "training dropout"),
        "transition" => ("其他转出", "other moves out"),
        _ => ("", ""),
    }
}

fn category_label(id: &str) -> (&'static str, &'static str) {
    match id {
        "pay" => ("工资", "pay"),
        "allowance" => ("津贴", "allowances"),
        "social_insurance" => ("社保公积金", "social insurance"),
        "training" => ("培训", "training"),
        "exam" => ("考试", "exam fees"),
        "recruitment" => ("招聘", "recruitment"),
        "station" => ("站点运行", "station running"),
        _ => ("", ""),
    }
}

/// The label of a metric (`certified_share`, `headcount_by_grade.assistant`,
/// `cost_by_source.county`, …) in the language asked for; names of stages,
/// tracks and funding sources come from the scenario. Unknown ids are
/// returned as they are.
#[must_use]
pub fn label(sc: &Scenario, metric: &str, chinese: bool) -> String {
    let pick = |zh: &str, en: &str| {
        if chinese {
            zh.to_string()
        } else {
            en.to_string()
        }
    };
    if let Some(s) = SCALARS.iter().find(|s| s.0 == metric) {
        return pick(s.1, s.2);
    }
    let Some((group, key)) = metric.split_once('.') else {
        return metric.to_string();
    };
    let named = |name: &str, name_en: &str| {
        if chinese || name_en.is_empty() {
            name.to_string()
        } else {
            name_en.to_string()
        }
    };
    let stage = || {
        sc.stages
            .iter()
            .find(|s| s.id == key)
            .map_or_else(|| key.to_string(), |s| named(&s.name, &s.name_en))
    };
    let track = || {
        sc.tracks
            .iter()
            .find(|t| t.id == key)
            .map_or_else(|| key.to_string(), |t| named(&t.name, &t.name_en))
    };
    let source = || {
        if key == "unfunded" {
            return pick("无经费来源", "unfunded");
        }
        sc.budget
            .sources
            .iter()
            .find(|s| s.id == key)
            .map_or_else(|| key.to_string(), |s| named(&s.name, &s.name_en))
    };
    match group {
        "headcount_by_grade" => pick(
            &format!("在岗：{}", stage()),
            &format!("Workers: {}", stage()),
        ),
        "headcount_by_track" => pick(
            &format!("在岗：{}", track()),
            &format!("Workers: {}", track()),
        ),
        "hires_by_track" => pick(
            &format!("招聘：{}", track()),
            &format!("Hires: {}", track()),
        ),
        "exits_by_cause" => {
            let (zh, en) = cause_label(key);
            pick(&format!("离开：{zh}"), &format!("Leavers: {en}"))
        }
        "cost_by_category" => {
            let (zh, en) = category_label(key);
            pick(&format!("支出：{zh}"), &format!("Spending: {en}"))
        }
        "cost_by_source" => pick(
            &format!("经费来源：{}", source()),
            &format!("Spending by source: {}", source()),
        ),
        _ => metric.to_string(),
    }
}

/// The unit of a metric in the language asked for ("" for shares).
#[must_use]
pub fn unit(metric: &str, chinese: bool) -> &'static str {
    if let Some(s) = SCALARS.iter().find(|s| s.0 == metric) {
        return if chinese { s.3 } else { s.4 };
    }
    match metric.split_once('.').map(|(g, _)| g) {
        Some("cost_by_category" | "cost_by_source") => {
            if chinese {
                "元"
            } else {
                "yuan"
            }
        }
        Some(_) => {
            if chinese {
                "人"
            } else {
                "people"
            }
        }
        None => "",
    }
}

/// Whether a metric is a share (shown as a percentage).
#[must_use]
pub fn is_share(metric: &str) -> bool {
    metric.ends_with("_share")
}

/// Whether a metric counts money (yuan).
#[must_use]
pub fn is_money(metric: &str) -> bool {
    metric.ends_with("_yuan") || metric.starts_with("cost_by_")
}

/// Checks that every exit cause and cost category has a label (used by tests).
#[must_use]
pub fn covers_engine_lists() -> bool {
    EXIT_CAUSES.iter().all(|c| !cause_label(c).0.is_empty())
        && COST_CATEGORIES
            .iter()
            .all(|c| !category_label(c).0.is_empty())
}
