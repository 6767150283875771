//! Recruitment (MODEL.md §4, step 7 of the month): schedules, cohorts,
//! replacement of leavers and filling to the norm, their allocation over
//! townships, and what the funding cap or a closed county cancels.

use super::*;

impl Model {
    #[allow(clippy::too_many_lines)]
    pub(super) fn recruit<S: Sampler>(
        &self,
        st: &mut State,
        fl: &mut Flows,
        sm: &mut S,
        step: u32,
        year: i32,
        month: u32,
    ) {
        let open: Vec<bool> = (0..self.n_tw).map(|tw| step >= self.opens[tw]).collect();
        if !open.iter().any(|&o| o) {
            self.cancel_due(st, fl, step, year, month, CutReason::NoOpenStation);
            return;
        }
        let mut weights = Vec::with_capacity(self.n_tw);
        let mut parts = Vec::with_capacity(self.n_tw);
        let abs_month = i64::from(year) * 12 + i64::from(month) - 1;
        for (pi, policy) in self.recruit.iter().enumerate() {
            // (track, stage, per-township amounts, is trainee intake)
            let (track, stage, trainees) = match policy {
                CRecruit::Schedule {
                    track,
                    stage,
                    per_year,
                    per_township,
                    month: hire_month,
                    from_year,
                    to_year,
                    applicants,
                    allocation,
                } => {
                    let Some(amount) = self.schedule_amount(
                        *per_year,
                        *hire_month,
                        *from_year,
                        *to_year,
                        year,
                        month,
                    ) else {
                        continue;
                    };
                    if *per_township {
                        parts.clear();
                        for &o in &open {
                            parts.push(if o { sm.whole(amount) } else { 0.0 });
                        }
                        let total: f64 = parts.iter().sum();
                        if let Some(cap) = applicants {
                            let room = (cap - st.hired_this_year[pi]).max(0.0);
                            if total > room && total > 0.0 {
                                let w = parts.clone();
                                let n = sm.whole(room);
                                split(sm, n, &w, &mut parts);
                                fl.cut(step, pi, total, n, CutReason::Applicants);
                            }
                        }
                    } else {
                        let mut n = sm.whole(amount);
                        if let Some(cap) = applicants {
                            let room = (cap - st.hired_this_year[pi]).max(0.0);
                            if n > room {
                                fl.cut(step, pi, n, room, CutReason::Applicants);
                                n = room;
                            }
                        }
                        self.weights(st, allocation, &open, &mut weights);
                        split(sm, n, &weights, &mut parts);
                    }
                    (*track, *stage, false)
                }
                CRecruit::Cohort {
                    track,
                    stage,
                    start,
                    size,
                    repeat,
                    until_year,
                    allocation,
                } => {
                    if !cohort_due(*start, *repeat, *until_year, abs_month, year) {
                        continue;
                    }
                    let n = sm.whole(size * self.recruit_multiplier);
                    self.weights(st, allocation, &open, &mut weights);
                    split(sm, n, &weights, &mut parts);
                    (*track, *stage, true)
                }
                CRecruit::Replace {
                    track,
                    stage,
                    share,
                    month: hire_month,
                    ..
                } => {
                    if hire_month.is_some_and(|m| m != month) {
                        continue;
                    }
                    parts.clear();
                    for tw in 0..self.n_tw {
                        let pending = st.leavers_pending[pi * self.n_tw + tw];
                        st.leavers_pending[pi * self.n_tw + tw] = 0.0;
                        parts.push(if open[tw] && pending > 0.0 {
                            sm.portion(pending, *share)
                        } else {
                            0.0
                        });
                    }
                    (*track, *stage, false)
                }
                CRecruit::Fill {
                    track,
                    stage,
                    max_per_year,
                    month: hire_month,
                } => {
                    if hire_month.is_some_and(|m| m != month) {
                        continue;
                    }
                    let room = (max_per_year - st.hired_this_year[pi]).max(0.0);
                    weights.clear();
                    for tw in 0..self.n_tw {
                        let have = st.people(self, tw, true) + st.people(self, tw, false);
                        weights.push(if open[tw] {
                            (self.norm[tw] - have).max(0.0)
                        } else {
                            0.0
                        });
                    }
                    let deficit: f64 = weights.iter().sum();
                    if deficit > room + 1e-9 {
                        fl.cut(step, pi, deficit, room, CutReason::YearlyMax);
                    }
                    let n = sm.whole(deficit.min(room));
                    split(sm, n, &weights, &mut parts);
                    (*track, *stage, false)
                }
            };
            self.enter_all(st, stage, track, &parts);
            let mut total = 0.0;
            for tw in 0..self.n_tw {
                let n = parts.get(tw).copied().unwrap_or(0.0);
                if n <= 0.0 {
                    continue;
                }
                total += n;
                if trainees {
                    fl.intake += n;
                } else {
                    fl.tw_hires[tw] += n;
                    fl.hire_track[track] += n;
                    fl.hires += n;
                    fl.tw_cost[tw] += n * self.hire_cost;
                }
            }
            fl.stage_in[stage] += total;
            st.hired_this_year[pi] += total;
        }
    }

    /// Hires a schedule plans this month (before the multiplier's rounding),
    /// or `None` when it does not hire this month.
    pub(super) fn schedule_amount(
        &self,
        per_year: f64,
        hire_month: Option<u32>,
        from_year: Option<i32>,
        to_year: Option<i32>,
        year: i32,
        month: u32,
    ) -> Option<f64> {
        if from_year.is_some_and(|y| year < y) || to_year.is_some_and(|y| year > y) {
            return None;
        }
        let amount = match hire_month {
            None => per_year / 12.0,
            Some(m) if m == month => per_year,
            Some(_) => return None,
        };
        Some(amount * self.recruit_multiplier)
    }

    /// Records as cut (for `reason`) every policy that would have hired or
    /// taken trainees this month, with the people it planned (expected
    /// values: nothing is drawn). Leavers waiting to be replaced stay
    /// waiting.
    pub(super) fn cancel_due(
        &self,
        st: &State,
        fl: &mut Flows,
        step: u32,
        year: i32,
        month: u32,
        reason: CutReason,
    ) {
        let abs_month = i64::from(year) * 12 + i64::from(month) - 1;
        let open = (0..self.n_tw).filter(|&tw| step >= self.opens[tw]).count();
        for (pi, policy) in self.recruit.iter().enumerate() {
            let planned = match policy {
                CRecruit::Schedule {
                    per_year,
                    per_township,
                    month: hire_month,
                    from_year,
                    to_year,
                    applicants,
                    ..
                } => {
                    let Some(amount) = self.schedule_amount(
                        *per_year,
                        *hire_month,
                        *from_year,
                        *to_year,
                        year,
                        month,
                    ) else {
                        continue;
                    };
                    let amount = if *per_township {
                        amount * open.max(1) as f64
                    } else {
                        amount
                    };
                    match applicants {
                        Some(cap) => amount.min((cap - st.hired_this_year[pi]).max(0.0)),
                        None => amount,
                    }
                }
                CRecruit::Cohort {
                    start,
                    size,
                    repeat,
                    until_year,
                    ..
                } => {
                    if !cohort_due(*start, *repeat, *until_year, abs_month, year) {
                        continue;
                    }
                    size * self.recruit_multiplier
                }
                CRecruit::Replace {
                    share,
                    month: hire_month,
                    ..
                } => {
                    if hire_month.is_some_and(|m| m != month) {
                        continue;
                    }
                    let pending: f64 = st.leavers_pending[pi * self.n_tw..][..self.n_tw]
                        .iter()
                        .sum();
                    pending * share
                }
                CRecruit::Fill {
                    max_per_year,
                    month: hire_month,
                    ..
                } => {
                    if hire_month.is_some_and(|m| m != month) {
                        continue;
                    }
                    let room = (max_per_year - st.hired_this_year[pi]).max(0.0);
                    let deficit: f64 = (0..self.n_tw)
                        .filter(|&tw| step >= self.opens[tw])
                        .map(|tw| {
                            let have = st.people(self, tw, true) + st.people(self, tw, false);
                            (self.norm[tw] - have).max(0.0)
                        })
                        .sum();
                    deficit.min(room)
                }
            };
            if planned > 0.0 {
                fl.cut(step, pi, planned, 0.0, reason);
            }
        }
    }

    /// Enters `parts[tw]` people (where positive) into service month 0 of
    /// `stage` and `track` in every township. A scenario with more than
    /// `PARALLEL_BLOCK` townships enters them in blocks of townships on the
    /// rayon pool (townships do not share cells, so the result is the same).
    pub(super) fn enter_all(&self, st: &mut State, stage: usize, track: usize, parts: &[f64]) {
        let local = self.local_slot(stage, track, 0);
        let row = stage * self.n_tracks + track;
        let per_tw = self.n_stages * self.n_tracks;
        let enter_block = |tw0: usize, lists: &mut [Vec<Cell>], census: &mut [f64]| {
            for (j, list) in lists.iter_mut().enumerate() {
                let n = parts.get(tw0 + j).copied().unwrap_or(0.0);
                if n > 0.0 {
                    add_cell(list, local, 0, n);
                    census[j * per_tw + row] += n;
                }
            }
        };
        if self.n_tw > PARALLEL_BLOCK {
            st.lists
                .par_chunks_mut(PARALLEL_BLOCK)
                .zip(st.census.par_chunks_mut(PARALLEL_BLOCK * per_tw))
                .enumerate()
                .for_each(|(k, (lists, census))| enter_block(k * PARALLEL_BLOCK, lists, census));
        } else {
            enter_block(0, &mut st.lists, &mut st.census);
        }
    }

    pub(super) fn weights(&self, st: &State, a: &CAlloc, open: &[bool], out: &mut Vec<f64>) {
        out.clear();
        match a {
            CAlloc::Even => out.extend(open.iter().map(|&o| if o { 1.0 } else { 0.0 })),
            CAlloc::Weights(w) => {
                out.extend(open.iter().zip(w).map(|(&o, &x)| if o { x } else { 0.0 }))
            }
            CAlloc::ByGap => {
                for (tw, &o) in open.iter().enumerate() {
                    let have = st.people(self, tw, true) + st.people(self, tw, false);
                    out.push(if o {
                        (self.need[tw] - have).max(0.0)
                    } else {
                        0.0
                    });
                }
                if out.iter().sum::<f64>() <= 0.0 {
                    out.clear();
                    out.extend(open.iter().map(|&o| if o { 1.0 } else { 0.0 }));
                }
            }
        }
    }
}
