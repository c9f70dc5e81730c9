//! The gap list: every mapped cell without content, filtered by persona and journey, with the
//! keys that cycle the filters and start an item for the selected gap.

use super::select;
use crate::app::action::Action;
use crate::app::outcome::{Given, Outcome};
use crate::app::subject::Subject;
use crate::model::{Gap, Id, Workspace};

/// The gap list's filters, its rows and the row selected.
#[derive(Debug, Default)]
pub struct GapsState {
    pub persona: Option<Id>,
    pub journey: Option<Id>,
    pub rows: Vec<Gap>,
    pub selected: usize,
}

impl GapsState {
    pub fn handle(&mut self, action: Action, given: &Given) -> Outcome {
        if select(&mut self.selected, self.rows.len(), action) {
            return Outcome::Done;
        }
        let gap = self.rows.get(self.selected).copied();
        match (action, gap) {
            (Action::FilterPersona | Action::FilterJourney, _) => {
                self.filter(action, given.ws);
                self.refresh(given);
                Outcome::Done
            }
            (Action::Jump, Some(gap)) => Outcome::JumpToCell {
                step: gap.step_id,
                content_type: gap.content_type_id,
            },
            (Action::Add, Some(gap)) => Outcome::Form(Subject::Item {
                id: None,
                content_type: gap.content_type_id,
                step: Some(gap.step_id),
                date: given.today.add_days(14),
            }),
            (Action::Jump | Action::Add, None) => Outcome::Done,
            _ => Outcome::Ignored,
        }
    }

    /// The next persona or journey to filter by, after the last none.
    fn filter(&mut self, action: Action, ws: &Workspace) {
        let personas: Vec<Id> = ws.personas().iter().map(|p| p.id).collect();
        let journeys: Vec<Id> = ws.journeys().iter().map(|j| j.id).collect();
        let cycle = |current: Option<Id>, all: &[Id]| match current {
            None => all.first().copied(),
            Some(id) => all
                .iter()
                .position(|x| *x == id)
                .and_then(|at| all.get(at + 1))
                .copied(),
        };
        if action == Action::FilterPersona {
            self.persona = cycle(self.persona, &personas);
        } else {
            self.journey = cycle(self.journey, &journeys);
        }
        self.selected = 0;
    }

    /// The gaps of the journeys the filters leave, journey by journey.
    pub fn refresh(&mut self, given: &Given) {
        let ws = given.ws;
        let rows: Vec<Gap> = ws
            .journeys()
            .iter()
            .filter(|j| self.journey.is_none_or(|id| j.id == id))
            .filter(|j| self.persona.is_none_or(|p| j.persona_ids.contains(&p)))
            .flat_map(|j| ws.journey_gaps(j))
            .collect();
        self.selected = self.selected.min(rows.len().saturating_sub(1));
        self.rows = rows;
    }
}
