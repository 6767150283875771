//! Checks of the uncertainty section (MODEL.md §7a): every uncertain entry
//! exists once, its distribution is usable and has a source, its draws stay
//! in the entry's valid range, and the file's value lies near its centre.

use super::*;
use crate::model::uncertainty::Distribution;

/// How far (in standard deviations, or in sigmas of the logarithm) the
/// file's value may lie from a distribution's centre before it is warned
/// about.
const FAR_FROM_CENTRE: f64 = 2.0;

impl Checker<'_> {
    pub(super) fn uncertainty(&mut self) {
        let u = &self.sc.uncertainty;
        if u.is_empty() {
            return;
        }
        self.note("uncertainty.source", &u.source.zh);
        self.note("uncertainty.source", &u.source.en);
        let catalog = std::mem::take(&mut self.catalog);
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for (i, a) in u.assumptions.iter().enumerate() {
            let p = index_path("uncertainty.assumptions", i);
            self.note(&field_path(&p, "source"), &a.source.zh);
            self.note(&field_path(&p, "source"), &a.source.en);
            let Some(entry) = catalog.get(&a.id) else {
                self.error(
                    field_path(&p, "id"),
                    format!(
                        "no lever or assumption has the id {}; `talent-planner levers` lists them",
                        quote(&a.id)
                    ),
                    format!(
                        "没有编号为 {} 的参数；`talent-planner levers` 列出全部参数",
                        quote(&a.id)
                    ),
                );
                continue;
            };
            if !seen.insert(entry.id.as_str()) {
                self.error(
                    field_path(&p, "id"),
                    format!("{} is listed twice", quote(&entry.id)),
                    format!("{}（{}）重复列出", entry.name_zh, quote(&entry.id)),
                );
                continue;
            }
            let dp = field_path(&p, "distribution");
            if let Err(e) = a.distribution.check() {
                self.error(
                    dp,
                    format!("{}: {e}", entry.name_en),
                    format!("{}：{}", entry.name_zh, e.text_zh()),
                );
                continue;
            }
            if a.source.is_empty() {
                self.warn(
                    field_path(&p, "source"),
                    format!(
                        "{}: say where the distribution comes from, or \"assumed: …\" and why",
                        entry.name_en
                    ),
                    format!(
                        "{}：请注明分布的来源，或写明“假设：……”及理由",
                        entry.name_zh
                    ),
                );
            }
            let (lo, hi) = a.distribution.practical_range();
            if lo < entry.valid_min || hi > entry.valid_max {
                self.warn(
                    dp.clone(),
                    format!(
                        "{}: draws outside the valid range {}–{} are set to its nearer end",
                        entry.name_en, entry.valid_min, entry.valid_max
                    ),
                    format!(
                        "{}：抽样值超出有效范围 {}–{} 时取最近的端点",
                        entry.name_zh, entry.valid_min, entry.valid_max
                    ),
                );
            }
            if let Some(v) = entry.get(self.sc)
                && far_from_centre(&a.distribution, v)
            {
                let centre = a.distribution.mean();
                self.warn(
                    dp,
                    format!(
                        "{}: the file's value {v} lies far from this distribution (mean {centre:.4}); \
                         the projection uses the file's value, the Monte Carlo bands the distribution",
                        entry.name_en
                    ),
                    format!(
                        "{}：文件中的取值 {v} 远离该分布（均值 {centre:.4}）；期望值推演用文件中的取值，蒙特卡洛区间用该分布",
                        entry.name_zh
                    ),
                );
            }
        }
        self.catalog = catalog;
    }
}

/// Whether `v` lies outside what the distribution makes likely: beyond
/// [`FAR_FROM_CENTRE`] standard deviations of a Beta's mean or sigmas of a
/// log-normal's median, or outside a triangle's or a uniform's ends.
fn far_from_centre(d: &Distribution, v: f64) -> bool {
    match *d {
        Distribution::Beta { mean, sd } => (v - mean).abs() > FAR_FROM_CENTRE * sd,
        Distribution::LogNormal { median, sigma } => {
            v <= 0.0 || (v / median).ln().abs() > FAR_FROM_CENTRE * sigma.max(1e-9)
        }
        Distribution::Triangular { low, high, .. } | Distribution::Uniform { low, high } => {
            v < low || v > high
        }
    }
}
