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
use crate::app::outcome::{Given, Outcome};
use crate::app::overlays::picker::{Picker, Purpose};
use crate::app::subject::{Entry, Subject};
use crate::model::filter::{Facet, ItemFilter};
use crate::model::{Id, IdMap, IdSet, Item, Workspace, cents};

/// The columns of the table, in the order `s` steps through them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
}

impl Column {
    pub const ALL: [Column; 9] = [
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

    /// The column's heading, which the title also names when the rows are sorted by it.
    pub fn heading(self) -> &'static str {
        match self {
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

    /// The next column to sort by; after the last, none (the file's order).
    fn next(sort: Option<Column>) -> Option<Column> {
        match sort {
            None => Some(Column::ALL[0]),
            Some(column) => {
                let at = Column::ALL.iter().position(|c| *c == column).unwrap_or(0);
                Column::ALL.get(at + 1).copied()
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
                self.sort = Column::next(self.sort);
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
            (Action::Filters, _) => Outcome::Pick(Box::new(Picker::filters(
                Purpose::Inventory,
                &self.filter,
                given.ws,
            ))),
            (Action::Mark, Some(item)) => {
                if !self.marked.remove(&item.id) {
                    self.marked.insert(item.id);
                }
                self.selected = (self.selected + 1).min(self.len().saturating_sub(1));
                Outcome::Done
            }
            (Action::ChangeMarked, Some(_)) => {
                let count = self.chosen(given.ws).len();
                Outcome::Pick(Box::new(Picker::changes(count, given.ws)))
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
        let matcher = self.filter.matcher(ws, given.today);
        let built = Built {
            revision: ws.revision(),
            filter: self.filter.clone(),
            sort: self.sort,
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
            let rows = if narrowing && let Rows::Picked(rows) = &self.rows {
                let items = ws.items();
                rows.iter()
                    .copied()
                    .filter(|at| items.at(*at as usize).is_some_and(|i| matcher.matches(i)))
                    .collect()
            } else {
                let mut kept: Vec<(u32, &Item)> = ws
                    .items()
                    .iter()
                    .enumerate()
                    .filter(|(_, item)| matcher.matches(item))
                    .map(|(at, item)| (at as u32, item))
                    .collect();
                if let Some(column) = self.sort {
                    let order = Order::new(ws);
                    kept.sort_by(|a, b| order.compare(column, a.1, b.1));
                }
                kept.into_iter().map(|(at, _)| at).collect::<Vec<u32>>()
            };
            let items = ws.items();
            self.cost = rows
                .iter()
                .filter_map(|at| items.at(*at as usize))
                .map(|i| cents(i.cost))
                .sum();
            self.rows = Rows::Picked(rows);
        }
        self.built = Some(built);
        self.keep_selected(selected, ws);
    }

    /// Puts the selection back on an item after the rows changed (found in the rows shown only
    /// when it is not where it was), or keeps it inside the rows.
    fn keep_selected(&mut self, id: Option<Id>, ws: &Workspace) {
        let len = self.len();
        if let Some(id) = id
            && self.row(ws, self.selected).map(|i| i.id) != Some(id)
            && let Some(at) = (0..len).find(|at| self.row(ws, *at).map(|i| i.id) == Some(id))
        {
            self.selected = at;
        }
        self.selected = self.selected.min(len.saturating_sub(1));
    }
}

/// What the sort compares by, besides the items themselves: names and places of the entries
/// the items point at, found once per sort.
struct Order<'a> {
    ws: &'a Workspace,
    /// Each content type's and channel's place in the order of their names.
    type_rank: IdMap<Id, usize>,
    channel_rank: IdMap<Id, usize>,
    /// Each step's place: its journey's place in the file, then its own in the journey.
    step_place: IdMap<Id, (usize, usize)>,
}

impl<'a> Order<'a> {
    fn new(ws: &'a Workspace) -> Order<'a> {
        let rank = |mut names: Vec<(String, Id)>| {
            names.sort();
            names
                .into_iter()
                .enumerate()
                .map(|(at, (_, id))| (id, at))
                .collect::<IdMap<Id, usize>>()
        };
        let types = ws.content_types().iter();
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
                    .map(move |(s, step)| (step.id, (j, s)))
            })
            .collect();
        Order {
            ws,
            type_rank: rank(types.map(|t| (t.name.to_lowercase(), t.id)).collect()),
            channel_rank: rank(channels.map(|c| (c.name.to_lowercase(), c.id)).collect()),
            step_place,
        }
    }

    /// Ascending by the column; what has no value (no date, no owner, no channel, no step)
    /// comes last. Equal rows keep the file's order (the sort is stable).
    fn compare(&self, column: Column, a: &Item, b: &Item) -> Ordering {
        match column {
            Column::Title => folded(&a.title, &b.title),
            Column::Type => self.type_of(a).cmp(&self.type_of(b)),
            Column::Kind => self.kind_of(a).cmp(&self.kind_of(b)),
            Column::Status => a.status.cmp(&b.status),
            Column::Owner => last_if_empty(a.owner.trim(), b.owner.trim())
                .then_with(|| folded(a.owner.trim(), b.owner.trim())),
            Column::Date => missing_last(a.available_on, b.available_on),
            Column::Channel => missing_last(
                a.channel_id.and_then(|c| self.channel_rank.get(&c)),
                b.channel_id.and_then(|c| self.channel_rank.get(&c)),
            ),
            Column::Cost => a.cost.total_cmp(&b.cost),
            Column::Steps => missing_last(self.place_of(a), self.place_of(b)),
        }
    }

    fn type_of(&self, item: &Item) -> Option<usize> {
        self.type_rank.get(&item.content_type_id).copied()
    }

    /// The kind's place in [`Kind::ALL`](crate::model::Kind::ALL): content, then service.
    fn kind_of(&self, item: &Item) -> Option<usize> {
        let kind = self.ws.content_types().get(item.content_type_id)?.kind;
        crate::model::Kind::ALL.iter().position(|k| *k == kind)
    }

    fn place_of(&self, item: &Item) -> Option<(usize, usize)> {
        item.step_ids
            .iter()
            .filter_map(|s| self.step_place.get(s))
            .min()
            .copied()
    }
}

/// Compares text without regard to case, without making lowercased copies.
fn folded(a: &str, b: &str) -> Ordering {
    let fold = |c: char| c.to_lowercase();
    a.chars().flat_map(fold).cmp(b.chars().flat_map(fold))
}

fn last_if_empty(a: &str, b: &str) -> Ordering {
    a.is_empty().cmp(&b.is_empty())
}

/// `Some` values in order, then the `None`s.
fn missing_last<T: Ord>(a: Option<T>, b: Option<T>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (a, b) => b.is_some().cmp(&a.is_some()),
    }
}

#[cfg(test)]
mod tests;
