//! The journey board: the selected journey's steps across, with their emotions; select, add,
//! edit, delete and reorder steps, and edit the journey itself.

use super::{Layout, Selection, move_step};
use crate::app::action::Action;
use crate::app::keymap::Context;
use crate::app::outcome::{Given, Outcome};
use crate::app::subject::{Entry, Subject};
use crate::model::duplicate;
use crate::model::edit::{self, Removal};

pub fn handle(
    action: Action,
    selection: &mut Selection,
    given: &Given,
    layout: &Layout,
) -> Outcome {
    let ws = given.ws;
    let Some(journey) = selection.journey(ws) else {
        return match action {
            Action::Add => Outcome::Tell(no_journey(given)),
            _ => Outcome::Ignored,
        };
    };
    let journey = journey.id;
    let step = selection.step(ws);
    match (action, step) {
        (
            Action::Left
            | Action::Right
            | Action::First
            | Action::Last
            | Action::PageUp
            | Action::PageDown,
            _,
        ) => {
            move_step(selection, ws, action, layout.board_columns);
            Outcome::Done
        }
        (Action::Add, _) => Outcome::Form(Subject::Step {
            journey,
            id: None,
            at: if selection.steps(ws) == 0 {
                0
            } else {
                selection.step + 1
            },
        }),
        (Action::Open, Some(id)) => Outcome::OpenCard(Entry::Step { journey, id }),
        (Action::Edit, Some(id)) => Outcome::Form(Subject::Step {
            journey,
            id: Some(id),
            at: 0,
        }),
        (Action::EditOuter, _) => Outcome::Form(Subject::Journey {
            id: Some(journey),
            persona: None,
        }),
        (Action::Delete, Some(id)) => Outcome::Ask(Removal::Step(id)),
        (Action::Duplicate, Some(id)) => Outcome::edit(move |ws| duplicate::duplicate_step(ws, id)),
        (Action::MoveBack | Action::MoveForward, Some(id)) => {
            let by = if action == Action::MoveBack { -1 } else { 1 };
            Outcome::edit(move |ws| edit::shift_step(ws, id, by))
        }
        (Action::Emotion(score), Some(id)) => {
            let score = (score > 0).then_some(score);
            Outcome::edit(move |ws| edit::set_emotion(ws, id, score))
        }
        _ => Outcome::Ignored,
    }
}

/// Steps belong to a journey: where to make one first.
fn no_journey(given: &Given) -> String {
    match given.keymap.key_for(Context::Journeys, Action::Add) {
        Some(key) => format!("add a journey first (Journeys pane, {key})"),
        None => "add a journey first (Journeys pane)".into(),
    }
}
