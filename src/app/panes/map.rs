//! The content map: content types down, the selected journey's steps across. Select a cell,
//! open its items, map or unmap it, add an item to it, and add, edit, delete or reorder the
//! content types.

use super::{Layout, Selection, move_step};
use crate::app::action::Action;
use crate::app::keymap::{self, Context, Key};
use crate::app::list::moved;
use crate::app::outcome::{Choices, Given, Outcome};
use crate::app::subject::Subject;
use crate::model::ContentType;
use crate::model::duplicate;
use crate::model::edit::{self, ItemsOfType, Removal};

pub fn handle(
    action: Action,
    selection: &mut Selection,
    given: &Given,
    layout: &Layout,
) -> Outcome {
    let ws = given.ws;
    let cell = selection.step(ws).zip(selection.content_type(ws));
    let content_type = selection.content_type(ws);
    match (action, cell) {
        (Action::Left | Action::Right, _) => {
            move_step(selection, ws, action, 1);
            Outcome::Done
        }
        (action, _) if action.moves_in_list() => {
            let types = ws.content_types().len();
            selection.content_type = moved(selection.content_type, types, action, layout.grid_rows);
            Outcome::Done
        }
        (Action::Open, Some((step, content_type))) => Outcome::OpenCell { step, content_type },
        (Action::ToggleMap, Some((step, content_type))) => {
            let unmap = Removal::Unmap { step, content_type };
            if !ws.cell_item_ids(step, content_type).is_empty() {
                // Its items lose this step: ask, as a deletion does.
                Outcome::Ask(unmap)
            } else if ws.cell(step, content_type).mapped {
                Outcome::edit(move |ws| unmap.apply(ws))
            } else {
                Outcome::edit(move |ws| edit::map(ws, step, content_type))
            }
        }
        (Action::Add, Some((step, content_type))) => Outcome::Form(Subject::Item {
            id: None,
            content_type,
            step: Some(step),
            date: None,
        }),
        (Action::AddOuter, _) => Outcome::Form(Subject::ContentType(None)),
        (Action::Filters, _) => Outcome::Pick(Choices::MapFilters),
        _ => match (action, content_type) {
            (Action::EditOuter, Some(id)) => Outcome::Form(Subject::ContentType(Some(id))),
            (Action::Duplicate, Some(id)) => {
                Outcome::edit(move |ws| duplicate::duplicate_content_type(ws, id))
            }
            (Action::DeleteOuter, Some(id)) => {
                Outcome::Ask(Removal::ContentType(id, ItemsOfType::Delete))
            }
            (Action::MoveBack | Action::MoveForward, Some(id)) => {
                let by = if action == Action::MoveBack { -1 } else { 1 };
                Outcome::edit(move |ws| edit::shift::<ContentType>(ws, id, by))
            }
            (Action::Open | Action::ToggleMap | Action::Add, _) => Outcome::Done,
            _ => Outcome::Ignored,
        },
    }
}

/// What a key the map does not bind says, when it has a meaning elsewhere worth explaining:
/// the delete key deletes the selection everywhere else, but here the selection is a cell,
/// which is unmapped rather than deleted, and its content type has a key of its own. Saying so
/// beats doing nothing, and keeps one meaning per key.
pub fn unbound(pressed: Key, given: &Given) -> Option<String> {
    if !given.keymap.deletes_somewhere(pressed) {
        return None;
    }
    let clauses: Vec<String> = [
        (Action::DeleteOuter, "deletes the content type"),
        (Action::ToggleMap, "unmaps the cell"),
    ]
    .into_iter()
    .filter_map(|(action, words)| given.keymap.hint(Context::Grid, action, words))
    .collect();
    let mut text = format!("{} deletes nothing in the map", keymap::label(pressed));
    if !clauses.is_empty() {
        text = format!("{text}: {}", clauses.join(", "));
    }
    Some(text)
}
