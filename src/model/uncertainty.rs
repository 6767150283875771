//! Uncertainty in the assumptions (MODEL.md §7a): the scenario's
//! `uncertainty` section gives some catalog entries a distribution, each
//! with its source. A Monte Carlo replication draws those entries once,
//! before its first month, then runs with process noise (who leaves, who
//! passes, when funds arrive late) as before. Without the section, or with
//! [`crate::model::Model::process_only`], the bands hold process noise alone.

use std::sync::Arc;

use rand::{Rng, RngExt};
use rand_distr::{Beta, Distribution as _, LogNormal, Triangular};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::catalog::{Catalog, Entry};
use super::scenario::Scenario;

/// The scenario's `uncertainty` section.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Uncertainty {
    /// Catalog entries whose value is uncertain, each with its distribution.
    #[serde(default)]
    pub assumptions: Vec<Assumption>,
    /// Where the distributions come from, for the section as a whole.
    #[serde(default)]
    pub source: super::source_note::SourceNote,
}

impl Uncertainty {
    /// True when no assumption is uncertain (the section is not written).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.assumptions.is_empty() && self.source.is_empty()
    }

    /// Moves the distribution of entry `id` (of `catalog`) with an edit of
    /// its value from `old` to `new`, so that Monte Carlo bands follow the
    /// value a planner typed: scaled by `new / old` when both are positive
    /// (its relative spread kept), else shifted by `new − old` (a triangle
    /// or a uniform range); a distribution that cannot follow (a Beta mean
    /// leaving (0, 1), a log-normal at a value ≤ 0) is dropped, and the
    /// value is then held.
    pub fn follow_edit(&mut self, catalog: &Catalog, id: &str, old: f64, new: f64) {
        if old == new {
            return;
        }
        self.assumptions.retain_mut(|a| {
            if !a.names(catalog, id) {
                return true;
            }
            let moved = if old > 0.0 && new > 0.0 {
                a.distribution.scaled(new / old)
            } else {
                a.distribution.shifted(new - old)
            };
            match moved {
                Some(d) => {
                    a.distribution = d;
                    true
                }
                None => false,
            }
        });
    }
}

/// One uncertain catalog entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assumption {
    /// Catalog id (as `talent-planner levers` lists them) or field path.
    pub id: String,
    /// What the value may be.
    pub distribution: Distribution,
    /// Where the distribution comes from, or "assumed: …" and why.
    #[serde(default)]
    pub source: super::source_note::SourceNote,
}

impl Assumption {
    /// Whether this assumption is the distribution of catalog entry `id`
    /// (it may name the entry by id or by field path).
    #[must_use]
    pub fn names(&self, catalog: &Catalog, id: &str) -> bool {
        catalog.get(&self.id).is_some_and(|e| e.id == id)
    }
}

/// A distribution of one uncertain value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Distribution {
    /// A rate or share in (0, 1), by its mean and standard deviation
    /// (Beta with α = mean·k, β = (1 − mean)·k, k = mean(1 − mean)/sd² − 1).
    Beta {
        /// Mean, in (0, 1).
        mean: f64,
        /// Standard deviation, above 0 and below √(mean(1 − mean)).
        sd: f64,
    },
    /// A positive multiplier or elasticity: `median · exp(sigma · Z)`.
    LogNormal {
        /// Median, above 0.
        median: f64,
        /// Standard deviation of the logarithm, 0–3.
        sigma: f64,
    },
    /// From a low, a most likely and a high value.
    Triangular {
        /// Smallest value.
        low: f64,
        /// Most likely value.
        likely: f64,
        /// Largest value.
        high: f64,
    },
    /// Every value from low to high equally likely.
    Uniform {
        /// Smallest value.
        low: f64,
        /// Largest value.
        high: f64,
    },
}

/// The standard normal's 99.95th percentile.
const Z_9995: f64 = 3.290_527;

/// Largest `sigma` of a log-normal: beyond it the 95th percentile is over
/// 140 times the median, which no planning figure means.
pub const MAX_LOG_SIGMA: f64 = 3.0;

/// Why a distribution cannot be used.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum DistributionError {
    /// A parameter is not a finite number.
    #[error("every parameter must be a finite number")]
    NotFinite,
    /// Beta mean outside (0, 1).
    #[error("a Beta distribution's mean must lie strictly between 0 and 1 (found {0})")]
    BetaMean(f64),
    /// Beta standard deviation too small or too large for the mean.
    #[error(
        "a Beta distribution with mean {mean} needs a standard deviation above 0 and below {max:.4} (found {sd})"
    )]
    BetaSd {
        /// The mean.
        mean: f64,
        /// The standard deviation given.
        sd: f64,
        /// The largest possible.
        max: f64,
    },
    /// Log-normal median not positive or sigma out of range.
    #[error(
        "a log-normal distribution needs a median above 0 and a sigma from 0 to {MAX_LOG_SIGMA} (found median {median}, sigma {sigma})"
    )]
    LogNormal {
        /// The median.
        median: f64,
        /// The sigma.
        sigma: f64,
    },
    /// Low, likely, high out of order.
    #[error("low ≤ likely ≤ high with low < high is required (found {low}, {likely}, {high})")]
    Order {
        /// Low.
        low: f64,
        /// Likely (the low for a uniform distribution).
        likely: f64,
        /// High.
        high: f64,
    },
}

impl DistributionError {
    /// The message in Chinese.
    #[must_use]
    pub fn text_zh(&self) -> String {
        match self {
            Self::NotFinite => "分布的每个参数都必须是有限数值".into(),
            Self::BetaMean(m) => format!("Beta 分布的均值必须在 0 和 1 之间（当前为 {m}）"),
            Self::BetaSd { mean, sd, max } => {
                format!("均值为 {mean} 的 Beta 分布，标准差须大于 0 且小于 {max:.4}（当前为 {sd}）")
            }
            Self::LogNormal { median, sigma } => format!(
                "对数正态分布的中位数须大于 0，sigma 须在 0 到 {MAX_LOG_SIGMA} 之间（当前中位数 {median}，sigma {sigma}）"
            ),
            Self::Order { low, likely, high } => format!(
                "须满足 最低 ≤ 最可能 ≤ 最高 且 最低 < 最高（当前为 {low}、{likely}、{high}）"
            ),
        }
    }
}

impl Distribution {
    /// Checks the parameters.
    pub fn check(&self) -> Result<(), DistributionError> {
        let finite = |xs: &[f64]| xs.iter().all(|x| x.is_finite());
        match *self {
            Self::Beta { mean, sd } => {
                if !finite(&[mean, sd]) {
                    return Err(DistributionError::NotFinite);
                }
                if mean <= 0.0 || mean >= 1.0 {
                    return Err(DistributionError::BetaMean(mean));
                }
                let max = (mean * (1.0 - mean)).sqrt();
                if sd <= 0.0 || sd >= max {
                    return Err(DistributionError::BetaSd { mean, sd, max });
                }
            }
            Self::LogNormal { median, sigma } => {
                if !finite(&[median, sigma]) {
                    return Err(DistributionError::NotFinite);
                }
                if median <= 0.0 || !(0.0..=MAX_LOG_SIGMA).contains(&sigma) {
                    return Err(DistributionError::LogNormal { median, sigma });
                }
            }
            Self::Triangular { low, likely, high } => {
                if !finite(&[low, likely, high]) {
                    return Err(DistributionError::NotFinite);
                }
                if !(low <= likely && likely <= high && low < high) {
                    return Err(DistributionError::Order { low, likely, high });
                }
            }
            Self::Uniform { low, high } => {
                if !finite(&[low, high]) {
                    return Err(DistributionError::NotFinite);
                }
                if low >= high {
                    return Err(DistributionError::Order {
                        low,
                        likely: low,
                        high,
                    });
                }
            }
        }
        Ok(())
    }

    /// The smallest and largest value a draw can take (the log-normal's
    /// upper end is infinite).
    #[must_use]
    pub fn support(&self) -> (f64, f64) {
        match *self {
            Self::Beta { .. } => (0.0, 1.0),
            Self::LogNormal { .. } => (0.0, f64::INFINITY),
            Self::Triangular { low, high, .. } | Self::Uniform { low, high } => (low, high),
        }
    }

    /// Where all but one draw in a thousand fall: the support, except for
    /// the log-normal, whose 0.05th and 99.95th percentiles
    /// (`median · exp(∓3.29 sigma)`) are given.
    #[must_use]
    pub fn practical_range(&self) -> (f64, f64) {
        match *self {
            Self::LogNormal { median, sigma } => (
                median * (-Z_9995 * sigma).exp(),
                median * (Z_9995 * sigma).exp(),
            ),
            _ => self.support(),
        }
    }

    /// The distribution's mean.
    #[must_use]
    pub fn mean(&self) -> f64 {
        match *self {
            Self::Beta { mean, .. } => mean,
            Self::LogNormal { median, sigma } => median * (0.5 * sigma * sigma).exp(),
            Self::Triangular { low, likely, high } => (low + likely + high) / 3.0,
            Self::Uniform { low, high } => 0.5 * (low + high),
        }
    }

    /// One draw. A distribution that fails [`Distribution::check`] gives
    /// its mean (validation refuses such a file before anything runs).
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match *self {
            Self::Beta { mean, sd } => {
                let k = mean * (1.0 - mean) / (sd * sd) - 1.0;
                Beta::new(mean * k, (1.0 - mean) * k).map_or(mean, |d| d.sample(rng))
            }
            Self::LogNormal { median, sigma } => {
                LogNormal::new(median.ln(), sigma).map_or(median, |d| d.sample(rng))
            }
            Self::Triangular { low, likely, high } => {
                Triangular::new(low, high, likely).map_or(likely, |d| d.sample(rng))
            }
            Self::Uniform { low, high } => low + (high - low) * rng.random::<f64>(),
        }
    }

    /// The distribution of `r` times a draw (`r > 0`); `None` where that
    /// leaves the family (a Beta mean of 1 or more).
    #[must_use]
    pub fn scaled(&self, r: f64) -> Option<Self> {
        if !(r.is_finite() && r > 0.0) {
            return None;
        }
        let d = match *self {
            Self::Beta { mean, sd } => {
                let mean = mean * r;
                let max = (mean * (1.0 - mean)).sqrt();
                Self::Beta {
                    mean,
                    sd: (sd * r).min(0.9 * max),
                }
            }
            Self::LogNormal { median, sigma } => Self::LogNormal {
                median: median * r,
                sigma,
            },
            Self::Triangular { low, likely, high } => Self::Triangular {
                low: low * r,
                likely: likely * r,
                high: high * r,
            },
            Self::Uniform { low, high } => Self::Uniform {
                low: low * r,
                high: high * r,
            },
        };
        d.check().is_ok().then_some(d)
    }

    /// The distribution of a draw plus `by`; `None` for a Beta or a
    /// log-normal, whose range is fixed at 0.
    #[must_use]
    pub fn shifted(&self, by: f64) -> Option<Self> {
        let d = match *self {
            Self::Triangular { low, likely, high } => Self::Triangular {
                low: low + by,
                likely: likely + by,
                high: high + by,
            },
            Self::Uniform { low, high } => Self::Uniform {
                low: low + by,
                high: high + by,
            },
            Self::Beta { .. } | Self::LogNormal { .. } => return None,
        };
        d.check().is_ok().then_some(d)
    }

    /// A short description, e.g. `Beta(mean 0.101, sd 0.03)`.
    #[must_use]
    pub fn describe(&self, chinese: bool) -> String {
        match (*self, chinese) {
            (Self::Beta { mean, sd }, false) => format!("Beta (mean {mean}, sd {sd})"),
            (Self::Beta { mean, sd }, true) => format!("Beta 分布（均值 {mean}，标准差 {sd}）"),
            (Self::LogNormal { median, sigma }, false) => {
                format!("log-normal (median {median}, sigma {sigma})")
            }
            (Self::LogNormal { median, sigma }, true) => {
                format!("对数正态分布（中位数 {median}，sigma {sigma}）")
            }
            (Self::Triangular { low, likely, high }, false) => {
                format!("triangular ({low}, most likely {likely}, {high})")
            }
            (Self::Triangular { low, likely, high }, true) => {
                format!("三角分布（{low}，最可能 {likely}，{high}）")
            }
            (Self::Uniform { low, high }, false) => format!("uniform ({low} to {high})"),
            (Self::Uniform { low, high }, true) => format!("均匀分布（{low} 至 {high}）"),
        }
    }
}

/// Why the uncertainty section cannot be compiled.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum UncertaintyError {
    /// No catalog entry has this id.
    #[error("uncertainty.assumptions: no lever or assumption has the id `{0}`")]
    Unknown(String),
    /// The same entry is listed twice.
    #[error("uncertainty.assumptions: `{0}` is listed twice")]
    Twice(String),
    /// A distribution's parameters are unusable.
    #[error("uncertainty.assumptions: `{id}`: {error}")]
    Distribution {
        /// Entry id.
        id: String,
        /// What is wrong.
        error: DistributionError,
    },
}

/// Which kind of uncertainty a Monte Carlo run's bands include.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UncertaintyKinds {
    /// `process` (who leaves, who passes, when funds arrive late) or
    /// `process_and_assumptions` (also the listed assumptions, drawn once
    /// per replication).
    pub kind: &'static str,
    /// Ids of the assumptions drawn per replication (empty for `process`).
    pub assumptions: Vec<String>,
}

impl UncertaintyKinds {
    /// Process noise alone.
    #[must_use]
    pub fn process() -> Self {
        Self {
            kind: "process",
            assumptions: Vec::new(),
        }
    }

    /// True when the bands include drawn assumptions.
    #[must_use]
    pub fn includes_assumptions(&self) -> bool {
        !self.assumptions.is_empty()
    }
}

/// The compiled uncertainty section: the scenario without it, and each
/// uncertain entry with its distribution, in file order.
#[derive(Debug, Clone)]
pub struct Assumptions {
    base: Arc<Scenario>,
    draws: Vec<(Entry, Distribution)>,
}

impl Assumptions {
    /// Compiles the section of `sc`; `None` when no assumption is uncertain.
    pub fn of(sc: &Scenario) -> Result<Option<Self>, UncertaintyError> {
        let list = &sc.uncertainty.assumptions;
        if list.is_empty() {
            return Ok(None);
        }
        let catalog = Catalog::of(sc);
        let mut draws: Vec<(Entry, Distribution)> = Vec::with_capacity(list.len());
        for a in list {
            let entry = catalog
                .get(&a.id)
                .ok_or_else(|| UncertaintyError::Unknown(a.id.clone()))?;
            if draws.iter().any(|(e, _)| e.id == entry.id) {
                return Err(UncertaintyError::Twice(entry.id.clone()));
            }
            a.distribution
                .check()
                .map_err(|error| UncertaintyError::Distribution {
                    id: a.id.clone(),
                    error,
                })?;
            draws.push((entry.clone(), a.distribution));
        }
        let mut base = sc.clone();
        base.uncertainty = Uncertainty::default();
        Ok(Some(Self {
            base: Arc::new(base),
            draws,
        }))
    }

    /// Ids of the uncertain entries, in file order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.draws.iter().map(|(e, _)| e.id.as_str())
    }

    /// The scenario with each uncertain entry set to `draw(k, distribution)`
    /// (the k-th entry's draw), clamped into the entry's valid range.
    pub fn drawn(&self, mut draw: impl FnMut(usize, &Distribution) -> f64) -> Scenario {
        let mut sc = (*self.base).clone();
        for (k, (entry, dist)) in self.draws.iter().enumerate() {
            let v = entry.clamp(draw(k, dist));
            // Clamped into the valid range, a value is always accepted.
            let _ = entry.set(&mut sc, v);
        }
        sc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn moments(d: Distribution, n: usize) -> (f64, f64, f64, f64) {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let xs: Vec<f64> = (0..n).map(|_| d.sample(&mut rng)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (mean, var.sqrt(), lo, hi)
    }

    #[test]
    fn draws_have_the_stated_mean_spread_and_support() {
        let n = 40_000;
        let (m, sd, lo, hi) = moments(
            Distribution::Beta {
                mean: 0.1,
                sd: 0.03,
            },
            n,
        );
        assert!((m - 0.1).abs() < 0.001, "{m}");
        assert!((sd - 0.03).abs() < 0.001, "{sd}");
        assert!(lo > 0.0 && hi < 1.0);

        let tri = Distribution::Triangular {
            low: 0.5,
            likely: 1.0,
            high: 2.0,
        };
        let (m, _, lo, hi) = moments(tri, n);
        assert!((m - tri.mean()).abs() < 0.01, "{m}");
        assert!(lo >= 0.5 && hi <= 2.0);

        let ln = Distribution::LogNormal {
            median: 1.0,
            sigma: 0.3,
        };
        let (m, _, lo, _) = moments(ln, n);
        assert!((m - ln.mean()).abs() < 0.01, "{m} vs {}", ln.mean());
        assert!(lo > 0.0);

        let (m, _, lo, hi) = moments(
            Distribution::Uniform {
                low: 2.0,
                high: 4.0,
            },
            n,
        );
        assert!((m - 3.0).abs() < 0.02);
        assert!(lo >= 2.0 && hi < 4.0);
    }

    #[test]
    fn unusable_parameters_are_refused() {
        let bad = [
            Distribution::Beta { mean: 0.0, sd: 0.1 },
            Distribution::Beta { mean: 0.5, sd: 0.5 },
            Distribution::Beta {
                mean: 0.5,
                sd: f64::NAN,
            },
            Distribution::LogNormal {
                median: -1.0,
                sigma: 0.2,
            },
            Distribution::LogNormal {
                median: 1.0,
                sigma: 4.0,
            },
            Distribution::Triangular {
                low: 1.0,
                likely: 0.5,
                high: 2.0,
            },
            Distribution::Uniform {
                low: 1.0,
                high: 1.0,
            },
        ];
        for d in bad {
            let e = d.check().unwrap_err();
            assert!(!e.to_string().is_empty() && !e.text_zh().is_empty());
        }
        assert!(
            Distribution::Beta {
                mean: 0.5,
                sd: 0.49
            }
            .check()
            .is_ok()
        );
    }
}
