//! Going where an entry lives, from a search hit, a conflict or a gap, and where a command of
//! the palette applies: the panes' selection and focus, and the view or overlay that shows it.

use super::action::{Action, View};
use super::keymap::Context;
use super::overlays::CellItems;
use super::subject::Subject;
use super::views::{ViewState, channel_order};
use super::{App, Overlay, Pane};
use crate::model::Id;
use crate::model::search::Target;

impl App {
    /// Shows where a search hit lives.
    pub fn jump(&mut self, target: Target) {
        match target {
            Target::Persona(id) => {
                if let Some(at) = self.ws.personas().position(id) {
                    self.selection.persona = at;
                    self.selection.journey = 0;
                    self.selection.step = 0;
                    self.focus = Pane::Personas;
                }
            }
            Target::Journey(id) => {
                self.select_journey(id);
                self.focus = Pane::Journeys;
            }
            Target::Step(id) => {
                if let Some(journey) = self.ws.journey_of_step(id) {
                    let (journey, at) = (journey.id, journey.step_position(id).unwrap_or(0));
                    self.select_journey(journey);
                    self.selection.step = at;
                    self.focus = Pane::Board;
                }
            }
            Target::ContentType(id) => {
                if let Some(at) = self.ws.content_types().position(id) {
                    self.selection.content_type = at;
                    self.focus = Pane::Grid;
                }
            }
            Target::Item(id) => {
                let Some(item) = self.ws.items().get(id) else {
                    return;
                };
                let (content_type, step) = (item.content_type_id, item.step_ids.first().copied());
                match step {
                    Some(step) => {
                        self.jump_to_cell(step, content_type);
                        let mut cell = CellItems::new(step, content_type);
                        cell.selected = self
                            .ws
                            .cell_items(step, content_type)
                            .iter()
                            .position(|i| i.id == id)
                            .unwrap_or(0);
                        self.overlays.push(Overlay::CellItems(cell));
                    }
                    None => {
                        if let Some(subject) = Subject::of_item(&self.ws, id) {
                            self.open_form(subject);
                        }
                    }
                }
            }
            Target::Metric(id) => {
                self.show(View::Metrics);
                let at = self.ws.metric_place_by_level(id).unwrap_or(0);
                self.select_table_row(at);
            }
            Target::Channel(id) => {
                self.show(View::Channels);
                let at = channel_order(&self.ws)
                    .iter()
                    .position(|c| *c == id)
                    .unwrap_or(0);
                self.select_table_row(at);
            }
            Target::Objective(id) => {
                self.show(View::Objectives);
                let at = self.ws.objectives().position(id).unwrap_or(0);
                self.select_table_row(at);
            }
        }
        self.selection.clamp(&self.ws);
    }

    /// Selects a journey: under its first persona (or the current one, if it has none).
    fn select_journey(&mut self, id: Id) {
        let Some(journey) = self.ws.journeys().get(id) else {
            return;
        };
        if let Some(persona) = journey.persona_ids.first() {
            let persona = *persona;
            if self.selection.persona(&self.ws) != Some(persona)
                && !journey
                    .persona_ids
                    .iter()
                    .any(|p| Some(*p) == self.selection.persona(&self.ws))
            {
                self.selection.persona = self.ws.personas().position(persona).unwrap_or(0);
            }
        }
        self.selection.journey = self.listed_journeys().position(id).unwrap_or(0);
    }

    /// Selects a cell of the content map and focuses the grid.
    pub fn jump_to_cell(&mut self, step: Id, content_type: Id) {
        if let Some(journey) = self.ws.journey_of_step(step) {
            let (journey, at) = (journey.id, journey.step_position(step).unwrap_or(0));
            self.select_journey(journey);
            self.selection.step = at;
        }
        if let Some(at) = self.ws.content_types().position(content_type) {
            self.selection.content_type = at;
        }
        self.focus = Pane::Grid;
    }

    /// Selects a row of the table view shown.
    fn select_table_row(&mut self, at: usize) {
        if let Some(Overlay::View(view)) = self.overlays.last_mut()
            && let ViewState::Table(table) = view.as_mut()
        {
            table.selected = at;
        }
    }

    /// Runs a palette command: moves to where it applies, then acts there.
    pub(super) fn run_command(&mut self, context: Context, action: Action) {
        self.recent.retain(|r| *r != (context, action));
        self.recent.insert(0, (context, action));
        self.recent.truncate(20);
        let here = self.context();
        if context != here {
            match context {
                Context::Personas => self.focus_pane(Pane::Personas),
                Context::Journeys => self.focus_pane(Pane::Journeys),
                Context::Board => self.focus_pane(Pane::Board),
                Context::Grid => self.focus_pane(Pane::Grid),
                Context::Gaps => self.show(View::Gaps),
                Context::Inventory => self.show(View::Inventory),
                Context::Calendar => self.show(View::Calendar),
                Context::Metrics => self.show(View::Metrics),
                Context::Channels => self.show(View::Channels),
                Context::Objectives => self.show(View::Objectives),
                Context::Conflicts => self.show(View::Conflicts),
                _ => {}
            }
        }
        self.act(action);
    }

    /// Leaves every overlay and focuses a pane of the main screen.
    fn focus_pane(&mut self, pane: Pane) {
        self.overlays.clear();
        self.focus = pane;
    }
}
