//! What an edit that takes something away does to the rest of the workspace, counted from the
//! edit's own changes (each entry's version before and after), so a question asked before a
//! deletion can say exactly what goes and what is kept.

use std::collections::HashSet;

use super::change::Tally;
use super::{Attachment, Entity, Item, Journey, Metric, Persona};

/// What goes and what is kept but changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Impact {
    /// Entries that go, by kind, in the order met; steps and cell mappings, which live inside
    /// their journey, are counted as kinds of their own ("step", "cell mapping").
    pub removed: Tally,
    /// Journeys kept for their other personas.
    pub journeys_unshared: usize,
    /// Journeys that lose their objective.
    pub journeys_unlinked: usize,
    /// Items that lose steps and still have at least one.
    pub items_on_other_steps: usize,
    /// Items that lose their last step.
    pub items_on_no_step: usize,
    pub items_unchanneled: usize,
    /// Items given to another content type.
    pub items_retyped: usize,
    pub personas_unchanneled: usize,
    pub metrics_to_journey: usize,
    pub metrics_to_workspace: usize,
}

impl Impact {
    /// Counts `count` entries of a kind that go.
    pub(super) fn remove(&mut self, count: usize, noun: &'static str) {
        if count == 0 {
            return;
        }
        match self.removed.iter_mut().find(|(_, n)| *n == noun) {
            Some((total, _)) => *total += count,
            None => self.removed.push((count, noun)),
        }
    }

    /// How many entries of a kind go.
    pub fn removed_of(&self, noun: &str) -> usize {
        self.removed
            .iter()
            .find(|(_, n)| *n == noun)
            .map_or(0, |(count, _)| *count)
    }

    pub(super) fn journey(&mut self, old: &Journey, new: Option<&Journey>) {
        let Some(new) = new else {
            self.remove(1, Journey::NOUN);
            self.remove(old.steps.len(), "step");
            self.remove(old.mappings.len(), "cell mapping");
            return;
        };
        let steps: HashSet<_> = new.steps.iter().map(|s| s.id).collect();
        self.remove(
            old.steps.iter().filter(|s| !steps.contains(&s.id)).count(),
            "step",
        );
        let cells: HashSet<_> = new
            .mappings
            .iter()
            .map(|m| (m.step_id, m.content_type_id))
            .collect();
        self.remove(
            old.mappings
                .iter()
                .filter(|m| !cells.contains(&(m.step_id, m.content_type_id)))
                .count(),
            "cell mapping",
        );
        if new.persona_ids.len() < old.persona_ids.len() {
            self.journeys_unshared += 1;
        }
        if old.objective_id.is_some() && new.objective_id.is_none() {
            self.journeys_unlinked += 1;
        }
    }

    pub(super) fn item(&mut self, old: &Item, new: Option<&Item>) {
        let Some(new) = new else {
            self.remove(1, Item::NOUN);
            return;
        };
        if new.step_ids.len() < old.step_ids.len() {
            if new.step_ids.is_empty() {
                self.items_on_no_step += 1;
            } else {
                self.items_on_other_steps += 1;
            }
        }
        if old.channel_id.is_some() && new.channel_id.is_none() {
            self.items_unchanneled += 1;
        }
        if old.content_type_id != new.content_type_id {
            self.items_retyped += 1;
        }
    }

    pub(super) fn metric(&mut self, old: &Metric, new: Option<&Metric>) {
        let Some(new) = new else {
            self.remove(1, Metric::NOUN);
            self.remove(old.measurements.len(), super::MEASUREMENT);
            return;
        };
        let gone = old
            .measurements
            .iter()
            .filter(|m| !new.measurements.iter().any(|n| n.on == m.on))
            .count();
        self.remove(gone, super::MEASUREMENT);
        if old.attachment() != new.attachment() {
            match new.attachment() {
                Attachment::Journey(_) => self.metrics_to_journey += 1,
                _ => self.metrics_to_workspace += 1,
            }
        }
    }

    pub(super) fn persona(&mut self, old: &Persona, new: Option<&Persona>) {
        match new {
            None => self.remove(1, Persona::NOUN),
            Some(new) if new.channel_ids.len() < old.channel_ids.len() => {
                self.personas_unchanneled += 1
            }
            Some(_) => {}
        }
    }
}
