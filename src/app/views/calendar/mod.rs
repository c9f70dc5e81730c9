//! The calendar view in three modes: a month grid, a week with a column per day, and the agenda
//! (overdue first, then the month's items, then the unscheduled). A day is always selected;
//! in the grid and the week one of its items is, listed in full where the keys act on it.

mod agenda;
mod days;

use agenda::OverdueKept;
pub use agenda::{Agenda, AgendaRow};
pub use days::Days;

use super::select;
use crate::app::action::Action;
use crate::app::edits;
use crate::app::list::moved;
use crate::app::outcome::{Choices, Given, Landed, Outcome};
use crate::app::subject::Subject;
use crate::model::edit;
use crate::model::filter::{Facet, ItemFilter};
use crate::model::{Date, Id, Workspace};

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
    /// Under a filter, the overdue items it keeps, read once for every month's agenda.
    overdue_kept: Option<OverdueKept>,
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
            overdue_kept: None,
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

    /// Rebuilds what is shown after the workspace (or the day) changed. A workspace read again
    /// from disk may have the revision the one before had, so nothing read of that one is kept.
    pub fn refresh(&mut self, given: &Given) {
        self.overdue_kept = None;
        self.rebuild(given);
    }

    /// Rebuilds what the mode shows of the selected day's month or week, the same item kept
    /// selected where it still is.
    fn rebuild(&mut self, given: &Given) {
        let item = self.selected_item(given);
        let filter = self.filter.matcher(given.ws, given.today);
        let kept = |id: Id| {
            filter.is_open() || given.ws.items().get(id).is_some_and(|i| filter.matches(i))
        };
        match self.mode {
            Mode::Month => {
                let (first, last) = self.day.month_bounds();
                let from = first.start_of_week();
                let weeks = weeks_between(from, last);
                self.days = Days::of(given.ws, from, weeks * 7, kept);
            }
            Mode::Week => {
                self.days = Days::of(given.ws, self.day.start_of_week(), 7, kept);
            }
            Mode::Agenda => {
                let overdue = || {
                    let known = &mut self.overdue_kept;
                    OverdueKept::of(known, given.ws, given.today, &self.filter, &filter)
                };
                let rows = Agenda::of(given.ws, self.day, given.today, &filter, overdue);
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
