//! Two journeys side by side: the comparison [`compare`] works out, kept while the view is
//! open and worked out again when the workspace changes (never per frame), and the step row
//! selected, which the view keeps in sight.

use super::select;
use crate::app::action::Action;
use crate::app::outcome::{Given, Outcome};
use crate::model::Id;
use crate::model::compare::{Comparison, compare};

#[derive(Debug)]
pub struct CompareState {
    /// The journeys compared: A, then B.
    pub journeys: [Id; 2],
    /// `None` once either journey is gone (deleted, or a reload took it away).
    pub comparison: Option<Comparison>,
    /// The step row selected (a position in the journeys).
    pub selected: usize,
}

impl CompareState {
    pub fn open(a: Id, b: Id, given: &Given) -> CompareState {
        CompareState {
            journeys: [a, b],
            comparison: compare(given.ws, a, b),
            selected: 0,
        }
    }

    pub fn handle(&mut self, action: Action, _given: &Given) -> Outcome {
        let rows = self.comparison.as_ref().map_or(0, |c| c.rows.len());
        if select(&mut self.selected, rows, action) {
            Outcome::Done
        } else {
            Outcome::Ignored
        }
    }

    /// Works the comparison out again after the workspace changed.
    pub fn refresh(&mut self, given: &Given) {
        let [a, b] = self.journeys;
        self.comparison = compare(given.ws, a, b);
        let rows = self.comparison.as_ref().map_or(0, |c| c.rows.len());
        self.selected = self.selected.min(rows.saturating_sub(1));
    }
}
