//! What the editing keys do in each pane: open forms, ask before deleting, apply edits.

use super::{Action, App, Confirm, Overlay, Pane, Pending, Subject};
use crate::model::{Edit, Entity, edit};

impl App {
    pub(super) fn edit_action(&mut self, action: Action) {
        if let Some(Overlay::CellItems { step, content_type }) = self.overlays.last() {
            let (step, content_type) = (*step, *content_type);
            self.cell_items_action(action, step, content_type);
            return;
        }
        if action == Action::Open && self.focus == Pane::Grid {
            if let (Some(step), Some(content_type)) =
                (self.selected_step(), self.selected_content_type())
            {
                self.selection.cell_item = 0;
                self.overlays
                    .push(Overlay::CellItems { step, content_type });
            }
            return;
        }
        if self.refuse_if_read_only() {
            return;
        }
        match (self.focus, action) {
            (Pane::Personas, Action::Add) => self.open_form(Subject::Persona(None)),
            (Pane::Personas, Action::Edit | Action::Open) => {
                if let Some(id) = self.selected_persona() {
                    self.open_form(Subject::Persona(Some(id)));
                }
            }
            (Pane::Personas, Action::Delete) => {
                if let Some(id) = self.selected_persona() {
                    self.ask_delete(Pending::DeletePersona(id));
                }
            }
            (Pane::Personas, Action::MoveBack | Action::MoveForward) => {
                if let Some(id) = self.selected_persona() {
                    let by = if action == Action::MoveBack { -1 } else { 1 };
                    if self.try_edit(|ws| edit::shift::<crate::model::Persona>(ws, id, by)) {
                        self.selection.persona = self.ws.personas().position(id).unwrap_or(0);
                    }
                }
            }
            (Pane::Journeys, Action::Add) => self.open_form(Subject::Journey {
                id: None,
                persona: self.selected_persona(),
            }),
            (Pane::Journeys, Action::Edit | Action::Open) | (Pane::Board, Action::EditJourney) => {
                if let Some(journey) = self.selected_journey() {
                    let id = journey.id;
                    self.open_form(Subject::Journey {
                        id: Some(id),
                        persona: None,
                    });
                }
            }
            (Pane::Journeys, Action::Delete) => {
                if let Some(journey) = self.selected_journey() {
                    let id = journey.id;
                    self.ask_delete(Pending::DeleteJourney(id));
                }
            }
            (Pane::Journeys, Action::MoveBack | Action::MoveForward) => self.move_journey(action),
            (Pane::Board, Action::Add) => {
                if let Some(journey) = self.selected_journey() {
                    let (id, len) = (journey.id, journey.steps.len());
                    let at = if len == 0 { 0 } else { self.selection.step + 1 };
                    self.open_form(Subject::Step {
                        journey: id,
                        id: None,
                        at,
                    });
                } else {
                    self.notice = Some("add a journey first (Journeys pane, a)".into());
                }
            }
            (Pane::Board, Action::Edit | Action::Open) => {
                if let (Some(journey), Some(step)) = (self.selected_journey(), self.selected_step())
                {
                    let journey = journey.id;
                    self.open_form(Subject::Step {
                        journey,
                        id: Some(step),
                        at: 0,
                    });
                }
            }
            (Pane::Board, Action::Delete) => {
                if let Some(step) = self.selected_step() {
                    self.ask_delete(Pending::DeleteStep(step));
                }
            }
            (Pane::Board, Action::MoveBack | Action::MoveForward) => {
                if let Some(step) = self.selected_step() {
                    let by = if action == Action::MoveBack { -1 } else { 1 };
                    if self.try_edit(|ws| edit::shift_step(ws, step, by)) {
                        self.selection.step = self
                            .selected_journey()
                            .and_then(|j| j.step_position(step))
                            .unwrap_or(0);
                    }
                }
            }
            (Pane::Board, Action::Emotion(score)) => {
                if let Some(step) = self.selected_step() {
                    let score = (score > 0).then_some(score);
                    self.try_edit(|ws| edit::set_emotion(ws, step, score));
                }
            }
            (Pane::Grid, Action::ToggleMap) => {
                if let (Some(step), Some(content_type)) =
                    (self.selected_step(), self.selected_content_type())
                {
                    if self.ws.cell(step, content_type).mapped {
                        self.try_edit(|ws| edit::unmap(ws, step, content_type));
                    } else {
                        self.try_edit(|ws| edit::map(ws, step, content_type));
                    }
                }
            }
            (Pane::Grid, Action::Add) => self.open_form(Subject::ContentType(None)),
            (Pane::Grid, Action::Edit) => {
                if let Some(id) = self.selected_content_type() {
                    self.open_form(Subject::ContentType(Some(id)));
                }
            }
            (Pane::Grid, Action::Delete) => {
                if let Some(id) = self.selected_content_type() {
                    self.ask_delete(Pending::DeleteContentType(id));
                }
            }
            (Pane::Grid, Action::MoveBack | Action::MoveForward) => {
                if let Some(id) = self.selected_content_type() {
                    let by = if action == Action::MoveBack { -1 } else { 1 };
                    if self.try_edit(|ws| edit::shift::<crate::model::ContentType>(ws, id, by)) {
                        self.selection.content_type =
                            self.ws.content_types().position(id).unwrap_or(0);
                    }
                }
            }
            _ => {}
        }
    }

    /// Journeys move among all journeys, to the place of the neighbour in this persona's list.
    fn move_journey(&mut self, action: Action) {
        let listed: Vec<_> = self.listed_journeys().iter().map(|j| j.id).collect();
        let at = self.selection.journey;
        let Some(&id) = listed.get(at) else {
            return;
        };
        let neighbour = match action {
            Action::MoveBack if at > 0 => listed[at - 1],
            Action::MoveForward if at + 1 < listed.len() => listed[at + 1],
            _ => return,
        };
        let to = self.ws.journeys().position(neighbour).unwrap_or(0);
        if self.try_edit(|ws| edit::relocate::<crate::model::Journey>(ws, id, to)) {
            self.selection.journey = self
                .listed_journeys()
                .iter()
                .position(|j| j.id == id)
                .unwrap_or(0);
        }
    }

    fn cell_items_action(
        &mut self,
        action: Action,
        step: crate::model::Id,
        content_type: crate::model::Id,
    ) {
        let items = self.ws.cell_items(step, content_type);
        let selected = items.get(self.selection.cell_item).map(|item| item.id);
        if self.refuse_if_read_only() {
            return;
        }
        match action {
            Action::Add => self.open_form(Subject::Item {
                id: None,
                content_type,
                step: Some(step),
                date: None,
            }),
            Action::Edit | Action::Open => {
                if let Some(id) = selected {
                    self.open_form(Subject::Item {
                        id: Some(id),
                        content_type,
                        step: Some(step),
                        date: None,
                    });
                }
            }
            Action::Delete => {
                if let Some(id) = selected {
                    self.ask_delete(Pending::DeleteItem(id));
                }
            }
            Action::AddMetric => {
                if let Some(id) = selected {
                    self.open_form(Subject::ItemMetric(id));
                }
            }
            Action::CycleStatus => {
                if let Some(id) = selected {
                    self.cycle_status(id);
                }
            }
            _ => {}
        }
    }

    /// Applies an edit, or shows why it was refused. Returns whether it was applied.
    pub(super) fn try_edit(
        &mut self,
        edit: impl FnOnce(&mut crate::model::Workspace) -> Result<Edit, edit::EditError>,
    ) -> bool {
        match edit(&mut self.ws) {
            Ok(undo) => {
                self.applied(undo);
                true
            }
            Err(error) => {
                self.notice = Some(crate::text::printable(&error.to_string()).into_owned());
                false
            }
        }
    }

    /// Asks before deleting, saying exactly what goes with the entry: the deletion is run and
    /// undone at once to learn that.
    pub(super) fn ask_delete(&mut self, pending: Pending) {
        let Some((undo, question)) = self.run_pending(pending) else {
            return;
        };
        let confirm = Confirm::deletion(question, &undo, pending);
        // Put everything back: nothing is deleted until the user says yes.
        self.ws.apply_edit(undo);
        self.overlays.push(Overlay::Confirm(confirm));
    }

    /// Carries out a deletion; returns the edit that undoes it and a question naming it.
    fn run_pending(&mut self, pending: Pending) -> Option<(Edit, String)> {
        let ws = &mut self.ws;
        let (result, question) = match pending {
            Pending::DeletePersona(id) => {
                let name = ws.personas().get(id)?.label().to_string();
                (
                    edit::delete_persona(ws, id),
                    format!("Delete persona {name:?}?"),
                )
            }
            Pending::DeleteJourney(id) => {
                let name = ws.journeys().get(id)?.label().to_string();
                (
                    edit::delete_journey(ws, id),
                    format!("Delete journey {name:?}?"),
                )
            }
            Pending::DeleteStep(id) => {
                let name = ws.step(id)?.name.clone();
                (edit::delete_step(ws, id), format!("Delete step {name:?}?"))
            }
            Pending::DeleteContentType(id) => {
                let name = ws.content_types().get(id)?.label().to_string();
                (
                    edit::delete_content_type(ws, id, edit::ItemsOfType::Delete),
                    format!("Delete content type {name:?} and its items?"),
                )
            }
            Pending::DeleteItem(id) => {
                let name = ws.items().get(id)?.label().to_string();
                (edit::delete_item(ws, id), format!("Delete item {name:?}?"))
            }
            Pending::DeleteMetric(id) => {
                let name = ws.metrics().get(id)?.label().to_string();
                (
                    edit::delete_metric(ws, id),
                    format!("Delete metric {name:?}?"),
                )
            }
            Pending::DeleteChannel(id) => {
                let name = ws.channels().get(id)?.label().to_string();
                (
                    edit::delete_channel(ws, id),
                    format!("Delete channel {name:?}?"),
                )
            }
            Pending::DeleteObjective(id) => {
                let name = ws.objectives().get(id)?.label().to_string();
                (
                    edit::delete_objective(ws, id),
                    format!("Delete objective {name:?}?"),
                )
            }
            Pending::DiscardForm | Pending::Quit => return None,
        };
        match result {
            Ok(undo) => Some((undo, crate::text::printable(&question).into_owned())),
            Err(error) => {
                self.notice = Some(error.to_string());
                None
            }
        }
    }

    pub(super) fn confirm(&mut self) {
        let Some(Overlay::Confirm(confirm)) = self.overlays.pop() else {
            return;
        };
        match confirm.on_yes {
            Pending::DiscardForm => {
                self.overlays.pop();
            }
            Pending::Quit => self.quit = true,
            pending => {
                if let Some((undo, _)) = self.run_pending(pending) {
                    self.applied(undo);
                }
            }
        }
    }
}
