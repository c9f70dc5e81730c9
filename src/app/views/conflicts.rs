//! The merge conflicts view: settling the selected conflict with one side, and going to its
//! entry (to edit it by hand).

use crate::app::action::Action;
use crate::app::outcome::{Given, Landed, Outcome};
use crate::model::search::Target;
use crate::model::{Conflict, Pick, edit};

/// Settles the conflict at `at` with our side's value or theirs, or goes to its entry.
pub fn handle(at: usize, action: Action, given: &Given) -> Outcome {
    let conflicts = given.ws.conflicts();
    match action {
        Action::KeepOurs | Action::KeepTheirs => {
            let pick = if action == Action::KeepOurs {
                Pick::Ours
            } else {
                Pick::Theirs
            };
            let landed = if conflicts.len() <= 1 {
                Landed::Tell("every conflict is settled")
            } else {
                Landed::Nothing
            };
            Outcome::Edit(
                Box::new(move |ws| edit::resolve_conflict(ws, at, pick)),
                landed,
            )
        }
        Action::Jump => match conflicts.get(at).and_then(conflict_target) {
            Some(target) => Outcome::Jump(target),
            None => Outcome::Done,
        },
        _ => Outcome::Ignored,
    }
}

/// Where a conflict's entry is shown, when it still exists.
fn conflict_target(conflict: &Conflict) -> Option<Target> {
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
