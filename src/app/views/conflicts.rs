//! The merge conflicts view: settling the selected conflict with one side, and going to its
//! entry (to edit it by hand).

use crate::app::action::Action;
use crate::app::outcome::{Given, Landed, Outcome};
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
        Action::Jump => match conflicts.get(at).and_then(Conflict::target) {
            Some(target) => Outcome::Jump(target),
            None => Outcome::Done,
        },
        _ => Outcome::Ignored,
    }
}
