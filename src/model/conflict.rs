//! A merge conflict as the workspace keeps it, the kinds of thing it can be about, and the
//! names its `kind` and `field` use.
//!
//! The merge records conflicts (see [`merge`](super::merge)), the changes in words describe
//! them (see [`diff`](super::diff)) and edits settle them: all three share these names, so they
//! live apart from each of them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
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
/// An entry's values of the workspace's own fields. A conflict about one of them has the
/// `field` `custom.FIELD_ID` (both sides gave it different values), and the values are the texts
/// (`null`: no value).
pub const CUSTOM: &str = "custom";
/// The workspace's field definitions. A workspace conflict about one of them has the `field`
/// `fields.FIELD_ID`, and the values are the definitions (`null`: deleted).
pub const FIELDS: &str = "fields";
/// The `field` of a journey conflict about the order of its steps, when both sides reordered
/// them differently; the values are lists of step ids, each side's order.
pub const STEP_ORDER: &str = "step_order";

/// What a conflict is about: the workspace's own fields, an entry of one of its collections, or
/// a mapping. The file spells it as the collection's name (`personas`, `steps`…), [`WORKSPACE`]
/// or [`MAPPINGS`]; every place that acts on a conflict matches this enum, so a new kind
/// cannot be forgotten in one of them.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ConflictKind {
    Workspace,
    Objectives,
    Channels,
    Personas,
    ContentTypes,
    Journeys,
    Steps,
    Mappings,
    Items,
    Metrics,
    /// A name this version does not know (a newer release's, a hand edit, or none at all):
    /// kept as written, so saving loses nothing, and named by `check`.
    Unknown(String),
}

impl ConflictKind {
    /// Every kind this version knows, in the order of the file's collections.
    pub const KNOWN: [ConflictKind; 10] = [
        ConflictKind::Workspace,
        ConflictKind::Objectives,
        ConflictKind::Channels,
        ConflictKind::Personas,
        ConflictKind::ContentTypes,
        ConflictKind::Journeys,
        ConflictKind::Steps,
        ConflictKind::Mappings,
        ConflictKind::Items,
        ConflictKind::Metrics,
    ];

    /// The kind's name in the file.
    pub fn as_str(&self) -> &str {
        match self {
            ConflictKind::Workspace => WORKSPACE,
            ConflictKind::Objectives => Objective::COLLECTION,
            ConflictKind::Channels => Channel::COLLECTION,
            ConflictKind::Personas => Persona::COLLECTION,
            ConflictKind::ContentTypes => ContentType::COLLECTION,
            ConflictKind::Journeys => Journey::COLLECTION,
            ConflictKind::Steps => Step::COLLECTION,
            ConflictKind::Mappings => MAPPINGS,
            ConflictKind::Items => Item::COLLECTION,
            ConflictKind::Metrics => Metric::COLLECTION,
            ConflictKind::Unknown(name) => name,
        }
    }

    /// The kind a file's name stands for; [`ConflictKind::Unknown`] when none does.
    pub fn from_name(name: &str) -> ConflictKind {
        ConflictKind::KNOWN
            .into_iter()
            .find(|kind| kind.as_str() == name)
            .unwrap_or_else(|| ConflictKind::Unknown(name.to_string()))
    }

    /// The kind of a conflict about an entry of `T`'s collection.
    pub fn of<T: Entity>() -> ConflictKind {
        ConflictKind::from_name(T::COLLECTION)
    }

    /// The word for one entry of the kind (`persona`, `step`…).
    pub fn noun(&self) -> &'static str {
        match self {
            ConflictKind::Workspace => "workspace",
            ConflictKind::Objectives => Objective::NOUN,
            ConflictKind::Channels => Channel::NOUN,
            ConflictKind::Personas => Persona::NOUN,
            ConflictKind::ContentTypes => ContentType::NOUN,
            ConflictKind::Journeys => Journey::NOUN,
            ConflictKind::Steps => Step::NOUN,
            ConflictKind::Mappings => "mapping",
            ConflictKind::Items => Item::NOUN,
            ConflictKind::Metrics => Metric::NOUN,
            ConflictKind::Unknown(_) => "entry",
        }
    }
}

/// A conflict written without a kind has none this version knows (as the empty name).
impl Default for ConflictKind {
    fn default() -> Self {
        ConflictKind::Unknown(String::new())
    }
}

impl From<&str> for ConflictKind {
    fn from(name: &str) -> Self {
        ConflictKind::from_name(name)
    }
}

/// Written as its name, so the file reads as it always did.
impl Serialize for ConflictKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ConflictKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|name| ConflictKind::from_name(&name))
    }
}

/// Something the two sides of a merge disagree on, kept in the workspace until a person picks.
///
/// - `kind` is what the conflict is about ([`ConflictKind`]): for the workspace's own fields
///   `id` is nil.
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
    pub kind: ConflictKind,
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
        match self.kind {
            ConflictKind::Mappings => !self.field.contains('.'),
            ConflictKind::Workspace => false,
            _ => self.field.is_empty(),
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
        if self.kind != ConflictKind::Mappings {
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
        if self.kind != ConflictKind::Metrics {
            return None;
        }
        let (field, on) = self.field.split_once('.')?;
        (field == MEASUREMENTS).then(|| on.parse().ok())?
    }

    /// For a conflict about one comment of an entry: the comment's id.
    pub fn comment_id(&self) -> Option<Id> {
        let (field, id) = self.field.split_once('.')?;
        (field == COMMENTS && self.kind != ConflictKind::Mappings).then(|| id.parse().ok())?
    }

    /// For a conflict about one value of an entry's custom field: the field's id.
    pub fn custom_field(&self) -> Option<&str> {
        let (field, id) = self.field.split_once('.')?;
        (field == CUSTOM && self.kind != ConflictKind::Mappings).then_some(id)
    }

    /// For a workspace conflict about one field definition: the field's id.
    pub fn field_definition(&self) -> Option<&str> {
        let (field, id) = self.field.split_once('.')?;
        (field == FIELDS && self.kind == ConflictKind::Workspace).then_some(id)
    }

    /// The entry the conflict is about, as search and jumps name it (a mapping's: its step);
    /// `None` for the workspace's own fields.
    pub fn target(&self) -> Option<Target> {
        let id = self.id;
        Some(match self.kind {
            ConflictKind::Objectives => Target::Objective(id),
            ConflictKind::Channels => Target::Channel(id),
            ConflictKind::Personas => Target::Persona(id),
            ConflictKind::ContentTypes => Target::ContentType(id),
            ConflictKind::Journeys => Target::Journey(id),
            ConflictKind::Steps | ConflictKind::Mappings => Target::Step(id),
            ConflictKind::Items => Target::Item(id),
            ConflictKind::Metrics => Target::Metric(id),
            ConflictKind::Workspace | ConflictKind::Unknown(_) => return None,
        })
    }

    /// Whether the entry the conflict is about is in the workspace; `None` for an unknown kind.
    pub fn entry_exists(&self, ws: &Workspace) -> Option<bool> {
        let id = self.id;
        Some(match self.kind {
            ConflictKind::Workspace => true,
            ConflictKind::Objectives => ws.objectives().contains(id),
            ConflictKind::Channels => ws.channels().contains(id),
            ConflictKind::Personas => ws.personas().contains(id),
            ConflictKind::ContentTypes => ws.content_types().contains(id),
            ConflictKind::Journeys => ws.journeys().contains(id),
            ConflictKind::Steps => ws.step(id).is_some(),
            ConflictKind::Mappings => match (ws.journey_of_step(id), self.mapping_parts()) {
                (Some(journey), Some((content_type, _))) => journey.is_mapped(id, content_type),
                _ => false,
            },
            ConflictKind::Items => ws.items().contains(id),
            ConflictKind::Metrics => ws.metrics().contains(id),
            ConflictKind::Unknown(_) => return None,
        })
    }

    /// The word for the kind of entry (`persona`, `step`…).
    pub fn noun(&self) -> &'static str {
        self.kind.noun()
    }

    /// Whether two conflicts are about the same thing.
    pub(super) fn same_place(&self, other: &Conflict) -> bool {
        self.id == other.id && self.kind == other.kind && self.field == other.field
    }
}

/// The word for one entry of a collection (`personas` → `persona`), or `entry`.
pub fn noun_of(collection: &str) -> &'static str {
    ConflictKind::from_name(collection).noun()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_written_as_the_names_the_file_always_had() {
        let names = [
            "workspace",
            "objectives",
            "channels",
            "personas",
            "content_types",
            "journeys",
            "steps",
            "mappings",
            "items",
            "metrics",
        ];
        for (kind, name) in ConflictKind::KNOWN.into_iter().zip(names) {
            let json = serde_json::to_value(&kind).unwrap();
            assert_eq!(json, Value::from(name));
            assert_eq!(serde_json::from_value::<ConflictKind>(json).unwrap(), kind);
            assert_eq!(ConflictKind::from_name(name), kind);
        }
        // A name this version does not know, or none, comes back as it was written.
        for name in ["gadgets", ""] {
            let kind: ConflictKind = serde_json::from_value(Value::from(name)).unwrap();
            assert_eq!(kind, ConflictKind::Unknown(name.to_string()));
            assert_eq!(serde_json::to_value(&kind).unwrap(), Value::from(name));
            assert_eq!(kind.noun(), "entry");
        }
        let missing: Conflict = serde_json::from_str("{}").unwrap();
        assert_eq!(missing.kind, ConflictKind::Unknown(String::new()));
        assert_eq!(serde_json::to_value(&missing).unwrap()["kind"], "");
    }

    #[test]
    fn every_entity_has_its_kind() {
        assert_eq!(ConflictKind::of::<Objective>(), ConflictKind::Objectives);
        assert_eq!(ConflictKind::of::<Channel>(), ConflictKind::Channels);
        assert_eq!(ConflictKind::of::<Persona>(), ConflictKind::Personas);
        assert_eq!(
            ConflictKind::of::<ContentType>(),
            ConflictKind::ContentTypes
        );
        assert_eq!(ConflictKind::of::<Journey>(), ConflictKind::Journeys);
        assert_eq!(ConflictKind::of::<Step>(), ConflictKind::Steps);
        assert_eq!(ConflictKind::of::<Item>(), ConflictKind::Items);
        assert_eq!(ConflictKind::of::<Metric>(), ConflictKind::Metrics);
    }
}
