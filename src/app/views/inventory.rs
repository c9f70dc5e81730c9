//! The inventory: every item in one table, sorted by any column, narrowed by filters and by
//! text, with marked rows changed or deleted at once.
//!
//! At a million items a frame must not read every item, so the rows are worked out once per
//! change of sort, filter, text or workspace, as positions in the items' table; a frame reads
//! only the rows it shows. Unsorted and unfiltered, the rows are the table itself and opening
//! the view reads nothing at all. Typing one more letter narrows the rows already found instead
//! of reading every item again.

use std::cmp::Ordering;

use ratatui::crossterm::event::KeyEvent;

use super::finder::FinderState;
use super::select;
use crate::app::action::{Action, View};
use crate::app::outcome::{Choices, Given, Outcome};
use crate::app::subject::{Entry, Subject};
use crate::model::fields::fields_on;
use crate::model::filter::{Facet, ItemFilter};
use crate::model::{Id, IdMap, IdSet, Item, Kind, Status, Workspace, cents};

/// The columns of the table, in the order `s` steps through them: the built-in ones, then one
/// per item field of the workspace, in the fields' order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Column {
    Title,
    Type,
    Kind,
    Status,
    Owner,
    Date,
    Channel,
    Cost,
    Steps,
    /// The workspace's item field of this id: its values, as text.
    Field(String),
}

impl Column {
    /// The columns every inventory has, in their order.
    pub const BUILT_IN: [Column; 9] = [
        Column::Title,
        Column::Type,
        Column::Kind,
        Column::Status,
        Column::Owner,
        Column::Date,
        Column::Channel,
        Column::Cost,
        Column::Steps,
    ];

    /// Every column of the workspace's inventory: the built-in ones, then the item fields.
    pub fn all(ws: &Workspace) -> Vec<Column> {
        let fields = fields_on(&ws.contents().fields, "item").map(|f| Column::Field(f.id.clone()));
        Column::BUILT_IN.into_iter().chain(fields).collect()
    }

    /// The column's heading, which the title also names when the rows are sorted by it: a
    /// field's is its name as written (the screen cleans it), or its id when no field has it.
    pub fn heading<'a>(&'a self, ws: &'a Workspace) -> &'a str {
        match self {
            Column::Field(id) => ws
                .contents()
                .fields
                .iter()
                .find(|f| f.id == *id)
                .map_or(id, |f| &f.name),
            Column::Title => "TITLE",
            Column::Type => "TYPE",
            Column::Kind => "KIND",
            Column::Status => "STATUS",
            Column::Owner => "OWNER",
            Column::Date => "DATE",
            Column::Channel => "CHANNEL",
            Column::Cost => "COST",
            Column::Steps => "JOURNEYS › STEPS",
        }
    }

    /// The heading where the column is too narrow for [`Column::heading`]: for a built-in
    /// column a whole word, never a cut one; a field's name is cut where it must be.
    pub fn short_heading<'a>(&'a self, ws: &'a Workspace) -> &'a str {
        match self {
            Column::Status => "ST",
            Column::Steps => "STEPS",
            column => column.heading(ws),
        }
    }

    /// The next column to sort by; after the last, none (the file's order).
    fn next(sort: Option<&Column>, ws: &Workspace) -> Option<Column> {
        let all = Column::all(ws);
        match sort {
            None => all.into_iter().next(),
            Some(column) => {
                let at = all.iter().position(|c| c == column).unwrap_or(0);
                all.into_iter().nth(at + 1)
            }
        }
    }
}

/// The rows shown: positions in the items' table.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Rows {
    /// Every item, in the file's order: nothing read to know them.
    All(usize),
    /// The items the filter kept, in the order of the sort.
    Picked(Vec<u32>),
}

/// What the rows were worked out from, so a change that only narrows them reads them alone.
#[derive(Clone, Debug, Default)]
struct Built {
    revision: u64,
    filter: ItemFilter,
    sort: Option<Column>,
}

/// The inventory's sort, filter, text line, rows, selection and marks.
#[derive(Debug)]
pub struct InventoryState {
    /// The column the rows are sorted by; `None` is the file's order.
    pub sort: Option<Column>,
    pub reversed: bool,
    pub filter: ItemFilter,
    /// The free text as typed (its rows are not used: the table's are the inventory's own).
    pub line: FinderState<()>,
    /// The text line has the keys.
    pub typing: bool,
    rows: Rows,
    built: Option<Built>,
    /// What the rows cost, in hundredths.
    cost: i128,
    pub selected: usize,
    /// Marked items, by id, so a mark stays on its item through sorts and filters.
    pub marked: IdSet<Id>,
}

impl InventoryState {
    pub fn open(given: &Given) -> InventoryState {
        let mut state = InventoryState {
            sort: None,
            reversed: false,
            filter: ItemFilter::default(),
            line: FinderState::default(),
            typing: false,
            rows: Rows::All(0),
            built: None,
            cost: 0,
            selected: 0,
            marked: IdSet::default(),
        };
        state.refresh(given);
        state
    }

    pub fn len(&self) -> usize {
        match &self.rows {
            Rows::All(len) => *len,
            Rows::Picked(rows) => rows.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The item of row `at`.
    pub fn row<'a>(&self, ws: &'a Workspace, at: usize) -> Option<&'a Item> {
        let len = self.len();
        if at >= len {
            return None;
        }
        let at = if self.reversed { len - 1 - at } else { at };
        let position = match &self.rows {
            Rows::All(_) => at,
            Rows::Picked(rows) => rows[at] as usize,
        };
        ws.items().at(position)
    }

    /// What the rows cost together.
    pub fn cost(&self) -> f64 {
        self.cost as f64 / 100.0
    }

    /// The marked items that still exist, or the selected one when none is marked.
    pub fn chosen(&self, ws: &Workspace) -> Vec<Id> {
        if self.marked.is_empty() {
            return self
                .row(ws, self.selected)
                .map(|i| i.id)
                .into_iter()
                .collect();
        }
        // The table's order, so an edit and its undo do not depend on hashing.
        let mut ids: Vec<(usize, Id)> = self
            .marked
            .iter()
            .filter_map(|id| Some((ws.items().position(*id)?, *id)))
            .collect();
        ids.sort_unstable();
        ids.into_iter().map(|(_, id)| id).collect()
    }

    pub fn handle(&mut self, action: Action, given: &Given) -> Outcome {
        if self.typing {
            return self.handle_line(action, given);
        }
        let len = self.len();
        if select(&mut self.selected, len, action) {
            return Outcome::Done;
        }
        let item = self.row(given.ws, self.selected);
        match (action, item) {
            (Action::Sort, _) => {
                self.sort = Column::next(self.sort.as_ref(), given.ws);
                self.refresh(given);
                Outcome::Done
            }
            (Action::SortReverse, _) => {
                let id = item.map(|i| i.id);
                self.reversed = !self.reversed;
                self.keep_selected(id, given.ws);
                Outcome::Done
            }
            (Action::Show(View::Search), _) => {
                self.typing = true;
                Outcome::Done
            }
            (Action::Filters, _) => Outcome::Pick(Choices::InventoryFilters(self.filter.clone())),
            (Action::Mark, Some(item)) => {
                if !self.marked.remove(&item.id) {
                    self.marked.insert(item.id);
                }
                self.selected = (self.selected + 1).min(self.len().saturating_sub(1));
                Outcome::Done
            }
            (Action::ChangeMarked, Some(_)) => {
                let count = self.chosen(given.ws).len();
                Outcome::Pick(Choices::Changes(count))
            }
            (Action::Delete, Some(_)) => Outcome::AskDeleteItems(self.chosen(given.ws)),
            (Action::Open, Some(item)) => Outcome::OpenCard(Entry::Item(item.id)),
            (Action::Edit, Some(item)) => match Subject::of_item(given.ws, item.id) {
                Some(subject) => Outcome::Form(subject),
                None => Outcome::Done,
            },
            (Action::Jump, Some(item)) => match item.step_ids.first() {
                Some(step) => Outcome::JumpToCell {
                    step: *step,
                    content_type: item.content_type_id,
                },
                None => Outcome::Tell(format!(
                    "{:?} is on no step, so it has no cell in the map",
                    crate::text::printable(&item.title)
                )),
            },
            (
                Action::Mark
                | Action::ChangeMarked
                | Action::Delete
                | Action::Open
                | Action::Edit
                | Action::Jump,
                None,
            ) => Outcome::Done,
            _ => Outcome::Ignored,
        }
    }

    /// Keys while the text line has them: the list keys still move the selection.
    fn handle_line(&mut self, action: Action, given: &Given) -> Outcome {
        let len = self.len();
        if select(&mut self.selected, len, action) {
            return Outcome::Done;
        }
        match action {
            Action::Jump => {
                self.typing = false;
                Outcome::Done
            }
            Action::Close => {
                self.typing = false;
                self.line = FinderState::default();
                self.set_query(given);
                Outcome::Done
            }
            action if action.is_readline() => {
                if self.line.readline(action) {
                    self.set_query(given);
                }
                Outcome::Done
            }
            _ => Outcome::Done,
        }
    }

    /// A key typed into the text line.
    pub fn typed(&mut self, event: KeyEvent, given: &Given) {
        if self.typing && self.line.typed(event) {
            self.set_query(given);
        }
    }

    fn set_query(&mut self, given: &Given) {
        self.filter.set_query(self.line.text());
        self.selected = 0;
        self.refresh(given);
    }

    /// Turns a filter's facet on or off.
    pub fn toggle(&mut self, facet: Facet, given: &Given) {
        self.filter.toggle(facet);
        self.selected = 0;
        self.refresh(given);
    }

    /// Works the rows out again after the workspace, the sort or the filter changed; the
    /// selection stays on its item where it can.
    pub fn refresh(&mut self, given: &Given) {
        let ws = given.ws;
        let selected = self.row(ws, self.selected).map(|i| i.id);
        self.marked.retain(|id| ws.items().contains(*id));
        // A field deleted (or its adding undone) takes its sort with it.
        if let Some(Column::Field(id)) = &self.sort
            && !fields_on(&ws.contents().fields, "item").any(|f| f.id == *id)
        {
            self.sort = None;
        }
        let matcher = self.filter.matcher(ws, given.today);
        let built = Built {
            revision: ws.revision(),
            filter: self.filter.clone(),
            sort: self.sort.clone(),
        };
        if self.sort.is_none() && matcher.is_open() {
            self.rows = Rows::All(ws.items().len());
            self.cost = cents(ws.budgets().total.cost());
        } else {
            // Narrowing the rows already found keeps their order and reads only them.
            let narrowing = match (&self.built, &self.rows) {
                (Some(before), Rows::Picked(_)) => {
                    before.revision == built.revision
                        && before.sort == built.sort
                        && built.filter.narrows(&before.filter)
                }
                _ => false,
            };
            let mut cost = 0;
            let mut kept = |item: &Item| {
                let keep = matcher.matches(item);
                if keep {
                    cost += cents(item.cost);
                }
                keep
            };
            let rows = if narrowing && let Rows::Picked(rows) = &self.rows {
                let items = ws.items();
                rows.iter()
                    .copied()
                    .filter(|at| items.at(*at as usize).is_some_and(&mut kept))
                    .collect()
            } else {
                let rows: Vec<(u32, &Item)> = ws
                    .items()
                    .iter()
                    .enumerate()
                    .filter(|(_, item)| kept(item))
                    .map(|(at, item)| (at as u32, item))
                    .collect();
                match &self.sort {
                    Some(column) => Order::new(ws).sorted(column, rows),
                    None => rows.into_iter().map(|(at, _)| at).collect(),
                }
            };
            self.cost = cost;
            self.rows = Rows::Picked(rows);
        }
        self.built = Some(built);
        self.keep_selected(selected, ws);
    }

    /// Puts the selection back on an item after the rows changed, or keeps it inside the
    /// rows. The item is looked for by its place in the table, which reads no item.
    fn keep_selected(&mut self, id: Option<Id>, ws: &Workspace) {
        let len = self.len();
        if let Some(id) = id
            && self.row(ws, self.selected).map(|i| i.id) != Some(id)
            && let Some(place) = ws.items().position(id)
        {
            let found = match &self.rows {
                Rows::All(_) => Some(place),
                Rows::Picked(rows) => rows.iter().position(|at| *at as usize == place),
            };
            if let Some(at) = found.filter(|at| *at < len) {
                self.selected = if self.reversed { len - 1 - at } else { at };
            }
        }
        self.selected = self.selected.min(len.saturating_sub(1));
    }
}

/// How the rows are put in order. A million items take some twenty million comparisons, so
/// each item's key for the column is made once per sort: a number for most columns (a name's
/// place among the names, a date's day), the text itself for the title, the owner and a field.
struct Order {
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
    fn new(ws: &Workspace) -> Order {
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

    /// The rows in the column's order, ascending; what has no value (no date, owner, channel,
    /// step or value of the field) comes last, and equal rows keep the file's order.
    fn sorted(&self, column: &Column, rows: Vec<(u32, &Item)>) -> Vec<u32> {
        match column {
            Column::Title | Column::Owner | Column::Field(_) => {
                // Most comparisons are settled by the first letters, compared as one number.
                let mut keyed: Vec<(u128, &str, u32)> = rows
                    .into_iter()
                    .map(|(at, item)| {
                        let text = text(column, item);
                        (prefix(text), text, at)
                    })
                    .collect();
                keyed.sort_unstable_by(|a, b| {
                    a.0.cmp(&b.0)
                        .then_with(|| texts_in_order(a.1, b.1))
                        .then(a.2.cmp(&b.2))
                });
                keyed.into_iter().map(|(_, _, at)| at).collect()
            }
            _ => {
                let mut keyed: Vec<(u64, u32)> = rows
                    .into_iter()
                    .map(|(at, item)| (self.number(column, item), at))
                    .collect();
                keyed.sort_unstable();
                keyed.into_iter().map(|(_, at)| at).collect()
            }
        }
    }

    /// The order of two items by the column, as [`Order::sorted`] puts them (for tests).
    #[cfg(test)]
    fn compare(&self, column: &Column, a: &Item, b: &Item) -> Ordering {
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
fn prefix(text: &str) -> u128 {
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
fn texts_in_order(a: &str, b: &str) -> Ordering {
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

#[cfg(test)]
mod tests;
