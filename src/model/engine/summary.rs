//! County totals and the month's summary rows: censuses summed over
//! townships (in parallel blocks for big scenarios), the named results of
//! a projection, and the lean metric rows of a replication.

use super::*;

impl Model {
    /// County totals of month `step` from the census, in one sequence
    /// (a replication's summary).
    pub(super) fn county(&self, st: &State, step: u32) -> CountyTotals {
        self.county_of(st, step, 0..self.n_tw, false, |_| {})
    }

    /// County totals without township rows; a scenario with more than
    /// `PARALLEL_BLOCK` townships is summed in fixed blocks on the rayon
    /// pool, added in block order (so the result does not depend on the
    /// number of threads).
    pub(super) fn county_totals(&self, st: &State, step: u32) -> CountyTotals {
        self.county_rows(st, step, false, |_| None::<()>).0
    }

    /// County totals with a row made by `row` from each township's totals
    /// (where it gives one; its people by stage and track are counted only
    /// with `detail`), in township order. A scenario with more than
    /// `PARALLEL_BLOCK` townships is summed (and its rows made) in fixed
    /// blocks on the rayon pool, added in block order (so the result does
    /// not depend on the number of threads).
    pub(super) fn county_rows<R: Send>(
        &self,
        st: &State,
        step: u32,
        detail: bool,
        row: impl Fn(&TownshipTotals) -> Option<R> + Sync,
    ) -> (CountyTotals, Vec<R>) {
        let block = |tws: std::ops::Range<usize>| {
            let mut rows = Vec::new();
            let c = self.county_of(st, step, tws, detail, |t| rows.extend(row(t)));
            (c, rows)
        };
        if self.n_tw <= PARALLEL_BLOCK {
            return block(0..self.n_tw);
        }
        let blocks = self.n_tw.div_ceil(PARALLEL_BLOCK);
        let parts: Vec<(CountyTotals, Vec<R>)> = (0..blocks)
            .into_par_iter()
            .map(|k| block(k * PARALLEL_BLOCK..((k + 1) * PARALLEL_BLOCK).min(self.n_tw)))
            .collect();
        let mut parts = parts.into_iter();
        let (mut c, mut rows) = parts.next().unwrap_or_default();
        for (p, r) in parts {
            c.add(&p);
            rows.extend(r);
        }
        (c, rows)
    }

    /// County totals of townships `tws`; `each` sees every township's own
    /// totals on the way (by stage and track only with `detail`).
    pub(super) fn county_of(
        &self,
        st: &State,
        step: u32,
        tws: std::ops::Range<usize>,
        detail: bool,
        mut each: impl FnMut(&TownshipTotals),
    ) -> CountyTotals {
        let mut c = CountyTotals {
            by_stage: vec![0.0; self.n_stages],
            by_track: vec![0.0; self.n_tracks],
            ..CountyTotals::default()
        };
        // A township's people by stage and track only for its rows.
        let mut tw_t = TownshipTotals {
            by_stage: vec![0.0; if detail { self.n_stages } else { 0 }],
            by_track: vec![0.0; if detail { self.n_tracks } else { 0 }],
            ..TownshipTotals::default()
        };
        for tw in tws {
            let open = step >= self.opens[tw];
            tw_t.township = tw;
            tw_t.by_stage.iter_mut().for_each(|x| *x = 0.0);
            tw_t.by_track.iter_mut().for_each(|x| *x = 0.0);
            tw_t.workers = 0.0;
            tw_t.certified = 0.0;
            tw_t.trainees = 0.0;
            let per_tw = self.n_stages * self.n_tracks;
            let census = &st.census[tw * per_tw..][..per_tw];
            // Empty cells are added too (adding 0 changes no sum), so the
            // branches below depend on the stage only and are predicted.
            for (s, row) in census.chunks_exact(self.n_tracks).enumerate() {
                let (worker, certified) = (self.worker[s], self.certified[s]);
                let training = self.training[s];
                for (t, &n) in row.iter().enumerate() {
                    c.by_stage[s] += n;
                    if detail {
                        tw_t.by_stage[s] += n;
                    }
                    if worker {
                        tw_t.workers += n;
                        if detail {
                            tw_t.by_track[t] += n;
                        }
                        c.by_track[t] += n;
                        if certified {
                            tw_t.certified += n;
                        }
                    } else if training {
                        tw_t.trainees += n;
                    }
                }
            }
            if !self.overdue_terms.is_empty() {
                let row = &st.overdue[tw * self.overdue_terms.len()..];
                for &k in &self.overdue_terms {
                    c.overdue += row[k];
                }
            }
            c.certified += tw_t.certified;
            c.trainees += tw_t.trainees;
            c.workers += tw_t.workers;
            tw_t.need_fte = if open { self.need[tw] } else { 0.0 };
            tw_t.gap_fte = (tw_t.need_fte - tw_t.workers).max(0.0);
            tw_t.at_norm = open && tw_t.workers + 1e-9 >= self.norm[tw];
            let at_minimum = open && tw_t.workers + 1e-9 >= self.station_minimum;
            tw_t.villages_covered = if open {
                (tw_t.workers * self.villages_per_worker).min(self.villages[tw])
            } else {
                0.0
            };
            if open {
                c.open += 1;
                c.need_fte += tw_t.need_fte;
                c.gap_fte += tw_t.gap_fte;
                c.villages_covered += tw_t.villages_covered;
                if tw_t.at_norm {
                    c.at_norm += 1;
                }
                if at_minimum {
                    c.at_minimum += 1;
                }
            }
            each(&tw_t);
        }
        c
    }

    /// Whether month `step` has township rows under `opts` (the start
    /// always has).
    pub(super) fn row_step(&self, step: u32, opts: RunOptions) -> bool {
        !opts.township_year_ends || step == 0 || step == self.months || self.calendar(step).1 == 12
    }

    /// A township's hires, exits and spending in the month of `fl`.
    pub(super) fn tw_flows(&self, fl: &Flows, tw: usize) -> SinceRow {
        let exits = (0..self.n_tracks)
            .map(|k| fl.tw_exit[tw * self.n_tracks + k])
            .sum();
        [fl.tw_hires[tw], exits, fl.tw_cost[tw]]
    }

    /// Appends month `step` to `out`; returns the county stock of every
    /// stage. With year-end township rows, `since_row` carries each
    /// township's flows from one row to the next.
    pub(super) fn summarise(
        &self,
        st: &State,
        fl: &Flows,
        step: u32,
        opts: RunOptions,
        since_row: &mut [SinceRow],
        out: &mut Projection,
    ) -> Vec<f64> {
        let (year, month) = self.calendar(step);
        for (tw, since) in since_row.iter_mut().enumerate() {
            for (sum, x) in since.iter_mut().zip(self.tw_flows(fl, tw)) {
                *sum += x;
            }
        }
        let c = if !opts.township_detail || !self.row_step(step, opts) {
            self.county_totals(st, step)
        } else {
            let since: &[SinceRow] = since_row;
            let (c, rows) = self.county_rows(st, step, true, |t| {
                let tw = t.township;
                let [hires, exits, cost_yuan] = since
                    .get(tw)
                    .copied()
                    .unwrap_or_else(|| self.tw_flows(fl, tw));
                Some(TownshipMonth {
                    month_index: step,
                    township: self.tw_keys[tw].clone(),
                    headcount: t.workers,
                    headcount_by_track: named(&self.track_keys, &t.by_track),
                    headcount_by_grade: self.stage_values(
                        &self.worker_keys,
                        &self.worker,
                        &t.by_stage,
                    ),
                    certified: t.certified,
                    trainees: t.trainees,
                    need_fte: t.need_fte,
                    gap_fte: t.gap_fte,
                    staffing_norm: self.norm[tw],
                    at_norm: t.at_norm,
                    villages_covered: t.villages_covered,
                    hires,
                    exits,
                    cost_yuan,
                })
            });
            out.townships.extend(rows);
            since_row.iter_mut().for_each(|x| *x = [0.0; 3]);
            c
        };
        for (s, series) in out.stages.0.iter_mut().enumerate() {
            series.1.push(c.by_stage[s]);
        }
        let trainees_by_stage = self.stage_values(&self.training_keys, &self.training, &c.by_stage);
        let sources = Named::new(
            self.source_keys.clone(),
            fl.by_source
                .iter()
                .chain(std::iter::once(&fl.unfunded))
                .copied(),
        );
        out.months.push(MonthResult {
            month_index: step,
            year,
            month,
            headcount_total: c.workers,
            headcount_by_grade: self.stage_values(&self.worker_keys, &self.worker, &c.by_stage),
            headcount_by_track: named(&self.track_keys, &c.by_track),
            trainees: trainees_by_stage.total(),
            trainees_by_stage,
            hires: fl.hires,
            hires_by_track: named(&self.track_keys, &fl.hire_track),
            trainee_intake: fl.intake,
            graduates: fl.graduates,
            exits: fl.exit_cause.iter().sum(),
            exits_by_cause: named(&self.cause_keys, &fl.exit_cause),
            exits_by_track: named(&self.track_keys, &fl.exit_track),
            exam_sitters: fl.sitters,
            exam_passes: fl.passes,
            certified: c.certified,
            certified_share: c.certified_share(),
            overdue_uncertified: c.overdue,
            need_fte: c.need_fte,
            gap_fte: c.gap_fte,
            stations_open: c.open,
            stations_at_norm: c.at_norm,
            stations_at_minimum: c.at_minimum,
            stations_total: self.n_tw as u32,
            stations_at_norm_share: self.station_share(c.at_norm),
            stations_at_minimum_share: self.station_share(c.at_minimum),
            villages_covered: c.villages_covered,
            workers_per_10k: self.per_10k(c.workers),
            cost_yuan: fl.cost.iter().sum(),
            cost_by_category: named(&self.category_keys, &fl.cost),
            cost_by_source: sources,
            cumulative_cost_yuan: st.cumulative_cost,
            funding_year_yuan: self.funding_of_month(fl, step),
            unfunded_year_yuan: self.unfunded_year(st, fl, step),
            hiring_capped: fl.capped,
        });
        c.by_stage
    }

    /// Stage values of the stages marked in `which`, keyed by `keys`
    /// (their ids).
    pub(super) fn stage_values(&self, keys: &Keys, which: &[bool], by_stage: &[f64]) -> Named {
        let values = (0..self.n_stages)
            .filter(|&s| which[s])
            .map(|s| by_stage[s]);
        Named::new(keys.clone(), values)
    }

    /// Workers per 10,000 residents of the county.
    pub(super) fn per_10k(&self, workers: f64) -> f64 {
        if self.population_total > 0.0 {
            workers / self.population_total * 10_000.0
        } else {
            0.0
        }
    }

    /// Share of all the county's stations (open or not) among `n`.
    pub(super) fn station_share(&self, n: u32) -> f64 {
        if self.n_tw == 0 {
            0.0
        } else {
            f64::from(n) / self.n_tw as f64
        }
    }

    /// Spending of the calendar year so far beyond the year's funding (0 at the start).
    pub(super) fn unfunded_year(&self, st: &State, fl: &Flows, step: u32) -> f64 {
        if step == 0 {
            0.0
        } else {
            (st.ytd_cost - fl.funding_year).max(0.0)
        }
    }

    /// The funding of the calendar year of month `step` (the start state shows the first year's).
    pub(super) fn funding_of_month(&self, fl: &Flows, step: u32) -> f64 {
        if step == 0 {
            self.year_funding(self.start_year).iter().sum()
        } else {
            fl.funding_year
        }
    }
}
