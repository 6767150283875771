//! Section 5, the time plan: year by year, the months of cohort intakes
//! and their training phases, of trainees starting work, of exam sittings,
//! of hiring rounds and of stations opening, with the people of each (the
//! expected-value projection, in whole people).

use super::outlook::table;
use super::text::{PEOPLE, fill};
use super::{Block, Figures, Section, section};
use crate::exchange::Cell;
use crate::model::results::MonthResult;
use crate::model::scenario::{Recruitment, Scenario, StageKind};
use crate::present::i18n::Lang;

/// Smallest number of people that makes a month an event.
const EVENT: f64 = 0.05;

/// Most hiring months listed one by one; more are summed ("every month").
const LISTED_MONTHS: usize = 4;

const EN_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A calendar month's short name.
fn month(l: Lang, m: u32) -> String {
    match l {
        Lang::Zh => format!("{m}月"),
        Lang::En => EN_MONTHS
            .get(m.saturating_sub(1) as usize)
            .copied()
            .unwrap_or("?")
            .to_string(),
    }
}

/// A span of months starting in (`year`, `from`), `len` months long.
fn span(l: Lang, year: i32, from: u32, len: u32) -> String {
    let (y2, m2) = add_months(year, from, len.saturating_sub(1));
    if len <= 1 {
        return month(l, from);
    }
    match (l, y2 == year) {
        (Lang::Zh, true) => format!("{from}–{m2}月"),
        (Lang::En, true) => format!("{}–{}", month(l, from), month(l, m2)),
        (Lang::Zh, false) => format!("{from}月–次年{m2}月"),
        (Lang::En, false) => format!("{}–{} (next year)", month(l, from), month(l, m2)),
    }
}

fn add_months(year: i32, m: u32, k: u32) -> (i32, u32) {
    let z = i64::from(year) * 12 + i64::from(m) - 1 + i64::from(k);
    ((z.div_euclid(12)) as i32, (z.rem_euclid(12) + 1) as u32)
}

/// "3月 5人" / "Mar: 5".
fn month_people(l: Lang, m: u32, n: f64) -> String {
    match l {
        Lang::Zh => format!("{} {}人", month(l, m), PEOPLE.num(n)),
        Lang::En => format!("{}: {}", month(l, m), PEOPLE.num(n)),
    }
}

/// The training phases a cohort entering in (`year`, `m`) goes through.
fn phases(sc: &Scenario, first: &str, year: i32, m: u32, l: Lang) -> String {
    let mut out = Vec::new();
    let mut at = 0;
    let mut id = first.to_string();
    // A chain of training stages, each visited once (validation refuses loops).
    for _ in 0..sc.stages.len() {
        let Some(st) = sc.stages.iter().find(|s| s.id == id) else {
            break;
        };
        let StageKind::Training {
            duration_months,
            next,
            ..
        } = &st.kind
        else {
            break;
        };
        let (y, mm) = add_months(year, m, at);
        let when = span(l, y, mm, *duration_months);
        let when = if y == year {
            when
        } else {
            match l {
                Lang::Zh => format!("次年{when}"),
                Lang::En => format!("{when} (next year)"),
            }
        };
        out.push(format!("{} {when}", l.name(&st.name, &st.name_en)));
        at += duration_months;
        id = next.clone();
    }
    out.join(l.pick("，", ", "))
}

/// The months of `months` in which `get` is an event.
fn events<'a>(
    months: &'a [&'a MonthResult],
    get: impl Fn(&MonthResult) -> f64 + 'a,
) -> impl Iterator<Item = (u32, f64)> + 'a {
    months
        .iter()
        .map(move |m| (m.month, get(m)))
        .filter(|(_, v)| *v > EVENT)
}

/// Section 5.
pub(super) fn time_plan(f: &Figures, l: Lang) -> Section {
    let sc = &f.base.scenario;
    let mut t = table(
        l.t("report.t5_caption").to_string(),
        l.t("report.sheet5"),
        [
            "report.year",
            "report.col_intakes",
            "report.col_phases",
            "report.col_graduates",
            "report.col_exams",
            "report.col_hiring",
            "report.col_openings",
        ]
        .iter()
        .map(|k| l.t(k).to_string())
        .collect(),
    );
    let sep = l.pick("；", "; ");
    let (mut n_intakes, mut n_exams, mut n_rounds) = (0, 0, 0);
    let years: Vec<(i32, usize)> = f.model.year_ends().into_iter().collect();
    for (k, (year, step)) in years.iter().enumerate() {
        let months: Vec<&MonthResult> = f
            .projection
            .months
            .iter()
            .filter(|m| m.year == *year && m.month_index >= 1 && m.month_index as usize <= *step)
            .collect();
        let intakes: Vec<(u32, f64)> = events(&months, |m| m.trainee_intake).collect();
        n_intakes += intakes.len();
        let mut intake_text: Vec<String> = intakes
            .iter()
            .map(|(m, n)| month_people(l, *m, *n))
            .collect();
        // Intakes and hiring rounds the rules cut, where they were planned.
        let mut hiring_cut: Vec<String> = Vec::new();
        if let Some(b) = f.binding.years.iter().find(|b| b.year == *year) {
            for c in &b.cuts {
                if c.planned - c.placed < 0.5 {
                    continue;
                }
                let what = fill(
                    l.t("report.cut_in_plan"),
                    &[
                        ("month", month(l, c.month)),
                        ("planned", PEOPLE.num(c.planned)),
                        ("placed", PEOPLE.num(c.placed)),
                        ("why", l.t(super::risk::reason_key(c.reason)).to_string()),
                    ],
                );
                if c.kind == "cohort" {
                    intake_text.push(what);
                } else {
                    hiring_cut.push(what);
                }
            }
        }
        // Phases of each cohort policy with an intake this year.
        let mut phase_text = Vec::new();
        for r in &sc.recruitment {
            if let Recruitment::Cohort {
                stage,
                start_year,
                start_month,
                repeat_every_months,
                until_year,
                ..
            } = r
            {
                for (m, _) in &intakes {
                    if cohort_enters(
                        *start_year,
                        *start_month,
                        *repeat_every_months,
                        *until_year,
                        *year,
                        *m,
                    ) {
                        let p = phases(sc, stage, *year, *m, l);
                        if !p.is_empty() && !phase_text.contains(&p) {
                            phase_text.push(p);
                        }
                    }
                }
            }
        }
        let grads: Vec<String> = events(&months, |m| m.graduates)
            .map(|(m, n)| month_people(l, m, n))
            .collect();
        let exams: Vec<String> = months
            .iter()
            .filter(|m| m.exam_sitters > EVENT)
            .map(|m| {
                fill(
                    l.t("report.exam_month"),
                    &[
                        ("month", month(l, m.month)),
                        ("sitters", PEOPLE.num(m.exam_sitters)),
                        ("passes", PEOPLE.num(m.exam_passes)),
                    ],
                )
            })
            .collect();
        n_exams += exams.len();
        let hires: Vec<(u32, f64)> = events(&months, |m| m.hires).collect();
        n_rounds += hires.len();
        let mut hiring = if hires.len() > LISTED_MONTHS {
            fill(
                l.t("report.hiring_spread"),
                &[
                    ("months", hires.len().to_string()),
                    ("n", PEOPLE.num(hires.iter().map(|h| h.1).sum())),
                ],
            )
        } else {
            hires
                .iter()
                .map(|(m, n)| month_people(l, *m, *n))
                .collect::<Vec<_>>()
                .join(sep)
        };
        for c in hiring_cut {
            if !hiring.is_empty() {
                hiring.push_str(sep);
            }
            hiring.push_str(&c);
        }
        let mut openings: Vec<String> = Vec::new();
        if k == 0 {
            let open = sc
                .county
                .townships
                .iter()
                .filter(|t| t.station_opens_month == 0)
                .count();
            if open > 0 {
                openings.push(fill(
                    l.t("report.open_at_start"),
                    &[("n", open.to_string())],
                ));
            }
        }
        for tw in sc.county.townships.iter() {
            if tw.station_opens_month == 0 {
                continue;
            }
            let (y, m) = f.model.calendar_of(tw.station_opens_month);
            if y == *year {
                openings.push(format!("{} {}", tw.name, month(l, m)));
            }
        }
        let cell = |v: Vec<String>| Cell::text(v.join(sep));
        t.table.rows.push(vec![
            Cell::from(*year),
            cell(intake_text),
            cell(phase_text),
            cell(grads),
            cell(exams),
            Cell::text(hiring),
            cell(openings),
        ]);
    }
    let text = fill(
        l.t("report.p5"),
        &[
            ("intakes", n_intakes.to_string()),
            ("exams", n_exams.to_string()),
            ("rounds", n_rounds.to_string()),
            ("exam_month", month(l, sc.exam_month)),
        ],
    );
    section("report.s5", l, vec![Block::Text(text), Block::Table(t)])
}

/// Whether a cohort policy has an intake in (`year`, `m`).
fn cohort_enters(
    start_year: i32,
    start_month: u32,
    every: Option<u32>,
    until: Option<i32>,
    year: i32,
    m: u32,
) -> bool {
    let at = i64::from(year) * 12 + i64::from(m);
    let first = i64::from(start_year) * 12 + i64::from(start_month);
    if at < first || until.is_some_and(|u| year > u) {
        return false;
    }
    match every {
        None => at == first,
        Some(0) => false,
        Some(e) => (at - first) % i64::from(e) == 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_spans_read_as_a_planner_writes_them() {
        assert_eq!(span(Lang::Zh, 2026, 4, 3), "4–6月");
        assert_eq!(span(Lang::Zh, 2026, 11, 3), "11月–次年1月");
        assert_eq!(span(Lang::En, 2026, 4, 3), "Apr–Jun");
        assert_eq!(span(Lang::Zh, 2026, 3, 1), "3月");
        assert!(cohort_enters(2026, 3, Some(12), None, 2028, 3));
        assert!(!cohort_enters(2026, 3, Some(12), Some(2027), 2028, 3));
        assert!(!cohort_enters(2026, 3, None, None, 2027, 3));
    }
}
