//! The monthly step (MODEL.md §2): steps 0–6 township by township (costs,
//! exits, generic transitions, the exam sitting and its results, the
//! certification deadline, training and ageing), then step 7 across
//! townships (entries and funding).

use super::*;

impl Model {
    #[allow(clippy::too_many_lines)]
    pub(super) fn step<S: Sampler>(&self, st: &mut State, fl: &mut Flows, sm: &mut S, step: u32) {
        let (year, month) = self.calendar(step);
        if month == 1 || step == 1 {
            st.ytd_cost = 0.0;
            st.hired_this_year.iter_mut().for_each(|x| *x = 0.0);
            let [p, mean] = self.funding_delay;
            st.arrears_left = sm.funding_delay_months(step, p, mean);
        }
        fl.arrears = match st.arrears_left {
            None => self.arrears_expected,
            Some(0) => 1.0,
            Some(k) => {
                st.arrears_left = Some(k - 1);
                self.arrears_event
            }
        };

        // Steps 0–6 touch one township at a time, so its cells stay in the
        // cache from the costs to the ageing; only step 7 looks across
        // townships.
        fl.entries.clear();
        if sm.stateless() && self.n_tw > PARALLEL_BLOCK {
            // Big scenarios: fixed blocks of townships on the rayon pool,
            // their flows added in block order, so the result does not
            // depend on the number of threads.
            let arrears = fl.arrears;
            let mut parts = std::mem::take(&mut fl.blocks);
            let blocks = st.blocks(self, PARALLEL_BLOCK);
            if parts.len() != blocks.len() {
                parts = blocks
                    .iter()
                    .map(|c| Flows::for_townships(self, c.tw0, c.len()))
                    .collect();
            }
            parts
                .par_iter_mut()
                .zip(blocks)
                .for_each(|(part, mut cells)| {
                    part.reset();
                    part.entries.clear();
                    part.arrears = arrears;
                    let tws = cells.tw0..cells.tw0 + cells.len();
                    for tw in tws {
                        self.township_month(&mut cells, part, &mut Expected, step, month, tw);
                    }
                });
            for part in &parts {
                fl.absorb(part, self.n_tracks);
            }
            fl.blocks = parts;
        } else {
            let mut cells = st.cells(self, 0..self.n_tw);
            for tw in 0..self.n_tw {
                sm.align(step, tw);
                self.township_month(&mut cells, fl, sm, step, month, tw);
            }
        }
        sm.align(step, RECRUITMENT_PLACE);
        // 7. Entries: phase completions (placed by each township's pass),
        // then recruitment.
        let fund = self.year_funding(year);
        let year_total: f64 = fund.iter().sum();
        let running_cost: f64 = fl.cost.iter().sum();
        for (pi, policy) in self.recruit.iter().enumerate() {
            if let CRecruit::Replace { of_track, .. } = policy {
                for tw in 0..self.n_tw {
                    let row = &fl.tw_exit[tw * self.n_tracks..][..self.n_tracks];
                    st.leavers_pending[pi * self.n_tw + tw] += match of_track {
                        Some(k) => row[*k],
                        None => row.iter().sum(),
                    };
                }
            }
        }
        // Committed spending: what is spent so far this year plus the current
        // running cost carried to December. Hiring stops once that reaches
        // the year's funding (a hire would then be unfunded).
        let months_left = f64::from(12 - month + 1);
        let capped = self.cap_hiring && st.ytd_cost + running_cost * months_left >= year_total;
        fl.capped = capped;
        if capped {
            // Nothing is drawn for what the cap cancels: a replication
            // keeps its random numbers.
            self.cancel_due(st, fl, step, year, month, CutReason::FundingCap);
        } else {
            self.recruit(st, fl, sm, step, year, month);
        }
        let hire_cost = fl.hires * self.hire_cost;
        fl.cost[5] += hire_cost;
        let month_cost: f64 = fl.cost.iter().sum();
        // funding attribution
        let left = (year_total - st.ytd_cost).max(0.0);
        let funded = month_cost.min(left);
        for (i, f) in fund.iter().enumerate() {
            fl.by_source[i] = if year_total > 0.0 {
                funded * f / year_total
            } else {
                0.0
            };
        }
        fl.unfunded = month_cost - funded;
        st.ytd_cost += month_cost;
        st.cumulative_cost += month_cost;
        fl.funding_year = year_total;
    }

    /// Steps 0–6 of month `step` for township `tw` (see MODEL.md §2).
    #[allow(clippy::too_many_lines)]
    pub(super) fn township_month<S: Sampler>(
        &self,
        st: &mut Cells,
        fl: &mut Flows,
        sm: &mut S,
        step: u32,
        month: u32,
        tw: usize,
    ) {
        // 0. Costs of the month on the opening stock.
        {
            let open = step >= self.opens[tw];
            let mut tw_cost = if open {
                self.station_cost_per_month
            } else {
                0.0
            };
            fl.cost[6] += tw_cost;
            let census = st.census_row(self, tw);
            // Empty stages are costed too (adding 0 changes no sum), so the
            // branches depend on the stage only and are predicted.
            for (s, row) in census.chunks_exact(self.n_tracks).enumerate() {
                let per_month = match self.kinds[s] {
                    CKind::Working { cost_per_month, .. } => cost_per_month,
                    CKind::Training { .. } => [self.training_cost, 0.0],
                    CKind::Custom { .. } => continue,
                };
                let n: f64 = row.iter().sum();
                if matches!(self.kinds[s], CKind::Training { .. }) {
                    fl.cost[3] += n * per_month[0];
                    tw_cost += n * per_month[0];
                } else {
                    let pay = n * per_month[0];
                    let allow = n * per_month[1];
                    let si = (pay + allow) * self.social_insurance;
                    let relief = n * self.admin_relief_per_worker_month;
                    fl.cost[0] += pay;
                    fl.cost[1] += allow;
                    fl.cost[2] += si;
                    fl.cost[6] += relief;
                    tw_cost += pay + allow + si + relief;
                }
            }
            fl.tw_cost[tw - fl.tw0] += tw_cost;
        }

        let (list, census, overdue) = st.township(self, tw);
        let tw_row = (tw - fl.tw0) * self.n_tracks;

        // 1. Exits: turnover hazard, then contract renewal. In a month
        // without transitions, exam or deadline moves, step 5 (training)
        // touches other cells than steps 1–4 and runs in the same pass
        // (unless draws are taken: their order is that of MODEL.md).
        let quiet = sm.stateless()
            && !self.has_transitions
            && month != self.exam_month
            && Some(month) != self.results_month
            && self
                .deadline
                .as_ref()
                .is_none_or(|d| d.consequence.is_none());
        if quiet {
            self.last_pass(list, census, overdue, tw, fl, sm, true);
            self.enter_completions(list, census, fl);
            return;
        }
        let mut causes = [fl.exit_cause[0], fl.exit_cause[1]];
        let mut i = 0;
        while i < list.len() {
            let end = group_end(list, i);
            let info = &self.slot_info[list[i].slot as usize];
            if info.kind == SlotKind::Working {
                let (s, t) = (info.stage, info.track);
                let hazards = self.hazards(info, tw, fl.arrears);
                let (mut turnover, mut contract) = (0.0, 0.0);
                for cell in &mut list[i..end] {
                    let (x, y) = exit_cell(cell, hazards, sm);
                    turnover += x;
                    contract += y;
                }
                self.exits_of_slot([turnover, contract], s, t, tw, fl, &mut causes);
            }
            i = end;
        }
        [fl.exit_cause[0], fl.exit_cause[1]] = causes;

        // 2. Generic transitions (monthly, and yearly in their month).
        if self.has_transitions {
            fl.moves.clear();
            let table = (month as usize - 1) * self.n_stages * self.n_tracks;
            for cell in list.iter_mut() {
                let n = cell.n;
                if n <= 0.0 {
                    continue;
                }
                let local = cell.slot as usize;
                let (s, t) = self.stage_track(local);
                let active = &self.active_transitions[table + s * self.n_tracks + t];
                if active.is_empty() {
                    continue;
                }
                let b = cell.b as usize;
                let mut left = n;
                let mut left_p = 1.0;
                for &j in active {
                    let tr = &self.transitions[s][j];
                    if left <= 0.0 || left_p <= 0.0 {
                        break;
                    }
                    let q = (tr.probability / left_p).clamp(0.0, 1.0);
                    let x = sm.portion(left, q);
                    left -= x;
                    left_p -= tr.probability;
                    if x <= 0.0 {
                        continue;
                    }
                    fl.stage_out[s] += x;
                    match tr.to {
                        None => {
                            fl.exit_cause[4] += x;
                            if self.is_worker(s) {
                                fl.exit_track[t] += x;
                                fl.tw_exit[tw_row + t] += x;
                            }
                        }
                        Some(to) => {
                            let dest_b = if matches!(self.kinds[to], CKind::Training { .. }) {
                                0
                            } else {
                                b
                            };
                            push_move(&mut fl.moves, self.local_slot(to, t, 0), dest_b, x);
                            fl.stage_in[to] += x;
                        }
                    }
                }
                cell.n = left;
            }
            apply_moves(list, &fl.moves, &mut fl.spread);
        }

        // 3. The yearly exam sitting.
        if month == self.exam_month {
            fl.moves.clear();
            for cell in list.iter_mut() {
                let s = self.slot_info[cell.slot as usize].stage;
                if let Some(ex) = &self.exams[s] {
                    self.exam_cell(cell, ex, tw, fl, sm);
                }
            }
            apply_moves(list, &fl.moves, &mut fl.spread);
        }
        // 3b. The results: those who passed take their certificate.
        if Some(month) == self.results_month {
            fl.moves.clear();
            for cell in list.iter_mut() {
                let info = &self.slot_info[cell.slot as usize];
                let Some(ex) = &self.exams[info.stage] else {
                    continue;
                };
                if Some(info.code) == ex.pending && cell.n > 0.0 {
                    let n = cell.n;
                    cell.n = 0.0;
                    fl.stage_out[info.stage] += n;
                    fl.stage_in[ex.to] += n;
                    push_move(
                        &mut fl.moves,
                        self.local_slot(ex.to, info.track, 0),
                        cell.b as usize,
                        n,
                    );
                }
            }
            apply_moves(list, &fl.moves, &mut fl.spread);
        }

        // 4. Local certification deadline.
        if let Some(dl) = &self.deadline
            && let Some(consequence) = dl.consequence
        {
            fl.moves.clear();
            let b = dl.months - 1;
            for &s in &dl.stages {
                // People waiting for their results have passed.
                let pending = self.exams[s].as_ref().and_then(|e| e.pending);
                for t in 0..self.n_tracks {
                    for c in (0..self.n_codes[s]).filter(|&c| Some(c) != pending) {
                        let local = self.local_slot(s, t, c);
                        let Ok(k) = find(list, local, b) else {
                            continue;
                        };
                        let n = list[k].n;
                        if n <= 0.0 {
                            continue;
                        }
                        list[k].n = 0.0;
                        fl.stage_out[s] += n;
                        match consequence {
                            None => {
                                fl.exit_cause[2] += n;
                                fl.exit_track[t] += n;
                                fl.tw_exit[tw_row + t] += n;
                            }
                            Some(to) => {
                                fl.stage_in[to] += n;
                                push_move(&mut fl.moves, self.local_slot(to, t, 0), b, n);
                            }
                        }
                    }
                }
            }
            apply_moves(list, &fl.moves, &mut fl.spread);
        }

        // 5. Training, and 6. ageing.
        self.last_pass(list, census, overdue, tw, fl, sm, false);
        self.enter_completions(list, census, fl);
    }

    /// Step 3 on one cell of township `tw` whose stage has the exam `ex`:
    /// who sits, the outcomes by subject, and the decay of passes from the
    /// sitting before; people who change slot are recorded in `fl.moves`.
    #[inline]
    pub(super) fn exam_cell<S: Sampler>(
        &self,
        cell: &mut Cell,
        ex: &CExam,
        tw: usize,
        fl: &mut Flows,
        sm: &mut S,
    ) {
        let n = cell.n;
        if n <= 0.0 {
            return;
        }
        let info = &self.slot_info[cell.slot as usize];
        let (s, t, c) = (info.stage, info.track, info.code);
        if Some(c) == ex.pending {
            // Passed at an earlier sitting, waiting for the results.
            return;
        }
        let b = cell.b as usize;
        let sitters = if b >= ex.min_service[t] {
            sm.portion(n, ex.participation)
        } else {
            0.0
        };
        let stay = n - sitters;
        let mut kept = 0.0;
        if stay > 0.0 {
            let d = ex.decay[c];
            if d == c {
                kept += stay;
            } else {
                push_move(&mut fl.moves, self.local_slot(s, t, d), b, stay);
            }
        }
        if sitters > 0.0 {
            fl.sitters += sitters;
            let fee = sitters * ex.subjects_sat[t][c] * self.exam_fee;
            fl.cost[4] += fee;
            fl.tw_cost[tw - fl.tw0] += fee;
            let mut left = sitters;
            for &(dest, q) in &ex.outcomes[t][c] {
                if left <= 0.0 {
                    break;
                }
                let x = sm.portion(left, q);
                left -= x;
                if x <= 0.0 {
                    continue;
                }
                match dest {
                    Dest::Certified => {
                        fl.passes += x;
                        if let Some(p) = ex.pending {
                            // They wait in their grade for the results.
                            push_move(&mut fl.moves, self.local_slot(s, t, p), b, x);
                        } else {
                            fl.stage_out[s] += x;
                            fl.stage_in[ex.to] += x;
                            push_move(&mut fl.moves, self.local_slot(ex.to, t, 0), b, x);
                        }
                    }
                    Dest::Code(d) if d == c => kept += x,
                    Dest::Code(d) => {
                        push_move(&mut fl.moves, self.local_slot(s, t, d), b, x);
                    }
                }
            }
            // rounding remainder (outcome probabilities sum to 1)
            kept += left;
        }
        cell.n = kept;
    }

    /// The first part of step 7 for one township: people who completed a
    /// training phase this month enter the next stage at service month 0
    /// and are counted in the census (townships do not share entries, so
    /// this is the same as entering them after every township has aged).
    pub(super) fn enter_completions(
        &self,
        list: &mut Vec<Cell>,
        census: &mut [f64],
        fl: &mut Flows,
    ) {
        for &(local, n) in &fl.entries {
            if n != 0.0 {
                add_cell(list, local, 0, n);
                census[self.slot_info[local].census] += n;
            }
        }
        fl.entries.clear();
    }

    /// The last pass of a township's month over its cells, slot by slot:
    /// step 1 (exits) if `exits` (in a quiet month), step 5 (training),
    /// then step 6, ageing: service month `b` becomes `b + 1` and the last
    /// two buckets merge (the older cell is added to the younger, as a ring
    /// of buckets would). The same pass drops emptied cells and takes the
    /// township's census and overdue count (ageing moves nobody between
    /// slots; later entries are counted by [`Model::enter_all`] and are never
    /// overdue).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn last_pass<S: Sampler>(
        &self,
        list: &mut Vec<Cell>,
        census: &mut [f64],
        overdue: &mut [f64],
        tw: usize,
        fl: &mut Flows,
        sm: &mut S,
        exits: bool,
    ) {
        census.iter_mut().for_each(|x| *x = 0.0);
        overdue.iter_mut().for_each(|x| *x = 0.0);
        let last = (self.buckets.max(1) - 1) as u32;
        let ages = self.buckets >= 2;
        let mut causes = [fl.exit_cause[0], fl.exit_cause[1]];
        // Cells are read at `i` and written back, aged, at `w <= i`.
        let cells = list.as_mut_slice();
        let mut w = 0;
        let mut i = 0;
        while i < cells.len() {
            let slot = cells[i].slot;
            let info = &self.slot_info[slot as usize];
            let (s, t) = (info.stage, info.track);
            let first = w;
            let mut people = 0.0;
            // Service month of the slot's last cell written back (none yet:
            // `u32::MAX`), kept here rather than read back from memory.
            let mut written_b = u32::MAX;
            // Ages one cell of the slot (step 6).
            macro_rules! age {
                ($cell:expr) => {{
                    let mut cell: Cell = $cell;
                    if cell.n != 0.0 {
                        people += cell.n;
                        let mut merged = false;
                        if ages {
                            cell.b = (cell.b + 1).min(last);
                            if cell.b == last && written_b == last {
                                cells[w - 1].n += cell.n;
                                merged = true;
                            }
                        }
                        if !merged {
                            cells[w] = cell;
                            w += 1;
                            written_b = cell.b;
                        }
                    }
                }};
            }
            match info.kind {
                SlotKind::Working if exits => {
                    // Steps 1 and 6 cell by cell (one loop: about 15 % faster
                    // than two over the same cells).
                    let hazards = self.hazards(info, tw, fl.arrears);
                    let (mut turnover, mut contract) = (0.0, 0.0);
                    while i < cells.len() && cells[i].slot == slot {
                        let mut cell = cells[i];
                        i += 1;
                        let (x, y) = exit_cell(&mut cell, hazards, sm);
                        turnover += x;
                        contract += y;
                        age!(cell);
                    }
                    self.exits_of_slot([turnover, contract], s, t, tw, fl, &mut causes);
                }
                kind => {
                    let end = group_end(cells, i);
                    if kind == SlotKind::Training {
                        self.train_cells(&mut cells[i..end], s, t, fl, sm);
                    }
                    while i < end {
                        age!(cells[i]);
                        i += 1;
                    }
                }
            }
            census[info.census] += people;
            if let Some(k) = info.overdue {
                overdue[k] = overdue_of(self, &cells[first..w]);
            }
        }
        list.truncate(w);
        [fl.exit_cause[0], fl.exit_cause[1]] = causes;
    }

    /// Exit hazards of a working slot in township `tw`: the lever and
    /// remoteness multiplier, and (base hazard, renewal share) by service
    /// month.
    #[inline]
    pub(super) fn hazards(&self, info: &SlotInfo, tw: usize, arrears: f64) -> (f64, &[[f64; 2]]) {
        (
            info.exit_mult * arrears * self.tw_mult[tw],
            &self.exit_pairs[info.pairs..][..self.buckets],
        )
    }

    /// Adds the exits of one slot (stage `s`, track `t`) of township `tw`
    /// to the flows; the county's turnover and renewal exits are added to
    /// `causes`, which the caller keeps for the whole township (so they are
    /// not stored and read back slot after slot) and stores in
    /// `fl.exit_cause` at the end, with the same sums.
    #[inline]
    pub(super) fn exits_of_slot(
        &self,
        [turnover, contract]: [f64; 2],
        s: usize,
        t: usize,
        tw: usize,
        fl: &mut Flows,
        causes: &mut [f64; 2],
    ) {
        let gone = turnover + contract;
        if gone > 0.0 {
            causes[0] += turnover;
            causes[1] += contract;
            fl.stage_out[s] += gone;
            fl.exit_track[t] += gone;
            fl.tw_exit[(tw - fl.tw0) * self.n_tracks + t] += gone;
        }
    }

    /// Step 5 on the cells of one slot of township `tw` (training stage
    /// `s`, track `t`): dropout, then completion of the phase.
    #[inline]
    pub(super) fn train_cells<S: Sampler>(
        &self,
        cells: &mut [Cell],
        s: usize,
        t: usize,
        fl: &mut Flows,
        sm: &mut S,
    ) {
        let CKind::Training {
            duration,
            dropout_per_month,
            next,
        } = self.kinds[s]
        else {
            return;
        };
        for cell in cells {
            let b = cell.b as usize;
            if b >= duration {
                break;
            }
            let n = cell.n;
            if n <= 0.0 {
                continue;
            }
            let d = if dropout_per_month > 0.0 {
                sm.portion(n, dropout_per_month)
            } else {
                0.0
            };
            fl.exit_cause[3] += d;
            fl.stage_out[s] += d;
            let rest = n - d;
            if b + 1 >= duration {
                cell.n = 0.0;
                if rest > 0.0 {
                    fl.stage_out[s] += rest;
                    fl.stage_in[next] += rest;
                    if !matches!(self.kinds[next], CKind::Training { .. }) {
                        fl.graduates += rest;
                    }
                    fl.entries.push((self.local_slot(next, t, 0), rest));
                }
            } else {
                cell.n = rest;
            }
        }
    }
}
