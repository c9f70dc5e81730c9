//! The items of one cell of the content map: the selected item, and the keys that add, edit,
//! delete an item, measure it or move its status on.

use crate::app::action::Action;
use crate::app::edits;
use crate::app::list::moved;
use crate::app::outcome::{Given, Outcome};
use crate::app::subject::{Entry, Subject};
use crate::model::Id;
use crate::model::duplicate;
use crate::model::edit::Removal;

/// A cell's items, one of them selected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CellItems {
    pub step: Id,
    pub content_type: Id,
    /// The selected item's place in the cell's list (clamped when drawn and used).
    pub selected: usize,
}

/// How far a page key moves in the list of a cell's items.
const PAGE: usize = 10;

impl CellItems {
    pub fn new(step: Id, content_type: Id) -> CellItems {
        CellItems {
            step,
            content_type,
            selected: 0,
        }
    }

    pub fn handle(&mut self, action: Action, given: &Given) -> Outcome {
        let items = given.ws.cell_items(self.step, self.content_type);
        let selected = items.get(self.selected).map(|item| item.id);
        let item = |id: Option<Id>| Subject::Item {
            id,
            content_type: self.content_type,
            step: Some(self.step),
            date: None,
        };
        match (action, selected) {
            (action, _) if action.moves_in_list() => {
                self.selected = moved(self.selected, items.len(), action, PAGE);
                Outcome::Done
            }
            (Action::Add, _) => Outcome::Form(item(None)),
            (Action::Open, Some(id)) => Outcome::OpenCard(Entry::Item(id)),
            (Action::Edit, Some(id)) => Outcome::Form(item(Some(id))),
            (Action::Delete, Some(id)) => Outcome::Ask(Removal::Item(id)),
            (Action::Duplicate, Some(id)) => {
                Outcome::edit(move |ws| duplicate::duplicate_item(ws, id))
            }
            (Action::AddMetric, Some(id)) => Outcome::Form(Subject::ItemMetric(id)),
            (Action::CycleStatus, Some(id)) => edits::cycle_status(given.ws, id),
            (
                Action::Edit
                | Action::Open
                | Action::Delete
                | Action::Duplicate
                | Action::AddMetric,
                None,
            )
            | (Action::CycleStatus, None) => Outcome::Done,
            _ => Outcome::Ignored,
        }
    }
}
