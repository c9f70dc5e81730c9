//! Every kind of entry and its fields, as data: the one list that forms, search, cards, diff,
//! merge, the CSV columns and the reports walk, so that a field added here shows everywhere (the
//! tests in `model/tests/schema.rs` iterate over every kind and field and fail for a place that
//! misses one).
//!
//! A field is named by its key in the file (the struct field's own name, so the two cannot
//! drift apart), labelled for people, and of a [`FieldKind`] that says how it is shown, edited,
//! compared and merged. [`Schema::read`] and [`Schema::write`] reach the value behind a key,
//! typed as a [`FieldValue`]; they are made by the `schema!` table below, one line a field.
//!
//! What is structure rather than a field is not listed: ids, a journey's steps and mappings, a
//! KPI's measurements, comments, the workspace's own fields' values (`custom`, which
//! [`all_fields`] lists after the built-in ones) and the fields a newer release wrote.

use std::borrow::Cow;

use super::fields::{FIELD_KINDS, fields_on};
use super::{
    Attachment, Better, Channel, ContentType, Date, Entity, FieldDef, Id, Item, Journey, Kind,
    Level, Media, Metric, Objective, Persona, Status, Step, Workspace, format,
};

/// The key of a KPI's attachment as one field: the file's three keys [`ATTACHMENT_FIELDS`]
/// (`journey_id`, `step_id`, `item_id`, at most one set) read, compared, merged and written as
/// one, as an object with those three keys.
pub const ATTACHMENT: &str = "attachment";
/// The keys of the file a KPI's [`ATTACHMENT`] is made of.
pub const ATTACHMENT_FIELDS: [&str; 3] = ["journey_id", "step_id", "item_id"];

/// A kind of entry a workspace holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntityKind {
    Objective,
    Channel,
    Persona,
    ContentType,
    Journey,
    Step,
    Item,
    Metric,
}

impl EntityKind {
    /// Every kind, in the order of the file.
    pub const ALL: [EntityKind; 8] = [
        EntityKind::Objective,
        EntityKind::Channel,
        EntityKind::Persona,
        EntityKind::ContentType,
        EntityKind::Journey,
        EntityKind::Step,
        EntityKind::Item,
        EntityKind::Metric,
    ];

    /// Its built-in fields, in the order people read them (forms, cards, reports).
    pub fn fields(self) -> &'static [Field] {
        match self {
            EntityKind::Objective => Objective::FIELDS,
            EntityKind::Channel => Channel::FIELDS,
            EntityKind::Persona => Persona::FIELDS,
            EntityKind::ContentType => ContentType::FIELDS,
            EntityKind::Journey => Journey::FIELDS,
            EntityKind::Step => Step::FIELDS,
            EntityKind::Item => Item::FIELDS,
            EntityKind::Metric => Metric::FIELDS,
        }
    }

    /// The built-in field of a key, if it is one.
    pub fn field(self, key: &str) -> Option<&'static Field> {
        self.fields().iter().find(|field| field.key == key)
    }

    /// The word for one entry in messages: `content type`.
    pub fn noun(self) -> &'static str {
        match self {
            EntityKind::Objective => Objective::NOUN,
            EntityKind::Channel => Channel::NOUN,
            EntityKind::Persona => Persona::NOUN,
            EntityKind::ContentType => ContentType::NOUN,
            EntityKind::Journey => Journey::NOUN,
            EntityKind::Step => Step::NOUN,
            EntityKind::Item => Item::NOUN,
            EntityKind::Metric => Metric::NOUN,
        }
    }

    /// The array of the file its entries are in: `content_types` (a step's: `steps`, inside
    /// its journey).
    pub fn collection(self) -> &'static str {
        match self {
            EntityKind::Objective => Objective::COLLECTION,
            EntityKind::Channel => Channel::COLLECTION,
            EntityKind::Persona => Persona::COLLECTION,
            EntityKind::ContentType => ContentType::COLLECTION,
            EntityKind::Journey => Journey::COLLECTION,
            EntityKind::Step => Step::COLLECTION,
            EntityKind::Item => Item::COLLECTION,
            EntityKind::Metric => Metric::COLLECTION,
        }
    }

    /// Whether `ws` holds an entry of this kind with the id.
    pub fn holds(self, ws: &Workspace, id: Id) -> bool {
        match self {
            EntityKind::Objective => ws.objectives().contains(id),
            EntityKind::Channel => ws.channels().contains(id),
            EntityKind::Persona => ws.personas().contains(id),
            EntityKind::ContentType => ws.content_types().contains(id),
            EntityKind::Journey => ws.journeys().contains(id),
            EntityKind::Step => ws.step(id).is_some(),
            EntityKind::Item => ws.items().contains(id),
            EntityKind::Metric => ws.metrics().contains(id),
        }
    }

    /// The name or title of its entry of an id, if it has one: a reference's lookup, one table
    /// (a report names a million items' content types and steps).
    pub fn name(self, ws: &Workspace, id: Id) -> Option<&str> {
        match self {
            EntityKind::Objective => ws.objectives().get(id).map(Entity::label),
            EntityKind::Channel => ws.channels().get(id).map(Entity::label),
            EntityKind::Persona => ws.personas().get(id).map(Entity::label),
            EntityKind::ContentType => ws.content_types().get(id).map(Entity::label),
            EntityKind::Journey => ws.journeys().get(id).map(Entity::label),
            EntityKind::Step => ws.step(id).map(Entity::label),
            EntityKind::Item => ws.items().get(id).map(Entity::label),
            EntityKind::Metric => ws.metrics().get(id).map(Entity::label),
        }
    }

    /// The kind of a collection's name, if it names one.
    pub fn of_collection(collection: &str) -> Option<EntityKind> {
        EntityKind::ALL
            .into_iter()
            .find(|kind| kind.collection() == collection)
    }

    /// The `on` a workspace's own field of this kind is defined with (one of [`FIELD_KINDS`]);
    /// `None` for kinds that carry no such fields.
    pub fn on(self) -> Option<&'static str> {
        let on = match self {
            EntityKind::Persona => "persona",
            EntityKind::Step => "step",
            EntityKind::Item => "item",
            EntityKind::Journey => "journey",
            EntityKind::ContentType => "content_type",
            EntityKind::Objective | EntityKind::Channel | EntityKind::Metric => return None,
        };
        debug_assert!(FIELD_KINDS.contains(&on));
        Some(on)
    }
}

/// What a field holds, which decides how it is shown, edited, compared and merged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// The one line a person knows the entry by: a change to it is a rename.
    Name,
    /// One line of text.
    Line,
    /// Text of several lines (paragraphs kept).
    Long,
    /// A day, or none.
    Date,
    /// An amount of money in the workspace's currency.
    Amount,
    /// A number, or none (a KPI's target).
    Number,
    /// A step's emotion: 1 (awful) to 5 (delighted), or none.
    Score,
    /// One word of a fixed list, spelled as the file spells it.
    Choice(&'static [&'static str]),
    /// Another entry of a kind, by id (or none).
    Ref(EntityKind),
    /// A set of entries of a kind, by id; merged as a set.
    Refs(EntityKind),
    /// A set of free words; merged as a set.
    Tags,
    /// What a KPI is attached to: the workspace, a journey, a step or an item.
    Attachment,
}

impl FieldKind {
    /// Free text that search looks through and a card shows as paragraphs.
    pub fn is_text(self) -> bool {
        matches!(self, FieldKind::Name | FieldKind::Line | FieldKind::Long)
    }

    /// A list merged as a set: an element one side added is added, one it removed is removed.
    pub fn is_set(self) -> bool {
        matches!(self, FieldKind::Refs(_) | FieldKind::Tags)
    }
}

/// One built-in field of a kind of entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// Its key in the file.
    pub key: &'static str,
    /// What people call it, as a form or a card heads it: `Pain points`.
    pub label: &'static str,
    /// What the board's narrow lanes call it: `Pain` (the label where there is no short one).
    pub short: &'static str,
    pub kind: FieldKind,
}

impl Field {
    /// A field without a short label.
    const fn plain(key: &'static str, label: &'static str, kind: FieldKind) -> Field {
        Field {
            key,
            label,
            short: label,
            kind,
        }
    }

    /// The label in a sentence: `pain points of step 'Purchase'`.
    pub fn word(&self) -> String {
        self.label.to_lowercase()
    }
}

/// A field's value, borrowed from its entry.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FieldValue<'a> {
    /// A name, a line or a long text.
    Text(&'a str),
    Date(Option<Date>),
    /// An amount (always set) or a number (maybe not).
    Number(Option<f64>),
    Score(Option<u8>),
    /// A word of a choice; none for a KPI's direction the file leaves out (read as higher).
    Word(Option<&'static str>),
    Ref(Option<Id>),
    Refs(&'a [Id]),
    Tags(&'a [String]),
    Attachment(Attachment),
}

impl<'a> FieldValue<'a> {
    /// The text of a name, a line or a long text, borrowed; `None` for a value of another kind.
    pub fn text(&self) -> Option<&'a str> {
        match *self {
            FieldValue::Text(text) => Some(text),
            _ => None,
        }
    }

    /// Whether nothing is set: empty text, no date, an empty list.
    pub fn is_empty(&self) -> bool {
        match self {
            FieldValue::Text(text) => text.trim().is_empty(),
            FieldValue::Date(date) => date.is_none(),
            FieldValue::Number(number) => number.is_none(),
            FieldValue::Score(score) => score.is_none(),
            FieldValue::Word(word) => word.is_none(),
            FieldValue::Ref(id) => id.is_none(),
            FieldValue::Refs(ids) => ids.is_empty(),
            FieldValue::Tags(tags) => tags.is_empty(),
            FieldValue::Attachment(_) => false,
        }
    }

    /// The value as people read it, the same on the screen and in every export: entries by
    /// their names (joined by `, `), amounts with cents, an emotion as dots, a word of a choice
    /// in words; the empty string when nothing is set. The text is the workspace's own:
    /// callers clean or escape it their way.
    pub fn shown<'s>(&self, ws: &'s Workspace, field: &Field) -> Cow<'s, str>
    where
        'a: 's,
    {
        let owned = |text: String| Cow::Owned(text);
        match *self {
            FieldValue::Text(text) => Cow::Borrowed(text),
            FieldValue::Date(date) => date.map_or(Cow::Borrowed(""), |d| owned(d.to_string())),
            FieldValue::Number(None) | FieldValue::Score(None) | FieldValue::Word(None) => {
                Cow::Borrowed("")
            }
            FieldValue::Number(Some(value)) if field.kind == FieldKind::Amount => {
                owned(format::amount(value))
            }
            FieldValue::Number(Some(value)) => owned(format::number(value)),
            FieldValue::Score(score) => owned(format::emotion_dots(score)),
            FieldValue::Word(Some(word)) if !word.contains('_') => Cow::Borrowed(word),
            FieldValue::Word(Some(word)) => owned(choice_word(word)),
            FieldValue::Ref(id) => {
                Cow::Borrowed(id.and_then(|id| named(ws, field, id)).unwrap_or_default())
            }
            FieldValue::Refs(ids) => owned(
                ids.iter()
                    .filter_map(|id| named(ws, field, *id))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            FieldValue::Tags(tags) => owned(tags.join(", ")),
            FieldValue::Attachment(to) => owned(attachment_words(ws, to)),
        }
    }
}

/// A word of a choice as people read it: `in_progress` → `in progress`.
pub fn choice_word(word: &str) -> String {
    word.replace('_', " ")
}

/// The name of the entry a reference field points at, looked up in its kind's table.
fn named<'w>(ws: &'w Workspace, field: &Field, id: Id) -> Option<&'w str> {
    match field.kind {
        FieldKind::Ref(kind) | FieldKind::Refs(kind) => kind.name(ws, id),
        _ => None,
    }
}

/// A value to write into a field, as a form or an import has read it.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldInput {
    Text(String),
    Date(Option<Date>),
    Number(Option<f64>),
    Score(Option<u8>),
    /// The file's spelling of a choice (`in_progress`); none for a KPI's direction left out.
    Word(Option<String>),
    Ref(Option<Id>),
    Refs(Vec<Id>),
    Tags(Vec<String>),
    Attachment(Attachment),
}

/// What a KPI is attached to, in words: `the whole workspace`, `journey: Buying a bike`,
/// `step: Buying a bike › Test-ride`, `item: Launch video`.
pub fn attachment_words(ws: &Workspace, to: Attachment) -> String {
    let name = |id| name_of(ws, id).unwrap_or_else(|| id.to_string());
    match to {
        Attachment::Workspace => "the whole workspace".into(),
        Attachment::Journey(id) => format!("journey: {}", name(id)),
        Attachment::Step(id) => match ws.journey_of_step(id) {
            Some(journey) => format!("step: {} › {}", journey.name, name(id)),
            None => format!("step: {}", name(id)),
        },
        Attachment::Item(id) => format!("item: {}", name(id)),
    }
}

/// Why a value could not be written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    #[error("{kind} has no field '{key}'")]
    NoSuchField { kind: &'static str, key: String },
    #[error("'{0}' is not one of the choices")]
    NotAChoice(String),
    #[error("the field needs a value of another kind")]
    WrongKind,
}

/// The name or title of any entry by id, for references whose kind is not known.
pub fn name_of(ws: &Workspace, id: Id) -> Option<String> {
    EntityKind::ALL
        .iter()
        .find_map(|kind| kind.name(ws, id))
        .map(str::to_string)
}

/// A kind of entry whose fields are listed here.
pub trait Schema: Entity {
    const KIND: EntityKind;
    /// Its built-in fields, in the order people read them.
    const FIELDS: &'static [Field];
    /// The value of a built-in field; `None` for a key that is not one.
    fn read(&self, key: &str) -> Option<FieldValue<'_>>;
    /// Sets a built-in field.
    fn write(&mut self, key: &str, value: FieldInput) -> Result<(), WriteError>;
}

/// A Rust type a field is kept in, and how it reads as a [`FieldValue`].
trait Slot {
    fn read(&self) -> FieldValue<'_>;
    fn write(&mut self, value: FieldInput) -> Result<(), WriteError>;
}

impl Slot for String {
    fn read(&self) -> FieldValue<'_> {
        FieldValue::Text(self)
    }
    fn write(&mut self, value: FieldInput) -> Result<(), WriteError> {
        let FieldInput::Text(text) = value else {
            return Err(WriteError::WrongKind);
        };
        *self = text;
        Ok(())
    }
}

impl Slot for Option<Date> {
    fn read(&self) -> FieldValue<'_> {
        FieldValue::Date(*self)
    }
    fn write(&mut self, value: FieldInput) -> Result<(), WriteError> {
        let FieldInput::Date(date) = value else {
            return Err(WriteError::WrongKind);
        };
        *self = date;
        Ok(())
    }
}

impl Slot for f64 {
    fn read(&self) -> FieldValue<'_> {
        FieldValue::Number(Some(*self))
    }
    fn write(&mut self, value: FieldInput) -> Result<(), WriteError> {
        let FieldInput::Number(number) = value else {
            return Err(WriteError::WrongKind);
        };
        *self = number.unwrap_or_default();
        Ok(())
    }
}

impl Slot for Option<f64> {
    fn read(&self) -> FieldValue<'_> {
        FieldValue::Number(*self)
    }
    fn write(&mut self, value: FieldInput) -> Result<(), WriteError> {
        let FieldInput::Number(number) = value else {
            return Err(WriteError::WrongKind);
        };
        *self = number;
        Ok(())
    }
}

impl Slot for Option<u8> {
    fn read(&self) -> FieldValue<'_> {
        FieldValue::Score(*self)
    }
    fn write(&mut self, value: FieldInput) -> Result<(), WriteError> {
        match value {
            FieldInput::Score(score) if score.is_none_or(|s| super::EMOTION_RANGE.contains(&s)) => {
                *self = score;
                Ok(())
            }
            _ => Err(WriteError::WrongKind),
        }
    }
}

impl Slot for Id {
    fn read(&self) -> FieldValue<'_> {
        FieldValue::Ref(Some(*self))
    }
    fn write(&mut self, value: FieldInput) -> Result<(), WriteError> {
        let FieldInput::Ref(Some(id)) = value else {
            return Err(WriteError::WrongKind);
        };
        *self = id;
        Ok(())
    }
}

impl Slot for Option<Id> {
    fn read(&self) -> FieldValue<'_> {
        FieldValue::Ref(*self)
    }
    fn write(&mut self, value: FieldInput) -> Result<(), WriteError> {
        let FieldInput::Ref(id) = value else {
            return Err(WriteError::WrongKind);
        };
        *self = id;
        Ok(())
    }
}

impl Slot for Vec<Id> {
    fn read(&self) -> FieldValue<'_> {
        FieldValue::Refs(self)
    }
    fn write(&mut self, value: FieldInput) -> Result<(), WriteError> {
        let FieldInput::Refs(ids) = value else {
            return Err(WriteError::WrongKind);
        };
        *self = ids;
        Ok(())
    }
}

impl Slot for Vec<String> {
    fn read(&self) -> FieldValue<'_> {
        FieldValue::Tags(self)
    }
    fn write(&mut self, value: FieldInput) -> Result<(), WriteError> {
        let FieldInput::Tags(tags) = value else {
            return Err(WriteError::WrongKind);
        };
        *self = tags;
        Ok(())
    }
}

/// A choice kept as an enum: its words are its `as_str` of every value in `ALL`.
macro_rules! choice_slot {
    ($($type:ty),*) => {$(
        impl Slot for $type {
            fn read(&self) -> FieldValue<'_> {
                FieldValue::Word(Some(self.as_str()))
            }
            fn write(&mut self, value: FieldInput) -> Result<(), WriteError> {
                let FieldInput::Word(Some(word)) = value else {
                    return Err(WriteError::WrongKind);
                };
                *self = <$type>::ALL
                    .into_iter()
                    .find(|choice| choice.as_str() == word)
                    .ok_or(WriteError::NotAChoice(word))?;
                Ok(())
            }
        }
        impl $type {
            /// The words of the choice, as the file spells them.
            pub const WORDS: &'static [&'static str] = &{
                let mut words = [""; <$type>::ALL.len()];
                let mut at = 0;
                while at < words.len() {
                    words[at] = <$type>::ALL[at].as_str();
                    at += 1;
                }
                words
            };
        }
    )*};
}
choice_slot!(Media, Kind, Status, Level, Better);

/// A KPI's direction: absent in the file reads as higher, and stays absent unless set.
impl Slot for Option<Better> {
    fn read(&self) -> FieldValue<'_> {
        FieldValue::Word(self.map(Better::as_str))
    }
    fn write(&mut self, value: FieldInput) -> Result<(), WriteError> {
        match value {
            FieldInput::Word(None) => *self = None,
            word => {
                let mut better = Better::default();
                better.write(word)?;
                *self = Some(better);
            }
        }
        Ok(())
    }
}

/// A kind's fields, one line each: `key: "Label" ("Short")?, kind;` — the key is the struct's
/// field, so the file's name and the schema's cannot differ.
macro_rules! schema {
    ($type:ty => $kind:ident { $($key:ident: $label:literal $(($short:literal))?, $field:expr;)* }) => {
        impl Schema for $type {
            const KIND: EntityKind = EntityKind::$kind;
            const FIELDS: &'static [Field] = &[$(Field {
                key: stringify!($key),
                label: $label,
                short: schema!(@short $label $(, $short)?),
                kind: $field,
            }),*];
            fn read(&self, key: &str) -> Option<FieldValue<'_>> {
                match key {
                    $(stringify!($key) => Some(Slot::read(&self.$key)),)*
                    _ => None,
                }
            }
            fn write(&mut self, key: &str, value: FieldInput) -> Result<(), WriteError> {
                match key {
                    $(stringify!($key) => Slot::write(&mut self.$key, value),)*
                    _ => Err(WriteError::NoSuchField { kind: Self::NOUN, key: key.into() }),
                }
            }
        }
    };
    (@short $label:literal) => { $label };
    (@short $label:literal, $short:literal) => { $short };
}

use EntityKind as E;
use FieldKind::*;

schema!(Objective => Objective {
    title: "Title", Name;
    notes: "Notes", Long;
});

schema!(Channel => Channel {
    name: "Name", Name;
    media: "Media", Choice(Media::WORDS);
    budget: "Budget", Amount;
    notes: "Notes", Long;
});

schema!(Persona => Persona {
    name: "Name", Name;
    summary: "Summary", Long;
    characteristics: "Characteristics", Long;
    needs: "Digital needs", Long;
    preferences: "Preferences", Long;
    challenges: "Challenges", Long;
    values: "Values", Long;
    channel_ids: "Channels", Refs(E::Channel);
    tags: "Tags", Tags;
});

schema!(ContentType => ContentType {
    name: "Name", Name;
    kind: "Kind", Choice(Kind::WORDS);
});

schema!(Journey => Journey {
    name: "Name", Name;
    persona_ids: "Personas", Refs(E::Persona);
    objective_id: "Objective", Ref(E::Objective);
    current_state: "Current state", Long;
    desired_state: "Desired state", Long;
});

schema!(Step => Step {
    name: "Name", Name;
    emotion: "Emotion", Score;
    actions: "Actions" ("Does"), Long;
    touchpoints: "Touchpoints" ("Where"), Long;
    pain_points: "Pain points" ("Pain"), Long;
    opportunities: "Opportunities" ("Idea"), Long;
    notes: "Notes", Long;
});

schema!(Item => Item {
    title: "Title", Name;
    content_type_id: "Content type", Ref(E::ContentType);
    step_ids: "Steps", Refs(E::Step);
    channel_id: "Channel", Ref(E::Channel);
    status: "Status", Choice(Status::WORDS);
    owner: "Owner", Line;
    available_on: "Date", Date;
    cost: "Cost", Amount;
    url: "URL", Line;
    notes: "Notes", Long;
});

/// A KPI's fields: written out, not made by `schema!`, for its attachment is one field made of
/// three keys of the file (`journey_id`, `step_id`, `item_id`, at most one set).
impl Schema for Metric {
    const KIND: EntityKind = EntityKind::Metric;
    const FIELDS: &'static [Field] = &[
        Field::plain("name", "Name", Name),
        Field::plain("level", "Level", Choice(Level::WORDS)),
        Field::plain("unit", "Unit", Line),
        Field::plain("target", "Target", Number),
        Field::plain("actual", "Actual", Number),
        Field::plain("better", "Direction", Choice(Better::WORDS)),
        Field::plain(ATTACHMENT, "Attached to", FieldKind::Attachment),
    ];
    fn read(&self, key: &str) -> Option<FieldValue<'_>> {
        Some(match key {
            "name" => self.name.read(),
            "level" => self.level.read(),
            "unit" => self.unit.read(),
            "target" => self.target.read(),
            "actual" => self.actual.read(),
            "better" => self.better.read(),
            ATTACHMENT => FieldValue::Attachment(self.attachment()),
            _ => return None,
        })
    }
    fn write(&mut self, key: &str, value: FieldInput) -> Result<(), WriteError> {
        match key {
            "name" => self.name.write(value),
            "level" => self.level.write(value),
            "unit" => self.unit.write(value),
            "target" => self.target.write(value),
            "actual" => self.actual.write(value),
            "better" => self.better.write(value),
            ATTACHMENT => {
                let FieldInput::Attachment(to) = value else {
                    return Err(WriteError::WrongKind);
                };
                self.attach(to);
                Ok(())
            }
            _ => Err(WriteError::NoSuchField {
                kind: Self::NOUN,
                key: key.into(),
            }),
        }
    }
}

/// A field of an entry: a built-in one, or one the workspace defines.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AnyField<'a> {
    BuiltIn(&'static Field),
    Own(&'a FieldDef),
}

impl AnyField<'_> {
    /// What people call it: the built-in label, or the name the workspace gave it.
    pub fn label(&self) -> &str {
        match self {
            AnyField::BuiltIn(field) => field.label,
            AnyField::Own(field) => &field.name,
        }
    }

    /// Text of several lines.
    pub fn is_long(&self) -> bool {
        match self {
            AnyField::BuiltIn(field) => field.kind == FieldKind::Long,
            AnyField::Own(field) => field.long,
        }
    }
}

/// A kind's fields as an entry shows them: the built-in ones, then the workspace's own fields
/// of that kind in their order.
pub fn all_fields(fields: &[FieldDef], kind: EntityKind) -> impl Iterator<Item = AnyField<'_>> {
    let own = kind.on().into_iter().flat_map(|on| fields_on(fields, on));
    (kind.fields().iter().map(AnyField::BuiltIn)).chain(own.map(AnyField::Own))
}

/// A workspace that holds every field: what the schema-driven tests across the project are
/// run on, so that a field added to the schema is checked in every place at once.
#[cfg(test)]
pub mod examples {
    use super::*;
    use crate::model::{Contents, Customised, Table};

    /// The id of the example entry of a kind.
    pub fn id(kind: EntityKind) -> Id {
        Id::from_u128(0xE0 + EntityKind::ALL.iter().position(|k| *k == kind).unwrap() as u128)
    }

    /// The text of a text field of a kind, found nowhere else in the example: `ex-step-notes`.
    pub fn marker(kind: EntityKind, key: &str) -> String {
        format!(
            "ex-{}-{}",
            kind.noun().replace(' ', "_"),
            key.replace('_', "-")
        )
    }

    /// A second content type, for an item's required content type to change to.
    pub const SECOND_CONTENT_TYPE: Id = Id::from_u128(0xEF);

    /// The id of the example's own field of a kind (`None` for kinds that carry none).
    pub fn own_field(kind: EntityKind) -> Option<FieldDef> {
        let on = kind.on()?;
        Some(FieldDef {
            id: format!("own-{on}"),
            name: format!("Own {}", kind.noun()),
            on: on.to_string(),
            long: kind == EntityKind::Step,
            ..FieldDef::default()
        })
    }

    /// A value for a field that its entry's default does not hold and no other field holds.
    pub fn input(kind: EntityKind, field: &Field) -> FieldInput {
        let at = kind.fields().iter().position(|f| f == field).unwrap_or(0) as u32;
        match field.kind {
            Name | Line | Long => FieldInput::Text(marker(kind, field.key)),
            FieldKind::Date => {
                FieldInput::Date(Some(Date::from_ymd(2026, 3, 1 + at as u8).unwrap()))
            }
            Amount => FieldInput::Number(Some(4321.5 + f64::from(at))),
            Number => FieldInput::Number(Some(77.25 + f64::from(at))),
            Score => FieldInput::Score(Some(4)),
            Choice(words) => FieldInput::Word(Some(words[words.len() - 1].to_string())),
            Ref(to) => FieldInput::Ref(Some(id(to))),
            Refs(to) => FieldInput::Refs(vec![id(to)]),
            Tags => FieldInput::Tags(vec![marker(kind, field.key)]),
            FieldKind::Attachment => FieldInput::Attachment(Attachment::Step(id(EntityKind::Step))),
        }
    }

    /// An entry of a kind with every built-in field set by [`input`] and its own field's value
    /// `ex-KIND-own`.
    fn filled<T: Schema>() -> T {
        let mut entry = T::default();
        for field in T::FIELDS {
            entry.write(field.key, input(T::KIND, field)).unwrap();
        }
        entry
    }

    fn own_value<T: Schema + Customised>(entry: &mut T, fields: &[FieldDef]) {
        let field = own_field(T::KIND).unwrap();
        entry
            .custom_mut()
            .set(fields, &field.id, &marker(T::KIND, "own_value"));
    }

    /// One entry of every kind (a journey with its one step, the item on it), every field
    /// filled, one own field of each kind that carries them with a value on its entry.
    pub fn every_field() -> Workspace {
        let fields: Vec<FieldDef> = EntityKind::ALL.into_iter().filter_map(own_field).collect();
        macro_rules! entry {
            ($type:ty) => {{
                let mut entry: $type = filled();
                entry.id = id(<$type>::KIND);
                entry
            }};
        }
        let mut persona = entry!(Persona);
        own_value(&mut persona, &fields);
        let mut content_type = entry!(ContentType);
        own_value(&mut content_type, &fields);
        let mut step = entry!(Step);
        own_value(&mut step, &fields);
        let mut journey = entry!(Journey);
        own_value(&mut journey, &fields);
        journey.steps = vec![step];
        journey.mappings = vec![super::super::Mapping {
            step_id: id(EntityKind::Step),
            content_type_id: id(EntityKind::ContentType),
            ..Default::default()
        }];
        let mut item = entry!(Item);
        own_value(&mut item, &fields);
        Workspace::from_contents(Contents {
            name: "Every field".into(),
            currency: "EUR".into(),
            fields,
            objectives: Table::from_rows([entry!(Objective)]),
            channels: Table::from_rows([entry!(Channel)]),
            personas: Table::from_rows([persona]),
            content_types: Table::from_rows([
                content_type,
                ContentType {
                    id: SECOND_CONTENT_TYPE,
                    name: "Second type".into(),
                    ..ContentType::default()
                },
            ]),
            journeys: Table::from_rows([journey]),
            items: Table::from_rows([item]),
            metrics: Table::from_rows([entry!(Metric)]),
            ..Contents::default()
        })
    }

    /// The value of a field of the example entry of a kind in `ws`.
    pub fn value<'a>(ws: &'a Workspace, kind: EntityKind, key: &str) -> Option<FieldValue<'a>> {
        let at = id(kind);
        match kind {
            EntityKind::Objective => ws.objectives().get(at)?.read(key),
            EntityKind::Channel => ws.channels().get(at)?.read(key),
            EntityKind::Persona => ws.personas().get(at)?.read(key),
            EntityKind::ContentType => ws.content_types().get(at)?.read(key),
            EntityKind::Journey => ws.journeys().get(at)?.read(key),
            EntityKind::Step => ws.step(at)?.read(key),
            EntityKind::Item => ws.items().get(at)?.read(key),
            EntityKind::Metric => ws.metrics().get(at)?.read(key),
        }
    }

    /// `ws` with one field of the example entry of a kind set to `value` (every other entry
    /// as it was): a second version to diff or merge against the first.
    pub fn with(ws: &Workspace, kind: EntityKind, key: &str, value: FieldInput) -> Workspace {
        fn change<T: Schema>(table: &Table<T>, at: Id, key: &str, value: FieldInput) -> Table<T> {
            Table::from_rows(table.iter().cloned().map(|mut row| {
                if row.id() == at {
                    row.write(key, value.clone()).unwrap();
                }
                row
            }))
        }
        let mut contents = ws.contents().clone();
        let at = id(kind);
        match kind {
            EntityKind::Objective => {
                contents.objectives = change(&contents.objectives, at, key, value)
            }
            EntityKind::Channel => contents.channels = change(&contents.channels, at, key, value),
            EntityKind::Persona => contents.personas = change(&contents.personas, at, key, value),
            EntityKind::ContentType => {
                contents.content_types = change(&contents.content_types, at, key, value)
            }
            EntityKind::Journey => contents.journeys = change(&contents.journeys, at, key, value),
            EntityKind::Step => {
                contents.journeys =
                    Table::from_rows(contents.journeys.iter().cloned().map(|mut journey| {
                        for step in journey.steps.iter_mut().filter(|s| s.id == at) {
                            step.write(key, value.clone()).unwrap();
                        }
                        journey
                    }))
            }
            EntityKind::Item => contents.items = change(&contents.items, at, key, value),
            EntityKind::Metric => contents.metrics = change(&contents.metrics, at, key, value),
        }
        Workspace::from_contents(contents)
    }

    /// `ws` with a second entry of a kind, named `Second KIND` and otherwise empty (a step in
    /// the example's journey, an item of the example's content type), for a reference to point
    /// at another entry than the example's: the copy and the new entry's id.
    pub fn with_second(ws: &Workspace, kind: EntityKind) -> (Workspace, Id) {
        fn add<T: Schema>(table: &Table<T>, entry: T) -> Table<T> {
            Table::from_rows(table.iter().cloned().chain([entry]))
        }
        let at =
            Id::from_u128(0xF0 + EntityKind::ALL.iter().position(|k| *k == kind).unwrap() as u128);
        macro_rules! second {
            ($type:ty) => {{
                let mut entry = <$type>::default();
                entry.id = at;
                let name = FieldInput::Text(format!("Second {}", <$type>::NOUN));
                entry.write(<$type>::FIELDS[0].key, name).unwrap();
                entry
            }};
        }
        let mut contents = ws.contents().clone();
        match kind {
            EntityKind::Objective => {
                contents.objectives = add(&contents.objectives, second!(Objective))
            }
            EntityKind::Channel => contents.channels = add(&contents.channels, second!(Channel)),
            EntityKind::Persona => contents.personas = add(&contents.personas, second!(Persona)),
            EntityKind::ContentType => {
                contents.content_types = add(&contents.content_types, second!(ContentType))
            }
            EntityKind::Journey => contents.journeys = add(&contents.journeys, second!(Journey)),
            EntityKind::Step => {
                contents.journeys =
                    Table::from_rows(contents.journeys.iter().cloned().map(|mut journey| {
                        if journey.id == id(EntityKind::Journey) {
                            journey.steps.push(second!(Step));
                        }
                        journey
                    }))
            }
            EntityKind::Item => {
                let mut item = second!(Item);
                item.content_type_id = id(EntityKind::ContentType);
                contents.items = add(&contents.items, item)
            }
            EntityKind::Metric => contents.metrics = add(&contents.metrics, second!(Metric)),
        }
        (Workspace::from_contents(contents), at)
    }

    /// Another value for a field than the example's, for a change to show.
    pub fn other_input(kind: EntityKind, field: &Field) -> FieldInput {
        match input(kind, field) {
            FieldInput::Text(text) => FieldInput::Text(format!("{text}-changed")),
            FieldInput::Date(_) => FieldInput::Date(Some(Date::from_ymd(2027, 1, 2).unwrap())),
            FieldInput::Number(n) => FieldInput::Number(n.map(|n| n + 1000.0)),
            FieldInput::Score(_) => FieldInput::Score(Some(2)),
            FieldInput::Word(_) => {
                let Choice(words) = field.kind else {
                    unreachable!()
                };
                FieldInput::Word(Some(words[0].to_string()))
            }
            FieldInput::Ref(_) => FieldInput::Ref(match field.kind {
                // A required reference (an item's content type) must still point somewhere.
                Ref(EntityKind::ContentType) => Some(SECOND_CONTENT_TYPE),
                _ => None,
            }),
            FieldInput::Refs(_) => FieldInput::Refs(Vec::new()),
            FieldInput::Tags(tags) => FieldInput::Tags(vec![tags[0].clone(), "more".into()]),
            FieldInput::Attachment(_) => FieldInput::Attachment(Attachment::Workspace),
        }
    }
}
