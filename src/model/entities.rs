//! The entries of a workspace, exactly as the version-1 file spells them.
//!
//! Field order here is the order in the file: serialisation must give the same bytes for the same
//! workspace so that git diffs stay small. Every entry keeps the fields it does not know in
//! `extra`, so a file written by a newer release loses nothing when this one saves it.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::fields::Custom;
use super::{Date, Id};

/// Fields a newer release wrote that this one does not know; written back untouched, numbers
/// exactly as written (serde_json's `arbitrary_precision`).
pub type Extra = Map<String, Value>;

/// Reads a typed value out of its JSON tree. Through text rather than `serde_json::from_value`,
/// which cannot hand a number beyond 64 bits to the `#[serde(flatten)]` map every entry keeps its
/// unknown fields in. The error is serde's words, without a position in that text.
pub fn from_tree<T: for<'de> Deserialize<'de>>(tree: &Value) -> Result<T, String> {
    let text = serde_json::to_vec(tree).map_err(|error| error.to_string())?;
    serde_json::from_slice(&text).map_err(|error| without_position(&error))
}

/// A serde_json error's message without the " at line L column C" it appends.
pub fn without_position(error: &serde_json::Error) -> String {
    let mut message = error.to_string();
    if error.line() > 0
        && let Some(cut) = message.rfind(" at line ")
    {
        message.truncate(cut);
    }
    message
}

/// What every kind of entry has in common: an id, a name to show, and a place in the file.
pub trait Entity: Clone + Default + Serialize + for<'de> Deserialize<'de> {
    /// The array of the file that holds this kind, e.g. `personas`.
    const COLLECTION: &'static str;
    /// The word for one entry in messages, e.g. `persona`.
    const NOUN: &'static str;
    fn id(&self) -> Id;
    /// The name or title a person knows the entry by.
    fn label(&self) -> &str;
}

macro_rules! entity {
    ($type:ty, $collection:literal, $noun:literal, $label:ident) => {
        impl Entity for $type {
            const COLLECTION: &'static str = $collection;
            const NOUN: &'static str = $noun;
            fn id(&self) -> Id {
                self.id
            }
            fn label(&self) -> &str {
                &self.$label
            }
        }
    };
}

/// A business goal the strategy traces back to.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Objective {
    pub id: Id,
    pub title: String,
    pub notes: String,
    #[serde(flatten)]
    pub extra: Extra,
}
entity!(Objective, "objectives", "objective", title);

/// Paid, owned or earned media: who pays for the attention.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Media {
    Paid,
    #[default]
    Owned,
    Earned,
}

impl Media {
    pub const ALL: [Media; 3] = [Media::Paid, Media::Owned, Media::Earned];
    pub const fn as_str(self) -> &'static str {
        match self {
            Media::Paid => "paid",
            Media::Owned => "owned",
            Media::Earned => "earned",
        }
    }
}

/// Where customers are reached (search, social, email, shop…), with its budget.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Channel {
    pub id: Id,
    pub name: String,
    pub media: Media,
    pub budget: f64,
    pub notes: String,
    #[serde(flatten)]
    pub extra: Extra,
}
entity!(Channel, "channels", "channel", name);

/// A customer profile.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Persona {
    pub id: Id,
    pub name: String,
    pub summary: String,
    pub characteristics: String,
    pub needs: String,
    pub preferences: String,
    pub challenges: String,
    pub values: String,
    pub channel_ids: Vec<Id>,
    pub tags: Vec<String>,
    /// What reviewers said about the entry; absent in the file when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// Its values of the workspace's own fields; absent in the file when there are none.
    #[serde(skip_serializing_if = "Custom::is_empty")]
    pub custom: Custom,
    #[serde(flatten)]
    pub extra: Extra,
}
entity!(Persona, "personas", "persona", name);

/// Whether a content type is a piece of content or a service.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    #[default]
    Content,
    Service,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Content, Kind::Service];
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Content => "content",
            Kind::Service => "service",
        }
    }
}

/// A generic kind of content or service ("promo video", "live chat") that is mapped onto steps.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContentType {
    pub id: Id,
    pub name: String,
    pub kind: Kind,
    /// What reviewers said about the entry; absent in the file when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// Its values of the workspace's own fields; absent in the file when there are none.
    #[serde(skip_serializing_if = "Custom::is_empty")]
    pub custom: Custom,
    #[serde(flatten)]
    pub extra: Extra,
}
entity!(ContentType, "content_types", "content type", name);

/// One step of a journey: what the customer does and feels there.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Step {
    pub id: Id,
    pub name: String,
    pub actions: String,
    pub touchpoints: String,
    pub pain_points: String,
    pub opportunities: String,
    /// How the customer feels, 1 (awful) to 5 (delighted); `None` when not yet known.
    #[serde(deserialize_with = "emotion")]
    pub emotion: Option<u8>,
    pub notes: String,
    /// What reviewers said about the entry; absent in the file when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// Its values of the workspace's own fields; absent in the file when there are none.
    #[serde(skip_serializing_if = "Custom::is_empty")]
    pub custom: Custom,
    #[serde(flatten)]
    pub extra: Extra,
}
entity!(Step, "steps", "step", name);

/// The lowest and highest emotion score.
pub const EMOTION_RANGE: std::ops::RangeInclusive<u8> = 1..=5;

fn emotion<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u8>, D::Error> {
    let value = Option::<Value>::deserialize(deserializer)?;
    match value {
        None => Ok(None),
        Some(Value::Number(n)) => match n.as_u64() {
            Some(score) if EMOTION_RANGE.contains(&(score.min(255) as u8)) => Ok(Some(score as u8)),
            _ => Err(serde::de::Error::custom(format!(
                "{n} is outside 1–5 (a whole number from 1 to 5, or null)"
            ))),
        },
        Some(other) => Err(serde::de::Error::custom(format!(
            "{other} is not a score (a whole number from 1 to 5, or null)"
        ))),
    }
}

/// A content type mapped onto a step: this step needs that kind of content or service.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Mapping {
    pub step_id: Id,
    pub content_type_id: Id,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The ordered steps a persona takes from today's state to the desired one.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Journey {
    pub id: Id,
    pub name: String,
    pub persona_ids: Vec<Id>,
    pub objective_id: Option<Id>,
    pub current_state: String,
    pub desired_state: String,
    pub steps: Vec<Step>,
    pub mappings: Vec<Mapping>,
    /// What reviewers said about the entry; absent in the file when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// Its values of the workspace's own fields; absent in the file when there are none.
    #[serde(skip_serializing_if = "Custom::is_empty")]
    pub custom: Custom,
    #[serde(flatten)]
    pub extra: Extra,
}
entity!(Journey, "journeys", "journey", name);

impl Journey {
    pub fn step(&self, id: Id) -> Option<&Step> {
        self.steps.iter().find(|step| step.id == id)
    }

    pub fn step_position(&self, id: Id) -> Option<usize> {
        self.steps.iter().position(|step| step.id == id)
    }

    pub fn is_mapped(&self, step_id: Id, content_type_id: Id) -> bool {
        self.mappings
            .iter()
            .any(|m| m.step_id == step_id && m.content_type_id == content_type_id)
    }
}

/// Where a specific item stands.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Available,
    InProgress,
    #[default]
    ToCreate,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Available, Status::InProgress, Status::ToCreate];
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Available => "available",
            Status::InProgress => "in_progress",
            Status::ToCreate => "to_create",
        }
    }
    /// Words for people, where `as_str` is the file's spelling.
    pub fn words(self) -> &'static str {
        match self {
            Status::Available => "available",
            Status::InProgress => "in progress",
            Status::ToCreate => "to create",
        }
    }
    /// Not available yet: still to be made (in progress or to create). A dated pending item is
    /// due on its date and overdue after it ([`Item::is_overdue`]).
    pub fn is_pending(self) -> bool {
        self != Status::Available
    }
}

/// A specific piece of content or service, attached to steps of journeys.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Item {
    pub id: Id,
    pub title: String,
    pub content_type_id: Id,
    pub step_ids: Vec<Id>,
    pub channel_id: Option<Id>,
    pub status: Status,
    pub owner: String,
    /// When the item is (or will be) available.
    pub available_on: Option<Date>,
    pub cost: f64,
    pub url: String,
    pub notes: String,
    /// What reviewers said about the entry; absent in the file when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// Its values of the workspace's own fields; absent in the file when there are none.
    #[serde(skip_serializing_if = "Custom::is_empty")]
    pub custom: Custom,
    #[serde(flatten)]
    pub extra: Extra,
}
entity!(Item, "items", "item", title);

/// The three levels at which KPIs are tracked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Strategic,
    #[default]
    Marketing,
    Integrated,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Strategic, Level::Marketing, Level::Integrated];
    pub const fn as_str(self) -> &'static str {
        match self {
            Level::Strategic => "strategic",
            Level::Marketing => "marketing",
            Level::Integrated => "integrated",
        }
    }
}

/// Which way a KPI improves: up (revenue, conversion) or down (cost per sale, churn).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    #[default]
    Higher,
    Lower,
}

impl Better {
    pub const ALL: [Better; 2] = [Better::Higher, Better::Lower];
    pub const fn as_str(self) -> &'static str {
        match self {
            Better::Higher => "higher",
            Better::Lower => "lower",
        }
    }
    /// Words for people: `higher is better`.
    pub fn words(self) -> &'static str {
        match self {
            Better::Higher => "higher is better",
            Better::Lower => "lower is better",
        }
    }
}

/// A KPI with target and actual, attached to the workspace, a journey, a step or an item.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Metric {
    pub id: Id,
    pub name: String,
    pub level: Level,
    pub unit: String,
    pub target: Option<f64>,
    pub actual: Option<f64>,
    /// Which way the KPI improves. Absent in the file means higher, and an absent field stays
    /// absent on save (an explicit `"higher"` stays too), so files keep their bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub better: Option<Better>,
    pub journey_id: Option<Id>,
    pub step_id: Option<Id>,
    pub item_id: Option<Id>,
    /// The KPI over time, oldest first, one per date. Absent in the file means none, and none is
    /// written as absent, so files without measurements keep their bytes. While there are any,
    /// `actual` is the latest one's value (a rule, kept by every edit).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub measurements: Vec<Measurement>,
    /// What reviewers said about the entry; absent in the file when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    #[serde(flatten)]
    pub extra: Extra,
}
entity!(Metric, "metrics", "metric", name);

/// What a KPI's measurement is called where edits and removals are told and counted.
pub const MEASUREMENT: &str = "measurement";

/// What a KPI was on one day: `{ "on": "2026-11-01", "value": 2.3, "note": "" }`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    pub on: Date,
    pub value: f64,
    #[serde(default)]
    pub note: String,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Measurement {
    pub fn new(on: Date, value: f64, note: &str) -> Self {
        Measurement {
            on,
            value,
            note: note.to_string(),
            extra: Extra::new(),
        }
    }
}

/// A reviewer's remark on an entry: `{ "id", "author", "at", "text", "resolved" }`. `at` is
/// kept as written (UTC, RFC 3339 to the second: `2026-11-29T10:15:00Z`) so that a malformed
/// time still loads and `check` can name it, rather than the whole file being refused.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Comment {
    pub id: Id,
    /// The login of who wrote it.
    pub author: String,
    pub at: String,
    pub text: String,
    pub resolved: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

/// What a metric is attached to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attachment {
    Workspace,
    Journey(Id),
    Step(Id),
    Item(Id),
}

impl Metric {
    /// Which way the KPI improves (higher unless the file says otherwise).
    pub fn better(&self) -> Better {
        self.better.unwrap_or_default()
    }

    /// Where the actual stands against the target, the right way round for the metric's
    /// direction; `None` while either is missing. Every screen and export reads progress here,
    /// so "met" means the same everywhere.
    pub fn progress(&self) -> Option<Progress> {
        Progress::of(self.actual?, self.target?, self.better())
    }

    /// The most specific thing the metric is attached to.
    pub fn attachment(&self) -> Attachment {
        match (self.item_id, self.step_id, self.journey_id) {
            (Some(item), _, _) => Attachment::Item(item),
            (None, Some(step), _) => Attachment::Step(step),
            (None, None, Some(journey)) => Attachment::Journey(journey),
            (None, None, None) => Attachment::Workspace,
        }
    }

    /// The most recent measurement, the one `actual` follows.
    pub fn latest(&self) -> Option<&Measurement> {
        self.measurements.last()
    }

    /// The measurement before the latest, to say how the KPI moved.
    pub fn previous(&self) -> Option<&Measurement> {
        self.measurements.iter().rev().nth(1)
    }

    /// Adds the measurement of its date, or replaces the one of that date, keeping the list in
    /// date order; `actual` follows the latest. Returns the measurement it replaced.
    pub fn measure(&mut self, measurement: Measurement) -> Option<Measurement> {
        let at = self.measurements.partition_point(|m| m.on < measurement.on);
        let replaced = match self.measurements.get(at) {
            Some(m) if m.on == measurement.on => {
                Some(std::mem::replace(&mut self.measurements[at], measurement))
            }
            _ => {
                self.measurements.insert(at, measurement);
                None
            }
        };
        self.follow_latest();
        replaced
    }

    /// Takes away the measurement of a date; `actual` follows the new latest (and keeps its
    /// value when none is left: the last thing known).
    pub fn unmeasure(&mut self, on: Date) -> Option<Measurement> {
        let at = self.measurements.iter().position(|m| m.on == on)?;
        let gone = self.measurements.remove(at);
        self.follow_latest();
        Some(gone)
    }

    /// Sets `actual` to the latest measurement's value, when there is one.
    pub fn follow_latest(&mut self) {
        if let Some(latest) = self.latest() {
            self.actual = Some(latest.value);
        }
    }

    pub fn attach(&mut self, to: Attachment) {
        (self.journey_id, self.step_id, self.item_id) = match to {
            Attachment::Workspace => (None, None, None),
            Attachment::Journey(id) => (Some(id), None, None),
            Attachment::Step(id) => (None, Some(id), None),
            Attachment::Item(id) => (None, None, Some(id)),
        };
    }
}

/// How far a metric's actual is from its target, and whether the target is met.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    /// The target is reached: at or above it when higher is better, at or below when lower is.
    pub met: bool,
    /// How far the actual falls short of the target, as a share of the target (0.24 for 68
    /// against 55 when lower is better); 0 when met, `None` when the target is 0 (no share of
    /// nothing).
    pub missed_by: Option<f64>,
    /// How much of a progress bar to fill, 0 to 1: full when met, less by `missed_by`.
    pub fill: f64,
}

impl Progress {
    pub fn of(actual: f64, target: f64, better: Better) -> Option<Progress> {
        if !actual.is_finite() || !target.is_finite() {
            return None;
        }
        let short = match better {
            Better::Higher => target - actual,
            Better::Lower => actual - target,
        };
        if short <= 0.0 {
            return Some(Progress {
                met: true,
                missed_by: Some(0.0),
                fill: 1.0,
            });
        }
        let missed_by = (target != 0.0).then(|| short / target.abs());
        Some(Progress {
            met: false,
            missed_by,
            fill: missed_by.map_or(0.0, |share| (1.0 - share).clamp(0.0, 1.0)),
        })
    }

    /// In words: `met`, `24% short`, or `short` (of a target of 0, where no share can be said).
    pub fn words(&self) -> String {
        match self.missed_by {
            _ if self.met => "met".into(),
            Some(share) if share < 0.005 => "<1% short".into(),
            Some(share) => format!("{:.0}% short", share * 100.0),
            None => "short".into(),
        }
    }
}
