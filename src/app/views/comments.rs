//! The open comments of the whole workspace, for a review: go to a comment's entry, resolve it
//! (undoable) or delete it (asks).

use super::select;
use crate::app::action::Action;
use crate::app::outcome::{Given, Outcome};
use crate::model::comments::{OpenComment, open_comments};
use crate::model::edit::{self, Removal};

/// The open comments as listed, and the row selected. The list is read from the workspace when
/// the view opens and after every change, never per frame.
#[derive(Debug, Default)]
pub struct CommentsState {
    pub rows: Vec<OpenComment>,
    pub selected: usize,
}

impl CommentsState {
    pub fn handle(&mut self, action: Action) -> Outcome {
        if select(&mut self.selected, self.rows.len(), action) {
            return Outcome::Done;
        }
        let Some(row) = self.rows.get(self.selected) else {
            return match action {
                Action::Jump | Action::Resolve | Action::Delete => Outcome::Done,
                _ => Outcome::Ignored,
            };
        };
        let (target, id) = (row.target, row.comment.id);
        match action {
            Action::Jump => Outcome::Jump(target),
            Action::Resolve => Outcome::edit(move |ws| edit::resolve_comment(ws, target, id, true)),
            Action::Delete => Outcome::Ask(Removal::Comment { on: target, id }),
            _ => Outcome::Ignored,
        }
    }

    /// Reads the open comments again; the selection stays on its row number, within the list.
    pub fn refresh(&mut self, given: &Given) {
        self.rows = open_comments(given.ws);
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }
}
