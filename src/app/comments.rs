//! The comment key: a comment on whatever is selected where the keyboard is — a persona, a
//! journey, a step, a content type (in the content map), an item or a KPI.

use super::subject::{Entry, Subject};
use super::views::ViewState;
use super::{App, Context, Outcome, Overlay, View};
use crate::model::search::Target;

impl App {
    /// Opens the one-field form of a comment on the selection, or says what can take one.
    pub(super) fn comment(&mut self) {
        match self.commented() {
            Some(target) => self.apply(Outcome::Form(Subject::Comment(target))),
            None => self.tell(
                "nothing here to comment on: select a persona, journey, step, content type, item or KPI"
                    .into(),
            ),
        }
    }

    /// The entry selected where the keyboard is, when it is one that takes comments.
    fn commented(&self) -> Option<Target> {
        let ws = &self.ws;
        match (self.context(), self.overlays.last()) {
            (Context::Personas, _) => self.selected_persona().map(Target::Persona),
            (Context::Journeys, _) => self.selected_journey().map(|j| Target::Journey(j.id)),
            (Context::Board, _) => self.selected_step().map(Target::Step),
            (Context::Grid, _) => self.selected_content_type().map(Target::ContentType),
            (Context::Card, Some(Overlay::Card(card))) => Some(match card.entry {
                Entry::Persona(id) => Target::Persona(id),
                Entry::Step { id, .. } => Target::Step(id),
                Entry::Item(id) => Target::Item(id),
            }),
            (Context::CellItems, Some(Overlay::CellItems(cell))) => {
                let items = ws.cell_items(cell.step, cell.content_type);
                items.get(cell.selected).map(|item| Target::Item(item.id))
            }
            (Context::History, Some(Overlay::History(history))) => {
                Some(Target::Metric(history.metric))
            }
            (_, Some(Overlay::View(view))) => match &**view {
                ViewState::Inventory(inventory) => inventory
                    .row(ws, inventory.selected)
                    .map(|item| Target::Item(item.id)),
                ViewState::Table(table) if table.view == View::Metrics => ws
                    .metric_by_level(table.selected)
                    .map(|metric| Target::Metric(metric.id)),
                _ => None,
            },
            _ => None,
        }
    }
}
