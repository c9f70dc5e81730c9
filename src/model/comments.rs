//! Reviewers' comments on entries: which entries carry them, their time stamps, and the list of
//! open ones across the workspace.
//!
//! Personas, journeys, steps, content types, items and metrics carry comments (the entries a
//! review talks about); objectives and channels do not.

use std::time::SystemTime;

use super::search::Target;
use super::{
    Comment, ContentType, Entity, Id, IdSet, Item, Journey, Metric, Persona, Step, Workspace,
};

/// A kind of entry that carries comments.
pub trait Commented: Entity {
    fn comments(&self) -> &[Comment];
    fn comments_mut(&mut self) -> &mut Vec<Comment>;

    /// How many of its comments are still open (the count the screens mark the entry with).
    fn open_comments(&self) -> usize {
        self.comments().iter().filter(|c| !c.resolved).count()
    }

    /// Whether the review of open comments lists it: it has an open comment (a journey, also
    /// when one of its steps has).
    fn in_review(&self) -> bool {
        self.comments().iter().any(|c| !c.resolved)
    }
}

/// A kind of entry the review of open comments lists (a step is listed by its journey).
pub(super) trait Reviewed: Commented {
    /// The index's set of the entries of this kind [`Commented::in_review`] says yes to.
    fn reviewed(index: &mut OpenCommented) -> &mut IdSet<Id>;
}

/// The entries with open comments, by kind (a journey when it or one of its steps has one):
/// what the review of open comments reads, instead of every entry. Kept by every change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct OpenCommented {
    personas: IdSet<Id>,
    journeys: IdSet<Id>,
    content_types: IdSet<Id>,
    items: IdSet<Id>,
    metrics: IdSet<Id>,
}

impl OpenCommented {
    /// Lists an entry (a new one, or the new version of one) if it has open comments.
    pub fn note<T: Reviewed>(&mut self, entry: &T) {
        if entry.in_review() {
            T::reviewed(self).insert(entry.id());
        }
    }

    /// Takes an entry (gone, or about to be replaced) off the list.
    pub fn forget<T: Reviewed>(&mut self, entry: &T) {
        T::reviewed(self).remove(&entry.id());
    }
}

macro_rules! commented {
    ($($type:ty),*) => {$(
        impl Commented for $type {
            fn comments(&self) -> &[Comment] {
                &self.comments
            }
            fn comments_mut(&mut self) -> &mut Vec<Comment> {
                &mut self.comments
            }
        }
    )*};
}
commented!(Persona, Step, ContentType, Item, Metric);

impl Commented for Journey {
    fn comments(&self) -> &[Comment] {
        &self.comments
    }
    fn comments_mut(&mut self) -> &mut Vec<Comment> {
        &mut self.comments
    }
    fn in_review(&self) -> bool {
        self.comments.iter().any(|c| !c.resolved) || self.steps.iter().any(Commented::in_review)
    }
}

macro_rules! reviewed {
    ($($type:ty, $set:ident);*) => {$(
        impl Reviewed for $type {
            fn reviewed(index: &mut OpenCommented) -> &mut IdSet<Id> {
                &mut index.$set
            }
        }
    )*};
}
reviewed!(
    Persona, personas;
    Journey, journeys;
    ContentType, content_types;
    Item, items;
    Metric, metrics
);

impl Comment {
    /// A new open comment by `author`, written at `at`.
    pub fn new(author: &str, at: SystemTime, text: &str) -> Self {
        Comment {
            id: Id::new(),
            author: author.to_string(),
            at: utc_stamp(at),
            text: text.to_string(),
            resolved: false,
            extra: Default::default(),
        }
    }

    /// The day it was written (`2026-11-29`), or the stamp as it is when it is not one.
    pub fn day(&self) -> &str {
        match is_utc_stamp(&self.at) {
            true => &self.at[..10],
            false => &self.at,
        }
    }
}

/// A moment in UTC as RFC 3339 to the second: `2026-11-29T10:15:00Z`. Before 1970 (a clock
/// gone wrong) reads as 1970.
pub fn utc_stamp(at: SystemTime) -> String {
    let seconds = at
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let moment = time::OffsetDateTime::from_unix_timestamp(seconds.min(253_402_300_799) as i64)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        moment.year(),
        moment.month() as u8,
        moment.day(),
        moment.hour(),
        moment.minute(),
        moment.second()
    )
}

/// Whether `text` is a time as [`utc_stamp`] writes it: a real day and time of day, in UTC.
pub fn is_utc_stamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 20
        && bytes.iter().enumerate().all(|(at, byte)| match at {
            4 | 7 => *byte == b'-',
            10 => *byte == b'T',
            13 | 16 => *byte == b':',
            19 => *byte == b'Z',
            _ => byte.is_ascii_digit(),
        });
    if !shaped {
        return false;
    }
    let number = |from: usize, to: usize| text[from..to].parse::<u16>().unwrap_or(u16::MAX);
    let day = time::Month::try_from(number(5, 7).min(255) as u8)
        .ok()
        .and_then(|month| {
            time::Date::from_calendar_date(number(0, 4) as i32, month, number(8, 10) as u8).ok()
        });
    let clock = time::Time::from_hms(
        number(11, 13).min(255) as u8,
        number(14, 16).min(255) as u8,
        number(17, 19).min(255) as u8,
    );
    day.is_some() && clock.is_ok()
}

/// An open comment and the entry it is on, as the list of open comments shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenComment {
    pub target: Target,
    /// `step`, `persona`…
    pub noun: &'static str,
    /// The entry's name; a step's with its journey's (`Test-rides (First bike)`).
    pub entry: String,
    pub comment: Comment,
}

/// The comments of an entry and its words (`step 'Test-rides'`); `None` for an entry that is
/// not there or cannot carry comments.
pub fn comments_of(ws: &Workspace, target: Target) -> Option<(&'static str, &str, &[Comment])> {
    fn of<T: Commented>(entry: Option<&T>) -> Option<(&'static str, &str, &[Comment])> {
        entry.map(|e| (T::NOUN, e.label(), e.comments()))
    }
    match target {
        Target::Persona(id) => of(ws.personas().get(id)),
        Target::Journey(id) => of(ws.journeys().get(id)),
        Target::Step(id) => of(ws.step(id)),
        Target::ContentType(id) => of(ws.content_types().get(id)),
        Target::Item(id) => of(ws.items().get(id)),
        Target::Metric(id) => of(ws.metrics().get(id)),
        Target::Objective(_) | Target::Channel(_) => None,
    }
}

/// Every open comment of the workspace, in file order (personas, journeys with their steps,
/// content types, items, metrics; an entry's comments as written). Reads only the entries with
/// open comments, found in the index: the view asks once per revision.
pub fn open_comments(ws: &Workspace) -> Vec<OpenComment> {
    let reviewed = &ws.screens_index().open_comments;
    let mut out = Vec::new();
    let mut add = |target: Target, noun: &'static str, entry: String, comments: &[Comment]| {
        out.extend(
            comments
                .iter()
                .filter(|c| !c.resolved)
                .map(|comment| OpenComment {
                    target,
                    noun,
                    entry: entry.clone(),
                    comment: comment.clone(),
                }),
        );
    };
    for persona in ws.personas().rows_of(&reviewed.personas) {
        add(
            Target::Persona(persona.id),
            Persona::NOUN,
            persona.name.clone(),
            &persona.comments,
        );
    }
    for journey in ws.journeys().rows_of(&reviewed.journeys) {
        add(
            Target::Journey(journey.id),
            Journey::NOUN,
            journey.name.clone(),
            &journey.comments,
        );
        for step in &journey.steps {
            add(
                Target::Step(step.id),
                Step::NOUN,
                format!("{} ({})", step.name, journey.name),
                &step.comments,
            );
        }
    }
    for content_type in ws.content_types().rows_of(&reviewed.content_types) {
        add(
            Target::ContentType(content_type.id),
            ContentType::NOUN,
            content_type.name.clone(),
            &content_type.comments,
        );
    }
    for item in ws.items().rows_of(&reviewed.items) {
        add(
            Target::Item(item.id),
            Item::NOUN,
            item.title.clone(),
            &item.comments,
        );
    }
    for metric in ws.metrics().rows_of(&reviewed.metrics) {
        add(
            Target::Metric(metric.id),
            Metric::NOUN,
            metric.name.clone(),
            &metric.comments,
        );
    }
    out
}
