//! The gap list: every mapped cell without content, filtered by persona and journey, with the
//! keys that cycle the filters and start an item for the selected gap.

use super::{Action, App, Subject};
use crate::model::{Gap, Id};

/// The gap list's filters, its rows and the row selected.
#[derive(Debug, Default)]
pub struct GapsState {
    pub persona: Option<Id>,
    pub journey: Option<Id>,
    pub rows: Vec<Gap>,
    pub selected: usize,
}

impl App {
    /// The gaps of the journeys the filters leave, journey by journey.
    pub(super) fn gap_rows(&self, persona: Option<Id>, journey: Option<Id>) -> Vec<Gap> {
        self.ws
            .journeys()
            .iter()
            .filter(|j| journey.is_none_or(|id| j.id == id))
            .filter(|j| persona.is_none_or(|p| j.persona_ids.contains(&p)))
            .flat_map(|j| self.ws.journey_gaps(j))
            .collect()
    }

    pub(super) fn gap_filter(&mut self, action: Action) {
        let personas: Vec<Id> = self.ws.personas().iter().map(|p| p.id).collect();
        let journeys: Vec<Id> = self.ws.journeys().iter().map(|j| j.id).collect();
        let Some(state) = self.gaps_mut() else {
            return;
        };
        let cycle = |current: Option<Id>, all: &[Id]| match current {
            None => all.first().copied(),
            Some(id) => all
                .iter()
                .position(|x| *x == id)
                .and_then(|at| all.get(at + 1))
                .copied(),
        };
        if action == Action::FilterPersona {
            state.persona = cycle(state.persona, &personas);
        } else {
            state.journey = cycle(state.journey, &journeys);
        }
        state.selected = 0;
        self.refresh_views();
    }

    fn selected_gap(&self) -> Option<Gap> {
        let state = self.gaps()?;
        state.rows.get(state.selected).copied()
    }

    pub(super) fn gap_new_item(&mut self) {
        let Some(gap) = self.selected_gap() else {
            return;
        };
        if self.refuse_if_read_only() {
            return;
        }
        self.open_form(Subject::Item {
            id: None,
            content_type: gap.content_type_id,
            step: Some(gap.step_id),
            date: self.today.add_days(14),
        });
    }
}
