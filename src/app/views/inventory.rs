//! The inventory: every item in one table, sorted by any column, narrowed by filters and by
//! text, with marked rows changed or deleted at once.
//!
//! At a million items a frame must not read every item, and neither must a key: the rows are
//! worked out once per change of sort, filter, text, day or workspace — for a large workspace
//! on a thread of the loop's, while the view shows the rows it had and says it is sorting or
//! filtering — and kept as the items' ids; a frame reads only the rows it shows. Unsorted and
//! unfiltered, the rows are the table itself and opening the view reads nothing at all.

pub(super) mod rows;

use std::sync::atomic::AtomicBool;

use ratatui::crossterm::event::KeyEvent;

use super::finder::FinderState;
use super::select;
use crate::app::action::{Action, View};
use crate::app::outcome::{Choices, Given, Outcome};
use crate::app::subject::{Entry, Subject};
use crate::model::fields::fields_on;
use crate::model::filter::{Facet, ItemFilter};
use crate::model::{Id, IdSet, Item, Workspace, cents};
use rows::Wanted;
pub use rows::{RowsDone, RowsJob};

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

/// The rows shown.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Rows {
    /// Every item, in the file's order: nothing read to know them.
    All(usize),
    /// The items the filter kept, by id, in the order of the sort: an item deleted since they
    /// were found has no row, an item changed since shows as it is now.
    Picked(Vec<Id>),
}

/// From how many items the rows are worked out off the screen's thread: below, a filter and a
/// sort take a few milliseconds at most.
const IN_BACKGROUND_FROM: usize = 20_000;

/// What the view is waiting for while the rows it shows are not those it asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Working {
    /// The rows are put in a new order (and maybe filtered too).
    Sorting,
    /// The rows are filtered afresh, in the order they have.
    Filtering,
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
    /// What the rows shown were worked out from.
    built: Option<Wanted>,
    /// What the rows are being worked out from on the loop's thread, when they are not yet.
    working: Option<Wanted>,
    /// The work the loop is to start (the App hands it over after the key, see
    /// [`InventoryState::take_job`]).
    job: Option<RowsJob>,
    /// From how many items the rows are worked out off the screen's thread.
    in_background_from: usize,
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
            working: None,
            job: None,
            in_background_from: IN_BACKGROUND_FROM,
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

    /// The item of row `at` (none for an item deleted since the rows were found).
    pub fn row<'a>(&self, ws: &'a Workspace, at: usize) -> Option<&'a Item> {
        let len = self.len();
        if at >= len {
            return None;
        }
        let at = if self.reversed { len - 1 - at } else { at };
        match &self.rows {
            Rows::All(_) => ws.items().at(at),
            Rows::Picked(rows) => ws.items().get(rows[at]),
        }
    }

    /// What the rows cost together.
    pub fn cost(&self) -> f64 {
        self.cost as f64 / 100.0
    }

    /// Whether the rows shown were narrowed by a filter or text (while a filter is worked out,
    /// the rows shown are still those before it).
    pub fn shows_filtered(&self) -> bool {
        self.built
            .as_ref()
            .is_some_and(|built| !built.filter.is_empty())
    }

    /// What the view waits for, while the rows shown are not yet those asked for.
    pub fn working(&self) -> Option<Working> {
        let working = self.working.as_ref()?;
        let sorted_as_asked = self.built.as_ref().is_some_and(|b| b.sort == working.sort);
        Some(if sorted_as_asked {
            Working::Filtering
        } else {
            Working::Sorting
        })
    }

    /// Has the rows of a workspace of `items` items or more worked out off the screen's thread
    /// (tests show a small workspace as a large one would be shown).
    #[cfg(test)]
    pub fn in_background_from(&mut self, items: usize) {
        self.in_background_from = items;
    }

    /// The work of finding the rows for the loop to start, once.
    pub fn take_job(&mut self) -> Option<RowsJob> {
        self.job.take()
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

    /// Works the rows out again after the workspace, the sort, the filter or the day changed
    /// (nothing to do when none did); the selection stays on its item where it can. A large
    /// workspace's rows are worked out by a job for the loop: the rows shown stay until it is
    /// done ([`InventoryState::adopt`]).
    pub fn refresh(&mut self, given: &Given) {
        let ws = given.ws;
        self.marked.retain(|id| ws.items().contains(*id));
        // A field deleted (or its adding undone) takes its sort with it.
        if let Some(Column::Field(id)) = &self.sort
            && !fields_on(&ws.contents().fields, "item").any(|f| f.id == *id)
        {
            self.sort = None;
        }
        let wanted = Wanted::of(ws, &self.filter, self.sort.as_ref(), given.today);
        if self.built.as_ref() == Some(&wanted) {
            // Back to what is shown (a letter typed and taken back): what was asked meanwhile
            // is no longer wanted.
            self.working = None;
            self.job = None;
            self.keep_selected(None, ws);
            return;
        }
        if self.working.as_ref() == Some(&wanted) {
            return;
        }
        let job = RowsJob::new(wanted, ws);
        let selected = self.row(ws, self.selected).map(|i| i.id);
        if job.is_whole_table() {
            self.rows = Rows::All(ws.items().len());
            self.cost = cents(ws.budgets().total.cost());
            self.built = Some(job.wanted);
            self.working = None;
            self.job = None;
            self.keep_selected(selected, ws);
        } else if ws.items().len() < self.in_background_from {
            let done = job.run(&AtomicBool::new(false));
            self.working = done.as_ref().map(|done| done.wanted.clone());
            if let Some(done) = done {
                self.adopt(done, ws);
            }
        } else {
            self.working = Some(job.wanted.clone());
            self.job = Some(job);
        }
    }

    /// Shows the rows a job found, if they are the ones the view waits for (not those of a
    /// sort, filter or workspace it has left since); the selection stays on its item.
    pub fn adopt(&mut self, done: RowsDone, ws: &Workspace) {
        if self.working.as_ref() != Some(&done.wanted) {
            return;
        }
        let selected = self.row(ws, self.selected).map(|i| i.id);
        self.rows = Rows::Picked(done.rows);
        self.cost = done.cost;
        self.built = self.working.take();
        self.keep_selected(selected, ws);
    }

    /// Puts the selection back on an item after the rows changed, or keeps it inside the
    /// rows. The item is looked for by its id, or by its place in the table, which reads no
    /// item.
    fn keep_selected(&mut self, id: Option<Id>, ws: &Workspace) {
        let len = self.len();
        if let Some(id) = id
            && self.row(ws, self.selected).map(|i| i.id) != Some(id)
        {
            let found = match &self.rows {
                Rows::All(_) => ws.items().position(id),
                Rows::Picked(rows) => rows.iter().position(|row| *row == id),
            };
            if let Some(at) = found.filter(|at| *at < len) {
                self.selected = if self.reversed { len - 1 - at } else { at };
            }
        }
        self.selected = self.selected.min(len.saturating_sub(1));
    }
}

#[cfg(test)]
mod tests;
