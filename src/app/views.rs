//! The full-screen views: gap list, calendar, metrics, channels, objectives, search, palette.
//!
//! Each is one key away from anywhere and Esc returns to where you were. Lists that take work
//! to build (gaps, the agenda, search hits) are built when the view opens or the workspace
//! changes, never per frame.

pub use super::calendar::{AgendaRow, CalendarState};
use super::calendar::{first_item_on_or_after, nearest_item};
use super::conflicts::conflict_target;
pub use super::gaps::GapsState;
use super::keymap::Context;
use super::palette::Command;
pub use super::tables::{channel_order, metric_order};
use super::{Action, App, Overlay, Pane, Subject, View};
use crate::model::edit;
use crate::model::search::{self, Hit, Target};
use crate::model::{Gap, Id, Status};
use ratatui_textarea::TextArea;

/// The state of an open view.
#[derive(Debug)]
pub enum ViewState {
    Gaps(GapsState),
    Calendar(CalendarState),
    /// Metrics, channels or objectives: a table with a selected row.
    Table {
        view: View,
        selected: usize,
    },
    Search(FinderState<Hit>),
    Palette(FinderState<Command>),
    /// The message log, newest first.
    Messages {
        selected: usize,
    },
}

/// A text query with the matching rows, as typed.
#[derive(Debug)]
pub struct FinderState<T> {
    /// A one-line editor, so the query takes the same readline keys as a form's fields.
    pub query: TextArea<'static>,
    pub rows: Vec<T>,
    pub selected: usize,
}

impl<T> FinderState<T> {
    /// The query as typed.
    pub fn text(&self) -> &str {
        self.query.lines().first().map_or("", String::as_str)
    }
}

impl<T> Default for FinderState<T> {
    fn default() -> Self {
        FinderState {
            query: TextArea::default(),
            rows: Vec::new(),
            selected: 0,
        }
    }
}

/// How many search hits are listed.
const SEARCH_LIMIT: usize = 500;

impl ViewState {
    pub fn context(&self) -> Context {
        match self {
            ViewState::Gaps(_) => Context::Gaps,
            ViewState::Calendar(_) => Context::Calendar,
            ViewState::Table {
                view: View::Metrics,
                ..
            } => Context::Metrics,
            ViewState::Table {
                view: View::Channels,
                ..
            } => Context::Channels,
            ViewState::Table {
                view: View::Conflicts,
                ..
            } => Context::Conflicts,
            ViewState::Table { .. } => Context::Objectives,
            ViewState::Search(_) => Context::Search,
            ViewState::Palette(_) => Context::Palette,
            ViewState::Messages { .. } => Context::Messages,
        }
    }
}

impl App {
    pub fn view(&self) -> Option<&ViewState> {
        self.overlays.iter().rev().find_map(|o| match o {
            Overlay::View(view) => Some(view.as_ref()),
            _ => None,
        })
    }

    pub(super) fn view_mut(&mut self) -> Option<&mut ViewState> {
        match self.overlays.last_mut() {
            Some(Overlay::View(view)) => Some(view.as_mut()),
            _ => None,
        }
    }

    // Each view's own file reaches its state through these, so it needs no knowledge of the
    // other views.

    pub(super) fn calendar(&self) -> Option<&CalendarState> {
        match self.view() {
            Some(ViewState::Calendar(state)) => Some(state),
            _ => None,
        }
    }

    pub(super) fn calendar_mut(&mut self) -> Option<&mut CalendarState> {
        match self.view_mut() {
            Some(ViewState::Calendar(state)) => Some(state),
            _ => None,
        }
    }

    pub(super) fn gaps(&self) -> Option<&GapsState> {
        match self.view() {
            Some(ViewState::Gaps(state)) => Some(state),
            _ => None,
        }
    }

    pub(super) fn gaps_mut(&mut self) -> Option<&mut GapsState> {
        match self.view_mut() {
            Some(ViewState::Gaps(state)) => Some(state),
            _ => None,
        }
    }

    /// The table view shown and its selected row.
    pub(super) fn table(&self) -> Option<(View, usize)> {
        match self.view() {
            Some(ViewState::Table { view, selected }) => Some((*view, *selected)),
            _ => None,
        }
    }

    pub(super) fn table_selected_mut(&mut self) -> Option<&mut usize> {
        match self.view_mut() {
            Some(ViewState::Table { selected, .. }) => Some(selected),
            _ => None,
        }
    }

    pub(super) fn show(&mut self, view: View) {
        // Views replace each other rather than pile up; Esc returns to the main screen.
        while matches!(self.overlays.last(), Some(Overlay::View(_))) {
            self.overlays.pop();
        }
        let state = match view {
            View::Gaps => ViewState::Gaps(GapsState::default()),
            View::Calendar => ViewState::Calendar(CalendarState {
                day: self.today,
                rows: Vec::new(),
                selected: 0,
            }),
            View::Metrics | View::Channels | View::Objectives | View::Conflicts => {
                ViewState::Table { view, selected: 0 }
            }
            View::Search => ViewState::Search(FinderState::default()),
            View::Palette => ViewState::Palette(FinderState::default()),
            View::Messages => ViewState::Messages { selected: 0 },
        };
        let came_from = self.context();
        self.overlays.push(Overlay::View(Box::new(state)));
        if view == View::Palette {
            self.palette_context = came_from;
        }
        self.refresh_views();
        if let Some(ViewState::Calendar(calendar)) = self.view_mut() {
            calendar.selected = first_item_on_or_after(&calendar.rows, calendar.day);
        }
    }

    /// Rebuilds the lists of the open view after the workspace or a filter changed.
    pub(super) fn refresh_views(&mut self) {
        let today = self.today;
        let rows = match self.view() {
            Some(ViewState::Gaps(state)) => {
                Refreshed::Gaps(self.gap_rows(state.persona, state.journey))
            }
            Some(ViewState::Calendar(state)) => Refreshed::Agenda(self.agenda(state.day, today)),
            Some(ViewState::Search(state)) => {
                Refreshed::Hits(search::search(&self.ws, state.text(), SEARCH_LIMIT))
            }
            Some(ViewState::Palette(state)) => Refreshed::Commands(self.commands(state.text())),
            _ => return,
        };
        match (self.view_mut(), rows) {
            (Some(ViewState::Gaps(state)), Refreshed::Gaps(rows)) => {
                state.selected = state.selected.min(rows.len().saturating_sub(1));
                state.rows = rows;
            }
            (Some(ViewState::Calendar(state)), Refreshed::Agenda(rows)) => {
                state.selected = state.selected.min(rows.len().saturating_sub(1));
                state.rows = rows;
            }
            (Some(ViewState::Search(state)), Refreshed::Hits(rows)) => {
                state.selected = state.selected.min(rows.len().saturating_sub(1));
                state.rows = rows;
            }
            (Some(ViewState::Palette(state)), Refreshed::Commands(rows)) => {
                state.selected = state.selected.min(rows.len().saturating_sub(1));
                state.rows = rows;
            }
            _ => {}
        }
    }

    /// What a key does in a view that the shared handlers do not cover.
    pub(super) fn view_action(&mut self, action: Action) -> bool {
        let Some(view) = self.view() else {
            return false;
        };
        match (view.context(), action) {
            (
                Context::Calendar,
                Action::Left | Action::Right | Action::PageUp | Action::PageDown | Action::Today,
            ) => {
                self.calendar_move(action);
                true
            }
            (
                Context::Gaps
                | Context::Calendar
                | Context::Metrics
                | Context::Channels
                | Context::Objectives
                | Context::Search
                | Context::Palette
                | Context::Conflicts
                | Context::Messages,
                Action::Up
                | Action::Down
                | Action::First
                | Action::Last
                | Action::PageUp
                | Action::PageDown,
            ) => {
                self.view_select(action);
                true
            }
            (_, Action::Jump) => {
                self.view_jump();
                true
            }
            (Context::Conflicts, Action::KeepOurs | Action::KeepTheirs) => {
                self.settle_conflict(action);
                true
            }
            (Context::Gaps, Action::FilterPersona | Action::FilterJourney) => {
                self.gap_filter(action);
                true
            }
            (Context::Gaps, Action::Add) => {
                self.gap_new_item();
                true
            }
            (Context::Calendar, Action::Edit | Action::ShiftDate(_) | Action::CycleStatus) => {
                self.calendar_item(action);
                true
            }
            (
                Context::Metrics | Context::Channels | Context::Objectives,
                Action::Add | Action::Edit | Action::Delete,
            ) => {
                self.table_edit(action);
                true
            }
            _ => false,
        }
    }

    fn view_select(&mut self, action: Action) {
        let len = self.view_rows();
        let page = 10;
        let Some(view) = self.view_mut() else {
            return;
        };
        let selected = match view {
            ViewState::Gaps(s) => &mut s.selected,
            ViewState::Calendar(s) => &mut s.selected,
            ViewState::Table { selected, .. } => selected,
            ViewState::Search(s) => &mut s.selected,
            ViewState::Palette(s) => &mut s.selected,
            ViewState::Messages { selected } => selected,
        };
        let last = len.saturating_sub(1);
        *selected = match action {
            Action::Up => selected.saturating_sub(1),
            Action::Down => (*selected + 1).min(last),
            Action::First => 0,
            Action::Last => last,
            Action::PageUp => selected.saturating_sub(page),
            Action::PageDown => (*selected + page).min(last),
            _ => *selected,
        };
        // The agenda's headings are not selectable: step over them.
        if let ViewState::Calendar(state) = view {
            let down = matches!(action, Action::Down | Action::PageDown | Action::First);
            state.selected = nearest_item(&state.rows, state.selected, down);
        }
    }

    fn view_rows(&self) -> usize {
        match self.view() {
            Some(ViewState::Gaps(s)) => s.rows.len(),
            Some(ViewState::Calendar(s)) => s.rows.len(),
            Some(ViewState::Table {
                view: View::Metrics,
                ..
            }) => self.ws.metrics().len(),
            Some(ViewState::Table {
                view: View::Channels,
                ..
            }) => self.ws.channels().len(),
            Some(ViewState::Table {
                view: View::Conflicts,
                ..
            }) => self.ws.conflicts().len(),
            Some(ViewState::Table { .. }) => self.ws.objectives().len(),
            Some(ViewState::Search(s)) => s.rows.len(),
            Some(ViewState::Palette(s)) => s.rows.len(),
            Some(ViewState::Messages { .. }) => self.messages.len(),
            None => 0,
        }
    }

    pub(super) fn cycle_status(&mut self, id: Id) {
        let status = match self.ws.items().get(id).map(|i| i.status) {
            Some(Status::ToCreate) => Status::InProgress,
            Some(Status::InProgress) => Status::Available,
            _ => Status::ToCreate,
        };
        self.try_edit(|ws| edit::set_status(ws, id, status));
    }

    pub(super) fn open_item_form(&mut self, id: Id) {
        let Some(item) = self.ws.items().get(id) else {
            return;
        };
        let subject = Subject::Item {
            id: Some(id),
            content_type: item.content_type_id,
            step: item.step_ids.first().copied(),
            date: None,
        };
        self.open_form(subject);
    }

    /// Enter in a view: go to what the selected row names.
    fn view_jump(&mut self) {
        match self.view() {
            Some(ViewState::Table {
                view: View::Conflicts,
                selected,
            }) => {
                if let Some(target) = self.ws.conflicts().get(*selected).and_then(conflict_target) {
                    self.close_views();
                    self.jump(target);
                }
            }
            Some(ViewState::Gaps(state)) => {
                if let Some(gap) = state.rows.get(state.selected).copied() {
                    self.close_views();
                    self.jump_to_cell(gap.step_id, gap.content_type_id);
                }
            }
            Some(ViewState::Search(state)) => {
                if let Some(hit) = state.rows.get(state.selected) {
                    let target = hit.target;
                    self.close_views();
                    self.jump(target);
                }
            }
            Some(ViewState::Palette(state)) => {
                if let Some(command) = state.rows.get(state.selected).cloned() {
                    self.close_views();
                    self.run_command(&command);
                }
            }
            _ => {}
        }
    }

    fn close_views(&mut self) {
        while matches!(self.overlays.last(), Some(Overlay::View(_))) {
            self.overlays.pop();
        }
    }

    /// A key typed into the search or palette query: characters, Backspace, Delete, the arrows
    /// and Home/End edit it; Ctrl and Alt chords not in the keymap do nothing.
    pub(super) fn view_typed(&mut self, event: ratatui::crossterm::event::KeyEvent) {
        use ratatui::crossterm::event::KeyModifiers;
        if event
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return;
        }
        self.edit_query(|query| {
            query.input(event);
        });
    }

    /// A readline action on the open query.
    pub(super) fn query_action(&mut self, action: Action) {
        self.edit_query(|query| super::form::edit_text(query, action));
    }

    fn edit_query(&mut self, edit: impl FnOnce(&mut TextArea<'static>)) {
        let (query, selected) = match self.view_mut() {
            Some(ViewState::Search(state)) => (&mut state.query, &mut state.selected),
            Some(ViewState::Palette(state)) => (&mut state.query, &mut state.selected),
            _ => return,
        };
        let before = query.lines().first().cloned();
        edit(query);
        // One line only: a new line or paste is not part of a query.
        if query.lines().len() > 1 {
            let joined = query.lines().join(" ");
            *query = TextArea::new(vec![joined]);
            query.move_cursor(ratatui_textarea::CursorMove::End);
        }
        if query.lines().first() != before.as_ref() {
            *selected = 0;
            self.refresh_views();
        }
    }

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
                        self.selection.cell_item = self
                            .ws
                            .cell_items(step, content_type)
                            .iter()
                            .position(|i| i.id == id)
                            .unwrap_or(0);
                        self.overlays
                            .push(Overlay::CellItems { step, content_type });
                    }
                    None => self.open_item_form(id),
                }
            }
            Target::Metric(id) => {
                self.show(View::Metrics);
                let at = metric_order(self)
                    .iter()
                    .position(|m| *m == id)
                    .unwrap_or(0);
                self.select_table_row(at);
            }
            Target::Channel(id) => {
                self.show(View::Channels);
                let at = channel_order(self)
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
        self.clamp_selection();
    }

    /// Selects a journey: under its first persona (or the current one, if it has none).
    fn select_journey(&mut self, id: Id) {
        let Some(journey) = self.ws.journeys().get(id) else {
            return;
        };
        if let Some(persona) = journey.persona_ids.first() {
            let persona = *persona;
            if self.selected_persona() != Some(persona)
                && !journey
                    .persona_ids
                    .iter()
                    .any(|p| Some(*p) == self.selected_persona())
            {
                self.selection.persona = self.ws.personas().position(persona).unwrap_or(0);
            }
        }
        self.selection.journey = self
            .listed_journeys()
            .iter()
            .position(|j| j.id == id)
            .unwrap_or(0);
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
}

enum Refreshed {
    Gaps(Vec<Gap>),
    Agenda(Vec<AgendaRow>),
    Hits(Vec<Hit>),
    Commands(Vec<Command>),
}
