//! The trainer's "this year" list, without any GUI: who must be certified
//! by a deadline this year, who may sit which level at the coming sitting
//! under the national rules (and why not), whose registration or
//! continuing-education hours fall due; what is still ahead first, soonest
//! first, then what is already overdue, grouped by kind, latest first.
//! Overdue items can be dismissed; dismissals are kept in the roster file
//! ([`Roster::dismissed`]) so they stay dismissed after a reload.

use super::date::Date;
use super::doc::{Level, Roster, TrackId};
use super::rules::{self, CertStatus, RuleConfig};
use super::text::Language;
use super::views::{REMINDER_HORIZON_DAYS, ReminderKind, reminders_until};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// An overdue item the trainer has dealt with, kept in the roster file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dismissal {
    /// Person id.
    pub person: String,
    /// What was overdue.
    pub kind: ReminderKind,
    /// The day it fell due (a new deadline of the same kind shows again).
    pub due: Date,
}

/// What an item of the year's list is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum YearKind {
    /// May sit the level at the coming sitting.
    MaySit,
    /// May not sit the next level at the coming sitting (the text says why).
    MayNotSit,
    /// A deadline, registration or continuing-education reminder.
    Reminder(ReminderKind),
}

/// One item of the year's list, about one person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearItem {
    /// Index into `Roster::people`.
    pub person_index: usize,
    /// Person id.
    pub person_id: String,
    /// What it is about.
    pub kind: YearKind,
    /// The level it concerns (the level to sit, the certificate to register
    /// or renew); `None` for a certification deadline.
    pub level: Option<Level>,
    /// Day by which to act (the sitting, a deadline) or on which it lapsed.
    pub due: Date,
    /// Detail in English (the rule's reason for a sitting).
    pub text_en: String,
    /// Detail in Chinese.
    pub text_zh: String,
}

impl YearItem {
    /// The detail in `lang`.
    #[must_use]
    pub fn text(&self, lang: Language) -> &str {
        lang.pick(&self.text_en, &self.text_zh)
    }

    /// The dismissal that hides this item, if it can be dismissed: only
    /// reminders already overdue on `today`.
    #[must_use]
    pub fn dismissal(&self, today: Date) -> Option<Dismissal> {
        match self.kind {
            YearKind::Reminder(kind) if self.due < today => Some(Dismissal {
                person: self.person_id.clone(),
                kind,
                due: self.due,
            }),
            _ => None,
        }
    }
}

/// Everything the year's list can show, worked out once per roster.
#[derive(Debug, Clone, PartialEq)]
pub struct YearItems {
    /// The day the list was made for.
    pub today: Date,
    /// The year of the coming sitting (this year's if it is still ahead,
    /// else next year's).
    pub sitting_year: i32,
    /// The last day whose deadlines are listed: 31 December, or
    /// [`REMINDER_HORIZON_DAYS`] ahead if that is later.
    pub until: Date,
    /// Every item, sorted by due date, kind and person id.
    pub items: Vec<YearItem>,
    /// Per person (index into `Roster::people`), the indices of the cohorts
    /// they are enrolled in.
    cohorts: Vec<Vec<usize>>,
    cohort_ids: Vec<String>,
}

/// The year's list is narrowed by these; `None` means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearFilter {
    /// Cohort id.
    pub cohort: Option<String>,
    /// Township id.
    pub township: Option<String>,
    /// Track id.
    pub track: Option<TrackId>,
    /// The level concerned.
    pub level: Option<Level>,
}

/// The overdue items of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueGroup {
    /// What is overdue.
    pub kind: ReminderKind,
    /// Indices into [`YearItems::items`], latest first.
    pub items: Vec<usize>,
}

/// What the year's list shows for a filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearView {
    /// Indices into [`YearItems::items`] still ahead, soonest first.
    pub upcoming: Vec<usize>,
    /// Overdue items not dismissed, by kind.
    pub overdue: Vec<OverdueGroup>,
    /// Overdue items passing the filter that were dismissed (hidden).
    pub dismissed: usize,
}

impl YearView {
    /// Every item shown, in the order shown: upcoming, then each overdue group.
    #[must_use]
    pub fn shown(&self) -> Vec<usize> {
        let mut out = self.upcoming.clone();
        for g in &self.overdue {
            out.extend_from_slice(&g.items);
        }
        out
    }
}

/// The day of the year's sitting.
fn sitting_day(year: i32, cfg: &RuleConfig) -> Date {
    Date {
        year,
        month: cfg.sitting_month.clamp(1, 12),
        day: 1,
    }
}

/// Order of a kind within a day: may sit, may not sit, then reminders.
fn kind_rank(k: YearKind) -> (u8, Option<ReminderKind>) {
    match k {
        YearKind::MaySit => (0, None),
        YearKind::MayNotSit => (1, None),
        YearKind::Reminder(r) => (2, Some(r)),
    }
}

/// The year's list of `roster` on `today` (`statuses` from
/// [`rules::roster_statuses`]): the reminders falling due up to the end of
/// the year (or [`REMINDER_HORIZON_DAYS`] ahead if later) and those already
/// overdue, and for each person in post the level above their highest
/// certificate with whether they may sit it at the coming sitting.
#[must_use]
pub fn year_items(
    roster: &Roster,
    statuses: &[CertStatus],
    cfg: &RuleConfig,
    today: Date,
) -> YearItems {
    let end_of_year = Date {
        year: today.year,
        month: 12,
        day: 31,
    };
    let horizon =
        Date::from_day_number(today.day_number() + REMINDER_HORIZON_DAYS).unwrap_or(end_of_year);
    let until = end_of_year.max(horizon);
    let sitting_year = super::exam_plan::coming_sitting_year(today, cfg);
    let sitting = sitting_day(sitting_year, cfg);
    // Continuing-education shortfalls are reminded whatever their day;
    // the year's list keeps what falls due within it.
    let mut items: Vec<YearItem> = reminders_until(roster, statuses, cfg, today, until)
        .into_iter()
        .filter(|r| r.due <= until)
        .map(|r| YearItem {
            person_index: r.person_index,
            person_id: r.person_id,
            kind: YearKind::Reminder(r.kind),
            level: r.level,
            due: r.due,
            text_en: r.text_en,
            text_zh: r.text_zh,
        })
        .collect();
    for (i, (p, st)) in roster.people.iter().zip(statuses).enumerate() {
        if p.exit_date().is_some_and(|d| d < today) {
            continue;
        }
        let next = match st.highest().map(|c| c.level) {
            None => Level::Assistant,
            Some(Level::Assistant) => Level::Intermediate,
            Some(Level::Intermediate) => Level::Senior,
            Some(Level::Senior) => continue,
        };
        let e = rules::eligibility(p, next, sitting_year, st, cfg);
        items.push(YearItem {
            person_index: i,
            person_id: p.id.clone(),
            kind: if e.eligible {
                YearKind::MaySit
            } else {
                YearKind::MayNotSit
            },
            level: Some(next),
            due: sitting,
            text_en: e.reason_en,
            text_zh: e.reason_zh,
        });
    }
    items.sort_by(|a, b| {
        (a.due, kind_rank(a.kind), &a.person_id).cmp(&(b.due, kind_rank(b.kind), &b.person_id))
    });
    let index = roster.id_index();
    let mut cohorts = vec![Vec::new(); roster.people.len()];
    for (c, cohort) in roster.cohorts.iter().enumerate() {
        for id in &cohort.enrolled {
            if let Some(&i) = index.get(id.as_str())
                && !cohorts[i].contains(&c)
            {
                cohorts[i].push(c);
            }
        }
    }
    YearItems {
        today,
        sitting_year,
        until,
        items,
        cohorts,
        cohort_ids: roster.cohorts.iter().map(|c| c.id.clone()).collect(),
    }
}

impl YearItems {
    /// Indices into `Roster::cohorts` of the cohorts person `i` is enrolled in.
    #[must_use]
    pub fn cohorts_of(&self, person_index: usize) -> &[usize] {
        self.cohorts.get(person_index).map_or(&[], Vec::as_slice)
    }

    /// True when item `item` passes `filter` (`roster` gives the person's
    /// township and track).
    #[must_use]
    pub fn passes(&self, item: &YearItem, roster: &Roster, filter: &YearFilter) -> bool {
        let Some(p) = roster.people.get(item.person_index) else {
            return false;
        };
        let cohort_ok = filter.cohort.as_ref().is_none_or(|id| {
            self.cohort_ids
                .iter()
                .position(|c| c == id)
                .is_some_and(|c| self.cohorts_of(item.person_index).contains(&c))
        });
        cohort_ok
            && filter.township.as_ref().is_none_or(|t| *t == p.township)
            && filter.track.as_ref().is_none_or(|t| *t == p.track)
            && filter.level.is_none_or(|l| item.level == Some(l))
    }

    /// What the list shows for `filter`: items ahead (from the list's day
    /// on) soonest first; overdue items not in `dismissed`, grouped by kind
    /// (groups in kind order), latest first; and how many passing the
    /// filter were dismissed.
    #[must_use]
    pub fn view(&self, roster: &Roster, filter: &YearFilter, dismissed: &[Dismissal]) -> YearView {
        let dismissed: BTreeSet<&Dismissal> = dismissed.iter().collect();
        let mut view = YearView::default();
        let mut groups: BTreeMap<ReminderKind, Vec<usize>> = BTreeMap::new();
        for (i, item) in self.items.iter().enumerate() {
            if !self.passes(item, roster, filter) {
                continue;
            }
            match item.dismissal(self.today) {
                None => view.upcoming.push(i),
                Some(d) if dismissed.contains(&d) => view.dismissed += 1,
                Some(d) => groups.entry(d.kind).or_default().push(i),
            }
        }
        for (kind, mut items) in groups {
            // Items are sorted by due date; latest first, ties by person id.
            items.sort_by(|&a, &b| {
                let (a, b) = (&self.items[a], &self.items[b]);
                b.due
                    .cmp(&a.due)
                    .then_with(|| a.person_id.cmp(&b.person_id))
            });
            view.overdue.push(OverdueGroup { kind, items });
        }
        view
    }
}

impl Roster {
    /// Keeps `d` among the dismissed items (once); returns true if it was new.
    pub fn dismiss(&mut self, d: Dismissal) -> bool {
        match self.dismissed.binary_search(&d) {
            Ok(_) => false,
            Err(at) => {
                self.dismissed.insert(at, d);
                true
            }
        }
    }

    /// Shows every dismissed item again; returns how many there were.
    pub fn restore_dismissed(&mut self) -> usize {
        let n = self.dismissed.len();
        self.dismissed.clear();
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::doc::{Education, Employment, Major, Person, from_ron_str};
    use crate::roster::views::reminders;
    use proptest::prelude::*;

    fn day(year: i32, month: u32, day: u32) -> Date {
        Date { year, month, day }
    }

    fn example() -> Roster {
        from_ron_str(include_str!("../../saves/example_roster.ron"))
            .map(|(r, _)| r)
            .unwrap_or_default()
    }

    fn cfg() -> RuleConfig {
        RuleConfig {
            certify_within_months: Some(24),
            ..RuleConfig::default()
        }
    }

    fn items_of(roster: &Roster, today: Date) -> YearItems {
        let cfg = cfg();
        let st = rules::roster_statuses(roster, &cfg);
        year_items(roster, &st, &cfg, today)
    }

    #[test]
    fn the_year_lists_deadlines_to_the_end_of_the_year_not_only_ninety_days() {
        let r = example();
        assert!(!r.people.is_empty());
        let today = day(2026, 3, 1);
        let cfg = cfg();
        let st = rules::roster_statuses(&r, &cfg);
        let year = year_items(&r, &st, &cfg, today);
        assert_eq!(year.until, day(2026, 12, 31));
        assert_eq!(year.sitting_year, 2026);
        let short = reminders(&r, &st, &cfg, today);
        let ahead_short = short.iter().filter(|x| x.due >= today).count();
        let ahead_year = year
            .items
            .iter()
            .filter(|x| matches!(x.kind, YearKind::Reminder(_)) && x.due >= today)
            .count();
        assert!(ahead_year >= ahead_short);
        assert!(
            year.items
                .iter()
                .filter(|x| x.due >= today)
                .all(|x| x.due <= year.until)
        );
    }

    #[test]
    fn everyone_in_post_below_senior_has_a_sitting_verdict_with_a_reason_when_refused() {
        let r = example();
        let today = day(2026, 3, 1);
        let year = items_of(&r, today);
        let cfg = cfg();
        let st = rules::roster_statuses(&r, &cfg);
        for (i, p) in r.people.iter().enumerate() {
            let verdicts: Vec<&YearItem> = year
                .items
                .iter()
                .filter(|x| {
                    x.person_index == i && matches!(x.kind, YearKind::MaySit | YearKind::MayNotSit)
                })
                .collect();
            let senior = st[i].highest().is_some_and(|c| c.level == Level::Senior);
            let left = p.exit_date().is_some_and(|d| d < today);
            assert_eq!(verdicts.len(), usize::from(!senior && !left), "{}", p.id);
            for v in verdicts {
                assert_eq!(v.due, day(2026, 6, 1));
                if v.kind == YearKind::MayNotSit {
                    assert!(!v.text_en.is_empty() && !v.text_zh.is_empty());
                }
            }
        }
        assert!(year.items.iter().any(|x| x.kind == YearKind::MaySit));
        assert!(year.items.iter().any(|x| x.kind == YearKind::MayNotSit));
    }

    #[test]
    fn after_the_sitting_the_verdicts_are_for_next_year() {
        let year = items_of(&example(), day(2026, 12, 6));
        assert_eq!(year.sitting_year, 2027);
        assert_eq!(year.until, day(2027, 3, 6));
    }

    #[test]
    fn upcoming_come_soonest_first_and_overdue_are_grouped_latest_first() {
        let r = example();
        let today = day(2026, 3, 1);
        let year = items_of(&r, today);
        let v = year.view(&r, &YearFilter::default(), &[]);
        assert!(!v.upcoming.is_empty() && !v.overdue.is_empty());
        let due = |i: usize| year.items[i].due;
        assert!(v.upcoming.windows(2).all(|w| due(w[0]) <= due(w[1])));
        assert!(v.upcoming.iter().all(|&i| due(i) >= today));
        let mut kinds = Vec::new();
        for g in &v.overdue {
            kinds.push(g.kind);
            assert!(g.items.iter().all(|&i| due(i) < today));
            assert!(
                g.items
                    .iter()
                    .all(|&i| year.items[i].kind == YearKind::Reminder(g.kind))
            );
            assert!(g.items.windows(2).all(|w| due(w[0]) >= due(w[1])));
        }
        let mut sorted = kinds.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(kinds, sorted);
        assert_eq!(v.shown().len(), year.items.len());
    }

    #[test]
    fn a_dismissal_hides_one_overdue_item_and_survives_a_save_and_reload() {
        let mut r = example();
        let today = day(2026, 3, 1);
        let year = items_of(&r, today);
        let before = year.view(&r, &YearFilter::default(), &r.dismissed);
        let first = before.overdue[0].items[0];
        let d = year.items[first].dismissal(today).unwrap_or_else(|| {
            panic!("an overdue item can be dismissed");
        });
        assert!(r.dismiss(d.clone()));
        assert!(
            !r.dismiss(d),
            "a second dismissal of the same item is no change"
        );
        let text = crate::roster::doc::to_ron_string(&r).unwrap_or_default();
        let (back, _) = from_ron_str(&text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back.dismissed, r.dismissed);
        let after = year.view(&back, &YearFilter::default(), &back.dismissed);
        assert_eq!(after.dismissed, 1);
        assert_eq!(after.shown().len() + 1, before.shown().len());
        assert!(!after.shown().contains(&first));
        assert_eq!(after.upcoming, before.upcoming);
        assert_eq!(r.restore_dismissed(), 1);
        assert_eq!(year.view(&r, &YearFilter::default(), &r.dismissed), before);
    }

    #[test]
    fn upcoming_items_cannot_be_dismissed() {
        let r = example();
        let today = day(2026, 3, 1);
        let year = items_of(&r, today);
        for it in year.items.iter().filter(|x| x.due >= today) {
            assert_eq!(it.dismissal(today), None);
        }
    }

    #[test]
    fn a_roster_file_without_dismissals_still_loads_and_saves_without_them() {
        let r = example();
        assert!(r.dismissed.is_empty());
        let text = crate::roster::doc::to_ron_string(&r).unwrap_or_default();
        assert!(!text.contains("dismissed"));
    }

    #[test]
    fn filters_by_township_track_cohort_and_level_narrow_to_matching_people() {
        let r = example();
        let today = day(2026, 3, 1);
        let year = items_of(&r, today);
        let all = year.view(&r, &YearFilter::default(), &[]).shown();
        let cohort = &r.cohorts[0];
        let filters = [
            YearFilter {
                township: Some(r.people[3].township.clone()),
                ..YearFilter::default()
            },
            YearFilter {
                track: Some(TrackId::professional()),
                ..YearFilter::default()
            },
            YearFilter {
                cohort: Some(cohort.id.clone()),
                ..YearFilter::default()
            },
            YearFilter {
                level: Some(Level::Intermediate),
                ..YearFilter::default()
            },
        ];
        for f in filters {
            let shown = year.view(&r, &f, &[]).shown();
            assert!(!shown.is_empty() && shown.len() < all.len(), "{f:?}");
            for i in shown {
                let it = &year.items[i];
                let p = &r.people[it.person_index];
                if let Some(t) = &f.township {
                    assert_eq!(&p.township, t);
                }
                if let Some(t) = &f.track {
                    assert_eq!(&p.track, t);
                }
                if let Some(l) = f.level {
                    assert_eq!(it.level, Some(l));
                }
                if f.cohort.is_some() {
                    assert!(cohort.enrolled.contains(&p.id));
                }
            }
        }
    }

    fn person(id: usize, hired: Date) -> Person {
        Person {
            id: format!("X{id:03}"),
            name: format!("人{id}"),
            gender: None,
            birth_year: None,
            township: "t01".into(),
            village: String::new(),
            track: TrackId::local(),
            education: Education::Bachelor,
            major: Major::Other,
            sw_start_date: Some(hired),
            hire_date: Some(hired),
            station: String::new(),
            employment: Employment::Active,
        }
    }

    proptest! {
        /// Whatever the hires and the day, every item is ahead or overdue,
        /// shown once, and dismissing every overdue item leaves only what
        /// is ahead.
        #[test]
        fn every_item_is_shown_once_and_dismissing_all_overdue_leaves_what_is_ahead(
            hires in proptest::collection::vec((2015i32..2027, 1u32..13), 0..20),
            (y, m) in (2020i32..2030, 1u32..13),
        ) {
            let mut r = Roster::new("", Vec::new());
            r.people = hires
                .iter()
                .enumerate()
                .map(|(i, &(hy, hm))| person(i, day(hy, hm, 1)))
                .collect();
            let today = day(y, m, 15);
            let year = items_of(&r, today);
            let view = year.view(&r, &YearFilter::default(), &[]);
            let mut shown = view.shown();
            prop_assert_eq!(shown.len(), year.items.len());
            shown.sort_unstable();
            shown.dedup();
            prop_assert_eq!(shown.len(), year.items.len());
            for &i in &view.upcoming {
                prop_assert!(year.items[i].due >= today || year.items[i].dismissal(today).is_none());
            }
            for g in &view.overdue {
                for &i in &g.items {
                    prop_assert!(r.dismiss(year.items[i].dismissal(today).unwrap_or_else(|| panic!("overdue"))));
                }
            }
            let after = year.view(&r, &YearFilter::default(), &r.dismissed);
            prop_assert!(after.overdue.is_empty());
            prop_assert_eq!(after.upcoming, view.upcoming);
            prop_assert_eq!(after.dismissed, r.dismissed.len());
        }
    }
}
