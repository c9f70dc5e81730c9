//! A merge conflict as the workspace keeps it, the kinds of thing it can be about, and the
//! names its `kind` and `field` use.
//!
//! The merge records conflicts (see [`merge`](super::merge)), the changes in words describe
//! them (see [`diff`](super::diff)) and edits settle them: all three share these names, so they
//! live apart from each of them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::schema::EntityKind;
use super::search::Target;
use super::{Date, Extra, Id, Workspace};

/// The `kind` of a conflict about the workspace's own fields (`name`, `currency`, unknown ones).
pub const WORKSPACE: &str = "workspace";
/// The `kind` of a conflict about a mapping: `id` is the step, `field` the content type's id
/// (the whole mapping) or `CONTENT_TYPE_ID.KEY` (one unknown field of it).
pub const MAPPINGS: &str = "mappings";
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

/// What a conflict is about: the workspace's own fields, an entry of a kind the schema lists,
/// or a mapping. The file spells it as the entry kind's collection (`personas`, `steps`…),
/// [`WORKSPACE`] or [`MAPPINGS`]; every place that acts on a conflict matches this enum (and an
/// entry's [`EntityKind`] within it), so a new kind cannot be forgotten in one of them.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ConflictKind {
    Workspace,
    /// An entry of a kind: one of its fields, or the whole entry.
    Entry(EntityKind),
    Mappings,
    /// A name this version does not know (a newer release's, a hand edit, or none at all):
    /// kept as written, so saving loses nothing, and named by `check`.
    Unknown(String),
}

impl ConflictKind {
    /// Every kind this version knows: the workspace, the entries' kinds, mappings.
    pub fn known() -> impl Iterator<Item = ConflictKind> {
        let entries = EntityKind::ALL.into_iter().map(ConflictKind::Entry);
        std::iter::once(ConflictKind::Workspace)
            .chain(entries)
            .chain([ConflictKind::Mappings])
    }

    /// The kind's name in the file.
    pub fn as_str(&self) -> &str {
        match self {
            ConflictKind::Workspace => WORKSPACE,
            ConflictKind::Entry(kind) => kind.collection(),
            ConflictKind::Mappings => MAPPINGS,
            ConflictKind::Unknown(name) => name,
        }
    }

    /// The kind a file's name stands for; [`ConflictKind::Unknown`] when none does.
    pub fn from_name(name: &str) -> ConflictKind {
        ConflictKind::known()
            .find(|kind| kind.as_str() == name)
            .unwrap_or_else(|| ConflictKind::Unknown(name.to_string()))
    }

    /// The kind of entry the conflict is about; `None` for the workspace, a mapping (part of
    /// its journey) and an unknown kind.
    pub fn entity(&self) -> Option<EntityKind> {
        match self {
            ConflictKind::Entry(kind) => Some(*kind),
            _ => None,
        }
    }

    /// The word for one entry of the kind (`persona`, `step`…).
    pub fn noun(&self) -> &'static str {
        match self {
            ConflictKind::Workspace => "workspace",
            ConflictKind::Entry(kind) => kind.noun(),
            ConflictKind::Mappings => "mapping",
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
///   too; [`ATTACHMENT`](super::schema::ATTACHMENT) for a metric's attachment; [`STEP_ORDER`] for a journey whose steps
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
        if self.kind != ConflictKind::Entry(EntityKind::Metric) {
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
            ConflictKind::Entry(kind) => Target::of(kind, id),
            ConflictKind::Mappings => Target::Step(id),
            ConflictKind::Workspace | ConflictKind::Unknown(_) => return None,
        })
    }

    /// Whether the entry the conflict is about is in the workspace; `None` for an unknown kind.
    pub fn entry_exists(&self, ws: &Workspace) -> Option<bool> {
        let id = self.id;
        Some(match self.kind {
            ConflictKind::Workspace => true,
            ConflictKind::Entry(kind) => kind.holds(ws, id),
            ConflictKind::Mappings => match (ws.journey_of_step(id), self.mapping_parts()) {
                (Some(journey), Some((content_type, _))) => journey.is_mapped(id, content_type),
                _ => false,
            },
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
            "items",
            "metrics",
            "mappings",
        ];
        let known: Vec<ConflictKind> = ConflictKind::known().collect();
        assert_eq!(known.len(), names.len());
        for (kind, name) in known.into_iter().zip(names) {
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
    fn every_entity_kind_is_a_conflict_kind_named_by_its_collection_and_noun() {
        for kind in EntityKind::ALL {
            let conflict = ConflictKind::Entry(kind);
            assert_eq!(conflict.entity(), Some(kind));
            assert_eq!(conflict.as_str(), kind.collection());
            assert_eq!(conflict.noun(), kind.noun());
            assert_eq!(ConflictKind::from_name(kind.collection()), conflict);
        }
        for other in [ConflictKind::Workspace, ConflictKind::Mappings] {
            assert_eq!(other.entity(), None);
        }
    }
}
