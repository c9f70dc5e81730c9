//! The workspace as it is at one revision, taken in O(1) for work done off the screen's thread.
//!
//! A save writes the workspace as it was when the save started, while the user goes on editing;
//! a merge needs the file as it was last read or written. Both take a [`Snapshot`]: the rows of
//! every table are persistent vectors shared with the workspace (see [`Table::rows`]), so taking
//! one copies no entry, and an edit made afterwards copies only the path to the row it changes.
//! The lookups by id are not part of it: writing the file does not need them.

use imbl::Vector;
use serde::Serialize;

use super::owners::Owners;
use super::search::{PreparedSearch, SearchTexts, Texts};
use super::{
    Channel, Conflict, ContentType, Contents, Extra, FieldDef, Item, Journey, Metric, Objective,
    Persona, Table, Workspace,
};

/// What the file holds, field for field in the order the file writes them, at one revision.
/// [`Contents`] is written through it, so the two cannot write different files.
#[derive(Clone, Debug, Serialize)]
pub struct Snapshot {
    format: String,
    version: u32,
    name: String,
    currency: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<FieldDef>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hidden_lanes: Vec<String>,
    objectives: Vector<Objective>,
    channels: Vector<Channel>,
    personas: Vector<Persona>,
    content_types: Vector<ContentType>,
    journeys: Vector<Journey>,
    items: Vector<Item>,
    metrics: Vector<Metric>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    conflicts: Vec<Conflict>,
    #[serde(flatten)]
    extra: Extra,
    /// The workspace revision it was taken at (not in the file).
    #[serde(skip)]
    revision: u64,
}

impl Snapshot {
    /// Copies the tables' rows in O(1); the names, conflicts and unknown top-level fields are
    /// copied (they do not grow with the entries).
    pub(super) fn of(contents: &Contents, revision: u64) -> Snapshot {
        Snapshot {
            format: contents.format.clone(),
            version: contents.version,
            name: contents.name.clone(),
            currency: contents.currency.clone(),
            fields: contents.fields.clone(),
            hidden_lanes: contents.hidden_lanes.clone(),
            objectives: contents.objectives.rows(),
            channels: contents.channels.rows(),
            personas: contents.personas.rows(),
            content_types: contents.content_types.rows(),
            journeys: contents.journeys.rows(),
            items: contents.items.rows(),
            metrics: contents.metrics.rows(),
            conflicts: contents.conflicts.clone(),
            extra: contents.extra.clone(),
            revision,
        }
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The items, nearly all of a large file: the encoder writes them in parts on two threads.
    pub fn items(&self) -> &Vector<Item> {
        &self.items
    }

    /// The same snapshot with no items: what the file holds around its items, for the encoder
    /// that writes those in parts.
    pub fn without_items(&self) -> Snapshot {
        Snapshot {
            items: Vector::new(),
            ..self.clone()
        }
    }

    /// The search's text for this snapshot, to be prepared off the screen's thread (a million
    /// items take a good part of a second) and handed to the workspace with
    /// [`Workspace::adopt_search`].
    pub fn prepare_search(self) -> PreparedSearch {
        let texts = SearchTexts {
            objectives: Texts::build(&self.objectives),
            channels: Texts::build(&self.channels),
            personas: Texts::build(&self.personas),
            content_types: Texts::build(&self.content_types),
            journeys: Texts::build(&self.journeys),
            items: Texts::build(&self.items),
            metrics: Texts::build(&self.metrics),
        };
        let owners = Owners::of(&self.items);
        PreparedSearch {
            from: self,
            texts,
            owners,
        }
    }

    /// Whether every table still holds the very rows it held when this was taken (the same
    /// shared vectors, so nothing was edited or reloaded since), in O(1).
    pub(super) fn same_rows_as(&self, contents: &Contents) -> bool {
        self.objectives.ptr_eq(&contents.objectives.rows())
            && self.channels.ptr_eq(&contents.channels.rows())
            && self.personas.ptr_eq(&contents.personas.rows())
            && self.content_types.ptr_eq(&contents.content_types.rows())
            && self.journeys.ptr_eq(&contents.journeys.rows())
            && self.items.ptr_eq(&contents.items.rows())
            && self.metrics.ptr_eq(&contents.metrics.rows())
    }

    /// A workspace again (its lookups built anew, O(n)), for a merge.
    pub fn to_workspace(&self) -> Workspace {
        Workspace::from_contents(Contents {
            format: self.format.clone(),
            version: self.version,
            name: self.name.clone(),
            currency: self.currency.clone(),
            fields: self.fields.clone(),
            hidden_lanes: self.hidden_lanes.clone(),
            objectives: Table::from_vector(self.objectives.clone()),
            channels: Table::from_vector(self.channels.clone()),
            personas: Table::from_vector(self.personas.clone()),
            content_types: Table::from_vector(self.content_types.clone()),
            journeys: Table::from_vector(self.journeys.clone()),
            items: Table::from_vector(self.items.clone()),
            metrics: Table::from_vector(self.metrics.clone()),
            conflicts: self.conflicts.clone(),
            extra: self.extra.clone(),
        })
    }
}
