//! The rules a valid workspace keeps, checked entry by entry.
//!
//! Loading runs them over every entry of a file; every edit runs them over the entries it is
//! about to write, so nothing invalid ever reaches the model.

use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;

use super::comments::is_utc_stamp;
use super::fields::{Custom, Customised, FIELD_KINDS, FieldDef, STEP_LANES};
use super::{
    Channel, Comment, ContentType, Contents, EMOTION_RANGE, Entity, Id, IdMap, IdSet, Item,
    Journey, Metric, Objective, Persona, Step, Table, Workspace,
};

/// What the rules look entries up in: the tables, and which journey holds each step. A
/// workspace gives them; so does one whose other lookups are still being built, so a large
/// file's rules are checked at the same time as its cells and dates.
#[derive(Clone, Copy)]
pub struct Lookups<'a> {
    pub contents: &'a Contents,
    /// Each step's journey, by the step's id.
    pub step_journey: &'a IdMap<Id, Id>,
}

impl Lookups<'_> {
    fn has_step(&self, id: Id) -> bool {
        self.step_journey
            .get(&id)
            .is_some_and(|&journey| self.contents.journeys.contains(journey))
    }
}

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

/// Where an entry is: `items[4]`, `journeys[2].steps[1]`, or a word for an entry being edited
/// (`item`). Put into words only when a problem is found, so checking a valid file of a million
/// entries writes no text at all.
#[derive(Clone, Copy, Debug)]
pub struct Place<'a> {
    entry: Entry<'a>,
    /// The step of a journey, by position.
    step: Option<usize>,
}

#[derive(Clone, Copy, Debug)]
enum Entry<'a> {
    Named(&'a str),
    Row(&'static str, usize),
}

impl<'a> Place<'a> {
    /// An entry known by a word, e.g. the one a form is about to write.
    pub fn named(word: &'a str) -> Self {
        Place {
            entry: Entry::Named(word),
            step: None,
        }
    }

    /// The entry at `at` in the file's list of `T`.
    pub fn row<T: Entity>(at: usize) -> Self {
        Place {
            entry: Entry::Row(T::COLLECTION, at),
            step: None,
        }
    }

    /// The step at `at` of the journey at this place.
    fn step(self, at: usize) -> Self {
        Place {
            step: Some(at),
            ..self
        }
    }
}

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.entry {
            Entry::Named(word) => f.write_str(word)?,
            Entry::Row(collection, at) => write!(f, "{collection}[{at}]")?,
        }
        match self.step {
            Some(at) => write!(f, ".steps[{at}]"),
            None => Ok(()),
        }
    }
}

/// Collects the problems of one entry.
pub struct Checker<'a> {
    lookups: Lookups<'a>,
    place: Place<'a>,
    label: &'a str,
    problems: Vec<Problem>,
}

impl<'a> Checker<'a> {
    pub fn new(lookups: Lookups<'a>, place: Place<'a>, label: &'a str) -> Self {
        Checker {
            lookups,
            place,
            label,
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, field: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            entry: self.place.to_string(),
            label: self.label.to_string(),
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
        let shown = || {
            if amount.abs() >= 1e15 {
                format!("{amount:e}")
            } else {
                amount.to_string()
            }
        };
        if !amount.is_finite() || amount < 0.0 {
            self.problem(
                field,
                format!("{} is not an amount of money (0 or more)", shown()),
            );
        } else if amount > MAX_AMOUNT {
            self.problem(
                field,
                format!(
                    "{} is larger than any budget (at most {MAX_AMOUNT})",
                    shown()
                ),
            );
        }
    }

    fn reference<T: Entity>(&mut self, field: &str, id: Id, exists: bool) {
        if !exists {
            self.problem(field, format!("no {} has id {id}", T::NOUN));
        }
    }

    fn references<T: Entity>(&mut self, field: &str, ids: &[Id], exists: impl Fn(Id) -> bool) {
        let mut seen = Seen::for_list(ids.len());
        for (at, id) in ids.iter().enumerate() {
            if seen.repeated(*id, ids[..at].iter().copied()) {
                self.problem(&format!("{field}[{at}]"), format!("{id} is listed twice"));
            } else if !exists(*id) {
                self.reference::<T>(&format!("{field}[{at}]"), *id, false);
            }
        }
    }

    /// An entry's comments: each has an id of its own within the entry, says something, and
    /// was written at a time in UTC as journeymap writes it.
    fn comments(&mut self, comments: &[Comment]) {
        for (at, comment) in comments.iter().enumerate() {
            let field = |name: &str| format!("comments[{at}].{name}");
            if comment.id.is_nil() {
                self.problem(&field("id"), "is missing");
            } else if let Some(first) = comments[..at].iter().position(|c| c.id == comment.id) {
                self.problem(
                    &field("id"),
                    format!("{} is already the id of comments[{first}]", comment.id),
                );
            }
            if comment.text.trim().is_empty() {
                self.problem(&field("text"), "is empty");
            }
            if !is_utc_stamp(&comment.at) {
                self.problem(
                    &field("at"),
                    format!(
                        "{:?} is not a time in UTC (like 2026-11-29T10:15:00Z)",
                        comment.at
                    ),
                );
            }
        }
    }

    /// An entry's values of the workspace's fields: each is of a field the workspace defines,
    /// on this kind of entry (`on`).
    fn custom(&mut self, on: &str, custom: &Custom) {
        let fields = &self.lookups.contents.fields;
        for (id, _) in custom.iter() {
            let message = match fields.iter().find(|field| field.id == id) {
                None => format!("no field has id {id:?}"),
                Some(field) if field.on != on => format!(
                    "the field {:?} is on {}, not on {}",
                    field.name,
                    kind_words(&field.on),
                    kind_words(on)
                ),
                Some(_) => continue,
            };
            self.problem(&format!("custom.{id}"), message);
        }
    }

    pub fn finish(self) -> Vec<Problem> {
        self.problems
    }
}

/// `content_type` → `content types`, for messages.
fn kind_words(on: &str) -> String {
    format!("{}s", on.replace('_', " "))
}

/// The workspace's field definitions: each has an id of its own and a name, and is on a kind
/// of entry this version knows.
pub fn field_problems(fields: &[FieldDef]) -> Vec<Problem> {
    let mut problems = Vec::new();
    check_fields(fields, &mut problems);
    problems
}

/// Each hidden lane is one of the built-in step lanes.
fn check_hidden_lanes(lanes: &[String], problems: &mut Vec<Problem>) {
    for (at, lane) in lanes.iter().enumerate() {
        if !STEP_LANES.contains(&lane.as_str()) {
            problems.push(Problem {
                entry: format!("hidden_lanes[{at}]"),
                label: lane.clone(),
                field: String::new(),
                message: format!(
                    "{lane:?} is not a step lane (one of {})",
                    STEP_LANES.join(", ")
                ),
            });
        }
    }
}

fn check_fields(fields: &[FieldDef], problems: &mut Vec<Problem>) {
    for (at, field) in fields.iter().enumerate() {
        let mut problem = |name: &str, message: String| {
            problems.push(Problem {
                entry: format!("fields[{at}]"),
                label: field.name.clone(),
                field: name.to_string(),
                message,
            })
        };
        if field.id.trim().is_empty() {
            problem("id", "is missing".into());
        } else if let Some(first) = fields[..at].iter().position(|f| f.id == field.id) {
            problem(
                "id",
                format!("{:?} is already the id of fields[{first}]", field.id),
            );
        }
        if field.name.trim().is_empty() {
            problem("name", "is empty".into());
        }
        if !FIELD_KINDS.contains(&field.on.as_str()) {
            problem(
                "on",
                format!(
                    "{:?} is not a kind of entry (one of {})",
                    field.on,
                    FIELD_KINDS.join(", ")
                ),
            );
        }
    }
}

/// The keys met so far in one list. A short list (every list a person makes) is searched again
/// instead, so checking it allocates nothing; a long one gets a set, so it is not searched
/// quadratically.
enum Seen<K> {
    Few,
    Many(IdSet<K>),
}

impl<K: Copy + Eq + Hash> Seen<K> {
    const FEW: usize = 32;

    fn for_list(len: usize) -> Self {
        if len <= Self::FEW {
            Seen::Few
        } else {
            Seen::Many(IdSet::with_capacity_and_hasher(len, Default::default()))
        }
    }

    /// Whether `key` was met before; `earlier` are the keys before it in the list.
    fn repeated(&mut self, key: K, mut earlier: impl Iterator<Item = K>) -> bool {
        match self {
            Seen::Few => earlier.any(|k| k == key),
            Seen::Many(set) => !set.insert(key),
        }
    }

    /// Whether `key` was met at all; `all` are the keys of the whole list.
    fn contains(&self, key: K, mut all: impl Iterator<Item = K>) -> bool {
        match self {
            Seen::Few => all.any(|k| k == key),
            Seen::Many(set) => set.contains(&key),
        }
    }
}

/// The rules of each kind of entry.
pub trait Rules: Entity {
    fn check(&self, checker: &mut Checker);
}

/// The problems of one entry, reported at `place` (its place in the file).
pub fn check_entry<T: Rules>(workspace: &Workspace, place: Place, value: &T) -> Vec<Problem> {
    check_entry_in(workspace.lookups(), place, value)
}

fn check_entry_in<T: Rules>(lookups: Lookups, place: Place, value: &T) -> Vec<Problem> {
    let mut checker = Checker::new(lookups, place, value.label());
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
        c.custom(Self::ON, &self.custom);
        c.comments(&self.comments);
        c.named("name", &self.name);
        let channels = &c.lookups.contents.channels;
        c.references::<Channel>("channel_ids", &self.channel_ids, |id| channels.contains(id));
    }
}

impl Rules for ContentType {
    fn check(&self, c: &mut Checker) {
        c.id(self.id);
        c.custom(Self::ON, &self.custom);
        c.comments(&self.comments);
        c.named("name", &self.name);
    }
}

impl Rules for Step {
    fn check(&self, c: &mut Checker) {
        c.id(self.id);
        c.custom(Self::ON, &self.custom);
        c.comments(&self.comments);
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
        c.custom(Self::ON, &self.custom);
        c.comments(&self.comments);
        c.named("name", &self.name);
        let ws = c.lookups;
        c.references::<Persona>("persona_ids", &self.persona_ids, |id| {
            ws.contents.personas.contains(id)
        });
        if let Some(objective) = self.objective_id {
            let exists = ws.contents.objectives.contains(objective);
            c.reference::<Objective>("objective_id", objective, exists);
        }
        // Ids of steps without one ("is missing") are not compared.
        let step_ids = || {
            self.steps
                .iter()
                .map(|step| step.id)
                .filter(|id| !id.is_nil())
        };
        let mut seen_steps = Seen::for_list(self.steps.len());
        for (at, step) in self.steps.iter().enumerate() {
            let mut inner = Checker::new(ws, c.place.step(at), &step.name);
            step.check(&mut inner);
            let earlier = self.steps[..at].iter().map(|step| step.id);
            if !step.id.is_nil() && seen_steps.repeated(step.id, earlier) {
                inner.problem("id", format!("{} is used by another step", step.id));
            }
            c.problems.extend(inner.finish());
        }
        let mut mapped = Seen::for_list(self.mappings.len());
        let pair = |mapping: &super::Mapping| (mapping.step_id, mapping.content_type_id);
        for (at, mapping) in self.mappings.iter().enumerate() {
            if mapping.step_id.is_nil() || !seen_steps.contains(mapping.step_id, step_ids()) {
                c.problem(
                    &format!("mappings[{at}].step_id"),
                    format!("no step of this journey has id {}", mapping.step_id),
                );
            }
            if !ws.contents.content_types.contains(mapping.content_type_id) {
                c.reference::<ContentType>(
                    &format!("mappings[{at}].content_type_id"),
                    mapping.content_type_id,
                    false,
                );
            }
            if mapped.repeated(pair(mapping), self.mappings[..at].iter().map(pair)) {
                c.problem(
                    &format!("mappings[{at}]"),
                    "maps the same content type onto the same step twice",
                );
            }
        }
    }
}

impl Rules for Item {
    fn check(&self, c: &mut Checker) {
        c.id(self.id);
        c.custom(Self::ON, &self.custom);
        c.comments(&self.comments);
        c.named("title", &self.title);
        let ws = c.lookups;
        let type_exists = ws.contents.content_types.contains(self.content_type_id);
        c.reference::<ContentType>("content_type_id", self.content_type_id, type_exists);
        c.references::<Step>("step_ids", &self.step_ids, |id| ws.has_step(id));
        if let Some(channel) = self.channel_id {
            let exists = ws.contents.channels.contains(channel);
            c.reference::<Channel>("channel_id", channel, exists);
        }
        c.money("cost", self.cost);
    }
}

impl Rules for Metric {
    fn check(&self, c: &mut Checker) {
        c.id(self.id);
        c.comments(&self.comments);
        c.named("name", &self.name);
        let ws = c.lookups;
        let attached = [self.journey_id, self.step_id, self.item_id];
        if attached.iter().flatten().count() > 1 {
            c.problem(
                "journey_id",
                "a metric is attached to one thing at most: set only one of journey_id, step_id, item_id",
            );
        }
        if let Some(id) = self.journey_id {
            c.reference::<Journey>("journey_id", id, ws.contents.journeys.contains(id));
        }
        if let Some(id) = self.step_id {
            c.reference::<Step>("step_id", id, ws.has_step(id));
        }
        if let Some(id) = self.item_id {
            c.reference::<Item>("item_id", id, ws.contents.items.contains(id));
        }
        for (field, value) in [("target", self.target), ("actual", self.actual)] {
            if value.is_some_and(|v| !v.is_finite()) {
                c.problem(field, "is not a number");
            }
        }
        check_measurements(self, c);
    }
}

/// A metric's measurements are in date order, one per date, each a number; and `actual` is the
/// latest one's value, so every screen and report that reads `actual` tells the latest truth.
fn check_measurements(metric: &Metric, c: &mut Checker) {
    let list = &metric.measurements;
    for (at, measurement) in list.iter().enumerate() {
        if !measurement.value.is_finite() {
            c.problem(&format!("measurements[{at}].value"), "is not a number");
        }
        let Some(before) = at.checked_sub(1).map(|b| &list[b]) else {
            continue;
        };
        if before.on == measurement.on {
            c.problem(
                &format!("measurements[{at}].on"),
                format!(
                    "{} is measured twice (measurements[{}] too): keep one measurement per date",
                    measurement.on,
                    at - 1
                ),
            );
        } else if before.on > measurement.on {
            c.problem(
                &format!("measurements[{at}].on"),
                format!(
                    "{} comes after {} (measurements[{}]): measurements are kept oldest first",
                    measurement.on,
                    before.on,
                    at - 1
                ),
            );
        }
    }
    if let Some(latest) = list.last() {
        let follows = metric
            .actual
            .is_some_and(|actual| actual.to_bits() == latest.value.to_bits());
        if !follows {
            let actual = metric
                .actual
                .map_or_else(|| "empty".to_string(), |a| a.to_string());
            c.problem(
                "actual",
                format!(
                    "is {actual}, but the latest measurement ({}) is {}: actual follows the latest measurement; add a measurement to change it",
                    latest.on, latest.value
                ),
            );
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
}

/// Checks every entry of a table; `owners` (when ids may repeat) also reports repeated ids.
fn check_all<T: Rules>(
    ws: Lookups,
    table: &Table<T>,
    mut owners: Option<&mut IdOwners>,
    problems: &mut Vec<Problem>,
) {
    for (at, row) in table.iter().enumerate() {
        let place = Place::row::<T>(at);
        if let Some(owners) = owners.as_deref_mut() {
            owners.claim(problems, row.id(), place.to_string(), row.label());
        }
        problems.extend(check_entry_in(ws, place, row));
    }
}

/// Every problem of a whole workspace: each entry's rules, and ids used more than once anywhere.
/// A valid workspace is checked without building any text or map of its own.
pub fn check_workspace(ws: &Workspace) -> Vec<Problem> {
    let mut problems = check_entries(ws.lookups());
    check_conflicts(ws, &mut problems);
    problems
}

/// Every problem of the entries, ids used more than once among them included: all of
/// [`check_workspace`] but the merge conflicts, which need the whole workspace.
pub fn check_entries(ws: Lookups) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut owners = (!ids_are_unique(ws)).then(IdOwners::default);
    let c = ws.contents;
    check_fields(&c.fields, &mut problems);
    check_hidden_lanes(&c.hidden_lanes, &mut problems);
    check_all(ws, &c.objectives, owners.as_mut(), &mut problems);
    check_all(ws, &c.channels, owners.as_mut(), &mut problems);
    check_all(ws, &c.personas, owners.as_mut(), &mut problems);
    check_all(ws, &c.content_types, owners.as_mut(), &mut problems);
    check_all(ws, &c.journeys, owners.as_mut(), &mut problems);
    if let Some(owners) = owners.as_mut() {
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
    }
    check_all(ws, &c.items, owners.as_mut(), &mut problems);
    check_all(ws, &c.metrics, owners.as_mut(), &mut problems);
    problems
}

/// The ids of one kind of entry, as the workspace's indexes hold them.
trait IdsOfKind {
    fn count(&self) -> usize;
    /// How many different ids the kind has (fewer than `count` when one repeats).
    fn distinct(&self) -> usize;
    fn has(&self, id: Id) -> bool;
    fn ids(&self) -> Box<dyn Iterator<Item = Id> + '_>;
}

impl<T: Entity> IdsOfKind for Table<T> {
    fn count(&self) -> usize {
        self.len()
    }
    fn distinct(&self) -> usize {
        self.distinct_ids()
    }
    fn has(&self, id: Id) -> bool {
        self.contains(id)
    }
    fn ids(&self) -> Box<dyn Iterator<Item = Id> + '_> {
        Box::new(self.iter().map(Entity::id))
    }
}

/// The steps of all journeys.
struct Steps<'a>(Lookups<'a>);

impl IdsOfKind for Steps<'_> {
    fn count(&self) -> usize {
        self.0.contents.journeys.iter().map(|j| j.steps.len()).sum()
    }
    fn distinct(&self) -> usize {
        self.0.step_journey.len()
    }
    fn has(&self, id: Id) -> bool {
        self.0.step_journey.contains_key(&id)
    }
    fn ids(&self) -> Box<dyn Iterator<Item = Id> + '_> {
        Box::new(self.0.step_journey.keys().copied())
    }
}

/// Whether no id names two entries, read off the maps by id the workspace keeps anyway: each
/// kind's map has as many ids as the kind has entries, and no id is in two kinds' maps (the
/// smaller kind's ids looked up in the larger's). Only when this fails are the entries walked
/// to say which id repeats where.
fn ids_are_unique(ws: Lookups) -> bool {
    let c = ws.contents;
    let steps = Steps(ws);
    let kinds: [&dyn IdsOfKind; 8] = [
        &c.objectives,
        &c.channels,
        &c.personas,
        &c.content_types,
        &c.journeys,
        &steps,
        &c.items,
        &c.metrics,
    ];
    kinds.iter().all(|kind| kind.distinct() == kind.count())
        && kinds.iter().enumerate().all(|(at, a)| {
            kinds[at + 1..].iter().all(|b| {
                let (small, large) = if a.count() <= b.count() {
                    (a, b)
                } else {
                    (b, a)
                };
                small.ids().all(|id| !large.has(id))
            })
        })
}

/// A merge conflict must be about an entry the workspace holds: one whose entry is gone can
/// neither be shown nor resolved.
pub fn check_conflicts(ws: &Workspace, problems: &mut Vec<Problem>) {
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
                format!("{:?} is not a kind of entry", conflict.kind.as_str()),
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
