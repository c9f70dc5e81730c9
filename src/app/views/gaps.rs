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
    pub rows: GapRows,
    pub selected: usize,
}

/// The rows of the gap list, journey by journey, without building them: only the journeys and
/// where each one's rows start are kept, and a row is made when it is shown, from the index. A
/// million items' gap list opens as fast as the sample's.
#[derive(Debug, Default)]
pub struct GapRows {
    /// The journeys the filters leave that have gaps, each with the number of its first row.
    starts: Vec<(Id, usize)>,
    len: usize,
}

impl GapRows {
    /// The gaps of the journeys the filters leave, counted from the index.
    fn of(ws: &Workspace, persona: Option<Id>, journey: Option<Id>) -> GapRows {
        let mut rows = GapRows::default();
        let journeys = ws
            .journeys()
            .iter()
            .filter(|j| journey.is_none_or(|id| j.id == id))
            .filter(|j| persona.is_none_or(|p| j.persona_ids.contains(&p)));
        for j in journeys {
            let gaps = ws.journey_gap_count(j);
            if gaps > 0 {
                rows.starts.push((j.id, rows.len));
                rows.len += gaps;
            }
        }
        rows
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every row, in order: each journey's gaps found once (reading them row by row would find
    /// a journey's gaps again for each of its rows).
    pub fn all(&self, ws: &Workspace) -> Vec<Gap> {
        self.starts
            .iter()
            .filter_map(|(id, _)| ws.journeys().get(*id))
            .flat_map(|journey| ws.journey_gaps(journey))
            .collect()
    }

    /// Row `at`: the gap in that place of its journey's step-then-type order.
    pub fn get(&self, ws: &Workspace, at: usize) -> Option<Gap> {
        let journey = self.starts.partition_point(|(_, first)| *first <= at);
        let (id, first) = *self.starts.get(journey.checked_sub(1)?)?;
        ws.journey_gaps(ws.journeys().get(id)?)
            .get(at - first)
            .copied()
    }
}

impl GapsState {
    pub fn handle(&mut self, action: Action, given: &Given) -> Outcome {
        if select(&mut self.selected, self.rows.len(), action) {
            return Outcome::Done;
        }
        let gap = self.rows.get(given.ws, self.selected);
        match (action, gap) {
            (Action::FilterPersona | Action::Filters, _) => {
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
        let rows = GapRows::of(given.ws, self.persona, self.journey);
        self.selected = self.selected.min(rows.len().saturating_sub(1));
        self.rows = rows;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{self, location::SAMPLE};

    /// With every filter, the rows read one by one are the gaps of the journeys the filters
    /// leave, listed whole as before.
    #[test]
    fn gap_rows_read_one_by_one_are_the_gaps_listed_whole() {
        let ws = storage::decode(SAMPLE.as_bytes()).expect("the sample is valid");
        let personas = ws.personas().iter().map(|p| Some(p.id));
        let journeys: Vec<_> = ws.journeys().iter().map(|j| Some(j.id)).collect();
        for persona in personas.chain([None]) {
            for journey in journeys.iter().copied().chain([None]) {
                let whole: Vec<Gap> = ws
                    .journeys()
                    .iter()
                    .filter(|j| journey.is_none_or(|id| j.id == id))
                    .filter(|j| persona.is_none_or(|p| j.persona_ids.contains(&p)))
                    .flat_map(|j| ws.journey_gaps(j))
                    .collect();
                let rows = GapRows::of(&ws, persona, journey);
                let read: Vec<Gap> = (0..rows.len())
                    .map(|at| rows.get(&ws, at).expect("a row"))
                    .collect();
                assert_eq!(read, whole);
                assert_eq!(rows.all(&ws), whole);
                assert_eq!(rows.get(&ws, rows.len()), None);
            }
        }
        assert_eq!(GapRows::of(&ws, None, None).len(), ws.gap_count());
    }
}
