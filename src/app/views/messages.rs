//! The message log: every message of the session with its time, newest first, one selected to
//! read it whole.

use super::select;
use crate::app::action::Action;
use crate::app::outcome::{Given, Outcome};

/// The message log's selected row (0: the newest message).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MessagesState {
    pub selected: usize,
}

impl MessagesState {
    pub fn handle(&mut self, action: Action, given: &Given) -> Outcome {
        if select(&mut self.selected, given.messages, action) {
            Outcome::Done
        } else {
            Outcome::Ignored
        }
    }
}
