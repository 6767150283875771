//! Results of a projection: county series per month, stage stocks, optional
//! township rows and the conservation ledger. Plain data, serialisable to JSON.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// The value of `key` in a list of (key, value) pairs kept in order.
pub fn find_pair<'a, K: AsRef<str>, V>(pairs: &'a [(K, V)], key: &str) -> Option<&'a V> {
    pairs
        .iter()
        .find(|(k, _)| k.as_ref() == key)
        .map(|(_, v)| v)
}

/// Serialises (key, value) pairs as a JSON object whose keys keep the list's order.
///
/// # Errors
/// Whatever the serializer reports.
pub fn serialize_pairs<S: Serializer, K: AsRef<str>, V: Serialize>(
    pairs: &[(K, V)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        map.serialize_entry(k.as_ref(), v)?;
    }
    map.end()
}

/// A key of [`Named`]: shared, so a month's result copies no text.
pub type Key = std::sync::Arc<str>;

/// The keys of a [`Named`], shared by every month that has them.
pub type Keys = std::sync::Arc<[Key]>;

/// Named values kept in a fixed order (the scenario's order), serialised as a
/// JSON object whose keys keep that order. The keys are shared, so a month's
/// values copy neither text nor one count per key, and up to eight values
/// (tracks, exit causes, cost categories, the usual grades and sources) are
/// held in place, without an allocation of their own.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Named {
    keys: Keys,
    values: smallvec::SmallVec<[f64; 8]>,
}

impl Named {
    /// One value per key, in the keys' order (missing values are 0, extra
    /// values are dropped).
    #[must_use]
    pub fn new(keys: Keys, values: impl IntoIterator<Item = f64>) -> Self {
        let mut values: smallvec::SmallVec<[f64; 8]> = values.into_iter().collect();
        values.resize(keys.len(), 0.0);
        Self { keys, values }
    }

    /// Value for a key, if present.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<f64> {
        self.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// Sum of all values.
    #[must_use]
    pub fn total(&self) -> f64 {
        self.values.iter().fold(0.0, |acc, v| acc + v)
    }

    /// (key, value) pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, f64)> + '_ {
        self.keys
            .iter()
            .map(|k| &**k)
            .zip(self.values.iter().copied())
    }

    /// The keys, in order.
    #[must_use]
    pub fn keys(&self) -> &[Key] {
        &self.keys
    }

    /// The values, in the keys' order.
    #[must_use]
    pub fn values(&self) -> &[f64] {
        &self.values
    }
}

impl Serialize for Named {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.values.len()))?;
        for (k, v) in self.iter() {
            map.serialize_entry(k, &v)?;
        }
        map.end()
    }
}

/// Named series (one vector per key), serialised as an ordered JSON object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NamedSeries(pub Vec<(String, Vec<f64>)>);

impl NamedSeries {
    /// Series for a key, if present.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&[f64]> {
        find_pair(&self.0, key).map(Vec::as_slice)
    }
}

impl Serialize for NamedSeries {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_pairs(&self.0, serializer)
    }
}

/// County totals after one monthly step (`month_index` 0 is the start state).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MonthResult {
    /// Steps taken since the start (0 = the start state).
    pub month_index: u32,
    /// Calendar year of this month.
    pub year: i32,
    /// Calendar month (1–12).
    pub month: u32,
    /// Workers in post (working stages and custom stages counted as workers).
    pub headcount_total: f64,
    /// Workers by working stage id, in the file's stage order.
    pub headcount_by_grade: Named,
    /// Workers by track id.
    pub headcount_by_track: Named,
    /// People in training phases.
    pub trainees: f64,
    /// Trainees by training stage id.
    pub trainees_by_stage: Named,
    /// Hires from outside into working or custom stages this month.
    pub hires: f64,
    /// Hires by track id.
    pub hires_by_track: Named,
    /// Trainees who started a cohort this month.
    pub trainee_intake: f64,
    /// Trainees who completed their last phase and started work this month.
    pub graduates: f64,
    /// Leavers this month (all causes, trainee dropouts included).
    pub exits: f64,
    /// Leavers by cause: `turnover`, `contract`, `deadline`, `dropout`, `transition`.
    pub exits_by_cause: Named,
    /// Exits of workers by track id (dropouts excluded).
    pub exits_by_track: Named,
    /// People who sat an exam this month.
    pub exam_sitters: f64,
    /// Certifications (promotions by exam) this month.
    pub exam_passes: f64,
    /// Workers holding a certificate (assistant or above).
    pub certified: f64,
    /// Certified workers ÷ workers (0 when there are none).
    pub certified_share: f64,
    /// Workers past the local certification deadline and still uncertified (rule `Flag`).
    pub overdue_uncertified: f64,
    /// Need in full-time equivalents, summed over open stations.
    pub need_fte: f64,
    /// Shortfall: Σ over stations of max(0, need − workers).
    pub gap_fte: f64,
    /// Stations open this month.
    pub stations_open: u32,
    /// Open stations whose workers reach their staffing norm.
    pub stations_at_norm: u32,
    /// Open stations with at least `need.station_minimum_workers` workers.
    pub stations_at_minimum: u32,
    /// Stations of the county, open or not (townships and the centre).
    pub stations_total: u32,
    /// Stations at norm ÷ all the county's stations.
    pub stations_at_norm_share: f64,
    /// Stations with at least the minimum of workers ÷ all the county's stations.
    pub stations_at_minimum_share: f64,
    /// Villages within reach of a worker (capped at each township's villages).
    pub villages_covered: f64,
    /// Workers per 10,000 residents.
    pub workers_per_10k: f64,
    /// Spending this month, yuan.
    pub cost_yuan: f64,
    /// Spending by category: `pay`, `allowance`, `social_insurance`, `training`, `exam`, `recruitment`, `station`.
    pub cost_by_category: Named,
    /// Spending by funding source id, plus `unfunded`.
    pub cost_by_source: Named,
    /// Spending since the start, yuan.
    pub cumulative_cost_yuan: f64,
    /// Funding available in this calendar year, yuan.
    pub funding_year_yuan: f64,
    /// Spending of this calendar year so far beyond the year's funding, yuan (0 at the start).
    pub unfunded_year_yuan: f64,
    /// True if hiring was stopped this month because the year's funding was spent.
    pub hiring_capped: bool,
}

/// One township in one month (kept only when township detail is asked for).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TownshipMonth {
    /// Steps since the start.
    pub month_index: u32,
    /// Township id.
    pub township: Key,
    /// Workers in post.
    pub headcount: f64,
    /// Workers by track id.
    pub headcount_by_track: Named,
    /// Workers by working stage id, in the file's stage order.
    pub headcount_by_grade: Named,
    /// Certified workers.
    pub certified: f64,
    /// Trainees allocated to the township.
    pub trainees: f64,
    /// Need, FTE (0 before the station opens).
    pub need_fte: f64,
    /// max(0, need − workers).
    pub gap_fte: f64,
    /// Staffing norm.
    pub staffing_norm: f64,
    /// Station open and workers ≥ norm.
    pub at_norm: bool,
    /// Villages within reach of a worker.
    pub villages_covered: f64,
    /// Hires this month.
    pub hires: f64,
    /// Worker exits this month.
    pub exits: f64,
    /// Spending this month, yuan.
    pub cost_yuan: f64,
}

/// Flows of one stage in one month, county total: closing = opening + inflow − outflow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct LedgerEntry {
    /// Stock before the step.
    pub opening: f64,
    /// Everything that entered the stage during the step.
    pub inflow: f64,
    /// Everything that left the stage during the step.
    pub outflow: f64,
    /// Stock after the step.
    pub closing: f64,
}

/// Why the rules cut a recruitment or training policy's intake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CutReason {
    /// The year's funding was committed (`cap_hiring_at_funding`): nobody was hired.
    FundingCap,
    /// The year's applicants (`applicants_per_year`) ran out.
    Applicants,
    /// The year's most hires to norm (`max_hires_per_year`) were reached.
    YearlyMax,
    /// No station was open to place people in.
    NoOpenStation,
}

/// A policy's intake in one month that the rules cut.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Cut {
    /// Month index of the step.
    pub month_index: u32,
    /// Index of the policy in the scenario's `recruitment` list.
    pub policy: usize,
    /// People the policy planned (expected values).
    pub planned: f64,
    /// People it placed.
    pub placed: f64,
    /// What cut it.
    pub reason: CutReason,
}

/// The full result of a projection.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Projection {
    /// County series; `months[i]` is the state after `i` steps.
    pub months: Vec<MonthResult>,
    /// County-total stock of every stage per month index, in the file's stage order.
    pub stages: NamedSeries,
    /// Township rows, month-major, when asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub townships: Vec<TownshipMonth>,
    /// Conservation ledger: `ledger[stage][step]` for steps 1..=months.
    #[serde(skip)]
    pub ledger: Vec<Vec<LedgerEntry>>,
    /// Intakes the rules cut, in month order (see [`crate::model::analysis::binding`]).
    #[serde(skip)]
    pub cuts: Vec<Cut>,
}

impl Projection {
    /// The rows of one township in month order (empty without township
    /// detail or for an unknown id). Rows are kept month by month in the
    /// file's township order, so this steps through them instead of
    /// scanning every row (4.7 million on a national file).
    #[must_use]
    pub fn township_rows(&self, id: &str) -> Vec<&TownshipMonth> {
        let first = self.townships.first().map(|r| r.month_index);
        let per_month = self
            .townships
            .iter()
            .take_while(|r| Some(r.month_index) == first)
            .count();
        if let Some(pos) = self.townships[..per_month]
            .iter()
            .position(|r| &*r.township == id)
        {
            let rows: Vec<&TownshipMonth> =
                self.townships.iter().skip(pos).step_by(per_month).collect();
            if rows.len() * per_month == self.townships.len()
                && rows.iter().all(|r| &*r.township == id)
            {
                return rows;
            }
        }
        self.townships
            .iter()
            .filter(|r| &*r.township == id)
            .collect()
    }
}

impl Projection {
    /// The month result at the end of calendar year `year` (December, or the last month).
    #[must_use]
    pub fn at_year_end(&self, year: i32) -> Option<&MonthResult> {
        self.months
            .iter()
            .filter(|m| m.year == year)
            .max_by_key(|m| m.month_index)
    }

    /// Township rows of one month index.
    #[must_use]
    pub fn townships_at(&self, month_index: u32) -> Vec<&TownshipMonth> {
        self.townships
            .iter()
            .filter(|t| t.month_index == month_index)
            .collect()
    }
}
