//! Applying what a pane, view or overlay asked for ([`Outcome`]): the one place edits are made,
//! recorded for undo and saved, forms opened and saved, questions asked and answered.

use super::action::Action;
use super::edits::removal_question;
use super::outcome::{Change, Choice, Choices, Landed, Outcome, Pending, Purpose};
use super::overlays::{
    Card, CellItems, Confirm, KpiHistory, Picker, build_form, measured_on, submit_form,
};
use super::subject::Subject;
use super::views::ViewState;
use super::{App, Effect, Overlay};
use crate::model::Id;
use crate::model::edit::{self, Removal};

impl App {
    pub(super) fn apply(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Ignored | Outcome::Done => {}
            Outcome::Close => {
                self.overlays.pop();
            }
            Outcome::Yes(pending) => self.yes(pending),
            Outcome::Submit => self.submit_form(),
            Outcome::OpenCard(entry) => self.overlays.push(Overlay::Card(Card::new(entry))),
            Outcome::OpenCell { step, content_type } => self
                .overlays
                .push(Overlay::CellItems(CellItems::new(step, content_type))),
            Outcome::OpenHistory(metric) => self
                .overlays
                .push(Overlay::History(KpiHistory::new(metric))),
            Outcome::AskToDiscard => self.overlays.push(Overlay::Confirm(Confirm::new(
                "Discard the changes in this form?".into(),
                Pending::DiscardForm,
            ))),
            Outcome::Form(subject) => {
                if !self.refuse_if_read_only() {
                    self.open_form(subject);
                }
            }
            Outcome::Ask(removal) => {
                if !self.refuse_if_read_only() {
                    self.ask_delete(removal);
                }
            }
            Outcome::AskDeleteItems(ids) => {
                if !self.refuse_if_read_only() {
                    self.ask_delete_items(ids);
                }
            }
            Outcome::AskDeleteField(id) => {
                if !self.refuse_if_read_only() {
                    self.ask_delete_field(id);
                }
            }
            Outcome::Pick(choices) => self.pick(choices),
            Outcome::Picked(purpose, choice) => self.picked(purpose, choice),
            Outcome::Edit(change, landed) => {
                if !self.refuse_if_read_only() {
                    self.edit(change, landed);
                }
            }
            Outcome::Tell(words) => self.tell(words),
            Outcome::EditText { file_name, text } => {
                self.effects.push(Effect::EditText { file_name, text })
            }
            Outcome::Jump(target) => {
                self.close_views();
                self.jump(target);
            }
            Outcome::JumpToCell { step, content_type } => {
                self.close_views();
                self.jump_to_cell(step, content_type);
            }
            Outcome::Run { context, action } => {
                // Back to where the palette was opened; a command of another place moves there.
                self.close_palette();
                self.run_command(context, action);
            }
        }
    }

    /// Makes an edit; the panes' selection stays on the same entries (a moved entry stays
    /// selected), and the part that asked gets what it wanted once the edit landed.
    fn edit(&mut self, change: Change, landed: Landed) {
        let entries = self.selection.entries(&self.ws);
        if !self.try_edit(change) {
            return;
        }
        self.selection.follow(entries, &self.ws);
        match landed {
            Landed::Nothing => {}
            Landed::Tell(words) => self.tell(words.into()),
            Landed::Follow(id) => self.on_view(|view, given| view.follow(id, given)),
        }
    }

    /// Applies an edit, or shows why it was refused. Returns whether it was applied.
    pub(super) fn try_edit(&mut self, change: Change) -> bool {
        match change(&mut self.ws) {
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
    fn ask_delete(&mut self, removal: Removal) {
        let Some(question) = removal_question(&self.ws, removal) else {
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

    /// Asks before deleting items at once, counting them and what goes with them.
    fn ask_delete_items(&mut self, ids: Vec<Id>) {
        if ids.is_empty() {
            return;
        }
        match edit::preview_delete_items(&self.ws, &ids) {
            Ok(impact) => {
                let undo_key = self.key(Action::Undo);
                self.overlays.push(Overlay::Confirm(Confirm::items_removal(
                    ids, &impact, undo_key,
                )));
            }
            Err(error) => self.tell(error.to_string()),
        }
    }

    /// Asks before deleting one of the workspace's fields, saying how many values go with it.
    fn ask_delete_field(&mut self, id: String) {
        let Some(field) = self.ws.contents().fields.iter().find(|f| f.id == id) else {
            return;
        };
        let values = edit::field_values(&self.ws, &id);
        let undo_key = self.key(Action::Undo);
        self.overlays.push(Overlay::Confirm(Confirm::field_removal(
            &crate::text::printable(&field.name),
            id,
            values,
            undo_key,
        )));
    }

    /// Opens a list of choices, built from the workspace as it is now.
    fn pick(&mut self, choices: Choices) {
        let ws = &self.ws;
        let counted = !self.owners_wait();
        let picker = match choices {
            Choices::InventoryFilters(on) => Picker::inventory_filters(&on, ws, counted),
            Choices::MapFilters => Picker::map_filters(&self.map_filter, ws, counted),
            Choices::CalendarFilters(on) => Picker::calendar_filters(&on, ws, counted),
            Choices::Changes(count) => Picker::changes(count, ws, counted),
            Choices::CompareWith(a) => Picker::compare_with(a, ws),
        };
        self.overlays.push(Overlay::Picker(Box::new(picker)));
    }

    /// A choice picked from the list on top: a filter turned on or off (the list stays open),
    /// or a change to the inventory's marked rows (the list closes).
    fn picked(&mut self, purpose: Purpose, choice: Choice) {
        match (purpose, choice) {
            (Purpose::Inventory, Choice::Facet(facet)) => self.on_view(|view, given| {
                if let ViewState::Inventory(inventory) = view {
                    inventory.toggle(facet, given);
                }
            }),
            (Purpose::Map, Choice::Facet(facet)) => self.map_filter.items.toggle(facet),
            (Purpose::Calendar, Choice::Facet(facet)) => self.on_view(|view, given| {
                if let ViewState::Calendar(calendar) = view {
                    calendar.toggle(facet, given);
                }
            }),
            (Purpose::Map, Choice::GapsOnly) => {
                self.map_filter.gaps_only = !self.map_filter.gaps_only;
            }
            (Purpose::Compare, Choice::Compare { a, b }) => {
                self.overlays.pop();
                self.show_comparison(a, b);
            }
            (Purpose::Change, choice) => {
                self.overlays.pop();
                let mut ids = Vec::new();
                self.on_view(|view, given| {
                    if let ViewState::Inventory(inventory) = view {
                        ids = inventory.chosen(given.ws);
                    }
                });
                match choice {
                    Choice::Change(change) => self.apply(Outcome::edit(move |ws| {
                        edit::change_items(ws, &ids, &change)
                    })),
                    Choice::Delete => self.apply(Outcome::AskDeleteItems(ids)),
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// The question on top was answered yes.
    fn yes(&mut self, pending: Pending) {
        self.overlays.pop();
        match pending {
            Pending::DiscardForm => {
                self.overlays.pop();
            }
            Pending::Quit => self.effects.push(Effect::Quit),
            // The selection stays where it was, on what comes after what went.
            Pending::Remove(removal) => {
                self.try_edit(Box::new(move |ws| removal.apply(ws)));
            }
            Pending::RemoveItems(ids) => {
                self.try_edit(Box::new(move |ws| edit::delete_items(ws, &ids)));
            }
            Pending::RemoveField(id) => {
                self.try_edit(Box::new(move |ws| edit::delete_field(ws, &id)));
            }
        }
    }

    pub(super) fn open_form(&mut self, subject: Subject) {
        if let Some(form) = build_form(&self.ws, subject, self.today) {
            self.overlays.push(Overlay::Form(Box::new(form)));
        }
    }

    /// Saves the form on top: its values become an edit, or it shows why not.
    fn submit_form(&mut self) {
        let Some(Overlay::Form(form)) = self.overlays.last_mut() else {
            return;
        };
        match submit_form(form, &mut self.ws, self.today) {
            Ok(undo) => {
                let subject = form.subject;
                let measured = measured_on(form, self.today);
                self.overlays.pop();
                self.applied(undo);
                self.select_new(subject);
                if let (Some(on), Some(Overlay::History(history))) =
                    (measured, self.overlays.last_mut())
                {
                    history.select(&self.ws, on);
                }
            }
            Err(refusal) => refusal.show_in(form),
        }
    }

    /// After adding an entry, select it.
    fn select_new(&mut self, subject: Subject) {
        let s = &mut self.selection;
        match subject {
            Subject::Persona(None) => {
                s.persona = self.ws.personas().len().saturating_sub(1);
                s.journey = 0;
            }
            Subject::Journey { id: None, .. } => {
                s.journey = s.journeys(&self.ws).len().saturating_sub(1);
                s.step = 0;
            }
            Subject::Step { id: None, at, .. } => s.step = at,
            Subject::ContentType(None) => {
                s.content_type = self.ws.content_types().len().saturating_sub(1)
            }
            _ => {}
        }
        self.selection.clamp(&self.ws);
    }
}
