//! The full-screen views: gap list, calendar, metrics, channels, objectives, merge conflicts,
//! search, palette, the message log, the file's problems, two journeys compared, the open comments and the
//! workspace's own fields — each with its state and its `handle` in its own file.
//!
//! Each is one key away from anywhere and Esc returns to where you were. Lists that take work
//! to build (gaps, the agenda, search hits) are built when the view opens or the workspace
//! changes, never per frame.

pub mod calendar;
mod comments;
pub mod compare;
mod conflicts;
mod fields;
pub mod finder;
pub mod gaps;
pub mod inventory;
mod job;
pub mod messages;
pub mod palette;
pub mod problems;
pub mod search;
pub mod tables;
#[cfg(test)]
mod testing;

pub use calendar::{AgendaRow, CalendarState, KeptDone, KeptJob};
pub use comments::CommentsState;
pub use compare::CompareState;
pub use fields::{FieldRow, FieldsState, LaneRow};
pub use finder::FinderState;
pub use gaps::GapsState;
pub use inventory::{InventoryState, RowsDone, RowsJob};
pub use messages::MessagesState;
pub use palette::{Command, PaletteState};
pub use problems::{FileProblems, ProblemsState};
pub use search::SearchState;
pub use tables::{TableState, channel_order};

use std::sync::atomic::AtomicBool;

use ratatui::crossterm::event::KeyEvent;

use super::action::{Action, View};
use super::keymap::Context;
use super::list::moved;
use super::outcome::{Given, Outcome};
use crate::model::Id;

/// Work a view asks the loop to do away from the keys (see [`crate::app::Effect::Rows`]).
#[derive(Debug, PartialEq, Eq)]
pub enum ViewJob {
    /// The inventory's rows, filtered and sorted.
    Rows(RowsJob),
    /// The items the calendar's filter keeps.
    Kept(KeptJob),
}

/// What a [`ViewJob`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ViewDone {
    Rows(RowsDone),
    Kept(KeptDone),
}

impl ViewJob {
    /// Does the work; gives up (`None`) when `stop` is set: a newer job took its place.
    pub fn run(self, stop: &AtomicBool) -> Option<ViewDone> {
        match self {
            ViewJob::Rows(job) => job.run(stop).map(ViewDone::Rows),
            ViewJob::Kept(job) => job.run(stop).map(ViewDone::Kept),
        }
    }
}

/// The state of an open view.
#[derive(Debug)]
pub enum ViewState {
    Gaps(GapsState),
    /// Boxed: with its filter and its sort twice over (one may name a field), the largest view.
    Inventory(Box<InventoryState>),
    /// Boxed: with the items its filter keeps and the job finding them, a large view.
    Calendar(Box<CalendarState>),
    /// Metrics, channels, objectives or conflicts: a table with a selected row.
    Table(TableState),
    Search(SearchState),
    Palette(PaletteState),
    /// The message log, newest first.
    Messages(MessagesState),
    /// The rules the file breaks.
    Problems(ProblemsState),
    /// Two journeys side by side.
    Compare(CompareState),
    /// The open comments of the workspace.
    Comments(CommentsState),
    /// The workspace's own fields.
    Fields(FieldsState),
}

/// How far a page key moves in a view's list.
const PAGE: usize = 10;

/// Moves a view's selected row when the action moves through a list; says whether it did.
fn select(selected: &mut usize, len: usize, action: Action) -> bool {
    let moves = action.moves_in_list();
    if moves {
        *selected = moved(*selected, len, action, PAGE);
    }
    moves
}

impl ViewState {
    /// A view as it opens; the palette offers first the commands of where it was opened.
    pub fn open(view: View, from: Context, given: &Given) -> ViewState {
        let mut state = match view {
            View::Gaps => ViewState::Gaps(GapsState::default()),
            View::Inventory => {
                return ViewState::Inventory(Box::new(InventoryState::open(given)));
            }
            View::Calendar => {
                return ViewState::Calendar(Box::new(CalendarState::open(given.today, given)));
            }
            View::Metrics | View::Channels | View::Objectives | View::Conflicts => {
                ViewState::Table(TableState::new(view))
            }
            View::Search => ViewState::Search(SearchState::default()),
            View::Palette => ViewState::Palette(PaletteState::new(from)),
            View::Messages => ViewState::Messages(MessagesState::default()),
            View::Problems => ViewState::Problems(ProblemsState::default()),
            View::Comments => ViewState::Comments(CommentsState::default()),
            View::Fields => ViewState::Fields(FieldsState::default()),
        };
        state.refresh(given);
        state
    }

    pub fn context(&self) -> Context {
        match self {
            ViewState::Gaps(_) => Context::Gaps,
            ViewState::Inventory(state) if state.typing => Context::Narrow,
            ViewState::Inventory(_) => Context::Inventory,
            ViewState::Calendar(_) => Context::Calendar,
            ViewState::Table(table) => match table.view {
                View::Metrics => Context::Metrics,
                View::Channels => Context::Channels,
                View::Conflicts => Context::Conflicts,
                _ => Context::Objectives,
            },
            ViewState::Search(_) => Context::Search,
            ViewState::Palette(_) => Context::Palette,
            ViewState::Messages(_) => Context::Messages,
            ViewState::Problems(_) => Context::Problems,
            ViewState::Compare(_) => Context::Compare,
            ViewState::Comments(_) => Context::Comments,
            ViewState::Fields(_) => Context::Fields,
        }
    }

    pub fn handle(&mut self, action: Action, given: &Given) -> Outcome {
        match self {
            ViewState::Gaps(state) => state.handle(action, given),
            ViewState::Inventory(state) => state.handle(action, given),
            ViewState::Calendar(state) => state.handle(action, given),
            ViewState::Table(state) => state.handle(action, given),
            ViewState::Search(state) => search::handle(state, action, given),
            ViewState::Palette(state) => state.handle(action, given),
            ViewState::Messages(state) => state.handle(action, given),
            ViewState::Problems(state) => state.handle(action, given),
            ViewState::Compare(state) => state.handle(action, given),
            ViewState::Comments(state) => state.handle(action),
            ViewState::Fields(state) => state.handle(action, given),
        }
    }

    /// A key no action takes: the search and the palette type it into their query.
    pub fn typed(&mut self, event: KeyEvent, given: &Given) {
        match self {
            ViewState::Search(state) => search::typed(state, event, given),
            ViewState::Palette(state) => state.typed(event, given),
            ViewState::Inventory(state) => state.typed(event, given),
            _ => {}
        }
    }

    /// Rebuilds the view's rows after the workspace (or the day) changed.
    pub fn refresh(&mut self, given: &Given) {
        match self {
            ViewState::Gaps(state) => state.refresh(given),
            ViewState::Inventory(state) => state.refresh(given),
            ViewState::Calendar(state) => state.refresh(given),
            ViewState::Table(state) => state.refresh(given),
            ViewState::Search(state) => search::refresh(state, given),
            ViewState::Palette(state) => state.refresh(given),
            ViewState::Compare(state) => state.refresh(given),
            ViewState::Comments(state) => state.refresh(given),
            ViewState::Fields(state) => state.refresh(given),
            ViewState::Messages(_) | ViewState::Problems(_) => {}
        }
    }

    /// Keeps an item in sight after an edit moved it (the calendar follows it to its date).
    pub fn follow(&mut self, id: Id, given: &Given) {
        if let ViewState::Calendar(state) = self {
            state.follow(id, given);
        }
    }
}
