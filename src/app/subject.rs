//! What a form edits: an existing entry, or a new one and where it goes.

use crate::model::search::Target;
use crate::model::{Date, Id, Workspace};

/// The entry a read-only card shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    Persona(Id),
    Step { journey: Id, id: Id },
    Item(Id),
}

/// What a form edits: an existing entry (with its id) or a new one (with where it goes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Persona(Option<Id>),
    Journey {
        id: Option<Id>,
        persona: Option<Id>,
    },
    Step {
        journey: Id,
        id: Option<Id>,
        at: usize,
    },
    ContentType(Option<Id>),
    Item {
        id: Option<Id>,
        content_type: Id,
        step: Option<Id>,
        /// The date a new item starts with.
        date: Option<Date>,
    },
    Metric(Option<Id>),
    /// A new metric attached to an item.
    ItemMetric(Id),
    /// A KPI's measurement of a date (`None`: a new one).
    Measurement {
        metric: Id,
        on: Option<Date>,
    },
    Channel(Option<Id>),
    Objective(Option<Id>),
    /// The workspace's own settings: its name and currency.
    Workspace,
    /// A new comment on an entry.
    Comment(Target),
    /// One of the workspace's own fields, by its place in their list (`None`: a new one).
    Field(Option<usize>),
}

impl Subject {
    /// The form subject of an existing item, placed on its first step.
    pub fn of_item(ws: &Workspace, id: Id) -> Option<Subject> {
        let item = ws.items().get(id)?;
        Some(Subject::Item {
            id: Some(id),
            content_type: item.content_type_id,
            step: item.step_ids.first().copied(),
            date: None,
        })
    }

    /// The kind of entry, as a word for file names (`content-type`).
    pub fn noun(self) -> &'static str {
        match self {
            Subject::Persona(_) => "persona",
            Subject::Journey { .. } => "journey",
            Subject::Step { .. } => "step",
            Subject::ContentType(_) => "content-type",
            Subject::Item { .. } => "item",
            Subject::Metric(_) | Subject::ItemMetric(_) => "metric",
            Subject::Measurement { .. } => "measurement",
            Subject::Channel(_) => "channel",
            Subject::Objective(_) => "objective",
            Subject::Workspace => "workspace",
            Subject::Comment(_) => "comment",
            Subject::Field(_) => "field",
        }
    }

    /// Whether the form makes a new entry (rather than editing one).
    pub fn is_new(self) -> bool {
        matches!(
            self,
            Subject::Persona(None)
                | Subject::Journey { id: None, .. }
                | Subject::Step { id: None, .. }
                | Subject::ContentType(None)
                | Subject::Item { id: None, .. }
                | Subject::Metric(None)
                | Subject::ItemMetric(_)
                | Subject::Measurement { on: None, .. }
                | Subject::Channel(None)
                | Subject::Objective(None)
                | Subject::Comment(_)
                | Subject::Field(None)
        )
    }
}
