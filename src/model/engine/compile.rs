//! Compiling a scenario into the engine's model: stages, tracks, exams,
//! hazards, recruitment, costs and funding laid out as flat tables the
//! monthly step reads (MODEL.md §8a).

use super::*;

impl Model {
    /// Compiles a scenario. Run [`crate::model::validate::validate`] first: this
    /// only rejects what would make the projection meaningless.
    pub fn compile(sc: &Scenario) -> Result<Self, ModelError> {
        if sc.county.townships.is_empty() {
            return Err(ModelError::Empty("townships"));
        }
        if sc.stages.is_empty() {
            return Err(ModelError::Empty("stages"));
        }
        if sc.tracks.is_empty() {
            return Err(ModelError::Empty("tracks"));
        }
        let stage_ids: Vec<String> = sc.stages.iter().map(|s| s.id.clone()).collect();
        let track_ids: Vec<String> = sc.tracks.iter().map(|t| t.id.clone()).collect();
        let tw_ids: Vec<String> = sc.county.townships.iter().map(|t| t.id.clone()).collect();
        let (n_tw, n_tracks, n_stages) = (tw_ids.len(), track_ids.len(), stage_ids.len());
        let stage = |id: &str, path: &dyn Fn() -> String| idx(&stage_ids, id, "stage", path);
        let track = |id: &str, path: &dyn Fn() -> String| idx(&track_ids, id, "track", path);
        // A national scenario has tens of thousands of townships: look ids up by hash.
        let tw_index: std::collections::HashMap<&str, usize> = tw_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let township = |id: &str, path: &dyn Fn() -> String| {
            tw_index
                .get(id)
                .copied()
                .ok_or_else(|| ModelError::UnknownId {
                    kind: "township",
                    id: id.to_string(),
                    path: path(),
                })
        };

        // Months of service that must be told apart.
        let mut needed: u32 = 12.max(sc.retention.contract_months);
        for r in &sc.retention.exit_rates {
            needed = needed.max(r.tenure_from_months);
            if let Some(t) = r.tenure_to_months {
                needed = needed.max(t);
            }
        }
        for s in &sc.stages {
            if let StageKind::Training {
                duration_months, ..
            } = s.kind
            {
                needed = needed.max(duration_months);
            }
            if let Some(e) = &s.exam {
                for m in e.min_service_months.values() {
                    needed = needed.max(*m);
                }
            }
        }
        if let Some(d) = &sc.certify_deadline {
            needed = needed.max(d.months);
        }
        let needed = needed.min(MAX_TRACKED_MONTHS) as usize;
        let buckets = needed + 1;

        let pay_mult = sc.levers.pay_multiplier;
        // The ladder's rung: certified grades are paid this much more
        // (a cost; its effect on leaving is the ladder multiplier alone).
        let ladder_step = if sc.levers.promotion_ladder {
            1.0 + sc.budget.ladder_pay_step_share.max(0.0)
        } else {
            1.0
        };
        let mut kinds = Vec::with_capacity(n_stages);
        for (i, s) in sc.stages.iter().enumerate() {
            kinds.push(match &s.kind {
                StageKind::Training {
                    duration_months,
                    dropout_share,
                    next,
                    ..
                } => {
                    let d = (*duration_months).max(1) as f64;
                    CKind::Training {
                        duration: (*duration_months).max(1) as usize,
                        dropout_per_month: 1.0
                            - (1.0 - dropout_share.clamp(0.0, 1.0)).powf(1.0 / d),
                        next: stage(next, &|| format!("stages[{i}].kind.next"))?,
                    }
                }
                StageKind::Working {
                    grade,
                    pay_yuan_per_month,
                    allowance_yuan_per_month,
                } => {
                    let certified = grade.is_some_and(Grade::is_certified);
                    let step = if certified { ladder_step } else { 1.0 };
                    CKind::Working {
                        certified,
                        cost_per_month: [
                            pay_yuan_per_month * pay_mult * step,
                            allowance_yuan_per_month * pay_mult,
                        ],
                    }
                }
                StageKind::Custom { counts_as_worker } => CKind::Custom {
                    worker: *counts_as_worker,
                },
            });
        }

        // Exams and carry codes.
        let results_month = sc
            .results_month
            .map(|m| m.clamp(1, 12))
            .filter(|&m| m != sc.exam_month);
        let mut exams = Vec::with_capacity(n_stages);
        let mut n_codes = Vec::with_capacity(n_stages);
        for (i, s) in sc.stages.iter().enumerate() {
            let Some(e) = &s.exam else {
                exams.push(None);
                n_codes.push(1);
                continue;
            };
            let to = stage(&e.to, &|| format!("stages[{i}].exam.to"))?;
            let w = e.window_sittings.clamp(1, 3) as usize;
            let k = e.subjects.len().min(4);
            let codes = w.pow(k as u32);
            let mut min_service = vec![0usize; n_tracks];
            for (tid, m) in &e.min_service_months {
                let t = track(tid, &|| format!("stages[{i}].exam.min_service_months"))?;
                min_service[t] = (*m as usize).min(needed);
            }
            let digit = |c: usize, j: usize| (c / w.pow(j as u32)) % w;
            let decay: Vec<usize> = (0..codes)
                .map(|c| {
                    (0..k)
                        .map(|j| digit(c, j).saturating_sub(1) * w.pow(j as u32))
                        .sum()
                })
                .collect();
            let uplift = sc.levers.exam_support_pass_uplift;
            let mut outcomes = Vec::with_capacity(n_tracks);
            let mut subjects_sat = Vec::with_capacity(n_tracks);
            for tid in &track_ids {
                let p: Vec<f64> = e.subjects[..k]
                    .iter()
                    .map(|sub| {
                        (sub.pass_probability.get(tid).copied().unwrap_or(0.0) + uplift)
                            .clamp(0.0, 1.0)
                    })
                    .collect();
                let after: Vec<bool> = e.subjects[..k].iter().map(|s| s.after_others).collect();
                let mut per_code = Vec::with_capacity(codes);
                let mut sat_code = Vec::with_capacity(codes);
                for c in 0..codes {
                    let held: Vec<bool> = (0..k).map(|j| digit(c, j) > 0).collect();
                    let normal: Vec<usize> = (0..k).filter(|&j| !held[j] && !after[j]).collect();
                    let later: Vec<usize> = (0..k).filter(|&j| !held[j] && after[j]).collect();
                    let mut out: Vec<(Dest, f64)> = Vec::new();
                    let mut sat = normal.len() as f64;
                    for smask in 0..(1usize << normal.len()) {
                        let mut prob = 1.0;
                        let mut passed = held.clone();
                        for (bit, &j) in normal.iter().enumerate() {
                            if smask & (1 << bit) != 0 {
                                prob *= p[j];
                                passed[j] = true;
                            } else {
                                prob *= 1.0 - p[j];
                            }
                        }
                        if prob == 0.0 {
                            continue;
                        }
                        let all_normal = (0..k).all(|j| passed[j] || after[j]);
                        let mut branches: Vec<(Vec<bool>, f64)> = vec![(passed.clone(), prob)];
                        if all_normal && !later.is_empty() {
                            sat += prob * later.len() as f64;
                            branches.clear();
                            for tmask in 0..(1usize << later.len()) {
                                let mut p2 = prob;
                                let mut pa = passed.clone();
                                for (bit, &j) in later.iter().enumerate() {
                                    if tmask & (1 << bit) != 0 {
                                        p2 *= p[j];
                                        pa[j] = true;
                                    } else {
                                        p2 *= 1.0 - p[j];
                                    }
                                }
                                if p2 > 0.0 {
                                    branches.push((pa, p2));
                                }
                            }
                        }
                        for (pa, pr) in branches {
                            let dest = if pa.iter().all(|&x| x) {
                                Dest::Certified
                            } else {
                                let code: usize = (0..k)
                                    .map(|j| {
                                        let d = if held[j] {
                                            digit(c, j) - 1
                                        } else if pa[j] {
                                            w - 1
                                        } else {
                                            0
                                        };
                                        d * w.pow(j as u32)
                                    })
                                    .sum();
                                Dest::Code(code)
                            };
                            match out.iter_mut().find(|(d, _)| *d == dest) {
                                Some(entry) => entry.1 += pr,
                                None => out.push((dest, pr)),
                            }
                        }
                    }
                    // probabilities → shares of the sitters left
                    let mut left_p = 1.0;
                    for (_, p) in &mut out {
                        let q = if left_p > 0.0 {
                            (*p / left_p).clamp(0.0, 1.0)
                        } else {
                            1.0
                        };
                        left_p -= *p;
                        *p = q;
                    }
                    per_code.push(out);
                    sat_code.push(sat);
                }
                if results_month.is_some() {
                    // The pending code sits nothing (its people have passed).
                    per_code.push(Vec::new());
                    sat_code.push(0.0);
                }
                outcomes.push(per_code);
                subjects_sat.push(sat_code);
            }
            let pending = results_month.map(|_| codes);
            let mut decay = decay;
            if let Some(p) = pending {
                decay.push(p);
            }
            exams.push(Some(CExam {
                to,
                min_service,
                participation: e.participation.clamp(0.0, 1.0),
                outcomes,
                subjects_sat,
                decay,
                pending,
            }));
            n_codes.push(codes + usize::from(pending.is_some()));
        }
        let mut slot_offset = Vec::with_capacity(n_stages);
        let mut off = 0;
        for &c in &n_codes {
            slot_offset.push(off);
            off += c * n_tracks;
        }
        let slots_per_tw = off;

        // Exit hazards.
        let ret = &sc.retention;
        let mut base_exit = vec![0.0; n_stages * n_tracks * buckets];
        for (s, st) in sc.stages.iter().enumerate() {
            if !matches!(st.kind, StageKind::Working { .. }) {
                continue;
            }
            for (t, tid) in track_ids.iter().enumerate() {
                for b in 0..buckets {
                    let rate = ret.exit_rates.iter().find(|r| {
                        r.track.as_ref().is_none_or(|x| x == tid)
                            && r.stage.as_ref().is_none_or(|x| *x == st.id)
                            && b as u32 >= r.tenure_from_months
                            && r.tenure_to_months.is_none_or(|to| (b as u32) < to)
                    });
                    base_exit[(s * n_tracks + t) * buckets + b] =
                        rate.map_or(0.0, |r| monthly(r.annual_rate));
                }
            }
        }
        let contract = ret.contract_months.max(1) as usize;
        let mut renewal = vec![0.0; n_tracks * buckets];
        for (t, tid) in track_ids.iter().enumerate() {
            let r = ret
                .renewal_exit_share
                .get(tid)
                .copied()
                .unwrap_or(0.0)
                .clamp(0.0, 1.0);
            for b in 0..buckets {
                renewal[t * buckets + b] = if b + 1 == buckets {
                    1.0 - (1.0 - r).powf(1.0 / contract as f64)
                } else if (b + 1) % contract == 0 {
                    r
                } else {
                    0.0
                };
            }
        }
        let exit_pairs: Vec<[f64; 2]> = base_exit
            .iter()
            .enumerate()
            .map(|(i, &h)| {
                let (st, b) = (i / buckets, i % buckets);
                [h, renewal[(st % n_tracks) * buckets + b]]
            })
            .collect();
        let wage = sc.county.local_average_wage_yuan_per_month;
        let ladder = if sc.levers.promotion_ladder {
            ret.ladder_multiplier
        } else {
            1.0
        };
        let admin = (1.0
            + ret.admin_sensitivity * (sc.levers.admin_share - ret.reference_admin_share))
            .max(0.0);
        // Wage arrears multiply exits month by month in the step (expected
        // in the projection, drawn as events in a replication).
        let arrears_expected = (1.0
            + ret.arrears_sensitivity_per_month
                * sc.budget.funding_delay_probability
                * sc.budget.funding_delay_months)
            .max(0.0);
        let mut exit_mult = vec![1.0; n_stages * n_tracks];
        for (s, k) in kinds.iter().enumerate() {
            // Pay as the exit hazards read it: without the ladder's step,
            // whose effect on leaving is the ladder multiplier.
            let pay = match k {
                CKind::Working {
                    cost_per_month,
                    certified,
                } => {
                    let step = if *certified { ladder_step } else { 1.0 };
                    cost_per_month[0] / step + cost_per_month[1]
                }
                _ => 0.0,
            };
            let pay_factor = if pay > 0.0
                && wage > 0.0
                && ret.reference_pay_ratio > 0.0
                && ret.pay_elasticity != 0.0
            {
                ((pay / wage) / ret.reference_pay_ratio).powf(-ret.pay_elasticity)
            } else {
                1.0
            };
            for t in 0..n_tracks {
                exit_mult[s * n_tracks + t] = pay_factor * ladder * admin;
            }
        }

        // Townships: need, norm, remoteness.
        let need_cfg = &sc.need;
        let avail = need_cfg.hours_per_worker_per_year * (1.0 - sc.levers.admin_share).max(0.0);
        let mut need = Vec::with_capacity(n_tw);
        let mut tw_mult = Vec::with_capacity(n_tw);
        let mut villages = Vec::with_capacity(n_tw);
        let mut population = Vec::with_capacity(n_tw);
        for tw in sc.county.townships.iter() {
            let pop: f64 =
                tw.seat_population + tw.villages.iter().map(|v| v.population).sum::<f64>();
            let mut hours = 0.0;
            for v in &tw.villages {
                let travel = 1.0 + need_cfg.travel_overhead_at_remoteness_1 * v.remoteness;
                for c in &need_cfg.caseloads {
                    hours += group_count(v, c.group)
                        * c.cases_per_person_per_year
                        * c.hours_per_case
                        * travel;
                }
            }
            let wisn = if avail > 0.0 { hours / avail } else { 0.0 };
            let density = need_cfg.workers_per_10k_target * pop / 10_000.0;
            need.push(if tw.county_centre {
                tw.staffing_norm
            } else {
                wisn.max(density).max(need_cfg.station_minimum_workers)
            });
            // Mean remoteness of the villages, weighted by population; the
            // township seat is not included (MODEL.md §2, step 1).
            let village_pop: f64 = tw.villages.iter().map(|v| v.population).sum();
            let remote = if village_pop > 0.0 {
                tw.villages
                    .iter()
                    .map(|v| v.remoteness * v.population)
                    .sum::<f64>()
                    / village_pop
            } else {
                0.0
            };
            tw_mult.push((1.0 + ret.remoteness_sensitivity * remote).max(0.0));
            villages.push(tw.villages.len() as f64);
            population.push(pop);
        }

        let mut transitions = Vec::with_capacity(n_stages);
        for (i, s) in sc.stages.iter().enumerate() {
            let mut v = Vec::new();
            for (j, t) in s.transitions.iter().enumerate() {
                let to = match &t.to {
                    Target::Exit => None,
                    Target::Stage(id) => {
                        Some(stage(id, &|| format!("stages[{i}].transitions[{j}].to"))?)
                    }
                };
                let tr = match &t.track {
                    None => None,
                    Some(id) => Some(track(id, &|| {
                        format!("stages[{i}].transitions[{j}].track")
                    })?),
                };
                v.push(CTransition {
                    to,
                    probability: t.probability.clamp(0.0, 1.0),
                    yearly_month: match t.period {
                        Period::Monthly => None,
                        Period::Yearly { month } => Some(month),
                    },
                    track: tr,
                });
            }
            transitions.push(v);
        }
        let mut active_transitions = Vec::with_capacity(12 * n_stages * n_tracks);
        for month in 1..=12 {
            for trs in &transitions {
                for t in 0..n_tracks {
                    active_transitions.push(
                        trs.iter()
                            .enumerate()
                            .filter(|(_, x)| {
                                x.track.is_none_or(|k| k == t)
                                    && x.yearly_month.is_none_or(|m| m == month)
                            })
                            .map(|(j, _)| j)
                            .collect(),
                    );
                }
            }
        }

        let deadline = match &sc.certify_deadline {
            None => None,
            Some(d) => Some(CDeadline {
                months: (d.months as usize).clamp(1, needed),
                stages: d
                    .stages
                    .iter()
                    .enumerate()
                    .map(|(j, s)| stage(s, &|| format!("certify_deadline.stages[{j}]")))
                    .collect::<Result<_, _>>()?,
                consequence: match &d.consequence {
                    DeadlineConsequence::Flag => None,
                    DeadlineConsequence::Exit => Some(None),
                    DeadlineConsequence::MoveTo(s) => {
                        Some(Some(stage(s, &|| "certify_deadline.consequence".into())?))
                    }
                },
            }),
        };

        let mut overdue_terms = Vec::new();
        let mut overdue_index = vec![None; slots_per_tw];
        if let Some(dl) = &deadline
            && dl.consequence.is_none()
        {
            for &s in &dl.stages {
                // People waiting for their results have passed: not overdue.
                let pending = exams[s].as_ref().and_then(|e: &CExam| e.pending);
                for t in 0..n_tracks {
                    for c in (0..n_codes[s]).filter(|&c| Some(c) != pending) {
                        let local = slot_offset[s] + t * n_codes[s] + c;
                        let k = *overdue_index[local].get_or_insert(overdue_terms.len());
                        overdue_terms.push(k);
                    }
                }
            }
        }

        let alloc = |a: &Allocation, path: String| -> Result<CAlloc, ModelError> {
            Ok(match a {
                Allocation::ByGap => CAlloc::ByGap,
                Allocation::Even => CAlloc::Even,
                Allocation::Weights(w) => {
                    let mut v = vec![0.0; n_tw];
                    for (id, x) in w {
                        v[township(id, &|| path.clone())?] = x.max(0.0);
                    }
                    CAlloc::Weights(v)
                }
            })
        };
        let mut recruit = Vec::new();
        for (i, r) in sc.recruitment.iter().enumerate() {
            let p = |f: &str| format!("recruitment[{i}].{f}");
            recruit.push(match r {
                Recruitment::Schedule {
                    track: t,
                    stage: s,
                    hires_per_year,
                    per_township,
                    month,
                    from_year,
                    to_year,
                    applicants_per_year,
                    allocation,
                    ..
                } => CRecruit::Schedule {
                    track: track(t, &|| p("track"))?,
                    stage: stage(s, &|| p("stage"))?,
                    per_year: hires_per_year.max(0.0),
                    per_township: *per_township,
                    month: *month,
                    from_year: *from_year,
                    to_year: *to_year,
                    applicants: *applicants_per_year,
                    allocation: alloc(allocation, p("allocation"))?,
                },
                Recruitment::Cohort {
                    track: t,
                    stage: s,
                    start_year,
                    start_month,
                    size,
                    repeat_every_months,
                    until_year,
                    allocation,
                    ..
                } => CRecruit::Cohort {
                    track: track(t, &|| p("track"))?,
                    stage: stage(s, &|| p("stage"))?,
                    start: i64::from(*start_year) * 12 + i64::from(*start_month) - 1,
                    size: size.max(0.0),
                    repeat: repeat_every_months.filter(|&m| m > 0).map(i64::from),
                    until_year: *until_year,
                    allocation: alloc(allocation, p("allocation"))?,
                },
                Recruitment::ReplaceLeavers {
                    track: t,
                    stage: s,
                    share,
                    leavers_of_track,
                    period,
                    ..
                } => CRecruit::Replace {
                    track: track(t, &|| p("track"))?,
                    stage: stage(s, &|| p("stage"))?,
                    share: share.clamp(0.0, 1.0),
                    of_track: match leavers_of_track {
                        None => None,
                        Some(x) => Some(track(x, &|| p("leavers_of_track"))?),
                    },
                    month: match period {
                        Period::Monthly => None,
                        Period::Yearly { month } => Some(*month),
                    },
                },
                Recruitment::FillToNorm {
                    track: t,
                    stage: s,
                    max_hires_per_year,
                    month,
                    ..
                } => CRecruit::Fill {
                    track: track(t, &|| p("track"))?,
                    stage: stage(s, &|| p("stage"))?,
                    max_per_year: max_hires_per_year.max(0.0),
                    month: *month,
                },
            });
        }

        let mut initial = Vec::new();
        for (i, st) in sc.initial_stock.iter().enumerate() {
            let p = |f: &str| format!("initial_stock[{i}].{f}");
            initial.push((
                township(&st.township, &|| p("township"))?,
                track(&st.track, &|| p("track"))?,
                stage(&st.stage, &|| p("stage"))?,
                (st.tenure_months as usize).min(needed),
                st.count.max(0.0),
            ));
        }

        let months = sc.horizon_years * 12;
        let years = (sc.horizon_years + 2) as usize;
        let b = &sc.budget;
        let funding = (0..years)
            .map(|y| {
                let year = sc.start_year + y as i32;
                b.sources
                    .iter()
                    .map(|s| {
                        s.by_year.get(&year).copied().unwrap_or_else(|| {
                            s.yuan_per_year * (1.0 + s.growth_per_year).powi(y as i32)
                        })
                    })
                    .collect()
            })
            .collect();

        let worker: Vec<bool> = kinds
            .iter()
            .map(|k| match k {
                CKind::Working { .. } => true,
                CKind::Custom { worker } => *worker,
                CKind::Training { .. } => false,
            })
            .collect();
        let training: Vec<bool> = kinds
            .iter()
            .map(|k| matches!(k, CKind::Training { .. }))
            .collect();
        let certified = kinds
            .iter()
            .map(|k| {
                matches!(
                    k,
                    CKind::Working {
                        certified: true,
                        ..
                    }
                )
            })
            .collect();
        let keys_of = |which: &[bool]| -> Keys {
            stage_ids
                .iter()
                .zip(which)
                .filter(|(_, w)| **w)
                .map(|(x, _)| Key::from(x.as_str()))
                .collect()
        };
        let (worker_keys, training_keys) = (keys_of(&worker), keys_of(&training));
        // Slots in order: stage, then track, then code (see `local_slot`).
        let mut slot_info = Vec::with_capacity(slots_per_tw);
        for (s, &codes) in n_codes.iter().enumerate() {
            let kind = match kinds[s] {
                CKind::Working { .. } => SlotKind::Working,
                CKind::Training { .. } => SlotKind::Training,
                CKind::Custom { .. } => SlotKind::Other,
            };
            for t in 0..n_tracks {
                for code in 0..codes {
                    slot_info.push(SlotInfo {
                        stage: s,
                        track: t,
                        code,
                        census: s * n_tracks + t,
                        overdue: overdue_index[slot_info.len()],
                        pairs: (s * n_tracks + t) * buckets,
                        kind,
                        exit_mult: exit_mult[s * n_tracks + t],
                    });
                }
            }
        }
        let mut model = Self {
            n_tw,
            n_tracks,
            slot_info,
            n_stages,
            buckets,
            worker,
            training,
            certified,
            kinds,
            slot_offset,
            n_codes,
            slots_per_tw,
            exit_pairs,
            tw_mult,
            has_transitions: transitions.iter().any(|v| !v.is_empty()),
            transitions,
            active_transitions,
            exams,
            exam_month: sc.exam_month,
            results_month,
            deadline,
            overdue_terms,
            recruit,
            recruit_multiplier: sc.levers.recruitment_multiplier.max(0.0),
            need,
            norm: sc
                .county
                .townships
                .iter()
                .map(|t| t.staffing_norm)
                .collect(),
            station_minimum: sc.need.station_minimum_workers,
            opens: sc
                .county
                .townships
                .iter()
                .map(|t| t.station_opens_month)
                .collect(),
            villages,
            population_total: population.iter().sum(),
            villages_per_worker: need_cfg.villages_per_worker.max(0.0),
            initial,
            start_year: sc.start_year,
            start_month: sc.start_month.clamp(1, 12),
            months,
            social_insurance: b.social_insurance_share,
            training_cost: b.training_cost_yuan_per_trainee_month,
            // Exam support is paid per subject sat, in proportion to the
            // uplift it buys (the cost is stated for 10 points).
            exam_fee: b.exam_fee_yuan_per_subject
                + b.exam_support_yuan_per_subject.max(0.0)
                    * (sc.levers.exam_support_pass_uplift.max(0.0) / 0.1),
            hire_cost: b.recruitment_cost_yuan_per_hire,
            station_cost_per_month: b.station_overhead_yuan_per_year / 12.0,
            admin_relief_per_worker_month: {
                let reference = sc.retention.reference_admin_share;
                let moved = if reference > 0.0 {
                    ((reference - sc.levers.admin_share) / reference).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                b.admin_relief_yuan_per_worker_year.max(0.0) / 12.0 * moved
            },
            source_ids: b.sources.iter().map(|s| s.id.clone()).collect(),
            funding,
            cap_hiring: b.cap_hiring_at_funding,
            targets: sc.targets.clone(),
            worker_keys,
            training_keys,
            track_keys: track_ids.iter().map(|x| Key::from(x.as_str())).collect(),
            source_keys: b
                .sources
                .iter()
                .map(|s| Key::from(s.id.as_str()))
                .chain(std::iter::once(Key::from("unfunded")))
                .collect(),
            cause_keys: EXIT_CAUSES.iter().map(|c| Key::from(*c)).collect(),
            category_keys: COST_CATEGORIES.iter().map(|c| Key::from(*c)).collect(),
            stage_ids,
            track_ids,
            tw_keys: tw_ids.iter().map(|id| Key::from(id.as_str())).collect(),
            goals: GoalSet::default(),
            assumptions: super::super::uncertainty::Assumptions::of(sc)?.map(Arc::new),
            arrears_expected,
            arrears_event: (1.0 + 12.0 * ret.arrears_sensitivity_per_month).max(0.0),
            funding_delay: [
                b.funding_delay_probability.clamp(0.0, 1.0),
                b.funding_delay_months.max(0.0),
            ],
        };
        let goals = sc.targets.effective_goals(sc);
        model.goals = GoalSet::bind_within(&goals, &model.metric_names(), &model.year_ends())?;
        Ok(model)
    }
}
