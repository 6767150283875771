//! Undo and redo of scenario edits.

use super::background::drop_later;
use crate::model::scenario::Scenario;
use std::sync::Arc;

/// Consecutive edits of one field closer than this (seconds) form one undo step.
const COALESCE_SECS: f64 = 1.0;

/// Undo steps kept.
const MAX_UNDO: usize = 200;

/// Undo steps kept for big documents (each step holds a whole scenario).
const MAX_UNDO_BIG: usize = 16;

/// Scenario equality that looks at the parts edits usually touch first, so
/// an edited lever is told apart without walking half a million villages.
fn same_scenario(a: &Scenario, b: &Scenario) -> bool {
    // The shared township and stock lists are compared by address first:
    // an edit elsewhere keeps them shared, and comparing half a million
    // villages would cost a frame.
    fn same<T: PartialEq>(x: &Arc<T>, y: &Arc<T>) -> bool {
        Arc::ptr_eq(x, y) || x == y
    }
    fn rest(s: &Scenario) -> Scenario {
        let mut c = s.clone();
        c.county.townships = Arc::default();
        c.initial_stock = Arc::default();
        c
    }
    a.levers == b.levers
        && a.budget == b.budget
        && a.horizon_years == b.horizon_years
        && a.stages == b.stages
        && a.recruitment == b.recruitment
        && a.need == b.need
        && a.retention == b.retention
        && rest(a) == rest(b)
        && same(&a.county.townships, &b.county.townships)
        && same(&a.initial_stock, &b.initial_stock)
}

/// One undo step: the field edited, the scenario before, and when (UI
/// clock, seconds) the step was last extended.
struct Step {
    field: String,
    before: Scenario,
    at: f64,
}

/// Undo and redo stacks of one plan. Consecutive edits of one field closer
/// than [`COALESCE_SECS`] (a slider drag) form one step; big documents keep
/// fewer steps, as each holds a whole scenario.
#[derive(Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Scenario>,
}

impl History {
    /// Puts `new` in place of `current` as an edit of `field`; false (and
    /// nothing recorded) when `new` is the same scenario.
    pub fn edit(
        &mut self,
        current: &mut Scenario,
        field: String,
        new: Scenario,
        now: f64,
        big: bool,
    ) -> bool {
        if same_scenario(&new, current) {
            return false;
        }
        let coalesce = self.redo.is_empty()
            && self
                .undo
                .last()
                .is_some_and(|s| s.field == field && now - s.at < COALESCE_SECS);
        let before = std::mem::replace(current, new);
        if coalesce {
            if let Some(last) = self.undo.last_mut() {
                last.at = now;
            }
        } else {
            self.undo.push(Step {
                field,
                before,
                at: now,
            });
            let limit = if big { MAX_UNDO_BIG } else { MAX_UNDO };
            if self.undo.len() > limit {
                let dropped: Vec<Scenario> = self
                    .undo
                    .drain(..self.undo.len() - limit)
                    .map(|s| s.before)
                    .collect();
                drop_later(dropped);
            }
        }
        if !self.redo.is_empty() {
            drop_later(std::mem::take(&mut self.redo));
        }
        true
    }

    /// Steps `current` back one edit; false when there is none.
    pub fn undo(&mut self, current: &mut Scenario) -> bool {
        let Some(step) = self.undo.pop() else {
            return false;
        };
        let after = std::mem::replace(current, step.before);
        self.redo.push(after);
        true
    }

    /// Steps `current` forward one undone edit; false when there is none.
    pub fn redo(&mut self, current: &mut Scenario) -> bool {
        let Some(after) = self.redo.pop() else {
            return false;
        };
        let before = std::mem::replace(current, after);
        self.undo.push(Step {
            field: "redo".into(),
            before,
            at: f64::NEG_INFINITY,
        });
        true
    }

    /// Undo steps available.
    #[must_use]
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// True when a step can be undone.
    #[must_use]
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// True when a step can be redone.
    #[must_use]
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}
