//! A KPI's history: its measurements over time, newest first, and the keys that add, edit and
//! delete one. It opens over the metrics view and closes back onto it.

use crate::app::action::Action;
use crate::app::list::moved;
use crate::app::outcome::{Given, Outcome};
use crate::app::subject::Subject;
use crate::model::edit::Removal;
use crate::model::{Date, Id, Workspace};

/// The measurements of one KPI, one of them selected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KpiHistory {
    pub metric: Id,
    /// The selected row, newest first (clamped when drawn and used).
    pub selected: usize,
}

/// How far a page key moves in the list of measurements.
const PAGE: usize = 10;

impl KpiHistory {
    pub fn new(metric: Id) -> KpiHistory {
        KpiHistory {
            metric,
            selected: 0,
        }
    }

    /// The date of the measurement on row `row`, rows counted newest first.
    pub fn date_at(&self, ws: &Workspace, row: usize) -> Option<Date> {
        let measurements = &ws.metrics().get(self.metric)?.measurements;
        let at = measurements.len().checked_sub(row + 1)?;
        Some(measurements[at].on)
    }

    /// Selects the measurement of a date (one just added or moved there).
    pub fn select(&mut self, ws: &Workspace, on: Date) {
        let Some(metric) = ws.metrics().get(self.metric) else {
            return;
        };
        if let Some(at) = metric.measurements.iter().position(|m| m.on == on) {
            self.selected = metric.measurements.len() - 1 - at;
        }
    }

    pub fn handle(&mut self, action: Action, given: &Given) -> Outcome {
        let Some(metric) = given.ws.metrics().get(self.metric) else {
            // The KPI was deleted meanwhile (an undo, a reload): nothing left to show.
            return Outcome::Close;
        };
        let len = metric.measurements.len();
        if action.moves_in_list() {
            self.selected = moved(self.selected, len, action, PAGE);
            return Outcome::Done;
        }
        let selected = self.date_at(given.ws, self.selected.min(len.saturating_sub(1)));
        let metric = self.metric;
        match (action, selected) {
            (Action::Add, _) => Outcome::Form(Subject::Measurement { metric, on: None }),
            (Action::Edit, Some(on)) => Outcome::Form(Subject::Measurement {
                metric,
                on: Some(on),
            }),
            (Action::Delete, Some(on)) => Outcome::Ask(Removal::Measurement { metric, on }),
            (Action::Edit | Action::Delete, None) => Outcome::Done,
            _ => Outcome::Ignored,
        }
    }
}
