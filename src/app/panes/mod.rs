//! The four panes of the main screen. Their state is the [`Selection`] (a persona, one of its
//! journeys, a step, a content type); each pane's file has its `handle`, which moves its part of
//! the selection and asks for forms, questions and edits as an [`Outcome`]. A click or the
//! wheel selects through the same state.

mod board;
mod journeys;
pub mod map;
mod personas;

use ratatui::layout::Rect;

use super::action::Action;
use super::keymap::Context;
use super::list::moved;
use super::outcome::{Given, Outcome};
use crate::model::{Id, Journey, Table, Workspace};

/// The four panes of the main screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Personas,
    Journeys,
    Board,
    Grid,
}

impl Pane {
    pub const ORDER: [Pane; 4] = [Pane::Personas, Pane::Journeys, Pane::Board, Pane::Grid];

    pub fn context(self) -> Context {
        match self {
            Pane::Personas => Context::Personas,
            Pane::Journeys => Context::Journeys,
            Pane::Board => Context::Board,
            Pane::Grid => Context::Grid,
        }
    }

    /// Hands an action to the pane: it reads the workspace and the layout drawn last (for the
    /// page keys), and changes only the selection.
    pub fn handle(
        self,
        action: Action,
        selection: &mut Selection,
        given: &Given,
        layout: &Layout,
    ) -> Outcome {
        match self {
            Pane::Personas => personas::handle(action, selection, given, layout),
            Pane::Journeys => journeys::handle(action, selection, given, layout),
            Pane::Board => board::handle(action, selection, given, layout),
            Pane::Grid => map::handle(action, selection, given, layout),
        }
    }
}

/// Where the last frame drew each pane and what it could show, as the view reports it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    /// The area the panes were laid out in. A frame whose full-screen view hides the panes
    /// lays them out again only when it changed (see `ui::render`).
    pub main: Rect,
    pub personas: Rect,
    pub journeys: Rect,
    pub board: Rect,
    pub grid: Rect,
    /// Rows of the persona and journey lists that fit.
    pub persona_rows: usize,
    pub journey_rows: usize,
    /// Step columns that fit on the board and in the grid; content-type rows in the grid.
    pub board_columns: usize,
    pub grid_columns: usize,
    pub grid_rows: usize,
    /// The width of the grid's content-type names, of each step column the grid drew and of
    /// each card the board drew: columns share the width by what their text needs, so a click
    /// is read against the columns as drawn and the sums live only in the view.
    pub grid_label: usize,
    /// The grid's rows of step names above its first content type (names wrap when the
    /// types leave rows free).
    pub grid_header: usize,
    pub grid_widths: Vec<u16>,
    pub board_widths: Vec<u16>,
    /// The first row or column each list, board and grid showed.
    pub offsets: Offsets,
}

/// The column a position `x` (counted from the first column's start) falls in, for columns of
/// `widths` laid side by side as drawn.
pub fn column_at(widths: &[u16], x: usize) -> Option<usize> {
    let mut end = 0;
    widths.iter().position(|width| {
        end += usize::from(*width);
        x < end
    })
}

/// The first visible row or column of each scrolling area.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Offsets {
    pub personas: usize,
    pub journeys: usize,
    pub board: usize,
    pub grid_rows: usize,
    pub grid_columns: usize,
    pub cell_items: usize,
    /// The first line the card on top shows.
    pub card: usize,
    /// The page the help on top shows.
    pub help_page: usize,
}

/// What the selection points at in each pane (positions, clamped when drawn and used).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    pub persona: usize,
    pub journey: usize,
    pub step: usize,
    pub content_type: usize,
}

impl Selection {
    /// The persona whose journeys are listed.
    pub fn persona(&self, ws: &Workspace) -> Option<Id> {
        ws.personas().at(self.persona).map(|p| p.id)
    }

    /// The journeys listed for the selected persona: its own, then any that have no persona;
    /// without personas, every journey.
    pub fn journeys<'a>(&self, ws: &'a Workspace) -> ListedJourneys<'a> {
        match self.persona(ws) {
            Some(persona) => ListedJourneys::Persona(ws.persona_journeys(persona)),
            None => ListedJourneys::All(ws.journeys()),
        }
    }

    pub fn journey<'a>(&self, ws: &'a Workspace) -> Option<&'a Journey> {
        self.journeys(ws).get(self.journey)
    }

    pub fn step(&self, ws: &Workspace) -> Option<Id> {
        self.journey(ws)?.steps.get(self.step).map(|s| s.id)
    }

    pub fn content_type(&self, ws: &Workspace) -> Option<Id> {
        ws.content_types().at(self.content_type).map(|t| t.id)
    }

    /// The number of steps of the selected journey.
    pub fn steps(&self, ws: &Workspace) -> usize {
        self.journey(ws).map_or(0, |j| j.steps.len())
    }

    /// Keeps every position inside what exists after an edit.
    pub fn clamp(&mut self, ws: &Workspace) {
        self.persona = self.persona.min(ws.personas().len().saturating_sub(1));
        self.journey = self.journey.min(self.journeys(ws).len().saturating_sub(1));
        self.step = self.step.min(self.steps(ws).saturating_sub(1));
        self.content_type = self
            .content_type
            .min(ws.content_types().len().saturating_sub(1));
    }

    /// The entries selected, to find them again after the workspace changed.
    pub fn entries(&self, ws: &Workspace) -> Entries {
        Entries {
            persona: self.persona(ws),
            journey: self.journey(ws).map(|j| j.id),
            step: self.step(ws),
            content_type: self.content_type(ws),
        }
    }

    /// Selects the same entries where they still are (a moved entry stays selected); where one
    /// is gone, its position stays, clamped.
    pub fn follow(&mut self, entries: Entries, ws: &Workspace) {
        if let Some(at) = entries.persona.and_then(|id| ws.personas().position(id)) {
            self.persona = at;
        }
        if let Some(at) = entries
            .journey
            .and_then(|id| self.journeys(ws).position(id))
        {
            self.journey = at;
        }
        if let Some(at) = entries
            .step
            .and_then(|id| self.journey(ws)?.step_position(id))
        {
            self.step = at;
        }
        if let Some(at) = entries
            .content_type
            .and_then(|id| ws.content_types().position(id))
        {
            self.content_type = at;
        }
        self.clamp(ws);
    }
}

/// The journeys the journeys pane lists ([`Selection::journeys`]).
pub enum ListedJourneys<'a> {
    /// A persona's journeys and those of no persona, in the workspace's order.
    Persona(Vec<&'a Journey>),
    /// Every journey, in a workspace without personas: the table itself, read by position,
    /// so that a key or frame does not list every journey.
    All(&'a Table<Journey>),
}

impl<'a> ListedJourneys<'a> {
    pub fn len(&self) -> usize {
        match self {
            ListedJourneys::Persona(journeys) => journeys.len(),
            ListedJourneys::All(journeys) => journeys.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The journey listed at `at`.
    pub fn get(&self, at: usize) -> Option<&'a Journey> {
        match self {
            ListedJourneys::Persona(journeys) => journeys.get(at).copied(),
            ListedJourneys::All(journeys) => journeys.at(at),
        }
    }

    /// Where the journey `id` is listed.
    pub fn position(&self, id: Id) -> Option<usize> {
        match self {
            ListedJourneys::Persona(journeys) => journeys.iter().position(|j| j.id == id),
            ListedJourneys::All(journeys) => journeys.position(id),
        }
    }
}

/// The entries a [`Selection`] pointed at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entries {
    persona: Option<Id>,
    journey: Option<Id>,
    step: Option<Id>,
    content_type: Option<Id>,
}

/// Moves the step of the selected journey (the board's and the map's columns).
fn move_step(selection: &mut Selection, ws: &Workspace, action: Action, page: usize) {
    selection.step = moved(selection.step, selection.steps(ws), action, page);
}
