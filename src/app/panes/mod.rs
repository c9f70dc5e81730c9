//! The four panes of the main screen. Their state is the [`Selection`] (a persona, one of its
//! journeys, a step, a content type); each pane's file has its `handle`, which moves its part of
//! the selection and asks for forms, questions and edits as an [`Outcome`]. A click or the
//! wheel selects through the same state.

mod board;
mod journeys;
pub mod map;
mod personas;

use super::keymap::Context;
use super::list::moved;
use super::outcome::{Given, Outcome};
use super::overlays::CellItems;
use super::{Action, App, Layout};
use crate::model::{Id, Journey, Workspace};

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

    /// The journeys listed for the selected persona: its own, then any that have no persona.
    pub fn journeys<'a>(&self, ws: &'a Workspace) -> Vec<&'a Journey> {
        let persona = self.persona(ws);
        ws.journeys()
            .iter()
            .filter(|j| match persona {
                Some(p) => j.persona_ids.contains(&p) || j.persona_ids.is_empty(),
                None => true,
            })
            .collect()
    }

    pub fn journey<'a>(&self, ws: &'a Workspace) -> Option<&'a Journey> {
        self.journeys(ws).get(self.journey).copied()
    }

    pub fn step(&self, ws: &Workspace) -> Option<Id> {
        self.journey(ws)?.steps.get(self.step).map(|s| s.id)
    }

    pub fn content_type(&self, ws: &Workspace) -> Option<Id> {
        ws.content_types().at(self.content_type).map(|t| t.id)
    }

    /// The number of steps of the selected journey.
    fn steps(&self, ws: &Workspace) -> usize {
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
            .and_then(|id| self.journeys(ws).iter().position(|j| j.id == id))
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

/// The entries a [`Selection`] pointed at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entries {
    persona: Option<Id>,
    journey: Option<Id>,
    step: Option<Id>,
    content_type: Option<Id>,
}

impl App {
    /// A click selects what is under it and focuses its pane; the wheel moves the selection.
    pub(super) fn mouse(&mut self, event: ratatui::crossterm::event::MouseEvent) {
        use ratatui::crossterm::event::{MouseButton, MouseEventKind};
        let wheel = match event.kind {
            MouseEventKind::ScrollUp => Some(Action::Up),
            MouseEventKind::ScrollDown => Some(Action::Down),
            _ => None,
        };
        if !self.overlays.is_empty() {
            // Of the overlays, only a cell's items scroll with the wheel.
            if let (Some(action), Some(super::Overlay::CellItems(_))) =
                (wheel, self.overlays.last())
            {
                self.act(action);
            }
            return;
        }
        let at = ratatui::layout::Position::new(event.column, event.row);
        let layout = self.layout;
        let pane = [
            (Pane::Personas, layout.personas),
            (Pane::Journeys, layout.journeys),
            (Pane::Board, layout.board),
            (Pane::Grid, layout.grid),
        ]
        .into_iter()
        .find(|(_, area)| area.contains(at));
        let Some((pane, area)) = pane else {
            return;
        };
        self.focus = pane;
        match (event.kind, wheel) {
            (MouseEventKind::Down(MouseButton::Left), _) => {
                self.click(pane, area, event.column, event.row)
            }
            (_, Some(action)) => {
                // The board's steps run across.
                let action = match (pane, action) {
                    (Pane::Board, Action::Up) => Action::Left,
                    (Pane::Board, _) => Action::Right,
                    _ => action,
                };
                self.act(action);
            }
            _ => {}
        }
    }

    fn click(&mut self, pane: Pane, area: ratatui::layout::Rect, column: u16, row: u16) {
        // Inside the border; the board and grid have a header row of step names.
        let inner_row = usize::from(row.saturating_sub(area.y + 1));
        let inner_column = usize::from(column.saturating_sub(area.x + 1));
        let offsets = self.offsets;
        let steps = self.selection.steps(&self.ws);
        let selection = &mut self.selection;
        match pane {
            Pane::Personas => {
                let target = offsets.personas + inner_row;
                if target < self.ws.personas().len() && target != selection.persona {
                    selection.persona = target;
                    selection.journey = 0;
                    selection.step = 0;
                }
            }
            Pane::Journeys => {
                let target = offsets.journeys + inner_row;
                if target < selection.journeys(&self.ws).len() && target != selection.journey {
                    selection.journey = target;
                    selection.step = 0;
                }
            }
            Pane::Board => {
                let columns = self.layout.board_columns.max(1);
                let width = usize::from(area.width.saturating_sub(2)) / columns;
                let target = offsets.board + inner_column / width.max(1);
                if target < steps {
                    selection.step = target;
                }
            }
            Pane::Grid => {
                let label = self.layout.grid_label;
                let width = self.layout.grid_column_width;
                if inner_column >= label {
                    let target = offsets.grid_columns + (inner_column - label) / width.max(1);
                    if target < steps {
                        selection.step = target;
                    }
                }
                if inner_row >= 1 {
                    let target = offsets.grid_rows + inner_row - 1;
                    if target < self.ws.content_types().len() {
                        selection.content_type = target;
                    }
                }
            }
        }
    }
}

/// Moves the step of the selected journey (the board's and the map's columns).
fn move_step(selection: &mut Selection, ws: &Workspace, action: Action, page: usize) {
    selection.step = moved(selection.step, selection.steps(ws), action, page);
}
