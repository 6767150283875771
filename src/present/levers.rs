//! The rows of the levers view, drawn from the lever catalog
//! ([`crate::model::catalog`]): each entry becomes one row with its name,
//! unit, kind (policy or assumption), current value, slider range (the
//! catalog's plausible range), valid range (what typing may reach), source
//! note and basis. Besides the catalog's entries, two rows of the plan's
//! shape are shown the same way: the norm of each station (checked against
//! the catalog's norm entry) and the projection's horizon.
//!
//! The panel draws every row with one function; setting a value goes
//! through [`set_value`], which uses the catalog's own `set` (and its
//! zh/en message when the value is refused).

use super::i18n::Lang;
use crate::model::catalog::{Catalog, CatalogError, Entry, LeverKind, Unit};
use crate::model::scenario::{MAX_HORIZON_YEARS, Scenario};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A source note as shown: the note, or "assumed" where the file gives none.
#[must_use]
pub fn source_text(source: &str, l: Lang) -> &str {
    if source.trim().is_empty() {
        l.t("levers.assumed")
    } else {
        source
    }
}

/// Which levers the view shows: policies (what the county decides),
/// assumptions (what it doubts), or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum KindFilter {
    /// Policies and assumptions.
    #[default]
    All,
    /// Policies only.
    Policies,
    /// Assumptions only.
    Assumptions,
}

impl KindFilter {
    /// Every filter, in the order offered.
    pub const ALL: [KindFilter; 3] = [
        KindFilter::All,
        KindFilter::Policies,
        KindFilter::Assumptions,
    ];

    /// True when rows of `kind` are shown.
    #[must_use]
    pub fn shows(self, kind: LeverKind) -> bool {
        match self {
            KindFilter::All => true,
            KindFilter::Policies => kind == LeverKind::Policy,
            KindFilter::Assumptions => kind == LeverKind::Assumption,
        }
    }

    /// Glossary key of its name.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            KindFilter::All => "levers.filter_all",
            KindFilter::Policies => "levers.filter_policies",
            KindFilter::Assumptions => "levers.filter_assumptions",
        }
    }
}

/// What a row writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A catalog entry, by id.
    Entry(String),
    /// The staffing norm of one township (by index), checked against the
    /// catalog's norm entry of that id.
    TownshipNorm {
        /// Index of the township in the county.
        index: usize,
        /// The catalog entry whose range and names apply.
        entry: String,
    },
    /// The projection's length in years.
    Horizon,
}

/// One row of the levers view.
#[derive(Debug, Clone, PartialEq)]
pub struct LeverRow {
    /// What a new value is written to.
    pub target: Target,
    /// The catalog id (for township norms and the horizon, their field path).
    pub id: String,
    /// The field path validation reports for the same number.
    pub path: String,
    /// Name in the interface language.
    pub label: String,
    /// Policy or assumption.
    pub kind: LeverKind,
    /// Unit in the interface language ("" for coefficients).
    pub unit: String,
    /// Current value.
    pub value: f64,
    /// The slider's ends: the plausible range (of the plan as it was
    /// opened), widened to hold the current value.
    pub slider: (f64, f64),
    /// The valid range (what typing may reach).
    pub valid: (f64, f64),
    /// An off/on switch (drawn as a checkbox).
    pub switch: bool,
    /// Steps of the slider (0: none).
    pub step: f64,
    /// Decimals shown.
    pub decimals: usize,
    /// Money: the value is shown with thousands separators.
    pub money: bool,
    /// The slider spreads its range logarithmically.
    pub logarithmic: bool,
    /// The value box's drag speed, value per point of pointer movement.
    pub drag_speed: f64,
    /// The source note (or "assumed").
    pub source: String,
    /// Where the plausible range comes from, and whether it is assumed.
    pub basis: String,
    /// True when the plausible range is assumed.
    pub basis_assumed: bool,
    /// How raising it changes cost, in the interface language.
    pub cost: String,
}

impl LeverRow {
    /// The tooltip: source, plausible range and its basis, valid range,
    /// cost effect, kind.
    #[must_use]
    pub fn tooltip(&self, l: Lang) -> String {
        let basis_kind = if self.basis_assumed {
            l.t("levers.basis_assumed")
        } else {
            l.t("levers.basis_sourced")
        };
        let mut out = format!(
            "{}: {}\n{}: {} – {} {}",
            l.t("levers.source"),
            self.source,
            l.t("levers.plausible"),
            self.number(self.slider.0),
            self.number(self.slider.1),
            self.unit,
        );
        if !self.basis.is_empty() {
            out.push_str(&format!(" ({basis_kind}: {})", self.basis));
        }
        out.push_str(&format!(
            "\n{}: {} – {} {}\n{}\n{}: {}",
            l.t("levers.range"),
            self.number(self.valid.0),
            self.number(self.valid.1),
            self.unit,
            self.cost,
            l.t("levers.kind"),
            self.kind.label(l == Lang::Zh),
        ));
        out
    }

    /// A value as the row writes it (decimals, thousands for money).
    #[must_use]
    pub fn number(&self, v: f64) -> String {
        if self.money {
            group_thousands(v, self.decimals)
        } else if v.abs() >= 1e6 && v.fract() == 0.0 {
            group_thousands(v, 0)
        } else {
            format!("{v:.*}", self.decimals)
        }
    }
}

/// A number with thousands separators and `decimals` decimals.
#[must_use]
pub fn group_thousands(v: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, v.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if v < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("-{out}")
    } else {
        out
    }
}

/// Reads a number typed into a lever's box: thousands separators, spaces
/// and a trailing unit-free `%`-less text are allowed (`1,200,000`, ` 40 `).
#[must_use]
pub fn parse_number(text: &str) -> Option<f64> {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{a0}' | '_'))
        .collect();
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A titled group of rows.
#[derive(Debug, Clone, PartialEq)]
pub struct LeverSection {
    /// Glossary key of the title.
    pub key: &'static str,
    /// Open when first shown.
    pub open: bool,
    /// Its rows, policies first.
    pub rows: Vec<LeverRow>,
}

/// Glossary key of the section an entry belongs to, from its id.
fn section_key(id: &str) -> &'static str {
    let head = id.split('.').next().unwrap_or("");
    match head {
        "levers" => "levers.sec_general",
        "recruitment" => "levers.recruitment",
        "stages" => "levers.sec_stages",
        "exam" => "levers.sec_exams",
        "retention" => "levers.sec_retention",
        "county" if id.starts_with("county.local_average_wage") => "levers.sec_retention",
        "county" | "need" => "levers.sec_need",
        "budget" => "levers.sec_budget",
        _ => "levers.sec_other",
    }
}

/// Sections in display order: the catalog's, then the plan's shape.
const SECTIONS: [&str; 11] = [
    "levers.sec_general",
    "levers.recruitment",
    "levers.sec_stages",
    "levers.sec_exams",
    "levers.sec_retention",
    "levers.sec_need",
    "levers.sec_budget",
    "levers.sec_other",
    "levers.sec_township_norms",
    "levers.sec_plan",
    "",
];

/// Per-township norms listed at most (long lists in big files are edited
/// in the file, or all at once through the common norm).
pub const MAX_TOWNSHIP_ROWS: usize = 200;

/// Decimals a value needs to be shown without rounding (at most 4).
fn decimals_needed(v: f64) -> usize {
    (0..4)
        .find(|&d| {
            let scale = 10f64.powi(d as i32);
            ((v * scale) - (v * scale).round()).abs() < 1e-6
        })
        .unwrap_or(4)
}

/// The slider's ends: the anchor (the plausible range of the plan as
/// opened), widened to hold `value`; a range of no width gets a width of
/// its own so the slider can move.
#[must_use]
pub fn slider_range(anchor: (f64, f64), value: f64, valid: (f64, f64), unit: Unit) -> (f64, f64) {
    let (mut lo, mut hi) = anchor;
    if value.is_finite() {
        lo = lo.min(value);
        hi = hi.max(value);
    }
    if hi - lo < 1e-12 {
        let span = match unit {
            Unit::People | Unit::PeoplePerYear | Unit::Workers => 10.0,
            Unit::Months => 12.0,
            Unit::Share | Unit::Multiplier | Unit::Switch => 1.0,
            Unit::YuanPerMonth | Unit::YuanPerTraineeMonth | Unit::YuanPerSubject => 1000.0,
            Unit::YuanPerHire => 5000.0,
            Unit::YuanPerYear => 1e6,
            _ => lo.abs().max(1.0),
        };
        hi = (lo + span).min(valid.1);
        if hi - lo < 1e-12 {
            lo = (hi - span).max(valid.0);
        }
    }
    (lo.max(valid.0), hi.min(valid.1))
}

/// The shape of a row's control for an entry's unit and range: steps,
/// decimals, money formatting, logarithmic spread and drag speed.
fn control(
    unit: Unit,
    whole: bool,
    value: f64,
    (lo, hi): (f64, f64),
) -> (f64, usize, bool, bool, f64) {
    let span = (hi - lo).max(1e-9);
    let money = matches!(
        unit,
        Unit::YuanPerMonth
            | Unit::YuanPerYear
            | Unit::YuanPerTraineeMonth
            | Unit::YuanPerSubject
            | Unit::YuanPerHire
    );
    let people = matches!(unit, Unit::People | Unit::PeoplePerYear | Unit::Workers);
    let base: usize = match unit {
        Unit::Share | Unit::Coefficient | Unit::Multiplier | Unit::WorkersPer10k => 2,
        Unit::GrowthPerYear | Unit::CasesPerPersonPerYear => 3,
        Unit::VillagesPerWorker | Unit::HoursPerCase => 1,
        _ => 0,
    };
    let decimals = if whole {
        0
    } else {
        base.max(decimals_needed(value)).min(4)
    };
    // Whole people step by one on a slider of at least ten; smaller ranges
    // (a fractional cohort) move freely.
    let step = if whole || (people && span >= 10.0 && value.fract() == 0.0) {
        1.0
    } else {
        0.0
    };
    let decimals = if step == 1.0 { 0 } else { decimals };
    // A range over two orders of magnitude is spread logarithmically.
    let logarithmic = lo > 0.0 && hi / lo >= 100.0;
    // The value box moves by about a three-hundredth of the range per point
    // (Shift slows it tenfold).
    let drag_speed = if step > 0.0 {
        (span / 300.0).max(0.05)
    } else {
        span / 300.0
    };
    (step, decimals, money, logarithmic, drag_speed)
}

/// Plausible ranges of the catalog's entries, by id (the slider anchors).
#[must_use]
pub fn anchors(catalog: &Catalog) -> BTreeMap<String, (f64, f64)> {
    catalog
        .entries
        .iter()
        .map(|e| (e.id.clone(), (e.plausible_low, e.plausible_high)))
        .collect()
}

/// A row of a catalog entry (or of a township's norm under `target`).
fn entry_row(
    e: &Entry,
    target: Target,
    (id, path, label): (String, String, String),
    value: f64,
    anchor: Option<(f64, f64)>,
    l: Lang,
) -> LeverRow {
    let zh = l == Lang::Zh;
    let valid = (e.valid_min, e.valid_max);
    let slider = slider_range(
        anchor.unwrap_or((e.plausible_low, e.plausible_high)),
        value,
        valid,
        e.unit,
    );
    let switch = e.unit == Unit::Switch;
    let (step, decimals, money, logarithmic, drag_speed) =
        control(e.unit, e.integer, value, slider);
    LeverRow {
        target,
        id,
        path,
        label,
        kind: e.kind,
        unit: e.unit.label(zh).to_string(),
        value,
        slider,
        valid,
        switch,
        step,
        decimals,
        money,
        logarithmic,
        drag_speed,
        source: source_text(e.source.text(l == Lang::Zh), l).to_string(),
        basis: e.basis.text_in(zh),
        basis_assumed: e.basis.is_assumed(),
        cost: e.cost.label(zh).to_string(),
    }
}

/// The sections of the levers view for `sc`: every catalog entry (in the
/// catalog's order, policies before assumptions within a section), the
/// norm of each station, and the horizon. `anchors` fixes the sliders'
/// ranges (see [`anchors`]); entries without an anchor use their own
/// plausible range.
#[must_use]
pub fn sections(
    sc: &Scenario,
    catalog: &Catalog,
    anchors: &BTreeMap<String, (f64, f64)>,
    l: Lang,
) -> Vec<LeverSection> {
    let zh = l == Lang::Zh;
    let mut by_key: BTreeMap<&'static str, Vec<LeverRow>> = BTreeMap::new();
    for e in &catalog.entries {
        let Some(value) = e.get(sc) else { continue };
        let row = entry_row(
            e,
            Target::Entry(e.id.clone()),
            (e.id.clone(), e.path.clone(), e.name(zh).to_string()),
            value,
            anchors.get(&e.id).copied(),
            l,
        );
        by_key.entry(section_key(&e.id)).or_default().push(row);
    }
    let norm_rows = by_key.entry("levers.sec_township_norms").or_default();
    for (i, t) in sc
        .county
        .townships
        .iter()
        .enumerate()
        .take(MAX_TOWNSHIP_ROWS)
    {
        let entry_id = if t.county_centre {
            "county.centre.staffing_norm"
        } else {
            "county.staffing_norm"
        };
        let Some(e) = catalog.get(entry_id) else {
            continue;
        };
        let path = format!("county.townships[{i}].staffing_norm");
        norm_rows.push(entry_row(
            e,
            Target::TownshipNorm {
                index: i,
                entry: entry_id.to_string(),
            },
            (
                path.clone(),
                path,
                format!("{} · {}", l.name(&t.name, ""), l.t("levers.norm")),
            ),
            t.staffing_norm,
            anchors.get(entry_id).copied(),
            l,
        ));
    }
    let horizon = f64::from(sc.horizon_years);
    let valid = (1.0, f64::from(MAX_HORIZON_YEARS));
    by_key.entry("levers.sec_plan").or_default().push(LeverRow {
        target: Target::Horizon,
        id: "horizon_years".into(),
        path: "horizon_years".into(),
        label: l.t("levers.horizon").into(),
        kind: LeverKind::Policy,
        unit: l.t("unit.years").into(),
        value: horizon,
        slider: valid,
        valid,
        switch: false,
        step: 1.0,
        decimals: 0,
        money: false,
        logarithmic: false,
        drag_speed: 0.05,
        source: l.t("levers.horizon_source").into(),
        basis: String::new(),
        basis_assumed: false,
        cost: l.t("levers.horizon_cost").into(),
    });
    SECTIONS
        .iter()
        .filter_map(|key| {
            let mut rows = by_key.remove(key)?;
            if rows.is_empty() {
                return None;
            }
            // Policies first; the catalog's order within each kind.
            rows.sort_by_key(|r| r.kind);
            Some(LeverSection {
                key,
                open: *key != "levers.sec_township_norms",
                rows,
            })
        })
        .collect()
}

/// Writes `v` through a row's target: the catalog's `set` (checked against
/// its valid range), one township's norm (checked against the norm entry),
/// or the horizon. The message when the value is refused, in the
/// interface language.
pub fn set_value(
    sc: &mut Scenario,
    catalog: &Catalog,
    target: &Target,
    v: f64,
    l: Lang,
) -> Result<(), String> {
    let zh = l == Lang::Zh;
    let text = |e: CatalogError| e.text(zh);
    match target {
        Target::Entry(id) => {
            let entry = catalog.find(id).map_err(text)?;
            let old = entry.get(sc);
            entry.set(sc, v).map_err(text)?;
            // The Monte Carlo bands follow the value typed (MODEL.md §7a).
            if let Some(old) = old {
                sc.uncertainty.follow_edit(catalog, &entry.id, old, v);
            }
            Ok(())
        }
        Target::TownshipNorm { index, entry } => {
            catalog.find(entry).map_err(text)?.check(v).map_err(text)?;
            match std::sync::Arc::make_mut(&mut sc.county.townships).get_mut(*index) {
                Some(t) => {
                    t.staffing_norm = v;
                    Ok(())
                }
                None => Err(text(CatalogError::Gone(format!(
                    "county.townships[{index}].staffing_norm"
                )))),
            }
        }
        Target::Horizon => {
            let max = f64::from(MAX_HORIZON_YEARS);
            if v.is_finite() && (1.0..=max).contains(&v) && v.fract() == 0.0 {
                sc.horizon_years = v as u32;
                Ok(())
            } else {
                Err(match l {
                    Lang::Zh => format!("推演年数必须是 1 到 {max} 之间的整数（当前为 {v}）"),
                    Lang::En => {
                        format!("the horizon must be a whole number from 1 to {max} (found {v})")
                    }
                })
            }
        }
    }
}

/// True when the levers view has a row for this catalog id or field path
/// (where a problem in the status bar, or a bar of a sensitivity chart,
/// takes the planner).
#[must_use]
pub fn has_row(sc: &Scenario, id_or_path: &str) -> bool {
    id_or_path == "horizon_years"
        || (id_or_path.starts_with("county.townships[") && id_or_path.ends_with("].staffing_norm"))
        || Catalog::of(sc).get(id_or_path).is_some()
}

/// The row a focus request names: a catalog id or a field path.
#[must_use]
pub fn find_row<'a>(sections: &'a [LeverSection], id_or_path: &str) -> Option<&'a LeverRow> {
    sections
        .iter()
        .flat_map(|s| &s.rows)
        .find(|r| r.id == id_or_path || r.path == id_or_path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::io;

    #[test]
    fn every_catalog_entry_has_one_row_and_the_rows_set_through_the_catalog() {
        let sc = io::default_scenario().unwrap();
        let catalog = Catalog::of(&sc);
        let secs = sections(&sc, &catalog, &anchors(&catalog), Lang::En);
        for e in &catalog.entries {
            let n = secs
                .iter()
                .flat_map(|s| &s.rows)
                .filter(|r| r.target == Target::Entry(e.id.clone()))
                .count();
            assert_eq!(n, 1, "{}", e.id);
        }
        for s in &secs {
            for r in &s.rows {
                assert!(r.slider.0 <= r.value && r.value <= r.slider.1, "{}", r.id);
                assert!(
                    r.valid.0 <= r.slider.0 && r.slider.1 <= r.valid.1,
                    "{}",
                    r.id
                );
                assert!(r.slider.1 > r.slider.0, "{}", r.id);
                let mut s2 = sc.clone();
                set_value(&mut s2, &catalog, &r.target, r.value, Lang::En).unwrap();
                assert_eq!(s2, sc, "{}", r.id);
            }
        }
        // The cohort's slider: no cohort up to six times the plan.
        let cohort = find_row(&secs, "recruitment[1].size").unwrap();
        assert_eq!(cohort.slider, (0.0, 30.0));
        assert_eq!(cohort.step, 1.0);
        assert!(!cohort.logarithmic);
    }

    #[test]
    fn a_value_beyond_the_valid_range_is_refused_with_the_catalogs_words() {
        let sc = io::default_scenario().unwrap();
        let catalog = Catalog::of(&sc);
        let mut s = sc.clone();
        let target = Target::Entry("levers.pay_multiplier".into());
        let err = set_value(&mut s, &catalog, &target, 9.0, Lang::En).unwrap_err();
        assert!(err.contains("between 0.1 and 5"), "{err}");
        let err = set_value(&mut s, &catalog, &target, 9.0, Lang::Zh).unwrap_err();
        assert!(err.contains("薪酬倍数"), "{err}");
        assert_eq!(s, sc);
        let norm = Target::TownshipNorm {
            index: 0,
            entry: "county.staffing_norm".into(),
        };
        assert!(set_value(&mut s, &catalog, &norm, -1.0, Lang::En).is_err());
        set_value(&mut s, &catalog, &norm, 4.0, Lang::En).unwrap();
        assert_eq!(s.county.townships[0].staffing_norm, 4.0);
        assert_eq!(s.county.townships[1].staffing_norm, 3.0);
        assert!(set_value(&mut s, &catalog, &Target::Horizon, 31.0, Lang::En).is_err());
    }

    #[test]
    fn a_typed_value_widens_the_slider_and_the_anchor_holds_it_still() {
        let sc = io::default_scenario().unwrap();
        let catalog = Catalog::of(&sc);
        let anchored = anchors(&catalog);
        let mut s = sc.clone();
        catalog
            .find("recruitment.本土人才培养班.size")
            .unwrap()
            .set(&mut s, 40.0)
            .unwrap();
        let moved = Catalog::of(&s);
        let row = |a: &BTreeMap<String, (f64, f64)>| {
            find_row(
                &sections(&s, &moved, a, Lang::Zh),
                "recruitment.本土人才培养班.size",
            )
            .unwrap()
            .slider
        };
        // Anchored to the plan as opened: 0–30 widened to 40.
        assert_eq!(row(&anchored), (0.0, 40.0));
        // Without the anchor the plausible range would follow the value (0–240).
        assert_eq!(row(&BTreeMap::new()), (0.0, 240.0));
    }

    #[test]
    fn numbers_read_back_as_written() {
        assert_eq!(group_thousands(1_234_567.0, 0), "1,234,567");
        assert_eq!(group_thousands(-1234.5, 1), "-1,234.5");
        assert_eq!(group_thousands(999.0, 0), "999");
        assert_eq!(parse_number("1,234,567"), Some(1_234_567.0));
        assert_eq!(parse_number(" 40 "), Some(40.0));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(
            slider_range((0.0, 0.0), 0.0, (0.0, 1e7), Unit::People),
            (0.0, 10.0)
        );
        assert_eq!(
            slider_range((5.0, 5.0), 5.0, (0.0, 5.0), Unit::Share),
            (4.0, 5.0)
        );
    }
}
