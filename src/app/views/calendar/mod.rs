//! The calendar view in three modes: a month grid, a week with a column per day, and the agenda
//! (overdue first, then the month's items, then the unscheduled). A day is always selected;
//! in the grid and the week one of its items is, listed in full where the keys act on it.
//!
//! Unfiltered, every mode reads the index for the days it shows. Under a filter, the items it
//! keeps are found once per filter, workspace and day ([`KeptDone`], by a job for the loop in a
//! large workspace) and every mode reads ranges of them: no key reads the month's items again.

mod agenda;
mod days;
mod kept;

use std::sync::atomic::AtomicBool;

pub use agenda::{Agenda, AgendaRow};
pub use days::Days;
pub use kept::{KeptDone, KeptJob};

use super::select;
use crate::app::action::Action;
use crate::app::edits;
use crate::app::list::moved;
use crate::app::outcome::{Choices, Given, Landed, Outcome};
use crate::app::subject::Subject;
use crate::app::views::inventory::rows::Wanted;
use crate::model::edit;
use crate::model::filter::{Facet, ItemFilter};
use crate::model::{Date, Id, Workspace};

/// From how many items the items a filter keeps are found off the screen's thread: below, it
/// takes a few milliseconds at most.
const IN_BACKGROUND_FROM: usize = 20_000;

/// How the calendar shows its days; one key cycles through them in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Month,
    Week,
    Agenda,
}

impl Mode {
    pub fn next(self) -> Mode {
        match self {
            Mode::Month => Mode::Week,
            Mode::Week => Mode::Agenda,
            Mode::Agenda => Mode::Month,
        }
    }

    /// The mode in a word, as the title and the hints say it.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Month => "month",
            Mode::Week => "week",
            Mode::Agenda => "agenda",
        }
    }
}

#[derive(Debug)]
pub struct CalendarState {
    pub mode: Mode,
    /// The selected day; the month (or week) shown is its own.
    pub day: Date,
    /// The days of the month grid or the week, with their items (empty in the agenda).
    pub days: Days,
    /// The selected item among the selected day's, in the grid and the week.
    pub item: usize,
    /// The agenda's rows (empty in the grid and the week).
    pub rows: Agenda,
    /// The selected row of the agenda.
    pub selected: usize,
    /// Which items every mode shows.
    pub filter: ItemFilter,
    /// Under a filter, the items it keeps, by date: what every mode shows, by ranges of it.
    /// They may be those of the workspace, filter or day before while new ones are found.
    kept: Option<KeptDone>,
    /// What the items kept are being found from on the loop's thread, when they are not yet.
    working: Option<Wanted>,
    /// The work the loop is to start (the App hands it over after the key, see
    /// [`CalendarState::take_job`]).
    job: Option<KeptJob>,
    /// From how many items the items kept are found off the screen's thread.
    in_background_from: usize,
}

impl CalendarState {
    /// The month of `today`, today selected.
    pub fn open(today: Date, given: &Given) -> CalendarState {
        let mut state = CalendarState {
            mode: Mode::Month,
            day: today,
            days: Days::default(),
            item: 0,
            rows: Agenda::default(),
            selected: 0,
            filter: ItemFilter::default(),
            kept: None,
            working: None,
            job: None,
            in_background_from: IN_BACKGROUND_FROM,
        };
        state.refresh(given);
        state
    }

    pub fn handle(&mut self, action: Action, given: &Given) -> Outcome {
        match action {
            Action::CalendarMode => {
                self.switch_mode(given);
                return Outcome::Done;
            }
            Action::Left | Action::Right | Action::PageUp | Action::PageDown | Action::Today => {
                self.move_day(action, given);
                return Outcome::Done;
            }
            Action::Up | Action::Down | Action::First | Action::Last => {
                self.move_selection(action, given);
                return Outcome::Done;
            }
            Action::Add => return self.add(given),
            Action::Filters => {
                return Outcome::Pick(Choices::CalendarFilters(self.filter.clone()));
            }
            _ => {}
        }
        match (action, self.selected_item(given)) {
            (Action::Edit, Some(id)) => {
                Subject::of_item(given.ws, id).map_or(Outcome::Done, Outcome::Form)
            }
            (Action::ShiftDate(days), Some(id)) => {
                let today = given.today;
                // The calendar follows the item to its new date.
                Outcome::Edit(
                    Box::new(move |ws| edit::shift_date(ws, id, i64::from(days), today)),
                    Landed::Follow(id),
                )
            }
            (Action::CycleStatus, Some(id)) => edits::cycle_status(given.ws, id),
            (Action::Edit | Action::ShiftDate(_) | Action::CycleStatus, None) => Outcome::Done,
            _ => Outcome::Ignored,
        }
    }

    /// The item the keys act on: the one marked in the selected day's list, or the agenda's
    /// selected row.
    pub fn selected_item(&self, given: &Given) -> Option<Id> {
        match self.mode {
            Mode::Month | Mode::Week => self.days.on(self.day).get(self.item).copied(),
            Mode::Agenda => match self.rows.row(given.ws, self.selected) {
                Some(AgendaRow::Item { id, .. }) => Some(id),
                _ => None,
            },
        }
    }

    /// A new item dated the selected day; its form asks for its cell (step and content type).
    fn add(&self, given: &Given) -> Outcome {
        let Some(content_type) = given.ws.content_types().iter().next() else {
            let key = given
                .keymap
                .key_for(crate::app::Context::Grid, Action::AddOuter)
                .map(|key| format!(" ({key} in the content map)"))
                .unwrap_or_default();
            return Outcome::Tell(format!("An item needs a content type: add one first{key}."));
        };
        Outcome::Form(Subject::Item {
            id: None,
            content_type: content_type.id,
            step: None,
            date: Some(self.day),
        })
    }

    /// The next mode, on the same day and, where it is listed there, the same item.
    fn switch_mode(&mut self, given: &Given) {
        let item = self.selected_item(given);
        self.mode = self.mode.next();
        self.days = Days::default();
        self.rows = Agenda::default();
        self.rebuild(given);
        if let Some(id) = item {
            self.select(id, given.ws);
        }
    }

    fn move_day(&mut self, action: Action, given: &Given) {
        let moved = match (action, self.mode) {
            (Action::Left, _) => self.day.add_days(-1),
            (Action::Right, _) => self.day.add_days(1),
            (Action::PageUp, Mode::Week) => self.day.add_days(-7),
            (Action::PageDown, Mode::Week) => self.day.add_days(7),
            (Action::PageUp, _) => self.day.add_months(-1),
            (Action::PageDown, _) => self.day.add_months(1),
            _ => Some(given.today),
        };
        let Some(day) = moved else {
            return;
        };
        self.show_day(day, given);
        self.item = 0;
        self.selected = self.rows.first_item_on_or_after(self.day);
    }

    fn move_selection(&mut self, action: Action, given: &Given) {
        match self.mode {
            Mode::Month | Mode::Week => {
                self.item = moved(self.item, self.days.on(self.day).len(), action, 1);
            }
            Mode::Agenda => {
                select(&mut self.selected, self.rows.len(), action);
                // The agenda's headings are not selectable: step over them.
                let down = matches!(action, Action::Down | Action::First);
                self.selected = self.rows.nearest_item(self.selected, down);
                // The day selected is the item's, when it is in the month shown.
                if let Some(AgendaRow::Item {
                    date: Some(date), ..
                }) = self.rows.row(given.ws, self.selected)
                    && date.first_of_month() == self.day.first_of_month()
                {
                    self.day = date;
                }
            }
        }
    }

    /// Selects `day`, rebuilding what is shown when the day is in another month (or week).
    fn show_day(&mut self, day: Date, given: &Given) {
        let before = self.shown_from();
        self.day = day;
        if self.shown_from() != before {
            self.rebuild(given);
        }
    }

    /// The first day of what is shown: the month's, or the week's Monday.
    fn shown_from(&self) -> Date {
        match self.mode {
            Mode::Month | Mode::Agenda => self.day.first_of_month(),
            Mode::Week => self.day.start_of_week(),
        }
    }

    /// Selects an item of the selected day (or the agenda's row of it), if it is listed.
    fn select(&mut self, id: Id, ws: &Workspace) {
        match self.mode {
            Mode::Month | Mode::Week => {
                if let Some(at) = self.days.on(self.day).iter().position(|i| *i == id) {
                    self.item = at;
                }
            }
            Mode::Agenda => {
                let date = ws.items().get(id).and_then(|item| item.available_on);
                if let Some(at) = date.and_then(|date| self.rows.month_row(id, date)) {
                    self.selected = at;
                }
            }
        }
    }

    /// Turns a filter on or off, on the same day.
    pub fn toggle(&mut self, facet: Facet, given: &Given) {
        self.filter.toggle(facet);
        self.rebuild(given);
    }

    /// Shows an item's day and selects it (after its date moved).
    pub fn follow(&mut self, id: Id, given: &Given) {
        let Some(date) = given.ws.items().get(id).and_then(|i| i.available_on) else {
            return;
        };
        self.show_day(date, given);
        self.select(id, given.ws);
    }

    /// Rebuilds what is shown after the workspace (or the day) changed.
    pub fn refresh(&mut self, given: &Given) {
        self.rebuild(given);
    }

    /// Whether the items shown are not yet those the filter keeps: they are being found.
    pub fn is_filtering(&self) -> bool {
        self.working.is_some()
    }

    /// The work of finding the items kept for the loop to start, once.
    pub fn take_job(&mut self) -> Option<KeptJob> {
        self.job.take()
    }

    /// Has the items kept of a workspace of `items` items or more found off the screen's thread
    /// (tests show a small workspace as a large one would be shown).
    #[cfg(test)]
    pub fn in_background_from(&mut self, items: usize) {
        self.in_background_from = items;
    }

    /// Shows the items a job found, if they are the ones the view waits for (not those of a
    /// filter, workspace or day it has left since).
    pub fn adopt(&mut self, done: KeptDone, given: &Given) {
        if self.working.as_ref() != Some(&done.wanted) {
            return;
        }
        self.working = None;
        self.kept = Some(done);
        self.rebuild(given);
    }

    /// Asks for the items the filter keeps when those known are not theirs (the workspace,
    /// the filter or the day changed): found here for a small workspace, by a job for the loop
    /// for a large one, while the items known before stay shown.
    fn want_kept(&mut self, given: &Given) {
        if self.filter.is_empty() {
            self.kept = None;
            self.working = None;
            self.job = None;
            return;
        }
        let job = KeptJob::new(given.ws, &self.filter, given.today);
        if self
            .kept
            .as_ref()
            .is_some_and(|kept| kept.wanted == job.wanted)
        {
            // Back to what is shown: what was asked meanwhile is no longer wanted.
            self.working = None;
            self.job = None;
            return;
        }
        if self.working.as_ref() == Some(&job.wanted) {
            // Being found already.
            return;
        }
        if given.ws.items().len() < self.in_background_from {
            self.working = None;
            self.job = None;
            self.kept = job.run(&AtomicBool::new(false));
        } else {
            self.working = Some(job.wanted.clone());
            self.job = Some(job);
        }
    }

    /// The `count` days from `first` on, with the items shown on them.
    fn days(&self, ws: &Workspace, first: Date, count: usize) -> Days {
        let last = first.add_days(count as i64 - 1).unwrap_or(first);
        match &self.kept {
            Some(kept) => Days::of(
                first,
                count,
                kept.dated_between(first, last).iter().copied(),
            ),
            None => Days::of(first, count, ws.dated_ids_between(first, last)),
        }
    }

    /// Rebuilds what the mode shows of the selected day's month or week, the same item kept
    /// selected where it still is.
    fn rebuild(&mut self, given: &Given) {
        let item = self.selected_item(given);
        self.want_kept(given);
        match self.mode {
            Mode::Month => {
                let (first, last) = self.day.month_bounds();
                let from = first.start_of_week();
                let weeks = weeks_between(from, last);
                self.days = self.days(given.ws, from, weeks * 7);
            }
            Mode::Week => {
                self.days = self.days(given.ws, self.day.start_of_week(), 7);
            }
            Mode::Agenda => {
                let rows = Agenda::of(given.ws, self.day, given.today, self.kept.as_ref());
                let fresh = !self.rows.is_made();
                self.rows = rows;
                self.selected = if fresh {
                    self.rows.first_item_on_or_after(self.day)
                } else {
                    self.selected.min(self.rows.len().saturating_sub(1))
                };
            }
        }
        self.item = self
            .item
            .min(self.days.on(self.day).len().saturating_sub(1));
        if let Some(id) = item {
            self.select(id, given.ws);
        }
    }
}

/// How many weeks (Monday to Sunday) it takes from the Monday `from` to show `last`.
fn weeks_between(from: Date, last: Date) -> usize {
    let days = (last.as_time() - from.as_time()).whole_days();
    usize::try_from(days / 7 + 1).unwrap_or(1)
}

#[cfg(test)]
mod tests;
