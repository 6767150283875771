//! The runs behind a report: the expected-value projection (with township
//! rows at year ends), one Monte Carlo run, the deterministic sensitivity,
//! what binds, and the comparison with variants. Every figure of the
//! report comes from [`Figures`].

use crate::model::analysis::binding::{self, Binding};
use crate::model::analysis::compare::{self, CompareOptions, Comparison};
use crate::model::analysis::sensitivity::{self, Sensitivity, SensitivityOptions};
use crate::model::analysis::{AnalysisError, Control, Evaluation, compile_checked, evaluate};
use crate::model::goals::{self, GoalOutcome};
use crate::model::montecarlo::{self, McResult};
use crate::model::{Model, Projection, RunOptions, Scenario};

/// A plan given to the report: its scenario and a label (its file name).
#[derive(Debug, Clone)]
pub struct PlanInput {
    /// The scenario, already validated (and changed by `--set`).
    pub scenario: Scenario,
    /// How the report names it (file name, or the scenario's name).
    pub label: String,
}

/// How a report is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunSettings {
    /// Monte Carlo replications (targets, bands, risks, comparison).
    pub runs: usize,
    /// Seed of the replications.
    pub seed: u64,
}

/// Everything a report shows, computed once.
#[derive(Debug, Clone)]
pub struct Figures {
    /// The base plan.
    pub base: PlanInput,
    /// Its compiled model.
    pub model: Model,
    /// The expected-value projection, with township rows at year ends.
    pub projection: Projection,
    /// Each goal judged on the projection.
    pub goals: Vec<GoalOutcome>,
    /// The Monte Carlo run: bands per metric and month, goal odds.
    pub mc: McResult,
    /// The tornado, on the expected-value projection.
    pub sensitivity: Sensitivity,
    /// What the rules cut, and where projection and Monte Carlo disagree.
    pub binding: Binding,
    /// The variants compared with the base (paired replications), if any.
    pub comparison: Option<Comparison>,
    /// The variants as given.
    pub variants: Vec<PlanInput>,
    /// Replications and seed.
    pub settings: RunSettings,
    /// The year the report's tables by township, sensitivity and
    /// comparison are read at: the targets' `by_year`, else 2030 or the
    /// last year.
    pub target_year: i32,
}

/// The outputs the report's sensitivity reads.
pub const SENSITIVITY_METRICS: [&str; 3] = sensitivity::DEFAULT_METRICS;

/// Runs everything a report needs. Progress and cancel go through `ctl`
/// (runs planned and done, as the analyses count them).
pub fn compute(
    base: PlanInput,
    variants: Vec<PlanInput>,
    settings: RunSettings,
    ctl: &Control,
) -> Result<Figures, AnalysisError> {
    let (sc, model) = compile_checked(base.scenario.clone())?;
    montecarlo::check_runs(&model, settings.runs)?;
    let target_year = target_year(&sc, &model);

    // The comparison first: a variant that cannot be compared is refused
    // before the longer runs.
    let mut plans = Vec::with_capacity(variants.len() + 1);
    if !variants.is_empty() {
        plans.push((sc.clone(), model.clone()));
        for v in &variants {
            plans.push(compile_checked(v.scenario.clone())?);
        }
    }
    let comparison = if plans.is_empty() {
        None
    } else {
        let labels: Vec<String> = std::iter::once(&base)
            .chain(&variants)
            .map(|p| p.label.clone())
            .collect();
        let opts = CompareOptions {
            eval: Evaluation::MonteCarlo {
                runs: settings.runs,
                seed: settings.seed,
            },
            county_only: false,
            year: Some(target_year),
        };
        Some(compare::compare(&plans, &labels, opts, ctl)?)
    };
    drop(plans);

    let projection = model.project(RunOptions {
        township_detail: true,
        township_year_ends: true,
    });
    let goals = goals::judge_expected(&model);
    let eval = Evaluation::MonteCarlo {
        runs: settings.runs,
        seed: settings.seed,
    };
    let reps = evaluate(&model, eval, ctl, <[f64]>::to_vec)?;
    let views: Vec<&[f64]> = reps.iter().map(Vec::as_slice).collect();
    let mc = montecarlo::reduce(&model, settings.seed, settings.runs, &views);
    drop(views);
    drop(reps);
    let sensitivity = sensitivity::sensitivity(
        &sc,
        &SensitivityOptions {
            metrics: SENSITIVITY_METRICS
                .iter()
                .map(|m| (*m).to_string())
                .collect(),
            year: Some(target_year),
            eval: Evaluation::Deterministic,
            only: None,
        },
        ctl,
    )?;
    let binding = binding::binding(&sc, &model, &projection, Some(&mc.bands));
    Ok(Figures {
        base: PlanInput {
            scenario: sc,
            label: base.label,
        },
        model,
        projection,
        goals,
        mc,
        sensitivity,
        binding,
        comparison,
        variants,
        settings,
        target_year,
    })
}

/// The year a report reads its township table, sensitivity and comparison
/// at: the targets' `by_year` when the projection reaches it, else 2030 or
/// the last year.
#[must_use]
pub fn target_year(sc: &Scenario, model: &Model) -> i32 {
    let ends = model.year_ends();
    match sc.targets.by_year {
        Some(y) if ends.contains_key(&y) => y,
        _ => crate::model::analysis::default_year(model),
    }
}
