//! The table views (metrics, channels, objectives, and the conflicts that share their shape):
//! the order each lists its rows in, and the keys that add, edit and delete a row.

use super::{Action, App, Subject, View};
use crate::model::Id;
use crate::model::Level;
use crate::model::edit::Removal;

/// The metrics in the order the view lists them: by level, then workspace order.
pub fn metric_order(app: &App) -> Vec<Id> {
    Level::ALL
        .iter()
        .flat_map(|level| {
            app.ws
                .metrics()
                .iter()
                .filter(move |m| m.level == *level)
                .map(|m| m.id)
        })
        .collect()
}

/// The channels in the order the view lists them: paid, owned, earned.
pub fn channel_order(app: &App) -> Vec<Id> {
    app.ws.channels_by_media().map(|c| c.id).collect()
}

impl App {
    /// Add, edit or delete the selected row of the metrics, channels or objectives table.
    pub(super) fn table_edit(&mut self, action: Action) {
        let Some((view, selected)) = self.table() else {
            return;
        };
        if self.refuse_if_read_only() {
            return;
        }
        let id = match view {
            View::Metrics => metric_order(self).get(selected).copied(),
            View::Channels => channel_order(self).get(selected).copied(),
            _ => self.ws.objectives().at(selected).map(|o| o.id),
        };
        match (view, action, id) {
            (View::Metrics, Action::Add, _) => self.open_form(Subject::Metric(None)),
            (View::Metrics, Action::Edit, Some(id)) => self.open_form(Subject::Metric(Some(id))),
            (View::Metrics, Action::Delete, Some(id)) => self.ask_delete(Removal::Metric(id)),
            (View::Channels, Action::Add, _) => self.open_form(Subject::Channel(None)),
            (View::Channels, Action::Edit, Some(id)) => self.open_form(Subject::Channel(Some(id))),
            (View::Channels, Action::Delete, Some(id)) => self.ask_delete(Removal::Channel(id)),
            (_, Action::Add, _) => self.open_form(Subject::Objective(None)),
            (_, Action::Edit, Some(id)) => self.open_form(Subject::Objective(Some(id))),
            (_, Action::Delete, Some(id)) => self.ask_delete(Removal::Objective(id)),
            _ => {}
        }
    }

    pub(super) fn select_table_row(&mut self, at: usize) {
        if let Some(selected) = self.table_selected_mut() {
            *selected = at;
        }
    }
}
