//! The merge conflicts view: settling the selected conflict with one side, and where each
//! conflict's entry is shown, for Enter.

use super::{Action, App};
use crate::model::edit;
use crate::model::search::Target;
use crate::model::{Conflict, Pick};

impl App {
    /// Settles the selected conflict with our side's value or theirs.
    pub(super) fn settle_conflict(&mut self, action: Action) {
        let Some((_, at)) = self.table() else {
            return;
        };
        if self.refuse_if_read_only() {
            return;
        }
        let pick = if action == Action::KeepOurs {
            Pick::Ours
        } else {
            Pick::Theirs
        };
        self.try_edit(|ws| edit::resolve_conflict(ws, at, pick));
        let left = self.ws.conflicts().len();
        self.select_table_row(at.min(left.saturating_sub(1)));
        if left == 0 {
            self.tell("every conflict is settled".into());
        }
    }
}

/// Where a conflict's entry is shown, when it still exists.
pub(super) fn conflict_target(conflict: &Conflict) -> Option<Target> {
    let id = conflict.id;
    Some(match conflict.kind.as_str() {
        "objectives" => Target::Objective(id),
        "channels" => Target::Channel(id),
        "personas" => Target::Persona(id),
        "content_types" => Target::ContentType(id),
        "journeys" => Target::Journey(id),
        "steps" | "mappings" => Target::Step(id),
        "items" => Target::Item(id),
        "metrics" => Target::Metric(id),
        _ => return None,
    })
}
