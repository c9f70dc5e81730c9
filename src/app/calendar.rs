//! The calendar view: a month, the day selected in it, and the agenda of items beside it
//! (overdue first, then the month's, then the unscheduled), with the keys that move through it
//! and move an item's date.

use super::{Action, App};
use crate::model::edit;
use crate::model::{Date, Id};

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

impl App {
    /// Overdue items, then the selected month's items by date, then unscheduled ones. Each item
    /// is listed once: an overdue item dated in the month shows there, marked, and counts among
    /// the month's items (it is still due then); the overdue list above holds the others.
    pub(super) fn agenda(&self, day: Date, today: Date) -> Vec<AgendaRow> {
        let mut rows = Vec::new();
        let (first, last) = day.month_bounds();
        let in_month = |date: Date| first <= date && date <= last;
        let overdue = self.ws.overdue_count(today);
        let elsewhere: Vec<_> = self
            .ws
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
        let month: Vec<_> = self.ws.items_between(first, last).collect();
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
        let unscheduled: Vec<_> = self.ws.unscheduled_items().collect();
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

    pub(super) fn calendar_move(&mut self, action: Action) {
        let today = self.today;
        let Some(state) = self.calendar_mut() else {
            return;
        };
        let moved = match action {
            Action::Left => state.day.add_days(-1),
            Action::Right => state.day.add_days(1),
            Action::PageUp => state.day.add_months(-1),
            Action::PageDown => state.day.add_months(1),
            _ => Some(today),
        };
        let Some(day) = moved else {
            return;
        };
        let month_changed = day.first_of_month() != state.day.first_of_month();
        state.day = day;
        if month_changed {
            self.refresh_views();
        }
        if let Some(state) = self.calendar_mut() {
            state.selected = first_item_on_or_after(&state.rows, state.day);
        }
    }

    fn selected_agenda_item(&self) -> Option<Id> {
        let state = self.calendar()?;
        match state.rows.get(state.selected) {
            Some(AgendaRow::Item { id, .. }) => Some(*id),
            _ => None,
        }
    }

    pub(super) fn calendar_item(&mut self, action: Action) {
        let Some(id) = self.selected_agenda_item() else {
            return;
        };
        if self.refuse_if_read_only() {
            return;
        }
        match action {
            Action::Edit => self.open_item_form(id),
            Action::ShiftDate(days) => self.calendar_shift(id, days),
            Action::CycleStatus => self.cycle_status(id),
            _ => {}
        }
    }

    /// Moves an item's date and follows it in the calendar.
    fn calendar_shift(&mut self, id: Id, days: i8) {
        let today = self.today;
        if !self.try_edit(|ws| edit::shift_date(ws, id, i64::from(days), today)) {
            return;
        }
        let date = self.ws.items().get(id).and_then(|i| i.available_on);
        if let (Some(state), Some(date)) = (self.calendar_mut(), date) {
            let month_changed = date.first_of_month() != state.day.first_of_month();
            state.day = date;
            if month_changed {
                self.refresh_views();
            }
        }
        // Keep the moved item selected.
        if let Some(state) = self.calendar_mut() {
            state.selected = state
                .rows
                .iter()
                .position(
                    |r| matches!(r, AgendaRow::Item { id: row, date: Some(_), .. } if *row == id),
                )
                .unwrap_or(state.selected);
        }
    }
}

/// The agenda row of the first item dated on or after `day` in the month section.
pub(super) fn first_item_on_or_after(rows: &[AgendaRow], day: Date) -> usize {
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
pub(super) fn nearest_item(rows: &[AgendaRow], at: usize, down: bool) -> usize {
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
