//! The inventory's rows worked out from a filter and a sort: on the screen's thread for a small
//! workspace, on a thread of the loop's for a large one (a million items take most of a second
//! to filter and sort), from an O(1) copy of the items' table, while the view shows the rows it
//! had. The job holds everything it reads: the copy of the rows, the filter made ready
//! ([`Matcher`], a few names and ids), and the sort's keys of the small tables ([`Order`]).

use std::cmp::Ordering;
use std::sync::atomic::{AtomicBool, Ordering as Atomic};

use imbl::Vector;

use super::Column;
use crate::app::views::job::{Job, Work};
use crate::model::filter::{ItemFilter, Matcher};
use crate::model::{Date, Id, IdMap, Item, Kind, Status, Workspace, cents};

/// How many items are read between two looks at whether a job is still wanted: a look costs an
/// atomic load, and a job that lost its place stops within a millisecond or so.
const ITEMS_BETWEEN_LOOKS: usize = 4096;

/// What rows are worked out from: the workspace as it is (its revision, and its very rows, as
/// a workspace read again from disk may have the revision of the one it replaces), the filter,
/// the sort and the day (which says what is overdue). The calendar's items kept by a filter are
/// worked out from the same, unsorted.
#[derive(Clone)]
pub struct Wanted {
    revision: u64,
    items: Vector<Item>,
    pub(super) filter: ItemFilter,
    pub(super) sort: Option<Column>,
    today: Date,
}

impl Wanted {
    pub(in crate::app::views) fn of(
        ws: &Workspace,
        filter: &ItemFilter,
        sort: Option<&Column>,
        today: Date,
    ) -> Wanted {
        Wanted {
            revision: ws.revision(),
            items: ws.items().rows(),
            filter: filter.clone(),
            sort: sort.cloned(),
            today,
        }
    }

    /// Hands each item `matcher` keeps to `keep`, in the file's order, from the rows as they
    /// were when this was made. Gives up (`None`) when `stop` is set, looked at every
    /// [`ITEMS_BETWEEN_LOOKS`] items: a newer job took its place.
    pub(in crate::app::views) fn each_kept<'a>(
        &'a self,
        matcher: &Matcher,
        stop: &AtomicBool,
        mut keep: impl FnMut(&'a Item),
    ) -> Option<()> {
        let items = self.items.leaves().flat_map(|leaf| leaf.iter());
        for (at, item) in items.enumerate() {
            if at % ITEMS_BETWEEN_LOOKS == 0 && stop.load(Atomic::Relaxed) {
                return None;
            }
            if matcher.matches(item) {
                keep(item);
            }
        }
        Some(())
    }

    /// The day it was made on, which says what is overdue.
    pub(in crate::app::views) fn today(&self) -> Date {
        self.today
    }
}

/// The same when made of the same workspace (the same shared rows, in O(1)) and the same
/// filter, sort and day.
impl PartialEq for Wanted {
    fn eq(&self, other: &Wanted) -> bool {
        self.revision == other.revision
            && self.items.ptr_eq(&other.items)
            && self.filter == other.filter
            && self.sort == other.sort
            && self.today == other.today
    }
}

impl Eq for Wanted {}

impl std::fmt::Debug for Wanted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wanted")
            .field("revision", &self.revision)
            .field("items", &self.items.len())
            .field("filter", &self.filter)
            .field("sort", &self.sort)
            .field("today", &self.today)
            .finish()
    }
}

/// The work of finding and ordering the rows: what the loop runs on a thread of its own (see
/// [`crate::app::Effect::Rows`]).
pub type RowsJob = Job<RowsWork>;

/// What a [`RowsJob`] made ready: the filter, and the sort's keys when there is a sort.
pub struct RowsWork {
    matcher: Matcher,
    order: Option<Order>,
}

/// The rows found, and what they were worked out from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowsDone {
    pub(super) wanted: Wanted,
    /// The items kept, by id, in the order of the sort (the file's order unsorted).
    pub(super) rows: Vec<Id>,
    /// What they cost together, in hundredths.
    pub(super) cost: i128,
}

impl RowsJob {
    pub(super) fn new(wanted: Wanted, ws: &Workspace) -> RowsJob {
        let matcher = wanted.filter.matcher(ws, wanted.today);
        let order = wanted.sort.is_some().then(|| Order::new(ws));
        Job {
            wanted,
            work: RowsWork { matcher, order },
        }
    }

    /// Whether the filter keeps every item and there is no sort: the rows are the table itself.
    pub(super) fn is_whole_table(&self) -> bool {
        self.wanted.sort.is_none() && self.work.matcher.is_open()
    }
}

impl Work for RowsWork {
    type Wanted = Wanted;
    type Done = RowsDone;

    /// Reads every item once, keeps those the filter keeps and puts them in order.
    fn run(self, wanted: Wanted, stop: &AtomicBool) -> Option<RowsDone> {
        let mut kept: Vec<&Item> = Vec::new();
        let mut cost = 0;
        wanted.each_kept(&self.matcher, stop, |item| {
            cost += cents(item.cost);
            kept.push(item);
        })?;
        let rows = match (&wanted.sort, &self.order) {
            (Some(column), Some(order)) => order.sorted(column, &kept),
            _ => kept.iter().map(|item| item.id).collect(),
        };
        drop(kept);
        Some(RowsDone { wanted, rows, cost })
    }
}

/// How the rows are put in order. A million items take some twenty million comparisons, so
/// each item's key for the column is made once per sort: a number for most columns (a name's
/// place among the names, a date's day), the text itself for the title, the owner and a field.
pub(super) struct Order {
    /// Each content type's and channel's place in the order of their names.
    type_rank: IdMap<Id, u64>,
    channel_rank: IdMap<Id, u64>,
    /// Each content type's kind, as its place in [`Kind::ALL`].
    type_kind: IdMap<Id, u64>,
    /// Each step's place: its journey's place in the file, then its own in the journey.
    step_place: IdMap<Id, u64>,
}

/// The key of what has no value (no date, channel or step): after every value.
const NONE: u64 = u64::MAX;

impl Order {
    pub(super) fn new(ws: &Workspace) -> Order {
        let rank = |mut names: Vec<(String, Id)>| {
            names.sort();
            names
                .into_iter()
                .enumerate()
                .map(|(at, (_, id))| (id, at as u64))
                .collect::<IdMap<Id, u64>>()
        };
        let types = || ws.content_types().iter();
        let channels = ws.channels().iter();
        let step_place = ws
            .journeys()
            .iter()
            .enumerate()
            .flat_map(|(j, journey)| {
                journey
                    .steps
                    .iter()
                    .enumerate()
                    .map(move |(s, step)| (step.id, ((j as u64) << 32) | s as u64))
            })
            .collect();
        let kind = |kind: Kind| Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0) as u64;
        Order {
            type_rank: rank(types().map(|t| (t.name.to_lowercase(), t.id)).collect()),
            channel_rank: rank(channels.map(|c| (c.name.to_lowercase(), c.id)).collect()),
            type_kind: types().map(|t| (t.id, kind(t.kind))).collect(),
            step_place,
        }
    }

    /// The ids of `rows` (in the file's order) in the column's order, ascending; what has no
    /// value (no date, owner, channel, step or value of the field) comes last, and equal rows
    /// keep the file's order.
    fn sorted(&self, column: &Column, rows: &[&Item]) -> Vec<Id> {
        match column {
            Column::Title | Column::Owner | Column::Field(_) => {
                // Most comparisons are settled by the first letters, compared as one number.
                let mut keyed: Vec<(u128, &str, u32)> = rows
                    .iter()
                    .enumerate()
                    .map(|(at, item)| {
                        let text = text(column, item);
                        (prefix(text), text, at as u32)
                    })
                    .collect();
                keyed.sort_unstable_by(|a, b| {
                    a.0.cmp(&b.0)
                        .then_with(|| texts_in_order(a.1, b.1))
                        .then(a.2.cmp(&b.2))
                });
                keyed
                    .into_iter()
                    .map(|(_, _, at)| rows[at as usize].id)
                    .collect()
            }
            _ => {
                let mut keyed: Vec<(u64, u32)> = rows
                    .iter()
                    .enumerate()
                    .map(|(at, item)| (self.number(column, item), at as u32))
                    .collect();
                keyed.sort_unstable();
                keyed
                    .into_iter()
                    .map(|(_, at)| rows[at as usize].id)
                    .collect()
            }
        }
    }

    /// The order of two items by the column, as [`Order::sorted`] puts them (for tests).
    #[cfg(test)]
    pub(super) fn compare(&self, column: &Column, a: &Item, b: &Item) -> Ordering {
        match column {
            Column::Title | Column::Owner | Column::Field(_) => {
                texts_in_order(text(column, a), text(column, b))
            }
            _ => self.number(column, a).cmp(&self.number(column, b)),
        }
    }

    /// An item's key for a column that sorts by a number.
    fn number(&self, column: &Column, item: &Item) -> u64 {
        let ranked = |map: &IdMap<Id, u64>, id: Option<Id>| {
            id.and_then(|id| map.get(&id)).copied().unwrap_or(NONE)
        };
        match column {
            Column::Type => ranked(&self.type_rank, Some(item.content_type_id)),
            Column::Kind => ranked(&self.type_kind, Some(item.content_type_id)),
            Column::Status => Status::ALL
                .iter()
                .position(|s| *s == item.status)
                .unwrap_or(0) as u64,
            Column::Date => item.available_on.map_or(NONE, |date| {
                (i64::from(date.as_time().to_julian_day()) - i64::from(i32::MIN)) as u64
            }),
            Column::Channel => ranked(&self.channel_rank, item.channel_id),
            Column::Cost => {
                // The bits of a float, turned so that their order is the numbers' order.
                let bits = item.cost.to_bits();
                if item.cost.is_sign_negative() {
                    !bits
                } else {
                    bits | (1 << 63)
                }
            }
            Column::Steps => item
                .step_ids
                .iter()
                .filter_map(|s| self.step_place.get(s))
                .min()
                .copied()
                .unwrap_or(NONE),
            Column::Title | Column::Owner | Column::Field(_) => 0,
        }
    }
}

/// The text a text column sorts by.
fn text<'a>(column: &Column, item: &'a Item) -> &'a str {
    match column {
        Column::Owner => item.owner.trim(),
        Column::Field(id) => item.custom.get(id).unwrap_or_default().trim(),
        _ => &item.title,
    }
}

/// The first 16 bytes of text lowercased, as a number in the order [`texts_in_order`] puts
/// texts (the empty last): equal prefixes leave the order to the whole texts.
pub(super) fn prefix(text: &str) -> u128 {
    if text.is_empty() {
        return u128::MAX;
    }
    let mut bytes = [0u8; 16];
    let mut at = 0;
    let mut utf8 = [0u8; 4];
    'chars: for c in text.chars().flat_map(char::to_lowercase) {
        for byte in c.encode_utf8(&mut utf8).bytes() {
            if at == bytes.len() {
                break 'chars;
            }
            bytes[at] = byte;
            at += 1;
        }
    }
    // A text of 16 bytes or more starting with 0xff would tie with the empty: UTF-8 has none.
    u128::from_be_bytes(bytes)
}

/// Text in order without regard to case, the empty last; without lowercased copies.
pub(super) fn texts_in_order(a: &str, b: &str) -> Ordering {
    a.is_empty().cmp(&b.is_empty()).then_with(|| {
        if a.is_ascii() && b.is_ascii() {
            a.bytes()
                .map(|c| c.to_ascii_lowercase())
                .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
        } else {
            a.chars()
                .flat_map(char::to_lowercase)
                .cmp(b.chars().flat_map(char::to_lowercase))
        }
    })
}
