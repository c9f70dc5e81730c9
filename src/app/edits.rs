//! What the editing keys do in each pane: open forms, ask before deleting, apply edits.

use super::{Action, App, Confirm, Effect, Overlay, Pane, Pending, Subject};
use crate::model::edit::{self, Removal};
use crate::model::{Edit, Entity};

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
                    self.ask_delete(Removal::Persona(id));
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
            (Pane::Journeys, Action::Edit | Action::Open) | (Pane::Board, Action::EditOuter) => {
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
                    self.ask_delete(Removal::Journey(id));
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
                    self.tell("add a journey first (Journeys pane, a)".into());
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
                    self.ask_delete(Removal::Step(step));
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
                    let unmap = Removal::Unmap { step, content_type };
                    if !self.ws.cell_item_ids(step, content_type).is_empty() {
                        // Its items lose this step: ask, as a deletion does.
                        self.ask_delete(unmap);
                    } else if self.ws.cell(step, content_type).mapped {
                        self.try_edit(|ws| unmap.apply(ws));
                    } else {
                        self.try_edit(|ws| edit::map(ws, step, content_type));
                    }
                }
            }
            (Pane::Grid, Action::Add) => {
                if let (Some(step), Some(content_type)) =
                    (self.selected_step(), self.selected_content_type())
                {
                    self.open_form(Subject::Item {
                        id: None,
                        content_type,
                        step: Some(step),
                        date: None,
                    });
                }
            }
            (Pane::Grid, Action::AddOuter) => self.open_form(Subject::ContentType(None)),
            (Pane::Grid, Action::EditOuter) => {
                if let Some(id) = self.selected_content_type() {
                    self.open_form(Subject::ContentType(Some(id)));
                }
            }
            (Pane::Grid, Action::DeleteOuter) => {
                if let Some(id) = self.selected_content_type() {
                    self.ask_delete(Removal::ContentType(id, edit::ItemsOfType::Delete));
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
                    self.ask_delete(Removal::Item(id));
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
                self.tell(crate::text::printable(&error.to_string()).into_owned());
                false
            }
        }
    }

    /// Asks before a removal, saying exactly what goes and what is kept: the removal is
    /// previewed, which changes nothing (not even the revision, so "no" leaves nothing to save).
    pub(super) fn ask_delete(&mut self, removal: Removal) {
        let Some(question) = self.removal_question(removal) else {
            return;
        };
        match removal.preview(&self.ws) {
            Ok(impact) => {
                let undo_key = self.key(Action::Undo);
                self.overlays.push(Overlay::Confirm(Confirm::removal(
                    crate::text::printable(&question).into_owned(),
                    removal,
                    &impact,
                    undo_key,
                )))
            }
            Err(error) => self.tell(error.to_string()),
        }
    }

    /// The question naming what a removal takes away.
    fn removal_question(&self, removal: Removal) -> Option<String> {
        let ws = &self.ws;
        Some(match removal {
            Removal::Persona(id) => format!("Delete persona {:?}?", ws.personas().get(id)?.label()),
            Removal::Journey(id) => format!("Delete journey {:?}?", ws.journeys().get(id)?.label()),
            Removal::Step(id) => format!("Delete step {:?}?", ws.step(id)?.name),
            Removal::ContentType(id, _) => format!(
                "Delete content type {:?} and its items?",
                ws.content_types().get(id)?.label()
            ),
            Removal::Item(id) => format!("Delete item {:?}?", ws.items().get(id)?.label()),
            Removal::Metric(id) => format!("Delete metric {:?}?", ws.metrics().get(id)?.label()),
            Removal::Channel(id) => format!("Delete channel {:?}?", ws.channels().get(id)?.label()),
            Removal::Objective(id) => {
                format!("Delete objective {:?}?", ws.objectives().get(id)?.label())
            }
            Removal::Unmap { step, content_type } => format!(
                "Unmap {:?} from {:?}?",
                ws.content_types().get(content_type)?.label(),
                ws.step(step)?.name
            ),
        })
    }

    pub(super) fn confirm(&mut self) {
        let Some(Overlay::Confirm(confirm)) = self.overlays.pop() else {
            return;
        };
        match confirm.on_yes {
            Pending::DiscardForm => {
                self.overlays.pop();
            }
            Pending::Quit => self.effects.push(Effect::Quit),
            Pending::Remove(removal) => {
                self.try_edit(|ws| removal.apply(ws));
            }
        }
    }
}
