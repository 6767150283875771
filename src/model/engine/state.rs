//! The state of a run (MODEL.md §8a): each township's sorted list of
//! occupied cells, the census, the moves of a pass, the exits of a cell,
//! and the flows of a month.

use super::*;

/// People of one township in one slot (stage × track × exam-progress code)
/// and one service month: a cohort.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cell {
    /// People (fractional in the expected-value projection).
    pub(super) n: f64,
    /// Slot within the township (see [`Model::local_slot`]).
    pub(super) slot: u32,
    /// Service month (the last bucket holds everybody older).
    pub(super) b: u32,
}

/// Cells a township's list has room for from the start: enough for a
/// station's cohorts over a decade, so lists seldom grow while blocks of
/// townships step in parallel.
pub(super) const CELLS_RESERVED: usize = 64;

/// The mutable state of one run.
///
/// Each township keeps a short list of its occupied cells, sorted by slot
/// and then service month. A county's townships hold a few dozen cohorts
/// each (hires come in a few rounds a year), so every pass of a month reads
/// one township's list from end to end: nothing is spent on empty states
/// and the lists of a national scenario stay small enough to stream.
pub(super) struct State {
    /// Occupied cells of each township, sorted by `(slot, b)`. Cells that
    /// emptied during a month stay until its ageing pass drops them.
    pub(super) lists: Vec<Vec<Cell>>,
    /// People per township × stage × track at the last census (the opening
    /// stock of the next step): `[(tw * n_stages + stage) * n_tracks + track]`.
    pub(super) census: Vec<f64>,
    /// Overdue people of each township at the last census, by the slot
    /// slots' places in [`SlotInfo::overdue`].
    pub(super) overdue: Vec<f64>,
    pub(super) ytd_cost: f64,
    pub(super) cumulative_cost: f64,
    pub(super) hired_this_year: Vec<f64>,
    pub(super) leavers_pending: Vec<f64>,
    /// Months of wage arrears left in this year of a replication (`None`:
    /// the expected arrears apply every month).
    pub(super) arrears_left: Option<u32>,
}

impl State {
    pub(super) fn new(m: &Model) -> Self {
        Self {
            lists: (0..m.n_tw)
                .map(|_| Vec::with_capacity(CELLS_RESERVED))
                .collect(),
            census: vec![0.0; m.n_tw * m.n_stages * m.n_tracks],
            overdue: vec![0.0; m.n_tw * m.overdue_terms.len()],
            ytd_cost: 0.0,
            cumulative_cost: 0.0,
            hired_this_year: vec![0.0; m.recruit.len()],
            leavers_pending: vec![0.0; m.recruit.len() * m.n_tw],
            arrears_left: None,
        }
    }

    /// The cells of townships `tws`.
    pub(super) fn cells(&mut self, m: &Model, tws: std::ops::Range<usize>) -> Cells<'_> {
        let per_tw = m.n_stages * m.n_tracks;
        let k_n = m.overdue_terms.len();
        Cells {
            lists: &mut self.lists[tws.clone()],
            census: &mut self.census[tws.start * per_tw..tws.end * per_tw],
            overdue: &mut self.overdue[tws.start * k_n..tws.end * k_n],
            tw0: tws.start,
        }
    }

    /// The cells of every township, cut into blocks of `size` townships.
    pub(super) fn blocks(&mut self, m: &Model, size: usize) -> Vec<Cells<'_>> {
        let per_tw = m.n_stages * m.n_tracks;
        let size = size.max(1);
        let k_n = m.overdue_terms.len();
        let mut overdue = self.overdue.as_mut_slice();
        let mut out = Vec::with_capacity(m.n_tw.div_ceil(size));
        for (k, (lists, census)) in self
            .lists
            .chunks_mut(size)
            .zip(self.census.chunks_mut(size * per_tw))
            .enumerate()
        {
            let (head, rest) = std::mem::take(&mut overdue).split_at_mut(lists.len() * k_n);
            overdue = rest;
            out.push(Cells {
                lists,
                census,
                overdue: head,
                tw0: k * size,
            });
        }
        out
    }

    /// Counts everybody by township × stage × track into `census`, and
    /// the overdue.
    pub(super) fn take_census(&mut self, m: &Model) {
        let mut cells = self.cells(m, 0..m.n_tw);
        for tw in 0..m.n_tw {
            cells.count(m, tw);
        }
    }

    /// Adds people to a slot's service month `bucket` (the start state).
    pub(super) fn add(&mut self, m: &Model, slot: usize, bucket: usize, n: f64) {
        if n != 0.0 {
            let (tw, local) = (slot / m.slots_per_tw, slot % m.slots_per_tw);
            add_cell(&mut self.lists[tw], local, bucket, n);
        }
    }

    /// Workers (`workers = true`) or trainees of a township, from the
    /// census (current from the ageing pass on: step 7 counts its entries).
    pub(super) fn people(&self, m: &Model, tw: usize, workers: bool) -> f64 {
        let row = &self.census[tw * m.n_stages * m.n_tracks..][..m.n_stages * m.n_tracks];
        let mut n = 0.0;
        for s in 0..m.n_stages {
            if (workers && m.worker[s]) || (!workers && m.training[s]) {
                for t in 0..m.n_tracks {
                    n += row[s * m.n_tracks + t];
                }
            }
        }
        n
    }
}

/// End of the run of cells of `list[i]`'s slot.
#[inline]
pub(super) fn group_end(list: &[Cell], i: usize) -> usize {
    let slot = list[i].slot;
    let mut j = i + 1;
    while j < list.len() && list[j].slot == slot {
        j += 1;
    }
    j
}

/// Position of the cell `(local, b)` in a sorted list, or where it would go.
#[inline]
pub(super) fn find(list: &[Cell], local: usize, b: usize) -> Result<usize, usize> {
    list.binary_search_by(|c| (c.slot as usize, c.b as usize).cmp(&(local, b)))
}

/// Adds `n` people to cell `(local, b)`, inserting it in order if new.
#[inline]
pub(super) fn add_cell(list: &mut Vec<Cell>, local: usize, b: usize, n: f64) {
    match find(list, local, b) {
        Ok(k) => list[k].n += n,
        Err(k) => list.insert(
            k,
            Cell {
                n,
                // Slots and buckets are small (checked by `Model::compile`).
                slot: local as u32,
                b: b as u32,
            },
        ),
    }
}

/// Buckets of a slot in the key of a cell, `slot × KEY_BUCKETS + b`
/// (more than the most buckets a scenario can need, 121).
pub(super) const KEY_BUCKETS: usize = 128;

/// Key of cell `(local, b)` of a township: cells in key order are in list
/// order.
#[inline]
pub(super) fn cell_key(local: usize, b: usize) -> usize {
    local * KEY_BUCKETS + b
}

/// Records a move of `n` people to cell `(local, b)` of the township.
#[inline]
pub(super) fn push_move(moves: &mut Vec<(usize, f64)>, local: usize, b: usize, n: f64) {
    moves.push((cell_key(local, b), n));
}

/// A township's cells laid out by key for a moment (see [`apply_moves`]):
/// values, and one bit per key marking the cells that exist.
#[derive(Default)]
pub(super) struct Spread {
    pub(super) values: Vec<f64>,
    pub(super) bits: Vec<u64>,
}

/// Applies the moves of a pass, in the order they were made: a few are
/// added one by one; more are added to the township's cells spread out by
/// key, which are then read back in key order (so nothing is sorted).
pub(super) fn apply_moves(list: &mut Vec<Cell>, moves: &[(usize, f64)], spread: &mut Spread) {
    if moves.len() <= 2 {
        for &(key, n) in moves {
            add_cell(list, key / KEY_BUCKETS, key % KEY_BUCKETS, n);
        }
        return;
    }
    let key_of = |c: &Cell| cell_key(c.slot as usize, c.b as usize);
    let keys = list
        .iter()
        .map(key_of)
        .chain(moves.iter().map(|m| m.0))
        .max()
        .unwrap_or(0)
        + 1;
    if spread.values.len() < keys {
        spread.values.resize(keys, 0.0);
        spread.bits.resize(keys.div_ceil(64), 0);
    }
    for c in list.iter() {
        let key = key_of(c);
        spread.values[key] = c.n;
        spread.bits[key / 64] |= 1 << (key % 64);
    }
    for &(key, n) in moves {
        let (word, bit) = (key / 64, 1u64 << (key % 64));
        if spread.bits[word] & bit == 0 {
            spread.bits[word] |= bit;
            spread.values[key] = n;
        } else {
            spread.values[key] += n;
        }
    }
    list.clear();
    for (w, word) in spread.bits.iter_mut().enumerate() {
        while *word != 0 {
            let key = w * 64 + word.trailing_zeros() as usize;
            *word &= *word - 1;
            list.push(Cell {
                n: spread.values[key],
                slot: (key / KEY_BUCKETS) as u32,
                b: (key % KEY_BUCKETS) as u32,
            });
        }
    }
}

/// The cells of consecutive townships `tw0..`: what steps 0–6 of a month
/// read and write. Blocks of townships can step in parallel.
pub(super) struct Cells<'a> {
    pub(super) lists: &'a mut [Vec<Cell>],
    pub(super) census: &'a mut [f64],
    pub(super) overdue: &'a mut [f64],
    pub(super) tw0: usize,
}

impl Cells<'_> {
    /// Number of townships.
    pub(super) fn len(&self) -> usize {
        self.lists.len()
    }

    /// Opening stock of township `tw` by stage and track.
    #[inline]
    pub(super) fn census_row(&self, m: &Model, tw: usize) -> &[f64] {
        let per_tw = m.n_stages * m.n_tracks;
        &self.census[(tw - self.tw0) * per_tw..][..per_tw]
    }

    /// Township `tw`'s cells, census row and overdue row.
    #[inline]
    pub(super) fn township(
        &mut self,
        m: &Model,
        tw: usize,
    ) -> (&mut Vec<Cell>, &mut [f64], &mut [f64]) {
        let (per_tw, k_n) = (m.n_stages * m.n_tracks, m.overdue_terms.len());
        let i = tw - self.tw0;
        (
            &mut self.lists[i],
            &mut self.census[i * per_tw..][..per_tw],
            &mut self.overdue[i * k_n..][..k_n],
        )
    }

    /// Takes township `tw`'s census and overdue count.
    pub(super) fn count(&mut self, m: &Model, tw: usize) {
        let (list, census, overdue) = self.township(m, tw);
        census.iter_mut().for_each(|x| *x = 0.0);
        let mut i = 0;
        while i < list.len() {
            let end = group_end(list, i);
            let info = &m.slot_info[list[i].slot as usize];
            census[info.census] += list[i..end].iter().fold(0.0, |acc, c| acc + c.n);
            if let Some(k) = info.overdue {
                overdue[k] = overdue_of(m, &list[i..end]);
            }
            i = end;
        }
    }
}

/// Step 1 on one cell with its slot's [`Model::hazards`]: turnover, then
/// exits at contract renewal; returns both.
#[inline]
pub(super) fn exit_cell<S: Sampler>(
    cell: &mut Cell,
    (mult, pairs): (f64, &[[f64; 2]]),
    sm: &mut S,
) -> (f64, f64) {
    let n = cell.n;
    if n <= 0.0 {
        return (0.0, 0.0);
    }
    let [base, ren] = pairs[cell.b as usize];
    let h = (base * mult).min(1.0);
    let (x, y) = if sm.stateless() {
        // Expected values: a zero probability gives exactly 0, so nothing
        // is skipped (the renewal month varies from cell to cell, and a
        // branch on it is mispredicted).
        let x = sm.portion(n, h);
        (x, sm.portion(n - x, ren))
    } else {
        // Draws: none is taken for a zero probability.
        let x = if h > 0.0 { sm.portion(n, h) } else { 0.0 };
        let y = if ren > 0.0 {
            sm.portion(n - x, ren)
        } else {
            0.0
        };
        (x, y)
    };
    cell.n = n - x - y;
    (x, y)
}

/// People of one slot's cells (in order of service) who are past the
/// certification deadline.
#[inline]
pub(super) fn overdue_of(m: &Model, cells: &[Cell]) -> f64 {
    let months = m.deadline.as_ref().map_or(usize::MAX, |d| d.months);
    cells
        .iter()
        .filter(|c| c.b as usize >= months)
        .fold(0.0, |acc, c| acc + c.n)
}

/// Flows accumulated during one step (of every township, or of a block of
/// townships `tw0..` stepped in parallel; per-township vectors then cover
/// the block only).
pub(super) struct Flows {
    pub(super) tw0: usize,
    /// Flows of the township blocks of a parallel step (reused every month).
    pub(super) blocks: Vec<Flows>,
    pub(super) stage_in: Vec<f64>,
    pub(super) stage_out: Vec<f64>,
    pub(super) exit_cause: [f64; 5],
    pub(super) exit_track: Vec<f64>,
    pub(super) hire_track: Vec<f64>,
    pub(super) tw_exit: Vec<f64>,
    pub(super) tw_hires: Vec<f64>,
    pub(super) tw_cost: Vec<f64>,
    pub(super) cost: [f64; 7],
    pub(super) by_source: Vec<f64>,
    pub(super) unfunded: f64,
    pub(super) funding_year: f64,
    pub(super) hires: f64,
    pub(super) intake: f64,
    pub(super) graduates: f64,
    pub(super) sitters: f64,
    pub(super) passes: f64,
    pub(super) capped: bool,
    /// Exit multiplier of wage arrears this month.
    pub(super) arrears: f64,
    /// Recruitment the rules cut this month.
    pub(super) cuts: Vec<Cut>,
    /// Moves of a pass within a township: cell key (see [`push_move`]) and
    /// people.
    pub(super) moves: Vec<(usize, f64)>,
    /// Room to apply moves in.
    pub(super) spread: Spread,
    /// Phase completions of the township being stepped: slot within the
    /// township and people.
    pub(super) entries: Vec<(usize, f64)>,
}

impl Flows {
    /// Records that the rules cut a policy's intake this month.
    pub(super) fn cut(
        &mut self,
        step: u32,
        policy: usize,
        planned: f64,
        placed: f64,
        reason: CutReason,
    ) {
        self.cuts.push(Cut {
            month_index: step,
            policy,
            planned,
            placed,
            reason,
        });
    }

    pub(super) fn new(m: &Model) -> Self {
        Self::for_townships(m, 0, m.n_tw)
    }

    /// Flows of `n` townships from `tw0` on.
    pub(super) fn for_townships(m: &Model, tw0: usize, n: usize) -> Self {
        Self {
            tw0,
            blocks: Vec::new(),
            stage_in: vec![0.0; m.n_stages],
            stage_out: vec![0.0; m.n_stages],
            exit_cause: [0.0; 5],
            exit_track: vec![0.0; m.n_tracks],
            hire_track: vec![0.0; m.n_tracks],
            tw_exit: vec![0.0; n * m.n_tracks],
            tw_hires: vec![0.0; n],
            tw_cost: vec![0.0; n],
            cost: [0.0; 7],
            by_source: vec![0.0; m.source_ids.len()],
            unfunded: 0.0,
            funding_year: 0.0,
            hires: 0.0,
            intake: 0.0,
            graduates: 0.0,
            sitters: 0.0,
            passes: 0.0,
            capped: false,
            arrears: 1.0,
            cuts: Vec::new(),
            moves: Vec::new(),
            spread: Spread::default(),
            entries: Vec::new(),
        }
    }

    /// Adds the flows of a block of townships stepped on its own (steps 0–6).
    pub(super) fn absorb(&mut self, part: &Flows, n_tracks: usize) {
        let add = |to: &mut [f64], from: &[f64]| {
            for (x, y) in to.iter_mut().zip(from) {
                *x += y;
            }
        };
        add(&mut self.stage_in, &part.stage_in);
        add(&mut self.stage_out, &part.stage_out);
        add(&mut self.exit_cause, &part.exit_cause);
        add(&mut self.exit_track, &part.exit_track);
        add(&mut self.cost, &part.cost);
        add(&mut self.tw_exit[part.tw0 * n_tracks..], &part.tw_exit);
        add(&mut self.tw_cost[part.tw0..], &part.tw_cost);
        self.graduates += part.graduates;
        self.sitters += part.sitters;
        self.passes += part.passes;
    }

    pub(super) fn reset(&mut self) {
        for v in [
            &mut self.stage_in,
            &mut self.stage_out,
            &mut self.exit_track,
            &mut self.hire_track,
            &mut self.tw_exit,
            &mut self.tw_hires,
            &mut self.tw_cost,
            &mut self.by_source,
        ] {
            v.iter_mut().for_each(|x| *x = 0.0);
        }
        self.exit_cause = [0.0; 5];
        self.cost = [0.0; 7];
        self.unfunded = 0.0;
        self.funding_year = 0.0;
        self.hires = 0.0;
        self.intake = 0.0;
        self.graduates = 0.0;
        self.sitters = 0.0;
        self.passes = 0.0;
        self.capped = false;
        self.cuts.clear();
    }
}
