//! The rules a valid workspace keeps, checked entry by entry.
//!
//! Loading runs them over every entry of a file; every edit runs them over the entries it is
//! about to write, so nothing invalid ever reaches the model.

use std::collections::{HashMap, HashSet};
use std::fmt;

use super::{
    Channel, ContentType, EMOTION_RANGE, Entity, Id, Item, Journey, Metric, Objective, Persona,
    Step, Table, Workspace,
};

/// One thing wrong with one field of one entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where the entry is in the file, e.g. `journeys[2].steps[4]`.
    pub entry: String,
    /// The entry's name, when it has one, so a person can find it without counting.
    pub label: String,
    /// The field at fault, e.g. `emotion`, or `id`.
    pub field: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.entry)?;
        if !self.label.is_empty() {
            write!(f, " {:?}", self.label)?;
        }
        if !self.field.is_empty() {
            write!(f, ": {}", self.field)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The largest amount of money a budget or cost may be: ten trillion. Totals of any number of
/// such amounts stay exact (see [`cents`](super::cents)).
pub const MAX_AMOUNT: f64 = 1e13;

/// Collects the problems of one entry.
pub struct Checker<'a> {
    workspace: &'a Workspace,
    entry: String,
    label: String,
    problems: Vec<Problem>,
}

impl<'a> Checker<'a> {
    pub fn new(workspace: &'a Workspace, entry: String, label: &str) -> Self {
        Checker {
            workspace,
            entry,
            label: label.to_string(),
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, field: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            entry: self.entry.clone(),
            label: self.label.clone(),
            field: field.to_string(),
            message: message.into(),
        });
    }

    fn id(&mut self, id: Id) {
        if id.is_nil() {
            self.problem("id", "is missing");
        }
    }

    fn named(&mut self, field: &str, text: &str) {
        if text.trim().is_empty() {
            self.problem(field, "is empty");
        }
    }

    fn money(&mut self, field: &str, amount: f64) {
        // `1e300`, not three hundred digits.
        let shown = if amount.abs() >= 1e15 {
            format!("{amount:e}")
        } else {
            amount.to_string()
        };
        if !amount.is_finite() || amount < 0.0 {
            self.problem(
                field,
                format!("{shown} is not an amount of money (0 or more)"),
            );
        } else if amount > MAX_AMOUNT {
            self.problem(
                field,
                format!("{shown} is larger than any budget (at most {MAX_AMOUNT})"),
            );
        }
    }

    fn reference<T: Entity>(&mut self, field: &str, id: Id, exists: bool) {
        if !exists {
            self.problem(field, format!("no {} has id {id}", T::NOUN));
        }
    }

    fn references<T: Entity>(&mut self, field: &str, ids: &[Id], exists: impl Fn(Id) -> bool) {
        let mut seen = HashSet::new();
        for (at, id) in ids.iter().enumerate() {
            let field = format!("{field}[{at}]");
            if !seen.insert(*id) {
                self.problem(&field, format!("{id} is listed twice"));
            } else {
                self.reference::<T>(&field, *id, exists(*id));
            }
        }
    }

    pub fn finish(self) -> Vec<Problem> {
        self.problems
    }
}

/// The rules of each kind of entry.
pub trait Rules: Entity {
    fn check(&self, checker: &mut Checker);
}

/// The problems of one entry, reported at `entry` (its place in the file).
pub fn check_entry<T: Rules>(workspace: &Workspace, entry: String, value: &T) -> Vec<Problem> {
    let mut checker = Checker::new(workspace, entry, value.label());
    value.check(&mut checker);
    checker.finish()
}

impl Rules for Objective {
    fn check(&self, c: &mut Checker) {
        c.id(self.id);
        c.named("title", &self.title);
    }
}

impl Rules for Channel {
    fn check(&self, c: &mut Checker) {
        c.id(self.id);
        c.named("name", &self.name);
        c.money("budget", self.budget);
    }
}

impl Rules for Persona {
    fn check(&self, c: &mut Checker) {
        c.id(self.id);
        c.named("name", &self.name);
        let channels = c.workspace.channels();
        c.references::<Channel>("channel_ids", &self.channel_ids, |id| channels.contains(id));
    }
}

impl Rules for ContentType {
    fn check(&self, c: &mut Checker) {
        c.id(self.id);
        c.named("name", &self.name);
    }
}

impl Rules for Step {
    fn check(&self, c: &mut Checker) {
        c.id(self.id);
        c.named("name", &self.name);
        if let Some(score) = self.emotion
            && !EMOTION_RANGE.contains(&score)
        {
            c.problem("emotion", format!("{score} is outside 1–5"));
        }
    }
}

impl Rules for Journey {
    fn check(&self, c: &mut Checker) {
        c.id(self.id);
        c.named("name", &self.name);
        let ws = c.workspace;
        c.references::<Persona>("persona_ids", &self.persona_ids, |id| {
            ws.personas().contains(id)
        });
        if let Some(objective) = self.objective_id {
            let exists = ws.objectives().contains(objective);
            c.reference::<Objective>("objective_id", objective, exists);
        }
        let mut step_ids = HashSet::new();
        for (at, step) in self.steps.iter().enumerate() {
            let mut inner = Checker::new(ws, format!("{}.steps[{at}]", c.entry), &step.name);
            step.check(&mut inner);
            if !step.id.is_nil() && !step_ids.insert(step.id) {
                inner.problem("id", format!("{} is used by another step", step.id));
            }
            c.problems.extend(inner.finish());
        }
        let mut mapped = HashSet::new();
        for (at, mapping) in self.mappings.iter().enumerate() {
            let field = format!("mappings[{at}]");
            if !step_ids.contains(&mapping.step_id) {
                c.problem(
                    &format!("{field}.step_id"),
                    format!("no step of this journey has id {}", mapping.step_id),
                );
            }
            let type_exists = ws.content_types().contains(mapping.content_type_id);
            c.reference::<ContentType>(
                &format!("{field}.content_type_id"),
                mapping.content_type_id,
                type_exists,
            );
            if !mapped.insert((mapping.step_id, mapping.content_type_id)) {
                c.problem(
                    &field,
                    "maps the same content type onto the same step twice",
                );
            }
        }
    }
}

impl Rules for Item {
    fn check(&self, c: &mut Checker) {
        c.id(self.id);
        c.named("title", &self.title);
        let ws = c.workspace;
        let type_exists = ws.content_types().contains(self.content_type_id);
        c.reference::<ContentType>("content_type_id", self.content_type_id, type_exists);
        c.references::<Step>("step_ids", &self.step_ids, |id| {
            ws.journey_of_step(id).is_some()
        });
        if let Some(channel) = self.channel_id {
            let exists = ws.channels().contains(channel);
            c.reference::<Channel>("channel_id", channel, exists);
        }
        c.money("cost", self.cost);
    }
}

impl Rules for Metric {
    fn check(&self, c: &mut Checker) {
        c.id(self.id);
        c.named("name", &self.name);
        let ws = c.workspace;
        let attached = [self.journey_id, self.step_id, self.item_id];
        if attached.iter().flatten().count() > 1 {
            c.problem(
                "journey_id",
                "a metric is attached to one thing at most: set only one of journey_id, step_id, item_id",
            );
        }
        if let Some(id) = self.journey_id {
            c.reference::<Journey>("journey_id", id, ws.journeys().contains(id));
        }
        if let Some(id) = self.step_id {
            c.reference::<Step>("step_id", id, ws.journey_of_step(id).is_some());
        }
        if let Some(id) = self.item_id {
            c.reference::<Item>("item_id", id, ws.items().contains(id));
        }
        for (field, value) in [("target", self.target), ("actual", self.actual)] {
            if value.is_some_and(|v| !v.is_finite()) {
                c.problem(field, "is not a number");
            }
        }
    }
}

/// Which entry first used each id, to report later uses.
#[derive(Default)]
struct IdOwners(HashMap<Id, String>);

impl IdOwners {
    fn claim(&mut self, problems: &mut Vec<Problem>, id: Id, entry: String, label: &str) {
        if id.is_nil() {
            return;
        }
        match self.0.get(&id) {
            Some(first) => problems.push(Problem {
                entry,
                label: label.to_string(),
                field: "id".into(),
                message: format!("{id} is already the id of {first}"),
            }),
            None => {
                self.0.insert(id, entry);
            }
        }
    }

    fn check_all<T: Rules>(
        &mut self,
        ws: &Workspace,
        rows: &Table<T>,
        problems: &mut Vec<Problem>,
    ) {
        for (at, row) in rows.iter().enumerate() {
            let entry = format!("{}[{at}]", T::COLLECTION);
            self.claim(problems, row.id(), entry.clone(), row.label());
            problems.extend(check_entry(ws, entry, row));
        }
    }
}

/// Every problem of a whole workspace: each entry's rules, and ids used more than once anywhere.
pub fn check_workspace(ws: &Workspace) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut owners = IdOwners::default();
    let c = ws.contents();
    owners.check_all(ws, &c.objectives, &mut problems);
    owners.check_all(ws, &c.channels, &mut problems);
    owners.check_all(ws, &c.personas, &mut problems);
    owners.check_all(ws, &c.content_types, &mut problems);
    owners.check_all(ws, &c.journeys, &mut problems);
    for (j, journey) in c.journeys.iter().enumerate() {
        for (s, step) in journey.steps.iter().enumerate() {
            // A repeat within the same journey was reported by the journey's own rules.
            let same_journey = format!("journeys[{j}].steps[");
            if owners
                .0
                .get(&step.id)
                .is_some_and(|first| first.starts_with(&same_journey))
            {
                continue;
            }
            owners.claim(
                &mut problems,
                step.id,
                format!("{same_journey}{s}]"),
                &step.name,
            );
        }
    }
    owners.check_all(ws, &c.items, &mut problems);
    owners.check_all(ws, &c.metrics, &mut problems);
    check_conflicts(ws, &mut problems);
    problems
}

/// A merge conflict must be about an entry the workspace holds: one whose entry is gone can
/// neither be shown nor resolved.
fn check_conflicts(ws: &Workspace, problems: &mut Vec<Problem>) {
    for (at, conflict) in ws.conflicts().iter().enumerate() {
        let (field, message) = match conflict.entry_exists(ws) {
            Some(true) => continue,
            Some(false) => (
                "id",
                match conflict.mapping_parts() {
                    Some((content_type, _)) => format!(
                        "step {} has no mapping of content type {content_type} (the mapping this conflict is about is gone)",
                        conflict.id
                    ),
                    None => format!(
                        "no {} has id {} (the entry this conflict is about is gone)",
                        conflict.noun(),
                        conflict.id
                    ),
                },
            ),
            None => (
                "kind",
                format!("{:?} is not a kind of entry", conflict.kind),
            ),
        };
        problems.push(Problem {
            entry: format!("conflicts[{at}]"),
            label: String::new(),
            field: field.into(),
            message,
        });
    }
}
