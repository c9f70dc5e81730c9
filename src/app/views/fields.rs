//! The workspace's own fields, in their order: add, rename, move up or down (undoable) and
//! delete (asks, counting the values that go with it); below them the built-in step lanes, each
//! hidden from the board or shown again (undoable). A lane is no field of the workspace's: it
//! cannot be renamed, moved or deleted, and those keys on it say so.

use super::select;
use crate::app::action::Action;
use crate::app::keymap::Context;
use crate::app::outcome::{Given, Outcome};
use crate::app::subject::Subject;
use crate::model::edit;
use crate::model::fields::STEP_LANES;
use crate::model::schema::{EntityKind, FieldValue, Schema};

/// One field as the view lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldRow {
    pub id: String,
    pub name: String,
    /// The kind of entry it is on, as the file spells it.
    pub on: String,
    pub long: bool,
    /// How many entries hold a value of it.
    pub values: usize,
}

/// One built-in step lane as the view lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneRow {
    /// Its name in the file (one of [`STEP_LANES`]), what `hidden_lanes` holds.
    pub lane: &'static str,
    /// Its name on screen, as the step's form labels it: `pain_points` is "Pain points".
    pub label: String,
    pub hidden: bool,
    /// How many steps have text in it.
    pub values: usize,
}

/// The fields as listed, then the built-in lanes, and the row selected (the fields' rows first,
/// the lanes' after them). Read from the workspace when the view opens and after every change,
/// never per frame.
#[derive(Debug, Default)]
pub struct FieldsState {
    pub rows: Vec<FieldRow>,
    pub lanes: Vec<LaneRow>,
    pub selected: usize,
}

impl FieldsState {
    /// How many rows the view lists: the fields, then the lanes.
    pub fn len(&self) -> usize {
        self.rows.len() + self.lanes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The lane of row `at`, if that row is a lane's.
    pub fn lane(&self, at: usize) -> Option<&LaneRow> {
        at.checked_sub(self.rows.len())
            .and_then(|at| self.lanes.get(at))
    }

    pub fn handle(&mut self, action: Action, given: &Given) -> Outcome {
        let len = self.len();
        if select(&mut self.selected, len, action) {
            return Outcome::Done;
        }
        if action == Action::Add {
            return Outcome::Form(Subject::Field(None));
        }
        let at = self.selected;
        if let Some(lane) = self.lane(at) {
            return lane_outcome(lane, action, given);
        }
        let Some(row) = self.rows.get(at) else {
            return match action {
                Action::Edit
                | Action::Delete
                | Action::MoveBack
                | Action::MoveForward
                | Action::ToggleLane => Outcome::Done,
                _ => Outcome::Ignored,
            };
        };
        let id = row.id.clone();
        match action {
            Action::ToggleLane => Outcome::Tell(format!(
                "only a built-in lane is hidden; {:?} shows where an entry has a value",
                crate::text::printable(&row.name)
            )),
            Action::Edit => Outcome::Form(Subject::Field(Some(at))),
            Action::Delete => Outcome::AskDeleteField(id),
            Action::MoveBack if at > 0 => {
                self.selected = at - 1;
                Outcome::edit(move |ws| edit::relocate_field(ws, &id, at - 1))
            }
            Action::MoveForward if at + 1 < self.rows.len() => {
                self.selected = at + 1;
                Outcome::edit(move |ws| edit::relocate_field(ws, &id, at + 1))
            }
            Action::MoveBack | Action::MoveForward => Outcome::Done,
            _ => Outcome::Ignored,
        }
    }

    /// Reads the fields and the lanes again. A field that appeared (added, or brought back by
    /// undo) is selected; otherwise the selection stays on its row number, within the list.
    pub fn refresh(&mut self, given: &Given) {
        let ws = given.ws;
        self.lanes = lane_rows(given);
        let before = std::mem::take(&mut self.rows);
        self.rows = ws
            .contents()
            .fields
            .iter()
            .map(|f| FieldRow {
                id: f.id.clone(),
                name: f.name.clone(),
                on: f.on.clone(),
                long: f.long,
                values: edit::field_values(ws, &f.id),
            })
            .collect();
        let appeared = (!before.is_empty())
            .then(|| {
                self.rows
                    .iter()
                    .position(|row| before.iter().all(|old| old.id != row.id))
            })
            .flatten();
        self.selected = appeared.unwrap_or(self.selected.min(self.len().saturating_sub(1)));
    }
}

/// What a key does on a lane's row: the toggle hides or shows it, as one undoable edit; the keys
/// that rename, move or delete a field say that a lane is none of the workspace's fields.
fn lane_outcome(lane: &LaneRow, action: Action, given: &Given) -> Outcome {
    let cannot = match action {
        Action::ToggleLane => {
            let (name, hidden) = (lane.lane, !lane.hidden);
            return Outcome::edit(move |ws| edit::set_lane_hidden(ws, name, hidden));
        }
        Action::Edit => "renamed",
        Action::MoveBack | Action::MoveForward => "moved",
        Action::Delete => "deleted",
        _ => return Outcome::Ignored,
    };
    let built_in = format!("built-in lane {:?} cannot be {cannot}", lane.label);
    Outcome::Tell(
        match given.keymap.key_for(Context::Fields, Action::ToggleLane) {
            Some(key) => format!("{built_in}; {key} hides or shows it"),
            None => built_in,
        },
    )
}

/// The built-in lanes in the order a card shows them, each hidden or not and counted: one walk
/// over the steps, when the view opens or the workspace changed.
fn lane_rows(given: &Given) -> Vec<LaneRow> {
    let contents = given.ws.contents();
    let mut values = [0; STEP_LANES.len()];
    for step in given.ws.journeys().iter().flat_map(|j| &j.steps) {
        for (count, lane) in values.iter_mut().zip(STEP_LANES) {
            let text = step.read(lane);
            *count +=
                usize::from(matches!(text, Some(FieldValue::Text(t)) if !t.trim().is_empty()));
        }
    }
    STEP_LANES
        .into_iter()
        .zip(values)
        .map(|(lane, values)| LaneRow {
            lane,
            label: lane_label(lane).to_string(),
            hidden: contents.hidden_lanes.iter().any(|h| h == lane),
            values,
        })
        .collect()
}

/// A lane's name in words, the label of its field: `pain_points` is "Pain points".
fn lane_label(lane: &str) -> &'static str {
    EntityKind::Step.field(lane).map_or("", |field| field.label)
}
