//! The days a month grid or a week shows, each with its items: read for those days alone from
//! the index's dated items (or, under a filter, from the items it keeps, by date), when the days
//! shown change or the workspace does, so a frame or a day move within them reads nothing.

use crate::model::{Date, Id};

/// A run of consecutive days and the ids of each day's items, in the index's order (by date,
/// then id), as every part of the calendar lists them.
#[derive(Debug, Default)]
pub struct Days {
    first: Option<Date>,
    items: Vec<Vec<Id>>,
}

impl Days {
    /// The `count` days from `first` on, with the items of `dated` (by date) dated on them.
    pub fn of(first: Date, count: usize, dated: impl IntoIterator<Item = (Date, Id)>) -> Days {
        let mut items = vec![Vec::new(); count];
        for (date, id) in dated {
            if let Some(day) = days_between(first, date).and_then(|at| items.get_mut(at)) {
                day.push(id);
            }
        }
        Days {
            first: Some(first),
            items,
        }
    }

    /// The first day shown.
    pub fn first(&self) -> Option<Date> {
        self.first
    }

    /// How many days are shown.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Whether `day` is one of the days shown.
    pub fn shows(&self, day: Date) -> bool {
        self.at(day).is_some()
    }

    /// The items of a day shown (none for a day not shown).
    pub fn on(&self, day: Date) -> &[Id] {
        self.at(day).map_or(&[], |at| &self.items[at])
    }

    /// Every day shown with its items, in order.
    pub fn iter(&self) -> impl Iterator<Item = (Date, &[Id])> {
        self.items.iter().enumerate().filter_map(|(at, ids)| {
            let date = self.first?.add_days(at as i64)?;
            Some((date, ids.as_slice()))
        })
    }

    fn at(&self, day: Date) -> Option<usize> {
        days_between(self.first?, day).filter(|at| *at < self.items.len())
    }
}

/// How many days `to` is after `from` (`None` before it).
fn days_between(from: Date, to: Date) -> Option<usize> {
    usize::try_from((to.as_time() - from.as_time()).whole_days()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{self, location::SAMPLE};

    /// Six weeks from Monday 26 October 2026, with and without a filter: each day holds the
    /// items dated that day that the filter keeps, and no day outside them holds any.
    #[test]
    fn each_day_shown_holds_the_items_dated_on_it_that_are_kept() {
        let ws = storage::decode(SAMPLE.as_bytes()).expect("the sample is valid");
        let first: Date = "2026-10-26".parse().unwrap();
        let pending = |id: Id| ws.items().get(id).is_some_and(|i| i.status.is_pending());
        for keep in [&(|_| true) as &dyn Fn(Id) -> bool, &pending] {
            let last = first.add_days(41).unwrap();
            let dated = ws
                .dated_ids_between(first, last)
                .filter(|(_, id)| keep(*id));
            let days = Days::of(first, 42, dated);
            assert_eq!(days.len(), 42);
            assert_eq!(days.first(), Some(first));
            let mut listed = 0;
            for (date, items) in days.iter() {
                let expected: Vec<Id> = ws
                    .items_between(date, date)
                    .map(|(_, item)| item.id)
                    .filter(|id| keep(*id))
                    .collect();
                assert_eq!(items, expected.as_slice(), "{date}");
                assert_eq!(days.on(date), items);
                listed += items.len();
            }
            assert!(listed > 0, "the sample has items in those weeks");
            let after = first.add_days(42).unwrap();
            assert!(!days.shows(after) && days.on(after).is_empty());
            assert!(!days.shows(first.add_days(-1).unwrap()));
        }
    }
}
