//! The persona list: select, add, edit, delete and reorder personas.

use super::{Layout, Selection};
use crate::app::action::Action;
use crate::app::list::moved;
use crate::app::outcome::{Given, Outcome};
use crate::app::subject::{Entry, Subject};
use crate::model::Persona;
use crate::model::duplicate;
use crate::model::edit::{self, Removal};

pub fn handle(
    action: Action,
    selection: &mut Selection,
    given: &Given,
    layout: &Layout,
) -> Outcome {
    let ws = given.ws;
    let selected = selection.persona(ws);
    match (action, selected) {
        (action, _) if action.moves_in_list() => {
            let before = selection.persona;
            selection.persona = moved(before, ws.personas().len(), action, layout.persona_rows);
            if before != selection.persona {
                // Another persona: its journeys start from the first.
                selection.journey = 0;
                selection.step = 0;
            }
            Outcome::Done
        }
        (Action::Add, _) => Outcome::Form(Subject::Persona(None)),
        (Action::Open, Some(id)) => Outcome::OpenCard(Entry::Persona(id)),
        (Action::Edit, Some(id)) => Outcome::Form(Subject::Persona(Some(id))),
        (Action::Delete, Some(id)) => Outcome::Ask(Removal::Persona(id)),
        (Action::Duplicate, Some(id)) => {
            Outcome::edit(move |ws| duplicate::duplicate_persona(ws, id))
        }
        (Action::MoveBack | Action::MoveForward, Some(id)) => {
            let by = if action == Action::MoveBack { -1 } else { 1 };
            Outcome::edit(move |ws| edit::shift::<Persona>(ws, id, by))
        }
        _ => Outcome::Ignored,
    }
}
