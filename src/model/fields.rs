//! A workspace's own fields: the lanes and fields a team adds to personas, steps, items,
//! journeys and content types (`"fields": [{ "id", "name", "on", "long" }]`), and the values
//! entries hold for them (`"custom": { "<field id>": "text" }`).
//!
//! An entry's values are kept in the order of the workspace's field list — the one order the
//! file writes them in — with values whose field the list does not have after the known ones,
//! in the order they were written, so `check` can name them and nothing is dropped.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{ContentType, Contents, Entity, Extra, Item, Journey, Persona, Step, Table};

/// The kinds of entry a field can be on, as the file spells them.
pub const FIELD_KINDS: [&str; 5] = ["persona", "step", "item", "journey", "content_type"];

/// The built-in lanes of a step, as the file names their fields, in the order a card shows
/// them: what a workspace's `hidden_lanes` may name. They are the step's long text fields of
/// the schema (`model/schema.rs`), which gives their labels; a test keeps the two the same.
pub const STEP_LANES: [&str; 5] = [
    "actions",
    "touchpoints",
    "pain_points",
    "opportunities",
    "notes",
];

/// Merges the hidden lanes as a set: a lane is hidden when one side hid it or both kept it
/// hidden, and shown when one side showed it (a hide by one side and a show by the other of the
/// same lane cannot meet: one of them did not change it). In the order of [`STEP_LANES`], names
/// it does not know after them in the order they came.
pub fn merge_hidden_lanes(base: &[String], ours: &[String], theirs: &[String]) -> Vec<String> {
    let has = |list: &[String], lane: &String| list.contains(lane);
    let mut kept: Vec<String> = Vec::new();
    for lane in ours.iter().chain(theirs).cloned() {
        let hidden = (has(ours, &lane) && has(theirs, &lane))
            || (!has(base, &lane) && (has(ours, &lane) || has(theirs, &lane)));
        if hidden && !kept.contains(&lane) {
            kept.push(lane);
        }
    }
    kept.sort_by_key(|lane| {
        STEP_LANES
            .iter()
            .position(|l| l == lane)
            .unwrap_or(usize::MAX)
    });
    kept
}

/// One field a workspace defines.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FieldDef {
    /// What entries' values are keyed by; kept when the field is renamed.
    pub id: String,
    /// The label the field is shown under.
    pub name: String,
    /// The kind of entry it is on, one of [`FIELD_KINDS`]; kept as written so that a kind this
    /// version does not know still loads and `check` names it.
    pub on: String,
    /// Several lines of text rather than one; absent in the file when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub long: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

impl FieldDef {
    /// A new field on entries of kind `on` (one of [`FIELD_KINDS`]), with a fresh id.
    pub fn new(name: &str, on: &str) -> Self {
        FieldDef {
            id: super::Id::new().to_string(),
            name: name.to_string(),
            on: on.to_string(),
            ..FieldDef::default()
        }
    }
}

/// An entry's values for the workspace's fields, by field id, in the file's order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Custom(Vec<(String, String)>);

impl Custom {
    /// No values at all.
    pub const EMPTY: Custom = Custom(Vec::new());

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The value for a field, if the entry has one.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(id, _)| id == field)
            .map(|(_, text)| text.as_str())
    }

    /// (field id, text), in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(id, text)| (id.as_str(), text.as_str()))
    }

    /// Sets a field's value, or removes it when `text` is empty, keeping the order of `fields`.
    pub fn set(&mut self, fields: &[FieldDef], field: &str, text: &str) {
        match self.0.iter_mut().find(|(id, _)| id == field) {
            Some(value) if !text.is_empty() => value.1 = text.to_string(),
            Some(_) => self.0.retain(|(id, _)| id != field),
            None if !text.is_empty() => {
                self.0.push((field.to_string(), text.to_string()));
                self.order_by(fields);
            }
            None => {}
        }
    }

    /// Removes a field's value; returns it.
    pub fn remove(&mut self, field: &str) -> Option<String> {
        let at = self.0.iter().position(|(id, _)| id == field)?;
        Some(self.0.remove(at).1)
    }

    /// Whether the values are in the order of `fields`, those of unknown fields last.
    pub fn is_ordered_by(&self, fields: &[FieldDef]) -> bool {
        self.0
            .windows(2)
            .all(|pair| rank(fields, &pair[0].0) <= rank(fields, &pair[1].0))
    }

    /// Puts the values in the order of `fields`, those of unknown fields last in the order they
    /// had.
    pub fn order_by(&mut self, fields: &[FieldDef]) {
        if !self.is_ordered_by(fields) {
            self.0.sort_by_key(|(id, _)| rank(fields, id));
        }
    }
}

/// Where a field comes in `fields`; an unknown one after all of them.
fn rank(fields: &[FieldDef], id: &str) -> usize {
    fields.iter().position(|f| f.id == id).unwrap_or(usize::MAX)
}

impl FromIterator<(String, String)> for Custom {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(values: I) -> Self {
        Custom(values.into_iter().collect())
    }
}

impl Serialize for Custom {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(id, text)| (id, text)))
    }
}

impl<'de> Deserialize<'de> for Custom {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InOrder;
        impl<'de> Visitor<'de> for InOrder {
            type Value = Custom;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of field ids to text")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Custom, A::Error> {
                let mut values = Vec::new();
                while let Some((id, text)) = map.next_entry::<String, String>()? {
                    values.push((id, text));
                }
                Ok(Custom(values))
            }
        }
        deserializer.deserialize_map(InOrder)
    }
}

/// A kind of entry that carries values of the workspace's fields.
pub trait Customised: Entity {
    /// The `on` of the fields it carries.
    const ON: &'static str;
    fn custom(&self) -> &Custom;
    fn custom_mut(&mut self) -> &mut Custom;

    /// Whether its values (and those of its parts: a journey's steps) are in the order of
    /// `fields`.
    fn values_in_order(&self, fields: &[FieldDef]) -> bool {
        self.custom().is_ordered_by(fields)
    }

    /// Puts its values (and those of its parts) in the order of `fields`.
    fn order_values(&mut self, fields: &[FieldDef]) {
        self.custom_mut().order_by(fields);
    }

    /// Whether it (or one of its parts) holds any value at all.
    fn has_values(&self) -> bool {
        !self.custom().is_empty()
    }

    /// Its values (and those of its parts), each with the `on` of the entry that holds them.
    fn each_custom(&mut self, change: &mut dyn FnMut(&str, &mut Custom)) {
        change(Self::ON, self.custom_mut());
    }

    /// Reads its values (and those of its parts).
    fn each_value(&self, see: &mut dyn FnMut(&Custom)) {
        see(self.custom());
    }
}

macro_rules! customised {
    ($($type:ty => $on:literal),*) => {$(
        impl Customised for $type {
            const ON: &'static str = $on;
            fn custom(&self) -> &Custom {
                &self.custom
            }
            fn custom_mut(&mut self) -> &mut Custom {
                &mut self.custom
            }
        }
    )*};
}
customised!(Persona => "persona", Step => "step", Item => "item", ContentType => "content_type");

impl Customised for Journey {
    const ON: &'static str = "journey";
    fn custom(&self) -> &Custom {
        &self.custom
    }
    fn custom_mut(&mut self) -> &mut Custom {
        &mut self.custom
    }
    fn values_in_order(&self, fields: &[FieldDef]) -> bool {
        self.custom.is_ordered_by(fields)
            && self
                .steps
                .iter()
                .all(|step| step.custom.is_ordered_by(fields))
    }
    fn order_values(&mut self, fields: &[FieldDef]) {
        self.custom.order_by(fields);
        for step in &mut self.steps {
            step.custom.order_by(fields);
        }
    }
    fn has_values(&self) -> bool {
        !self.custom.is_empty() || self.steps.iter().any(|step| !step.custom.is_empty())
    }
    fn each_custom(&mut self, change: &mut dyn FnMut(&str, &mut Custom)) {
        change(Self::ON, &mut self.custom);
        for step in &mut self.steps {
            change(Step::ON, &mut step.custom);
        }
    }
    fn each_value(&self, see: &mut dyn FnMut(&Custom)) {
        see(&self.custom);
        for step in &self.steps {
            see(&step.custom);
        }
    }
}

/// The fields on entries of kind `on`, in order.
pub fn fields_on<'a>(fields: &'a [FieldDef], on: &'a str) -> impl Iterator<Item = &'a FieldDef> {
    fields.iter().filter(move |f| f.on == on)
}

/// An entry's values with their fields, in the fields' order: the values shown after the
/// built-in fields. Values of unknown fields, and fields without a value, are left out.
pub fn shown_values<'a>(
    fields: &'a [FieldDef],
    entry: &'a impl Customised,
) -> impl Iterator<Item = (&'a FieldDef, &'a str)> {
    fields_on(fields, entry_on(entry))
        .filter_map(|field| entry.custom().get(&field.id).map(|text| (field, text)))
}

fn entry_on<T: Customised>(_: &T) -> &'static str {
    T::ON
}

/// Puts every entry's values in the order of the workspace's fields (see the module's doc), as
/// a file is read: a file whose values are in another order is written in this one. Nothing to
/// do, and nothing walked, when the workspace defines no fields.
pub(super) fn order_values(contents: &mut Contents) {
    if contents.fields.is_empty() {
        return;
    }
    let fields = &contents.fields;
    order(&mut contents.personas, fields);
    order(&mut contents.content_types, fields);
    order(&mut contents.journeys, fields);
    order(&mut contents.items, fields);
}

/// Reorders the values of the rows of a table that are out of order.
fn order<T: Customised>(table: &mut Table<T>, fields: &[FieldDef]) {
    let out_of_order: Vec<usize> = table
        .iter()
        .enumerate()
        .filter(|(_, row)| !row.values_in_order(fields))
        .map(|(at, _)| at)
        .collect();
    for at in out_of_order {
        let mut row = table.at(at).expect("row just walked").clone();
        row.order_values(fields);
        table.replace(at, row);
    }
}

/// The ids of values no field of the workspace defines, each once, in file order.
pub(super) fn undefined_values(contents: &Contents) -> Vec<String> {
    fn walk<T: Customised>(table: &Table<T>, fields: &[FieldDef], out: &mut Vec<String>) {
        for row in table.iter().filter(|row| row.has_values()) {
            row.each_value(&mut |custom| {
                for (id, _) in custom.iter() {
                    if !fields.iter().any(|f| f.id == id) && !out.iter().any(|o| o == id) {
                        out.push(id.to_string());
                    }
                }
            });
        }
    }
    let mut out = Vec::new();
    let fields = &contents.fields;
    walk(&contents.personas, fields, &mut out);
    walk(&contents.content_types, fields, &mut out);
    walk(&contents.journeys, fields, &mut out);
    walk(&contents.items, fields, &mut out);
    out
}
