//! The calendar's agenda: overdue items first, then the month's, then the unscheduled ones.

use std::ops::Bound;
use std::sync::Arc;

use super::kept::KeptDone;
use crate::model::format::month_title;
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

/// The agenda: overdue items, then the selected month's items by date, then unscheduled ones.
/// Each item is listed once: an overdue item dated in the month shows there, marked, and counts
/// among the month's items (it is still due then); the overdue list above holds the others.
///
/// Only the month and the unscheduled items are listed when the agenda is made; the overdue
/// ones, which at a million items are a hundred thousand, are counted from the index day by day
/// and a row of them is found when it is shown. A filter has no index: under one, the items it
/// keeps are found once (see [`KeptDone`]) and every month's agenda is ranges of them.
#[derive(Debug, Default)]
pub struct Agenda {
    today: Option<Date>,
    /// The month's first and last day.
    month: Option<(Date, Date)>,
    /// How many items are overdue in all.
    overdue: usize,
    /// Overdue items dated before the month (or before today, if that comes first)…
    overdue_before: usize,
    /// …and after it (for a month in the past), listed under the overdue heading.
    overdue_after: usize,
    /// Under a filter, every overdue item it keeps, by date; the rows skip those in the month.
    overdue_listed: Option<Arc<[(Date, Id)]>>,
    /// The month's dated items, by date.
    dated: Vec<(Date, Id)>,
    unscheduled: Arc<[Id]>,
}

impl Agenda {
    /// The agenda of `day`'s month: of every item, or of those a filter keeps.
    pub(super) fn of(ws: &Workspace, day: Date, today: Date, kept: Option<&KeptDone>) -> Agenda {
        let (first, last) = day.month_bounds();
        if let Some(kept) = kept {
            return Agenda::filtered((first, last), today, kept);
        }
        let overdue = ws.overdue_count(today);
        let before_month = first.min(today);
        let overdue_before = ws.overdue_count(before_month);
        let overdue_after = match last.add_days(1) {
            Some(after) if after < today => {
                ws.pending_between(after, today.add_days(-1).unwrap_or(today))
            }
            _ => 0,
        };
        Agenda {
            today: Some(today),
            month: Some((first, last)),
            overdue,
            overdue_before,
            overdue_after,
            overdue_listed: None,
            dated: ws.dated_ids_between(first, last).collect(),
            unscheduled: ws.unscheduled_ids().collect(),
        }
    }

    /// The agenda of the items a filter keeps: ranges of them, read by date.
    fn filtered((first, last): (Date, Date), today: Date, kept: &KeptDone) -> Agenda {
        let overdue = Arc::clone(&kept.overdue);
        let overdue_before = overdue.partition_point(|(date, _)| *date < first);
        let through_month = overdue.partition_point(|(date, _)| *date <= last);
        Agenda {
            today: Some(today),
            month: Some((first, last)),
            overdue: overdue.len(),
            overdue_before,
            overdue_after: overdue.len() - through_month,
            overdue_listed: Some(overdue),
            dated: kept.dated_between(first, last).to_vec(),
            unscheduled: Arc::clone(&kept.unscheduled),
        }
    }

    /// The overdue heading and the rows under it.
    fn overdue_rows(&self) -> usize {
        if self.overdue > 0 {
            1 + self.overdue_before + self.overdue_after
        } else {
            0
        }
    }

    /// Where the month's heading is.
    fn month_heading(&self) -> usize {
        self.overdue_rows()
    }

    /// Where the unscheduled items' heading is.
    fn unscheduled_heading(&self) -> usize {
        self.month_heading() + 1 + self.dated.len()
    }

    pub fn len(&self) -> usize {
        let unscheduled = match self.unscheduled.len() {
            0 => 0,
            n => 1 + n,
        };
        self.unscheduled_heading() + unscheduled
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether it was made for a month (the default one, for no month, lists nothing).
    pub fn is_made(&self) -> bool {
        self.month.is_some()
    }

    /// The days of the month that have items.
    pub fn days_with_items(&self) -> impl Iterator<Item = Date> + '_ {
        let mut last = None;
        self.dated
            .iter()
            .filter_map(move |(date, _)| (last.replace(*date) != Some(*date)).then_some(*date))
    }

    fn is_item(&self, at: usize) -> bool {
        at < self.len()
            && at != self.unscheduled_heading()
            && at != self.month_heading()
            && !(self.overdue > 0 && at == 0)
    }

    /// Row `at`, read from the index for an overdue one.
    pub fn row(&self, ws: &Workspace, at: usize) -> Option<AgendaRow> {
        let (today, (first, last)) = (self.today?, self.month?);
        let month = first.month_name();
        if self.overdue > 0 && at == 0 {
            let (overdue, here) = (
                self.overdue,
                self.overdue - self.overdue_before - self.overdue_after,
            );
            return Some(AgendaRow::Heading(match here {
                0 => format!("Overdue ({overdue})"),
                _ if here == overdue => format!("Overdue ({overdue}) · all below, in {month}"),
                _ => format!("Overdue ({overdue}) · {here} of them below, in {month}"),
            }));
        }
        if at < self.month_heading() {
            let n = at - 1;
            let (date, id) = match &self.overdue_listed {
                Some(listed) if n < self.overdue_before => *listed.get(n)?,
                Some(listed) => {
                    let in_month = self.overdue - self.overdue_before - self.overdue_after;
                    *listed.get(n + in_month)?
                }
                None if n < self.overdue_before => {
                    let (date, item) = ws.nth_pending(Bound::Unbounded, n)?;
                    (date, item.id)
                }
                None => {
                    let (date, item) =
                        ws.nth_pending(Bound::Excluded(last), n - self.overdue_before)?;
                    (date, item.id)
                }
            };
            return Some(AgendaRow::Item {
                id,
                date: Some(date),
                overdue: true,
            });
        }
        if at == self.month_heading() {
            return Some(AgendaRow::Heading(format!(
                "{} ({})",
                month_title(first),
                self.dated.len()
            )));
        }
        if at < self.unscheduled_heading() {
            let (date, id) = self.dated[at - self.month_heading() - 1];
            let item = ws.items().get(id)?;
            return Some(AgendaRow::Item {
                id,
                date: Some(date),
                overdue: item.is_overdue(today),
            });
        }
        if at == self.unscheduled_heading() {
            return (!self.unscheduled.is_empty())
                .then(|| AgendaRow::Heading(format!("Unscheduled ({})", self.unscheduled.len())));
        }
        let id = *self.unscheduled.get(at - self.unscheduled_heading() - 1)?;
        Some(AgendaRow::Item {
            id,
            date: None,
            overdue: false,
        })
    }

    /// The item's row, if it is dated in the month.
    pub(super) fn month_row(&self, id: Id, date: Date) -> Option<usize> {
        let from = self.dated.partition_point(|(d, _)| *d < date);
        let found = self.dated[from..]
            .iter()
            .take_while(|(d, _)| *d == date)
            .position(|(_, row)| *row == id)?;
        Some(self.month_heading() + 1 + from + found)
    }

    /// The row of the first item dated on or after `day` in the month section.
    pub(super) fn first_item_on_or_after(&self, day: Date) -> usize {
        let later = self.dated.partition_point(|(d, _)| *d < day);
        if later < self.dated.len() {
            self.month_heading() + 1 + later
        } else {
            self.nearest_item(self.month_heading(), true)
        }
    }

    /// The nearest item row from `at`, looking down first (or up first). Headings are single
    /// rows between item rows, so either way takes a step or two.
    pub(super) fn nearest_item(&self, at: usize, down: bool) -> usize {
        if self.is_item(at) {
            return at;
        }
        let below = (at..self.len()).find(|i| self.is_item(*i));
        let above = (0..at).rev().find(|i| self.is_item(*i));
        let first = if down {
            below.or(above)
        } else {
            above.or(below)
        };
        first.unwrap_or(at)
    }
}

/// The overdue items a filter keeps, by date, as they were on one day at one revision of the
/// workspace. Reading them means reading every overdue item (a hundred thousand at a million
/// items), so it is done once per filter, day and revision, and every month's page reuses it.
#[cfg(test)]
pub(super) mod tests {
    use super::super::kept::KeptJob;
    use super::*;
    use crate::model::Status;
    use crate::model::filter::{Facet, ItemFilter, Matcher};
    use crate::storage::{self, location::SAMPLE};
    use std::sync::atomic::AtomicBool;

    /// The agenda as it was built before, every row at once, of the items a filter keeps.
    pub(in crate::app::views::calendar) fn every_row(
        ws: &Workspace,
        day: Date,
        today: Date,
        filter: &Matcher,
    ) -> Vec<AgendaRow> {
        let mut rows = Vec::new();
        let (first, last) = day.month_bounds();
        let in_month = |date: Date| first <= date && date <= last;
        let overdue = ws
            .overdue_items(today)
            .filter(|(_, item)| filter.matches(item))
            .count();
        let elsewhere: Vec<_> = ws
            .overdue_items(today)
            .filter(|(date, item)| !in_month(*date) && filter.matches(item))
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
        let month: Vec<_> = ws
            .items_between(first, last)
            .filter(|(_, item)| filter.matches(item))
            .collect();
        rows.push(AgendaRow::Heading(format!(
            "{} ({})",
            month_title(first),
            month.len()
        )));
        rows.extend(month.into_iter().map(|(date, item)| AgendaRow::Item {
            id: item.id,
            date: Some(date),
            overdue: item.is_overdue(today),
        }));
        let unscheduled: Vec<_> = ws
            .unscheduled_items()
            .filter(|item| filter.matches(item))
            .collect();
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

    /// Every month from before the sample's first date to after its last, seen on days before,
    /// among and after its dates, with no filter and with filters by status, owner and
    /// channel: the rows read one by one are the rows built all at once, and the rows the keys
    /// land on are items.
    #[test]
    fn the_agenda_read_row_by_row_is_the_agenda_built_whole() {
        let ws = storage::decode(SAMPLE.as_bytes()).expect("the sample is valid");
        let lena = ws
            .items()
            .iter()
            .find(|i| i.owner == "Lena")
            .expect("the sample has items of Lena's");
        let filters: Vec<ItemFilter> = [
            vec![],
            vec![Facet::Status(Status::InProgress)],
            vec![Facet::Owner("Lena".into()), Facet::Channel(lena.channel_id)],
            vec![Facet::Channel(None)],
        ]
        .into_iter()
        .map(|facets| {
            let mut filter = ItemFilter::default();
            for facet in facets {
                filter.toggle(facet);
            }
            filter
        })
        .collect();
        let date = |text: &str| text.parse::<Date>().expect("a date");
        let todays = [
            "2025-01-01",
            "2026-06-15",
            "2026-11-23",
            "2027-02-01",
            "2029-01-01",
        ];
        for (filter, today) in filters
            .iter()
            .flat_map(|filter| todays.map(date).map(move |today| (filter, today)))
        {
            let matcher = filter.matcher(&ws, today);
            // The items kept, found once, serve every month.
            let kept = (!filter.is_empty()).then(|| {
                let job = KeptJob::new(&ws, filter, today);
                job.run(&AtomicBool::new(false)).expect("not stopped")
            });
            let mut day = date("2026-04-15");
            while day < date("2028-01-01") {
                let agenda = Agenda::of(&ws, day, today, kept.as_ref());
                let rows: Vec<_> = (0..agenda.len())
                    .map(|at| agenda.row(&ws, at).expect("a row"))
                    .collect();
                assert_eq!(
                    rows,
                    every_row(&ws, day, today, &matcher),
                    "{day} seen on {today} through {filter:?}"
                );
                assert_eq!(agenda.row(&ws, agenda.len()), None);
                let selected = agenda.first_item_on_or_after(day);
                let items = rows.iter().any(|r| matches!(r, AgendaRow::Item { .. }));
                assert_eq!(
                    items,
                    matches!(rows.get(selected), Some(AgendaRow::Item { .. })),
                    "{day} seen on {today}: row {selected}"
                );
                day = day.add_months(1).expect("a month later");
            }
        }
    }
}
