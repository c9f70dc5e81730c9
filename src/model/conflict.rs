//! A merge conflict as the workspace keeps it, and the names its `kind` and `field` use.
//!
//! The merge records conflicts (see [`merge`](super::merge)), the changes in words describe
//! them (see [`diff`](super::diff)) and edits settle them: all three share these names, so they
//! live apart from each of them.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::search::Target;
use super::{
    Channel, ContentType, Date, Entity, Extra, Id, Item, Journey, Metric, Objective, Persona, Step,
    Workspace,
};

/// The `kind` of a conflict about the workspace's own fields (`name`, `currency`, unknown ones).
pub const WORKSPACE: &str = "workspace";
/// The `kind` of a conflict about a mapping: `id` is the step, `field` the content type's id
/// (the whole mapping) or `CONTENT_TYPE_ID.KEY` (one unknown field of it).
pub const MAPPINGS: &str = "mappings";
/// The `field` of a metric conflict about what it is attached to: the three fields
/// `journey_id`, `step_id`, `item_id` merged as one (only one may be set), and the values are
/// objects with those three keys.
pub const ATTACHMENT: &str = "attachment";
pub const ATTACHMENT_FIELDS: [&str; 3] = ["journey_id", "step_id", "item_id"];
/// A metric's measurements. A conflict about one of them has the `field`
/// `measurements.YYYY-MM-DD` (both sides changed that date's measurement differently, or one
/// deleted it and the other changed it), and the values are the measurements (`null`: deleted).
pub const MEASUREMENTS: &str = "measurements";
/// An entry's comments. A conflict about one of them has the `field` `comments.ID` (both sides
/// changed its text differently, or one deleted it and the other changed it), and the values
/// are the comments (`null`: deleted).
pub const COMMENTS: &str = "comments";
/// The `field` of a journey conflict about the order of its steps, when both sides reordered
/// them differently; the values are lists of step ids, each side's order.
pub const STEP_ORDER: &str = "step_order";

/// Something the two sides of a merge disagree on, kept in the workspace until a person picks.
///
/// - `kind` is the collection of the entry (`personas`, `steps`, `items`…), [`WORKSPACE`] for
///   the workspace's own fields (then `id` is nil) or [`MAPPINGS`].
/// - `field` is the field both sides changed differently (its name in the file; unknown fields
///   too; [`ATTACHMENT`] for a metric's attachment; [`STEP_ORDER`] for a journey whose steps
///   both sides reordered differently), or empty when the conflict is about the whole entry: deleted on one side (that side's value is `null`) and changed on the other —
///   or still used by the other side's entries (then that side's value equals `base`).
/// - `ours`, `theirs`, `base` are the field's values (or the entry's, for a whole entry);
///   `null` also stands for a value that is absent.
///
/// The workspace holds OURS' value in a conflicting field, and the kept entry for a whole-entry
/// conflict.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Conflict {
    pub id: Id,
    pub kind: String,
    pub field: String,
    pub ours: Value,
    pub theirs: Value,
    pub base: Value,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Which side of a conflict to keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    Ours,
    Theirs,
    /// Neither as such: the entry as it is now, after a person edited it by hand (or after
    /// resolving another conflict made one side's value impossible).
    Current,
}

impl Pick {
    pub fn words(self) -> &'static str {
        match self {
            Pick::Ours => "ours",
            Pick::Theirs => "theirs",
            Pick::Current => "as edited",
        }
    }
}

impl Conflict {
    /// The conflict is about a whole entry (deleted on one side), not one field of it.
    pub fn is_whole_entry(&self) -> bool {
        if self.kind == MAPPINGS {
            !self.field.contains('.')
        } else {
            self.kind != WORKSPACE && self.field.is_empty()
        }
    }

    /// The value a pick keeps (`None` for [`Pick::Current`]: whatever the entry holds).
    pub fn value(&self, pick: Pick) -> Option<&Value> {
        match pick {
            Pick::Ours => Some(&self.ours),
            Pick::Theirs => Some(&self.theirs),
            Pick::Current => None,
        }
    }

    /// For a mapping conflict: the content type, and the unknown field when it is about one.
    pub fn mapping_parts(&self) -> Option<(Id, Option<&str>)> {
        if self.kind != MAPPINGS {
            return None;
        }
        let (content_type, key) = match self.field.split_once('.') {
            Some((content_type, key)) => (content_type, Some(key)),
            None => (self.field.as_str(), None),
        };
        Some((content_type.parse().ok()?, key))
    }

    /// For a conflict about one measurement of a metric: its date.
    pub fn measured_on(&self) -> Option<Date> {
        if self.kind != Metric::COLLECTION {
            return None;
        }
        let (field, on) = self.field.split_once('.')?;
        (field == MEASUREMENTS).then(|| on.parse().ok())?
    }

    /// For a conflict about one comment of an entry: the comment's id.
    pub fn comment_id(&self) -> Option<Id> {
        let (field, id) = self.field.split_once('.')?;
        (field == COMMENTS && self.kind != MAPPINGS).then(|| id.parse().ok())?
    }

    /// The entry the conflict is about, as search and jumps name it (a mapping's: its step);
    /// `None` for the workspace's own fields.
    pub fn target(&self) -> Option<Target> {
        let id = self.id;
        Some(match self.kind.as_str() {
            Objective::COLLECTION => Target::Objective(id),
            Channel::COLLECTION => Target::Channel(id),
            Persona::COLLECTION => Target::Persona(id),
            ContentType::COLLECTION => Target::ContentType(id),
            Journey::COLLECTION => Target::Journey(id),
            Step::COLLECTION | MAPPINGS => Target::Step(id),
            Item::COLLECTION => Target::Item(id),
            Metric::COLLECTION => Target::Metric(id),
            _ => return None,
        })
    }

    /// Whether the entry the conflict is about is in the workspace; `None` for an unknown kind.
    pub fn entry_exists(&self, ws: &Workspace) -> Option<bool> {
        let id = self.id;
        Some(match self.kind.as_str() {
            WORKSPACE => true,
            Objective::COLLECTION => ws.objectives().contains(id),
            Channel::COLLECTION => ws.channels().contains(id),
            Persona::COLLECTION => ws.personas().contains(id),
            ContentType::COLLECTION => ws.content_types().contains(id),
            Journey::COLLECTION => ws.journeys().contains(id),
            Step::COLLECTION => ws.step(id).is_some(),
            MAPPINGS => match (ws.journey_of_step(id), self.mapping_parts()) {
                (Some(journey), Some((content_type, _))) => journey.is_mapped(id, content_type),
                _ => false,
            },
            Item::COLLECTION => ws.items().contains(id),
            Metric::COLLECTION => ws.metrics().contains(id),
            _ => return None,
        })
    }

    /// The word for the kind of entry (`persona`, `step`…).
    pub fn noun(&self) -> &'static str {
        noun_of(&self.kind)
    }

    /// Whether two conflicts are about the same thing.
    pub(super) fn same_place(&self, other: &Conflict) -> bool {
        self.id == other.id && self.kind == other.kind && self.field == other.field
    }
}

/// The word for one entry of a collection.
pub fn noun_of(kind: &str) -> &'static str {
    match kind {
        WORKSPACE => "workspace",
        Objective::COLLECTION => Objective::NOUN,
        Channel::COLLECTION => Channel::NOUN,
        Persona::COLLECTION => Persona::NOUN,
        ContentType::COLLECTION => ContentType::NOUN,
        Journey::COLLECTION => Journey::NOUN,
        Step::COLLECTION => Step::NOUN,
        MAPPINGS => "mapping",
        Item::COLLECTION => Item::NOUN,
        Metric::COLLECTION => Metric::NOUN,
        _ => "entry",
    }
}
