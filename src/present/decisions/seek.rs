//! The least that works, in words and curves: the answer of a goal seek
//! (one sentence, the probability or deciding value over the values
//! tried, the cost at the answer) and of the cheapest mix of levers.

use super::{entry_value_text, metric_text, short_number};
use crate::model::analysis::seek::{OptimiseResult, SeekResult};
use crate::model::catalog::Catalog;
use crate::model::goals::Comparison;
use crate::model::metrics;
use crate::model::scenario::{Goal, Scenario};
use crate::present::i18n::Lang;
use serde::Serialize;

/// A goal in words: its label, or for a typed goal, its metric, level and year.
#[must_use]
pub fn goal_text(g: &Goal, sc: &Scenario, l: Lang) -> String {
    let label = l.pick(&g.label, &g.label_en);
    if !label.is_empty() {
        return label.to_string();
    }
    let sign = match g.comparison {
        Comparison::AtLeast => "≥",
        Comparison::AtMost => "≤",
    };
    let every = if g.every_year {
        l.t("decide.every_year_from")
    } else {
        ""
    };
    format!(
        "{} {sign} {} @ {every}{}",
        metrics::label(sc, &g.metric, l == Lang::Zh),
        metric_text(&g.metric, g.level, l),
        g.year
    )
}

/// One sentence saying the answer of a goal seek (the command line prints
/// it too).
#[must_use]
pub fn summary(r: &SeekResult, l: Lang) -> String {
    let zh = l == Lang::Zh;
    let what = match r.probability {
        Some(p) if zh => format!("达到目标的概率 ≥ {:.0}%", p * 100.0),
        Some(p) => format!("the goal is met with probability ≥ {:.0} %", p * 100.0),
        None if zh => "达到目标（期望值预测）".to_string(),
        None => "the goal is met (expected-value projection)".to_string(),
    };
    match (r.answer, r.at_answer) {
        (Some(v), Some(at)) => {
            if zh {
                format!(
                    "{}的{}取值 {} 时{what}（精度 ±{:.3}；到期末累计支出 {:.1} 万元）",
                    r.name_zh,
                    if r.direction == "least" {
                        "最小"
                    } else {
                        "最大"
                    },
                    short_number(v),
                    r.precision,
                    at.cost_yuan / 1e4
                )
            } else {
                format!(
                    "{} at {} {}: {what} (precise to ±{:.3}; cumulative spending {:.0} yuan)",
                    r.name_en,
                    r.direction,
                    short_number(v),
                    r.precision,
                    at.cost_yuan
                )
            }
        }
        _ => {
            if zh {
                format!(
                    "在{}的有效范围内无法达到目标：最好的是取值 {} 时，得分 {:.3}",
                    r.name_zh,
                    short_number(r.best.value),
                    r.best.score
                )
            } else {
                format!(
                    "not reachable within the range of {}: best {:.3} at value {}",
                    r.name_en,
                    r.best.score,
                    short_number(r.best.value)
                )
            }
        }
    }
}

/// The curve of a goal seek: the score at every value tried.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Curve {
    /// (lever value, score, goal reached) in increasing lever value.
    pub points: Vec<(f64, f64, bool)>,
    /// The level the score must reach: the probability asked for, or the goal's level.
    pub threshold: f64,
    /// The scores are probabilities (Monte Carlo).
    pub probability: bool,
    /// The lever's value in the plan.
    pub current: f64,
    /// The answer, when the goal can be reached.
    pub answer: Option<f64>,
    /// Title of the y axis.
    pub y_title: String,
    /// Title of the x axis (the lever and its unit).
    pub x_title: String,
}

/// The curve of seek result `r` on `sc`.
#[must_use]
pub fn curve(r: &SeekResult, sc: &Scenario, l: Lang) -> Curve {
    let probability = r.probability.is_some();
    let unit = Catalog::of(sc)
        .get(&r.lever)
        .map(|e| e.unit.label(l == Lang::Zh))
        .unwrap_or("");
    let name = l.pick(&r.name_zh, &r.name_en);
    Curve {
        points: r.tried.iter().map(|p| (p.value, p.score, p.met)).collect(),
        threshold: r.probability.unwrap_or(r.goal.level),
        probability,
        current: r.current,
        answer: r.answer,
        y_title: if probability {
            l.t("decide.goal_probability").to_string()
        } else {
            metrics::label(sc, &r.goal.metric, l == Lang::Zh)
        },
        x_title: if unit.is_empty() {
            name.to_string()
        } else {
            format!("{name} ({unit})")
        },
    }
}

/// The answer of a goal seek as the dialog lists it: the value found, the
/// plan's value, the cost at the answer, how precise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// The value found, with unit.
    pub value: String,
    /// The plan's value, with unit.
    pub current: String,
    /// Cumulative spending to the horizon's end at the answer.
    pub cost: String,
    /// Its score at the answer (probability or deciding value).
    pub score: String,
    /// How precisely the answer is known, in the lever's unit.
    pub precision: String,
}

/// The answer of `r` on `sc`, if the goal can be reached.
#[must_use]
pub fn answer(r: &SeekResult, sc: &Scenario, l: Lang) -> Option<Answer> {
    let (v, at) = (r.answer?, r.at_answer?);
    let catalog = Catalog::of(sc);
    let entry = catalog.get(&r.lever);
    let val = |x: f64| entry.map_or_else(|| short_number(x), |e| entry_value_text(e, x, l));
    Some(Answer {
        value: val(v),
        current: val(r.current),
        cost: l.yuan(at.cost_yuan),
        score: if r.probability.is_some() {
            l.percent(at.score)
        } else {
            metric_text(&r.goal.metric, at.score, l)
        },
        precision: format!("± {}", short_number(r.precision)),
    })
}

/// One lever of the cheapest mix: now and in the mix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MixLine {
    /// The lever's name.
    pub name: String,
    /// Its value in the plan.
    pub current: String,
    /// Its value in the cheapest mix found.
    pub mix: String,
}

/// The cheapest mix in words: one line per lever (when a mix was found)
/// and a sentence.
#[must_use]
pub fn mix(r: &OptimiseResult, sc: &Scenario, l: Lang) -> (Vec<MixLine>, String) {
    let catalog = Catalog::of(sc);
    let val = |id: &str, x: f64| {
        catalog
            .get(id)
            .map_or_else(|| short_number(x), |e| entry_value_text(e, x, l))
    };
    let lines = r
        .levers
        .iter()
        .enumerate()
        .map(|(i, id)| MixLine {
            name: l.pick(&r.names_zh[i], &r.names_en[i]).to_string(),
            current: val(id, r.current[i]),
            mix: r
                .answer
                .as_ref()
                .map_or_else(|| "—".to_string(), |a| val(id, a.values[i])),
        })
        .collect();
    let sentence = match &r.answer {
        Some(a) => format!(
            "{} {} · {} {} · {} {} · {} {}",
            l.t("decide.mix_found"),
            l.percent(a.probability),
            l.t("decide.cost_to_end"),
            l.yuan(a.cost_yuan),
            l.t("decide.plan_now"),
            l.yuan(r.at_current.cost_yuan),
            l.t("decide.mixes_judged"),
            r.evaluations
        ),
        None => format!(
            "{} {}",
            l.t("decide.mix_none"),
            l.percent(r.best.probability)
        ),
    };
    (lines, sentence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::analysis::seek::{SeekOptions, seek};
    use crate::model::analysis::{Control, Evaluation};
    use crate::model::goals::parse_goal;
    use crate::model::io;

    #[test]
    fn a_seek_has_a_sentence_a_curve_and_an_answer_in_both_languages() {
        let sc = io::default_scenario().unwrap();
        let goal = parse_goal("headcount_total>=60@2030").unwrap();
        let r = seek(
            &sc,
            &SeekOptions {
                lever: "levers.recruitment_multiplier".into(),
                goal,
                probability: 0.8,
                eval: Evaluation::Deterministic,
            },
            &Control::new(),
        )
        .unwrap();
        let c = curve(&r, &sc, Lang::En);
        assert!(!c.points.is_empty());
        assert!(c.points.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(!c.probability);
        assert_eq!(c.threshold, 60.0);
        assert!(c.x_title.starts_with("Recruitment multiplier"));
        let en = summary(&r, Lang::En);
        let zh = summary(&r, Lang::Zh);
        assert!(en.contains("Recruitment multiplier"), "{en}");
        assert!(zh.contains("招聘规模倍数"), "{zh}");
        if r.answer.is_some() {
            let a = answer(&r, &sc, Lang::Zh).unwrap();
            assert!(a.value.starts_with('×'), "{a:?}");
            assert!(a.cost.ends_with("元"), "{a:?}");
        }
        let typed = goal_text(&r.goal, &sc, Lang::En);
        assert!(typed.contains("≥") && typed.ends_with("2030"), "{typed}");
    }
}
