//! Edits a user can make, each checked against the rules before anything changes.
//!
//! Every function here either refuses with an [`EditError`] and leaves the workspace as it was,
//! or applies its changes and returns the [`Edit`] that undoes them. Deletions take what depends
//! on the deleted entry with them (or detach it), so no id is ever left dangling.

use std::collections::HashSet;

use serde_json::Value;

use super::comments::{Commented, comments_of};
use super::conflict::{ConflictKind, STEP_ORDER};
use super::fields::{Custom, Customised, FieldDef, STEP_LANES};
use super::impact::Impact;
use super::rules::{Place, Problem, Rules, check_entry};
use super::schema::{ATTACHMENT, ATTACHMENT_FIELDS, EntityKind};
use super::search::Target as Entry;
use super::{
    Attachment, Change, Channel, Comment, Conflict, ContentType, Date, Edit, Entity, Id, Item,
    Journey, MEASUREMENT, Mapping, Measurement, Metric, Objective, Persona, Pick, Slot, Status,
    Step, Table, Workspace,
};

/// Why an edit was refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum EditError {
    #[error("there is no such {0}")]
    Missing(&'static str),
    #[error("{}", first_problem(.0))]
    Invalid(Vec<Problem>),
    #[error("{0}")]
    Refused(String),
}

fn first_problem(problems: &[Problem]) -> String {
    match problems.first() {
        Some(p) if p.field.is_empty() => p.message.clone(),
        Some(p) => format!("{}: {}", p.field, p.message),
        None => "invalid".into(),
    }
}

type Result<T = Edit> = std::result::Result<T, EditError>;

/// A kind of entry that lives in a table of its own.
pub trait Record: Rules {
    fn wrap(slot: Slot<Self>) -> Change;
    fn rows(ws: &Workspace) -> &Table<Self>;
    /// What else must change when the entry becomes `new` (a journey that loses steps
    /// detaches their items), run before it does: the entry as it was is still in
    /// `tx.ws()`, read there by the kinds that need it, so an update copies no old version.
    fn on_update(_tx: &mut Transaction, _new: &Self) {}
    /// The ids an entry brings into the workspace besides its own (a journey's steps'): none
    /// for most kinds, and an empty Vec allocates nothing (an import updates 100k items).
    fn part_ids(&self) -> Vec<Id> {
        Vec::new()
    }
    /// Counts what becoming `new` (or going, when `None`) does to the entry.
    fn tally(impact: &mut Impact, _old: &Self, new: Option<&Self>) {
        if new.is_none() {
            impact.remove(1, Self::NOUN);
        }
    }
}

macro_rules! record {
    ($type:ty, $variant:ident, $rows:ident) => {
        impl Record for $type {
            fn wrap(slot: Slot<Self>) -> Change {
                Change::$variant(slot)
            }
            fn rows(ws: &Workspace) -> &Table<Self> {
                ws.$rows()
            }
        }
    };
    ($type:ty, $variant:ident, $rows:ident, $tally:ident) => {
        impl Record for $type {
            fn wrap(slot: Slot<Self>) -> Change {
                Change::$variant(slot)
            }
            fn rows(ws: &Workspace) -> &Table<Self> {
                ws.$rows()
            }
            fn tally(impact: &mut Impact, old: &Self, new: Option<&Self>) {
                impact.$tally(old, new)
            }
        }
    };
}
record!(Objective, Objective, objectives);
record!(Channel, Channel, channels);
record!(Persona, Persona, personas, persona);
record!(ContentType, ContentType, content_types);

impl Record for Journey {
    fn wrap(slot: Slot<Self>) -> Change {
        Change::Journey(slot)
    }
    fn rows(ws: &Workspace) -> &Table<Self> {
        ws.journeys()
    }
    /// A journey's new version may drop steps (their items and metrics are detached first) or
    /// bring new ones (whose ids must be free).
    fn on_update(tx: &mut Transaction, new: &Self) {
        let Some(old) = tx.ws().journeys().get(new.id) else {
            return;
        };
        let kept: HashSet<Id> = new.steps.iter().map(|s| s.id).collect();
        let dropped: HashSet<Id> = old
            .steps
            .iter()
            .map(|s| s.id)
            .filter(|id| !kept.contains(id))
            .collect();
        detach_steps(tx, &dropped, Attachment::Journey(new.id));
    }
    fn part_ids(&self) -> Vec<Id> {
        self.steps.iter().map(|s| s.id).collect()
    }
    fn tally(impact: &mut Impact, old: &Self, new: Option<&Self>) {
        impact.journey(old, new)
    }
}
record!(Item, Item, items, item);
record!(Metric, Metric, metrics, metric);

/// Where a transaction's changes go.
enum Target<'a> {
    /// Into the workspace, one at a time, each against the workspace as the previous one left
    /// it.
    Live(&'a mut Workspace),
    /// Into the workspace as [`Target::Live`], for a caller that keeps no undo of them: their
    /// inverses are not kept.
    Untracked(&'a mut Workspace),
    /// Nowhere: only their impact is counted. Exact because the edits run in a preview read
    /// only the workspace as it was and change each entry at most once.
    Preview(&'a Workspace),
}

impl Target<'_> {
    fn ws(&self) -> &Workspace {
        match self {
            Target::Live(ws) | Target::Untracked(ws) => ws,
            Target::Preview(ws) => ws,
        }
    }
}

/// Changes applied one at a time, with their inverses collected for undo (unless no one will
/// undo them); or, as a preview, only what they do counted.
pub struct Transaction<'a> {
    target: Target<'a>,
    undo: Vec<Change>,
    impact: Impact,
}

impl<'a> Transaction<'a> {
    pub fn new(ws: &'a mut Workspace) -> Self {
        Transaction {
            target: Target::Live(ws),
            undo: Vec::new(),
            impact: Impact::default(),
        }
    }

    /// A transaction whose changes no one will undo: an import keeps none of its rows' edits, and
    /// collecting each row's inverse cost an allocation and copies of the entry it replaced.
    fn untracked(ws: &'a mut Workspace) -> Self {
        Transaction {
            target: Target::Untracked(ws),
            undo: Vec::new(),
            impact: Impact::default(),
        }
    }

    /// A transaction that changes nothing, not even the workspace's revision.
    fn preview(ws: &'a Workspace) -> Self {
        Transaction {
            target: Target::Preview(ws),
            undo: Vec::new(),
            impact: Impact::default(),
        }
    }

    pub fn ws(&self) -> &Workspace {
        self.target.ws()
    }

    fn apply(&mut self, change: Change) {
        match &mut self.target {
            Target::Live(ws) => {
                let inverse = ws.apply(change);
                self.undo.push(inverse);
            }
            Target::Untracked(ws) => {
                ws.apply(change);
            }
            Target::Preview(_) => {}
        }
    }

    /// Whether what the changes do is counted: only a preview's count is read.
    fn counts(&self) -> bool {
        matches!(self.target, Target::Preview(_))
    }

    pub(super) fn insert<T: Record>(&mut self, at: usize, value: T) {
        self.apply(T::wrap(Slot::Insert { at, value }));
    }

    /// Replaces the entry with the same id as `value`.
    pub(super) fn replace<T: Record>(&mut self, value: T) {
        let at = T::rows(self.target.ws())
            .position(value.id())
            .expect("replaced entry exists");
        self.replace_at(at, value);
    }

    /// Replaces the entry at `at` of its table, which has the same id as `value`.
    fn replace_at<T: Record>(&mut self, at: usize, value: T) {
        if self.counts() {
            let old = T::rows(self.target.ws()).at(at).expect("exists");
            T::tally(&mut self.impact, old, Some(&value));
        }
        self.apply(T::wrap(Slot::Replace { at, value }));
    }

    /// Removes many entries in one pass over their table.
    fn remove_many<T: Record>(&mut self, ids: &[Id]) {
        let rows = T::rows(self.ws());
        let mut at: Vec<usize> = ids.iter().filter_map(|id| rows.position(*id)).collect();
        at.sort_unstable();
        at.dedup();
        self.impact.remove(at.len(), T::NOUN);
        if !at.is_empty() {
            self.apply(T::wrap(Slot::RemoveMany { at }));
        }
    }

    fn remove<T: Record>(&mut self, id: Id) {
        let rows = T::rows(self.target.ws());
        let at = rows.position(id).expect("removed entry exists");
        T::tally(&mut self.impact, rows.at(at).expect("exists"), None);
        self.apply(T::wrap(Slot::Remove { at }));
    }

    /// The edit that undoes everything applied so far.
    pub fn finish(mut self, label: String) -> Edit {
        self.undo.reverse();
        Edit {
            label,
            changes: self.undo,
        }
    }
}

pub(super) fn validated<T: Rules>(ws: &Workspace, value: &T) -> Result<()> {
    let problems = check_entry(ws, Place::named(T::NOUN), value);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(EditError::Invalid(problems))
    }
}

fn existing<T: Record>(ws: &Workspace, id: Id) -> Result<&T> {
    T::rows(ws).get(id).ok_or(EditError::Missing(T::NOUN))
}

/// Adds a new entry at position `at` of its table (clamped to the end).
pub fn insert<T: Record>(ws: &mut Workspace, at: usize, value: T) -> Result {
    let label = format!("add {} {:?}", T::NOUN, value.label());
    Ok(inserted(Transaction::new(ws), at, value)?.finish(label))
}

/// Adds a new entry at the end of its table, as [`add`] does, for a caller that keeps no undo
/// of it: an import applies its rows one by one and keeps none of their edits, and the words
/// of each (a `format!` per row) were a good part of what a row cost. The same checks.
pub fn add_without_undo<T: Record>(ws: &mut Workspace, value: T) -> Result<()> {
    inserted(Transaction::untracked(ws), usize::MAX, value).map(drop)
}

/// A new entry that [`check_add`] found the workspace would take.
pub struct CheckedNew<T>(T);

/// What the caller of [`check_add`] knows of the new entry's own id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnId {
    /// Brought from outside (a row's id column): looked up as the ids of its parts are.
    Brought,
    /// Known to be free: made just now by [`Id::new`] (a random UUID, which no entry has), or
    /// already looked up by the caller. Not looked up again: in a workspace of a million items
    /// that lookup misses the cache, on every row of an import.
    Free,
}

/// Checks what [`add`] checks, without changing anything: for a caller that prepares many new
/// entries on several threads and adds them on one ([`add_checked_without_undo`]), as
/// [`check_update`] does for new versions (an import's rows).
pub fn check_add<T: Record>(ws: &Workspace, value: T, own: OwnId) -> Result<CheckedNew<T>> {
    checks_of_new(ws, &value, own)?;
    Ok(CheckedNew(value))
}

/// Adds new entries [`check_add`] checked at the end of their table, in their order, keeping no
/// undo of them (see [`add_without_undo`]), in one change: the table's index takes them one
/// after the other, without other work between them. As for [`update_checked_without_undo`],
/// the workspace may have changed since the checks, but must have lost none of the entries the
/// new ones refer to, and gained none with an id they bring.
pub fn add_checked_without_undo<T: Record>(
    ws: &mut Workspace,
    checked: impl IntoIterator<Item = CheckedNew<T>>,
) {
    let first = T::rows(ws).len();
    let rows: Vec<(usize, T)> = (first..).zip(checked.into_iter().map(|c| c.0)).collect();
    if !rows.is_empty() {
        Transaction::untracked(ws).apply(T::wrap(Slot::InsertMany { rows }));
    }
}

/// [`insert`] without its words: the change applied in `tx`, still open.
fn inserted<T: Record>(mut tx: Transaction<'_>, at: usize, value: T) -> Result<Transaction<'_>> {
    let ws = tx.ws();
    checks_of_new(ws, &value, OwnId::Brought)?;
    let at = at.min(T::rows(ws).len());
    tx.insert(at, value);
    Ok(tx)
}

/// What [`insert`] checks of a new entry: it keeps the rules, and the ids it brings are free
/// and each brought once (its own is looked up unless it is known to be free).
fn checks_of_new<T: Record>(ws: &Workspace, value: &T, own: OwnId) -> Result<()> {
    validated(ws, value)?;
    let own_id = value.id();
    let parts = value.part_ids();
    let taken = if own == OwnId::Brought && ws.knows_id(own_id) {
        Some(own_id)
    } else if parts.is_empty() {
        // One id and no parts: nothing can be brought twice, and no set is made.
        None
    } else {
        let mut seen = HashSet::from([own_id]);
        parts
            .into_iter()
            .find(|id| !seen.insert(*id) || ws.knows_id(*id))
    };
    match taken {
        Some(taken) => Err(EditError::Refused(format!("the id {taken} is taken"))),
        None => Ok(()),
    }
}

/// Adds a new entry at the end of its table.
pub fn add<T: Record>(ws: &mut Workspace, value: T) -> Result {
    insert(ws, usize::MAX, value)
}

/// Replaces an entry with a new version of itself (same id).
pub fn update<T: Record>(ws: &mut Workspace, value: T) -> Result {
    let label = format!("edit {} {:?}", T::NOUN, value.label());
    Ok(updated(Transaction::new(ws), value)?.finish(label))
}

/// Replaces an entry with a new version of itself, as [`update`] does, for a caller that keeps
/// no undo of it (see [`add_without_undo`]). The same checks.
pub fn update_without_undo<T: Record>(ws: &mut Workspace, value: T) -> Result<()> {
    updated(Transaction::untracked(ws), value).map(drop)
}

/// A new version of an entry that [`check_update`] found the workspace would take, and where
/// the entry is in its table.
pub struct Checked<T> {
    value: T,
    at: usize,
}

/// Checks what [`update`] checks, without changing anything: for a caller that prepares many
/// new versions on several threads and applies them on one ([`update_checked_without_undo`]),
/// so that the checks run beside each other too (an import's rows). The entry is looked for at
/// `guess` first (see [`Table::position_from`]).
pub fn check_update<T: Record>(ws: &Workspace, value: T, guess: usize) -> Result<Checked<T>> {
    let rows = T::rows(ws);
    let at = rows
        .position_from(value.id(), guess)
        .ok_or(EditError::Missing(T::NOUN))?;
    let old = rows.at(at).ok_or(EditError::Missing(T::NOUN))?;
    checks_of_update(ws, old, &value)?;
    Ok(Checked { value, at })
}

/// Applies a new version [`check_update`] checked, keeping no undo of it (see
/// [`update_without_undo`]). The workspace may have changed since the check, but must have
/// lost none of the entries the new version refers to, and gained none with an id it brings:
/// what an import's earlier rows do (they add and update other items, and add content types
/// and channels). An entry that is no longer where the check found it is checked again.
pub fn update_checked_without_undo<T: Record>(
    ws: &mut Workspace,
    checked: Checked<T>,
) -> Result<()> {
    let Checked { value, at } = checked;
    if T::rows(ws).at(at).map(Entity::id) != Some(value.id()) {
        return update_without_undo(ws, value);
    }
    let mut tx = Transaction::untracked(ws);
    T::on_update(&mut tx, &value);
    tx.replace_at(at, value);
    Ok(())
}

/// Every id a new entry brings into the workspace: its own, then its parts' (see
/// [`Record::part_ids`]).
fn new_ids<T: Record>(entry: &T) -> impl Iterator<Item = Id> {
    std::iter::once(entry.id()).chain(entry.part_ids())
}

/// [`update`] without its words: the change applied in `tx`, still open.
fn updated<T: Record>(mut tx: Transaction<'_>, value: T) -> Result<Transaction<'_>> {
    let old = existing::<T>(tx.ws(), value.id())?;
    checks_of_update(tx.ws(), old, &value)?;
    T::on_update(&mut tx, &value);
    tx.replace(value);
    Ok(tx)
}

/// What [`update`] checks of an entry's new version, once the entry (`old`) is found: it keeps
/// the rules, and the ids it brings are its own or free.
fn checks_of_update<T: Record>(ws: &Workspace, old: &T, value: &T) -> Result<()> {
    validated(ws, value)?;
    // An entry that brings one id, the one it had (an item, a persona…), takes none: the
    // sets below are made only for one with parts of its own (a journey's steps).
    if !(value.part_ids().is_empty() && old.part_ids().is_empty()) {
        let had: HashSet<Id> = new_ids(old).collect();
        // Taken by another entry, or twice within this one (a step with its journey's id).
        let mut seen = HashSet::new();
        if let Some(taken) =
            new_ids(value).find(|id| !seen.insert(*id) || (!had.contains(id) && ws.knows_id(*id)))
        {
            return Err(EditError::Refused(format!("the id {taken} is taken")));
        }
    }
    Ok(())
}

/// Moves an entry to position `to` of its table (clamped).
pub fn relocate<T: Record>(ws: &mut Workspace, id: Id, to: usize) -> Result {
    let value = existing::<T>(ws, id)?;
    let label = format!("move {} {:?}", T::NOUN, value.label());
    let from = T::rows(ws).position(id).expect("exists");
    let to = to.min(T::rows(ws).len() - 1);
    let mut tx = Transaction::new(ws);
    if from != to {
        tx.apply(T::wrap(Slot::Move { from, to }));
    }
    Ok(tx.finish(label))
}

/// Moves an entry one place up (`-1`) or down (`+1`).
pub fn shift<T: Record>(ws: &mut Workspace, id: Id, by: isize) -> Result {
    let from = T::rows(ws)
        .position(id)
        .ok_or(EditError::Missing(T::NOUN))?;
    relocate::<T>(ws, id, from.saturating_add_signed(by))
}

/// Copies of the items on any of `steps` (under a content type of the workspace's, as the content
/// map counts them), each once, in the table's order, so that the changes (and their undo) do
/// not depend on hashing. Read from the content map's cells; a workspace kept for lookups only
/// ([`Workspace::for_lookups`]) has none, and every item is read instead.
fn items_on(ws: &Workspace, steps: &HashSet<Id>) -> Vec<Item> {
    let on_steps = |item: &&Item| {
        item.step_ids.iter().any(|step| steps.contains(step))
            && ws.content_types().contains(item.content_type_id)
    };
    if ws.index.only_lookups {
        return ws.items().iter().filter(on_steps).cloned().collect();
    }
    let on_cells = steps.iter().flat_map(|step| {
        ws.content_types()
            .iter()
            .flat_map(move |t| ws.cell_item_ids(*step, t.id))
    });
    ws.items().rows_of(on_cells).into_iter().cloned().collect()
}

/// Takes steps off every item on them, and moves their metrics to `metrics_to`. Each item is
/// changed once, however many of the steps it is on.
fn detach_steps(tx: &mut Transaction, steps: &HashSet<Id>, metrics_to: Attachment) {
    if steps.is_empty() {
        return;
    }
    let items = items_on(tx.ws(), steps);
    for mut item in items {
        item.step_ids.retain(|s| !steps.contains(s));
        tx.replace(item);
    }
    reattach_metrics(
        tx,
        |m| m.step_id.is_some_and(|s| steps.contains(&s)),
        metrics_to,
    );
}

fn reattach_metrics(tx: &mut Transaction, which: impl Fn(&Metric) -> bool, to: Attachment) {
    let moved: Vec<Metric> = tx
        .ws()
        .metrics()
        .iter()
        .filter(|m| which(m))
        .cloned()
        .collect();
    for mut metric in moved {
        metric.attach(to);
        tx.replace(metric);
    }
}

/// An edit that takes something away: what goes with it and what is detached can be counted
/// before it is made ([`Removal::preview`]), by the same code that makes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Removal {
    Objective(Id),
    Channel(Id),
    /// A persona, and with it the journeys that are only this persona's.
    Persona(Id),
    Journey(Id),
    Step(Id),
    ContentType(Id, ItemsOfType),
    Item(Id),
    Metric(Id),
    /// A KPI's measurement of one date; the KPI's actual follows the latest left.
    Measurement {
        metric: Id,
        on: Date,
    },
    /// A reviewer's comment on an entry.
    Comment {
        on: Entry,
        id: Id,
    },
    /// A content type from a step.
    Unmap {
        step: Id,
        content_type: Id,
    },
}

impl Removal {
    /// What the removal takes away itself, in the words [`Impact::removed`] counts it with.
    pub fn noun(self) -> &'static str {
        match self {
            Removal::Objective(_) => Objective::NOUN,
            Removal::Channel(_) => Channel::NOUN,
            Removal::Persona(_) => Persona::NOUN,
            Removal::Journey(_) => Journey::NOUN,
            Removal::Step(_) => "step",
            Removal::ContentType(..) => ContentType::NOUN,
            Removal::Item(_) => Item::NOUN,
            Removal::Metric(_) => Metric::NOUN,
            Removal::Measurement { .. } => MEASUREMENT,
            Removal::Comment { .. } => "comment",
            Removal::Unmap { .. } => "cell mapping",
        }
    }

    /// Makes the change; returns the edit that undoes it.
    pub fn apply(self, ws: &mut Workspace) -> Result {
        let mut tx = Transaction::new(ws);
        let label = self.run(&mut tx)?;
        Ok(tx.finish(label))
    }

    /// What the change would do, found without changing anything (not even the revision, so
    /// a question that is answered "no" leaves nothing to save).
    pub fn preview(self, ws: &Workspace) -> Result<Impact> {
        let mut tx = Transaction::preview(ws);
        self.run(&mut tx)?;
        Ok(tx.impact)
    }

    /// Runs the change in a transaction; returns its label.
    pub(super) fn run(self, tx: &mut Transaction) -> Result<String> {
        match self {
            Removal::Objective(id) => remove_objective(tx, id),
            Removal::Channel(id) => remove_channel(tx, id),
            Removal::Persona(id) => remove_persona(tx, id),
            Removal::Journey(id) => {
                let label = format!(
                    "delete journey {:?}",
                    existing::<Journey>(tx.ws(), id)?.name
                );
                remove_journeys(tx, &[id]);
                Ok(label)
            }
            Removal::Step(id) => remove_step(tx, id),
            Removal::ContentType(id, items_go) => remove_content_type(tx, id, items_go),
            Removal::Item(id) => {
                let label = format!("delete item {:?}", existing::<Item>(tx.ws(), id)?.title);
                reattach_metrics(tx, |m| m.item_id == Some(id), Attachment::Workspace);
                tx.remove::<Item>(id);
                Ok(label)
            }
            Removal::Metric(id) => {
                let label = format!("delete metric {:?}", existing::<Metric>(tx.ws(), id)?.name);
                tx.remove::<Metric>(id);
                Ok(label)
            }
            Removal::Measurement { metric, on } => {
                let mut kpi = existing::<Metric>(tx.ws(), metric)?.clone();
                kpi.unmeasure(on).ok_or(EditError::Missing(MEASUREMENT))?;
                let label = format!("delete the measurement of {:?} on {on}", kpi.name);
                validated(tx.ws(), &kpi)?;
                tx.replace(kpi);
                Ok(label)
            }
            Removal::Comment { on, id } => remove_comment(tx, on, id),
            Removal::Unmap { step, content_type } => remove_mapping(tx, step, content_type),
        }
    }
}

pub fn delete_objective(ws: &mut Workspace, id: Id) -> Result {
    Removal::Objective(id).apply(ws)
}

fn remove_objective(tx: &mut Transaction, id: Id) -> Result<String> {
    let ws = tx.ws();
    let label = format!(
        "delete objective {:?}",
        existing::<Objective>(ws, id)?.title
    );
    let linked: Vec<Journey> = ws
        .journeys()
        .iter()
        .filter(|j| j.objective_id == Some(id))
        .cloned()
        .collect();
    for mut journey in linked {
        journey.objective_id = None;
        tx.replace(journey);
    }
    tx.remove::<Objective>(id);
    Ok(label)
}

pub fn delete_channel(ws: &mut Workspace, id: Id) -> Result {
    Removal::Channel(id).apply(ws)
}

fn remove_channel(tx: &mut Transaction, id: Id) -> Result<String> {
    let ws = tx.ws();
    let label = format!("delete channel {:?}", existing::<Channel>(ws, id)?.name);
    let items: Vec<Item> = ws
        .items()
        .iter()
        .filter(|i| i.channel_id == Some(id))
        .cloned()
        .collect();
    let personas: Vec<Persona> = ws
        .personas()
        .iter()
        .filter(|p| p.channel_ids.contains(&id))
        .cloned()
        .collect();
    for mut item in items {
        item.channel_id = None;
        tx.replace(item);
    }
    for mut persona in personas {
        persona.channel_ids.retain(|c| *c != id);
        tx.replace(persona);
    }
    tx.remove::<Channel>(id);
    Ok(label)
}

/// Deletes a persona, and with it the journeys that are only this persona's.
pub fn delete_persona(ws: &mut Workspace, id: Id) -> Result {
    Removal::Persona(id).apply(ws)
}

fn remove_persona(tx: &mut Transaction, id: Id) -> Result<String> {
    let ws = tx.ws();
    let label = format!("delete persona {:?}", existing::<Persona>(ws, id)?.name);
    let (owned, shared): (Vec<Journey>, Vec<Journey>) = ws
        .journeys()
        .iter()
        .filter(|j| j.persona_ids.contains(&id))
        .cloned()
        .partition(|j| j.persona_ids.len() == 1);
    for mut journey in shared {
        journey.persona_ids.retain(|p| *p != id);
        tx.replace(journey);
    }
    let owned: Vec<Id> = owned.iter().map(|j| j.id).collect();
    remove_journeys(tx, &owned);
    tx.remove::<Persona>(id);
    Ok(label)
}

/// Removes journeys: items on their steps are detached (once each, even when on steps of
/// several), their metrics and their steps' go to the workspace.
fn remove_journeys(tx: &mut Transaction, ids: &[Id]) {
    let ws = tx.ws();
    let steps: HashSet<Id> = ids
        .iter()
        .filter_map(|id| ws.journeys().get(*id))
        .flat_map(|j| j.steps.iter().map(|s| s.id))
        .collect();
    detach_steps(tx, &steps, Attachment::Workspace);
    let journeys: HashSet<Id> = ids.iter().copied().collect();
    reattach_metrics(
        tx,
        |m| m.journey_id.is_some_and(|j| journeys.contains(&j)),
        Attachment::Workspace,
    );
    for id in ids {
        tx.remove::<Journey>(*id);
    }
}

/// Deletes a journey: its steps and mappings go, items on them are kept but detached.
pub fn delete_journey(ws: &mut Workspace, id: Id) -> Result {
    Removal::Journey(id).apply(ws)
}

/// What to do with the items of a content type that is deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemsOfType {
    /// Delete them too.
    Delete,
    /// Give them (and the type's mappings) to another content type.
    MoveTo(Id),
}

pub fn delete_content_type(ws: &mut Workspace, id: Id, items_go: ItemsOfType) -> Result {
    Removal::ContentType(id, items_go).apply(ws)
}

/// The journeys that map `content_type` on one of their steps, copied to be changed.
pub(super) fn journeys_mapping(ws: &Workspace, content_type: Id) -> Vec<Journey> {
    (ws.journeys().iter())
        .filter(|j| j.mappings.iter().any(|m| m.content_type_id == content_type))
        .cloned()
        .collect()
}

fn remove_content_type(tx: &mut Transaction, id: Id, items_go: ItemsOfType) -> Result<String> {
    let ws = tx.ws();
    let label = format!(
        "delete content type {:?}",
        existing::<ContentType>(ws, id)?.name
    );
    if let ItemsOfType::MoveTo(other) = items_go {
        existing::<ContentType>(ws, other)?;
        if other == id {
            return Err(EditError::Refused(
                "items cannot move to the type being deleted".into(),
            ));
        }
    }
    let items: Vec<Item> = ws
        .items()
        .iter()
        .filter(|i| i.content_type_id == id)
        .cloned()
        .collect();
    for mut journey in journeys_mapping(ws, id) {
        let mut mappings = Vec::with_capacity(journey.mappings.len());
        for mut mapping in journey.mappings {
            if mapping.content_type_id == id {
                let ItemsOfType::MoveTo(other) = items_go else {
                    continue;
                };
                mapping.content_type_id = other;
            }
            let repeat = mappings.iter().any(|m: &Mapping| {
                m.step_id == mapping.step_id && m.content_type_id == mapping.content_type_id
            });
            if !repeat {
                mappings.push(mapping);
            }
        }
        journey.mappings = mappings;
        tx.replace(journey);
    }
    match items_go {
        ItemsOfType::Delete => {
            // All in one pass: a type can have thousands of items.
            let ids: Vec<Id> = items.iter().map(|item| item.id).collect();
            let gone: HashSet<Id> = ids.iter().copied().collect();
            reattach_metrics(
                tx,
                |m| m.item_id.is_some_and(|item| gone.contains(&item)),
                Attachment::Workspace,
            );
            tx.remove_many::<Item>(&ids);
        }
        ItemsOfType::MoveTo(other) => {
            for mut item in items {
                item.content_type_id = other;
                tx.replace(item);
            }
        }
    }
    tx.remove::<ContentType>(id);
    Ok(label)
}

pub fn delete_item(ws: &mut Workspace, id: Id) -> Result {
    Removal::Item(id).apply(ws)
}

pub fn delete_metric(ws: &mut Workspace, id: Id) -> Result {
    Removal::Metric(id).apply(ws)
}

fn journey_of_step(ws: &Workspace, step_id: Id) -> Result<Journey> {
    ws.journey_of_step(step_id)
        .cloned()
        .ok_or(EditError::Missing("step"))
}

/// Adds a step to a journey at position `at` (clamped to the end).
pub fn insert_step(ws: &mut Workspace, journey_id: Id, at: usize, step: Step) -> Result {
    let mut journey = existing::<Journey>(ws, journey_id)?.clone();
    let label = format!("add step {:?}", step.name);
    let at = at.min(journey.steps.len());
    journey.steps.insert(at, step);
    let edit = update(ws, journey)?;
    Ok(Edit { label, ..edit })
}

/// Replaces a step with a new version of itself (same id).
pub fn update_step(ws: &mut Workspace, step: Step) -> Result {
    let mut journey = journey_of_step(ws, step.id)?;
    let label = format!("edit step {:?}", step.name);
    let at = journey.step_position(step.id).expect("step of its journey");
    journey.steps[at] = step;
    let edit = update(ws, journey)?;
    Ok(Edit { label, ..edit })
}

/// Sets how the customer feels at a step (1–5, or unknown).
pub fn set_emotion(ws: &mut Workspace, step_id: Id, emotion: Option<u8>) -> Result {
    let mut step = ws
        .step(step_id)
        .cloned()
        .ok_or(EditError::Missing("step"))?;
    step.emotion = emotion;
    let label = match emotion {
        Some(score) => format!("set emotion of {:?} to {score}", step.name),
        None => format!("clear emotion of {:?}", step.name),
    };
    let edit = update_step(ws, step)?;
    Ok(Edit { label, ..edit })
}

/// Moves a step to position `to` of its journey (clamped).
pub fn relocate_step(ws: &mut Workspace, step_id: Id, to: usize) -> Result {
    let mut journey = journey_of_step(ws, step_id)?;
    let from = journey.step_position(step_id).expect("step of its journey");
    let step = journey.steps.remove(from);
    let label = format!("move step {:?}", step.name);
    journey.steps.insert(to.min(journey.steps.len()), step);
    let edit = update(ws, journey)?;
    Ok(Edit { label, ..edit })
}

/// Moves a step one place left (`-1`) or right (`+1`).
pub fn shift_step(ws: &mut Workspace, step_id: Id, by: isize) -> Result {
    let journey = journey_of_step(ws, step_id)?;
    let from = journey.step_position(step_id).expect("step of its journey");
    relocate_step(ws, step_id, from.saturating_add_signed(by))
}

/// Deletes a step: its mappings go, its items are kept but detached from it, its metrics move
/// to the journey.
pub fn delete_step(ws: &mut Workspace, step_id: Id) -> Result {
    Removal::Step(step_id).apply(ws)
}

fn remove_step(tx: &mut Transaction, step_id: Id) -> Result<String> {
    let mut journey = journey_of_step(tx.ws(), step_id)?;
    let at = journey.step_position(step_id).expect("step of its journey");
    let step = journey.steps.remove(at);
    journey.mappings.retain(|m| m.step_id != step_id);
    validated(tx.ws(), &journey)?;
    detach_steps(
        tx,
        &HashSet::from([step_id]),
        Attachment::Journey(journey.id),
    );
    tx.replace(journey);
    Ok(format!("delete step {:?}", step.name))
}

/// Maps a content type onto a step: the step needs that kind of content or service.
pub fn map(ws: &mut Workspace, step_id: Id, content_type_id: Id) -> Result {
    let mut journey = journey_of_step(ws, step_id)?;
    let content_type = existing::<ContentType>(ws, content_type_id)?;
    if journey.is_mapped(step_id, content_type_id) {
        return Err(EditError::Refused("that cell is mapped already".into()));
    }
    let step = journey.step(step_id).expect("step of its journey");
    let label = format!("map {:?} onto {:?}", content_type.name, step.name);
    journey.mappings.push(Mapping {
        step_id,
        content_type_id,
        ..Default::default()
    });
    let edit = update(ws, journey)?;
    Ok(Edit { label, ..edit })
}

/// Unmaps a content type from a step; items of that type on the step are kept but detached
/// from it, since an item on a step would map the cell again.
pub fn unmap(ws: &mut Workspace, step_id: Id, content_type_id: Id) -> Result {
    Removal::Unmap {
        step: step_id,
        content_type: content_type_id,
    }
    .apply(ws)
}

fn remove_mapping(tx: &mut Transaction, step_id: Id, content_type_id: Id) -> Result<String> {
    let ws = tx.ws();
    let mut journey = journey_of_step(ws, step_id)?;
    let content_type = existing::<ContentType>(ws, content_type_id)?;
    let cell = ws.cell(step_id, content_type_id);
    if !cell.mapped {
        return Err(EditError::Refused("that cell is not mapped".into()));
    }
    let step = journey.step(step_id).expect("step of its journey");
    let label = format!("unmap {:?} from {:?}", content_type.name, step.name);
    let items: Vec<Item> = ws
        .cell_item_ids(step_id, content_type_id)
        .iter()
        .filter_map(|id| ws.items().get(*id).cloned())
        .collect();
    journey
        .mappings
        .retain(|m| !(m.step_id == step_id && m.content_type_id == content_type_id));
    for mut item in items {
        item.step_ids.retain(|s| *s != step_id);
        tx.replace(item);
    }
    tx.replace(journey);
    Ok(label)
}

fn change_item(ws: &mut Workspace, id: Id, label: &str, change: impl FnOnce(&mut Item)) -> Result {
    let mut item = existing::<Item>(ws, id)?.clone();
    change(&mut item);
    let label = format!("{label} of {:?}", item.title);
    let edit = update(ws, item)?;
    Ok(Edit { label, ..edit })
}

pub fn set_status(ws: &mut Workspace, id: Id, status: Status) -> Result {
    let label = format!("mark {}", status.words());
    change_item(ws, id, &label, |item| item.status = status)
}

pub fn set_date(ws: &mut Workspace, id: Id, date: Option<Date>) -> Result {
    change_item(ws, id, "set date", |item| item.available_on = date)
}

/// Moves an item's date by a number of days; an undated item is dated from `today`.
pub fn shift_date(ws: &mut Workspace, id: Id, days: i64, today: Date) -> Result {
    let from = existing::<Item>(ws, id)?.available_on.unwrap_or(today);
    let date = from
        .add_days(days)
        .ok_or_else(|| EditError::Refused("that date is outside the calendar".into()))?;
    change_item(ws, id, "move date", |item| item.available_on = Some(date))
}

/// Records what a KPI was on a day: adds the measurement, or replaces the one of `replacing`
/// (its old date, when an edit moves it) or of the same date. `actual` follows the latest, in
/// the same undoable edit. A new measurement on a date that had one says, in its label, that it
/// replaced it and what it was.
pub fn measure(
    ws: &mut Workspace,
    metric_id: Id,
    replacing: Option<Date>,
    measurement: Measurement,
) -> Result {
    let mut metric = existing::<Metric>(ws, metric_id)?.clone();
    let on = measurement.on;
    if let Some(old) = replacing.filter(|old| *old != on) {
        metric
            .unmeasure(old)
            .ok_or(EditError::Missing(MEASUREMENT))?;
        if metric.measurements.iter().any(|m| m.on == on) {
            return Err(EditError::Refused(format!(
                "{:?} already has a measurement on {on}: edit that one",
                metric.name
            )));
        }
    }
    let replaced = metric.measure(measurement);
    let label = match (replacing, replaced) {
        (None, Some(was)) => format!(
            "replace the measurement of {:?} on {on} (it was {})",
            metric.name, was.value
        ),
        (Some(_), _) => format!("edit the measurement of {:?} on {on}", metric.name),
        (None, None) => format!("measure {:?} on {on}", metric.name),
    };
    let edit = update(ws, metric)?;
    Ok(Edit { label, ..edit })
}

/// Deletes a KPI's measurement of a date; `actual` follows the latest that is left.
pub fn unmeasure(ws: &mut Workspace, metric_id: Id, on: Date) -> Result {
    Removal::Measurement {
        metric: metric_id,
        on,
    }
    .apply(ws)
}

/// Changes the comments of one entry (a step within its journey) as one undoable edit, labelled
/// `label` followed by the entry's words (`comment on step "Test-rides"`). `change` may refuse.
fn change_comments(
    ws: &mut Workspace,
    target: Entry,
    label: &str,
    change: impl FnOnce(&mut Vec<Comment>) -> Result<()>,
) -> Result {
    fn on<T: Record + Commented>(
        ws: &mut Workspace,
        id: Id,
        label: &str,
        change: impl FnOnce(&mut Vec<Comment>) -> Result<()>,
    ) -> Result {
        let mut entry = existing::<T>(ws, id)?.clone();
        change(entry.comments_mut())?;
        let label = format!("{label} {} {:?}", T::NOUN, entry.label());
        let edit = update(ws, entry)?;
        Ok(Edit { label, ..edit })
    }
    match target {
        Entry::Persona(id) => on::<Persona>(ws, id, label, change),
        Entry::Journey(id) => on::<Journey>(ws, id, label, change),
        Entry::ContentType(id) => on::<ContentType>(ws, id, label, change),
        Entry::Item(id) => on::<Item>(ws, id, label, change),
        Entry::Metric(id) => on::<Metric>(ws, id, label, change),
        Entry::Step(id) => {
            let mut step = ws.step(id).cloned().ok_or(EditError::Missing("step"))?;
            change(&mut step.comments)?;
            let label = format!("{label} step {:?}", step.name);
            let edit = update_step(ws, step)?;
            Ok(Edit { label, ..edit })
        }
        Entry::Objective(_) | Entry::Channel(_) => Err(EditError::Refused(
            "only personas, journeys, steps, content types, items and metrics take comments".into(),
        )),
    }
}

/// The comment of `id` in a list, or why there is none.
fn comment_in(comments: &mut [Comment], id: Id) -> Result<&mut Comment> {
    comments
        .iter_mut()
        .find(|c| c.id == id)
        .ok_or(EditError::Missing("comment"))
}

/// Adds a comment to an entry, after its others.
pub fn add_comment(ws: &mut Workspace, target: Entry, comment: Comment) -> Result {
    change_comments(ws, target, "comment on", |comments| {
        if comments.iter().any(|c| c.id == comment.id) {
            return Err(EditError::Refused(format!(
                "the id {} is taken",
                comment.id
            )));
        }
        comments.push(comment);
        Ok(())
    })
}

/// Marks a comment resolved (dealt with) or open again.
pub fn resolve_comment(ws: &mut Workspace, target: Entry, id: Id, resolved: bool) -> Result {
    let label = match resolved {
        true => "resolve a comment on",
        false => "reopen a comment on",
    };
    change_comments(ws, target, label, |comments| {
        comment_in(comments, id)?.resolved = resolved;
        Ok(())
    })
}

/// Rewrites what a comment says (its author and time stay).
pub fn edit_comment(ws: &mut Workspace, target: Entry, id: Id, text: &str) -> Result {
    change_comments(ws, target, "edit a comment on", |comments| {
        comment_in(comments, id)?.text = text.to_string();
        Ok(())
    })
}

/// Takes a comment away.
pub fn delete_comment(ws: &mut Workspace, target: Entry, id: Id) -> Result {
    Removal::Comment { on: target, id }.apply(ws)
}

fn remove_comment(tx: &mut Transaction, target: Entry, comment: Id) -> Result<String> {
    fn drop_from(comments: &mut Vec<Comment>, id: Id) -> Result<()> {
        let at = comments
            .iter()
            .position(|c| c.id == id)
            .ok_or(EditError::Missing("comment"))?;
        comments.remove(at);
        Ok(())
    }
    fn on<T: Record + Commented>(tx: &mut Transaction, id: Id, comment: Id) -> Result<String> {
        let mut entry = existing::<T>(tx.ws(), id)?.clone();
        drop_from(entry.comments_mut(), comment)?;
        validated(tx.ws(), &entry)?;
        let label = format!("delete a comment on {} {:?}", T::NOUN, entry.label());
        tx.replace(entry);
        Ok(label)
    }
    match target {
        Entry::Persona(id) => on::<Persona>(tx, id, comment),
        Entry::Journey(id) => on::<Journey>(tx, id, comment),
        Entry::ContentType(id) => on::<ContentType>(tx, id, comment),
        Entry::Item(id) => on::<Item>(tx, id, comment),
        Entry::Metric(id) => on::<Metric>(tx, id, comment),
        Entry::Step(step_id) => {
            let mut journey = journey_of_step(tx.ws(), step_id)?;
            let at = journey.step_position(step_id).expect("step of its journey");
            drop_from(&mut journey.steps[at].comments, comment)?;
            validated(tx.ws(), &journey)?;
            let label = format!("delete a comment on step {:?}", journey.steps[at].name);
            tx.replace(journey);
            Ok(label)
        }
        Entry::Objective(_) | Entry::Channel(_) => Err(uncommented()),
    }
}

/// Why an objective or a channel takes no comment.
fn uncommented() -> EditError {
    EditError::Refused(
        "only personas, journeys, steps, content types, items and metrics take comments".into(),
    )
}

/// Puts back the side picked for a conflict about one comment: that side's comment, or none
/// when that side deleted it (`null`).
fn settle_comment(ws: &mut Workspace, target: Entry, id: Id, value: Value) -> Result<Option<Edit>> {
    let picked = match value {
        Value::Null => None,
        value => Some(super::from_tree::<Comment>(&value).map_err(|error| {
            EditError::Refused(format!("the comment {id} cannot be read: {error}"))
        })?),
    };
    let (_, _, now) = comments_of(ws, target).ok_or(EditError::Missing("entry"))?;
    let mut comments = now.to_vec();
    let at = comments.iter().position(|c| c.id == id);
    match (picked, at) {
        (None, Some(at)) => drop(comments.remove(at)),
        (Some(comment), Some(at)) => comments[at] = comment,
        (Some(comment), None) => comments.push(comment),
        (None, None) => {}
    }
    if comments == now {
        return Ok(None);
    }
    change_comments(ws, target, "settle a comment on", |list| {
        *list = comments;
        Ok(())
    })
    .map(Some)
}

/// Renames the workspace or changes its currency.
pub fn set_settings(ws: &mut Workspace, name: &str, currency: &str) -> Result {
    if name.trim().is_empty() {
        return Err(EditError::Refused("the workspace needs a name".into()));
    }
    let mut tx = Transaction::new(ws);
    tx.apply(Change::Settings {
        name: name.to_string(),
        currency: currency.to_string(),
    });
    Ok(tx.finish("edit workspace settings".into()))
}

/// Settles merge conflict number `index` of the workspace by keeping one side: the field takes
/// that side's value, or — for an entry deleted on one side — the entry is kept or deleted (with
/// what depends on it, as a deletion always does); [`Pick::Current`] keeps the entry as it is
/// (a person edited it by hand). The conflict leaves the list, and so do other conflicts about
/// entries a deletion removed. Undoable like every edit.
///
/// A side's value may have become impossible (it points at an entry another resolution
/// deleted): that pick is refused like any invalid edit, and changes nothing.
pub fn resolve_conflict(ws: &mut Workspace, index: usize, pick: Pick) -> Result {
    let conflict = ws
        .conflicts()
        .get(index)
        .cloned()
        .ok_or(EditError::Missing("conflict"))?;
    let label = format!(
        "keep {} for {}",
        pick.words(),
        super::diff::conflict_place(ws, &conflict)
    );
    let entry_edit = match conflict.value(pick).cloned() {
        None => None,
        Some(value) if !conflict.is_whole_entry() => set_conflicted(ws, &conflict, value)?,
        Some(Value::Null) => Some(delete_conflicted(ws, &conflict)?),
        Some(_) => None,
    };
    let remaining: Vec<Conflict> = ws
        .conflicts()
        .iter()
        .enumerate()
        .filter(|(at, c)| *at != index && c.entry_exists(ws) != Some(false))
        .map(|(_, c)| c.clone())
        .collect();
    // The undo runs in order: the conflict list comes back first, then the entry.
    let mut changes = vec![ws.apply(Change::Conflicts(remaining))];
    if let Some(edit) = entry_edit {
        changes.extend(edit.changes);
    }
    Ok(Edit { label, changes })
}

/// Deletes the entry of a whole-entry conflict, as the side that deleted it did.
fn delete_conflicted(ws: &mut Workspace, conflict: &Conflict) -> Result {
    let id = conflict.id;
    match &conflict.kind {
        ConflictKind::Entry(EntityKind::Objective) => delete_objective(ws, id),
        ConflictKind::Entry(EntityKind::Channel) => delete_channel(ws, id),
        ConflictKind::Entry(EntityKind::Persona) => delete_persona(ws, id),
        ConflictKind::Entry(EntityKind::ContentType) => {
            let content_type = existing::<ContentType>(ws, id)?;
            let items = ws
                .items()
                .iter()
                .filter(|i| i.content_type_id == id)
                .count();
            if items > 0 {
                return Err(EditError::Refused(format!(
                    "content type {:?} still has {items} item{}: give {} another type first",
                    content_type.name,
                    if items == 1 { "" } else { "s" },
                    if items == 1 { "it" } else { "them" },
                )));
            }
            delete_content_type(ws, id, ItemsOfType::Delete)
        }
        ConflictKind::Entry(EntityKind::Journey) => delete_journey(ws, id),
        ConflictKind::Entry(EntityKind::Step) => delete_step(ws, id),
        ConflictKind::Entry(EntityKind::Item) => delete_item(ws, id),
        ConflictKind::Entry(EntityKind::Metric) => delete_metric(ws, id),
        ConflictKind::Mappings => {
            let (content_type, _) = conflict
                .mapping_parts()
                .ok_or(EditError::Missing("mapping"))?;
            let mut journey = journey_of_step(ws, id)?;
            journey
                .mappings
                .retain(|m| !(m.step_id == id && m.content_type_id == content_type));
            update(ws, journey)
        }
        other @ (ConflictKind::Workspace | ConflictKind::Unknown(_)) => {
            Err(EditError::Refused(format!(
                "a conflict about {:?} cannot be resolved here",
                other.as_str()
            )))
        }
    }
}

/// Gives the field of a conflict the picked value; `None` when it has it already.
fn set_conflicted(ws: &mut Workspace, conflict: &Conflict, value: Value) -> Result<Option<Edit>> {
    let (id, field) = (conflict.id, conflict.field.as_str());
    if matches!(
        field,
        "" | "id" | "format" | "version" | "steps" | "mappings"
    ) {
        return Err(EditError::Refused(format!(
            "a conflict about {field:?} cannot be resolved by picking a side"
        )));
    }
    fn changed<T: PartialEq>(
        old: &T,
        new: T,
        apply: impl FnOnce(T) -> Result,
    ) -> Result<Option<Edit>> {
        if *old == new {
            Ok(None)
        } else {
            apply(new).map(Some)
        }
    }
    fn entry<T: Record + PartialEq>(
        ws: &mut Workspace,
        id: Id,
        field: &str,
        value: Value,
    ) -> Result<Option<Edit>> {
        let old = existing::<T>(ws, id)?.clone();
        let new = with_field(&old, field, value)?;
        changed(&old, new, |new| update(ws, new))
    }
    if let (Some(comment_id), Some(target)) = (conflict.comment_id(), conflict.target()) {
        return settle_comment(ws, target, comment_id, value);
    }
    if let (Some(field), Some(target)) = (conflict.custom_field(), conflict.target()) {
        let text = match &value {
            Value::Null => "",
            Value::String(text) => text,
            other => {
                return Err(EditError::Refused(format!(
                    "a field's value must be text, not {other}"
                )));
            }
        };
        let now = custom_of(ws, target, field);
        if now.as_deref().unwrap_or("") == text {
            return Ok(None);
        }
        return set_custom(ws, target, field, text).map(Some);
    }
    if let Some(id) = conflict.field_definition() {
        let mut fields = ws.contents().fields.clone();
        let at = fields.iter().position(|f| f.id == id);
        match (value, at) {
            // Deleted as a deletion does: with its values.
            (Value::Null, Some(_)) => return delete_field(ws, id).map(Some),
            (Value::Null, None) => {}
            (value, at) => {
                let field: FieldDef = super::from_tree(&value).map_err(|error| {
                    EditError::Refused(format!("the field {id} cannot be read: {error}"))
                })?;
                match at {
                    Some(at) => fields[at] = field,
                    None => fields.push(field),
                }
            }
        }
        if fields == ws.contents().fields {
            return Ok(None);
        }
        valid_fields(&fields)?;
        let mut tx = Transaction::new(ws);
        tx.apply(Change::Fields(fields));
        return Ok(Some(tx.finish(String::new())));
    }
    match &conflict.kind {
        ConflictKind::Workspace => {
            let contents = ws.contents();
            let text = || {
                value.as_str().map(str::to_string).ok_or_else(|| {
                    EditError::Refused(format!("the workspace's {field} must be text"))
                })
            };
            let (name, currency) = match field {
                "name" => (text()?, contents.currency.clone()),
                "currency" => (contents.name.clone(), text()?),
                _ => {
                    let mut extra = contents.extra.clone();
                    if value.is_null() {
                        extra.remove(field);
                    } else {
                        extra.insert(field.to_string(), value);
                    }
                    return changed(&contents.extra.clone(), extra, |extra| {
                        let mut tx = Transaction::new(ws);
                        tx.apply(Change::Extra(extra));
                        Ok(tx.finish(String::new()))
                    });
                }
            };
            let old = (contents.name.clone(), contents.currency.clone());
            changed(&old, (name, currency), |(name, currency)| {
                let mut tx = Transaction::new(ws);
                tx.apply(Change::Settings { name, currency });
                Ok(tx.finish(String::new()))
            })
        }
        ConflictKind::Entry(EntityKind::Step) => {
            let old = ws.step(id).cloned().ok_or(EditError::Missing("step"))?;
            let new = with_field(&old, field, value)?;
            changed(&old, new, |new| update_step(ws, new))
        }
        ConflictKind::Mappings => {
            let Some((content_type, Some(key))) = conflict.mapping_parts() else {
                return Err(EditError::Missing("mapping"));
            };
            let old = journey_of_step(ws, id)?;
            let mut new = old.clone();
            let mapping = new
                .mappings
                .iter_mut()
                .find(|m| m.step_id == id && m.content_type_id == content_type)
                .ok_or(EditError::Missing("mapping"))?;
            *mapping = with_field(mapping, key, value)?;
            changed(&old, new, |new| update(ws, new))
        }
        ConflictKind::Entry(EntityKind::Objective) => entry::<Objective>(ws, id, field, value),
        ConflictKind::Entry(EntityKind::Channel) => entry::<Channel>(ws, id, field, value),
        ConflictKind::Entry(EntityKind::Persona) => entry::<Persona>(ws, id, field, value),
        ConflictKind::Entry(EntityKind::ContentType) => entry::<ContentType>(ws, id, field, value),
        ConflictKind::Entry(EntityKind::Journey) if field == STEP_ORDER => {
            let order: Vec<Id> = match &value {
                Value::Array(ids) => ids
                    .iter()
                    .filter_map(|id| id.as_str()?.parse().ok())
                    .collect(),
                _ => Vec::new(),
            };
            let old = existing::<Journey>(ws, id)?.clone();
            let mut new = old.clone();
            // The picked order for the steps it names; the others after them, as they are.
            new.steps.sort_by_key(|step| {
                order
                    .iter()
                    .position(|id| *id == step.id)
                    .unwrap_or(usize::MAX)
            });
            changed(&old, new, |new| update(ws, new))
        }
        ConflictKind::Entry(EntityKind::Journey) => entry::<Journey>(ws, id, field, value),
        ConflictKind::Entry(EntityKind::Item) => entry::<Item>(ws, id, field, value),
        ConflictKind::Entry(EntityKind::Metric) if conflict.measured_on().is_some() => {
            let on = conflict.measured_on().expect("checked");
            let old = existing::<Metric>(ws, id)?.clone();
            let mut new = old.clone();
            if value.is_null() {
                new.unmeasure(on);
            } else {
                let measurement: Measurement = super::from_tree(&value).map_err(|error| {
                    EditError::Refused(format!("the measurement on {on} cannot be read: {error}"))
                })?;
                new.unmeasure(on);
                new.measure(measurement);
            }
            changed(&old, new, |new| update(ws, new))
        }
        ConflictKind::Entry(EntityKind::Metric) => entry::<Metric>(ws, id, field, value),
        ConflictKind::Unknown(name) => Err(EditError::Refused(format!(
            "a conflict about {name:?} cannot be resolved here"
        ))),
    }
}

/// An entry with one field (as the file names it) set to `value`; `null` removes an unknown
/// field and gives a known one its default.
fn with_field<T: serde::Serialize + serde::de::DeserializeOwned>(
    entry: &T,
    field: &str,
    value: Value,
) -> Result<T> {
    let Ok(Value::Object(mut fields)) = serde_json::to_value(entry) else {
        return Err(EditError::Refused("the entry cannot be read".into()));
    };
    let shown = value.to_string();
    match value {
        Value::Object(parts) if field == ATTACHMENT => {
            for key in ATTACHMENT_FIELDS {
                fields.insert(key.into(), parts.get(key).cloned().unwrap_or(Value::Null));
            }
        }
        Value::Null => {
            fields.remove(field);
        }
        value => {
            fields.insert(field.into(), value);
        }
    }
    super::from_tree(&Value::Object(fields))
        .map_err(|error| EditError::Refused(format!("{field} cannot be {shown}: {error}")))
}

/// One change made to many items at once (the inventory's marked rows).
#[derive(Clone, Debug, PartialEq)]
pub enum ItemsChange {
    Status(Status),
    /// The empty string takes the owner away.
    Owner(String),
    Channel(Option<Id>),
    /// Moves dated items by a number of days; undated items keep having no date.
    ShiftDays(i64),
}

/// `1 item`, `3 items`.
fn items_counted(count: usize) -> String {
    format!("{count} item{}", if count == 1 { "" } else { "s" })
}

/// Changes many items as one edit, so one undo takes it all back. Items that already are as
/// the change makes them are left alone; when that is all of them, nothing is done and it says
/// so. Each changed item is checked like a single edit, and one refusal refuses the whole.
pub fn change_items(ws: &mut Workspace, ids: &[Id], change: &ItemsChange) -> Result {
    let mut changed = Vec::new();
    let mut undated = 0;
    for id in ids {
        let mut item = existing::<Item>(ws, *id)?.clone();
        let before = item.clone();
        match change {
            ItemsChange::Status(status) => item.status = *status,
            ItemsChange::Owner(owner) => item.owner = owner.trim().to_string(),
            ItemsChange::Channel(channel) => item.channel_id = *channel,
            ItemsChange::ShiftDays(days) => match item.available_on {
                Some(date) => {
                    item.available_on = Some(date.add_days(*days).ok_or_else(|| {
                        EditError::Refused(format!(
                            "{:?} would be dated outside the calendar",
                            item.title
                        ))
                    })?)
                }
                None => undated += 1,
            },
        }
        if item != before {
            validated(ws, &item)?;
            changed.push(item);
        }
    }
    if changed.is_empty() {
        return Err(EditError::Refused(match change {
            ItemsChange::ShiftDays(_) => "nothing changed: no item has a date to move".into(),
            _ => "nothing changed: every item already has it".into(),
        }));
    }
    let count = items_counted(changed.len());
    let label = match change {
        ItemsChange::Status(status) => format!("mark {count} {}", status.words()),
        ItemsChange::Owner(owner) if owner.trim().is_empty() => {
            format!("take the owner off {count}")
        }
        ItemsChange::Owner(owner) => format!("give {count} to {:?}", owner.trim()),
        ItemsChange::Channel(None) => format!("take the channel off {count}"),
        ItemsChange::Channel(Some(id)) => {
            let name = existing::<Channel>(ws, *id)?.name.clone();
            format!("put {count} on channel {name:?}")
        }
        ItemsChange::ShiftDays(days) => {
            let left = match undated {
                0 => String::new(),
                n => format!(" ({} without a date left as they were)", items_counted(n)),
            };
            format!("move the dates of {count} by {days:+} days{left}")
        }
    };
    let mut tx = Transaction::new(ws);
    for item in changed {
        tx.replace(item);
    }
    Ok(tx.finish(label))
}

/// Deletes many items as one edit (one undo brings them all back); their metrics move to the
/// workspace, as a single item's do.
pub fn delete_items(ws: &mut Workspace, ids: &[Id]) -> Result {
    let mut tx = Transaction::new(ws);
    let label = remove_items(&mut tx, ids)?;
    Ok(tx.finish(label))
}

/// What [`delete_items`] would do, counted without changing anything (not even the revision).
pub fn preview_delete_items(ws: &Workspace, ids: &[Id]) -> Result<Impact> {
    let mut tx = Transaction::preview(ws);
    remove_items(&mut tx, ids)?;
    Ok(tx.impact)
}

fn remove_items(tx: &mut Transaction, ids: &[Id]) -> Result<String> {
    if let Some(gone) = ids.iter().find(|id| !tx.ws().items().contains(**id)) {
        existing::<Item>(tx.ws(), *gone)?;
    }
    let going: HashSet<Id> = ids.iter().copied().collect();
    reattach_metrics(
        tx,
        |m| m.item_id.is_some_and(|id| going.contains(&id)),
        Attachment::Workspace,
    );
    tx.remove_many::<Item>(ids);
    Ok(format!("delete {}", items_counted(going.len())))
}

/// Sets an entry's value of one of the workspace's fields, or clears it when `text` is empty.
/// Only a field on the entry's kind takes a value; any value can be cleared (one whose field is
/// gone, say).
pub fn set_custom(ws: &mut Workspace, target: Entry, field: &str, text: &str) -> Result {
    fn on<T: Record + Customised>(ws: &mut Workspace, id: Id, field: &str, text: &str) -> Result {
        let mut entry = existing::<T>(ws, id)?.clone();
        let label = custom_label(ws, field, T::NOUN, entry.label(), text);
        entry.custom_mut().set(&ws.contents().fields, field, text);
        let edit = update(ws, entry)?;
        Ok(Edit { label, ..edit })
    }
    let on_kind = match target {
        Entry::Persona(_) => Persona::ON,
        Entry::Journey(_) => Journey::ON,
        Entry::ContentType(_) => ContentType::ON,
        Entry::Item(_) => Item::ON,
        Entry::Step(_) => Step::ON,
        Entry::Objective(_) | Entry::Channel(_) | Entry::Metric(_) => {
            return Err(EditError::Refused(
                "only personas, steps, items, journeys and content types take custom fields".into(),
            ));
        }
    };
    if !text.is_empty() {
        match ws.contents().fields.iter().find(|f| f.id == field) {
            None => return Err(EditError::Missing("field")),
            Some(def) if def.on != on_kind => {
                return Err(EditError::Refused(format!(
                    "the field {:?} is not on {on_kind}s",
                    def.name
                )));
            }
            Some(_) => {}
        }
    }
    match target {
        Entry::Persona(id) => on::<Persona>(ws, id, field, text),
        Entry::Journey(id) => on::<Journey>(ws, id, field, text),
        Entry::ContentType(id) => on::<ContentType>(ws, id, field, text),
        Entry::Item(id) => on::<Item>(ws, id, field, text),
        Entry::Step(id) => {
            let mut step = ws.step(id).cloned().ok_or(EditError::Missing("step"))?;
            let label = custom_label(ws, field, Step::NOUN, &step.name, text);
            step.custom.set(&ws.contents().fields, field, text);
            let edit = update_step(ws, step)?;
            Ok(Edit { label, ..edit })
        }
        Entry::Objective(_) | Entry::Channel(_) | Entry::Metric(_) => unreachable!("refused above"),
    }
}

/// An entry's value of a field, if it has one.
fn custom_of(ws: &Workspace, target: Entry, field: &str) -> Option<String> {
    fn of<T: Customised>(entry: Option<&T>, field: &str) -> Option<String> {
        entry?.custom().get(field).map(str::to_string)
    }
    match target {
        Entry::Persona(id) => of(ws.personas().get(id), field),
        Entry::Journey(id) => of(ws.journeys().get(id), field),
        Entry::ContentType(id) => of(ws.content_types().get(id), field),
        Entry::Item(id) => of(ws.items().get(id), field),
        Entry::Step(id) => of(ws.step(id), field),
        Entry::Objective(_) | Entry::Channel(_) | Entry::Metric(_) => None,
    }
}

/// `set Backstage of step "Test-rides"`, `clear …`.
fn custom_label(ws: &Workspace, field: &str, noun: &str, entry: &str, text: &str) -> String {
    let name = ws
        .contents()
        .fields
        .iter()
        .find(|f| f.id == field)
        .map_or(field, |f| f.name.as_str());
    let verb = if text.is_empty() { "clear" } else { "set" };
    format!("{verb} {name} of {noun} {entry:?}")
}

/// Checks a new list of field definitions as `check` would; the first problem refuses it.
fn valid_fields(fields: &[FieldDef]) -> Result<()> {
    let problems = super::rules::field_problems(fields);
    match problems.is_empty() {
        true => Ok(()),
        false => Err(EditError::Invalid(problems)),
    }
}

/// Adds a field to the workspace, after its others.
pub fn add_field(ws: &mut Workspace, field: FieldDef) -> Result {
    let mut fields = ws.contents().fields.clone();
    let label = format!("add field {:?}", field.name);
    fields.push(field);
    valid_fields(&fields)?;
    let mut tx = Transaction::new(ws);
    tx.apply(Change::Fields(fields));
    Ok(tx.finish(label))
}

/// The position of a field in the workspace's list.
fn field_position(ws: &Workspace, id: &str) -> Result<usize> {
    ws.contents()
        .fields
        .iter()
        .position(|f| f.id == id)
        .ok_or(EditError::Missing("field"))
}

/// Renames a field; its values stay (they are keyed by its id).
pub fn rename_field(ws: &mut Workspace, id: &str, name: &str) -> Result {
    let at = field_position(ws, id)?;
    let mut fields = ws.contents().fields.clone();
    let label = format!("rename field {:?} to {name:?}", fields[at].name);
    fields[at].name = name.to_string();
    valid_fields(&fields)?;
    let mut tx = Transaction::new(ws);
    tx.apply(Change::Fields(fields));
    Ok(tx.finish(label))
}

/// Moves a field to position `to` of the list (clamped); every entry's values follow the new
/// order, the one the file writes them in.
pub fn relocate_field(ws: &mut Workspace, id: &str, to: usize) -> Result {
    let from = field_position(ws, id)?;
    let mut fields = ws.contents().fields.clone();
    let field = fields.remove(from);
    let label = format!("move field {:?}", field.name);
    fields.insert(to.min(fields.len()), field);
    let mut tx = Transaction::new(ws);
    tx.apply(Change::Fields(fields.clone()));
    rewrite_values(&mut tx, &mut |_, custom| custom.order_by(&fields));
    Ok(tx.finish(label))
}

/// Hides a built-in step lane on the board (`hidden`) or shows it again; the list stays in the
/// order of [`STEP_LANES`].
pub fn set_lane_hidden(ws: &mut Workspace, lane: &str, hidden: bool) -> Result {
    if !STEP_LANES.contains(&lane) {
        return Err(EditError::Missing("lane"));
    }
    let mut lanes = ws.contents().hidden_lanes.clone();
    lanes.retain(|l| l != lane);
    if hidden {
        lanes.push(lane.to_string());
        lanes.sort_by_key(|l| STEP_LANES.iter().position(|s| s == l).unwrap_or(usize::MAX));
    }
    let label = format!("{} lane {lane}", if hidden { "hide" } else { "show" });
    let mut tx = Transaction::new(ws);
    tx.apply(Change::HiddenLanes(lanes));
    Ok(tx.finish(label))
}

/// Deletes a field and every entry's value of it; the edit that undoes it puts them all back.
/// Its label says how many values went.
pub fn delete_field(ws: &mut Workspace, id: &str) -> Result {
    let at = field_position(ws, id)?;
    let mut fields = ws.contents().fields.clone();
    let field = fields.remove(at);
    let mut tx = Transaction::new(ws);
    tx.apply(Change::Fields(fields));
    let mut gone = 0;
    rewrite_values(&mut tx, &mut |_, custom| {
        gone += usize::from(custom.remove(id).is_some());
    });
    let label = format!(
        "delete field {:?} and its {gone} value{}",
        field.name,
        if gone == 1 { "" } else { "s" }
    );
    Ok(tx.finish(label))
}

/// How many entries hold a value of a field: what deleting it takes away.
pub fn field_values(ws: &Workspace, id: &str) -> usize {
    fn count<T: Customised>(table: &Table<T>, id: &str) -> usize {
        table
            .iter()
            .filter(|row| row.has_values())
            .map(|row| {
                let mut n = 0;
                row.each_value(&mut |custom| n += usize::from(custom.get(id).is_some()));
                n
            })
            .sum()
    }
    let c = ws.contents();
    count(&c.personas, id)
        + count(&c.content_types, id)
        + count(&c.journeys, id)
        + count(&c.items, id)
}

/// Changes the values of every entry that has any, replacing only the entries it changed.
fn rewrite_values(tx: &mut Transaction, change: &mut dyn FnMut(&str, &mut Custom)) {
    fn table<T: Record + Customised + PartialEq>(
        tx: &mut Transaction,
        change: &mut dyn FnMut(&str, &mut Custom),
    ) {
        let changed: Vec<T> = T::rows(tx.ws())
            .iter()
            .filter(|row| row.has_values())
            .filter_map(|row| {
                let mut new = row.clone();
                new.each_custom(change);
                (new != *row).then_some(new)
            })
            .collect();
        for row in changed {
            tx.replace(row);
        }
    }
    table::<Persona>(tx, change);
    table::<ContentType>(tx, change);
    table::<Journey>(tx, change);
    table::<Item>(tx, change);
}
