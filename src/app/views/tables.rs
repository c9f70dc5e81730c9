//! The table views (metrics, channels, objectives, and the conflicts that share their shape):
//! the order each lists its rows in, and the keys that add, edit and delete a row.

use super::{View, conflicts, select};
use crate::app::action::Action;
use crate::app::outcome::{Given, Outcome};
use crate::app::subject::Subject;
use crate::model::edit::Removal;
use crate::model::{Id, Workspace};

/// A table view and its selected row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TableState {
    pub view: View,
    pub selected: usize,
}

/// The channels in the order the view lists them: paid, owned, earned.
pub fn channel_order(ws: &Workspace) -> Vec<Id> {
    ws.channels_by_media().map(|c| c.id).collect()
}

impl TableState {
    pub fn new(view: View) -> TableState {
        TableState { view, selected: 0 }
    }

    /// How many rows the table lists.
    pub fn len(&self, ws: &Workspace) -> usize {
        match self.view {
            View::Metrics => ws.metrics().len(),
            View::Channels => ws.channels().len(),
            View::Conflicts => ws.conflicts().len(),
            _ => ws.objectives().len(),
        }
    }

    /// Keeps the selection on a row after rows went.
    pub fn refresh(&mut self, given: &Given) {
        self.selected = self.selected.min(self.len(given.ws).saturating_sub(1));
    }

    /// Add, edit or delete the selected row of the metrics, channels or objectives table; open
    /// a KPI's history.
    pub fn handle(&mut self, action: Action, given: &Given) -> Outcome {
        let len = self.len(given.ws);
        if select(&mut self.selected, len, action) {
            return Outcome::Done;
        }
        if self.view == View::Conflicts {
            return conflicts::handle(self.selected, action, given);
        }
        let ws = given.ws;
        let id = match self.view {
            View::Metrics => ws.metric_by_level(self.selected).map(|m| m.id),
            View::Channels => channel_order(ws).get(self.selected).copied(),
            _ => ws.objectives().at(self.selected).map(|o| o.id),
        };
        let (new, edit, remove) = match self.view {
            View::Metrics => (
                Subject::Metric(None),
                Subject::Metric(id),
                id.map(Removal::Metric),
            ),
            View::Channels => (
                Subject::Channel(None),
                Subject::Channel(id),
                id.map(Removal::Channel),
            ),
            _ => (
                Subject::Objective(None),
                Subject::Objective(id),
                id.map(Removal::Objective),
            ),
        };
        match (action, remove) {
            (Action::Open, Some(Removal::Metric(id))) => Outcome::OpenHistory(id),
            (Action::Add, _) => Outcome::Form(new),
            (Action::Edit, Some(_)) => Outcome::Form(edit),
            (Action::Delete, Some(removal)) => Outcome::Ask(removal),
            (Action::Open | Action::Edit | Action::Delete, None) => Outcome::Done,
            _ => Outcome::Ignored,
        }
    }
}
