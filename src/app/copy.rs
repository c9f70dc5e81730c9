//! `y` copies the selected entry (in the gap list the list as shown, in the metrics view the
//! selected KPI), `Y` the focused journey's whole report, as Markdown: the App writes the text and
//! asks the loop to hand it to the terminal's clipboard (OSC 52, which works over SSH and inside
//! tmux).

use super::views::{GapsState, ViewState};
use super::{App, Context, Effect, Overlay};
use crate::export::markdown::entry;

impl App {
    /// Asks the loop to copy the selected entry (or, `whole_journey`, the focused journey's
    /// report) as Markdown; says so when there is nothing to copy where the keyboard is.
    pub(super) fn copy(&mut self, whole_journey: bool) {
        match self.markdown(whole_journey) {
            Some((what, markdown)) => self.effects.push(Effect::Copy { what, markdown }),
            None => self.tell(
                "nothing here to copy: select a persona, journey, step, item, gap or KPI".into(),
            ),
        }
    }

    /// What to copy where the keyboard is, in words (`persona "Commuter Clara"`), and its
    /// Markdown.
    fn markdown(&self, whole_journey: bool) -> Option<(String, String)> {
        let ws = &self.ws;
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
                Some((named("step", &step.name), entry::step(ws, journey, step)))
            }
            (Context::CellItems, Some(Overlay::CellItems(cell))) => {
                let items = ws.cell_items(cell.step, cell.content_type);
                let item = items.get(cell.selected)?;
                Some((named("item", &item.title), entry::item(ws, item)))
            }
            (Context::History, Some(Overlay::History(history))) => {
                let metric = ws.metrics().get(history.metric)?;
                Some((named("KPI", &metric.name), entry::metric(ws, metric)))
            }
            (_, Some(Overlay::View(view))) => match &**view {
                ViewState::Gaps(gaps) => self.gap_list(gaps),
                ViewState::Table(table) if table.view == super::View::Metrics => {
                    let metric = ws.metric_by_level(table.selected)?;
                    Some((named("KPI", &metric.name), entry::metric(ws, metric)))
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// The gap list as shown: its filters applied, every row, not only those on screen.
    fn gap_list(&self, gaps: &GapsState) -> Option<(String, String)> {
        let ws = &self.ws;
        if gaps.rows.is_empty() {
            return None;
        }
        let shown = gaps.rows.all(ws);
        let filters: Vec<String> = [
            gaps.persona
                .and_then(|id| ws.personas().get(id))
                .map(|p| named("persona", &p.name)),
            gaps.journey
                .and_then(|id| ws.journeys().get(id))
                .map(|j| named("journey", &j.name)),
        ]
        .into_iter()
        .flatten()
        .collect();
        let what = match shown.len() {
            1 => "the gap list (1 gap)".to_string(),
            n => format!("the gap list ({n} gaps)"),
        };
        Some((what, entry::gaps(ws, &shown, ws.gap_count(), &filters)))
    }
}

/// An entry in words, as the status line names what was copied: `persona "Commuter Clara"`.
fn named(noun: &str, name: &str) -> String {
    format!("{noun} \"{}\"", crate::export::one_line(name))
}
