//! Search everything: a query, the hits it finds in every kind of entry, and Enter to go where
//! the selected hit lives.

use ratatui::crossterm::event::KeyEvent;

use super::finder::FinderState;
use super::select;
use crate::app::action::Action;
use crate::app::outcome::{Given, Outcome};
use crate::model::search::{self, Hit};

/// The search's query and hits.
pub type SearchState = FinderState<Hit>;

/// How many search hits are listed.
const LIMIT: usize = 500;

pub fn handle(state: &mut SearchState, action: Action, given: &Given) -> Outcome {
    if select(&mut state.selected, state.rows.len(), action) {
        return Outcome::Done;
    }
    match action {
        Action::Jump => match state.rows.get(state.selected) {
            Some(hit) => Outcome::Jump(hit.target),
            None => Outcome::Done,
        },
        action if action.is_readline() => {
            if state.readline(action) {
                refresh(state, given);
            }
            Outcome::Done
        }
        _ => Outcome::Ignored,
    }
}

/// A key typed into the query.
pub fn typed(state: &mut SearchState, event: KeyEvent, given: &Given) {
    if state.typed(event) {
        refresh(state, given);
    }
}

/// Finds the hits of the query as it stands; none while the text to search is on its way (the
/// App refreshes the search when it arrives).
pub fn refresh(state: &mut SearchState, given: &Given) {
    let hits = if given.search_waits {
        Vec::new()
    } else {
        search::search(given.ws, state.text(), LIMIT)
    };
    state.set_rows(hits);
}
