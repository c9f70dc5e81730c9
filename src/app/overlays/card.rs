//! A read-only card of one entry: every field in full, scrolled with the list keys. Reading it
//! cannot change anything; the edit key opens the entry's form over it.

use crate::app::action::Action;
use crate::app::list::moved;
use crate::app::outcome::{Given, Outcome};
use crate::app::subject::{Entry, Subject};

/// A card and how far it is scrolled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Card {
    pub entry: Entry,
    /// The first line shown; the view keeps it inside the card's text and reports it back.
    pub scroll: usize,
}

/// How many lines a page key scrolls.
const PAGE: usize = 10;

impl Card {
    pub fn new(entry: Entry) -> Card {
        Card { entry, scroll: 0 }
    }

    /// The form that edits the card's entry (`None`: the entry is gone).
    fn form(&self, given: &Given) -> Option<Subject> {
        match self.entry {
            Entry::Persona(id) => Some(Subject::Persona(Some(id))),
            Entry::Step { journey, id } => Some(Subject::Step {
                journey,
                id: Some(id),
                at: 0,
            }),
            Entry::Item(id) => Subject::of_item(given.ws, id),
        }
    }

    pub fn handle(&mut self, action: Action, given: &Given) -> Outcome {
        match action {
            // The view clamps the end; here the scroll only needs room to move.
            action if action.moves_in_list() => {
                self.scroll = moved(self.scroll, usize::MAX / 2, action, PAGE);
                Outcome::Done
            }
            Action::Edit => match self.form(given) {
                Some(subject) => Outcome::Form(subject),
                None => Outcome::Close,
            },
            _ => Outcome::Ignored,
        }
    }
}
