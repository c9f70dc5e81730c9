//! The workspace's own fields, in their order: add, rename, move up or down (undoable) and
//! delete (asks, counting the values that go with it).

use super::select;
use crate::app::action::Action;
use crate::app::outcome::{Given, Outcome};
use crate::app::subject::Subject;
use crate::model::edit;

/// One field as the view lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldRow {
    pub id: String,
    pub name: String,
    /// The kind of entry it is on, as the file spells it.
    pub on: String,
    pub long: bool,
    /// How many entries hold a value of it.
    pub values: usize,
}

/// The fields as listed, and the row selected. Read from the workspace when the view opens and
/// after every change, never per frame.
#[derive(Debug, Default)]
pub struct FieldsState {
    pub rows: Vec<FieldRow>,
    pub selected: usize,
}

impl FieldsState {
    pub fn handle(&mut self, action: Action) -> Outcome {
        if select(&mut self.selected, self.rows.len(), action) {
            return Outcome::Done;
        }
        if action == Action::Add {
            return Outcome::Form(Subject::Field(None));
        }
        let at = self.selected;
        let Some(row) = self.rows.get(at) else {
            return match action {
                Action::Edit | Action::Delete | Action::MoveBack | Action::MoveForward => {
                    Outcome::Done
                }
                _ => Outcome::Ignored,
            };
        };
        let id = row.id.clone();
        match action {
            Action::Edit => Outcome::Form(Subject::Field(Some(at))),
            Action::Delete => Outcome::AskDeleteField(id),
            Action::MoveBack if at > 0 => {
                self.selected = at - 1;
                Outcome::edit(move |ws| edit::relocate_field(ws, &id, at - 1))
            }
            Action::MoveForward if at + 1 < self.rows.len() => {
                self.selected = at + 1;
                Outcome::edit(move |ws| edit::relocate_field(ws, &id, at + 1))
            }
            Action::MoveBack | Action::MoveForward => Outcome::Done,
            _ => Outcome::Ignored,
        }
    }

    /// Reads the fields again. A field that appeared (added, or brought back by undo) is
    /// selected; otherwise the selection stays on its row number, within the list.
    pub fn refresh(&mut self, given: &Given) {
        let ws = given.ws;
        let before = std::mem::take(&mut self.rows);
        self.rows = ws
            .contents()
            .fields
            .iter()
            .map(|f| FieldRow {
                id: f.id.clone(),
                name: f.name.clone(),
                on: f.on.clone(),
                long: f.long,
                values: edit::field_values(ws, &f.id),
            })
            .collect();
        let appeared = (!before.is_empty())
            .then(|| {
                self.rows
                    .iter()
                    .position(|row| before.iter().all(|old| old.id != row.id))
            })
            .flatten();
        self.selected = appeared.unwrap_or(self.selected.min(self.rows.len().saturating_sub(1)));
    }
}
