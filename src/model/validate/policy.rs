//! Checks of the money and the plan's choices: the budget, the levers,
//! the targets and dated goals, the lever catalog's ranges, and the
//! certification deadline.

use super::*;

impl Checker<'_> {
    pub(super) fn budget(&mut self) {
        let b = &self.sc.budget;
        for (name, x, range) in [
            (
                "social_insurance_share",
                b.social_insurance_share,
                Range::Share,
            ),
            (
                "training_cost_yuan_per_trainee_month",
                b.training_cost_yuan_per_trainee_month,
                between(0.0, 1.0e6),
            ),
            (
                "exam_fee_yuan_per_subject",
                b.exam_fee_yuan_per_subject,
                between(0.0, 1.0e5),
            ),
            (
                "recruitment_cost_yuan_per_hire",
                b.recruitment_cost_yuan_per_hire,
                between(0.0, 1.0e7),
            ),
            (
                "station_overhead_yuan_per_year",
                b.station_overhead_yuan_per_year,
                between(0.0, 1.0e9),
            ),
        ] {
            self.number(field_path("budget", name), x, range);
        }
        self.ids("budget.sources", b.sources.iter().map(|s| s.id.as_str()));
        for (i, s) in b.sources.iter().enumerate() {
            let p = index_path("budget.sources", i);
            self.text(|| field_path(&p, "name"), &s.name, MAX_NAME_CHARS, false);
            self.text(
                || field_path(&p, "name_en"),
                &s.name_en,
                MAX_NAME_CHARS,
                false,
            );
            self.number(
                field_path(&p, "yuan_per_year"),
                s.yuan_per_year,
                lever_range("budget.sources.yuan_per_year"),
            );
            let growth = lever_range("budget.sources.growth_per_year");
            if !(s.growth_per_year.is_finite() && s.growth_per_year < -1.0) {
                self.number(field_path(&p, "growth_per_year"), s.growth_per_year, growth);
            }
            if s.growth_per_year.is_finite() && s.growth_per_year < -1.0 {
                self.error(
                    field_path(&p, "growth_per_year"),
                    format!(
                        "funding cannot shrink by more than 100 % a year (found {})",
                        s.growth_per_year
                    ),
                    format!("经费年降幅不能超过 100%（当前为 {}）", s.growth_per_year),
                );
            }
            let yp = field_path(&p, "by_year");
            for (year, x) in &s.by_year {
                let kp = key_path(&yp, &year.to_string());
                self.year(|| kp.clone(), *year);
                self.number(kp, *x, lever_range("budget.sources.by_year"));
            }
        }
        self.number(
            "budget.funding_delay_probability".into(),
            b.funding_delay_probability,
            lever_range("budget.funding_delay_probability"),
        );
        self.number(
            "budget.funding_delay_months".into(),
            b.funding_delay_months,
            lever_range("budget.funding_delay_months"),
        );
        let mut bare = b.clone();
        bare.source.clear();
        if bare != crate::model::scenario::Budget::default() {
            self.source("budget", &b.source);
        }
    }

    pub(super) fn levers(&mut self) {
        let l = &self.sc.levers;
        for (name, x) in [
            ("pay_multiplier", l.pay_multiplier),
            ("admin_share", l.admin_share),
            ("exam_support_pass_uplift", l.exam_support_pass_uplift),
            ("recruitment_multiplier", l.recruitment_multiplier),
        ] {
            let path = field_path("levers", name);
            let range = lever_range(&path);
            self.number(path, x, range);
        }
        // A lever that is pulled but costs nothing flatters the plan.
        let b = &self.sc.budget;
        for (pulled, cost, lever, field, en, zh) in [
            (
                l.exam_support_pass_uplift > 0.0,
                b.exam_support_yuan_per_subject,
                "levers.exam_support_pass_uplift",
                "exam_support_yuan_per_subject",
                "exam support is given but costs nothing",
                "有考试辅导，却没有辅导费用",
            ),
            (
                l.promotion_ladder,
                b.ladder_pay_step_share,
                "levers.promotion_ladder",
                "ladder_pay_step_share",
                "the promotion ladder is on but raises no pay",
                "设了晋升通道，却没有加薪",
            ),
            (
                l.admin_share < self.sc.retention.reference_admin_share,
                b.admin_relief_yuan_per_worker_year,
                "levers.admin_share",
                "admin_relief_yuan_per_worker_year",
                "administrative work is moved elsewhere at no cost",
                "行政事务转给他人，却没有费用",
            ),
        ] {
            if pulled && cost <= 0.0 {
                self.warn(
                    field_path("budget", field),
                    format!("{en} (`{lever}`): set budget.{field} so the plan pays for it"),
                    format!("{zh}（`{lever}`）：请设定 budget.{field}，方案才计入这笔费用"),
                );
            }
        }
        let mut bare = l.clone();
        bare.source.clear();
        if bare != crate::model::scenario::Levers::default() {
            self.source("levers", &l.source);
        }
    }

    pub(super) fn targets(&mut self) {
        let t = &self.sc.targets;
        self.goals();
        if let Some(x) = t.certified_share_at_least {
            self.number("targets.certified_share_at_least".into(), x, Range::Share);
        }
        if let Some(x) = t.workers_per_10k_at_least {
            self.number(
                "targets.workers_per_10k_at_least".into(),
                x,
                between(0.0, 1.0e4),
            );
        }
        if let Some(y) = t.by_year {
            self.year(|| "targets.by_year".into(), y);
            let first = self.sc.start_year;
            let last = first + self.sc.horizon_years as i32 - 1;
            if y < first || y > last {
                self.warn(
                    "targets.by_year".into(),
                    format!("{y} is outside the projection ({first}–{last}); the headline has no value for it"),
                    format!("{y} 年不在推演期内（{first}–{last}），概览中没有该年的数值"),
                );
            }
        }
    }

    /// Every catalog entry's number within its valid range.
    pub(super) fn catalog(&mut self) {
        let catalog = std::mem::take(&mut self.catalog);
        for e in &catalog.entries {
            let mut bad = Vec::new();
            e.check_places(self.sc, |path, v| bad.push((path, v)));
            for (path, v) in bad {
                if let Err(err) = e.check(v) {
                    // The field is named beside the message (its label).
                    self.error(path, err.rule_text(false), err.rule_text(true));
                }
            }
        }
        self.catalog = catalog;
    }

    pub(super) fn goals(&mut self) {
        let sc = self.sc;
        let goals = &sc.targets.goals;
        if goals.is_empty() {
            return;
        }
        self.ids("targets.goals", goals.iter().map(|g| g.id.as_str()));
        let metrics = crate::model::engine::scenario_metric_names(sc);
        let first = sc.start_year;
        let last = first.saturating_add(sc.horizon_years.saturating_sub(1).min(1_000) as i32);
        for (i, g) in goals.iter().enumerate() {
            let p = index_path("targets.goals", i);
            if !metrics.contains(&g.metric) {
                self.error(
                    field_path(&p, "metric"),
                    format!(
                        "unknown metric `{}`; the results have: {}",
                        g.metric,
                        metrics.join(", ")
                    ),
                    format!(
                        "指标 `{}` 不存在；可用指标：{}",
                        g.metric,
                        metrics.join("、")
                    ),
                );
            }
            let level_range = if crate::model::metrics::is_share(&g.metric) {
                Range::Share
            } else {
                Range::Any
            };
            self.number(field_path(&p, "level"), g.level, level_range);
            if !(first..=last).contains(&g.year) {
                self.warn(
                    field_path(&p, "year"),
                    format!(
                        "{} is outside the projection ({first}–{last}); this goal is not judged",
                        g.year
                    ),
                    format!(
                        "{} 年不在推演期内（{first}–{last}），该目标不作评判",
                        g.year
                    ),
                );
            }
            self.source(&p, &g.source);
        }
        let legacy = t_legacy(&sc.targets);
        if !legacy.is_empty() {
            self.warn(
                "targets".into(),
                format!(
                    "with a list of goals, the older fields ({}) are ignored",
                    legacy.join(", ")
                ),
                format!(
                    "已列出目标清单，旧写法的字段（{}）不再起作用",
                    legacy.join("、")
                ),
            );
        }
    }

    pub(super) fn deadline(&mut self) {
        let Some(d) = &self.sc.certify_deadline else {
            return;
        };
        if d.months == 0 {
            self.error(
                "certify_deadline.months".into(),
                "the deadline must be at least 1 month after hire".into(),
                "取证期限至少为入职后 1 个月".into(),
            );
        }
        self.tracked_months("certify_deadline.months".into(), d.months);
        for (j, s) in d.stages.iter().enumerate() {
            self.stage_ref(|| index_path("certify_deadline.stages", j), s);
        }
        if let DeadlineConsequence::MoveTo(s) = &d.consequence {
            self.stage_ref(|| "certify_deadline.consequence".into(), s);
        }
        self.source("certify_deadline", &d.source);
    }
}
