//! Changes: the only way a workspace is modified.
//!
//! Every edit is a list of primitive changes to one table slot each. Applying a change returns
//! its inverse, so undo and redo are exact by construction and cost what the edit cost — never a
//! copy of the whole workspace.

use super::workspace::Indexed;
use super::{
    Channel, Conflict, ContentType, Extra, FieldDef, Item, Journey, Metric, Objective, Persona,
    Workspace,
};

/// One change to one position of a table.
#[derive(Clone, Debug, PartialEq)]
pub enum Slot<T> {
    Insert {
        at: usize,
        value: T,
    },
    Remove {
        at: usize,
    },
    Replace {
        at: usize,
        value: T,
    },
    Move {
        from: usize,
        to: usize,
    },
    /// Many removals at once, positions ascending: one pass over the table, not one per row.
    RemoveMany {
        at: Vec<usize>,
    },
    /// Many insertions at once, each at its final position, positions ascending.
    InsertMany {
        rows: Vec<(usize, T)>,
    },
}

impl<T> Slot<T> {
    /// How many entries this change inserts, and how many it replaces.
    fn counts(&self) -> (usize, usize) {
        match self {
            Slot::Insert { .. } => (1, 0),
            Slot::InsertMany { rows } => (rows.len(), 0),
            Slot::Replace { .. } => (0, 1),
            Slot::Remove { .. } | Slot::Move { .. } | Slot::RemoveMany { .. } => (0, 0),
        }
    }
}

/// A primitive change to a workspace.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    Objective(Slot<Objective>),
    Channel(Slot<Channel>),
    Persona(Slot<Persona>),
    ContentType(Slot<ContentType>),
    Journey(Slot<Journey>),
    Item(Slot<Item>),
    Metric(Slot<Metric>),
    /// The workspace's own name and currency.
    Settings {
        name: String,
        currency: String,
    },
    /// The merge conflicts waiting to be resolved, replaced as a whole (the list is short).
    Conflicts(Vec<Conflict>),
    /// The workspace's own fields this release does not know, replaced as a whole.
    Extra(Extra),
    /// The workspace's custom field definitions, replaced as a whole (the list is short).
    Fields(Vec<FieldDef>),
    /// The built-in step lanes the board hides, replaced as a whole.
    HiddenLanes(Vec<String>),
}

/// Applies a slot change to the table of its kind, keeping the index true; returns the inverse.
fn apply_slot<T: Indexed>(workspace: &mut Workspace, slot: Slot<T>) -> Slot<T> {
    let (contents, index) = workspace.contents_mut();
    let table = T::table(contents);
    let undo = match slot {
        Slot::Insert { at, value } => {
            T::added(index, &value);
            table.insert(at, value);
            Slot::Remove { at }
        }
        Slot::Remove { at } => {
            let value = table.remove(at);
            T::removed(index, &value);
            Slot::Insert { at, value }
        }
        Slot::Replace { at, value } => {
            // The index moves the entry from its old version to its new one (see
            // `Indexed::replaced`): both carry the same id, so the old version's lookups go
            // before the new one's enter.
            let old = table.replace(at, value);
            T::replaced(index, &old, table.at(at).expect("just replaced"));
            Slot::Replace { at, value: old }
        }
        Slot::Move { from, to } => {
            table.relocate(from, to);
            Slot::Move { from: to, to: from }
        }
        Slot::RemoveMany { at } => {
            let rows = table.remove_many(&at);
            for (_, value) in &rows {
                T::removed(index, value);
            }
            Slot::InsertMany { rows }
        }
        Slot::InsertMany { rows } => {
            for (_, value) in &rows {
                T::added(index, value);
            }
            let at = rows.iter().map(|(at, _)| *at).collect();
            table.insert_many(rows);
            Slot::RemoveMany { at }
        }
    };
    T::follow(index, table, &undo);
    if let Some(search) = index.search.get_mut() {
        T::texts(search).follow(table, &undo);
    }
    undo
}

impl Workspace {
    /// Applies one change and returns the change that undoes it.
    ///
    /// Positions must be valid for the workspace as it is; the edit functions compute them.
    pub fn apply(&mut self, change: Change) -> Change {
        match change {
            Change::Objective(slot) => Change::Objective(apply_slot(self, slot)),
            Change::Channel(slot) => Change::Channel(apply_slot(self, slot)),
            Change::Persona(slot) => Change::Persona(apply_slot(self, slot)),
            Change::ContentType(slot) => Change::ContentType(apply_slot(self, slot)),
            Change::Journey(slot) => Change::Journey(apply_slot(self, slot)),
            Change::Item(slot) => Change::Item(apply_slot(self, slot)),
            Change::Metric(slot) => Change::Metric(apply_slot(self, slot)),
            Change::Settings { name, currency } => {
                let (contents, _) = self.contents_mut();
                let old_name = std::mem::replace(&mut contents.name, name);
                let old_currency = std::mem::replace(&mut contents.currency, currency);
                Change::Settings {
                    name: old_name,
                    currency: old_currency,
                }
            }
            Change::Conflicts(conflicts) => {
                let (contents, _) = self.contents_mut();
                Change::Conflicts(std::mem::replace(&mut contents.conflicts, conflicts))
            }
            Change::Extra(extra) => {
                let (contents, _) = self.contents_mut();
                Change::Extra(std::mem::replace(&mut contents.extra, extra))
            }
            Change::Fields(fields) => {
                let (contents, _) = self.contents_mut();
                Change::Fields(std::mem::replace(&mut contents.fields, fields))
            }
            Change::HiddenLanes(lanes) => {
                let (contents, _) = self.contents_mut();
                Change::HiddenLanes(std::mem::replace(&mut contents.hidden_lanes, lanes))
            }
        }
    }

    /// Applies a whole edit; returns the edit that undoes it.
    pub fn apply_edit(&mut self, edit: Edit) -> Edit {
        let mut undo: Vec<Change> = edit
            .changes
            .into_iter()
            .map(|change| self.apply(change))
            .collect();
        undo.reverse();
        Edit {
            label: edit.label,
            changes: undo,
        }
    }
}

/// A user-level edit: the changes it made (or will make) and words for it ("add persona 'X'").
#[derive(Clone, Debug, PartialEq)]
pub struct Edit {
    pub label: String,
    pub changes: Vec<Change>,
}

impl Change {
    /// The kind of entry the change is about, in words (`persona`, `item`…).
    pub fn noun(&self) -> &'static str {
        use super::Entity;
        match self {
            Change::Objective(_) => Objective::NOUN,
            Change::Channel(_) => Channel::NOUN,
            Change::Persona(_) => Persona::NOUN,
            Change::ContentType(_) => ContentType::NOUN,
            Change::Journey(_) => Journey::NOUN,
            Change::Item(_) => Item::NOUN,
            Change::Metric(_) => Metric::NOUN,
            Change::Settings { .. } | Change::Extra(_) => "workspace",
            Change::Fields(_) => "field",
            Change::HiddenLanes(_) => "lane",
            Change::Conflicts(_) => "conflict",
        }
    }

    /// How many entries the change inserts, and how many it replaces.
    fn counts(&self) -> (usize, usize) {
        match self {
            Change::Objective(slot) => slot.counts(),
            Change::Channel(slot) => slot.counts(),
            Change::Persona(slot) => slot.counts(),
            Change::ContentType(slot) => slot.counts(),
            Change::Journey(slot) => slot.counts(),
            Change::Item(slot) => slot.counts(),
            Change::Metric(slot) => slot.counts(),
            Change::Settings { .. }
            | Change::Conflicts(_)
            | Change::Extra(_)
            | Change::Fields(_)
            | Change::HiddenLanes(_) => (0, 0),
        }
    }
}

/// Counts of entries by kind: `(2, "journey")`.
pub type Tally = Vec<(usize, &'static str)>;

impl Edit {
    /// What undoing this edit would put back, in words: read on the edit that undoes a deletion,
    /// it says what the deletion removed ("2 journeys") and what it changed ("5 items").
    pub fn restores(&self) -> (Tally, Tally) {
        let tally = |pick: fn((usize, usize)) -> usize| {
            let mut counts: Tally = Vec::new();
            for change in &self.changes {
                let n = pick(change.counts());
                if n == 0 {
                    continue;
                }
                match counts.iter_mut().find(|(_, noun)| *noun == change.noun()) {
                    Some((count, _)) => *count += n,
                    None => counts.push((n, change.noun())),
                }
            }
            counts
        };
        (
            tally(|(inserted, _)| inserted),
            tally(|(_, replaced)| replaced),
        )
    }
}
