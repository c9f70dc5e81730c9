//! The journeys of the selected persona: select, add, edit, delete and reorder them.

use super::{Layout, Selection};
use crate::app::action::Action;
use crate::app::list::moved;
use crate::app::outcome::{Choices, Given, Outcome};
use crate::app::subject::Subject;
use crate::model::Journey;
use crate::model::duplicate;
use crate::model::edit::{self, Removal};

pub fn handle(
    action: Action,
    selection: &mut Selection,
    given: &Given,
    layout: &Layout,
) -> Outcome {
    let ws = given.ws;
    let listed = selection.journeys(ws);
    let at = selection.journey;
    let selected = listed.get(at).map(|j| j.id);
    match (action, selected) {
        (action, _) if action.moves_in_list() => {
            selection.journey = moved(at, listed.len(), action, layout.journey_rows);
            if at != selection.journey {
                selection.step = 0;
            }
            Outcome::Done
        }
        (Action::Add, _) => Outcome::Form(Subject::Journey {
            id: None,
            persona: selection.persona(ws),
        }),
        (Action::Edit | Action::Open, Some(id)) => Outcome::Form(Subject::Journey {
            id: Some(id),
            persona: None,
        }),
        (Action::Delete, Some(id)) => Outcome::Ask(Removal::Journey(id)),
        (Action::Compare, Some(_)) if ws.journeys().len() < 2 => {
            Outcome::Tell("there is no other journey to compare this one with".into())
        }
        (Action::Compare, Some(id)) => Outcome::Pick(Choices::CompareWith(id)),
        (Action::Duplicate, Some(id)) => {
            Outcome::edit(move |ws| duplicate::duplicate_journey(ws, id))
        }
        // Journeys move among all journeys, to the place of the neighbour in this persona's
        // list.
        (Action::MoveBack | Action::MoveForward, Some(id)) => {
            let neighbour = match action {
                Action::MoveBack if at > 0 => listed.get(at - 1),
                Action::MoveForward => listed.get(at + 1),
                _ => None,
            };
            let Some(neighbour) = neighbour else {
                return Outcome::Done;
            };
            let to = ws.journeys().position(neighbour.id).unwrap_or(0);
            Outcome::edit(move |ws| edit::relocate::<Journey>(ws, id, to))
        }
        _ => Outcome::Ignored,
    }
}
