//! `y` copies the selected entry, `Y` the focused journey's whole report, as Markdown: the App
//! writes the text and asks the loop to hand it to the terminal's clipboard (OSC 52, which works
//! over SSH and inside tmux).

use super::{App, Context, Effect, Overlay};
use crate::export::markdown::entry;

impl App {
    /// Asks the loop to copy the selected entry (or, `whole_journey`, the focused journey's
    /// report) as Markdown; says so when there is nothing to copy where the keyboard is.
    pub(super) fn copy(&mut self, whole_journey: bool) {
        match self.markdown(whole_journey) {
            Some((what, markdown)) => self.effects.push(Effect::Copy { what, markdown }),
            None => {
                self.tell("nothing here to copy: select a persona, journey, step or item".into())
            }
        }
    }

    /// What to copy where the keyboard is, in words (`persona "Commuter Clara"`), and its
    /// Markdown.
    fn markdown(&self, whole_journey: bool) -> Option<(String, String)> {
        let ws = &self.ws;
        let named =
            |noun: &str, name: &str| format!("{noun} \"{}\"", crate::export::one_line(name));
        if whole_journey {
            let journey = self.selected_journey()?;
            return Some((
                format!("the report of {}", named("journey", &journey.name)),
                entry::journey_report(ws, journey, self.today),
            ));
        }
        match (self.context(), self.overlays.last()) {
            (Context::Personas, _) => {
                let persona = ws.personas().get(self.selected_persona()?)?;
                Some((named("persona", &persona.name), entry::persona(ws, persona)))
            }
            (Context::Journeys, _) => {
                let journey = self.selected_journey()?;
                Some((named("journey", &journey.name), entry::journey(ws, journey)))
            }
            (Context::Board, _) => {
                let journey = self.selected_journey()?;
                let step = journey.step(self.selected_step()?)?;
                Some((named("step", &step.name), entry::step(journey, step)))
            }
            (Context::CellItems, Some(Overlay::CellItems(cell))) => {
                let items = ws.cell_items(cell.step, cell.content_type);
                let item = items.get(cell.selected)?;
                Some((named("item", &item.title), entry::item(ws, item)))
            }
            _ => None,
        }
    }
}
