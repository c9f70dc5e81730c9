//! The calendar view: a month, the day selected in it, and the agenda of items beside it
//! (overdue first, then the month's, then the unscheduled), with the keys that move through it
//! and move an item's date.

use super::select;
use crate::app::action::Action;
use crate::app::edits;
use crate::app::outcome::{Given, Landed, Outcome};
use crate::app::subject::Subject;
use crate::model::edit;
use crate::model::{Date, Id, Workspace};

/// A row of the agenda beside the calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgendaRow {
    Heading(String),
    Item {
        id: Id,
        date: Option<Date>,
        overdue: bool,
    },
}

#[derive(Debug)]
pub struct CalendarState {
    /// The selected day; the month shown is its month.
    pub day: Date,
    pub rows: Vec<AgendaRow>,
    pub selected: usize,
}

impl CalendarState {
    /// The calendar on `today`, the first item from then on selected.
    pub fn open(today: Date, given: &Given) -> CalendarState {
        let mut state = CalendarState {
            day: today,
            rows: Vec::new(),
            selected: 0,
        };
        state.refresh(given);
        state.selected = first_item_on_or_after(&state.rows, state.day);
        state
    }

    pub fn handle(&mut self, action: Action, given: &Given) -> Outcome {
        match action {
            Action::Left | Action::Right | Action::PageUp | Action::PageDown | Action::Today => {
                self.move_day(action, given);
                return Outcome::Done;
            }
            Action::Up | Action::Down | Action::First | Action::Last => {
                select(&mut self.selected, self.rows.len(), action);
                // The agenda's headings are not selectable: step over them.
                let down = matches!(action, Action::Down | Action::First);
                self.selected = nearest_item(&self.rows, self.selected, down);
                return Outcome::Done;
            }
            _ => {}
        }
        let selected = match self.rows.get(self.selected) {
            Some(AgendaRow::Item { id, .. }) => Some(*id),
            _ => None,
        };
        match (action, selected) {
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

    fn move_day(&mut self, action: Action, given: &Given) {
        let moved = match action {
            Action::Left => self.day.add_days(-1),
            Action::Right => self.day.add_days(1),
            Action::PageUp => self.day.add_months(-1),
            Action::PageDown => self.day.add_months(1),
            _ => Some(given.today),
        };
        let Some(day) = moved else {
            return;
        };
        let month_changed = day.first_of_month() != self.day.first_of_month();
        self.day = day;
        if month_changed {
            self.refresh(given);
        }
        self.selected = first_item_on_or_after(&self.rows, self.day);
    }

    /// Shows an item's day and selects it (after its date moved).
    pub fn follow(&mut self, id: Id, given: &Given) {
        if let Some(date) = given.ws.items().get(id).and_then(|i| i.available_on) {
            let month_changed = date.first_of_month() != self.day.first_of_month();
            self.day = date;
            if month_changed {
                self.refresh(given);
            }
        }
        self.selected = self
            .rows
            .iter()
            .position(|r| matches!(r, AgendaRow::Item { id: row, date: Some(_), .. } if *row == id))
            .unwrap_or(self.selected);
    }

    /// Rebuilds the agenda of the month shown.
    pub fn refresh(&mut self, given: &Given) {
        let rows = agenda(given.ws, self.day, given.today);
        self.selected = self.selected.min(rows.len().saturating_sub(1));
        self.rows = rows;
    }
}

/// Overdue items, then the selected month's items by date, then unscheduled ones. Each item
/// is listed once: an overdue item dated in the month shows there, marked, and counts among
/// the month's items (it is still due then); the overdue list above holds the others.
fn agenda(ws: &Workspace, day: Date, today: Date) -> Vec<AgendaRow> {
    let mut rows = Vec::new();
    let (first, last) = day.month_bounds();
    let in_month = |date: Date| first <= date && date <= last;
    let overdue = ws.overdue_count(today);
    let elsewhere: Vec<_> = ws
        .overdue_items(today)
        .filter(|(date, _)| !in_month(*date))
        .collect();
    if overdue > 0 {
        let here = overdue - elsewhere.len();
        let month = first.month_name();
        rows.push(AgendaRow::Heading(match here {
            0 => format!("Overdue ({overdue})"),
            _ if here == overdue => format!("Overdue ({overdue}) · all below, in {month}"),
            _ => format!("Overdue ({overdue}) · {here} of them below, in {month}"),
        }));
        rows.extend(elsewhere.into_iter().map(|(date, item)| AgendaRow::Item {
            id: item.id,
            date: Some(date),
            overdue: true,
        }));
    }
    let month: Vec<_> = ws.items_between(first, last).collect();
    rows.push(AgendaRow::Heading(format!(
        "{} {} ({})",
        first.month_name(),
        first.year(),
        month.len()
    )));
    rows.extend(month.into_iter().map(|(date, item)| AgendaRow::Item {
        id: item.id,
        date: Some(date),
        overdue: item.is_overdue(today),
    }));
    let unscheduled: Vec<_> = ws.unscheduled_items().collect();
    if !unscheduled.is_empty() {
        rows.push(AgendaRow::Heading(format!(
            "Unscheduled ({})",
            unscheduled.len()
        )));
        rows.extend(unscheduled.into_iter().map(|item| AgendaRow::Item {
            id: item.id,
            date: None,
            overdue: false,
        }));
    }
    rows
}

/// The agenda row of the first item dated on or after `day` in the month section.
fn first_item_on_or_after(rows: &[AgendaRow], day: Date) -> usize {
    let month_start = rows
        .iter()
        .position(|r| matches!(r, AgendaRow::Heading(h) if !h.starts_with("Overdue")))
        .unwrap_or(0);
    let found = rows
        .iter()
        .enumerate()
        .skip(month_start)
        .find(|(_, r)| matches!(r, AgendaRow::Item { date: Some(d), .. } if *d >= day));
    match found {
        Some((at, _)) => at,
        None => nearest_item(rows, month_start, true),
    }
}

/// The nearest item row from `at`, looking down first (or up first).
fn nearest_item(rows: &[AgendaRow], at: usize, down: bool) -> usize {
    let is_item = |i: usize| matches!(rows.get(i), Some(AgendaRow::Item { .. }));
    if is_item(at) {
        return at;
    }
    let below = (at..rows.len()).find(|i| is_item(*i));
    let above = (0..at).rev().find(|i| is_item(*i));
    let first = if down {
        below.or(above)
    } else {
        above.or(below)
    };
    first.unwrap_or(at)
}
